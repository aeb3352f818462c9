"""`python -m startup run actions` (startup/__main__.py) starts the action server from rasa_sdk alone: no Rasa and no
TensorFlow in the process (they cost ~9 s of CPU and ~400 MB at every start), with the token check and the
content health route still on. Takes ~5 s: it starts the real server once."""

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import ROOT, free_port, wait_for

TOKEN = "unit-test-action-server-token"


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port = free_port()
    env = dict(os.environ, ACTION_SERVER_TOKEN=TOKEN, SANIC_HOST="127.0.0.1", CONTENT_REMOTE_URL="")
    log = tmp_path_factory.mktemp("actions") / "actions.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "startup", "run", "actions", "--port", str(port), "--actions", "actions"],
        cwd=ROOT,
        env=env,
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/health", timeout=120)
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_action_server_runs_without_tensorflow(action_server):
    proc, _ = action_server
    time.sleep(2)  # the rehearsal warm-up thread loads spaCy just after start: it must not bring TensorFlow in
    maps = open(f"/proc/{proc.pid}/maps", encoding="utf-8", errors="replace").read()
    assert "tensorflow" not in maps


def test_action_server_still_checks_the_token_and_serves_actions(action_server):
    _, url = action_server
    call = {
        "next_action": "action_give_advice",
        "sender_id": "t",
        "tracker": {
            "sender_id": "t",
            "slots": {},
            "latest_message": {"text": "hi", "intent": {"name": "greet"}, "entities": []},
            "events": [],
        },
        "domain": {},
        "version": "3.6.2",
    }
    assert requests.post(f"{url}/webhook", json=call, timeout=30).status_code == 401
    answer = requests.post(f"{url}/webhook", json=call, timeout=30, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["responses"]
    health = requests.get(f"{url}/health/content", timeout=30).json()
    assert health["status"] == "ok" and health["reviews_overdue"] == 0  # reported for monitoring (content_store)
