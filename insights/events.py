"""Reads the rows of Rasa's SQL tracker store (table `events`) into per-conversation facts for the
dashboard. Pure Python: no Rasa, no database; insights/cache.py feeds it rows and stores what it returns.

A conversation is one Rasa session of one sender: it starts at a `session_started` event (or the sender's
first event, or the first event after a restart). What is read from each event:
  user    intent (threat_* = a topic asked about; nlu_fallback = not understood), confidence, input channel,
          and, for not-understood or low-confidence typed messages only, the text (redacted at once)
  action  utter_emergency_* (emergency replies by type) and utter_distress_support, fallbacks, handover, advice actions
  bot     metadata "insights" written by the actions: {"routes": [route keys]} (cyberprotect/replies.py),
          {"rehearsal": {"scenario": id, "score": 0-100}} (cyberprotect/rehearsal/engine.py),
          {"signs": [sign keys]} (the scam checker, actions/checker_actions.py: one check, with its signs)
  slot    nation, under_18 / young_person (child / young person), topic
  active_loop  rehearsal_form (an officer rehearsal: kept out of the public figures)
Nothing else is kept: no sender id (insights/cache.py keeps a keyed hash of it while the session is open),
no bot text, no user text except the redacted not-understood messages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ = ZoneInfo("Europe/London")
except Exception:  # no time zone data on this machine: UTC days
    LOCAL_TZ = dt.timezone.utc

EMERGENCY_PREFIX = "utter_emergency_"
DISTRESS_ACTION = "utter_distress_support"  # shame or despair: support services, counted with the emergency replies
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_default_fallback"})  # utter_default follows nlu_fallback: not counted twice
HANDOVER_ACTIONS = frozenset({"utter_human_handoff", "action_offer_person"})
ADVICE_ACTIONS = frozenset(
    {
        "action_give_advice",
        "action_what_now",
        "action_protect",
        "action_how_report",
        "action_report_routes",
        "action_report_fraud_info",
        "action_support_only",
        "action_talk",
        "action_platform_safety",
        "action_young_person",
    }
)  # and a check by the scam checker (its bot message carries "signs", see _bot)
REHEARSAL_LOOP = "rehearsal_form"
THREAT_PREFIX = "threat_"
LOW_CONFIDENCE = 0.6  # a typed message understood with less confidence than this is listed for labelling
NATIONS = ("england", "wales", "scotland", "northern_ireland")
MAX_TEXT = 500  # characters kept of a not-understood message (after redaction)

# Rasa's input channel names -> the dashboard's channel names
CHANNELS = {"socketio": "website", "rest": "rest", "telegram": "telegram", "cmdline": "shell"}


@dataclass
class Row:
    """One row of Rasa's `events` table (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent)."""

    id: int
    sender_id: str
    type_name: str
    timestamp: Optional[float]
    intent_name: Optional[str]
    action_name: Optional[str]
    data: Optional[str]


@dataclass
class Conversation:
    """What the dashboard knows about one conversation. `items` holds (kind, key) -> count increments
    since the conversation was loaded (kinds: topic, emergency, route, checker, sign, rehearsal,
    rehearsal_score); the cache adds them to its stored counts."""

    day: str
    first_event_id: int
    last_event_id: int
    last_ts: float
    id: Optional[int] = None  # the cache's row id, once stored
    channel: str = "unknown"
    nation: str = "unknown"
    child: bool = False
    young: bool = False
    advice: bool = False
    fallbacks: int = 0
    handover: bool = False
    rehearsal: bool = False
    user_messages: int = 0
    items: Counter = field(default_factory=Counter)
    seen_items: set = field(default_factory=set)  # (kind, key) already counted once per conversation

    def count_once(self, kind: str, key: str) -> None:
        if (kind, key) not in self.seen_items:
            self.seen_items.add((kind, key))
            self.items[(kind, key)] += 1


@dataclass
class Unrecognised:
    event_id: int
    day: str
    channel: str
    text: str  # redacted
    guess: str  # the intent the model leaned to, for the person labelling
    confidence: float


def local_day(timestamp: Optional[float]) -> str:
    ts = timestamp if timestamp is not None else 0.0
    return dt.datetime.fromtimestamp(ts, LOCAL_TZ).date().isoformat()


def channel_name(input_channel: Optional[str], sender_id: str) -> str:
    """Twilio carries SMS and WhatsApp: told apart by the sender id, raw ("whatsapp:+44..." / "+44...") or a
    hashed conversation id ("wa:<hash>" / "tw:<hash>", channels/gate.py); anything else counts as "twilio"."""
    if input_channel == "twilio":
        if sender_id.startswith(("whatsapp:", "wa:")):
            return "whatsapp"
        return "sms" if sender_id.startswith(("+", "tw:")) else "twilio"
    return CHANNELS.get(input_channel or "", input_channel or "unknown")[:40]


def _json(data: Optional[str]) -> Dict[str, Any]:
    try:
        value = json.loads(data or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _top_guess(parse: Dict[str, Any]) -> Tuple[str, float]:
    for item in parse.get("intent_ranking") or []:
        if isinstance(item, dict) and item.get("name") and item.get("name") != FALLBACK_INTENT:
            return str(item["name"]), float(item.get("confidence") or 0.0)
    intent = parse.get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


class Folder:
    """Applies rows, in id order, to the open conversation of each sender. `load(sender_id)` returns the
    sender's open conversation from the cache (or None); `redact(text)` removes personal data."""

    def __init__(self, load: Callable[[str], Optional[Conversation]], redact: Callable[[str], str]):
        self._load = load
        self._redact = redact
        self.open: Dict[str, Optional[Conversation]] = {}  # sender -> open conversation (None = closed)
        self.finished: List[Conversation] = []  # replaced by a newer session in this batch
        self.unrecognised: List[Unrecognised] = []

    def _current(self, sender: str) -> Optional[Conversation]:
        if sender not in self.open:
            self.open[sender] = self._load(sender)
        return self.open[sender]

    def _start(self, sender: str, row: Row) -> Conversation:
        old = self.open.get(sender)
        if old is not None:
            self.finished.append(old)
        conv = Conversation(
            day=local_day(row.timestamp), first_event_id=row.id, last_event_id=row.id, last_ts=row.timestamp or 0.0
        )
        self.open[sender] = conv
        return conv

    def apply_all(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.apply(row)

    def apply(self, row: Row) -> None:
        kind = row.type_name
        if kind == "session_started":
            self._current(row.sender_id)
            self._start(row.sender_id, row)
            return
        if kind == "restart":
            conv = self._current(row.sender_id)
            if conv is not None:
                self.finished.append(conv)
            self.open[row.sender_id] = None
            return
        if kind not in ("user", "action", "bot", "slot", "active_loop"):
            return
        conv = self._current(row.sender_id) or self._start(row.sender_id, row)
        conv.last_event_id = row.id
        conv.last_ts = row.timestamp or conv.last_ts
        if kind == "user":
            self._user(conv, row)
        elif kind == "action":
            self._action(conv, row.action_name or "")
        elif kind == "bot":
            if row.data and '"insights"' in row.data:  # most bot events carry nothing for us: skip the parse
                self._bot(conv, _json(row.data))
        elif kind == "slot":
            self._slot(conv, _json(row.data))
        elif kind == "active_loop" and row.data and REHEARSAL_LOOP in row.data:
            if _json(row.data).get("name") == REHEARSAL_LOOP:
                conv.rehearsal = True

    def _user(self, conv: Conversation, row: Row) -> None:
        data = _json(row.data)
        conv.user_messages += 1
        if conv.channel == "unknown":
            conv.channel = channel_name(data.get("input_channel"), row.sender_id)
        parse = data.get("parse_data") or {}
        intent = row.intent_name or (parse.get("intent") or {}).get("name") or ""
        confidence = float((parse.get("intent") or {}).get("confidence") or 0.0)
        if intent.startswith(THREAT_PREFIX):
            conv.count_once("topic", intent[len(THREAT_PREFIX) :])
        if intent == FALLBACK_INTENT:
            conv.fallbacks += 1
        text = str(data.get("text") or "")
        typed = text.strip() and not text.startswith("/")  # a button payload is not a message to label
        if typed and not conv.rehearsal and (intent == FALLBACK_INTENT or confidence < LOW_CONFIDENCE):
            guess, guess_conf = _top_guess(parse)
            clean = " ".join(self._redact(text).split())[:MAX_TEXT]
            self.unrecognised.append(
                Unrecognised(row.id, conv.day, conv.channel, clean, guess[:80], round(guess_conf, 3))
            )

    @staticmethod
    def _action(conv: Conversation, name: str) -> None:
        if name.startswith(EMERGENCY_PREFIX) and not name.endswith("followup"):  # the follow-up goes with each
            conv.items[("emergency", name[len(EMERGENCY_PREFIX) :])] += 1
        elif name == DISTRESS_ACTION:
            conv.items[("emergency", "distress")] += 1
        elif name in FALLBACK_ACTIONS:
            conv.fallbacks += 1
        elif name in HANDOVER_ACTIONS:
            conv.handover = True
        if name in ADVICE_ACTIONS:
            conv.advice = True

    @staticmethod
    def _bot(conv: Conversation, data: Dict[str, Any]) -> None:
        meta = data.get("metadata") or {}
        found = meta.get("insights") if isinstance(meta, dict) else None
        if not isinstance(found, dict):
            return
        for route in found.get("routes") or []:
            conv.count_once("route", str(route)[:60])
        handover = found.get("handover")  # talk to a person (actions/handover/): why it came up and what happened
        if isinstance(handover, dict) and handover.get("reason"):
            conv.handover = True
            conv.count_once("handover", f"{str(handover['reason'])[:20]}:{str(handover.get('outcome') or '')[:20]}")
        if isinstance(found.get("signs"), list):  # the checker looked at a pasted message (not just asked to)
            conv.items[("checker", "uses")] += 1
            conv.advice = True
            for sign in found["signs"]:
                conv.count_once("sign", str(sign)[:60])
        rehearsal = found.get("rehearsal")
        if isinstance(rehearsal, dict) and rehearsal.get("scenario"):
            scenario = str(rehearsal["scenario"])[:80]
            try:
                score = max(0, min(100, int(rehearsal.get("score") or 0)))
            except (TypeError, ValueError):
                score = 0
            conv.rehearsal = True
            conv.items[("rehearsal", scenario)] += 1
            conv.items[("rehearsal_score", scenario)] += score

    @staticmethod
    def _slot(conv: Conversation, data: Dict[str, Any]) -> None:
        name, value = data.get("name"), data.get("value")
        if name == "nation" and value in NATIONS:
            conv.nation = value
        elif name == "under_18" and value == "yes":
            conv.child = True
        elif name == "young_person" and value is True:
            conv.young = True
        elif name == "topic" and isinstance(value, str) and value:
            conv.count_once("topic", value[:60])
