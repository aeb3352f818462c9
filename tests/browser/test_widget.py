"""The website widget in a real browser: starts the bot as `make run` does (`python -m startup serve`, no
RASA_API_TOKEN, so no HTTP API) and the demo page (web/serve.py), then runs the browser tests in
web/tests/widget.test.mjs and web/tests/handover.test.mjs (headless Debian chromium via playwright-core). The bot
hands over to a local fake Chatwoot (tests/channels/fake_chatwoot.py) with the team always on duty, so the second
file can show talking to a person in the widget (issue 27)."""

import os
import shutil
import signal
import subprocess
import sys
import uuid

import pytest
import requests
import yaml

from conftest import MODEL, ROOT, Bot, free_port, wait_for
from tests.channels.fake_chatwoot import ACCOUNT, INBOX, TOKEN, FakeChatwoot

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WEBHOOK_TOKEN = "hook-" + uuid.uuid4().hex
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture(scope="module")
def chatwoot():
    fake = FakeChatwoot()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def bot(tmp_path_factory, chatwoot):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    env = dict(
        RASA_API_TOKEN="",
        HANDOVER_PROVIDER="chatwoot",
        CHATWOOT_URL=chatwoot.url,
        CHATWOOT_ACCOUNT_ID=str(ACCOUNT),
        CHATWOOT_INBOX_ID=str(INBOX),
        CHATWOOT_API_TOKEN=TOKEN,
        CHATWOOT_WEBHOOK_TOKEN=WEBHOOK_TOKEN,
    )
    b = Bot(tmp_path_factory.mktemp("widget-bot"), extra_env=env, serve=True)
    settings = yaml.safe_load((b.content_dir / "handover.yml").read_text())
    settings["hours"] = {day: ["00:00", "23:59"] for day in DAYS}  # the team is always on duty here
    settings["bank_holidays"] = {nation: ["2020-01-01"] for nation in settings["bank_holidays"]}
    (b.content_dir / "handover.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
    b.start()
    yield b
    b.stop()


def test_without_a_token_the_http_api_is_not_exposed(bot):
    user = "widget-api-check"
    assert bot.reply_texts(user, "hello")
    for path in (f"/conversations/{bot.conversation(user)}/tracker", "/status", "/model/parse"):
        assert requests.get(bot.url + path, timeout=30).status_code in (401, 403, 404), path
    assert requests.get(
        bot.url + f"/conversations/{bot.conversation(user)}/tracker", params={"token": "guess"}, timeout=30
    ).status_code in (401, 403, 404)


@pytest.fixture(scope="module")
def demo_page(bot):
    port = free_port()
    log = open(bot.tmp / "web.log", "ab")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "web" / "serve.py"), "--port", str(port), "--rasa-url", bot.url],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    wait_for(url, timeout=30)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def test_demo_page_serves_the_widget_locally_with_a_strict_content_security_policy(demo_page, bot):
    page = requests.get(demo_page, timeout=10)
    assert page.status_code == 200 and 'data-socket-url="%s"' % bot.url in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and bot.url in csp
    assert "http" not in page.text.split("<body>")[0].replace(bot.url, "")  # no CDN in the head
    for path in (
        "/cyberprotect/vendor/deepChat.bundle.js",
        "/cyberprotect/vendor/socket.io.min.js",
        "/cyberprotect/widget.js",
        "/cyberprotect/format.js",
        "/privacy.html",
    ):
        assert requests.get(demo_page.rstrip("/") + path, timeout=10).status_code == 200, path
    for path in ("/cyberprotect/vendor/../../package.json", "/../serve.py", "/cyberprotect/vendor/x.js"):
        assert requests.get(demo_page.rstrip("/") + path, timeout=10).status_code == 404, path


def run_node(test_file, demo_page, bot, **extra):
    assert shutil.which("node"), "node is needed for the browser tests"
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} missing: run `make install`"
    env = dict(
        os.environ,
        WIDGET_URL=demo_page,
        RASA_LOG=str(bot.tmp / "rasa.log"),
        RESULTS_DIR=str(ROOT / "results"),
        CHROMIUM=CHROMIUM,
        **extra,
    )
    run = subprocess.run(
        ["node", "--test", "--test-concurrency=1", "--test-reporter=spec", test_file],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout[-20000:], run.stderr[-5000:])
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]


def test_widget_in_headless_chromium(demo_page, bot):
    run_node("web/tests/widget.test.mjs", demo_page, bot)


def test_talking_to_a_person_in_the_widget(demo_page, bot, chatwoot):
    run_node(
        "web/tests/handover.test.mjs",
        demo_page,
        bot,
        FAKE_CHATWOOT_URL=chatwoot.url,
        CHATWOOT_WEBHOOK_URL=f"{bot.url}/webhooks/chatwoot/webhook?token={WEBHOOK_TOKEN}",
    )
