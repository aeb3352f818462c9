"""One module starts the bot for tests and scripts (issue 26): startup/stack.py. Scripts import it, not the test
suite's conftest.py, and nothing else defines its own Bot, free_port or wait_for; starting and stopping both
servers is Bot.start()/Bot.stop() (here checked on the action server alone, so no trained model is needed)."""
import re

import pytest
import requests

from startup import stack
from tests.conftest import ROOT


def python_files():
    for folder in ("scripts", "tests", "startup", "channels", "actions"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_scripts_do_not_import_the_test_suites_conftest():
    offenders = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "scripts").glob("*.py"))
                 if re.search(r"^\s*(import conftest|from conftest import|from tests\.conftest import)",
                              p.read_text(encoding="utf-8"), re.M)]
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
