"""One module starts the bot for tests and scripts (issue 26): startup/stack.py. Scripts import it, not the test
suite's conftest.py, and nothing else defines its own Bot, free_port or wait_for; starting and stopping both
servers is Bot.start()/Bot.stop() (here checked on the action server alone, so no trained model is needed)."""

import os
import re

import pytest
import requests

from startup import stack
from tests.conftest import ROOT


def python_files():
    for folder in ("scripts", "tests", "startup", "channels", "actions"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_scripts_do_not_import_the_test_suites_conftest():
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "scripts").glob("*.py"))
        if re.search(
            r"^\s*(import conftest|from conftest import|from tests\.conftest import)",
            p.read_text(encoding="utf-8"),
            re.M,
        )
    ]
    assert offenders == []


def test_only_the_harness_defines_bot_free_port_and_wait_for():
    pattern = re.compile(r"^(class Bot\b|def free_port\b|def wait_for\b)", re.M)
    defined = [p.relative_to(ROOT).as_posix() for p in python_files() if pattern.search(p.read_text(encoding="utf-8"))]
    assert defined == ["startup/stack.py"], defined


def test_start_stops_the_action_server_again_when_rasa_cannot_start(tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_START_TIMEOUT", "5")
    bot = stack.Bot(tmp_path, model=tmp_path / "no-such-model.tar.gz")
    with pytest.raises(RuntimeError):
        bot.start(extra_wait=5)  # Rasa exits at once without a model: no extra wait, both stopped
    assert bot.actions.poll() is not None and bot.rasa.poll() is not None
    with pytest.raises(requests.RequestException):
        requests.get(f"http://127.0.0.1:{bot.action_port}/health", timeout=2)


def test_waiting_for_a_server_stops_as_soon_as_its_process_has_exited():
    """A server that dies while loading fails the start at once, not after the 300 s timeout."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait()
    with pytest.raises(RuntimeError, match="exited .code 3."):
        stack.wait_for(f"http://127.0.0.1:{stack.free_port()}/", timeout=30, process=process)


def test_make_run_and_the_benchmark_start_the_bot_through_the_harness():
    """scripts/run.sh (`make run`, used by `make bench` and scripts/first_reply.sh) and scripts/shell.sh hand over to
    `python -m startup.stack run` / `shell`; no other script writes its own server command lines, except the
    several-server cluster (scripts/cluster.sh: replicas behind nginx)."""
    assert "python -m startup.stack run" in (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "python -m startup.stack shell" in (ROOT / "scripts" / "shell.sh").read_text(encoding="utf-8")
    own = [
        p.name
        for p in sorted((ROOT / "scripts").glob("*.sh"))
        if p.name != "cluster.sh" and re.search(r"-m startup (serve|run)\b", p.read_text(encoding="utf-8"))
    ]
    assert own == []


def test_run_stops_every_server_when_one_cannot_start(tmp_path):
    """`make run` without a model: the Rasa server exits, so run() says so and stops the action server and the demo
    page too (nothing left listening)."""
    env = dict(
        os.environ,
        RASA_HOST="127.0.0.1",
        RASA_PORT=str(stack.free_port()),
        ACTION_PORT=str(stack.free_port()),
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(stack.free_port()),
        RASA_PUBLIC_URL="http://127.0.0.1:1",
        LOG_DIR=str(tmp_path / "logs"),
        INSIGHTS_TOKEN="",
        ACTION_SERVER_TOKEN="test-action-server-token",
        SANIC_HOST="127.0.0.1",
        TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'tracker.db'}",
        TRACKER_STORE_DB="rasa",
        LOCK_STORE_TYPE="in_memory",
        ACTION_ENDPOINT_URL="http://127.0.0.1:1/webhook",
    )
    assert stack.run(env, start_timeout=240, model=tmp_path / "no-such-model.tar.gz") == 1
    for port in (env["ACTION_PORT"], env["WEB_PORT"]):
        with pytest.raises(requests.RequestException):
            requests.get(f"http://127.0.0.1:{port}/", timeout=2)
    assert {"actions.log", "rasa.log", "web.log"} <= {p.name for p in (tmp_path / "logs").iterdir()}
