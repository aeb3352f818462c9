"""Rasa actions for officer rehearsal (issue 7). All the logic is in cyberprotect/rehearsal/engine.py; these
classes only move messages and slots between Rasa and the engine.

Dialogue design: rehearsal_form has one slot, rehearsal_input, filled from the text of every officer message
(except emergencies). validate_rehearsal_form hands each message to the engine, sends the persona's reply,
and clears the slot so the form keeps listening; when the engine says the rehearsal ends (feedback, stop,
wrong code) it leaves the slot filled, the form completes and action_rehearsal_end clears every rehearsal
slot, so nothing leaks into public mode. An emergency message skips the form: the emergency rule answers
with the domain response, the form resumes, and action_ask_rehearsal_input hands the skipped message to the
engine so it still counts; "finish" and "stop rehearsal" still end it (during the code step an emergency
closes rehearsal instead).
"""

from __future__ import annotations

import logging
import os
import threading
import re
from typing import Any, Dict, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.engine import (
    DENIED,
    EMERGENCY_NOTE,
    EMERGENCY_NOTE_END,
    UNAVAILABLE,
    Step,
    begin,
    handle,
    is_finish,
    is_stop,
)
from channels import shared_state
from channels.gate import RateLimiter, conversation_secret, officer_marker
from cyberprotect.rehearsal.matching import clauses
from cyberprotect.rehearsal.scenarios import ScenarioError, load_library
from cyberprotect.rehearsal import records as rehearsal_records


def _warm_up() -> None:
    try:
        clauses("warm up")
    except Exception:  # never break the action server over a warm-up
        logging.getLogger(__name__).exception("rehearsal: spaCy warm-up failed")


logger = logging.getLogger(__name__)
# Load spaCy in the background when the action server starts, so the first rehearsal answer is not slow
# (measured: ~7 s on a busy 2-core machine when loaded on first use). Public replies never wait for it.
threading.Thread(target=_warm_up, name="rehearsal-warm-up", daemon=True).start()
EXPLICIT = re.compile(r"rehears|practi[cs]e|role ?play|training|scenario", re.IGNORECASE)
NOT_EXPLICIT = (
    'Officers can rehearse cases here by saying "I\'m an officer, I want to rehearse". '
    "If you need help with a scam or staying safe online, just tell me what happened."
)
BROKEN = "Sorry, the rehearsal scenarios can't be loaded right now, so rehearsal mode is closed."


def officer_code() -> Optional[str]:
    return os.environ.get("REHEARSAL_CODE") or None


# Wrong officer codes per conversation (issue 20): after 5 in an hour, refused even when right.
# Several action servers (SHARED_STATE_URL): counted in Redis, so the limit holds whichever server answers.
CODE_FAILURES = shared_state.rate_limiter("rehearsal-code", 5, 3600) or RateLimiter(5, 3600)


def _code_as_sent(tracker: Tracker, text: str) -> Optional[str]:
    """The officer code as this message carries it: the channel gate (channels/gate.py) replaces a typed code
    with a marker bound to the conversation, so the code is never stored; a message that did not pass the gate
    (`rasa shell`) carries the code itself."""
    code = officer_code()
    if not code:
        return None
    marker = officer_marker(conversation_secret(), tracker.sender_id or "")
    return marker if (text or "").strip() == marker else code


def _user_messages(tracker: Tracker) -> int:
    return sum(1 for e in tracker.events if e.get("event") == "user")


def _send(dispatcher: CollectingDispatcher, step: Step) -> None:
    for m in step.messages:  # the feedback's "insights" (scenario, score) goes into the event metadata
        extra = {"insights": m["insights"]} if m.get("insights") else {}
        dispatcher.utter_message(text=m["text"], buttons=m.get("buttons") or [], **extra)


def _run_engine(tracker: Tracker, text: str, allow_end: bool) -> Step:
    state = tracker.get_slot("rehearsal") or {}
    try:
        library = load_library()
    except ScenarioError as exc:
        logger.error("rehearsal: scenario library invalid: %s", exc)
        return Step(dict(state), [{"text": BROKEN}], "stopped")
    sender = tracker.sender_id or ""
    asking_code = (state or {}).get("stage", "code") == "code" and not is_stop(text or "")
    if asking_code and not CODE_FAILURES.available(sender):
        logger.warning("rehearsal: too many wrong officer codes in a conversation; refused")
        return Step(dict(state), [{"text": DENIED}], "denied")
    step = handle(
        state, text or "", _code_as_sent(tracker, text), library, default_store().current(), allow_end=allow_end
    )
    if asking_code and step.end == "denied":
        CODE_FAILURES.allow(sender)  # uses one of the 5
    step.state["seen"] = _user_messages(tracker)
    _keep_record(step, library)
    return step


def _keep_record(step: Step, library) -> None:
    """The training lead's record (cyberprotect/rehearsal/records.py): write a finished rehearsal, or put the
    summary in front of the menu when the officer asked for it. A broken record never breaks rehearsal."""
    try:
        if step.record is not None:
            rehearsal_records.record(step.record)
        if step.show_record:
            titles = {sid: s.title for sid, s in library.items()}
            summary = rehearsal_records.summarise(rehearsal_records.sessions())
            step.messages.insert(0, {"text": rehearsal_records.summary_text(summary, titles)})
    except Exception as exc:  # noqa: BLE001 - e.g. the state directory is read-only
        logger.error("rehearsal: training record unavailable (%s)", type(exc).__name__)
        if step.show_record:
            step.messages.insert(0, {"text": "Sorry, the training record can't be read right now."})


class ActionRehearsalStart(Action):
    """Sets rehearsal_available: an officer code is configured AND the message names rehearsal explicitly."""

    def name(self) -> Text:
        return "action_rehearsal_start"

    def run(self, dispatcher, tracker, domain):
        text = tracker.latest_message.get("text") or ""
        explicit = bool(EXPLICIT.search(text)) or text.startswith("/rehearsal_start")
        return [SlotSet("rehearsal_available", bool(officer_code()) and explicit)]


class ActionRehearsalUnavailable(Action):
    def name(self) -> Text:
        return "action_rehearsal_unavailable"

    def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=UNAVAILABLE if not officer_code() else NOT_EXPLICIT)
        return [SlotSet("rehearsal_available", None)]


class ValidateRehearsalForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_rehearsal_form"

    def validate_rehearsal_input(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        step = _run_engine(tracker, str(slot_value or ""), allow_end=True)
        _send(dispatcher, step)
        if step.end:
            return {"rehearsal_input": step.end, "rehearsal": step.state}  # slot filled: the form completes
        return {"rehearsal_input": None, "rehearsal": step.state}


class ActionAskRehearsalInput(Action):
    """The form's question. Says the code prompt when the form starts; otherwise the validation already
    replied, unless the last message skipped the form because it was an emergency (see module docstring)."""

    def name(self) -> Text:
        return "action_ask_rehearsal_input"

    def run(self, dispatcher, tracker, domain):
        state = tracker.get_slot("rehearsal")
        seen = _user_messages(tracker)
        if not state or "stage" not in state:  # a new rehearsal ({"last": id} after a finished one)
            step = begin((state or {}).get("last"))
            _send(dispatcher, step)
            step.state["seen"] = seen
            return [SlotSet("rehearsal", step.state)]
        if int(state.get("seen") or 0) >= seen:
            return []
        if state.get("stage") == "code":  # probably not an officer: close rehearsal quietly
            return [
                SlotSet("rehearsal", None),
                SlotSet("rehearsal_input", "emergency"),
                SlotSet("requested_slot", None),
            ]
        text = tracker.latest_message.get("text") or ""
        # "finish" / "stop rehearsal" still work if the classifier took them for an emergency
        command = is_stop(text) or is_finish(text)
        step = _run_engine(tracker, text, allow_end=command)
        dispatcher.utter_message(text=EMERGENCY_NOTE if not step.end else EMERGENCY_NOTE_END)
        _send(dispatcher, step)
        if step.end:  # close the form: the rule then runs action_rehearsal_end
            return [
                SlotSet("rehearsal", step.state),
                SlotSet("rehearsal_input", step.end),
                SlotSet("requested_slot", None),
            ]
        return [SlotSet("rehearsal", step.state)]


class ActionRehearsalEnd(Action):
    """After the form: clears every rehearsal slot so public mode starts clean (after a finished rehearsal the
    `rehearsal` slot keeps only {"last": scenario id}, which the next rehearsal offers as "Try again")."""

    def name(self) -> Text:
        return "action_rehearsal_end"

    def run(self, dispatcher, tracker, domain):
        state = tracker.get_slot("rehearsal") or {}
        finished = tracker.get_slot("rehearsal_input") == "finished" and state.get("scenario")
        # after a finished rehearsal only its scenario id stays, for "Try again" (the session expiry clears it)
        return [
            SlotSet("rehearsal", {"last": state["scenario"]} if finished else None),
            SlotSet("rehearsal_input", None),
            SlotSet("rehearsal_available", None),
            SlotSet("requested_slot", None),
        ]
