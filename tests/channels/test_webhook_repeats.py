"""Provider webhooks handled once, and Telegram in private chats only (channels/twilio.py, channels/telegram.py).
The connectors' own webhook handlers are called directly with real-format requests (no Rasa server): Twilio
retries or a replayed signed request with the same MessageSid, and Telegram retries with the same update_id,
must reach Rasa once; a message in a Telegram group must not reach Rasa at all."""

import asyncio
import time
import types

from sanic.request import RequestParameters
from twilio.request_validator import RequestValidator

from channels.telegram import PRIVATE_ONLY, TelegramVerifiedInput
from channels.twilio import TwilioVerifiedInput

TWILIO_URL = "https://bot.example.org/webhooks/twilio/webhook"
AUTH = "f" * 32


def _handler(bp, uri="/webhook"):
    return next(r.handler for r in bp._future_routes if r.uri == uri)


def _run(handler, request):
    return asyncio.run(handler(request))


class Recorder:
    def __init__(self):
        self.messages = []

    async def __call__(self, message):
        self.messages.append(message)


def _twilio_request(form):
    signature = RequestValidator(AUTH).compute_signature(TWILIO_URL, form)
    return types.SimpleNamespace(
        headers={"X-Twilio-Signature": signature},
        url=TWILIO_URL,
        form=RequestParameters({k: [v] for k, v in form.items()}),
    )


def test_a_twilio_webhook_sent_twice_with_the_same_message_sid_reaches_the_bot_once():
    rasa = Recorder()
    channel = TwilioVerifiedInput("AC" + "1" * 32, AUTH, "+447700900000", webhook_url=TWILIO_URL)
    handler = _handler(channel.blueprint(rasa))
    form = {"MessageSid": "SM" + "a" * 32, "From": "+447700900222", "Body": "I think I've been scammed"}
    for _ in range(3):  # the first delivery, Twilio's retry, a replay of the same signed request
        assert _run(handler, _twilio_request(form)).status == 204
    assert len(rasa.messages) == 1
    _run(handler, _twilio_request({**form, "MessageSid": "SM" + "b" * 32}))  # a new message is still answered
    assert len(rasa.messages) == 2


def _telegram_request(update, secret="s3cret"):
    return types.SimpleNamespace(headers={"X-Telegram-Bot-Api-Secret-Token": secret}, json=update)


def _update(update_id, chat_type="private", chat_id=4242, text="hello"):
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": chat_type, "title": "A group"}
            if chat_type != "private"
            else {"id": chat_id, "type": "private", "first_name": "T"},
            "from": {"id": 7, "is_bot": False, "first_name": "T"},
        },
    }


class FakeTelegramOut:
    def __init__(self):
        self.sent = []

    async def send_text_message(self, chat_id, text, **kwargs):
        self.sent.append((chat_id, text))


def _telegram():
    channel = TelegramVerifiedInput("123:abc", "https://bot.example.org/webhooks/telegram/webhook", "s3cret")
    channel._out = FakeTelegramOut()  # no call to Telegram's API
    rasa = Recorder()
    return channel, _handler(channel.blueprint(rasa)), rasa


def test_a_telegram_update_sent_twice_reaches_the_bot_once():
    channel, handler, rasa = _telegram()
    for _ in range(2):
        assert _run(handler, _telegram_request(_update(5001))).status == 200
    assert len(rasa.messages) == 1
    _run(handler, _telegram_request(_update(5002)))
    assert len(rasa.messages) == 2


def test_a_telegram_group_gets_one_private_only_note_and_its_messages_never_reach_the_bot():
    channel, handler, rasa = _telegram()
    for update_id in (6001, 6002, 6003):
        _run(handler, _telegram_request(_update(update_id, chat_type="group", chat_id=-100123, text="my son is 13")))
    assert rasa.messages == []
    assert channel._out.sent == [("-100123", PRIVATE_ONLY)]
