"""The website widget in a real browser: starts the bot as `make run` does (`python -m startup serve`, no
RASA_API_TOKEN, so no HTTP API) and the demo page (web/serve.py), then runs the browser tests in
web/tests/widget.test.mjs (headless Debian chromium via playwright-core)."""
import os
import shutil
import signal
import subprocess
import sys

import pytest
import requests

from conftest import MODEL, ROOT, Bot, free_port, wait_for

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    b = Bot(tmp_path_factory.mktemp("widget-bot"), extra_env={"RASA_API_TOKEN": ""}, serve=True)
    b.start()
    yield b
    b.stop()


def test_without_a_token_the_http_api_is_not_exposed(bot):
    user = "widget-api-check"
    assert bot.reply_texts(user, "hello")
    for path in (f"/conversations/{bot.conversation(user)}/tracker", "/status", "/model/parse"):
        assert requests.get(bot.url + path, timeout=30).status_code in (401, 403, 404), path
    assert requests.get(bot.url + f"/conversations/{bot.conversation(user)}/tracker", params={"token": "guess"},
                        timeout=30).status_code in (401, 403, 404)


@pytest.fixture(scope="module")
def demo_page(bot):
    port = free_port()
    log = open(bot.tmp / "web.log", "ab")
    proc = subprocess.Popen([sys.executable, str(ROOT / "web" / "serve.py"), "--port", str(port),
                             "--rasa-url", bot.url], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
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
    for path in ("/cyberprotect/vendor/deepChat.bundle.js", "/cyberprotect/vendor/socket.io.min.js",
                 "/cyberprotect/widget.js", "/cyberprotect/format.js", "/privacy.html"):
        assert requests.get(demo_page.rstrip("/") + path, timeout=10).status_code == 200, path
    for path in ("/cyberprotect/vendor/../../package.json", "/../serve.py", "/cyberprotect/vendor/x.js"):
        assert requests.get(demo_page.rstrip("/") + path, timeout=10).status_code == 404, path


def test_widget_in_headless_chromium(demo_page, bot):
    assert shutil.which("node"), "node is needed for the browser tests"
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} missing: run `make install`"
    env = dict(os.environ, WIDGET_URL=demo_page, RASA_LOG=str(bot.tmp / "rasa.log"),
               RESULTS_DIR=str(ROOT / "results"), CHROMIUM=CHROMIUM)
    run = subprocess.run(["node", "--test", "--test-concurrency=1", "--test-reporter=spec",
                          "web/tests/widget.test.mjs"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    print(run.stdout[-20000:], run.stderr[-5000:])
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
