"""Turns content (topics, routes, route decisions) into short chat messages with next-step buttons.

Pure Python, no Rasa imports: every function returns plain dicts {"text": ..., "buttons": [...]}, which the
actions hand to the dispatcher. Wording of the advice itself comes from the content store; only the
connecting phrases ("What to do now:") live here.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, Iterable, List, Optional, Sequence

from actions.content_schema import Route, Topic
from actions.content_store import ContentSnapshot
from actions.routing import RouteDecision

Message = Dict[str, object]

BUTTON_WHAT_NOW = {"title": "What should I do now?", "payload": "/ask_what_now"}
BUTTON_REPORT = {"title": "How do I report it?", "payload": "/ask_how_report"}
BUTTON_PROTECT = {"title": "How can I protect myself?", "payload": "/ask_protect"}
BUTTON_ELSE = {"title": "Something else", "payload": "/help_menu"}
ROUTES_INTRO = "Here is where to go, most urgent first:"
SUPPORT_INTRO = "That's your choice: you don't have to report it to get help. These can support you:"
BUTTON_SCOTLAND = {"title": "I live in Scotland", "payload": '/inform_nation{"nation": "scotland"}'}


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _next_buttons(exclude: Dict[str, str]) -> List[Dict[str, str]]:
    return [b for b in (BUTTON_WHAT_NOW, BUTTON_REPORT, BUTTON_PROTECT, BUTTON_ELSE) if b is not exclude]


def advice(topic: Topic, emergency: Optional[Route] = None) -> List[Message]:
    """The first answer on a topic. `emergency` (the 999 route) adds a one-line safety net, because a person
    describing a scam may be in danger without saying it in words the safeguarding patterns know."""
    safety = f"\nIf anyone is in danger right now, call {emergency.phone}." if emergency and emergency.phone else ""
    return [
        {"text": f"{topic.title}. {topic.summary}"},
        {"text": "What to do now:\n" + _numbered(topic.do_now) + safety, "buttons": _next_buttons(BUTTON_WHAT_NOW)},
    ]


def what_now(topic: Topic) -> List[Message]:
    return [{"text": f"What to do now ({topic.title.lower()}):\n" + _numbered(topic.do_now),
             "buttons": _next_buttons(BUTTON_WHAT_NOW)}]


def protect(topic: Topic) -> List[Message]:
    return [
        {"text": "How to protect yourself:\n" + _numbered(topic.protect)},
        {"text": "Signs to look out for:\n" + _numbered(topic.signs), "buttons": _next_buttons(BUTTON_PROTECT)},
    ]


def route_line(route: Route, reason: str) -> str:
    ways = []
    if route.phone:
        ways.append(f"call {route.phone}")
    if route.text and route.text != route.phone:  # 999 by text needs emergencySMS registration: not offered
        ways.append(f"text {route.text}")
    if route.email:
        ways.append(f"email {route.email}")
    if route.url:
        ways.append(f"go to {route.url}")
    how = (": " + ", or ".join(ways)) if ways else ""
    hours = f" ({route.hours})" if route.hours and route.phone else ""
    return f"• {route.name}{how}{hours}. {reason}".replace("..", ".").strip()


def routes(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision], intro: str,
           nation_known: bool) -> List[Message]:
    lines = []
    for d in decisions:
        route = snapshot.routes.get(d.route)
        if route is not None:
            lines.append(route_line(route, snapshot.reasons.get(d.reason, "")))
    buttons = [BUTTON_WHAT_NOW, BUTTON_PROTECT, BUTTON_ELSE]
    if not nation_known:
        buttons = [BUTTON_SCOTLAND] + buttons
    return [{"text": intro + "\n" + "\n".join(lines), "buttons": buttons}]


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def content_date(snapshot: ContentSnapshot, topic: Optional[Topic]) -> List[Message]:
    if topic is not None:
        sources = "\n".join(f"• {s.title}: {s.url}" for s in topic.sources)
        text = (f"The advice on {topic.title.lower()} was last checked against official sources on "
                f"{_date(topic.last_reviewed)}. Sources:\n{sources}")
    else:
        dates = sorted(t.last_reviewed for t in snapshot.topics.values())
        text = (f"All my advice comes from official UK sources such as the NCSC and the police. "
                f"It was last checked between {_date(dates[0])} and {_date(dates[-1])}. "
                f"Ask me about a topic to see its sources.")
    return [{"text": text}]


def no_topic() -> List[Message]:
    return [{"text": "Tell me a little about what happened, or choose a topic, and I'll give you the steps.",
             "buttons": [{"title": "Show me the topics", "payload": "/help_menu"}]}]
