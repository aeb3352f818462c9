"""GET /health/ready (startup/readiness.py, issue 25): 200 only when the model, tracker store, lock store and action
server (with fresh content) all answer; otherwise 503 naming the failing check by status only."""

import asyncio
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import sqlalchemy as sa

from startup import readiness


class _Store:
    def __init__(self, engine):
        self._tracker_store = type("Inner", (), {"engine": engine})()


class _Agent:
    def __init__(self, engine, ready=True, red=None):
        self.tracker_store, self._ready = _Store(engine), ready
        self.lock_store = type("Locks", (), {"red": red})() if red else object()

    def is_ready(self):
        return self._ready


def _actions_server(status: str):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = json.dumps({"status": status}).encode()
            self.send_response(200 if self.path == "/health/content" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ready_when_everything_answers():
    server = _actions_server("ok")
    env = {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{server.server_port}/webhook"}
    status, body = asyncio.run(readiness.check(_Agent(sa.create_engine("sqlite://")), env))
    server.shutdown()
    assert status == 200 and body == {
        "status": "ok",
        "model": "ok",
        "tracker_store": "ok",
        "lock_store": "in_memory",
        "actions": "ok",
    }


def test_not_ready_names_what_failed():
    env = {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{_closed_port()}/webhook"}
    status, body = asyncio.run(readiness.check(_Agent(sa.create_engine("sqlite://"), ready=False), env))
    assert status == 503 and body["model"] == "not loaded" and body["actions"].startswith("unreachable")
    assert asyncio.run(readiness.check(None, env)) == (
        503,
        {
            "status": "not ready",
            "model": "not loaded",
            "tracker_store": "unknown",
            "lock_store": "unknown",
            "actions": "unknown",
        },
    )


def test_database_down_or_stale_content_is_not_ready():
    server = _actions_server("content stale since 2026-12-03 10:00")
    env = {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{server.server_port}/webhook"}
    dead = sa.create_engine(f"postgresql://rasa:x@127.0.0.1:{_closed_port()}/rasa")

    class DeadRedis:
        def ping(self):
            raise ConnectionError("down")

    status, body = asyncio.run(readiness.check(_Agent(dead, red=DeadRedis()), env))
    server.shutdown()
    assert status == 503 and body["tracker_store"] == "unreachable (OperationalError)"
    assert body["lock_store"] == "unreachable (ConnectionError)" and body["actions"].startswith("content ")
    assert "127.0.0.1" not in json.dumps(body)
