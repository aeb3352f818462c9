"""`make bench-insights`: the dashboard at real volumes. Writes 100,000 synthetic conversations over a year
into a SQLite tracker store (state/bench-insights/, kept between runs; --fresh writes it again), then prints:
the first full read into the summary cache, an incremental read of 1,000 new conversations, a read with
nothing new, and the load time of each view over HTTP (the server reads new events before every view here:
INSIGHTS_REFRESH_SECONDS=0), median of 5 after one warm-up. The heaviest view is the dashboard over the whole
year, all channels. With node and chromium, also the time until a browser has drawn every chart."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]

from insights.cache import Cache
from insights.synthetic import generate
from startup.stack import free_port

TOKEN = "bench-insights-token-0123456789"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--dir", default=str(ROOT / "state" / "bench-insights"))
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    tracker, cache_path = folder / "tracker.db", folder / "cache.db"
    marker = folder / "conversations.txt"
    url = f"sqlite:///{tracker}"
    print(f"bench-insights: {os.cpu_count()} cores; {args.conversations:,} conversations over {args.days} days")
    stale = not marker.exists() or marker.read_text().strip() != f"{args.conversations} {args.days}"
    if args.fresh or stale or not tracker.exists():
        tracker.unlink(missing_ok=True)
        _, secs = timed(lambda: generate(url, args.conversations, days=args.days, seed=2026))
        marker.write_text(f"{args.conversations} {args.days}")
        print(f"  synthetic tracker store written: {secs:.1f} s")
    with sqlite3.connect(tracker) as db:
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        last_id = db.execute("SELECT max(id) FROM events").fetchone()[0]
    print(f"  tracker store: {events:,} events, {tracker.stat().st_size / 1e6:.0f} MB")
    for suffix in ("", "-wal", "-shm"):
        Path(str(cache_path) + suffix).unlink(missing_ok=True)
    cache = Cache(url, str(cache_path))
    n, secs = timed(cache.refresh)
    print(
        f"  first full read into the cache: {n:,} events in {secs:.1f} s ({n / secs:,.0f} events/s); "
        f"cache {cache_path.stat().st_size / 1e6:.0f} MB"
    )
    server = None
    try:
        generate(url, 1000, days=1, seed=7)  # people keep talking: 1,000 new conversations today
        n, secs = timed(cache.refresh)
        print(f"  incremental read of 1,000 new conversations: {n:,} events in {secs:.2f} s")
        n, secs = timed(cache.refresh)
        print(f"  read with nothing new: {secs * 1000:.0f} ms")

        port = free_port()
        env = dict(os.environ, INSIGHTS_TOKEN=TOKEN, INSIGHTS_REFRESH_SECONDS="0", PYTHONPATH=str(ROOT))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "insights",
                "--tracker",
                url,
                "--cache",
                str(cache_path),
                "serve",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                requests.get(base + "/static/dashboard.css", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        first, last = cache.query("SELECT min(day), max(day) FROM rollup")[0]
        year = f"from={first}&to={last}"
        views = [
            ("dashboard, whole year, all channels (heaviest)", f"/?{year}"),
            ("dashboard, last 12 weeks (default)", "/"),
            ("dashboard, whole year, WhatsApp only", f"/?{year}&channel=whatsapp"),
            ("CSV, whole year", f"/figures.csv?{year}"),
            ("labelling YAML, whole year (500 messages)", f"/unrecognised.yml?{year}"),
        ]
        print(f"  page load over HTTP (median of 5 after a warm-up; {first} to {last}):")
        for name, path in views:
            times = []
            for i in range(6):
                start = time.perf_counter()
                r = requests.get(base + path, headers=headers, timeout=60)
                elapsed = time.perf_counter() - start
                assert r.status_code == 200, (path, r.status_code)
                if i:
                    times.append(elapsed)
            print(
                f"    {name:48s} {statistics.median(times) * 1000:7.0f} ms  (max {max(times) * 1000:.0f} ms, "
                f"{len(r.content) / 1000:.0f} kB)"
            )
        if shutil.which("node") and os.path.exists(CHROMIUM):
            print(
                "  in headless chromium, navigation until every chart is drawn (median of 3 after a warm-up):",
                flush=True,
            )
            browser_views = json.dumps([v for v in views if not v[1].startswith(("/figures", "/unrec"))])
            subprocess.run(
                ["node", "web/bench/insights_load.mjs"],
                cwd=ROOT,
                timeout=300,
                check=True,
                env=dict(os.environ, INSIGHTS_URL=base, INSIGHTS_TOKEN=TOKEN, VIEWS=browser_views, CHROMIUM=CHROMIUM),
            )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        with sqlite3.connect(tracker) as db:  # leave the store as it was for the next run
            db.execute("DELETE FROM events WHERE id > ?", (last_id,))
    return 0


if __name__ == "__main__":
    sys.exit(main())
