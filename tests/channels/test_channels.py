"""Telegram and Twilio (SMS, WhatsApp) through the real Rasa server started as `make run` does
(`python -m startup serve`, channels enabled by their environment variables), with each provider's API
faked on loopback: real-format inbound webhooks in, the outbound API calls the bot makes captured and
checked. Also: requests without the provider's verification are rejected, and the Rasa HTTP API needs
RASA_API_TOKEN."""

import json
import sqlite3
import time
import uuid

import pytest
import requests
from twilio.request_validator import RequestValidator

from conftest import MODEL, Bot
from fake_providers import FakeProviders

TELEGRAM_TOKEN = "123456:TEST-fake-token_abcdefghijklmnopqrstuvwxyz"
TELEGRAM_SECRET = "test-secret_" + uuid.uuid4().hex
TWILIO_SID = "AC" + "1" * 32
TWILIO_AUTH = "f" * 32
TWILIO_NUMBER = "+447700900000"
API_TOKEN = "api-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def fake():
    f = FakeProviders()
    yield f
    f.close()


@pytest.fixture(scope="module")
def channel_bot(tmp_path_factory, fake):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    tmp = tmp_path_factory.mktemp("channels")
    env = dict(
        TELEGRAM_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/webhooks/telegram/webhook",
        TELEGRAM_SECRET_TOKEN=TELEGRAM_SECRET,
        TELEGRAM_API_BASE_URL=fake.url,
        TWILIO_ACCOUNT_SID=TWILIO_SID,
        TWILIO_AUTH_TOKEN=TWILIO_AUTH,
        TWILIO_NUMBER=TWILIO_NUMBER,
        TWILIO_WEBHOOK_URL="https://bot.example.org/webhooks/twilio/webhook",
        TWILIO_API_BASE_URL=fake.url,
        RASA_API_TOKEN=API_TOKEN,
    )
    b = Bot(tmp, extra_env=env, serve=True)
    b.start()
    yield b
    b.stop()


# --- Telegram -----------------------------------------------------------------------------------------

_update_id = iter(range(1000, 100000))


def telegram_update(chat_id, text=None, callback_data=None):
    message = {
        "message_id": next(_update_id),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
    }
    if callback_data is None:
        return {"update_id": next(_update_id), "message": {**message, "text": text}}
    return {
        "update_id": next(_update_id),
        "callback_query": {
            "id": str(next(_update_id)),
            "from": message["from"],
            "chat_instance": "1",
            "data": callback_data,
            "message": {**message, "text": "What would you like help with?"},
        },
    }


def post_telegram(bot, update, secret=TELEGRAM_SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(f"{bot.url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=60)


def test_telegram_webhook_is_registered_with_the_secret(channel_bot, fake):
    calls = fake.wait_sent("telegram", "setWebhook", timeout=30)
    assert calls[0]["fields"]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert calls[0]["fields"]["secret_token"] == TELEGRAM_SECRET
    assert TELEGRAM_TOKEN in calls[0]["path"]


def test_telegram_message_gets_the_advice_reply_through_the_bot_api(channel_bot, fake):
    chat = 900001
    response = post_telegram(channel_bot, telegram_update(chat, "I got a text from Royal Mail asking me to pay a fee"))
    assert response.status_code == 200
    sent = fake.wait_sent("telegram", "sendMessage", chat_id=chat)
    text = "\n".join(c["fields"]["text"] for c in sent)
    assert "Scam text messages" in text and "7726" in text


def test_telegram_buttons_are_an_inline_keyboard_and_a_press_sends_the_payload(channel_bot, fake):
    chat = 900002
    post_telegram(channel_bot, telegram_update(chat, "hello"))
    sent = fake.wait_sent("telegram", "sendMessage", chat_id=chat)
    keyboards = [json.loads(c["fields"]["reply_markup"]) for c in sent if c["fields"].get("reply_markup")]
    assert keyboards, sent
    rows = keyboards[-1]["inline_keyboard"]
    assert all(len(row) == 1 for row in rows)  # one button per row
    email = [row[0] for row in rows if row[0]["text"] == "A scam email"][0]
    before = len(sent)
    post_telegram(channel_bot, telegram_update(chat, callback_data=email["callback_data"]))
    after = fake.wait_sent("telegram", "sendMessage", count=before + 1, chat_id=chat)
    assert "email" in "\n".join(c["fields"]["text"] for c in after[before:]).lower()


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_telegram_webhook_without_the_secret_token_is_rejected(channel_bot, fake, secret):
    chat = 900100 + len(secret or "")
    response = post_telegram(channel_bot, telegram_update(chat, "hello"), secret=secret)
    assert response.status_code == 403
    time.sleep(1)
    assert fake.sent("telegram", "sendMessage", chat_id=chat) == []


# --- Twilio -------------------------------------------------------------------------------------------

TWILIO_URL = "https://bot.example.org/webhooks/twilio/webhook"


def twilio_form(sender, body):
    return {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": TWILIO_SID,
        "From": sender,
        "To": ("whatsapp:" if sender.startswith("whatsapp:") else "") + TWILIO_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }


def post_twilio(bot, form, signature=None):
    if signature is None:
        signature = RequestValidator(TWILIO_AUTH).compute_signature(TWILIO_URL, form)
    return requests.post(
        f"{bot.url}/webhooks/twilio/webhook", data=form, headers={"X-Twilio-Signature": signature}, timeout=60
    )


def test_sms_gets_the_greeting_with_numbered_options_in_one_message_and_2_picks_the_second(channel_bot, fake):
    sender = "+447700900111"
    assert post_twilio(channel_bot, twilio_form(sender, "hello")).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", To=sender)
    assert all(c["fields"]["From"] == TWILIO_NUMBER for c in sent)
    menus = [c["fields"]["Body"] for c in sent if "Reply with a number:" in c["fields"]["Body"]]
    assert len(menus) == 1, [c["fields"]["Body"] for c in sent]
    menu = menus[0]
    assert "1. A scam text" in menu and "2. A scam email" in menu
    before = len(sent)
    assert post_twilio(channel_bot, twilio_form(sender, "2")).status_code == 204
    after = fake.wait_sent("twilio", "Messages.json", count=before + 1, To=sender)
    reply = "\n".join(c["fields"]["Body"] for c in after[before:])
    assert "email" in reply.lower(), reply


def test_whatsapp_reply_comes_from_the_whatsapp_number(channel_bot, fake):
    sender = "whatsapp:+447700900222"
    assert post_twilio(channel_bot, twilio_form(sender, "my instagram account has been hacked")).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", To=sender)
    assert {c["fields"]["From"] for c in sent} == {"whatsapp:" + TWILIO_NUMBER}
    assert any("account" in c["fields"]["Body"].lower() for c in sent)


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "computed over another URL"])
def test_twilio_webhook_with_a_wrong_signature_is_rejected(channel_bot, fake, signature):
    sender = "+4477009003%02d" % len(signature)
    form = twilio_form(sender, "hello")
    if signature == "computed over another URL":
        signature = RequestValidator(TWILIO_AUTH).compute_signature("https://evil.example/hook", form)
    assert post_twilio(channel_bot, form, signature=signature).status_code == 403
    time.sleep(1)
    assert fake.sent("twilio", "Messages.json", To=sender) == []


def test_twilio_signature_of_a_tampered_body_is_rejected(channel_bot, fake):
    sender = "+447700900399"
    form = twilio_form(sender, "hello")
    signature = RequestValidator(TWILIO_AUTH).compute_signature(TWILIO_URL, form)
    form["Body"] = "something else"
    assert post_twilio(channel_bot, form, signature=signature).status_code == 403


def test_a_twilio_send_error_is_logged_without_the_number_and_the_bot_carries_on(channel_bot, fake):
    failing = "+447700900500"
    assert post_twilio(channel_bot, twilio_form(failing, "hello")).status_code == 204
    fake.wait_sent("twilio", "Messages.json", To=failing)
    log = (channel_bot.tmp / "rasa.log").read_text(errors="replace")
    assert "twilio: sending failed (HTTP 400, Twilio code 21211)" in log
    assert failing not in log
    ok = "+447700900501"
    assert post_twilio(channel_bot, twilio_form(ok, "hello")).status_code == 204
    assert fake.wait_sent("twilio", "Messages.json", To=ok)


def test_a_rest_caller_using_the_victims_number_cannot_reach_their_sms_conversation(channel_bot, fake):
    """Issue 20: an abuser who knows the victim's number posts to REST as that number (or its WhatsApp form) and
    asks "what now": they must not learn the victim's topic; the store never holds the number."""
    import sqlite3

    victim = "+447700900123"
    assert post_twilio(channel_bot, twilio_form(victim, "/threat_sextortion")).status_code == 204
    before = len(fake.wait_sent("twilio", "Messages.json", To=victim))
    assert post_twilio(channel_bot, twilio_form(victim, "what should I do now?")).status_code == 204
    own = " ".join(
        c["fields"]["Body"] for c in fake.wait_sent("twilio", "Messages.json", count=before + 1, To=victim)
    ).lower()
    assert "sextortion" in own or "blackmail" in own  # the victim's own conversation does know the topic
    for sender in (victim, "whatsapp:" + victim, "tw:" + victim):
        texts = " ".join(channel_bot.reply_texts(sender, "what should I do now?")).lower()
        assert "sextortion" not in texts and "blackmail" not in texts, sender
    ids = {
        r[0] for r in sqlite3.connect(channel_bot.tmp / "tracker.db").execute("select distinct sender_id from events")
    }
    assert not any("7700900123" in i for i in ids if not i.startswith("rest:"))  # rest: ids are what callers typed
    assert any(i.startswith("tw:") for i in ids)


# --- REST and the Rasa HTTP API -----------------------------------------------------------------------


def test_rest_channel_is_open(channel_bot):
    assert channel_bot.reply_texts("rest-user", "hello")


def test_http_api_needs_the_token(channel_bot):
    user = "api-" + uuid.uuid4().hex[:6]
    channel_bot.reply_texts(user, "hello")
    url = f"{channel_bot.url}/conversations/{channel_bot.conversation(user)}/tracker"
    assert requests.get(url, timeout=30).status_code in (401, 403)
    assert requests.get(url, params={"token": "wrong"}, timeout=30).status_code in (401, 403)
    assert requests.get(f"{channel_bot.url}/status", timeout=30).status_code in (401, 403)
    ok = requests.get(url, params={"token": API_TOKEN}, timeout=30)
    assert ok.status_code == 200 and ok.json()["sender_id"] == channel_bot.conversation(user)


def test_no_phone_number_or_message_text_in_the_server_log(channel_bot):
    log = (channel_bot.tmp / "rasa.log").read_text(errors="replace")
    assert "+447700900111" not in log and "Royal Mail" not in log


# --- "Is this a scam?" checker (issue 23) on the messaging channels --------------------------------------

PASTED_SCAM = (
    "is this a scam? Royal Mail: your parcel is held due to a £1.99 unpaid shipping fee. "
    "Pay within 24 hours at royalmail-redelivery-fee.com"
)


def test_telegram_pasted_scam_text_gets_the_signs_and_7726(channel_bot, fake):
    chat = 900077
    assert post_telegram(channel_bot, telegram_update(chat, PASTED_SCAM)).status_code == 200
    sent = fake.wait_sent("telegram", "sendMessage", count=2, chat_id=chat)
    text = "\n".join(c["fields"]["text"] for c in sent)
    assert "signs of a scam" in text and "royalmail-redelivery-fee[.]com" in text and "7726" in text
    assert "is safe" not in text.lower() and "is a scam" not in text.lower()


def test_sms_pasted_scam_text_gets_the_signs_and_7726(channel_bot, fake):
    sender = "+447700900177"
    assert post_twilio(channel_bot, twilio_form(sender, PASTED_SCAM)).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", count=2, To=sender)
    reply = "\n".join(c["fields"]["Body"] for c in sent)
    assert "signs of a scam" in reply and "7726" in reply


def test_whatsapp_pasted_link_alone_is_checked(channel_bot, fake):
    sender = "whatsapp:+447700900277"
    assert post_twilio(channel_bot, twilio_form(sender, "hmrc-tax-refund-claim.com")).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", count=2, To=sender)
    reply = "\n".join(c["fields"]["Body"] for c in sent)
    assert "hmrc-tax-refund-claim[.]com" in reply or "can't see the usual signs" in reply
    assert "report@phishing.gov.uk" in reply


def test_telegram_pasted_email_from_gmail_shows_the_sender_sign_and_no_address_is_kept(channel_bot, fake):
    chat = 900078
    email = (
        "is this a scam?\nFrom: HSBC Security <hsbc.secure.team@gmail.com>\nSubject: Account locked\n"
        "Your account has been locked. Verify your details today."
    )
    assert post_telegram(channel_bot, telegram_update(chat, email)).status_code == 200
    sent = fake.wait_sent("telegram", "sendMessage", count=3, chat_id=chat)  # privacy notice, signs, where to send
    text = "\n".join(c["fields"]["text"] for c in sent)
    assert "sender's address doesn't belong" in text and "report@phishing.gov.uk" in text
    assert "hsbc.secure.team" not in text and "gmail" not in text
    stored = "\n".join(
        row[0] for row in sqlite3.connect(channel_bot.tmp / "tracker.db").execute("select data from events")
    )
    assert "hsbc.secure.team" not in stored and "gmail" not in stored and "free-mail" in stored


def test_sms_pasted_text_from_a_bank_with_a_premium_number_gets_the_number_sign(channel_bot, fake):
    sender = "+447700900178"
    text = "is this real? HSBC: your card has been blocked. Call 09098 790123 now to unblock it."
    assert post_twilio(channel_bot, twilio_form(sender, text)).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", count=2, To=sender)
    reply = "\n".join(c["fields"]["Body"] for c in sent)
    assert "premium-rate number" in reply and "159" in reply and "790123" not in reply


def test_whatsapp_pasted_task_scam_chat_gets_the_new_signs_and_the_apps_report_button(channel_bot, fake):
    sender = "whatsapp:+447700900377"
    text = (
        "is this a scam? Hi, I work as a recruiter. To withdraw your earnings you need to top up £120 first, "
        "then you can unlock your commission"
    )
    assert post_twilio(channel_bot, twilio_form(sender, text)).status_code == 204
    sent = fake.wait_sent("twilio", "Messages.json", count=2, To=sender)
    reply = "\n".join(c["fields"]["Body"] for c in sent)
    assert "pay to get paid" in reply and "out of the blue" in reply, reply
    assert "is safe" not in reply.lower() and "is a scam" not in reply.lower()


def test_telegram_pasted_sextortion_email_gets_the_sign_and_no_blame(channel_bot, fake):
    chat = 900079
    text = (
        "is this a scam? I turned on your webcam and recorded you on a porn site. Send $500 in bitcoin in 48 hours "
        "or I send the video to all your contacts"
    )
    assert post_telegram(channel_bot, telegram_update(chat, text)).status_code == 200
    sent = fake.wait_sent("telegram", "sendMessage", count=2, chat_id=chat)
    said = "\n".join(c["fields"]["text"] for c in sent)
    assert "threatens to share intimate pictures" in said and "it's not your fault" in said, said
    assert "is safe" not in said.lower() and "is a scam" not in said.lower()
