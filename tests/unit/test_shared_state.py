"""Shared state for several servers (issue 25, channels/shared_state.py) against a real Redis started here on a free
loopback port (skipped where redis-server is not installed: `make cluster` installs it), the start-up refusal of
in-memory locks on a shared tracker store, and the kind reply when a message cannot be handled."""

import asyncio
import shutil
import socket
import subprocess
import time

import pytest

from channels import shared_state
from channels.gate import Gate
from channels.options import OptionMemory
from startup import launch

BUTTONS = [{"title": "A scam text", "payload": "/threat_smishing"}, {"title": "A scam call", "payload": "/vishing"}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server not installed (make cluster installs it)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/3"
    for _ in range(100):  # bounded: 10 s
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_two_servers_share_one_rate_limit(redis_url):
    env = {"SHARED_STATE_URL": redis_url, "RATE_LIMIT_PER_CONVERSATION": "3/60"}
    first, second = Gate(b"k" * 32, env=env), Gate(b"k" * 32, env=env)
    results = [gate.per_sender.allow("web:limit-test") for gate in (first, second, first, second, first)]
    assert results == [True, True, True, False, False]
    assert first.per_sender.allow("web:someone-else")  # per conversation
    assert not second.per_sender.available("web:limit-test")


def test_available_does_not_use_a_token(redis_url):
    limiter = shared_state.rate_limiter("t-avail", 1, 60, {"SHARED_STATE_URL": redis_url})
    assert limiter.available("x") and limiter.available("x")
    assert limiter.allow("x") and not limiter.allow("x") and not limiter.available("x")


def test_numbered_options_answered_by_another_server(redis_url):
    env = {"SHARED_STATE_URL": redis_url}
    server_a, server_b = shared_state.option_memory(env=env), shared_state.option_memory(env=env)
    server_a.remember("tw:abc", BUTTONS)
    assert server_b.resolve("tw:abc", "2") == "/vishing"
    assert server_b.resolve("tw:abc", "7") == "7" and server_b.resolve("tw:abc", "hello") == "hello"
    assert shared_state.forget_options(["tw:abc"], env) == 1
    assert server_a.resolve("tw:abc", "2") == "2"
    assert OptionMemory().resolve("tw:abc", "2") == "2"  # the in-process memory is untouched


def test_webhook_repeat_seen_by_another_server(redis_url):
    env = {"SHARED_STATE_URL": redis_url}
    a, b = shared_state.recent_ids("t-twilio", env=env), shared_state.recent_ids("t-twilio", env=env)
    assert a.first_time("SM123") and not b.first_time("SM123") and b.first_time("SM124")


def test_single_server_default_uses_no_redis():
    env = {"RATE_LIMIT_PER_CONVERSATION": "3/60"}
    assert shared_state.client(env) is None and shared_state.option_memory(env=env) is None
    assert type(Gate(b"k" * 32, env=env).per_sender).__name__ == "RateLimiter"


def test_redis_down_lets_messages_through_quickly():
    env = {"SHARED_STATE_URL": f"redis://127.0.0.1:{_free_port()}/0"}  # nothing listens there
    start = time.monotonic()
    limiter = shared_state.rate_limiter("t-down", 1, 60, env)
    assert limiter.allow("x") and limiter.allow("x")
    assert shared_state.option_memory(env=env).resolve("tw:x", "2") == "2"
    assert shared_state.recent_ids("t-down", env=env).first_time("SM1")
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(
    "env, refused",
    [
        ({"TRACKER_STORE_URL": "postgresql://rasa@db/rasa", "LOCK_STORE_TYPE": "in_memory"}, True),
        ({"TRACKER_STORE_URL": "postgresql://rasa@db/rasa"}, True),
        ({"TRACKER_STORE_URL": "postgresql://rasa@db/rasa", "LOCK_STORE_TYPE": "redis"}, False),
        ({"TRACKER_STORE_URL": "postgresql://rasa@db/rasa", "SINGLE_RASA_SERVER": "yes"}, False),
        ({"TRACKER_STORE_URL": "sqlite:///state/tracker.db", "LOCK_STORE_TYPE": "in_memory"}, False),
        ({}, False),
    ],
)
def test_in_memory_locks_refused_on_a_shared_tracker_store(env, refused):
    if refused:
        with pytest.raises(SystemExit, match="LOCK_STORE_TYPE=redis"):
            launch.prepare(["-p", "1"], env)
    else:
        launch.check_shared_stores(env)


class _Output:
    def __init__(self):
        self.sent = []

    async def send_text_message(self, recipient, text):
        self.sent.append(text)


def test_a_message_that_cannot_be_handled_gets_the_kind_reply():
    from rasa.core.channels.channel import UserMessage

    async def store_down(_message):
        raise ConnectionError("tracker store unreachable")

    output = _Output()
    gate = Gate(b"k" * 32, env={"RATE_LIMIT_PER_CONVERSATION": "off", "RATE_LIMIT_PER_ADDRESS": "off"})
    asyncio.run(gate.admit(UserMessage("hello", output, "rest:x"), store_down))
    assert len(output.sent) == 1 and "999" in output.sent[0] and "116 123" in output.sent[0]


def test_a_message_over_the_time_budget_gets_the_kind_reply_not_a_bare_503(monkeypatch):
    from rasa.core.channels.channel import UserMessage

    async def stuck(_message):  # e.g. waiting on the lock of a server killed mid-message
        await asyncio.sleep(30)

    monkeypatch.setenv("MESSAGE_BUDGET_SECONDS", "0.2")
    output = _Output()
    gate = Gate(b"k" * 32, env={"RATE_LIMIT_PER_CONVERSATION": "off", "RATE_LIMIT_PER_ADDRESS": "off"})
    started = time.monotonic()
    asyncio.run(gate.admit(UserMessage("hello", output, "rest:x"), stuck))
    assert time.monotonic() - started < 5
    assert len(output.sent) == 1 and "999" in output.sent[0]


def test_a_turn_rasa_has_begun_is_finished_not_cut_off_at_the_budget(monkeypatch):
    """Cut off mid-turn, the person had part of an answer that was never stored (issue 25): once Rasa holds the
    lock and has read the tracker (startup/once.mark_started), the turn runs to its end, and no trouble reply."""
    from rasa.core.channels.channel import UserMessage

    from startup import once

    finished = []

    async def slow_turn(message):
        once.mark_started(message)
        await message.output_channel.send_text_message(message.sender_id, "first part")
        await asyncio.sleep(0.6)  # three budgets: a busy machine
        await message.output_channel.send_text_message(message.sender_id, "second part")
        finished.append(True)  # Rasa saves the tracker here

    async def queued(message):  # never begun: waiting on a lock
        await asyncio.sleep(0.6)
        finished.append("queued")

    monkeypatch.setenv("MESSAGE_BUDGET_SECONDS", "0.2")
    gate = Gate(b"k" * 32, env={"RATE_LIMIT_PER_CONVERSATION": "off", "RATE_LIMIT_PER_ADDRESS": "off"})
    output = _Output()
    asyncio.run(gate.admit(UserMessage("hello", output, "rest:x"), slow_turn))
    assert output.sent == ["first part", "second part"] and finished == [True]
    output = _Output()

    async def admit_then_linger():
        await gate.admit(UserMessage("hello", output, "rest:y"), queued)
        await asyncio.sleep(0.8)  # a cancelled turn would have finished by now

    asyncio.run(admit_then_linger())
    assert len(output.sent) == 1 and "999" in output.sent[0] and finished == [True]  # cut off before it began
