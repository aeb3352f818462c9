"""Phone numbers are replaced by a placeholder, and only the KIND of number is kept (channels/redaction.py): in the
user message's metadata, not in the text the NLU reads. The scam checker's action puts the kinds back, so it can
still warn about a premium-rate, "personal" or mobile number it never sees; no digit of the number is stored."""

import asyncio
import re

import pytest

from cyberprotect.checker.signs import check
from cyberprotect.content_store import default_store
from channels.gate import Gate
from channels.redaction import PHONE_KINDS, PHONE_KINDS_KEY, hidden_phone_kinds, redact, restore_phone_kinds

KINDS = [
    ("call 09098 790123 now", "premium-rate"),
    ("ring +44 909 879 0123", "premium-rate"),
    ("0871 123 4567", "service-charge"),
    ("Your bank: call 070 1234 5678", "personal"),
    ("Hi mum, new number 07700 900123", "mobile"),
    ("whatsapp:+447700900123", "mobile"),
    ("0044 7700 900123", "mobile"),
    ("freephone 0800 123 4567", "freephone"),
    ("(0161) 496 0000", "landline"),
    ("020 7946 0123", "landline"),
    ("0300 123 2040", "non-geographic"),
    ("+1 202 555 0123", "international"),
    ("00 33 6 12 34 56 78", "international"),
    ("+234 803 123 4567", "international"),
]


@pytest.mark.parametrize("text,kind", KINDS)
def test_the_placeholder_keeps_the_kind_and_no_digit(text, kind):
    out, kinds = redact(text)
    assert kinds == ["phone"] and hidden_phone_kinds(out) == [kind], out
    for placeholder in re.findall(r"\[phone number removed[^\]]*\]", out):
        assert not re.search(r"\d", placeholder)
    assert kind in PHONE_KINDS


class Collected:
    async def send_text_message(self, recipient_id, text, **kwargs):
        pass


def _through_the_gate(text):
    """What Rasa receives for `text`: (the text the NLU reads, the user message's metadata)."""
    from rasa.core.channels.channel import UserMessage

    received = []

    async def rasa(message):
        received.append(message)

    message = UserMessage(text, Collected(), "tw:test", input_channel="twilio")
    asyncio.run(Gate(b"k" * 32, env={}).admit(message, rasa, limited=False))
    return received[0].text, received[0].metadata or {}


def _checker_reply(text):
    """The scam checker's reply to `text` sent through the gate, as the action server runs it (the tracker holds
    the NLU's text and the user event with the gate's metadata)."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.checker_actions import ActionCheckMessage

    nlu_text, metadata = _through_the_gate(text)
    assert not re.search(r"\d{4}", nlu_text), nlu_text  # the number itself never gets through
    assert "removed:" not in nlu_text  # the NLU reads the bare label (a kind word shifted intents)
    tracker = Tracker(
        "tw:test",
        {},
        {"text": nlu_text, "intent": {"name": "check_message"}, "entities": []},
        [{"event": "user", "text": nlu_text, "metadata": metadata}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionCheckMessage().run(dispatcher, tracker, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


SIGN_WORDS = {
    "premium_number": "premium-rate number",
    "personal_number": '"personal" number',
    "mobile_claims_organisation": "ordinary mobile number",
}


@pytest.mark.parametrize(
    "text,sign",
    [
        ("HSBC: your account is locked. Call 09098 790123 now to unlock it.", "premium_number"),
        ("Lloyds Bank fraud team: call us urgently on 070 1234 5678 about a payment.", "personal_number"),
        (
            "Barclays: a new payee was added to your account. If this was not you call 07700 900123.",
            "mobile_claims_organisation",
        ),
    ],
)
def test_the_scam_checker_still_warns_about_a_number_the_gate_removed(text, sign):
    reply = _checker_reply(text)
    assert SIGN_WORDS[sign] in reply, reply
    gated, _ = Gate(b"k" * 32, env={}).prepare(text, "tw:test", limited=False)
    assert sign in check(gated, default_store().current().checker).sign_keys


def test_a_number_alone_is_still_checked_as_a_number():
    assert SIGN_WORDS["premium_number"] in _checker_reply("09098 790123")


def test_the_kinds_travel_in_the_metadata_in_order_and_come_back():
    nlu_text, metadata = _through_the_gate("call 09098 790123 or 07700 900123 or +1 202 555 0123")
    assert nlu_text == "call [phone number removed] or [phone number removed] or [phone number removed]"
    assert metadata == {PHONE_KINDS_KEY: ["premium-rate", "mobile", "international"]}
    assert hidden_phone_kinds(restore_phone_kinds(nlu_text, metadata[PHONE_KINDS_KEY])) == [
        "premium-rate",
        "mobile",
        "international",
    ]
    assert restore_phone_kinds(nlu_text, ["<script>", None]) == nlu_text  # only known kinds are put back
