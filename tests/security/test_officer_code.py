"""The officer code (REHEARSAL_CODE) is never stored, and cannot be guessed without limit (issue 20, review A3):
the gate replaces it with a marker bound to the conversation, which the rehearsal action accepts; after 5 wrong
codes in an hour a conversation is refused even with the right one."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import rehearsal_actions as ra
from cyberprotect.rehearsal.engine import begin
from channels.gate import Gate, officer_marker

CODE = "Blue-Falcon-2931-x"
SECRET = b"s" * 32


def tracker(sender, text, state):
    return Tracker(
        sender,
        {"rehearsal": state},
        {"intent": {"name": "inform"}, "text": text, "entities": []},
        [{"event": "user", "text": "x"}] * 2,
        False,
        None,
        {"name": "rehearsal_form"},
        "action_listen",
    )


def validate(sender, text):
    out = ra.ValidateRehearsalForm().validate_rehearsal_input(
        text, CollectingDispatcher(), tracker(sender, text, begin().state), {}
    )
    return out["rehearsal"]["stage"] if out.get("rehearsal") else out


def test_the_gate_stores_a_marker_not_the_code():
    gate = Gate(SECRET, env={"REHEARSAL_CODE": CODE})
    text, notices = gate.prepare(CODE, "rest:officer-1")
    assert CODE not in text and text == officer_marker(SECRET, "rest:officer-1") and notices == []


def test_the_marker_opens_rehearsal_only_in_its_own_conversation(monkeypatch):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    monkeypatch.setenv("CONVERSATION_ID_SECRET", SECRET.decode())
    ra.CODE_FAILURES._buckets.clear()
    assert validate("rest:officer-1", officer_marker(SECRET, "rest:officer-1")) == "choose"
    assert validate("rest:someone-else", officer_marker(SECRET, "rest:officer-1")) != "choose"


def test_the_6th_attempt_is_refused_even_when_right(monkeypatch):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    monkeypatch.setenv("CONVERSATION_ID_SECRET", SECRET.decode())
    ra.CODE_FAILURES._buckets.clear()
    sender = "rest:guesser"
    for guess in range(5):
        assert validate(sender, f"guess-{guess}") != "choose"
    assert validate(sender, officer_marker(SECRET, sender)) != "choose"
    assert validate("rest:other-officer", officer_marker(SECRET, "rest:other-officer")) == "choose"
