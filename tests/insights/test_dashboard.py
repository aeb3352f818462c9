"""The insights dashboard as the team uses it: a seeded tracker store (insights/synthetic.py, no trained model
needed), the server started as `python -m insights serve` does, refused without INSIGHTS_TOKEN, then the
browser tests in web/tests/insights.test.mjs (headless Debian chromium via playwright-core) with the numbers
the seed says they must show, and `python -m insights report` writing the same figures to a file."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter

import pytest
import requests

from conftest import ROOT, free_port, wait_for
from insights import figures
from insights.cache import Cache
from insights.synthetic import generate

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TOKEN = "test-insights-token-0123"
END = dt.date(2026, 11, 30)


def _fmt(value, suffix=""):
    return figures.text(value, suffix)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("insights-dashboard")
    url = f"sqlite:///{tmp / 'tracker.db'}"
    truth = generate(url, 1200, days=42, seed=5, end=END)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INSIGHTS_KEEP_TEXT_DAYS", "90")  # the seed spans 42 days: every text is kept
        Cache(url, str(tmp / "cache.db")).refresh()
    return url, truth, tmp


def _start(tmp, url, token):
    port = free_port()
    env = dict(os.environ, INSIGHTS_TOKEN=token, PYTHONPATH=str(ROOT), INSIGHTS_KEEP_TEXT_DAYS="90")
    log = open(tmp / f"server-{port}.log", "ab")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "insights",
            "--tracker",
            url,
            "--cache",
            str(tmp / "cache.db"),
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/static/dashboard.css", timeout=60)
    return proc, base


def _stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def test_every_page_is_refused_while_the_token_is_unset(seeded):
    url, _, tmp = seeded
    for token in ("", "short"):
        proc, base = _start(tmp, url, token)
        try:
            for path in ("/", "/login", "/figures.csv", "/unrecognised.yml"):
                assert requests.get(base + path, timeout=10).status_code == 403, path
            assert requests.post(base + "/login", data={"token": token}, timeout=10).status_code == 403
            assert requests.get(base + "/", headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 403
        finally:
            _stop(proc)


@pytest.fixture(scope="module")
def dashboard(seeded):
    url, truth, tmp = seeded
    proc, base = _start(tmp, url, TOKEN)
    yield base
    _stop(proc)


def test_wrong_or_missing_token_is_refused_and_the_right_one_signs_in(dashboard):
    assert requests.get(dashboard + "/", timeout=10).status_code == 401
    assert (
        requests.get(
            dashboard + "/figures.csv", headers={"Authorization": "Bearer nope-nope-nope"}, timeout=10
        ).status_code
        == 401
    )
    s = requests.Session()
    assert s.post(dashboard + "/login", data={"token": TOKEN + "x"}, timeout=10).status_code == 401
    r = s.post(dashboard + "/login", data={"token": TOKEN}, timeout=10)
    assert r.status_code == 200 and "Conversations per day" in r.text  # followed the redirect, signed in
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "cdn" not in r.text.lower() and "https://" not in r.text.split("<body>")[0]


def _expected(truth):
    totals = Counter()
    for r in truth["cells"]:
        totals[(r["kind"], r["key"], "c")] += r["conversations"]
        totals[(r["kind"], r["key"], "t")] += r["total"]
    conv = totals["all", "", "c"]
    per_day = Counter()
    for r in truth["cells"]:
        if r["kind"] == "all":
            per_day[r["day"]] += r["conversations"]
    sub_from, sub_to = (END - dt.timedelta(days=13)).isoformat(), END.isoformat()
    sub = sum(
        r["conversations"]
        for r in truth["cells"]
        if r["kind"] == "all" and r["channel"] == "whatsapp" and sub_from <= r["day"] <= sub_to
    )
    return {
        "conversations": _fmt(figures.shown(conv)),
        "conversations_raw": conv,
        "handled_pct": _fmt(figures.share(totals["handled", "", "c"], conv), "%"),
        "england": _fmt(figures.shown(totals["nation", "england", "c"])),
        "danger_replies": _fmt(figures.shown(totals["emergency", "danger", "t"])),
        "police_scotland": _fmt(figures.shown(totals["route", "police_scotland_101", "c"])),
        "unrecognised": _fmt(figures.shown(len(truth["unrecognised"]))),
        "conversations_charted": sum(n for n in per_day.values() if n >= 5),
        "sub_from": sub_from,
        "sub_to": sub_to,
        "sub_conversations": _fmt(figures.shown(sub)),
    }


def test_dashboard_in_headless_chromium(dashboard, seeded):
    _, truth, _ = seeded
    assert shutil.which("node"), "node is needed for the browser tests"
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} missing: run `make install`"
    env = dict(
        os.environ,
        INSIGHTS_URL=dashboard,
        INSIGHTS_TOKEN=TOKEN,
        EXPECTED=json.dumps(_expected(truth)),
        RESULTS_DIR=str(ROOT / "results"),
        CHROMIUM=CHROMIUM,
    )
    run = subprocess.run(
        ["node", "--test", "--test-concurrency=1", "--test-reporter=spec", "web/tests/insights.test.mjs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    print(run.stdout[-12000:], run.stderr[-4000:])
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]


def test_report_writes_the_same_figures_to_a_dated_file(seeded, tmp_path):
    url, truth, tmp = seeded
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "insights",
            "--tracker",
            url,
            "--cache",
            str(tmp / "cache.db"),
            "report",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    path = tmp_path / f"insights-report-{dt.date.today().isoformat()}.html"
    assert str(path) in run.stdout and path.exists()
    html = path.read_text(encoding="utf-8")
    expected = _expected(truth)
    assert f'data-headline="conversations">{expected["conversations"]}<' in html
    assert "<script src=" not in html and "Chart" in html  # self-contained: Chart.js inlined
    assert "@example.com" not in html and "jo" not in html.split('id="unrecognised"')[1].split("</section>")[0]
