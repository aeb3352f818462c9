"""Rasa actions that give advice and reporting routes for the topic under discussion.

The topic comes from the latest threat_<key> intent, or from the `topic` slot for follow-ups ("what now?",
"how do I report it?", "I already paid"). Advice text comes from the content store, routes from the route
engine (actions/routing.py), wording from actions/replies.py.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import replies
from actions.content_schema import Topic
from actions.content_store import default_store
from actions.routing import Case, decide_routes

THREAT_PREFIX = "threat_"


def _send(dispatcher: CollectingDispatcher, messages: List[Dict[str, Any]]) -> None:
    for m in messages:
        dispatcher.utter_message(text=m["text"], buttons=m.get("buttons") or [])


def current_topic(tracker: Tracker) -> Optional[Topic]:
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    key = intent[len(THREAT_PREFIX):] if intent.startswith(THREAT_PREFIX) else tracker.get_slot("topic")
    return default_store().topic(key) if key else None


def _yes_no(value: Optional[str]) -> Optional[bool]:
    return {"yes": True, "no": False}.get(value or "")


def case_from_tracker(tracker: Tracker, topic: Optional[Topic]) -> Case:
    nation = tracker.get_slot("nation")
    return Case(
        threat=topic.key if topic else None,
        category=topic.category if topic else None,
        danger_now=_yes_no(tracker.get_slot("danger_now")),
        child_involved=_yes_no(tracker.get_slot("under_18")),
        money_lost=_yes_no(tracker.get_slot("money_lost")),
        nation=nation if nation in ("england", "wales", "scotland", "northern_ireland") else None,
        topic_routes=(topic.routes + topic.support) if topic else (),
    )


def route_decisions(tracker: Tracker, topic: Optional[Topic]):
    """The content snapshot, the case known so far, and the route engine's ordered decisions for it."""
    case = case_from_tracker(tracker, topic)
    return default_store().current(), case, decide_routes(case)


class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker)
        if topic is None:
            _send(dispatcher, replies.no_topic())
            return []
        # The do-now steps refer to numbers "shown below": the routes for this topic follow straight away.
        snapshot, case, decisions = route_decisions(tracker, topic)
        advice = replies.advice(topic, snapshot.routes.get("emergency_999"))
        advice[-1].pop("buttons", None)
        _send(dispatcher, advice + replies.routes(snapshot, decisions, replies.ROUTES_INTRO, case.nation is not None))
        return [SlotSet("topic", topic.key)]


class ActionWhatNow(Action):
    def name(self) -> Text:
        return "action_what_now"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker)
        _send(dispatcher, replies.what_now(topic) if topic else replies.no_topic())
        return []


class ActionProtect(Action):
    def name(self) -> Text:
        return "action_protect"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker) or default_store().topic("account_security")
        _send(dispatcher, replies.protect(topic) if topic else replies.no_topic())
        return []


class ActionHowReport(Action):
    intro = replies.ROUTES_INTRO

    def name(self) -> Text:
        return "action_how_report"

    def run(self, dispatcher, tracker, domain):
        snapshot, case, decisions = route_decisions(tracker, current_topic(tracker))
        _send(dispatcher, replies.routes(snapshot, decisions, self.intro, case.nation is not None))
        return []


class ActionReportRoutes(ActionHowReport):
    intro = "Thank you. Based on your answers, here is where to go, most urgent first:"

    def name(self) -> Text:
        return "action_report_routes"


class ActionContentDate(Action):
    def name(self) -> Text:
        return "action_content_date"

    def run(self, dispatcher, tracker, domain):
        _send(dispatcher, replies.content_date(default_store().current(), current_topic(tracker)))
        return []


class ActionReportFraudInfo(Action):
    """'What's the Action Fraud number?': Report Fraud (formerly Action Fraud), and Police Scotland for Scotland."""

    def name(self) -> Text:
        return "action_report_fraud_info"

    def run(self, dispatcher, tracker, domain):
        snapshot = default_store().current()
        case = case_from_tracker(tracker, None)
        fraud_case = Case(category="fraud", nation=case.nation)
        reports = [d for d in decide_routes(fraud_case) if snapshot.routes[d.route].kind == "report"]
        _send(dispatcher, replies.routes(snapshot, reports, "Where to report fraud:", case.nation is not None))
        return []


class ActionSupportOnly(Action):
    """'I don't want to report it': support organisations and the do-now steps, with no pressure to report."""

    def name(self) -> Text:
        return "action_support_only"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker)
        snapshot, _, decisions = route_decisions(tracker, topic)
        support = [d for d in decisions if snapshot.routes[d.route].kind in ("support", "emergency")]
        if support:
            _send(dispatcher, replies.routes(snapshot, support, replies.SUPPORT_INTRO, True))
        if topic is not None:
            _send(dispatcher, replies.what_now(topic))
        if not support and topic is None:
            _send(dispatcher, replies.no_topic())
        return []
