"""Shared helpers for the action tests: a Tracker for one user message, running an action without servers,
and reading what it sent."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(intent="", slots=None, text="hi", entities=None, ranking=None, confidence=1.0):
    message = {"intent": {"name": intent, "confidence": confidence}, "text": text, "entities": entities or []}
    if ranking is not None:
        message["intent_ranking"] = ranking
    return Tracker("test-user", slots or {}, message, [], False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    return dispatcher.messages, events


def all_text(messages):
    return "\n".join(m.get("text") or "" for m in messages)


def titles(messages):
    return [b["title"] for m in messages for b in m.get("buttons") or []]


def slot(events, name):
    """The last value an action set for slot `name`, or "unset"."""
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else "unset"
