"""A message that arrives again with its id (nginx's retry after a server died mid-message, a client sending again)
is answered from the tracker and not handled twice (startup/once.py, issue 25)."""

import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from startup import once


def test_only_ids_from_outside_in_a_safe_form_are_taken():
    assert once.message_id("3f2a9c0d1e") == "once:3f2a9c0d1e"
    assert once.message_id("a" * 64) == "once:" + "a" * 64
    for bad in (None, "", "short", "a" * 65, "has space in it", "quote'sforsure", 12345678, ["x" * 10]):
        assert once.message_id(bad) is None, bad


def events(mid_first="once:first-message", mid_second="once:second-message"):
    return [
        ActionExecuted("action_listen"),
        UserUttered("hello", message_id=mid_first),
        BotUttered("Hello, I'm the assistant", {"buttons": [{"title": "A scam text", "payload": "/x"}]}),
        BotUttered("If someone is in danger now, call 999"),
        ActionExecuted("action_listen"),
        UserUttered("what is phishing", message_id=mid_second),
        BotUttered("Phishing is ..."),
        ActionExecuted("action_listen"),
    ]


def test_the_replies_stored_after_the_turn_are_found():
    first = once.replies_after(events(), "once:first-message")
    assert [r["text"] for r in first] == ["Hello, I'm the assistant", "If someone is in danger now, call 999"]
    assert first[0]["buttons"] == [{"title": "A scam text", "payload": "/x"}]
    assert [r["text"] for r in once.replies_after(events(), "once:second-message")] == ["Phishing is ..."]
    assert once.replies_after(events(), "once:not-stored-yet") is None
    # Rasa's own random ids are never looked up: only ids from outside can repeat
    assert once.replies_after(events(mid_first="abc123"), "abc123") is None


class FakeProcessor:
    """Rasa's flow in small: handle_message fetches the tracker, _handle_message_with_tracker adds the user turn,
    the bot answers and the turn is saved."""

    def __init__(self):
        self.stored = events()
        self.handled = 0

    async def handle_message(self, message):
        tracker = type("T", (), {"events": list(self.stored)})()
        await once._handle_message_with_tracker(self, message, tracker)
        self.handled += 1
        self.stored += [UserUttered(message.text, message_id=message.message_id), BotUttered("a new answer")]
        await message.output_channel.send_response(message.sender_id, {"text": "a new answer"})
        return message.output_channel.messages

    async def _handle_message_with_tracker(self, message, tracker):
        return None


def test_a_repeat_is_answered_from_the_tracker_and_not_handled(monkeypatch):
    monkeypatch.setattr(
        once,
        "_installed",
        {
            "handle_message": FakeProcessor.handle_message,
            "_handle_message_with_tracker": FakeProcessor._handle_message_with_tracker,
        },
    )
    processor = FakeProcessor()

    def send(text, mid):
        message = UserMessage(text, CollectingOutputChannel(), "rest:me", message_id=mid)
        return asyncio.run(once._handle_message(processor, message))

    replies = send("hello", "once:first-message")
    assert [r["text"] for r in replies] == ["Hello, I'm the assistant", "If someone is in danger now, call 999"]
    assert processor.handled == 0 and len(processor.stored) == len(events())
    assert [r["text"] for r in send("thanks", "once:a-new-message")] == ["a new answer"]
    assert [r["text"] for r in send("thanks", "once:a-new-message")] == ["a new answer"]
    assert processor.handled == 1  # the second one was the repeat
    send("thanks", None)  # no id from outside: Rasa's random one, handled as before
    assert processor.handled == 2
