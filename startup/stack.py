"""The one module that knows how to start the bot (issue 26): the commands of the action server and the Rasa server
(`python -m startup`), and two ways to run them.

- `python -m startup.stack run`: `make run` (scripts/run.sh, also used by `make bench` and scripts/first_reply.sh).
  The action server, the Rasa server, the demo page and (with INSIGHTS_TOKEN) the dashboard on the ports of
  scripts/env.sh; waits until they answer, says how to reach them, and stops them all on Ctrl-C or when one stops.
- `python -m startup.stack shell`: `make shell` (scripts/shell.sh), the action server and Rasa's shell.
- `Bot`: a real action server and Rasa server on free loopback ports, each with its own copy of content/ and its own
  SQLite tracker store in a folder the caller gives. Used by tests/conftest.py (the server, channel, browser and
  security tests) and by scripts/test_bot.py, scripts/scenarios.py and scripts/eval_real.py.
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


def action_server_command(port: int) -> list:
    """The action server (rasa_sdk, without importing Rasa): every action in the `actions` package."""
    return [sys.executable, "-m", "startup", "run", "actions", "--port", str(port), "--actions", "actions"]


def rasa_command(host: str, port: int, model: Path, serve: bool = True, credentials: str = None) -> list:
    """serve=True: `python -m startup serve` (channels and HTTP API from the environment, as in production);
    serve=False: `run --enable-api` with the given credentials file and no token (the test harness reads trackers)."""
    common = ["-i", host, "-p", str(port), "-m", str(model), "--endpoints", "endpoints.yml"]
    if serve:
        return [sys.executable, "-m", "startup", "serve", *common]
    return [sys.executable, "-m", "startup", "run", "--enable-api", *common, "--credentials", credentials]


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
            TRACKER_STORE_DB="rasa",
            LOCK_STORE_TYPE="in_memory",
            REDIS_HOST="localhost",
            REDIS_PORT="6379",
            REDIS_PASSWORD="",
            REDIS_LOCK_DB="1",
            CONTENT_DIR=str(self.content_dir),
            CONTENT_REMOTE_URL="",
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="3",
            RASA_CREDENTIALS_OUT=str(tmp / "credentials.yml"),
            REHEARSAL_CODE=TEST_OFFICER_CODE,  # officer rehearsal on, with a test-only code
            ACTION_SERVER_TOKEN="test-action-server-token",
            SANIC_HOST="127.0.0.1",
            CONVERSATION_ID_SECRET_FILE=str(tmp / "conversation-id.key"),
        )
        self.env.update(extra_env or {})
        self.actions = self.rasa = None

    def wait_for_content_check(self) -> None:
        """After editing content_dir: the action server looks at the files every CONTENT_CHECK_SECONDS."""
        from cyberprotect.content_store import check_seconds

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
            action_server_command(self.action_port),
            cwd=ROOT,
            env=self.env,
            stdout=open(self.tmp / "actions.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            os.killpg(self.actions.pid, signal.SIGTERM)
            self.actions.wait(timeout=30)

    def start_rasa(self) -> None:
        self.launch_rasa()
        self.wait_for_rasa()

    def wait_for_rasa(self, timeout: float | None = None) -> None:
        wait_for(
            self.ready_url,
            timeout=timeout or float(os.environ.get("BOT_START_TIMEOUT") or 300),  # longer when busy
            process=self.rasa,
        )

    def launch_rasa(self) -> None:
        """Starts the Rasa server without waiting for it to load the model."""
        if not self.serve:
            from channels import credentials  # only the channels whose variables are set in self.env

            credentials.main([str(ROOT / "credentials.yml"), self.env["RASA_CREDENTIALS_OUT"]], self.env)
        command = rasa_command("127.0.0.1", self.rasa_port, self.model, self.serve, self.env["RASA_CREDENTIALS_OUT"])
        self.rasa = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=open(self.tmp / "rasa.log", "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

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
        return requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
        )

    def reply_texts(self, sender: str, message) -> list:
        response = self.say(sender, message)
        assert response.status_code == 200, response.text
        return [m.get("text", "") for m in response.json()]


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def run(env: dict = None, start_timeout: float = 180.0, model: Path = MODEL) -> int:
    """`make run`: every server of the bot on the ports scripts/env.sh sets (RASA_HOST/RASA_PORT, ACTION_PORT,
    WEB_HOST/WEB_PORT, INSIGHTS_*), logs in LOG_DIR (state/logs). Returns 1 when a server fails or stops; Ctrl-C
    (SIGINT) or SIGTERM stops them all, with every process they started, and returns 0."""
    env = dict(os.environ if env is None else env)
    logs = Path(env.get("LOG_DIR") or "state/logs")
    logs.mkdir(parents=True, exist_ok=True)
    rasa_host, rasa_port, action_port = env["RASA_HOST"], int(env["RASA_PORT"]), int(env["ACTION_PORT"])
    commands = {
        "actions": action_server_command(action_port),
        "rasa": rasa_command(rasa_host, rasa_port, model.relative_to(ROOT) if model.is_relative_to(ROOT) else model),
        "web": [
            sys.executable,
            "web/serve.py",
            "--host",
            env["WEB_HOST"],
            "--port",
            env["WEB_PORT"],
            "--rasa-url",
            env["RASA_PUBLIC_URL"],
        ],
    }
    if env.get("INSIGHTS_TOKEN"):  # the team's dashboard (insights/), only when its token is set
        commands["insights"] = [
            sys.executable,
            "-m",
            "insights",
            "serve",
            "--host",
            env["INSIGHTS_HOST"],
            "--port",
            env["INSIGHTS_PORT"],
        ]
    actions_url, rasa_url = f"http://127.0.0.1:{action_port}/health", f"http://{rasa_host}:{rasa_port}/webhooks/rest/"
    running = {}

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        for name, command in commands.items():
            running[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=open(logs / f"{name}.log", "ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        print(
            f"run: starting the action server and the Rasa server (about 20-60 s: the Rasa server loads the model; "
            f"logs in {logs}/)",
            flush=True,
        )
        started, next_report = time.time(), 10
        while not (_answers(rasa_url) and _answers(actions_url)):
            failed = [name for name, p in running.items() if p.poll() is not None]
            if failed:
                print(f"run: a server failed to start ({', '.join(failed)}); see {logs}/")
                for name in running:
                    print(f"==> {logs / (name + '.log')} <==\n" + _tail(logs / f"{name}.log"))
                return 1
            if time.time() - started > start_timeout:
                print(
                    f"run: timed out after {start_timeout:.0f} s waiting for the servers; see {logs}/rasa.log and "
                    f"{logs}/actions.log (a busy machine can be slower: try again)"
                )
                return 1
            waited = int(time.time() - started)
            if waited >= next_report:
                next_report += 10
                print(
                    f"run: still starting ({waited} s): "
                    f"{'actions ready' if _answers(actions_url) else 'actions loading'}, "
                    f"{'Rasa ready' if _answers(rasa_url) else 'Rasa loading the model'}",
                    flush=True,
                )
            time.sleep(1)
        print(_ready_message(env, logs, time.time() - started, "insights" in running), flush=True)
        while all(p.poll() is None for p in running.values()):
            time.sleep(1)
        print(f"run: a server stopped; see {logs}/")
        return 1
    except KeyboardInterrupt:
        print("\nrun: stopping")
        return 0
    finally:
        for p in running.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in running.values():
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _ready_message(env: dict, logs: Path, seconds: float, insights: bool) -> str:
    rasa = f"http://{env['RASA_HOST']}:{env['RASA_PORT']}"
    channels = next(
        (line[10:] for line in _tail(logs / "rasa.log", 10**6).splitlines() if line.startswith("channels:")), ""
    )
    api = f"{rasa}/status?token=..." if env.get("RASA_API_TOKEN") else "off (set RASA_API_TOKEN to turn it on)"
    dashboard = (
        f"http://{env['INSIGHTS_HOST']}:{env['INSIGHTS_PORT']}/ (sign in with INSIGHTS_TOKEN)"
        if insights
        else "off (set INSIGHTS_TOKEN to turn the team's dashboard on)"
    )
    return (
        f"run: the Cyber Protect Assistant is ready (started in {seconds:.0f} s).\n"
        f"""  REST:      curl -XPOST {rasa}/webhooks/rest/webhook -d '{{"sender":"me","message":"hello"}}'\n"""
        f"  Widget:    http://{env['WEB_HOST']}:{env['WEB_PORT']}/ (demo page; socket.io at "
        f"{env['RASA_PUBLIC_URL']}/socket.io/)\n"
        f"  HTTP API:  {api}\n"
        f"  Channels:  {channels}\n"
        f"  Actions:   http://127.0.0.1:{env['ACTION_PORT']}/health\n"
        f"  Insights:  {dashboard}\n"
        "Press Ctrl-C to stop."
    )


def shell(env: dict = None, model: Path = MODEL) -> int:
    """`make shell`: the action server in the background (log in state/logs), then Rasa's shell in this terminal;
    the action server stops with the shell."""
    env = dict(os.environ if env is None else env)
    logs = Path(env.get("LOG_DIR") or "state/logs")
    logs.mkdir(parents=True, exist_ok=True)
    port = int(env["ACTION_PORT"])
    actions = subprocess.Popen(
        action_server_command(port),
        cwd=ROOT,
        env=env,
        stdout=open(logs / "actions.log", "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        try:
            wait_for(f"http://127.0.0.1:{port}/health", timeout=60)
        except RuntimeError:
            print(f"shell: the action server is not answering yet; see {logs}/actions.log")
        from channels import credentials  # Rasa reads the whole file: give it only the enabled channels

        credentials.main([str(ROOT / "credentials.yml"), str(ROOT / "state" / "credentials.yml")], env)
        return subprocess.call(
            [
                sys.executable,
                "-m",
                "startup",
                "shell",
                "--endpoints",
                "endpoints.yml",
                "-m",
                str(model),
                "--credentials",
                "state/credentials.yml",
            ],
            cwd=ROOT,
            env=env,
        )
    except KeyboardInterrupt:
        return 0
    finally:
        if actions.poll() is None:
            os.killpg(actions.pid, signal.SIGTERM)
            actions.wait(timeout=60)


if __name__ == "__main__":
    if sys.argv[1:] not in (["run"], ["shell"]):
        sys.exit("usage: python -m startup.stack run|shell   (make run, make shell; settings from scripts/env.sh)")
    sys.exit(run() if sys.argv[1] == "run" else shell())
