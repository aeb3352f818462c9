"""What the latest turn says, read from the Rasa tracker: the message's text, intent and entities, and the topic
under discussion (the latest threat_<key> intent, else the `topic` slot). Shared by the advice, children's and
handover actions, so none of them imports another's module for it."""

from __future__ import annotations

from typing import List, Optional, Tuple

from rasa_sdk import Tracker

from cyberprotect import message_facts
from cyberprotect.content_schema import Topic
from cyberprotect.content_store import default_store

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


# Questions that are usually asked about the topic under discussion, but that a first message often asks at the end
# of its own story ("I got a text from 'my bank' and clicked the link. What should I do and where do I report it?").
QUESTION_INTENTS = (
    "ask_what_now",
    "ask_how_report",
    "ask_money_back",
    "ask_protect",
    "already_paid",
    "ask_which_number",
    "ask_image_removal",
)
# How sure the classifier must be of a topic, as its best threat_* reading, for a question message to be read as
# telling that topic. A bare "how do I report it?" gives every topic a few per cent.
TOLD_TOPIC_MIN = 0.15


def told_topic(tracker: Tracker) -> Optional[str]:
    """The threat_<key> intent a question message tells of, when the message was read as a question (QUESTION_INTENTS)
    and its best topic reading reaches TOLD_TOPIC_MIN; else None."""
    if intent(tracker) not in QUESTION_INTENTS or (text(tracker) or "/").startswith("/"):
        return None
    for item in tracker.latest_message.get("intent_ranking") or []:
        name = item.get("name") or ""
        if name.startswith(THREAT_PREFIX):
            return name if float(item.get("confidence") or 0.0) >= TOLD_TOPIC_MIN else None
    return None


# Distress with a story: the story's topic counts from this confidence (the classifier's, read before the support
# override: components/safeguarding.py `threats`). Below it, the feelings are the message ("I feel so stupid, how
# could I fall for it"): the support reply, with the steps for what they did if they said (issue 19 req. 2).
# A story of DISTRESS_STORY_WORDS or more words needs only DISTRESS_STORY_TOPIC_MIN: its feelings spread the
# classifier's confidence ("It was under the front bumper. I feel violated. My wife's scared ...": a tracker, 0.03).
DISTRESS_TOPIC_MIN = 0.05
DISTRESS_STORY_WORDS = 15
DISTRESS_STORY_TOPIC_MIN = 0.02


def distress_topic(tracker: Tracker) -> Optional[str]:
    """The threat_<key> an upset person's story is about: the classifier's best threat reading when it is also its
    best intent after the emergencies and distress (not "I've been scammed", report_something) and reaches
    DISTRESS_TOPIC_MIN (DISTRESS_STORY_TOPIC_MIN in a story); None for feelings with no story ("I feel so stupid, I
    lost all my savings to a scam"). A model from before `threats` was kept: its best intent, as before."""
    facts = tracker.latest_message.get("safeguarding") or {}
    threats = facts.get("threats")
    if threats is None:
        return facts.get("classifier_intent")
    story = len(text(tracker).split()) >= DISTRESS_STORY_WORDS
    floor = DISTRESS_STORY_TOPIC_MIN if story else DISTRESS_TOPIC_MIN
    best = facts.get("classifier_intent")  # a threat only when it beats "I've been scammed" (report_something) etc.
    return next((str(n) for n, c in threats[:1] if n == best and str(n).startswith(THREAT_PREFIX) and c >= floor), None)


def current_topic(tracker: Tracker) -> Optional[Topic]:
    """The topic of a threat_<key> intent (for a distress message, the classifier's topic; for a question that tells
    its own story, the story's topic: told_topic), refined by the message's facts (message_facts.refined_topic: a
    15-year-old's "romance" is grooming), else the topic slot."""
    name = intent(tracker)
    if name == "distress":  # "I lost my savings to a fake investment, my life is ruined": the classifier's topic
        name = distress_topic(tracker) or ""
    name = told_topic(tracker) or name
    if name.startswith(THREAT_PREFIX):  # read from this message: its facts may point to a neighbouring topic
        key = message_facts.refined_topic(name[len(THREAT_PREFIX) :], text(tracker))
    else:
        key = tracker.get_slot("topic")
    return default_store().topic(key) if key else None


# How many of the person's latest messages are read for what they already did: a story told over several
# messages ("I got a text from Royal Mail" ... "I clicked it and put my card in") counts as one.
SAID_LOOKBACK = 10


def said_so_far(tracker: Tracker, topic_key: Optional[str] = None) -> Tuple[str, ...]:
    """What the person says has already happened, read from this session's latest messages (never stored), back
    to where the conversation was about another topic ("I paid for a puppy" does not follow them to a scam text)."""
    texts = story_texts(tracker, topic_key)
    found = {key for text in texts for key in message_facts.situation(text)}
    said = tuple(key for key in message_facts.SITUATIONS if key in found)
    if "paid" in said:  # how the money went ("through Western Union and gift cards"): its own step
        methods = {key for text in texts for key in message_facts.paid_with(text)}
        said += tuple(key for key in message_facts.PAID_WITH if key in methods)
    # someone else's story ("my mum got a call ... she paid"): the advice says "money was paid", not "you have paid"
    return said + (message_facts.SOMEONE_ELSE,) if said and message_facts.told_for_someone_else(texts) else said


def story_texts(tracker: Tracker, topic_key: Optional[str] = None) -> List[str]:
    """The latest message, then the person's earlier typed messages of this session, newest first, back to where the
    conversation was about another topic (at most SAID_LOOKBACK)."""
    topic_key = topic_key or tracker.get_slot("topic")
    texts = [text(tracker)]
    for event in reversed(tracker.events or []):
        if event.get("event") in ("session_started", "restart") or len(texts) > SAID_LOOKBACK:
            break
        if (
            event.get("event") == "slot"
            and event.get("name") == "topic"
            and event.get("value") not in (None, topic_key)
        ):
            break
        if event.get("event") == "user" and not (event.get("text") or "/").startswith("/"):
            texts.append(event["text"])
    return texts
