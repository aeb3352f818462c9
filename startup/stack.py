"""The one harness that starts the bot for tests and scripts: a real action server and Rasa server on free loopback
ports (`python -m startup`, as `make run` starts them), each with its own copy of content/ and its own SQLite
tracker store in a folder the caller gives. Used by tests/conftest.py (the server, channel, browser and security
tests) and by scripts/test_bot.py, scripts/scenarios.py and scripts/eval_real.py.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "cyberprotect.tar.gz"
VENV_BIN = Path(sys.executable).parent
TEST_OFFICER_CODE = "test-officer-code"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 180.0, process: subprocess.Popen | None = None) -> None:
    """Until url answers 200; a RuntimeError after timeout seconds, or at once when process has exited."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited (code {process.returncode}) before it answered")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {timeout:.0f}s")


class Bot:
    """A real action server and Rasa server on loopback, with their own content copy and SQLite store."""

    def __init__(self, tmp: Path, extra_env: dict = None, serve: bool = False, model: Path = None):
        """serve=False: `rasa run --enable-api` without a token (the test harness reads trackers);
        serve=True: `python -m startup serve`, channels and API decided from the environment, as `make run`."""
        self.tmp = tmp
        self.model = model or MODEL
        self.serve = serve
        self.content_dir = tmp / "content"
        shutil.copytree(ROOT / "content", self.content_dir)
        self.rasa_port, self.action_port = free_port(), free_port()
        self.env = dict(os.environ)
        self.env.update(
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            TRACKER_STORE_URL=f"sqlite:///{tmp / 'tracker.db'}",
            TRACKER_STORE_DB="rasa", LOCK_STORE_TYPE="in_memory", REDIS_HOST="localhost", REDIS_PORT="6379",
            REDIS_PASSWORD="", REDIS_LOCK_DB="1", CONTENT_DIR=str(self.content_dir), CONTENT_REMOTE_URL="",
            RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3",
            RASA_CREDENTIALS_OUT=str(tmp / "credentials.yml"),
            REHEARSAL_CODE=TEST_OFFICER_CODE,  # officer rehearsal on, with a test-only code
            ACTION_SERVER_TOKEN="test-action-server-token", SANIC_HOST="127.0.0.1",
            CONVERSATION_ID_SECRET_FILE=str(tmp / "conversation-id.key"),
        )
        self.env.update(extra_env or {})
        self.actions = self.rasa = None

    def wait_for_content_check(self) -> None:
        """After editing content_dir: the action server looks at the files every CONTENT_CHECK_SECONDS."""
        from actions.content_store import check_seconds

        time.sleep(check_seconds(self.env) + 0.2)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start_actions(self) -> None:
        self.launch_actions()
        wait_for(f"http://127.0.0.1:{self.action_port}/health", process=self.actions)

    def launch_actions(self) -> None:
        """Starts the action server without waiting for it."""
        self.actions = subprocess.Popen(
            [sys.executable, "-m", "startup", "run", "actions", "--port", str(self.action_port), "--actions", "actions"],
            cwd=ROOT, env=self.env, stdout=open(self.tmp / "actions.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True)

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            os.killpg(self.actions.pid, signal.SIGTERM)
            self.actions.wait(timeout=30)

    def start_rasa(self) -> None:
        self.launch_rasa()
        self.wait_for_rasa()

    def wait_for_rasa(self, timeout: float | None = None) -> None:
        wait_for(self.ready_url, timeout=timeout or float(os.environ.get("BOT_START_TIMEOUT") or 300),  # longer when busy
                 process=self.rasa)

    def launch_rasa(self) -> None:
        """Starts the Rasa server without waiting for it to load the model."""
        common = ["-i", "127.0.0.1", "-p", str(self.rasa_port), "-m", str(self.model), "--endpoints", "endpoints.yml"]
        if self.serve:
            command = [sys.executable, "-m", "startup", "serve", *common]
        else:
            from channels import credentials  # only the channels whose variables are set in self.env

            credentials.main([str(ROOT / "credentials.yml"), self.env["RASA_CREDENTIALS_OUT"]], self.env)
            command = [sys.executable, "-m", "startup", "run", "--enable-api", *common,
                       "--credentials", self.env["RASA_CREDENTIALS_OUT"]]
        self.rasa = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=open(self.tmp / "rasa.log", "ab"),
                                     stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def ready_url(self) -> str:
        """Answers 200 once the model is loaded (with the API token when `serve` has one)."""
        token = self.env.get("RASA_API_TOKEN") if self.serve else None
        return f"{self.url}/status?token={token}" if token else (f"{self.url}/" if self.serve else f"{self.url}/status")

    def start(self, extra_wait: float = 0) -> None:
        """Both servers (the action server unless already running). extra_wait > 0: a Rasa server still loading after the first timeout (a busy machine,
        other trainings) gets that many more seconds, once. On failure both are stopped before raising.
        Both load at the same time (Rasa's model load is the long part); a server already running is kept."""
        try:
            if self.actions is None or self.actions.poll() is not None:
                self.launch_actions()
            if self.rasa is None or self.rasa.poll() is not None:
                self.launch_rasa()
            wait_for(f"http://127.0.0.1:{self.action_port}/health", process=self.actions)
            try:
                self.wait_for_rasa()
            except RuntimeError:
                if not extra_wait or self.rasa.poll() is not None:
                    raise
                self.wait_for_rasa(timeout=extra_wait)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        self.stop_rasa()
        self.stop_actions()

    def stop_rasa(self) -> None:
        if self.rasa and self.rasa.poll() is None:
            os.killpg(self.rasa.pid, signal.SIGTERM)
            self.rasa.wait(timeout=60)

    @staticmethod
    def conversation(sender: str) -> str:
        """The tracker id of a REST sender (channels/gate.py: each channel has its own namespace)."""
        return f"rest:{sender}"

    def say(self, sender: str, message, timeout: float = 60):
        """POST to the REST channel; returns the HTTP response."""
        return requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                             timeout=timeout)

    def reply_texts(self, sender: str, message) -> list:
        response = self.say(sender, message)
        assert response.status_code == 200, response.text
        return [m.get("text", "") for m in response.json()]
