"""Command line: `python -m insights serve | report | refresh | synth` (see README, "Insights dashboard")."""

from __future__ import annotations

import argparse
import os
import sys
import time

from insights.cache import Cache, default_cache_path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights")
    parser.add_argument(
        "--tracker",
        default=os.environ.get("TRACKER_STORE_URL") or "sqlite:///state/tracker.db",
        help="tracker store SQLAlchemy URL (default TRACKER_STORE_URL)",
    )
    parser.add_argument("--cache", default=default_cache_path(), help="summary cache file (default INSIGHTS_CACHE)")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="the dashboard")
    s.add_argument("--host", default=os.environ.get("INSIGHTS_HOST") or "127.0.0.1")
    s.add_argument("--port", type=int, default=int(os.environ.get("INSIGHTS_PORT") or 8090))
    s.add_argument("--refresh-seconds", type=float, default=float(os.environ.get("INSIGHTS_REFRESH_SECONDS") or 30))
    r = sub.add_parser("report", help="write the figures to a dated HTML file")
    r.add_argument("--out", default=os.environ.get("INSIGHTS_REPORT") or None, help="file or folder (results/)")
    r.add_argument("--from", dest="start")
    r.add_argument("--to", dest="end")
    r.add_argument("--channel")
    sub.add_parser("refresh", help="read new events into the cache and say how long it took")
    g = sub.add_parser("synth", help="write synthetic conversations into a tracker store (tests, benchmark)")
    g.add_argument("--conversations", type=int, default=1000)
    g.add_argument("--days", type=int, default=120)
    g.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    if args.command == "synth":
        from insights.synthetic import generate

        start = time.perf_counter()
        generate(args.tracker, args.conversations, days=args.days, seed=args.seed)
        print(f"wrote {args.conversations} synthetic conversations in {time.perf_counter() - start:.1f} s")
        return 0
    cache = Cache(args.tracker, args.cache)
    if args.command == "serve":
        from insights.server import serve

        serve(cache, args.host, args.port, args.refresh_seconds)
    elif args.command == "report":
        from insights.report import write_report

        path = write_report(cache, args.out, args.start, args.end, args.channel)
        print(f"insights report: {path}")
    elif args.command == "refresh":
        start = time.perf_counter()
        n = cache.refresh()
        print(f"read {n} events in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
