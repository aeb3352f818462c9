"""Rasa actions for talking to a person (issue 27). The decisions live in hours.py (on duty?), summary.py (what
the agent sees) and providers.py (Chatwoot or none); wording in content/handover.yml; numbers from the route
engine (cyberprotect/routing.py contact_routes) and content/routes/routes.yml.

Dialogue (data/rules/handover.yml):
- "can I speak to a person?" -> action_offer_person: when the team is on duty, has someone free and a provider is
  configured, it offers ("Would you like that?", Yes / No); otherwise it says so plainly and lists the numbers for
  the person's nation.
- nudge() runs at the end of action_suggest_topics (after a fallback) and action_give_advice: a "Talk to a person"
  button after the second fallback in a row (or the numbers when nobody can chat), after distress, and after the
  advice for a topic the force listed (offer_after_topics); nothing otherwise.
- Out of hours, busy or no live chat, with a provider that takes requests (email): after the numbers, "Would you
  like {team} to phone or email you back?"; "yes" -> action_handover_start asks when, handover_form collects the
  answer, then asks how; the phone number or email address is sent by the channel gate and never reaches here
  (cyberprotect/handover/callback.py).
- "yes" -> action_handover_start: re-checks, creates the chat with the provider, posts the summary, says "You're now
  talking to <team>" and sets handover_active, which starts handover_form. From then on every message (slot
  handover_input, from_text) is relayed to the agent by validate_handover_form and the bot stays quiet;
  emergencies skip the form, get the emergency reply first, and are relayed afterwards by
  action_ask_handover_input (in a callback request, which has no one to relay to, it asks the pending question
  again, with "cancel" offered). The agent's replies and "resolved" come back through channels/handover.py (to the
  widget, Telegram, SMS or WhatsApp). "stop" (LEAVE) ends a live chat with a private note to the agent; distress is
  relayed and also gets the support services.
Nothing here ever stops the emergency rules: they are domain responses chosen before any of these actions.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from cyberprotect import replies
from cyberprotect.content_store import default_store
from cyberprotect.handover import hours, summary
from cyberprotect.handover.callback import CALLBACK_KEY
from cyberprotect.handover.providers import HandoverError, provider_from_env
from cyberprotect.routing import NATIONS, contact_routes, victim_support_routes
from actions.sending import send
from actions.turn import current_topic
from channels.redaction import redact

logger = logging.getLogger(__name__)
NO_PROVIDER, FAILED = "no_live_chat", "failed"
TALK_BUTTON = {"title": "Talk to a person", "payload": "/human_handoff"}
YES_NO = [{"title": "Yes, put me through", "payload": "/affirm"}, {"title": "No, thanks", "payload": "/deny"}]


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


LIVE_CHANNELS = "socketio,telegram,twilio"  # the connectors channels/handover.py can send an agent's reply through


def live_channel(tracker: Tracker) -> bool:
    """Can the agent's replies reach this person? Only on the channels in HANDOVER_CHANNELS (default: the website
    widget "socketio", Telegram and Twilio SMS/WhatsApp, which channels/handover.py sends the replies through; a
    force can narrow it). REST answers only its own request, so a person there gets the numbers instead of a chat
    nobody could answer. No channel known (rasa shell, tests of the actions) counts as live."""
    channel = tracker.get_latest_input_channel()
    allowed = {c.strip() for c in (os.environ.get("HANDOVER_CHANNELS") or LIVE_CHANNELS).split(",") if c.strip()}
    return channel is None or channel in allowed


def team_state(settings, tracker: Optional[Tracker] = None) -> str:
    """open | closed | busy | no_live_chat | failed: can a person take this chat right now?"""
    provider = provider_from_env()
    if (
        settings is None
        or provider is None
        or not getattr(provider, "live", True)
        or (tracker is not None and not live_channel(tracker))
    ):
        return NO_PROVIDER  # the email provider is not a live chat
    duty = hours.on_duty(now(), settings)
    if not duty.free:
        return duty.state
    try:
        free, open_chats = provider.load()
    except HandoverError as e:
        logger.warning("handover: capacity check failed (%s)", e)
        return FAILED
    return hours.availability(now(), settings, free, open_chats).state


def _nation(tracker: Tracker) -> Optional[str]:
    nation = tracker.get_slot("nation")
    return nation if nation in NATIONS else None


def numbers_message(tracker: Tracker, state: str, reason: str) -> Dict[str, Any]:
    """'Nobody can chat now' in plain words, with the people to speak to for the person's nation."""
    snapshot = default_store().current()
    settings = snapshot.handover
    intro = (
        settings.say(state)
        if settings is not None
        else "I can't pass you to a person from here. You can speak to someone now here:"
    )
    nation = _nation(tracker)
    message = replies.routes(snapshot, contact_routes(nation), intro, nation is not None)[0]
    emergency = snapshot.routes.get("emergency_999")
    if emergency is not None and emergency.phone:
        message["text"] += f"\nIf anyone is in danger right now, call {emergency.phone}."
    message["insights"] = {**message.get("insights", {}), "handover": {"reason": reason, "outcome": state}}
    return message


def callback_possible() -> bool:
    """Can the team be asked to phone or email the person back? (a provider with `request`: email)"""
    provider = provider_from_env()
    return provider is not None and hasattr(provider, "request")


def offer(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> List[Dict[str, Any]]:
    settings = default_store().current().handover
    state = team_state(settings, tracker)
    if state != hours.OPEN:
        send(dispatcher, [numbers_message(tracker, state, reason)])
        if settings is not None and reason == "asked" and callback_possible():
            dispatcher.utter_message(
                text=settings.say("callback_offer"),
                buttons=YES_NO,
                insights={"handover": {"reason": reason, "outcome": "callback_offered"}},
            )
            return [SlotSet("handover", {"callback_offered": reason})]
        return [SlotSet("handover", None)]
    dispatcher.utter_message(
        text=settings.say("offer"), buttons=YES_NO, insights={"handover": {"reason": reason, "outcome": "offered"}}
    )
    return [SlotSet("handover", {"offered": reason})]


class ActionOfferPerson(Action):
    def name(self) -> Text:
        return "action_offer_person"

    def run(self, dispatcher, tracker, domain):
        return offer(dispatcher, tracker, "asked")


def _previous_user_intent(tracker: Tracker) -> Optional[str]:
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")


def nudge(dispatcher: CollectingDispatcher, tracker: Tracker, topic_key: Optional[str] = None) -> List[Dict[str, Any]]:
    """Called at the end of action_suggest_topics and action_give_advice (actions/advice_actions.py): after the
    second fallback in a row, after the distress reply, or after the advice for a topic the force listed
    (offer_after_topics), a short note with a "Talk to a person" button when the team can chat now. After the
    second fallback the numbers are given when nobody can chat; otherwise nothing is said."""
    if tracker.get_slot("handover"):
        return []  # already offered or talking to someone
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    settings = default_store().current().handover
    if intent == "nlu_fallback":
        if _previous_user_intent(tracker) != "nlu_fallback":
            return []
        reason = "fallback"
    elif intent == "distress":
        reason = "distress"
    elif topic_key and settings is not None and topic_key in settings.offer_after_topics:
        reason = "topic"
    else:
        return []
    state = team_state(settings, tracker)
    if state != hours.OPEN:
        if reason == "fallback":
            send(dispatcher, [numbers_message(tracker, state, reason)])
        return []
    dispatcher.utter_message(
        text=settings.say("nudge"),
        buttons=[TALK_BUTTON],
        insights={"handover": {"reason": reason, "outcome": "nudged"}},
    )
    return []


class ActionNudgePerson(Action):
    """After the distress reply inside a form (the triage questions): the "Talk to a person" button when the team
    can chat now, nothing otherwise; the form then carries on (data/rules/triage.yml)."""

    def name(self) -> Text:
        return "action_nudge_person"

    def run(self, dispatcher, tracker, domain):
        return nudge(dispatcher, tracker)


def _route_names() -> Dict[str, str]:
    return {key: route.name for key, route in default_store().current().routes.items()}


def agent_summary(tracker: Tracker, reason: str) -> str:
    topic = current_topic(tracker)
    return summary.build(
        tracker.events, tracker.current_slot_values(), reason, topic.title if topic else None, _route_names()
    ).text()


class ActionHandoverStart(Action):
    def name(self) -> Text:
        return "action_handover_start"

    def run(self, dispatcher, tracker, domain):
        pending = tracker.get_slot("handover") or {}
        if pending.get("callback_offered"):  # "yes" to a callback: ask when, then how (callback.py)
            return start_callback(dispatcher, tracker, pending["callback_offered"])
        if not pending.get("offered"):  # "yes" to something else: offer first
            return offer(dispatcher, tracker, "asked") + [SlotSet("handover_active", False)]
        reason = pending["offered"]
        snapshot = default_store().current()
        state = team_state(snapshot.handover, tracker)
        provider = provider_from_env()
        if state != hours.OPEN or provider is None:
            send(dispatcher, [numbers_message(tracker, state, reason)])
            return [SlotSet("handover", None), SlotSet("handover_active", False)]
        try:
            session = provider.start(tracker.sender_id or "", agent_summary(tracker, reason))
        except HandoverError as e:
            logger.warning("handover: could not start (%s)", e)
            send(dispatcher, [numbers_message(tracker, FAILED, reason)])
            return [SlotSet("handover", None), SlotSet("handover_active", False)]
        dispatcher.utter_message(
            text=snapshot.handover.say("connected"), insights={"handover": {"reason": reason, "outcome": "connected"}}
        )
        return [SlotSet("handover", {**session, "reason": reason}), SlotSet("handover_active", True)]


def _relay(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Sends the person's message (redacted again) to the agent. False when it could not be delivered."""
    session = tracker.get_slot("handover") or {}
    provider = provider_from_env()
    if provider is None or not session.get("conversation_id"):
        return False
    try:
        provider.relay(session, redact(text)[0])
        return True
    except HandoverError as e:
        logger.warning("handover: relay failed (%s)", e)
        return False


def _lost(dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
    """The team can no longer be reached: say so, give the numbers, and let the form end."""
    reason = (tracker.get_slot("handover") or {}).get("reason") or "asked"
    send(dispatcher, [numbers_message(tracker, FAILED, reason)])
    return {"handover_input": "ended"}


def start_callback(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> List[Dict[str, Any]]:
    """Yes to a callback: keeps the redacted summary in the slot (it is built from the tracker anyway) and asks
    when; handover_form then collects the answers (callback_step)."""
    settings = default_store().current().handover
    dispatcher.utter_message(text=settings.say("callback_when"))
    session = {"callback": "when", "reason": reason, "summary": agent_summary(tracker, reason)}
    return [SlotSet("handover", session), SlotSet("handover_active", True)]


CANCEL = {"cancel", "stop", "no", "no thanks", "no thank you", "nope", "never mind", "forget it", "i'd rather not"}


def _callback_outcome(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """What the gate did with the contact in the latest message ({"sent": bool}), or None."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            outcome = (event.get("metadata") or {}).get(CALLBACK_KEY)
            return outcome if isinstance(outcome, dict) else None
    return None


def callback_step(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Dict[Text, Any]:
    """One answer in a callback request: the good time (kept redacted), then the contact, which only the gate
    sees and sends (cyberprotect/handover/callback.py); here only whether it was sent."""
    settings = default_store().current().handover
    session = dict(tracker.get_slot("handover") or {})
    said = _said(text)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    outcome = _callback_outcome(tracker)
    if outcome is None and (intent == "deny" or said in CANCEL):
        dispatcher.utter_message(text=settings.say("callback_cancelled"))
        return {"handover_input": "ended"}
    if session.get("callback") == "when":
        session.update(callback="contact", when=" ".join(redact(text)[0].split())[:200])
        dispatcher.utter_message(text=settings.say("callback_contact"))
        return {"handover_input": None, "handover": session}
    if outcome is not None:
        if outcome.get("sent"):
            dispatcher.utter_message(
                text=settings.say("callback_sent"),
                insights={"handover": {"reason": session.get("reason"), "outcome": "callback_sent"}},
            )
        else:
            send(dispatcher, [numbers_message(tracker, FAILED, session.get("reason") or "asked")])
        return {"handover_input": "ended"}
    if session.get("retried"):
        send(dispatcher, [numbers_message(tracker, FAILED, session.get("reason") or "asked")])
        return {"handover_input": "ended"}
    dispatcher.utter_message(text=settings.say("callback_retry"))
    return {"handover_input": None, "handover": {**session, "retried": True}}


# Typed alone during a live chat, these end it: the widget's Quick exit words, and the SMS opt-out words after
# which Twilio sends nothing more to the number anyway (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT).
LEAVE = {
    "stop",
    "stopall",
    "unsubscribe",
    "cancel",
    "end",
    "quit",
    "exit",
    "quick exit",
    "leave",
    "end chat",
    "end the chat",
    "stop chat",
    "stop the chat",
    "leave the chat",
    "leave chat",
}


def _said(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").replace(".", " ").replace("!", " ").split())


def leave(dispatcher: CollectingDispatcher, tracker: Tracker, said: str) -> Dict[Text, Any]:
    """The person typed "stop" (or another LEAVE word) during a live chat: a private note tells the agent they have
    left, the person is told, and the form ends (action_handover_end clears the slots)."""
    settings = default_store().current().handover
    session = tracker.get_slot("handover") or {}
    provider = provider_from_env()
    if provider is not None and hasattr(provider, "note") and session.get("conversation_id"):
        try:
            provider.note(session, settings.say("left_note").replace("{said}", said))
        except HandoverError as e:
            logger.warning("handover: leaving note failed (%s)", e)
    dispatcher.utter_message(
        text=settings.say("left"),
        insights={"handover": {"reason": session.get("reason") or "asked", "outcome": "left"}},
    )
    return {"handover_input": "ended"}


def distress_support(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Distress typed during a live chat (already relayed to the agent): the support reply (Samaritans, a domain
    response) and the victim support service for the person's nation, as outside a handover (route engine)."""
    snapshot = default_store().current()
    decisions = victim_support_routes(_nation(tracker))
    dispatcher.utter_message(response="utter_distress_support")
    dispatcher.utter_message(
        text="\n".join([snapshot.handover.say("distress_support")] + replies.route_lines(snapshot, decisions)),
        insights=replies.routes_offered(snapshot, decisions),
    )


class ValidateHandoverForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handover_form"

    def validate_handover_input(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if (tracker.get_slot("handover") or {}).get("callback"):
            return callback_step(dispatcher, tracker, str(slot_value or ""))
        said = _said(str(slot_value or ""))
        if said in LEAVE:
            return leave(dispatcher, tracker, said)
        if not _relay(dispatcher, tracker, str(slot_value or "")):
            return _lost(dispatcher, tracker)
        if (tracker.latest_message.get("intent") or {}).get("name") == "distress":
            distress_support(dispatcher, tracker)  # relayed first, so the agent sees it as it was typed
        return {"handover_input": None}  # keep listening: the agent answers through channels/handover.py


class ActionAskHandoverInput(Action):
    """The form's question: silent, except that a message that skipped the form (an emergency, answered by the
    emergency rule first) is relayed here so the agent sees it too."""

    def name(self) -> Text:
        return "action_ask_handover_input"

    def run(self, dispatcher, tracker, domain):
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if not intent.startswith("emergency_"):
            return []
        step = (tracker.get_slot("handover") or {}).get("callback")
        if step:  # a callback request has no one to relay to: after the emergency reply, the question again, kindly
            settings = default_store().current().handover
            dispatcher.utter_message(
                text=settings.say("callback_resume_contact" if step == "contact" else "callback_resume_when")
            )
            return []
        if not _relay(dispatcher, tracker, tracker.latest_message.get("text") or ""):
            return [SlotSet("handover_input", "ended"), SlotSet("requested_slot", None)]
        return []


class ActionHandoverEnd(Action):
    """After the form ends (the team could not be reached): clears the handover slots."""

    def name(self) -> Text:
        return "action_handover_end"

    def run(self, dispatcher, tracker, domain):
        return [
            SlotSet("handover", None),
            SlotSet("handover_input", None),
            SlotSet("handover_active", False),
            SlotSet("requested_slot", None),
        ]
