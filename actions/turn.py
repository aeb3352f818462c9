"""What the latest turn says, read from the Rasa tracker: the message's text, intent and entities, and the topic
under discussion (the latest threat_<key> intent, else the `topic` slot). Shared by the advice, children's and
handover actions, so none of them imports another's module for it."""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker

from actions import message_facts
from actions.content_schema import Topic
from actions.content_store import default_store

THREAT_PREFIX = "threat_"


def text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def entity(tracker: Tracker, name: str) -> Optional[str]:
    """The first value of entity `name` in the latest message, or None."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == name and found.get("value"):
            return str(found["value"])
    return None


def current_topic(tracker: Tracker) -> Optional[Topic]:
    """The topic of a threat_<key> intent (for a distress message, the classifier's topic), refined by the message's
    facts (message_facts.refined_topic: a 15-year-old's "romance" is grooming), else the topic slot."""
    name = intent(tracker)
    if name == "distress":  # "I lost my savings to a fake investment, my life is ruined": the classifier's topic
        name = (tracker.latest_message.get("safeguarding") or {}).get("classifier_intent") or ""
    if name.startswith(THREAT_PREFIX):  # read from this message: its facts may point to a neighbouring topic
        key = message_facts.refined_topic(name[len(THREAT_PREFIX):], text(tracker))
    else:
        key = tracker.get_slot("topic")
    return default_store().topic(key) if key else None
