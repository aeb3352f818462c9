"""The channel gate (channels/gate.py): rate limits, size cap, redaction before anything is stored, and conversation
ids that no other channel can reach. Uses Rasa's real SQLTrackerStore on SQLite as the store."""

import asyncio
import sqlite3

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from channels import gate as gate_module
from channels.gate import MAX_CHARS, TOO_FAST, TOO_LONG, Gate, RateLimiter, conversation_id

CARD = "4539 1488 0343 6467"
SECRET = b"test-secret"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def make_gate(env=None, clock=None):
    return Gate(SECRET, env=env or {}, clock=clock or Clock())


def run(coro):
    return asyncio.run(coro)


def test_a_card_number_never_reaches_the_sqlite_tracker_store(tmp_path):
    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))

    async def on_new_message(message: UserMessage):  # what Rasa does first: log the user event and save
        tracker = await store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, parse_data={"text": message.text}))
        await store.save(tracker)

    out = CollectingOutputChannel()
    message = UserMessage(f"I gave them my card number {CARD}", out, "rest:victim", input_channel="rest")
    run(make_gate().admit(message, on_new_message))
    rows = sqlite3.connect(db).execute("select data from events").fetchall()
    stored = " ".join(r[0] for r in rows)
    assert "1488" not in stored and "[card number removed]" in stored
    assert "card number" in stored  # the NLU still reads "I gave them my card number [card number removed]"
    assert any("card number" in m["text"] and "don't share" in m["text"] for m in out.messages)


def test_the_person_is_told_once_per_conversation():
    g, seen = make_gate(), []

    async def on_new_message(m):
        seen.append(m.text)

    out = CollectingOutputChannel()
    for _ in range(3):
        run(g.admit(UserMessage("code 123456", out, "web:a"), on_new_message))
    assert len([m for m in out.messages if "removed" in m["text"]]) == 1
    assert seen == ["code [code removed]"] * 3


def test_long_messages_are_cut_to_2000_characters_with_a_polite_note():
    text, notices = make_gate().prepare("x" * 1_000_000, "rest:a")
    assert len(text) == MAX_CHARS and notices == [TOO_LONG]


STORY = (
    "I met someone online last year and we talked every day. Then he asked me for money for his visa and I "
    "sent it, and then more for his flights. "
) * 30


@pytest.mark.parametrize(
    "ending,kept",
    [
        ("I can't go on any more, I want to kill myself.", "kill myself"),
        ("He is outside my house right now and he has a knife.", "knife"),
    ],
)
def test_a_risk_after_the_first_2000_characters_still_reaches_the_bot(ending, kept):
    """A long story cut at 2,000 characters must not lose the sentence that needs the emergency reply."""
    seen = []

    async def on_new_message(message):
        seen.append(message.text)

    text = STORY + " " + ending
    assert len(STORY) > MAX_CHARS
    run(make_gate().admit(UserMessage(text, CollectingOutputChannel(), "web:long"), on_new_message))
    assert kept in seen[0] and seen[0].startswith(STORY[:100]) and len(seen[0]) < MAX_CHARS + 500


def test_a_long_message_without_risk_is_just_cut():
    seen = []

    async def on_new_message(message):
        seen.append(message.text)

    run(
        make_gate().admit(
            UserMessage(STORY + " Anyway, how do I report it?", CollectingOutputChannel(), "web:x"), on_new_message
        )
    )
    assert len(seen[0]) == MAX_CHARS and "report it" not in seen[0]


def test_the_11th_message_in_10_seconds_gets_a_kind_refusal():
    clock = Clock()
    g = make_gate(clock=clock)
    results = [g.prepare("hello", "tw:abc")[0] for _ in range(11)]
    assert results[:10] == ["hello"] * 10 and results[10] is None
    assert g.prepare("hello", "tw:abc") == (None, [TOO_FAST]) and "999" in TOO_FAST
    assert g.prepare("hello", "tw:other")[0] == "hello"  # other people are not affected
    clock.now += 5
    assert g.prepare("hello", "tw:abc")[0] == "hello"  # tokens come back over time


def test_per_address_limit_counts_across_conversations():
    g = make_gate(env={"RATE_LIMIT_PER_ADDRESS": "3/60"})
    assert [g.prepare("hi", f"web:{i}", address="203.0.113.9")[0] for i in range(4)] == ["hi"] * 3 + [None]
    assert g.prepare("hi", "web:x", address="203.0.113.10")[0] == "hi"


def test_trusted_local_callers_skip_the_limits_but_not_the_cap_or_redaction():
    g = make_gate(env={"RATE_LIMIT_PER_CONVERSATION": "1/60"})
    assert [g.prepare("pin 1234", "rest:a", limited=False)[0] for _ in range(5)] == ["pin [code removed]"] * 5


def test_rate_limiter_memory_is_bounded():
    r = RateLimiter(1, 10, max_keys=100)
    for i in range(1000):
        r.allow(str(i))
    assert len(r._buckets) == 100


def test_conversation_ids_are_namespaced_and_keyed():
    sms = conversation_id("twilio", "+447700900123", SECRET)
    whatsapp = conversation_id("twilio", "whatsapp:+447700900123", SECRET)
    telegram = conversation_id("telegram", "123456789", SECRET)
    rest = conversation_id("rest", "whatsapp:+447700900123", SECRET, hashed=False)
    assert (
        sms.startswith("tw:")
        and whatsapp.startswith("wa:")
        and telegram.startswith("tg:")
        and rest == "rest:whatsapp:+447700900123"
    )
    assert "447700900123" not in sms + whatsapp + telegram
    assert len({sms, whatsapp, rest}) == 3
    assert conversation_id("twilio", "+447700900123", b"other key") != sms  # needs the key


def test_the_secret_is_created_once_and_private(tmp_path):
    env = {"CONVERSATION_ID_SECRET_FILE": str(tmp_path / "k")}
    first = gate_module.conversation_secret(env)
    assert gate_module.conversation_secret(env) == first and len(first) >= 32
    assert (tmp_path / "k").stat().st_mode & 0o077 == 0
    assert gate_module.conversation_secret({"CONVERSATION_ID_SECRET": "abc"}) == b"abc"


def test_cors_is_limited_to_the_configured_sites():
    from startup import launch

    args = launch.serve_args(
        ["-p", "5005"], {"WIDGET_ALLOWED_ORIGINS": "https://a.example, https://b.example"}, "c.yml"
    )
    assert args[args.index("--cors") + 1 : args.index("--cors") + 3] == ["https://a.example", "https://b.example"]
    assert "--cors" not in launch.serve_args(["-p", "5005"], {}, "c.yml")


def test_socketio_origins_come_from_the_configuration():
    from channels.socketio import allowed_origins

    assert allowed_origins({"WIDGET_ALLOWED_ORIGINS": "https://a.example/"}) == ["https://a.example"]
    assert allowed_origins({}) == "*"


def test_test_only_api_redirects_are_honoured_for_loopback_only(monkeypatch):
    from channels.rest import loopback_url

    monkeypatch.setenv("TWILIO_API_BASE_URL", "http://127.0.0.1:9999")
    assert loopback_url("TWILIO_API_BASE_URL") == "http://127.0.0.1:9999"
    monkeypatch.setenv("TWILIO_API_BASE_URL", "https://evil.example")
    assert loopback_url("TWILIO_API_BASE_URL") is None


def test_open_sockets_per_address_are_capped_and_freed_on_disconnect(monkeypatch):
    """The widget channel's connect handler (channels/socketio.py) called as python-socketio calls it."""
    import asyncio
    import types

    from channels.socketio import SignedSocketIOInput

    monkeypatch.setenv("SOCKETS_PER_ADDRESS", "3")
    channel = SignedSocketIOInput()

    async def rasa(_message):
        return None

    channel.blueprint(rasa)
    handlers = channel.sio.handlers[channel.namespace or "/"]

    def environ(ip):
        return {"sanic.request": types.SimpleNamespace(conn_info=types.SimpleNamespace(client_ip=ip))}

    async def scenario():
        first = [await handlers["connect"](f"s{i}", environ("203.0.113.9")) for i in range(4)]
        other = await handlers["connect"]("t1", environ("198.51.100.7"))
        local = [await handlers["connect"](f"l{i}", environ("127.0.0.1")) for i in range(5)]
        await handlers["disconnect"]("s0")
        again = await handlers["connect"]("s9", environ("203.0.113.9"))
        return first, other, local, again

    first, other, local, again = asyncio.run(scenario())
    assert first == [True, True, True, False] and other is True and all(local) and again is True


def test_a_message_sent_on_reconnection_before_the_session_request_is_answered_in_its_own_session():
    """socket.io-client flushes its buffered messages before its connect handler asks for the session: a signed
    session id is accepted in its place; an unsigned or forged one is still refused (channels/socketio.py)."""
    import asyncio

    from channels.gate import shared_gate
    from channels.socketio import SignedSocketIOInput, sign_session

    seen = []

    async def rasa(message):
        seen.append(message.sender_id)

    channel = SignedSocketIOInput()
    channel.blueprint(rasa)
    handlers = channel.sio.handlers[channel.namespace or "/"]
    joined = []
    channel.sio.enter_room = lambda sid, room, namespace=None: joined.append((sid, room)) or asyncio.sleep(0)
    signed = sign_session(shared_gate().secret, "a" * 32)

    async def scenario():
        await handlers["user_uttered"]("new-sid", {"message": "hello", "session_id": signed})
        await handlers["user_uttered"]("other", {"message": "hello", "session_id": "b" * 32 + ".forged"})
        await handlers["user_uttered"]("third", {"message": "hello", "session_id": "c" * 32})

    asyncio.run(scenario())
    assert seen == ["web:" + "a" * 32] and joined == [("new-sid", "web:" + "a" * 32)]
