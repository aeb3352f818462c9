"""Rasa actions for parents, carers and young people: the TALK walk-through and app and game settings (the young
person's welcome: actions/young_person_actions.py).

The TALK checklist, the platform guides and the young people's text come from the content store
(content/children/, content/platforms/); the child's age band and the app come from what the parent typed
(actions/message_facts.py) or from a button; the young person's help lines come from the route engine.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import message_facts, replies, turn
from actions.content_schema import AGE_BANDS
from actions.content_store import default_store
from actions.sending import send


def _band(tracker: Tracker, intent: str) -> Optional[str]:
    """The child's age band: from a button, from this message, or remembered from before."""
    band = turn.entity(tracker, "age_band")
    if band in AGE_BANDS:
        return band
    text = turn.text(tracker)
    found = (message_facts.band_from_reply(text) if intent == "inform_child_age"
             else message_facts.age_band(message_facts.child_age(text)))
    return found or tracker.get_slot("child_age_band")


class ActionTalk(Action):
    """TALK, one step at a time: 'what is TALK?' starts it, 'next step' moves on, 'tell me more' (or giving the
    child's age) adds tips for the child's age band."""

    def name(self) -> Text:
        return "action_talk"

    def run(self, dispatcher, tracker, domain):
        return talk(dispatcher, tracker, turn.intent(tracker))


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
