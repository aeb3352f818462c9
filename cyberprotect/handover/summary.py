"""The summary the force's agent sees when a conversation is handed over, so the person never has to tell their
story again: why the bot handed over, the topic, nation, facts (money paid or details given, a child involved,
danger), emergency replies already shown, the routes already shown, and what the person wrote, redacted.

Pure: reads Rasa tracker events as plain dicts (as rasa_sdk's Tracker.events holds them). Every piece of the
person's text goes through channels/redaction.py again (the channel gate did it once; `rasa shell` and REST
callers may not have passed it), so card numbers, codes, phone numbers and emails never reach the agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional, Sequence

from channels.redaction import redact

REASONS = {
    "asked": "asked for a person",
    "fallback": "the bot did not understand twice in a row",
    "distress": "upset (no danger said)",
    "topic": "a case the team asked to see",
}
NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern_ireland": "Northern Ireland"}
MAX_MESSAGES = 12
MAX_CHARS = 400
FACT_INTENTS = {"already_paid": "said they already paid or gave details"}


@dataclass
class Summary:
    reason: str
    topic: Optional[str] = None
    nation: Optional[str] = None
    facts: List[str] = field(default_factory=list)
    emergencies: List[str] = field(default_factory=list)
    routes: List[str] = field(default_factory=list)
    said: List[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            "Handed over by the Cyber Protect Assistant (chatbot).",
            f"Why: {REASONS.get(self.reason, self.reason)}",
            f"Topic: {self.topic or 'not known'}",
            f"Nation: {NATION_NAMES.get(self.nation or '', 'not known')}",
            "Facts: " + ("; ".join(self.facts) if self.facts else "none given"),
            "Emergency replies shown: " + (", ".join(self.emergencies) if self.emergencies else "none"),
            "Routes already shown: " + (", ".join(self.routes) if self.routes else "none"),
        ]
        lines.append("What they wrote (redacted):" if self.said else "What they wrote: nothing yet")
        lines += [f"- {s}" for s in self.said]
        return "\n".join(lines)


def _clean(text: str) -> str:
    cleaned, _ = redact(text or "")
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= MAX_CHARS else cleaned[:MAX_CHARS] + " [...]"


def _yes(value: Any) -> Optional[bool]:
    return {"yes": True, "no": False, True: True, False: False}.get(value)


def build(
    events: Sequence[Mapping[str, Any]],
    slots: Mapping[str, Any],
    reason: str,
    topic_title: Optional[str],
    route_names: Mapping[str, str],
) -> Summary:
    """`route_names` maps route keys to names (content/routes/routes.yml); unknown keys are left out."""
    summary = Summary(reason=reason, topic=topic_title, nation=slots.get("nation"))
    money, child, danger = _yes(slots.get("money_lost")), _yes(slots.get("under_18")), _yes(slots.get("danger_now"))
    if money is not None:
        summary.facts.append("lost money or gave bank/card details: " + ("yes" if money else "no"))
    if child is not None:
        summary.facts.append("under 18 involved: " + ("yes" if child else "no"))
    if slots.get("young_person") is True:
        summary.facts.append("the person says they are under 18")
    if danger is not None:
        summary.facts.append("in danger now: " + ("yes" if danger else "no"))
    seen_routes: List[str] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = str(event.get("text") or "")
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            fact = FACT_INTENTS.get(intent)
            if fact and fact not in summary.facts:
                summary.facts.append(fact)
            if text.startswith("/"):
                continue  # a button press: its answer is in the routes and topic already
            if text.strip():
                summary.said.append(_clean(text))
        elif kind == "bot":
            insights = (event.get("metadata") or {}).get("insights") or {}
            for key in insights.get("routes") or []:
                if key in route_names and route_names[key] not in seen_routes:
                    seen_routes.append(route_names[key])
        elif kind == "action":
            name = str(event.get("name") or "")
            if name.startswith("utter_emergency_") or name == "utter_distress_support":
                label = name[len("utter_") :].replace("_", " ")
                if label not in summary.emergencies:
                    summary.emergencies.append(label)
    summary.routes = seen_routes
    summary.said = summary.said[-MAX_MESSAGES:]
    return summary
