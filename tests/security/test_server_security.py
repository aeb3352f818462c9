"""Issue 20 against a real bot (action server + Rasa server started as `make run` does, `python -m startup serve`):
redaction before the SQLite tracker store and the logs, size limits and rate limits with kind replies, REST sender
rules, the widget's signed socket.io sessions, the action server's token and loopback binding, and the fixed
reply when the action server is down."""

import re
import asyncio
import json
import socket
import sqlite3
import time
import uuid

import pytest
import requests

from channels.gate import TOO_BIG, TOO_FAST, TOO_LONG

CARD = "4539 1488 0343 6467"
# Any two neighbouring groups of the card, however separated, or the code as a number of its own. (A bare "1488"
# also turns up inside the stored intent confidences, e.g. 0.0402192721148823, which are not the card.)
CARD_DIGITS = re.compile(r"4539\D{0,3}1488|1488\D{0,3}0343|0343\D{0,3}6467")
CODE_DIGITS = re.compile(r"(?<![\d.])123456(?!\d)")


def user():
    return "sec-" + uuid.uuid4().hex[:10]


def stored(bot, conversation=None) -> str:
    db = sqlite3.connect(bot.tmp / "tracker.db")
    if conversation is None:
        rows = db.execute("select sender_id, data from events").fetchall()
    else:
        rows = db.execute("select sender_id, data from events where sender_id = ?", (conversation,)).fetchall()
    return "\n".join(f"{s} {d}" for s, d in rows)


def last_intent(bot, conversation) -> str:
    rows = (
        sqlite3.connect(bot.tmp / "tracker.db")
        .execute("select data from events where sender_id = ? and type_name = 'user' order by id", (conversation,))
        .fetchall()
    )
    return json.loads(rows[-1][0])["parse_data"]["intent"]["name"]


def logs(bot) -> str:
    return "".join((bot.tmp / name).read_text(errors="replace") for name in ("rasa.log", "actions.log"))


def test_a_card_number_never_reaches_the_tracker_store_or_the_logs_and_the_nlu_still_understands(sbot):
    victim, control = user(), user()
    texts = sbot.reply_texts(victim, f"I gave them my card number {CARD} and the code 123456")
    assert any("removed a card number and a security code" in t for t in texts), texts
    assert not CARD_DIGITS.search(stored(sbot)) and not CODE_DIGITS.search(stored(sbot))
    assert "[card number removed]" in stored(sbot, sbot.conversation(victim))
    assert not CARD_DIGITS.search(logs(sbot))
    sbot.reply_texts(control, "I gave them my card number and the code")
    assert last_intent(sbot, sbot.conversation(victim)) == last_intent(sbot, sbot.conversation(control))
    again = sbot.reply_texts(victim, f"it was {CARD}")
    assert not any("removed" in t for t in again)  # told once per conversation


def test_self_harm_said_after_the_first_2000_characters_still_gets_the_samaritans(sbot):
    story = (
        "I met someone online last year and we talked every day. Then he asked me for money for his visa and "
        "I sent it, and then more for his flights. "
    ) * 30
    texts = sbot.reply_texts(user(), story + " I can't go on any more, I want to end my life.")
    assert TOO_LONG in texts and any("116 123" in t for t in texts), texts


def test_the_scam_checker_warns_about_a_premium_rate_number_the_gate_removed(sbot):
    person = user()
    texts = sbot.reply_texts(person, "HSBC: your account is locked. Call 09098 790123 now to unlock it.")
    assert any("premium-rate number" in t for t in texts), texts
    assert "790123" not in stored(sbot, sbot.conversation(person))
    assert "[phone number removed]" in stored(sbot, sbot.conversation(person))  # what the NLU read


def test_a_bank_writing_from_gmail_is_a_sign_but_no_address_is_stored_or_logged(sbot):
    person = user()
    texts = sbot.reply_texts(
        person,
        "is this a scam? From: HSBC Security <hsbc.secure.team@gmail.com>\n"
        "Subject: Account locked\nYour account has been locked. Verify your details "
        "today. Reply to jane.doe@doe-family.co.uk if you have questions.",
    )
    assert any("sender's address doesn't belong" in t for t in texts), texts
    kept = stored(sbot, sbot.conversation(person)) + logs(sbot)
    for part in ("hsbc.secure.team", "gmail", "jane.doe", "doe-family"):
        assert part not in kept, part
    assert "[email removed]" in kept and "free-mail" in kept  # the NLU's text, and only the kind in the metadata


def test_a_1_mb_rest_message_gets_a_polite_reply_within_5_s_and_the_log_stays_small(sbot):
    before = len(logs(sbot).encode())
    start = time.perf_counter()
    response = sbot.say(user(), "age 50 I want help " * 55000)  # about 1 MB
    elapsed = time.perf_counter() - start
    assert response.status_code == 413 and response.json()[0]["text"] == TOO_BIG
    assert elapsed < 5, elapsed
    time.sleep(1)
    assert len(logs(sbot).encode()) - before < 10_000


def test_a_long_message_under_the_body_limit_is_read_up_to_2000_characters(sbot):
    texts = sbot.reply_texts(user(), "I got a text from Royal Mail asking me to pay a fee. " * 600)  # 32 KB
    assert TOO_LONG in texts and len(texts) >= 2


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "hello",
        5,
        {"message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": 5, "message": "hi"},
        {"sender": "x" * 129, "message": "hi"},
        {"sender": "a", "message": {"text": "hi"}},
        {"sender": "a", "message": 12},
    ],
)
def test_bad_rest_bodies_get_400_and_a_reason_never_a_shared_default_conversation(sbot, body):
    response = requests.post(f"{sbot.url}/webhooks/rest/webhook", json=body, timeout=30)
    assert response.status_code == 400 and "error" in response.json()
    assert "default" not in {
        r[0] for r in sqlite3.connect(sbot.tmp / "tracker.db").execute("select distinct sender_id from events")
    }


def test_malformed_json_gets_400(sbot):
    response = requests.post(
        f"{sbot.url}/webhooks/rest/webhook", data=b"{not json", headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 400


def test_the_11th_message_in_10_seconds_gets_a_kind_refusal(sbot):
    u = user()
    replies = [sbot.say(u, "hello").json() for _ in range(12)]
    refused = [r for r in replies if any(m.get("text") == TOO_FAST for m in r)]
    assert refused and all(len(r) == 1 for r in refused)
    assert TOO_FAST not in json.dumps(sbot.say(user(), "hello").json())  # other people are not affected


def test_rest_ids_live_in_their_own_namespace(sbot):
    """A REST caller naming a phone number, a hashed SMS id or a widget id gets its own rest: conversation."""
    for sender in ("whatsapp:+447700900123", "+447700900123", "tw:0123456789abcdef", "web:abc"):
        sbot.reply_texts(sender, "hello")
    senders = {r[0] for r in sqlite3.connect(sbot.tmp / "tracker.db").execute("select distinct sender_id from events")}
    assert all(s.startswith("rest:") for s in senders), senders


def test_rest_is_refused_without_the_token_when_one_is_configured(sbot):
    from channels.rest import SafeRestInput

    class FakeRequest:
        headers = {"Authorization": "Bearer wrong"}
        conn_info = None

    assert not SafeRestInput(token="t" * 32).authorised(FakeRequest())
    FakeRequest.headers = {"Authorization": "Bearer " + "t" * 32}
    assert SafeRestInput(token="t" * 32).authorised(FakeRequest())
    FakeRequest.headers = {}
    assert not SafeRestInput(token="").authorised(FakeRequest())  # no token: loopback peers only


def test_the_action_server_needs_the_token(sbot):
    url = f"http://127.0.0.1:{sbot.action_port}"
    body = {
        "next_action": "action_give_advice",
        "tracker": {"sender_id": "x", "slots": {}, "events": [], "latest_message": {}},
        "domain": {},
    }
    assert requests.post(f"{url}/webhook", json=body, timeout=30).status_code == 401
    assert requests.get(f"{url}/actions", timeout=30).status_code == 401
    with_token = requests.get(
        f"{url}/actions", timeout=30, headers={"Authorization": "Bearer " + sbot.env["ACTION_SERVER_TOKEN"]}
    )
    assert with_token.status_code == 200
    assert requests.get(f"{url}/health", timeout=30).status_code == 200
    assert requests.get(f"{url}/health/content", timeout=30).json()["status"] == "ok"


def test_a_failing_action_request_is_answered_without_echoing_the_tracker(sbot):
    """rasa-sdk's own error handler returned the whole request (with what people typed) and logged it."""
    url = f"http://127.0.0.1:{sbot.action_port}/webhook"
    body = {"next_action": "action_check_message", "domain": {}, "tracker": "MY-SECRET-TEXT-4821 (not a tracker)"}
    reply = requests.post(
        url, json=body, timeout=30, headers={"Authorization": "Bearer " + sbot.env["ACTION_SERVER_TOKEN"]}
    )
    assert reply.status_code == 500 and "MY-SECRET-TEXT" not in reply.text, reply.text
    assert "MY-SECRET-TEXT" not in (sbot.tmp / "actions.log").read_text(errors="replace")


def test_the_tracker_store_file_is_readable_by_its_owner_only(sbot):
    sbot.say("umask-check", "hello")
    assert oct((sbot.tmp / "tracker.db").stat().st_mode & 0o777) == "0o600"


def non_loopback_address():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_action_server_listens_on_loopback_only(sbot):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    with pytest.raises(OSError):
        socket.create_connection((address, sbot.action_port), timeout=3).close()


async def _widget_session(url, session_id=None, message=None, wait=20.0, message_id=None, reply_to=None):
    """Connect like the widget (engine.io 4 over websocket, spoken directly with the `websockets` package Sanic
    ships), ask for a session, optionally send a message (with `message_id`, as a client that names its messages);
    returns (session id, bot texts); each bot message's `reply_to` is appended to the list `reply_to` if given."""
    import websockets

    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    texts, state = [], {}
    async with websockets.connect(ws_url, max_size=None) as ws:

        async def receive(until: float):
            while time.time() < until:
                try:
                    frame = await asyncio.wait_for(ws.recv(), max(0.05, until - time.time()))
                except asyncio.TimeoutError:
                    return
                if frame == "2":  # engine.io ping
                    await ws.send("3")
                elif frame.startswith("42"):
                    event, *data = json.loads(frame[2:])
                    if event == "session_confirm":
                        state["id"] = data[0]
                        return
                    if event == "bot_uttered":
                        texts.append((data[0] or {}).get("text") or "")
                        if reply_to is not None:
                            reply_to.append((data[0] or {}).get("reply_to"))

        assert (await ws.recv()).startswith("0")  # engine.io open
        await ws.send("40")
        assert (await ws.recv()).startswith("40")  # socket.io connect
        await ws.send("42" + json.dumps(["session_request", {"session_id": session_id}]))
        await receive(time.time() + 20)
        if message is not None:
            sent = {"message": message, "session_id": session_id} | ({"message_id": message_id} if message_id else {})
            await ws.send("42" + json.dumps(["user_uttered", sent]))
            deadline = time.time() + wait
            while not texts and time.time() < deadline:
                await receive(min(deadline, time.time() + 0.5))
            await receive(time.time() + 1.0)
    return state.get("id"), texts


def test_widget_sessions_are_signed_and_a_forged_id_gets_a_new_conversation(sbot):
    first, texts = asyncio.run(_widget_session(sbot.url, message="I got a sextortion email threatening me"))
    assert texts and first.count(".") == 1
    uuid_part = first.split(".")[0]
    for forged in (uuid_part, uuid_part + ".0000", "+447700900123", "rest:me"):
        other, _ = asyncio.run(_widget_session(sbot.url, session_id=forged))
        assert other != first and not other.startswith(uuid_part)
    same, _ = asyncio.run(_widget_session(sbot.url, session_id=first))  # the real id resumes (reload)
    assert same == first
    assert f"web:{uuid_part}" in stored(sbot, f"web:{uuid_part}")


def test_a_socketio_message_with_an_id_is_answered_naming_it_and_handled_once_when_sent_again(sbot):
    """Issue 25 (startup/once.py, channels/socketio.py): every bot message answering a named message carries its id
    as `reply_to` (a client can tell a late part of one answer from the next answer), and the same message sent again
    (a client resending after a reconnection) gets the same replies without a second turn in the tracker."""
    session, _ = asyncio.run(_widget_session(sbot.url))
    mid, first_to, again_to = uuid.uuid4().hex, [], []
    _, first = asyncio.run(_widget_session(sbot.url, session, "what is phishing", message_id=mid, reply_to=first_to))
    _, again = asyncio.run(_widget_session(sbot.url, session, "what is phishing", message_id=mid, reply_to=again_to))
    assert first and again == first
    assert first_to == [mid] * len(first) and again_to == [mid] * len(again)
    unnamed_to = []
    _, unnamed = asyncio.run(_widget_session(sbot.url, session, "thanks", reply_to=unnamed_to))
    assert unnamed and set(unnamed_to) == {None}  # a client that names nothing sees the messages as before
    conversation = "web:" + session.split(".")[0]
    users = [
        json.loads(d)["text"]
        for (d,) in sqlite3.connect(sbot.tmp / "tracker.db").execute(
            "select data from events where sender_id = ? and type_name = 'user' order by id", (conversation,)
        )
    ]
    assert users == ["what is phishing", "thanks"]


def test_a_1_mb_socketio_message_gets_a_polite_reply_within_5_s(sbot):
    before = len(logs(sbot).encode())
    start = time.perf_counter()
    _, texts = asyncio.run(_widget_session(sbot.url, message="help me " * 125000, wait=5))
    assert TOO_LONG in texts and time.perf_counter() - start < 8  # connect + handshake + reply
    time.sleep(1)
    assert len(logs(sbot).encode()) - before < 10_000


def test_with_the_action_server_down_advice_gets_the_fixed_reply_with_999_and_report_fraud(sbot):
    sbot.stop_actions()
    try:
        texts = sbot.reply_texts(user(), "I got a text from Royal Mail asking me to pay a redelivery fee")
    finally:
        sbot.start_actions()
    answer = " ".join(texts)
    assert "999" in answer and "Report Fraud" in answer and "try again" in answer
