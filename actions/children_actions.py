"""Rasa actions for parents, carers and young people: the TALK walk-through and app and game settings (the young
person's welcome: actions/young_person_actions.py).

The TALK checklist, the platform guides and the young people's text come from the content store
(content/children/, content/platforms/); the child's age band and the app come from what the parent typed
(cyberprotect/message_facts/) or from a button; the young person's help lines come from the route engine.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import turn
from cyberprotect import message_facts, replies
from cyberprotect.content_schema import AGE_BANDS
from cyberprotect.content_store import default_store
from cyberprotect.routing import NATIONS, Case, decide_routes
from actions.sending import send


def _band(tracker: Tracker, intent: str) -> Optional[str]:
    """The child's age band: from a button, from this message, or remembered from before."""
    band = turn.entity(tracker, "age_band")
    if band in AGE_BANDS:
        return band
    text = turn.text(tracker)
    found = (
        message_facts.band_from_reply(text)
        if intent == "inform_child_age"
        else message_facts.age_band(message_facts.child_age(text))
    )
    return found or tracker.get_slot("child_age_band")


# A message this long that tells signs of grooming is a story about a child at risk (components/story_fallback.py
# story_min_words).
STORY_WORDS = 15
GROOMING = "child_grooming"


class ActionTalk(Action):
    """TALK, one step at a time: 'what is TALK?' starts it, 'next step' moves on, 'tell me more' (or giving the
    child's age) adds tips for the child's age band."""

    def name(self) -> Text:
        return "action_talk"

    def run(self, dispatcher, tracker, domain):
        text = turn.text(tracker)
        if (
            turn.intent(tracker) == "ask_talk"
            and len(text.split()) >= STORY_WORDS
            and message_facts.grooming_signs(text)
        ):
            # a parent's (or young person's) story of what is happening, not a question about keeping a child safe
            # in general: the grooming steps and CEOP now, not the TALK checklist (issue 18)
            return grooming_story(dispatcher, tracker)
        if (
            turn.intent(tracker) in ("talk_next", "talk_more")
            and tracker.get_slot("talk_step") is None
            and tracker.get_slot("topic")
            and not text.startswith("/")
        ):
            # "what next?" / "tell me more" typed after the advice on a topic, with no TALK walk-through under way:
            # the next steps for that topic (a computer-scam victim was shown the parents' checklist)
            return next_steps(dispatcher, tracker)
        return talk(dispatcher, tracker, turn.intent(tracker))


def next_steps(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """The next steps for the topic under discussion (as action_what_now gives them), what they already did first."""
    topic = turn.current_topic(tracker)
    if topic is None:
        return talk(dispatcher, tracker, turn.intent(tracker))
    snapshot = default_store().current()
    young = tracker.get_slot("young_person") is True
    send(dispatcher, replies.what_now(topic, snapshot.routes, young, snapshot.situations, turn.said_so_far(tracker)))
    return []


def grooming_story(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """The grooming advice and its routes (CEOP first: the victim is a child) for a story read as a TALK question."""
    store, text = default_store(), turn.text(tracker)
    snapshot, topic = store.current(), store.topic(GROOMING)
    if topic is None:  # content without the topic: the TALK answer as before
        return talk(dispatcher, tracker, "ask_talk")
    nation = tracker.get_slot("nation")
    if nation not in NATIONS:
        nation = message_facts.find_nation(text, snapshot.places)
    nation = nation if nation in NATIONS else None
    young = tracker.get_slot("young_person") is True or message_facts.says_young_person(text)
    case = Case(
        threat=topic.key,
        category=topic.category,
        child_involved=True,
        nation=nation,
        topic_routes=topic.routes + topic.support,
        sexual_images=message_facts.mentions_sexual_images([text]),
    )
    advice = replies.advice(topic, snapshot.routes, young, snapshot.situations, ())
    advice[-1].pop("buttons", None)
    send(
        dispatcher,
        [{"text": replies.GROOMING_STORY_INTRO}]
        + advice
        + replies.routes(snapshot, decide_routes(case), replies.ROUTES_INTRO, nation is not None),
    )
    events = [SlotSet("topic", topic.key), SlotSet("under_18", "yes"), SlotSet("talk_step", None)]
    return events + ([SlotSet("young_person", True)] if young and tracker.get_slot("young_person") is not True else [])


def talk(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str) -> List[Dict[str, Any]]:
    """action_talk's answer as if the user's intent were `intent` (action_what_now passes "talk_next" during
    TALK; action_suggest_topics "ask_talk" when TALK is asked about)."""
    guide = default_store().current().talk
    band = _band(tracker, intent)
    step = tracker.get_slot("talk_step")
    step = int(step) if isinstance(step, (int, float)) else None
    last = len(guide.steps) - 1
    events: List[Dict[str, Any]] = []
    if intent == "talk_next" and step is not None:
        if step >= last:
            send(dispatcher, replies.talk_done(guide))
            return [SlotSet("talk_step", None), SlotSet("child_age_band", band)]
        step += 1
        send(dispatcher, replies.talk_step(guide, step))
    elif intent in ("talk_more", "inform_child_age") and step is not None:
        send(dispatcher, replies.talk_more(guide, step, band))
    elif intent == "inform_child_age" and tracker.get_slot("platform"):
        return platform_safety(dispatcher, tracker)
    else:  # "what is TALK?", or "next"/"more" before TALK has started: start at T
        step = 0
        send(dispatcher, [replies.talk_intro(guide)] + replies.talk_step(guide, step))
        if intent in ("talk_more", "inform_child_age"):
            send(dispatcher, replies.talk_more(guide, step, band))
    events += [SlotSet("talk_step", float(step)), SlotSet("child_age_band", band)]
    return events


class ActionPlatformSafety(Action):
    """Settings and reporting tools for the app or game the parent names, with the app's minimum age."""

    def name(self) -> Text:
        return "action_platform_safety"

    def run(self, dispatcher, tracker, domain):
        return platform_safety(dispatcher, tracker)


def platform_safety(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """action_platform_safety's answer: the named app's settings, or the question which app."""
    snapshot = default_store().current()
    platforms = snapshot.platforms
    text = turn.text(tracker)
    platform = message_facts.find_platform(text, platforms.values())
    if platform is None:
        named = turn.entity(tracker, "platform") or tracker.get_slot("platform")
        platform = platforms.get(named or "") or message_facts.find_platform(named or "", platforms.values())
    age = message_facts.child_age(text)
    if age is None and isinstance(tracker.get_slot("child_age"), (int, float)):
        age = int(tracker.get_slot("child_age"))
    events: List[Dict[str, Any]] = []
    if age is not None:
        events += [SlotSet("child_age", float(age)), SlotSet("child_age_band", message_facts.age_band(age))]
    if platform is None:
        send(dispatcher, replies.platform_question(platforms.values()))
        return events
    send(dispatcher, replies.platform_advice(platform, age))
    return events + [SlotSet("platform", platform.key)]
