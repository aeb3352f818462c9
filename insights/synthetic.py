"""Synthetic conversations for the dashboard's tests and benchmark, written straight into a tracker store
table with Rasa 3.6's schema (insights/cache.py EVENTS) and Rasa's event format (Event.as_dict()), with the
same columns SQLTrackerStore.save fills (intent_name from parse_data, action_name = the event's "name").

`generate()` also returns what it wrote as the truth to check the dashboard against: per day and channel,
(kind, key) -> [conversations, total], counted from its own choices, not by reading the events back.
Nothing here is real: sender ids are random (in the channel gate's "wa:<hash>" form), texts come from the
templates below.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from insights.cache import EVENTS, METADATA
from insights.events import LOCAL_TZ

TOPICS = [
    "smishing",
    "vishing",
    "phishing_email",
    "purchase_scam",
    "romance_scam",
    "investment_scam",
    "courier_fraud",
    "family_impersonation",
    "hacked_account",
    "sextortion",
    "identity_theft",
    "remote_access",
    "ransomware",
    "sim_swap",
    "account_security",
    "invoice_fraud",
    "prize_scam",
    "voice_clone_deepfake",
]
CHILD_TOPICS = ["child_grooming", "cyberbullying", "sextortion", "cyber_flashing"]
ROUTES_BY_NATION = {
    "england": ["report_fraud", "stop_scams_159", "bank"],
    "wales": ["report_fraud", "stop_scams_159", "bank"],
    "northern_ireland": ["report_fraud", "bank"],
    "scotland": ["police_scotland_101", "stop_scams_159", "bank"],
    None: ["report_fraud", "police_scotland_101", "bank"],
}
CHILD_ROUTES = ["ceop", "childline", "report_remove", "nspcc"]
EMERGENCIES = ["danger", "crime_at_door", "crime_remote", "child_danger", "self_harm", "generic"]
SCENARIOS = ["royal_mail_smishing", "hi_mum_whatsapp", "scotland_bank_call", "courier_fraud"]
SIGNS = ["urgency", "small_fee", "link_not_official", "asks_for_details", "secrecy"]  # real keys (content/checker.yml)
CHANNELS = [
    ("socketio", "website", 0.6),
    ("rest", "rest", 0.05),
    ("telegram", "telegram", 0.1),
    ("twilio", "sms", 0.15),
    ("twilio", "whatsapp", 0.1),
]
SENDER_PREFIX = {"website": "web:", "rest": "rest:", "telegram": "tg:", "sms": "tw:", "whatsapp": "wa:"}
NATIONS = ["england", "wales", "scotland", "northern_ireland"]
KINDS = [
    ("advice", 40),
    ("child", 8),
    ("young", 3),
    ("fallback", 12),
    ("low_confidence", 5),
    ("emergency", 5),
    ("handover", 3),
    ("checker", 6),
    ("rehearsal", 2),
    ("greet", 8),
    ("out_of_scope", 6),
    ("empty", 2),
]
UNCLEAR = [
    "my email is {name}@example.com can you help",
    "they rang me from 07700 900{n:03d} what do i do",
    "i gave them card 4929 1234 5678 {n:04d} is that bad",
    "thingy on my phone keeps popping up",
    "<b>hello</b> is this the place",
    "what about the other one",
    "my account number is 1234{n:04d} help",
    "neighbour said something weird about wifi",
    "can u check this for me pls",
    "llevo dos dias sin wifi",
]
MODEL_ID = "synthetic"


class _Conversation:
    def __init__(self, sender: str, start: float, channel: Tuple[str, str]):
        self.sender, self.ts, self.channel = sender, start, channel
        self.turns: List[List[Dict[str, Any]]] = []
        self.turn: List[Dict[str, Any]] = []

    def _tick(self) -> float:
        self.ts += 0.25
        return self.ts

    def session(self) -> None:
        self.turn += [
            self._action("action_session_start"),
            {"event": "session_started", "timestamp": self._tick(), "metadata": {"model_id": MODEL_ID}},
            self._action("action_listen"),
        ]
        self._end_turn()

    def _action(self, name: str) -> Dict[str, Any]:
        return {
            "event": "action",
            "timestamp": self._tick(),
            "metadata": {"model_id": MODEL_ID},
            "name": name,
            "policy": "RulePolicy",
            "confidence": 1.0,
            "action_text": None,
            "hide_rule_turn": False,
        }

    def user(self, text: str, intent: str, confidence: float = 0.93, guess: Optional[str] = None) -> None:
        self.ts += 20
        mid = uuid.uuid4().hex
        ranking = [{"name": intent, "confidence": confidence}]
        if guess:
            ranking.append({"name": guess, "confidence": round(confidence * 0.8, 3)})
        self.turn.append(
            {
                "event": "user",
                "timestamp": self._tick(),
                "metadata": {"model_id": MODEL_ID},
                "text": text,
                "parse_data": {
                    "intent": {"name": intent, "confidence": confidence},
                    "entities": [],
                    "text": text,
                    "message_id": mid,
                    "metadata": {},
                    "intent_ranking": ranking,
                },
                "input_channel": self.channel[0],
                "message_id": mid,
            }
        )

    def action(self, name: str) -> None:
        self.turn.append(self._action(name))

    def bot(self, text: str, insights: Optional[Dict[str, Any]] = None) -> None:
        meta: Dict[str, Any] = {"model_id": MODEL_ID}
        if insights:
            meta["insights"] = insights
        self.turn.append(
            {
                "event": "bot",
                "timestamp": self._tick(),
                "metadata": meta,
                "text": text,
                "data": {
                    "elements": None,
                    "quick_replies": None,
                    "buttons": None,
                    "attachment": None,
                    "image": None,
                    "custom": None,
                },
            }
        )

    def slot(self, name: str, value: Any) -> None:
        self.turn.append({"event": "slot", "timestamp": self._tick(), "name": name, "value": value})

    def loop(self, name: Optional[str]) -> None:
        self.turn.append({"event": "active_loop", "timestamp": self._tick(), "name": name})

    def listen(self) -> None:
        self.action("action_listen")
        self._end_turn()

    def _end_turn(self) -> None:
        self.turns.append(self.turn)
        self.turn = []


def _row(sender: str, event: Dict[str, Any]) -> Dict[str, Any]:
    """The columns SQLTrackerStore.save writes for one event."""
    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    return {
        "sender_id": sender,
        "type_name": event["event"],
        "timestamp": event.get("timestamp"),
        "intent_name": intent,
        "action_name": event.get("name"),
        "data": json.dumps(event),
    }


class _Truth:
    def __init__(self):
        self.cells: Dict[Tuple[str, str], Dict[Tuple[str, str], List[int]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )
        self.unrecognised: List[Dict[str, Any]] = []

    def add(self, day: str, channel: str, kind: str, key: str = "", total: int = 0) -> None:
        cell = self.cells[(day, channel)][(kind, key)]
        cell[0] += 1
        cell[1] += total

    def as_records(self) -> List[Dict[str, Any]]:
        return [
            {"day": d, "channel": c, "kind": k, "key": key, "conversations": v[0], "total": v[1]}
            for (d, c), items in sorted(self.cells.items())
            for (k, key), v in sorted(items.items())
        ]


def _play(conv: _Conversation, kind: str, rnd: random.Random, truth: _Truth, day: str) -> None:
    ch = conv.channel[1]
    conv.session()
    if kind == "empty":
        return
    flags = {"advice": False, "fallbacks": 0, "handover": False}
    topics, routes = set(), set()
    nation = None

    def advice(topic: str, child: bool = False, young: bool = False) -> None:
        conv.action("action_give_advice")
        conv.bot(f"Advice about {topic}.")
        offered = (CHILD_ROUTES if child or young else ROUTES_BY_NATION[nation])[: rnd.randint(2, 3)]
        conv.bot("Where to get help: ...", {"routes": offered})
        conv.slot("topic", topic)
        topics.add(topic)
        routes.update(offered)
        flags["advice"] = True

    if kind == "rehearsal":
        scenario = rnd.choice(SCENARIOS)
        score = rnd.choice(range(0, 101, 25))
        conv.user("I'm an officer, I want to rehearse", "rehearsal_start")
        conv.action("action_rehearsal_start")
        conv.slot("rehearsal_available", True)
        conv.action("rehearsal_form")
        conv.loop("rehearsal_form")
        conv.bot("Officer rehearsal. Please type your officer code.")
        conv.listen()
        conv.user("hmmm what did they say", "nlu_fallback", 0.3)  # officer text: never listed or counted
        conv.bot(f"Feedback: score {score}%", {"rehearsal": {"scenario": scenario, "score": score}})
        conv.loop(None)
        conv.listen()
        truth.add(day, ch, "rehearsal", scenario, 1)
        truth.add(day, ch, "rehearsal_score", scenario, score)
        return
    if rnd.random() < 0.3:
        conv.user("hello", "greet")
        conv.action("utter_greet")
        conv.bot("Hello, I'm the Cyber Protect assistant.")
        conv.listen()
    if kind in ("advice", "low_confidence"):
        topic = rnd.choice(TOPICS)
        if kind == "low_confidence":
            text = f"erm something about {topic.replace('_', ' ')} i think {rnd.randint(0, 999)}"
            conv.user(text, "threat_" + topic, 0.5, guess="out_of_scope")
            truth.unrecognised.append({"day": day, "channel": ch, "text": text})
        else:
            conv.user("I got a scam", "threat_" + topic, round(rnd.uniform(0.7, 0.99), 3))
        if rnd.random() < 0.5:
            nation = rnd.choice(NATIONS)
            conv.slot("nation", nation)
        advice(topic)
        conv.listen()
        if rnd.random() < 0.3:
            conv.user("/ask_what_now", "ask_what_now", 1.0)
            conv.action("action_what_now")
            conv.bot("What to do now ...")
            conv.listen()
    elif kind in ("child", "young"):
        topic = rnd.choice(CHILD_TOPICS)
        conv.user(
            "my son is being asked for pictures" if kind == "child" else "im 14 and someone is threatening me",
            "threat_" + topic,
        )
        conv.slot("under_18", "yes")
        if kind == "young":
            conv.slot("young_person", True)
        advice(topic, child=True, young=kind == "young")
        conv.listen()
    elif kind == "fallback":
        text = rnd.choice(UNCLEAR).format(name=f"jo{rnd.randint(0, 99)}", n=rnd.randint(0, 999))
        conv.user(text, "nlu_fallback", 0.45, guess=rnd.choice(["threat_smishing", "out_of_scope", "greet"]))
        truth.unrecognised.append({"day": day, "channel": ch, "text": text})
        flags["fallbacks"] += 1
        conv.action("utter_default")
        conv.bot("Sorry, I didn't understand.")
        conv.action("action_suggest_topics")
        conv.listen()
        if rnd.random() < 0.5:  # then chose a suggested topic: advice, but not "handled"
            topic = rnd.choice(TOPICS)
            conv.user("/threat_" + topic, "threat_" + topic, 1.0)
            advice(topic)
            conv.listen()
    elif kind == "emergency":
        etype = rnd.choices(EMERGENCIES + ["distress"], weights=[4, 1, 1, 1, 3, 1, 2])[0]
        conv.user("help someone is here now", "emergency_" + etype, 0.99)
        conv.action("utter_distress_support" if etype == "distress" else "utter_emergency_" + etype)
        conv.bot("Call 999 now.")
        conv.action("utter_emergency_child_followup" if etype == "child_danger" else "utter_emergency_followup")
        conv.bot("When you are safe ...")
        conv.listen()
        truth.add(day, ch, "emergency", etype, 1)
    elif kind == "handover":  # talk to a person (actions/handover/): the reason and outcome ride on the bot event
        outcome = rnd.choice(("offered", "closed", "no_live_chat"))
        conv.user("can I talk to a real person", "human_handoff", 0.95)
        conv.action("action_offer_person")
        conv.bot(
            "The Cyber Protect team are working now ..." if outcome == "offered" else "Nobody can chat now ...",
            {"handover": {"reason": "asked", "outcome": outcome}},
        )
        conv.listen()
        flags["handover"] = True
        truth.add(day, ch, "handover", f"asked:{outcome}", 1)
    elif kind == "checker":
        signs = rnd.sample(SIGNS, rnd.randint(1, 3))
        conv.user("can you check this message: Your parcel is waiting, pay now", "check_message", 0.9)
        conv.action("action_check_message")
        conv.bot("Signs of a scam I found: ...", {"signs": signs})
        conv.listen()
        flags["advice"] = True
        truth.add(day, ch, "checker", "uses", 1)
        for s in signs:
            truth.add(day, ch, "sign", s, 1)
    elif kind == "greet":
        conv.user("thanks bye", "goodbye", 0.9)
        conv.action("utter_goodbye")
        conv.bot("Take care.")
        conv.listen()
    elif kind == "out_of_scope":
        conv.user("what's the weather tomorrow", "out_of_scope", 0.8)
        conv.action("utter_out_of_scope")
        conv.bot("I can only help with scams and staying safe online.")
        conv.listen()
    user_messages = sum(1 for t in conv.turns for e in t if e["event"] == "user")
    truth.add(day, ch, "all", "", user_messages)
    truth.add(day, ch, "nation", nation or "unknown")
    if flags["advice"] and not flags["fallbacks"] and not flags["handover"]:
        truth.add(day, ch, "handled")
    if flags["fallbacks"]:
        truth.add(day, ch, "fallback", "", flags["fallbacks"])
    if flags["handover"]:
        truth.add(day, ch, "handover")
    if kind == "child":
        truth.add(day, ch, "child", "about_a_child")
    if kind == "young":
        truth.add(day, ch, "child", "young_person")
    for t in topics:
        truth.add(day, ch, "topic", t, 1)
    for r in routes:
        truth.add(day, ch, "route", r, 1)


def generate(
    url: str, conversations: int, days: int = 120, seed: int = 1, end: Optional[dt.date] = None, batch: int = 20_000
) -> Dict[str, Any]:
    """Writes `conversations` synthetic conversations over `days` days ending at `end` (default today)
    into the tracker store at `url` (table created if missing). Returns the truth (see the module doc)."""
    rnd = random.Random(seed)
    end = end or dt.date.today()
    engine = sa.create_engine(url)
    METADATA.create_all(engine, tables=[EVENTS])
    truth = _Truth()
    day_weights = [1.0 + 0.5 * (i / max(days - 1, 1)) for i in range(days)]  # a gentle rise over the period
    starts = []
    for _ in range(conversations):
        day = end - dt.timedelta(days=days - 1 - rnd.choices(range(days), weights=day_weights)[0])
        local = dt.datetime.combine(day, dt.time(8), LOCAL_TZ) + dt.timedelta(seconds=rnd.randint(0, 14 * 3600))
        starts.append((local.timestamp(), day.isoformat()))
    starts.sort()
    senders: List[str] = []
    plays: List[_Conversation] = []
    kinds, weights = zip(*KINDS)
    for i, (ts, day) in enumerate(starts):
        ch = rnd.choices(CHANNELS, weights=[c[2] for c in CHANNELS])[0]
        earlier = bisect.bisect_left(starts, (ts - 3 * 3600, "")) if i else 0
        if earlier > 0 and rnd.random() < 0.1:  # a returning person: same sender id, a new session
            sender = senders[rnd.randrange(earlier)]
            ch = next(c for c in CHANNELS if c[1] == _channel_of(sender))  # ids are per channel
        else:  # conversation ids as the channel gate makes them (channels/gate.py): "wa:<keyed hash>"...
            sender = SENDER_PREFIX[ch[1]] + uuid.UUID(int=rnd.getrandbits(128)).hex
        senders.append(sender)
        conv = _Conversation(sender, ts, (ch[0], ch[1]))
        _play(conv, rnd.choices(kinds, weights=weights)[0], rnd, truth, day)
        plays.append(conv)
    with engine.begin() as db:
        buffer: List[Dict[str, Any]] = []
        for group_start in range(0, len(plays), 3):  # three people talking at once: their turns interleave
            group = plays[group_start : group_start + 3]
            if len({c.sender for c in group}) < len(group):  # one person twice: their sessions in order
                order = [(group[0].sender, t) for t in group[0].turns] + [
                    (c.sender, t) for c in group[1:] for t in c.turns
                ]
            else:
                order = []
                for k in range(max(len(c.turns) for c in group)):
                    order += [(c.sender, c.turns[k]) for c in group if k < len(c.turns)]
            for sender, turn in order:
                buffer += [_row(sender, e) for e in turn]
            if len(buffer) >= batch:
                db.execute(EVENTS.insert(), buffer)
                buffer = []
        if buffer:
            db.execute(EVENTS.insert(), buffer)
    return {
        "cells": truth.as_records(),
        "unrecognised": truth.unrecognised,
        "first_day": (end - dt.timedelta(days=days - 1)).isoformat(),
        "last_day": end.isoformat(),
    }


def _channel_of(sender: str) -> str:
    return next(ch for ch, prefix in SENDER_PREFIX.items() if sender.startswith(prefix))
