"""Callback requests (issue 27 item 2): out of hours, when everyone is busy or with no live chat, the bot gives the
numbers for the person's nation and, with a provider that takes requests (email), offers a callback; "yes" asks
when and then how; the phone number or email address is sent by the channel gate and never reaches Rasa, the
tracker or the action server; cancelling, a missing contact and a failed send all end kindly with the numbers."""

import asyncio
import datetime as dt

import pytest
from rasa.core.channels.channel import UserMessage

from action_helpers import all_text, run, slot, titles
from actions.handover import actions as handover
from cyberprotect.handover import callback
from cyberprotect.handover.providers import HandoverError
from channels.gate import CALLBACK_KEY, Gate
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

OUT_OF_HOURS = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.timezone.utc)  # Tuesday 20:00 GMT
IN_HOURS = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)


class FakeEmail:
    name, live = "email", False

    def __init__(self, fail=False):
        self.fail, self.requests = fail, []

    def request(self, ref, summary, contact=None, when=None):
        if self.fail:
            raise HandoverError("email: SMTPServerDisconnected")
        self.requests.append((ref, summary, contact, when))


@pytest.fixture
def email(monkeypatch):
    fake = FakeEmail()
    monkeypatch.setattr(handover, "provider_from_env", lambda: fake)
    monkeypatch.setattr(handover, "now", lambda: OUT_OF_HOURS)
    return fake


def make_tracker(intent, text, slots=None, events=None):
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": []}
    return Tracker("web:abc", slots or {}, message, events or [], False, None, {}, "action_listen")


def validate(text, session, intent="inform", metadata=None):
    dispatcher = CollectingDispatcher()
    events = [{"event": "user", "text": text, "metadata": metadata or {}, "parse_data": {"intent": {"name": intent}}}]
    trk = make_tracker(intent, text, {"handover": session}, events)
    return dispatcher.messages, handover.ValidateHandoverForm().validate_handover_input(text, dispatcher, trk, {})


# --- the offer --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", [OUT_OF_HOURS, IN_HOURS])
def test_asking_for_a_person_without_live_chat_gives_the_numbers_then_offers_a_callback(email, monkeypatch, when):
    monkeypatch.setattr(handover, "now", lambda: when)
    messages, events = run(
        handover.ActionOfferPerson(), make_tracker("human_handoff", "can I talk to someone", {"nation": "scotland"})
    )
    text = all_text(messages)
    assert "Police Scotland" in text and "116 123" in text and "Report Fraud" not in text and "999" in text
    assert text.index("Police Scotland") < text.index("phone or email you back?")
    assert titles(messages)[-2:] == ["Yes, put me through", "No, thanks"]
    assert slot(events, "handover") == {"callback_offered": "asked"}


def test_no_callback_offered_without_a_provider_that_takes_requests(monkeypatch):
    monkeypatch.setattr(handover, "provider_from_env", lambda: None)
    messages, events = run(handover.ActionOfferPerson(), make_tracker("human_handoff", "a person please"))
    assert "Samaritans" in all_text(messages) and "phone or email you back" not in all_text(messages)
    assert slot(events, "handover") is None


def test_yes_to_a_callback_asks_when_and_keeps_only_the_redacted_summary(email):
    story = [
        {
            "event": "user",
            "text": "they took £900, call me on 07700 900123",
            "parse_data": {"intent": {"name": "already_paid"}},
        }
    ]
    messages, events = run(
        handover.ActionHandoverStart(),
        make_tracker("affirm", "yes", {"handover": {"callback_offered": "asked"}}, story),
    )
    assert "When is a good time" in all_text(messages) and slot(events, "handover_active") is True
    session = slot(events, "handover")
    assert session["callback"] == "when" and "£900" in session["summary"] and "900123" not in session["summary"]
    assert email.requests == []


# --- the answers ------------------------------------------------------------------------------------------


def test_the_good_time_is_kept_redacted_then_the_bot_asks_how(email):
    messages, result = validate("evenings, or text 07700 900123", {"callback": "when", "summary": "S"})
    assert "phone number or an email address" in all_text(messages)
    assert result["handover_input"] is None and result["handover"]["callback"] == "contact"
    assert "900123" not in result["handover"]["when"] and "evenings" in result["handover"]["when"]


def test_sent_by_the_gate_thanks_the_person_and_ends(email):
    messages, result = validate(
        callback.SENT_TEXT, {"callback": "contact", "when": "evenings"}, metadata={CALLBACK_KEY: {"sent": True}}
    )
    assert "I've sent your request" in all_text(messages) and result == {"handover_input": "ended"}


def test_not_sent_gives_the_numbers(email):
    messages, result = validate(
        callback.NOT_SENT_TEXT, {"callback": "contact", "reason": "asked"}, metadata={CALLBACK_KEY: {"sent": False}}
    )
    assert "Samaritans" in all_text(messages) and result == {"handover_input": "ended"}


def test_no_contact_asks_once_more_then_gives_the_numbers(email):
    messages, result = validate("whenever", {"callback": "contact"})
    assert "couldn't see a phone number" in all_text(messages) and result["handover"]["retried"] is True
    messages, result = validate("whenever", result["handover"])
    assert "Samaritans" in all_text(messages) and result == {"handover_input": "ended"}


@pytest.mark.parametrize("text, intent", [("cancel", "inform"), ("no thanks", "deny"), ("No.", "inform")])
def test_the_person_can_cancel_at_either_step(email, text, intent):
    for step in ("when", "contact"):
        messages, result = validate(text, {"callback": step}, intent=intent)
        assert "won't ask them to contact you" in all_text(messages) and result == {"handover_input": "ended"}


def test_not_before_ten_is_a_time_not_a_cancel(email):
    _, result = validate("not before 10am", {"callback": "when"})
    assert result["handover"]["when"] == "not before 10am"


# --- the gate: the contact goes to the team and nowhere else ----------------------------------------------


class Quiet:
    def __init__(self):
        self.sent = []

    async def send_text_message(self, recipient_id, text, **kwargs):
        self.sent.append(text)


def through_the_gate(text, session, provider):
    received = []

    async def rasa(message):
        received.append(message)

    async def handover_slot(conversation):
        return session

    gate = Gate(b"k" * 32, env={})
    gate.handover_slot = handover_slot
    out = Quiet()
    original = callback.send_from_gate
    message = UserMessage(text, out, "web:abc", input_channel="socketio", metadata={CALLBACK_KEY: {"sent": True}})
    callback.send_from_gate = lambda slot, ref, raw: original(slot, ref, raw, provider=provider)
    try:
        asyncio.run(gate.admit(message, rasa, limited=False))
    finally:
        callback.send_from_gate = original
    return received[0].text, received[0].metadata or {}, out.sent


def test_at_the_contact_step_the_gate_sends_the_contact_and_rasa_sees_only_that_it_did():
    provider = FakeEmail()
    session = {"callback": "contact", "summary": "Topic: x", "when": "evenings"}
    text, metadata, notices = through_the_gate("call me on 07700 900123 please", session, provider)
    assert provider.requests == [("web:abc", "Topic: x", "07700 900123", "evenings")]
    assert text == callback.SENT_TEXT and metadata == {CALLBACK_KEY: {"sent": True}} and notices == []
    text, metadata, _ = through_the_gate("jo.bloggs@example.com", session, provider)
    assert provider.requests[-1][2] == "jo.bloggs@example.com" and "@" not in text


def test_a_failed_send_is_told_to_rasa_without_the_contact():
    text, metadata, _ = through_the_gate("07700 900123", {"callback": "contact"}, FakeEmail(fail=True))
    assert text == callback.NOT_SENT_TEXT and metadata == {CALLBACK_KEY: {"sent": False}}


def test_anywhere_else_the_number_is_removed_as_always_and_nothing_is_sent():
    provider = FakeEmail()
    for session in (None, {"callback": "when"}, {"conversation_id": 7}):
        text, metadata, notices = through_the_gate("call me on 07700 900123", session, provider)
        assert "900123" not in text and "[phone number removed]" in text and CALLBACK_KEY not in metadata
        assert any("I've removed" in n for n in notices)
    assert provider.requests == []


def test_an_emergency_typed_with_the_contact_reaches_rasa_redacted_and_nothing_is_sent():
    provider = FakeEmail()
    text, metadata, _ = through_the_gate(
        "he's outside my house with a knife, my number is 07700 900123",
        {"callback": "contact", "summary": "Topic: x"},
        provider,
    )
    assert provider.requests == [] and CALLBACK_KEY not in metadata
    assert "knife" in text and "900123" not in text and "[phone number removed]" in text


def test_after_an_emergency_reply_mid_callback_nothing_is_sent_and_the_question_comes_again_with_cancel(email):
    for step, expected in (("when", "when is a good time"), ("contact", "type a phone number or an email")):
        dispatcher = CollectingDispatcher()
        trk = make_tracker(
            "emergency_danger",
            "someone is at my door with a knife",
            {"handover": {"callback": step, "summary": "Topic: x"}},
        )
        assert handover.ActionAskHandoverInput().run(dispatcher, trk, {}) == []
        said = all_text(dispatcher.messages)
        assert expected in said and "cancel" in said and "still like" in said
    assert email.requests == []


def test_contact_in_finds_a_phone_number_or_an_email_address():
    assert callback.contact_in("ring 07700 900123 after six") == "07700 900123"
    assert callback.contact_in("+44 20 7946 0018") == "+44 20 7946 0018"
    assert callback.contact_in("me@example.org thanks") == "me@example.org"
    assert callback.contact_in("after six please") is None and callback.contact_in(None) is None
