"""Inside a live chat with the team (issue 27): "stop" ends it and tells the agent with a private note; distress is
relayed and also gets the support services; the reply-address memory for Telegram and Twilio keeps an address only
for a live handover."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import actions as handover
from channels import reply_addresses
from tests.unit.action_helpers import all_text
from tests.unit.test_handover import FakeProvider


class NotingProvider(FakeProvider):
    def __init__(self):
        super().__init__()
        self.notes = []

    def note(self, session, text):
        self.notes.append((session["conversation_id"], text))


@pytest.fixture
def provider(monkeypatch):
    fake = NotingProvider()
    monkeypatch.setattr(handover, "provider_from_env", lambda: fake)
    return fake


def validate(text, intent="inform", nation=None):
    dispatcher = CollectingDispatcher()
    slots = {"handover": {"conversation_id": 7, "reason": "asked"}, "nation": nation}
    trk = Tracker(
        "tg:abc",
        slots,
        {"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": []},
        [],
        False,
        None,
        {},
        "action_listen",
    )
    result = handover.ValidateHandoverForm().validate_handover_input(text, dispatcher, trk, {})
    return dispatcher.messages, result


@pytest.mark.parametrize("text", ["stop", "STOP", "Quick exit", "end chat.", "quit"])
def test_stop_tells_the_agent_with_a_private_note_and_ends_the_chat(provider, text):
    messages, result = validate(text)
    assert result == {"handover_input": "ended"}
    assert provider.relayed == []
    assert len(provider.notes) == 1 and provider.notes[0][0] == 7 and "has left the chat" in provider.notes[0][1]
    assert "You've left the chat with the Cyber Protect team" in all_text(messages) and "999" in all_text(messages)


def test_stop_inside_a_sentence_is_relayed_not_an_exit(provider):
    messages, result = validate("how do I stop them texting me")
    assert result == {"handover_input": None} and messages == [] and provider.notes == []
    assert provider.relayed == [(7, "how do I stop them texting me")]


@pytest.mark.parametrize(
    "nation, service, never",
    [
        ("scotland", "Victim Support Scotland", "Victim Support NI"),
        ("wales", "Victim Support", "Victim Support Scotland"),
    ],
)
def test_distress_is_relayed_and_gets_samaritans_and_the_nations_victim_support(provider, nation, service, never):
    messages, result = validate("I feel so stupid, I can't stop crying", intent="distress", nation=nation)
    assert result == {"handover_input": None}
    assert provider.relayed == [(7, "I feel so stupid, I can't stop crying")]
    assert messages[0].get("response") == "utter_distress_support"  # Samaritans 116 123 (domain response)
    text = all_text(messages)
    assert service in text and never not in text


def test_ordinary_messages_get_no_support_reply(provider):
    messages, _ = validate("they said they were from my bank")
    assert messages == []


class FakeGate:
    def __init__(self, slot):
        self.slot = slot

    async def handover_slot(self, conversation):
        return self.slot


def test_an_address_is_kept_only_while_the_conversation_is_in_a_live_handover():
    book = reply_addresses.shared()
    for slot, kept in [
        ({"offered": "asked"}, None),
        ({"conversation_id": 7}, "+447700900111"),
        ({"callback": "contact", "conversation_id": 7}, None),
        (None, None),
    ]:
        asyncio.run(reply_addresses.update_after_message(FakeGate(slot), "tw:hash1", "twilio", "+447700900111"))
        assert book.address("tw:hash1", "twilio") == kept
    asyncio.run(reply_addresses.update_after_message(FakeGate({"conversation_id": 7}), "tw:hash1", "twilio", "+44770"))
    assert book.address("tw:hash1", "telegram") is None  # never another channel's
    book.forget("tw:hash1")


def test_addresses_expire_and_are_bounded():
    now = [0.0]
    book = reply_addresses.ReplyAddresses(ttl=10, max_addresses=2, clock=lambda: now[0])
    for i in range(3):
        book.remember(f"tg:{i}", "telegram", str(i))
    assert len(book) == 2 and book.address("tg:0", "telegram") is None
    now[0] = 11
    assert book.address("tg:2", "telegram") is None
