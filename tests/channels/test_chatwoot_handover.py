"""Talk to a person through Chatwoot (issue 27), with the real Rasa and action servers and a local fake of
Chatwoot's Application API (tests/channels/fake_chatwoot.py): the offer in hours, the contact, conversation and
summary created through the API, the person's messages relayed (redacted), an emergency still answered first,
the agent's replies delivered to the website widget (socket.io) and stored, "resolved" returning the person to
the bot, forged webhooks refused, the same live chat on Telegram, SMS and WhatsApp (the agent's replies sent through
their own APIs' fakes, "stop" telling the agent, distress getting the support services), and out of hours the
numbers instead."""

import time
import uuid

import pytest
import requests
import socketio
import yaml

from conftest import MODEL, Bot, ROOT
from fake_chatwoot import ACCOUNT, INBOX, TOKEN, FakeChatwoot
from fake_providers import FakeProviders
from test_channels import (
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_AUTH,
    TWILIO_NUMBER,
    TWILIO_SID,
    TWILIO_URL,
    post_telegram,
    post_twilio,
    telegram_update,
    twilio_form,
)

WEBHOOK_TOKEN = "hook-" + uuid.uuid4().hex
ALWAYS_OPEN = {
    day: ["00:00", "23:59"] for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}


def write_hours(bot, hours, holidays=("2020-01-01",)):
    raw = yaml.safe_load((ROOT / "content" / "handover.yml").read_text())
    raw["hours"] = hours
    raw["bank_holidays"] = {k: list(holidays) for k in raw["bank_holidays"]}
    (bot.content_dir / "handover.yml").write_text(yaml.safe_dump(raw, sort_keys=False))
    if bot.actions is not None:
        bot.wait_for_content_check()


@pytest.fixture(scope="module")
def chatwoot():
    fake = FakeChatwoot()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def providers():
    fake = FakeProviders()
    yield fake
    fake.close()


@pytest.fixture(scope="module")
def hbot(tmp_path_factory, chatwoot, providers):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    env = dict(
        HANDOVER_PROVIDER="chatwoot",
        CHATWOOT_URL=chatwoot.url,
        CHATWOOT_ACCOUNT_ID=str(ACCOUNT),
        CHATWOOT_INBOX_ID=str(INBOX),
        CHATWOOT_API_TOKEN=TOKEN,
        CHATWOOT_WEBHOOK_TOKEN=WEBHOOK_TOKEN,
        HANDOVER_CHANNELS="socketio,rest,telegram,twilio",  # REST here so the test can read each reply
        # Telegram and Twilio (SMS, WhatsApp) against their local fakes: live chat there too
        TELEGRAM_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_SECRET_TOKEN=TELEGRAM_SECRET,
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/webhooks/telegram/webhook",
        TELEGRAM_API_BASE_URL=providers.url,
        TWILIO_ACCOUNT_SID=TWILIO_SID,
        TWILIO_AUTH_TOKEN=TWILIO_AUTH,
        TWILIO_NUMBER=TWILIO_NUMBER,
        TWILIO_WEBHOOK_URL=TWILIO_URL,
        TWILIO_API_BASE_URL=providers.url,
    )
    b = Bot(tmp_path_factory.mktemp("handover"), extra_env=env)
    write_hours(b, ALWAYS_OPEN)
    b.start_actions()
    b.start_rasa()
    yield b
    b.stop_rasa()
    b.stop_actions()


def tracker(bot, conversation):
    return requests.get(f"{bot.url}/conversations/{conversation}/tracker", timeout=30).json()


def webhook(bot, body, token=WEBHOOK_TOKEN):
    return requests.post(f"{bot.url}/webhooks/chatwoot/webhook", params={"token": token}, json=body, timeout=30)


def agent_says(conversation_id, ref, text):
    return {
        "event": "message_created",
        "message_type": "outgoing",
        "private": False,
        "content": text,
        "sender": {"id": 1, "name": "Sam Jones", "type": "user"},
        "conversation": {"id": conversation_id, "status": "open", "additional_attributes": {"cyberprotect_ref": ref}},
    }


def resolved(conversation_id, ref):
    return {
        "event": "conversation_status_changed",
        "id": conversation_id,
        "status": "resolved",
        "additional_attributes": {"cyberprotect_ref": ref},
    }


STATE = {}


def test_asking_for_a_person_in_hours_creates_the_chat_with_a_summary(hbot, chatwoot):
    sender = "hand-" + uuid.uuid4().hex[:8]
    hbot.reply_texts(sender, "I paid £400 for a puppy online and it never came, I live in Cardiff")
    offer = " ".join(hbot.reply_texts(sender, "can I speak to a real person please"))
    assert "are working now" in offer and "Would you like that?" in offer
    connected = " ".join(hbot.reply_texts(sender, "yes"))
    assert "You're now talking to the Cyber Protect team" in connected
    contact = [b for m, p, b in chatwoot.calls if m == "POST" and p.endswith("/contacts")][-1]
    assert contact["inbox_id"] == INBOX and contact["identifier"] == hbot.conversation(sender)
    conversation = [b for m, p, b in chatwoot.calls if m == "POST" and p.endswith("/conversations")][-1]
    assert conversation["additional_attributes"] == {"cyberprotect_ref": hbot.conversation(sender)}
    note = chatwoot.wait_messages(101, 1)[0]
    assert note["private"] is True and note["message_type"] == "outgoing"
    assert "Topic: Online shopping" in note["content"] or "Topic: " in note["content"]
    assert "paid £400 for a puppy" in note["content"]  # the agent has the story already
    assert "Routes already shown:" in note["content"] and "Report Fraud" in note["content"]
    STATE["sender"] = sender


def test_the_persons_messages_go_to_the_agent_redacted_and_the_bot_stays_quiet(hbot, chatwoot):
    sender = STATE["sender"]
    replies = hbot.reply_texts(sender, "they also got my card 4111 1111 1111 1111, ring me on 07700 900123")
    assert not [r for r in replies if "I've removed" not in r]  # only the gate's one-off privacy note, no bot answer
    relayed = chatwoot.wait_messages(101, 2)[-1]
    assert relayed["message_type"] == "incoming" and relayed["private"] is False
    assert "4111" not in relayed["content"] and "900123" not in relayed["content"]
    assert "[card number removed]" in relayed["content"]


def test_an_emergency_during_the_handover_still_gets_999_first_and_reaches_the_agent(hbot, chatwoot):
    sender = STATE["sender"]
    text = " ".join(hbot.reply_texts(sender, "I want to kill myself"))
    assert "116 123" in text or "999" in text
    relayed = chatwoot.wait_messages(101, 3)[-1]
    assert relayed["content"] == "I want to kill myself"


def test_agent_replies_reach_the_conversation_with_who_is_speaking(hbot):
    ref = hbot.conversation(STATE["sender"])
    assert (
        webhook(hbot, agent_says(101, ref, "Hello, I'm Sam from the team. Are you safe right now?")).status_code == 200
    )
    bots = [e for e in tracker(hbot, ref)["events"] if e["event"] == "bot"]
    assert bots[-1]["text"] == "Sam (the Cyber Protect team): Hello, I'm Sam from the team. Are you safe right now?"
    assert bots[-1]["metadata"]["handover"] == {"from": "agent"}


def test_forged_or_mismatched_webhooks_change_nothing(hbot):
    ref = hbot.conversation(STATE["sender"])
    before = len(tracker(hbot, ref)["events"])
    assert webhook(hbot, agent_says(101, ref, "forged"), token="wrong").status_code == 403
    assert webhook(hbot, agent_says(999, ref, "wrong conversation")).status_code == 200
    assert webhook(hbot, resolved(999, ref)).status_code == 200
    assert (
        requests.post(
            f"{hbot.url}/webhooks/chatwoot/webhook", params={"token": WEBHOOK_TOKEN}, data=b"not json", timeout=30
        ).status_code
        == 400
    )
    assert len(tracker(hbot, ref)["events"]) == before
    assert tracker(hbot, ref)["active_loop"].get("name") == "handover_form"


def test_resolving_the_conversation_returns_the_person_to_the_bot(hbot):
    sender = STATE["sender"]
    ref = hbot.conversation(sender)
    assert webhook(hbot, resolved(101, ref)).status_code == 200
    state = tracker(hbot, ref)
    assert not state["active_loop"] or not state["active_loop"].get("name")
    assert "back with the Cyber Protect Assistant" in [e for e in state["events"] if e["event"] == "bot"][-1]["text"]
    answer = " ".join(hbot.reply_texts(sender, "someone sent me a text saying my parcel is held, pay £1.99"))
    assert "7726" in answer  # the bot answers again


def test_the_website_widget_shows_the_agents_reply_live(hbot, chatwoot):
    client = socketio.Client(reconnection=False)
    received, session = [], {}
    client.on("session_confirm", lambda data: session.setdefault("id", data))
    client.on("bot_uttered", lambda data: received.append(data.get("text") or ""))
    client.connect(hbot.url, transports=["polling"], socketio_path="/socket.io")
    try:
        client.emit("session_request", {"session_id": None})
        end = time.time() + 20
        while "id" not in session and time.time() < end:
            time.sleep(0.1)
        ref = "web:" + session["id"].split(".")[0]

        def say(text, expect):
            count = len(received)
            client.emit("user_uttered", {"message": text, "session_id": session["id"]})
            end = time.time() + 60
            while time.time() < end and not any(expect in t for t in received[count:]):
                time.sleep(0.2)
            return " ".join(received[count:])

        assert "Would you like that?" in say("I want to talk to a human", "Would you like that?")
        assert "You're now talking to" in say("yes", "You're now talking to")
        conversation_id = chatwoot.next_conversation - 1
        count = len(received)
        assert webhook(hbot, agent_says(conversation_id, ref, "Hi, this is Sam.")).status_code == 200
        end = time.time() + 20
        while time.time() < end and len(received) == count:
            time.sleep(0.1)
        assert received[count:] == ["Sam (the Cyber Protect team): Hi, this is Sam."]
        assert webhook(hbot, resolved(conversation_id, ref)).status_code == 200
        end = time.time() + 20
        while time.time() < end and not any("back with" in t for t in received[count:]):
            time.sleep(0.1)
        assert any("back with the Cyber Protect Assistant" in t for t in received[count:])
    finally:
        client.disconnect()


def _ref_for(chatwoot, prefix, before):
    """The conversation id the bot gave Chatwoot for the chat just created: the gate's keyed hash, never the number."""
    refs = [r for r, c in chatwoot.refs.items() if r.startswith(prefix + ":") and c >= before]
    assert len(refs) == 1
    return refs[0], chatwoot.refs[refs[0]]


def test_on_telegram_in_hours_the_person_talks_to_the_team_both_ways(hbot, chatwoot, providers):
    chat = 900777
    chatwoot.open_conversations = 0  # the earlier tests' chats were resolved: the agent is free again

    def say(text):
        before = len(providers.sent("telegram", "sendMessage", chat_id=chat))
        assert post_telegram(hbot, telegram_update(chat, text)).status_code == 200
        return "\n".join(c["fields"]["text"] for c in providers.sent("telegram", "sendMessage", chat_id=chat)[before:])

    say("I live in Scotland")
    assert "Would you like that?" in say("can I speak to a real person please")
    first = chatwoot.next_conversation
    assert "You're now talking to the Cyber Protect team" in say("yes")
    ref, conversation_id = _ref_for(chatwoot, "tg", first)
    assert str(chat) not in ref and len(ref) == 3 + 32  # hashed, as the gate names it
    assert "Scotland" in chatwoot.wait_messages(conversation_id, 1)[0]["content"]  # the summary note
    # the person's message reaches the agent through the gate's redaction; the bot stays quiet
    assert say("they took my card 4111 1111 1111 1111").startswith("I've removed a card number")  # only the gate's note
    relayed = chatwoot.wait_messages(conversation_id, 2)[-1]
    assert relayed["message_type"] == "incoming" and "[card number removed]" in relayed["content"]
    # the agent's reply goes out through Telegram's sendMessage, labelled with the team, as text
    before = len(providers.sent("telegram", "sendMessage", chat_id=chat))
    assert webhook(hbot, agent_says(conversation_id, ref, "Hi, Sam here. Are you safe? <b>x</b>")).status_code == 200
    sent = providers.sent("telegram", "sendMessage", chat_id=chat)[before:]
    assert [c["fields"]["text"] for c in sent] == ["Sam (the Cyber Protect team): Hi, Sam here. Are you safe? <b>x</b>"]
    assert "parse_mode" not in sent[0]["fields"]  # markup is not rendered
    # an emergency still gets the 999 reply at once, and reaches the agent too
    answer = say("I want to kill myself")
    assert "999" in answer and "116 123" in answer
    assert chatwoot.wait_messages(conversation_id, 3)[-1]["content"] == "I want to kill myself"
    # distress: relayed, and the person also gets Samaritans and their nation's victim support
    answer = say("I feel so stupid, I can't stop crying")
    assert chatwoot.wait_messages(conversation_id, 4)[-1]["content"] == "I feel so stupid, I can't stop crying"
    assert "116 123" in answer and "Victim Support Scotland" in answer
    # resolved: back to the bot, told on Telegram; a late reply from the agent reaches nobody
    before = len(providers.sent("telegram", "sendMessage", chat_id=chat))
    assert webhook(hbot, resolved(conversation_id, ref)).status_code == 200
    assert webhook(hbot, agent_says(conversation_id, ref, "one more thing")).status_code == 200
    sent = [c["fields"]["text"] for c in providers.sent("telegram", "sendMessage", chat_id=chat)[before:]]
    assert len(sent) == 1 and "back with the Cyber Protect Assistant" in sent[0]
    assert "7726" in say("someone sent me a text saying my parcel is held, pay £1.99")  # the bot answers again


@pytest.mark.parametrize("sender", ["+447700900333", "whatsapp:+447700900334"])
def test_on_sms_and_whatsapp_in_hours_the_agent_replies_and_stop_tells_the_agent(hbot, chatwoot, providers, sender):
    def say(text):
        before = len(providers.sent("twilio", "Messages.json", To=sender))
        assert post_twilio(hbot, twilio_form(sender, text)).status_code == 204
        return "\n".join(c["fields"]["Body"] for c in providers.sent("twilio", "Messages.json", To=sender)[before:])

    chatwoot.open_conversations = 0  # the earlier tests' chats were resolved or left: the agent is free again
    assert "Would you like that?" in say("can I speak to a real person please")
    first = chatwoot.next_conversation
    assert "You're now talking to the Cyber Protect team" in say("1")  # "1. Yes, put me through"
    prefix = "wa" if sender.startswith("whatsapp:") else "tw"
    ref, conversation_id = _ref_for(chatwoot, prefix, first)
    assert sender[-6:] not in ref
    assert say("hello, are you there?") == ""
    assert chatwoot.wait_messages(conversation_id, 2)[-1]["content"] == "hello, are you there?"
    before = len(providers.sent("twilio", "Messages.json", To=sender))
    assert webhook(hbot, agent_says(conversation_id, ref, "Yes, Sam here.")).status_code == 200
    sent = providers.sent("twilio", "Messages.json", To=sender)[before:]
    assert [c["fields"]["Body"] for c in sent] == ["Sam (the Cyber Protect team): Yes, Sam here."]
    assert sent[0]["fields"]["From"] == ("whatsapp:" if prefix == "wa" else "") + TWILIO_NUMBER
    # "stop": the agent gets a private note, the person is told, and the chat is over
    answer = say("STOP")
    assert "You've left the chat with the Cyber Protect team" in answer
    note = chatwoot.wait_messages(conversation_id, 3)[-1]
    assert note["private"] is True and "has left the chat" in note["content"]
    before = len(providers.sent("twilio", "Messages.json", To=sender))
    assert webhook(hbot, agent_says(conversation_id, ref, "are you still there?")).status_code == 200
    assert providers.sent("twilio", "Messages.json", To=sender)[before:] == []


def test_out_of_hours_the_bot_says_so_and_gives_the_numbers(hbot, chatwoot):
    write_hours(hbot, {day: [] for day in ALWAYS_OPEN})
    calls = len(chatwoot.calls)
    sender = "late-" + uuid.uuid4().hex[:8]
    hbot.reply_texts(sender, "I live in Scotland")
    text = " ".join(hbot.reply_texts(sender, "can I speak to a real person"))
    assert "can chat right now" in text and "Police Scotland" in text and "116 123" in text
    assert "Report Fraud" not in text
    assert not [c for c in chatwoot.calls[calls:] if c[0] == "POST"]  # nothing created in Chatwoot


def test_out_of_hours_a_callback_request_is_a_new_conversation_with_a_private_note(chatwoot):
    from cyberprotect.handover.providers import ChatwootProvider

    provider = ChatwootProvider(chatwoot.url, str(ACCOUNT), str(INBOX), TOKEN)
    assert provider.live is True and hasattr(provider, "request")
    conversation_id = chatwoot.next_conversation
    provider.request(
        "web:callback1", "Topic: Online shopping scam", contact="07700 900456", when="after 6, or 07700 900999"
    )
    conversation = [b for m, p, b in chatwoot.calls if m == "POST" and p.endswith("/conversations")][-1]
    assert conversation["additional_attributes"] == {"cyberprotect_ref": "web:callback1", "cyberprotect_callback": True}
    (note,) = chatwoot.wait_messages(conversation_id, 1)
    assert note["private"] is True and "Contact them: 07700 900456" in note["content"]
    assert "Topic: Online shopping scam" in note["content"] and "900999" not in note["content"]
