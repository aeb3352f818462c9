"""The member of the public in a rehearsal: one reply to each officer turn, from the facts of the case.

A scenario's persona (scenarios/<id>.yml, `persona`) holds `facts` (what happened, when, money and how paid,
details given, where they live, age, feelings, ...), `story` (the parts of the story after the opening line,
told in order when the officer invites them), `asks` (what a real person asks when the officer has not covered
it: each names the key points that make the question unnecessary) and `reactions` (to reassurance, to blame,
to advice). What the officer's turn asks or does comes from cyberprotect/rehearsal/questions.py.

The reply is built in this order, all in ONE message:
  1. a reaction: hurt by blame, or relieved by reassurance (the first time);
  2. answers to every fact asked about (up to 3), each from the facts or, if the scenario has none, the
     question's default; "what happened?" gets the next part of the story;
  3. if nothing was asked: an invitation ("go on") gets the next part of the story; advice (a new key point
     covered, or advice wording) gets an acknowledgement and the next question a real person would still
     have; anything else gets the next part of the story, then the next question, then "what should I do?".
  "Anything else?" gets the next question the person still has, or thanks.
Pure Python, no Rasa imports. The state is a JSON-able dict the engine keeps in its own state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

from cyberprotect.rehearsal.questions import Reading, Table, default_table, read

MAX_ANSWERS = 3
DEFAULT_REACTIONS = {
    "reassured": "Thank you. That does make me feel a bit better.",
    "reassured_again": "Thank you.",
    "blamed": "I know. I feel bad enough about it already.",
    "advice": "Okay, thank you.",
    "nothing_left": "I don't think there's anything else to tell, really. What should I do?",
    "unsure": "Sorry, I'm not sure what you mean. What should I do?",
    "thanks": "Thank you, that's really helpful. I'll do all of that.",
}


@dataclass(frozen=True)
class Persona:
    name: str
    facts: Mapping[str, str]
    story: Sequence[str]
    asks: Sequence[Mapping[str, Any]]  # {"say": str, "unless": [key point ids]}
    reactions: Mapping[str, str]

    def reaction(self, key: str) -> str:
        return self.reactions.get(key) or DEFAULT_REACTIONS[key]


def new_state() -> Dict[str, Any]:
    return {"story_next": 0, "asked": [], "answered": [], "reassured": False, "blamed": 0}


def _next_story(persona: Persona, state: Dict[str, Any]) -> Optional[str]:
    i = int(state.get("story_next") or 0)
    if i < len(persona.story):
        state["story_next"] = i + 1
        return persona.story[i]
    return None


def _next_ask(persona: Persona, state: Dict[str, Any], covered: Sequence[str]) -> Optional[str]:
    asked = list(state.get("asked") or [])
    for i, ask in enumerate(persona.asks):
        if i in asked or any(k in covered for k in ask.get("unless") or ()):
            continue
        state["asked"] = asked + [i]
        say: str = ask["say"]
        return say
    return None


def answer(persona: Persona, key: str, state: Dict[str, Any], table: Table, covered: Sequence[str] = ()) -> str:
    """The persona's answer to one kind of question."""
    if key == "name":
        return f"I'm {persona.name}."
    if key == "anything_else":
        return _next_ask(persona, state, covered) or persona.reaction("thanks")
    if key == "what_happened":
        part = _next_story(persona, state)
        if part:
            return part
        return persona.facts.get("what_happened") or persona.reaction("nothing_left")
    fact = persona.facts.get(key)
    if fact:
        return fact
    q = table.question(key)
    return q.default if q and q.default else persona.reaction("unsure")


def reply(
    persona: Persona,
    state: Mapping[str, Any],
    text: str,
    covered: Sequence[str] = (),
    newly_covered: Sequence[str] = (),
    table: Optional[Table] = None,
) -> tuple[str, Dict[str, Any], Reading]:
    """One reply to one officer turn: (reply text, new state, what the turn was read as).
    `covered`: key point ids the officer has covered so far; `newly_covered`: those covered by this turn."""
    table = table or default_table()
    state = {**new_state(), **dict(state or {})}
    reading = read(text, table)
    parts: List[str] = []
    if reading.blames:
        state["blamed"] = int(state.get("blamed") or 0) + 1
        parts.append(persona.reaction("blamed"))
    elif reading.reassures and not state.get("reassured"):
        parts.append(persona.reaction("reassured"))
        state["reassured"] = True
    elif reading.reassures and not reading.asks and not reading.advises:
        parts.append(persona.reaction("reassured_again"))
    answers = [answer(persona, key, state, table, covered) for key in reading.asks[:MAX_ANSWERS]]
    state["answered"] = list(dict.fromkeys(list(state.get("answered") or []) + reading.asks))
    parts += [a for a in answers if a]
    if not answers:
        if reading.invites:
            parts.append(_next_story(persona, state) or persona.reaction("nothing_left"))
        elif newly_covered or reading.advises:
            parts.append(persona.reaction("advice"))
            parts.append(_next_ask(persona, state, covered) or persona.reaction("thanks"))
        elif not parts:
            parts.append(
                _next_story(persona, state) or _next_ask(persona, state, covered) or persona.reaction("unsure")
            )
    return " ".join(parts), state, reading
