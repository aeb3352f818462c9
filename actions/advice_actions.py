"""Rasa actions that give advice and reporting routes for the topic under discussion.

The topic comes from the latest threat_<key> intent, or from the `topic` slot for follow-ups ("what now?",
"how do I report it?", "I already paid"). Advice text comes from the content store, routes from the route
engine (cyberprotect/routing.py), wording from cyberprotect/replies.py. Child facts in the message ("my son", "I'm 14",
cyberprotect/message_facts/) set `under_18` and `young_person`, so a child gets child routes and a young person
gets the young person's wording. What the person says they already did ("I clicked the link and put my card
details in": message_facts.situation) puts those steps first (content/situations.yml) and the bank first in
the routes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import turn
from cyberprotect import message_facts, questions, replies
from actions.children_actions import platform_safety, talk
from cyberprotect.content_schema import Topic
from cyberprotect.content_store import default_store
from actions.handover.actions import nudge
from cyberprotect.routing import NATIONS, Case, decide_routes, for_young_writer, victim_support_routes
from actions.sending import send
from actions.turn import THREAT_PREFIX, current_topic, said_so_far, story_texts


def _yes_no(value: Optional[str]) -> Optional[bool]:
    return {"yes": True, "no": False}.get(value or "")


def is_young_person(tracker: Tracker) -> bool:
    return tracker.get_slot("young_person") is True


def situation_events(tracker: Tracker, said: Tuple[str, ...]) -> List[Dict[str, Any]]:
    """Money paid answers the triage's money question, so a later report does not ask it again."""
    return [SlotSet("money_lost", "yes")] if "paid" in said and tracker.get_slot("money_lost") != "yes" else []


def case_from_tracker(tracker: Tracker, topic: Optional[Topic], under_18: Optional[str] = None) -> Case:
    """The facts known so far. `under_18` overrides the slot with what the latest message just said."""
    nation = tracker.get_slot("nation")
    if nation not in NATIONS:  # "I live in Dundee. Where do I report it?": the place says the nation
        nation = message_facts.find_nation(turn.text(tracker), default_store().current().places)
    child = _yes_no(under_18 or tracker.get_slot("under_18"))
    if topic is not None and topic.child_victim and child is None:
        child = True  # e.g. grooming: always about someone under 18
    said = said_so_far(tracker, topic.key if topic else None)
    return Case(
        threat=topic.key if topic else None,
        category=topic.category if topic else None,
        danger_now=_yes_no(tracker.get_slot("danger_now")),
        child_involved=child,
        money_lost=True if "paid" in said else _yes_no(tracker.get_slot("money_lost")),
        details_given=True if {"details_given", "remote_access"} & set(said) else None,
        nation=nation if nation in NATIONS else None,
        topic_routes=(topic.routes + topic.support) if topic else (),
        names_report_fraud=questions.names_report_fraud(turn.text(tracker)),
        sexual_images=message_facts.mentions_sexual_images(story_texts(tracker, topic.key if topic else None)),
    )


def route_decisions(tracker: Tracker, topic: Optional[Topic], under_18: Optional[str] = None):
    """The content snapshot, the case known so far, and the route engine's ordered decisions for it."""
    case = case_from_tracker(tracker, topic, under_18)
    return default_store().current(), case, decide_routes(case)


def nation_events(tracker: Tracker, case: Case) -> List[Dict[str, Any]]:
    """Remember a nation read from a place name, so later answers use it too."""
    return [SlotSet("nation", case.nation)] if case.nation and tracker.get_slot("nation") != case.nation else []


def triage_answered_by_story(tracker: Tracker) -> List[Dict[str, Any]]:
    """A story told instead of answering the triage's danger question ends the triage with the advice (its safety
    line names 999; data/rules/triage.yml). The question was asked and answered with no danger in it, so a later
    "I want to report it" goes on to the next question instead of asking "is anyone in danger?" again: "unknown",
    as for "I don't know" (a story that shows danger is an emergency intent and never reaches the advice)."""
    in_triage = tracker.active_loop_name == "triage_form"
    return [SlotSet("danger_now", "unknown")] if in_triage and tracker.get_slot("danger_now") is None else []


# Which ways of paying mean which money-back answer (content/answers.yml by_payment), from the payment_method
# entity or slot, or the words of the message.
_PAID_BY = (
    (
        "bank_transfer",
        re.compile(
            r"\b(bank transfer|transfer|transferred|faster payment|online banking|"
            r"sort code|chaps|standing order|paypal friends)",
            re.I,
        ),
    ),
    ("card", re.compile(r"\b(card|credit|debit|visa|mastercard|amex|apple pay|google pay)\b", re.I)),
    (
        "other",
        re.compile(
            r"\b(crypto|bitcoin|btc|usdt|ethereum|gift ?cards?|vouchers?|steam|itunes|"
            r"google play|cash|western union|moneygram)\b",
            re.I,
        ),
    ),
)


def paid_by(tracker: Tracker) -> Optional[str]:
    """bank_transfer | card | other, when the message, the payment_method slot or (failing both) the story told
    earlier in this session says how they paid: "I moved £3,200 by bank transfer" ... "can I get my money back?"
    gets the bank transfer line, not all three."""
    said = " ".join(filter(None, [tracker.get_slot("payment_method"), tracker.latest_message.get("text")]))
    for text in [said] + story_texts(tracker)[1:]:
        kind = next((kind for kind, pattern in _PAID_BY if pattern.search(text)), None)
        if kind is not None:
            return kind
    return None


def report_decisions(tracker: Tracker, topic: Optional[Topic]):
    """route_decisions, except that "is this a scam and where do I report it?" with no topic yet gets where scam
    messages go (7726, the NCSC's email service, Report Fraud / Police Scotland), not the generic police list."""
    if topic is None and "is_scam" in questions.asked(turn.text(tracker)):
        known = case_from_tracker(tracker, None)
        case = Case(
            category="fraud",
            nation=known.nation,
            topic_routes=("forward_7726", "report_phishing_email"),
            names_report_fraud=known.names_report_fraud,
        )
        return default_store().current(), case, decide_routes(case)
    if topic is None and questions.names_fraud(turn.text(tracker)):
        # "I'm from Wales, where do I report a scam?": the fraud reporting service (Report Fraud / Police Scotland)
        known = case_from_tracker(tracker, None)
        case = Case(category="fraud", nation=known.nation, names_report_fraud=known.names_report_fraud)
        return default_store().current(), case, decide_routes(case)
    return route_decisions(tracker, topic)


def answer_the_rest(
    dispatcher: CollectingDispatcher, tracker: Tracker, covered: Tuple[str, ...]
) -> List[Dict[str, Any]]:
    """A message with two questions ("how do I report it and will I get my money back?") gets both answered:
    after the action's own reply, the questions it did not cover (cyberprotect/questions.py), in QUESTIONS order."""
    text = turn.text(tracker)
    if text.startswith("/"):
        return []  # a button press asks one thing
    rest = [q for q in questions.asked(text) if q not in covered]
    events: List[Dict[str, Any]] = []
    snapshot = default_store().current()
    topic = current_topic(tracker)
    for question in rest:
        if question == "is_scam" and topic is None:
            dispatcher.utter_message(text=replies.IS_SCAM_PROMPT)
        elif question == "what_now" and topic is not None:
            send(
                dispatcher,
                replies.what_now(
                    topic, snapshot.routes, is_young_person(tracker), snapshot.situations, said_so_far(tracker)
                ),
            )
        elif question == "what_now":  # "what should I do and where do I report it?" with nothing told yet
            send(dispatcher, replies.no_topic())
        elif question == "report":
            _, case, decisions = report_decisions(tracker, topic)
            send(dispatcher, replies.routes(snapshot, decisions, replies.ROUTES_INTRO, case.nation is not None))
            events += nation_events(tracker, case)
        elif question == "money_back" and "money_back" in snapshot.answers:
            send(dispatcher, replies.money_back(snapshot.answers["money_back"], paid_by(tracker)))
        elif question == "protect" and topic is not None:
            send(dispatcher, replies.protect(topic, snapshot.routes))
    return events


# Topics where a child victim changes the routes (CEOP, Report Remove, Childline instead of adult services).
CHILD_SENSITIVE_CATEGORIES = ("child_safety", "abuse")


def child_facts(tracker: Tracker, topic: Optional[Topic]):
    """(under_18 value or None, young person?, slot events) from the latest message and the slots."""
    ctx = message_facts.read(turn.text(tracker))
    events: List[Dict[str, Any]] = []
    young = is_young_person(tracker) or ctx.young_person
    if ctx.young_person and not is_young_person(tracker):
        events.append(SlotSet("young_person", True))
    under_18 = None
    sensitive = topic is not None and (topic.category in CHILD_SENSITIVE_CATEGORIES or topic.child_victim)
    if (young or (ctx.about_child and sensitive)) and tracker.get_slot("under_18") != "yes":
        under_18 = "yes"
        events.append(SlotSet("under_18", "yes"))
    if ctx.band and tracker.get_slot("child_age_band") != ctx.band:
        events.append(SlotSet("child_age_band", ctx.band))
    return under_18, young, events


# Below this confidence a topic was accepted only because the message is a long story
# (components/story_fallback.py: the fallback threshold in config.yml): the answer says "It sounds like …".
TENTATIVE_BELOW = 0.45


def tentative_alternatives(tracker: Tracker, topic: Topic) -> Optional[List[Topic]]:
    """None when the topic was read with confidence; otherwise the next two topics the message looked like. A topic
    told inside a question ("... what should I do?", turn.told_topic) counts with its own confidence, an upset
    person's story with the classifier's confidence kept before the support override (safeguarding `threats`)."""
    wanted = THREAT_PREFIX + topic.key
    intent = tracker.latest_message.get("intent") or {}
    ranking = tracker.latest_message.get("intent_ranking") or []
    if intent.get("name") == "distress":  # an upset person's story: the threat readings kept before the override
        threats = (tracker.latest_message.get("safeguarding") or {}).get("threats") or []
        ranking = [{"name": n, "confidence": c} for n, c in threats]
        intent = next((r for r in ranking if r["name"] == wanted), {"name": wanted, "confidence": 1.0})
    if intent.get("name") == wanted:
        confidence = float(intent.get("confidence") or 1.0)
    elif turn.told_topic(tracker) == wanted:
        confidence = next((float(i.get("confidence") or 0.0) for i in ranking if i.get("name") == wanted), 0.0)
    else:
        return None
    if confidence >= TENTATIVE_BELOW:
        return None
    store, others = default_store(), []
    for item in ranking:
        name = item.get("name") or ""
        if name.startswith(THREAT_PREFIX) and name != wanted and len(others) < 2:
            other = store.topic(name[len(THREAT_PREFIX) :])
            if other is not None:
                others.append(other)
    return others


def victim_support_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> Tuple[str, ...]:
    """After the support reply to someone upset (utter_distress_support: sorry, not your fault, Samaritans), the
    victim support service for their nation, chosen by the route engine (all three when the nation is unknown).
    Returns the routes shown."""
    case = case_from_tracker(tracker, None)
    snapshot, decisions = default_store().current(), victim_support_routes(case.nation)
    send(dispatcher, replies.victim_support(snapshot, decisions))
    return tuple(d.route for d in decisions)


def new_story_topic(tracker: Tracker) -> Optional[Topic]:
    """The topic a question message tells for the first time ("I got a text from 'my bank' and clicked the link.
    Where do I report it?": turn.told_topic), not the topic already under discussion; else None."""
    if turn.told_topic(tracker) is None:
        return None
    topic = current_topic(tracker)
    return topic if topic is not None and topic.key != tracker.get_slot("topic") else None


class ActionGiveAdvice(Action):
    def name(self) -> Text:
        return "action_give_advice"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker)
        shown: Tuple[str, ...] = ()
        if turn.intent(tracker) == "distress":  # after the support reply (a domain response): the nation's service
            shown = victim_support_line(dispatcher, tracker)
        if topic is None:
            if turn.intent(tracker) == "distress":  # upset, no story the bot can name: what they did, where to go
                return self.support_without_topic(dispatcher, tracker, shown)
            send(dispatcher, replies.no_topic())
            return nudge(dispatcher, tracker)  # distress with no topic yet: a person when the team is on (issue 27)
        discussed = tracker.get_slot("topic")
        if topic.key == discussed and turn.intent(tracker) == "distress":
            # "he's really upset" after the advice on this topic: the support reply and the victim support line, then
            # the first step only, not the whole advice again
            snapshot = default_store().current()
            send(
                dispatcher,
                replies.first_step(
                    topic,
                    snapshot.routes,
                    replies.TAKE_YOUR_TIME,
                    is_young_person(tracker),
                    snapshot.situations,
                    said_so_far(tracker),
                ),
            )
            return nudge(dispatcher, tracker, topic.key)
        corrected = message_facts.corrected_channel(discussed, turn.text(tracker)) if topic.key == discussed else None
        corrected_topic = default_store().topic(corrected) if corrected else None
        if corrected_topic is not None:  # "actually it was a phone call not an email", read as the same topic again
            dispatcher.utter_message(text=replies.CORRECTED_INTRO)
            return self.give(dispatcher, tracker, corrected_topic, said=said_so_far(tracker, discussed))
        return self.answer(dispatcher, tracker, topic, shown)

    def support_without_topic(self, dispatcher, tracker, shown: Tuple[str, ...] = ()) -> List[Dict[str, Any]]:
        """After the support reply, for someone upset whose message names no topic: when they said what happened
        ("I lost all my savings", "I gave them my card details"), the steps for that and where to report it, then
        a request for the rest of the story; feelings alone ("I feel so stupid") get the request only."""
        snapshot, said = default_store().current(), said_so_far(tracker)
        steps = replies.situation_only(snapshot.situations, said, snapshot.routes)
        if steps is None:
            send(dispatcher, replies.no_topic())
            return nudge(dispatcher, tracker)  # a person when the team is on (issue 27)
        _, case, decisions = report_decisions(tracker, None)
        decisions = [d for d in decisions if d.route not in shown] or decisions
        routes = replies.routes(snapshot, decisions, replies.ROUTES_INTRO, case.nation is not None)
        send(dispatcher, steps + routes)
        return nation_events(tracker, case) + situation_events(tracker, said) + nudge(dispatcher, tracker)

    def answer(self, dispatcher, tracker, topic: Topic, shown: Tuple[str, ...] = ()) -> List[Dict[str, Any]]:
        """The first answer on `topic`: "It sounds like…" when it was read with moderate confidence, the advice and
        routes (without the routes in `shown`, given just before), the other questions the message asks, then the
        other readings as buttons."""
        alternatives = tentative_alternatives(tracker, topic)
        if alternatives is not None:  # a long story read with moderate confidence (components/story_fallback.py)
            dispatcher.utter_message(text=replies.tentative_intro(topic))
        events = self.give(dispatcher, tracker, topic, shown=shown)
        events += answer_the_rest(dispatcher, tracker, covered=("is_scam", "what_now", "report"))
        if alternatives:
            send(dispatcher, [replies.other_readings(alternatives)])
        return events + nudge(dispatcher, tracker, topic.key)  # a person when the team is on duty (issue 27)

    def give(
        self,
        dispatcher,
        tracker,
        topic: Topic,
        young_person: bool = False,
        shown: Tuple[str, ...] = (),
        said: Optional[Tuple[str, ...]] = None,
    ) -> List[Dict[str, Any]]:
        """The advice and routes for `topic`; young_person: the writer is known to be under 18 (action_young_person);
        shown: routes already given in this turn, left out of the list; said: what the person already did, when it
        was told under another topic (a correction: action_acknowledge)."""
        under_18, young, events = child_facts(tracker, topic)
        if young_person and not young:
            young, under_18 = True, "yes"
        # The do-now steps refer to numbers "shown below": the routes for this topic follow straight away.
        snapshot, case, decisions = route_decisions(tracker, topic, under_18)
        if young and topic.young_person is None:
            # "I'm 15 and someone hacked my Fortnite account": a topic written for adults, told by a young person.
            # The kind words and "tell an adult you trust" first (unless action_young_person has just said them),
            # and Childline among the routes (content/children/young_people.yml).
            if not young_person:
                send(dispatcher, replies.young_person_lead(snapshot))
            case = dataclasses.replace(
                case, child_involved=True, topic_routes=tuple(case.topic_routes) + ("childline",)
            )
            decisions = for_young_writer(decide_routes(case))
        decisions = [d for d in decisions if d.route not in shown] or decisions
        said = said_so_far(tracker, topic.key) if said is None else said
        advice = replies.advice(topic, snapshot.routes, young, snapshot.situations, said)
        advice[-1].pop("buttons", None)
        send(dispatcher, advice + replies.routes(snapshot, decisions, replies.ROUTES_INTRO, case.nation is not None))
        return (
            [SlotSet("topic", topic.key), SlotSet("talk_step", None)]
            + events
            + nation_events(tracker, case)
            + situation_events(tracker, said)
            + triage_answered_by_story(tracker)
        )


# A story of this many words that set off an emergency reply also gets the advice for what it tells, after the reply.
STORY_AFTER_EMERGENCY_WORDS = 15  # as a story elsewhere (components/story_fallback.py story_min_words)


STORY_TOPIC_MIN_CONFIDENCE = 0.02  # a threat ranked under an emergency counts from this confidence


def story_topic(tracker: Tracker) -> Optional[Topic]:
    """What a story is about when the safeguarding component answered it with an emergency reply: the classifier's
    topic it kept (components/safeguarding.py), else the first threat_* intent in the ranking."""
    kept = (tracker.latest_message.get("safeguarding") or {}).get("classifier_intent") or ""
    # A ranked threat must carry some weight: when the classifier is sure of the emergency (0.996), the threats
    # below it are noise (0.001 each), and "a man at my nan's door saying he's from the police" got romance-scam
    # advice after the 999 reply. Then the emergency reply stands on its own.
    ranked = [
        r.get("name") or ""
        for r in tracker.latest_message.get("intent_ranking") or []
        if (r.get("confidence") or 0.0) >= STORY_TOPIC_MIN_CONFIDENCE
    ]
    name = next((n for n in [kept] + ranked if n.startswith(THREAT_PREFIX)), None)
    return (
        default_store().topic(message_facts.refined_topic(name[len(THREAT_PREFIX) :], turn.text(tracker)))
        if name
        else None
    )


class ActionAdviceAfterEmergency(Action):
    """After the emergency reply (999 first, a domain response: data/rules/emergency.yml), a long story such as
    "last week a man rang and said ... then a taxi was outside" (15+ words) also gets the advice for what it tells, so a person
    whose story only sounded urgent is not left with the 999 script alone (issue 18). Short messages and the
    self-harm reply get nothing more: the emergency reply stands on its own."""

    def name(self) -> Text:
        return "action_advice_after_emergency"

    def run(self, dispatcher, tracker, domain):
        text = turn.text(tracker)
        if text.startswith("/") or len(text.split()) < STORY_AFTER_EMERGENCY_WORDS:
            return []
        topic = story_topic(tracker)
        if topic is None:
            return []
        dispatcher.utter_message(text=replies.AFTER_EMERGENCY_INTRO)
        return ActionGiveAdvice().give(dispatcher, tracker, topic)


# After the bot's own reply to a scam happening now, the kind of scam it named (data/rules/emergency.yml).
EMERGENCY_REPLY_TOPICS = {"utter_emergency_crime_remote": "vishing", "utter_emergency_crime_at_door": "courier_fraud"}


def topic_after_emergency(tracker: Tracker) -> Optional[Topic]:
    """The topic of the scam the bot's latest emergency reply in this session named ("This sounds like a scam
    happening now. Hang up the call now..."), for "ok I hung up, now what?" when no topic was set: a scam call
    (someone in the device: remote access) or courier fraud; None when no such reply was given."""
    for event in reversed(tracker.events or []):
        if event.get("event") in ("session_started", "restart"):
            return None
        key = EMERGENCY_REPLY_TOPICS.get(event.get("name") or "") if event.get("event") == "action" else None
        if key is not None:
            if key == "vishing" and "remote_access" in said_so_far(tracker):
                key = "remote_access"
            return default_store().topic(key)
    return None


class ActionWhatNow(Action):
    def name(self) -> Text:
        return "action_what_now"

    def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("talk_step") is not None:  # "what next?" while going through TALK: the next step
            return talk(dispatcher, tracker, "talk_next")
        story = new_story_topic(tracker)
        if story is not None:  # a story with the question at its end: the advice for it (it covers this question)
            return ActionGiveAdvice().answer(dispatcher, tracker, story)
        topic = current_topic(tracker)
        events: List[Dict[str, Any]] = []
        if topic is None:  # "ok I hung up, now what?" after the reply to a scam happening now: that scam's steps
            topic = topic_after_emergency(tracker)
            events = [SlotSet("topic", topic.key)] if topic is not None else []
        snapshot, said = default_store().current(), said_so_far(tracker)
        send(
            dispatcher,
            replies.what_now(topic, snapshot.routes, is_young_person(tracker), snapshot.situations, said)
            if topic
            else replies.situation_only(snapshot.situations, said, snapshot.routes) or replies.no_topic(),
        )
        return events + situation_events(tracker, said) + answer_the_rest(dispatcher, tracker, covered=("what_now",))


def last_bot_action(tracker: Tracker) -> Optional[str]:
    """The bot's last action before the latest message (not action_listen), or None."""
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            return str(event["name"])
    return None


class ActionAcknowledge(Action):
    """A "no", "yes" or "I don't know" that answers no question ("I haven't clicked it", "I didn't give them the
    code", "I don't understand"; data/rules/conversation.yml): thanks, and the one step that matters most for the
    topic under discussion, instead of "Sorry, I didn't understand". "No" to "anything else?" says goodbye; a
    correction of how the scam came ("no, it was a text not an email") gives the advice for that instead."""

    def name(self) -> Text:
        return "action_acknowledge"

    def run(self, dispatcher, tracker, domain):
        intent, last = turn.intent(tracker), last_bot_action(tracker)
        if last == "utter_thank" and intent in ("deny", "affirm"):  # "Is there anything else?" "No" / "Yes"
            dispatcher.utter_message(response="utter_goodbye" if intent == "deny" else "utter_menu")
            return []
        key = tracker.get_slot("topic")
        corrected = message_facts.corrected_channel(key, turn.text(tracker)) if key else None
        topic = default_store().topic(corrected) if corrected else None
        if topic is not None:  # the story told so far carries over: "I clicked the link" still counts
            dispatcher.utter_message(text=replies.CORRECTED_INTRO)
            return ActionGiveAdvice().give(dispatcher, tracker, topic, said=said_so_far(tracker, key))
        topic = current_topic(tracker)
        snapshot, said = default_store().current(), said_so_far(tracker)
        if topic is None:
            send(dispatcher, replies.situation_only(snapshot.situations, said, snapshot.routes) or replies.no_topic())
            return []
        lead = replies.ACK_LEADS.get(intent, replies.ACK_LEADS["dont_know"])
        send(
            dispatcher,
            replies.first_step(topic, snapshot.routes, lead, is_young_person(tracker), snapshot.situations, said),
        )
        return []


class ActionMoneyBack(Action):
    """ "Will I get my money back?", on its own or after the advice: the money-back answer (content/answers.yml),
    only the line for how they paid when it is known; with a topic under discussion, its routes for the person's
    nation; then any other question the message asks."""

    def name(self) -> Text:
        return "action_money_back"

    def run(self, dispatcher, tracker, domain):
        answer = default_store().current().answers.get("money_back")
        if answer is None:  # content without the answer: the routes, which start with the bank when money was paid
            return ActionHowReport().run(dispatcher, tracker, domain)
        story = new_story_topic(tracker)
        if story is not None:  # a story that ends "can I get my money back?": the advice, then the money-back answer
            events = ActionGiveAdvice().answer(dispatcher, tracker, story)
            if "money_back" not in questions.asked(turn.text(tracker)):  # else answer() has given it
                send(dispatcher, replies.money_back(answer, paid_by(tracker)))
            return events
        send(dispatcher, replies.money_back(answer, paid_by(tracker)))
        topic = current_topic(tracker)
        if topic is None:
            return answer_the_rest(dispatcher, tracker, covered=("money_back",))
        # a topic under discussion: who can help get it back, for their nation (the bank first when money was paid;
        # consumer help such as Consumerline in Northern Ireland for a purchase scam)
        snapshot, case, decisions = route_decisions(tracker, topic)
        send(dispatcher, replies.routes(snapshot, decisions, replies.ROUTES_INTRO, case.nation is not None))
        return (
            nation_events(tracker, case)
            + situation_events(tracker, said_so_far(tracker))
            + answer_the_rest(dispatcher, tracker, covered=("money_back", "report"))
        )


class ActionProtect(Action):
    def name(self) -> Text:
        return "action_protect"

    def run(self, dispatcher, tracker, domain):
        story = new_story_topic(tracker)
        if story is not None:  # "my Instagram was hacked, how do I stop it happening again?": advice, then protect
            events = ActionGiveAdvice().answer(dispatcher, tracker, story)
            if "protect" not in questions.asked(turn.text(tracker)):  # else answer() has given it
                send(dispatcher, replies.protect(story, default_store().current().routes))
            return events
        topic = current_topic(tracker) or default_store().topic("account_security")
        routes = default_store().current().routes
        send(dispatcher, replies.protect(topic, routes) if topic else replies.no_topic())
        return answer_the_rest(dispatcher, tracker, covered=("protect",))


class ActionHowReport(Action):
    intro = replies.ROUTES_INTRO

    def name(self) -> Text:
        return "action_how_report"

    def run(self, dispatcher, tracker, domain):
        story = new_story_topic(tracker)
        if story is not None:  # a story with the question at its end: the advice for it (it covers this question)
            return ActionGiveAdvice().answer(dispatcher, tracker, story)
        snapshot, case, decisions = report_decisions(tracker, current_topic(tracker))
        send(dispatcher, replies.routes(snapshot, decisions, self.intro, case.nation is not None))
        return (
            nation_events(tracker, case)
            + situation_events(tracker, said_so_far(tracker))
            + answer_the_rest(dispatcher, tracker, covered=("report",))
        )


class ActionReportRoutes(ActionHowReport):
    intro = "Thank you. Based on your answers, here is where to go, most urgent first:"

    def name(self) -> Text:
        return "action_report_routes"


class ActionContentDate(Action):
    def name(self) -> Text:
        return "action_content_date"

    def run(self, dispatcher, tracker, domain):
        send(dispatcher, replies.content_date(default_store().current(), current_topic(tracker)))
        return []


class ActionShorter(Action):
    """ "That's too much text": the first steps for the topic under discussion, short (replies.shorter)."""

    def name(self) -> Text:
        return "action_shorter"

    def run(self, dispatcher, tracker, domain):
        snapshot = default_store().current()
        topic = current_topic(tracker)
        said = said_so_far(tracker, topic.key) if topic else ()
        send(dispatcher, replies.shorter(topic, snapshot.routes, is_young_person(tracker), snapshot.situations, said))
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
        send(dispatcher, replies.routes(snapshot, reports, "Where to report fraud:", case.nation is not None))
        return nation_events(tracker, case)


class ActionSupportOnly(Action):
    """'I don't want to report it': support organisations and the do-now steps, with no pressure to report."""

    def name(self) -> Text:
        return "action_support_only"

    def run(self, dispatcher, tracker, domain):
        topic = current_topic(tracker)
        snapshot, _, decisions = route_decisions(tracker, topic)
        support = [d for d in decisions if snapshot.routes[d.route].kind in ("support", "emergency")]
        if support:
            send(dispatcher, replies.routes(snapshot, support, replies.SUPPORT_INTRO, True))
        if topic is not None:
            send(
                dispatcher,
                replies.what_now(
                    topic, snapshot.routes, is_young_person(tracker), snapshot.situations, said_so_far(tracker)
                ),
            )
        if not support and topic is None:
            send(dispatcher, replies.no_topic())
        return []


# Intents, besides the threat_<key> topics, worth offering when the bot is unsure what was meant.
SUGGESTABLE = {
    "ask_talk": "Keeping children safe online (TALK)",
    "ask_platform_safety": "App and game settings for children",
    "report_something": "I want to report something",
}
SUGGEST_MIN_CONFIDENCE = 0.1
MARKUP_RE = re.compile(r"<\s*/?\s*[a-z!][^>]*>", re.IGNORECASE)
CHILD_PROTECTION_INTENTS = (
    "threat_child_grooming",
    "threat_sextortion",
    "threat_cyberbullying",
    "threat_cyber_flashing",
)


class ActionSuggestTopics(Action):
    """After "Sorry, I didn't understand": the topics the message most looked like, as buttons, so a person
    whose words the model was unsure of is one tap from the right advice. The most likely topic is answered
    straight away only when the message itself confirms it: a child-protection topic for a message about a
    child or from a young person, the app guide when an app is named, TALK when "TALK" is asked about."""

    def name(self) -> Text:
        return "action_suggest_topics"

    def run(self, dispatcher, tracker, domain):
        events = self.suggest(dispatcher, tracker, domain)
        return events + nudge(dispatcher, tracker)  # a person after the second fallback in a row (issue 27)

    def suggest(self, dispatcher, tracker, domain):
        store, text = default_store(), turn.text(tracker)
        buttons = []
        if MARKUP_RE.search(text):
            return []  # pasted HTML or code: guessing a topic from it would only confuse
        topic = store.topic(tracker.get_slot("topic") or "")
        said_now = message_facts.situation(text)
        if topic is not None and said_now and not text.startswith("/"):
            # "I clicked it" after the advice on a scam text: its steps with that first, not a guess at a new topic
            snapshot = store.current()
            meant = replies.if_you_mean(
                topic, snapshot.routes, snapshot.situations, said_now, said_so_far(tracker), is_young_person(tracker)
            )
            if meant is not None:
                send(dispatcher, meant)
                return []
        for item in tracker.latest_message.get("intent_ranking") or []:
            name, confidence = item.get("name") or "", float(item.get("confidence") or 0.0)
            if confidence < SUGGEST_MIN_CONFIDENCE or len(buttons) == 3:
                continue
            topic = store.topic(name[len(THREAT_PREFIX) :]) if name.startswith(THREAT_PREFIX) else None
            title = topic.title if topic else SUGGESTABLE.get(name)
            if title:
                buttons.append({"title": title, "payload": f"/{name}"})
        if not buttons:
            return []
        first = buttons[0]["payload"][1:]
        if first in CHILD_PROTECTION_INTENTS and message_facts.read(text).under_18:
            # A child may be at risk and the message leans this way: give the child protection steps now
            # rather than make the person choose (CEOP, Report Remove, Childline are safe to show).
            topic = store.topic(first[len(THREAT_PREFIX) :])
            dispatcher.utter_message(text=f"It sounds like this may be about: {topic.title}. Here is what to do.")
            return ActionGiveAdvice().give(dispatcher, tracker, topic)
        if first == "ask_platform_safety" and message_facts.find_platform(text, store.current().platforms.values()):
            return platform_safety(dispatcher, tracker)  # the app is named: its settings now
        if first == "ask_talk" and re.search(r"\btalk\b(?! to\b)", text, re.IGNORECASE):  # not "talk to someone"
            return talk(dispatcher, tracker, "ask_talk")  # "what is TALK?": the checklist now
        dispatcher.utter_message(text="Did you mean one of these?", buttons=buttons + [replies.BUTTON_ELSE])
        return []
