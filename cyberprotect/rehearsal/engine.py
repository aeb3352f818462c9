"""The rehearsal conversation, as a pure state machine: officer code -> choose a scenario -> the bot plays
the member of the public, one reply to each officer turn (cyberprotect/rehearsal/persona.py answers from the
scenario's facts) -> feedback.

The state is a small JSON-able dict kept in the `rehearsal` slot, so nothing here touches Rasa:
  {"stage": "code" | "choose" | "playing", "scenario": id, "persona": the persona's state,
   "covered": key point ids covered so far, "said": [officer messages], "seen": user messages handled}
`handle` takes one officer message and returns the new state, the messages to send, and whether the
rehearsal ends ("finished" with feedback, "stopped", or "denied" for a wrong code). Feedback and the model
answer come from cyberprotect/rehearsal/keypoints.py, which reads the content store and route engine.
Pure Python, no Rasa imports.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

import yaml

from cyberprotect.content_store import ContentSnapshot
from cyberprotect.rehearsal.keypoints import Assessment, KeyPointError, Resolved, assess, model_answer, resolve
from cyberprotect.rehearsal.persona import new_state, reply
from cyberprotect.rehearsal.questions import blame_sentence, reassure_sentence
from cyberprotect.rehearsal.records import Session, clean_ref
from cyberprotect.rehearsal.scenarios import SCENARIO_DIR, Scenario, choose

Message = Dict[str, Any]
MAX_KEPT = 2000  # characters kept of each officer message (the state lives in the tracker store)
STOP_RE = re.compile(
    r"^(stop|cancel|quit|exit|leave|end|close)( the)?( rehearsal| rehearsing| rehearsal mode|"
    r" practice| scenario| role ?play)?( please)?$"
)
FINISH_RE = re.compile(
    r"^(finish|finished|done|i'?m done|i am done|feedback|give me feedback|end scenario|"
    r"finish scenario|finish rehearsal|that'?s all)( please)?$"
)
CODE_PROMPT = (
    "Officer rehearsal. Please type your officer code. Not a police officer? Just type your "
    "question instead and I'll go back to normal."
)
UNAVAILABLE = (
    "Sorry, officer rehearsal is not switched on for this service. If you need help with a scam "
    "or staying safe online, just tell me what happened."
)
DENIED = (
    "That isn't a valid officer code, so I've closed rehearsal mode. If you need help with a scam, "
    "please tell me again what happened."
)
STOPPED = "Rehearsal stopped. You're back in the public Cyber Protect Assistant. How can I help?"
BACK = "Rehearsal finished. You're back in the public Cyber Protect Assistant."
TRY_AGAIN = {"title": "Try this scenario again", "payload": "/rehearsal_start"}
EMERGENCY_NOTE = (
    "(Rehearsal: your last message got the public emergency reply above, which always comes "
    "first. The rehearsal carries on and your message counts.)"
)
EMERGENCY_NOTE_END = "(Rehearsal: your last message got the public emergency reply above, which always comes first.)"


@dataclass
class Step:
    state: Dict[str, Any]
    messages: List[Message]
    end: Optional[str] = None  # None (carry on) | "finished" | "stopped" | "denied"
    record: Optional[Session] = None  # a finished rehearsal, for the training lead's record
    show_record: bool = False  # the officer asked for the training record (the action puts it first)


RECORD_RE = re.compile(r"^(show )?(the )?(training record|records?|training lead|lead record)( please)?$")
REF_RE = re.compile(r"^(officer )?ref(erence)?[:\s]+(.+)$", re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"[.!?\s]+$", "", re.sub(r"\s+", " ", (text or "").strip().lower()))


def is_stop(text: str) -> bool:
    return bool(STOP_RE.match(_norm(text)))


def is_finish(text: str) -> bool:
    return bool(FINISH_RE.match(_norm(text)))


def begin(last: Optional[str] = None) -> Step:
    """The code prompt. `last`: the scenario of the rehearsal just finished in this conversation (offered
    first as "Try again" once the code is accepted)."""
    state: Dict[str, Any] = {"stage": "code", "said": [], "seen": 0}
    if last:
        state["last"] = last
    return Step(state, [{"text": CODE_PROMPT}])


def menu(library: Mapping[str, Scenario], last: Optional[str] = None) -> Message:
    items = list(library.values())
    listing = "\n".join(f"{i}. {s.title}" for i, s in enumerate(items, 1))
    buttons = [{"title": s.title, "payload": f"scenario {s.id}"} for s in items]
    if last is not None and last in library:  # "try again": the scenario just finished, first
        buttons.insert(0, {"title": f"Try again: {library[last].title}", "payload": f"scenario {last}"})
    buttons.append({"title": "Surprise me", "payload": "random"})
    buttons.append({"title": "Training record", "payload": "training record"})
    return {
        "text": "Code accepted. Choose a scenario: press a button, type its number, a word such as "
        "'romance', or 'random'. (Optional: type 'ref' and your officer reference to have it on the "
        "training record.)\n" + listing,
        "buttons": buttons,
    }


def _line(scenario: Scenario, text: str) -> Message:
    return {"text": f"{scenario.persona_name}: {text}"}


def _start(scenario: Scenario, state: Dict[str, Any]) -> Step:
    state.update(stage="playing", scenario=scenario.id, persona=new_state(), covered=[], said=[])
    intro = (
        f"Rehearsal: {scenario.title}.\nYou are talking to {scenario.persona_name}. {scenario.persona_about}\n"
        f"Learning goal: {scenario.learning_goal}\n"
        "Answer as you would a member of the public. Say 'finish' for your feedback at any time, "
        "or 'stop rehearsal' to leave."
    )
    return Step(state, [{"text": intro}, _line(scenario, scenario.lines[0])])


def handle(
    state: Mapping[str, Any],
    text: str,
    code: Optional[str],
    library: Mapping[str, Scenario],
    snapshot: ContentSnapshot,
    allow_end: bool = True,
) -> Step:
    """One officer message. `code` is the officer code (REHEARSAL_CODE); `allow_end=False` (after an
    emergency interruption) records the message and replies, but never ends the rehearsal."""
    state = dict(state or {})
    if not state.get("stage"):  # a new rehearsal (maybe {"last": id} from the one before)
        state = {**begin(state.get("last")).state, "seen": state.get("seen") or 0}
    state["said"] = list(state.get("said") or [])
    stage = state.get("stage")
    if allow_end and is_stop(text):
        return Step(state, [{"text": STOPPED}], "stopped")
    if stage == "code":
        if allow_end and code and hmac.compare_digest(text.strip().encode(), code.encode()):
            state["stage"] = "choose"
            return Step(state, [menu(library, state.get("last"))])
        return Step(state, [{"text": DENIED}], "denied" if allow_end else None)
    if stage == "choose":
        if RECORD_RE.match(_norm(text)):
            return Step(state, [menu(library, state.get("last"))], show_record=True)
        ref = REF_RE.match(text.strip())
        if ref and clean_ref(ref.group(3)):
            state["officer_ref"] = clean_ref(ref.group(3))
            return Step(
                state, [{"text": f"Officer reference noted: {state['officer_ref']}."}, menu(library, state.get("last"))]
            )
        scenario = choose(library, text)
        if scenario is None:
            return Step(state, [{"text": "I didn't find that scenario."}, menu(library, state.get("last"))])
        return _start(scenario, state)
    scenario = library.get(state.get("scenario") or "")
    if scenario is None:  # the library changed under us: end politely
        return Step(state, [{"text": "That scenario is no longer available. " + STOPPED}], "stopped")
    if allow_end and is_finish(text):
        messages = feedback(scenario, state["said"], snapshot)
        return Step(
            state,
            messages
            + [{"text": BACK + " To try it again, press the button and type your code.", "buttons": [TRY_AGAIN]}],
            "finished",
            record=_session(scenario, state, messages),
        )
    state["said"].append(text[:MAX_KEPT])
    covered = list(state.get("covered") or [])
    newly = [p.id for p in _points(scenario, snapshot) if p.id not in covered and p.evidence([text[:MAX_KEPT]])]
    state["covered"] = covered + newly
    said, state["persona"], _ = reply(scenario.persona, state.get("persona") or {}, text, state["covered"], newly)
    return Step(state, [_line(scenario, said)])


def _points(scenario: Scenario, snapshot: ContentSnapshot) -> List[Resolved]:
    """The scenario's key points (empty if the content no longer matches the script: feedback says so)."""
    try:
        return resolve(scenario, snapshot)[0]
    except KeyPointError:
        return []


def _session(scenario: Scenario, state: Mapping[str, Any], messages: List[Message]) -> Optional[Session]:
    """What the training lead's record keeps of a finished rehearsal: ids, kinds and the score, no text."""
    found = next((m["insights"]["rehearsal"] for m in messages if m.get("insights")), None)
    if not found:
        return None
    return Session(
        scenario=scenario.id,
        score=found["score"],
        covered=found["covered"],
        missed=found["missed"],
        mistakes=found["mistakes"],
        reassured=found["reassured"],
        blamed=found["blamed"],
        officer_ref=state.get("officer_ref"),
    )


def _quote(sentence: str, limit: int = 160) -> str:
    sentence = sentence.strip()
    return f'"{sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"}"'


DEBRIEF_FILE = SCENARIO_DIR / "_debrief.yml"


@lru_cache(maxsize=1)
def debrief_text() -> Dict[str, str]:
    """The fixed tone feedback (scenarios/_debrief.yml): reassured, not_reassured, blamed."""
    text: Dict[str, str] = yaml.safe_load(DEBRIEF_FILE.read_text(encoding="utf-8"))
    return text


def tone_lines(scenario: Scenario, said: List[str]) -> List[str]:
    """Tone feedback: was the person reassured, were there blaming words."""
    reassured = next((s for s in (reassure_sentence(t) for t in said) if s), None)
    blamed = next((s for s in (blame_sentence(t) for t in said) if s), None)
    name, text = scenario.persona_name, debrief_text()
    lines = [
        "Tone:",
        text["reassured"].format(name=name, quote=_quote(reassured))
        if reassured
        else text["not_reassured"].format(name=name),
    ]
    if blamed:
        lines.append(text["blamed"].format(quote=_quote(blamed)))
    return lines


def feedback_text(scenario: Scenario, result: Assessment) -> str:
    lines = [
        f'Feedback on "{scenario.title}": score {result.score}% ({len(result.covered)} of {result.total} '
        f"key points covered, {len(result.mistakes)} mistake{'s' if len(result.mistakes) != 1 else ''})."
    ]
    if result.covered:
        lines.append("Covered:")
        lines += [f"✔ {p.label} You said: {_quote(e)}" for p, e in result.covered]
    if result.missed:
        lines.append("Missed:")
        for p in result.missed:
            lines.append(f"✘ {p.label}")
            if p.why:
                lines.append(f"   Why it matters: {p.why}")
            if p.source:
                lines.append(f"   Advice sources: {p.source}")
    if result.mistakes:
        lines.append("Mistakes:")
        lines += [f"⚠ {m.label} You said: {_quote(e)}" for m, e in result.mistakes]
    return "\n".join(lines)


def feedback(scenario: Scenario, said: List[str], snapshot: ContentSnapshot) -> List[Message]:
    try:
        points, mistakes = resolve(scenario, snapshot)
    except KeyPointError as exc:  # the content changed under a live rehearsal: say so, never crash
        return [
            {
                "text": f"Sorry, I can't mark this rehearsal: the script no longer matches the advice content "
                f"({exc}). Please tell the Cyber Protect team."
            }
        ]
    result = assess(points, mistakes, said)
    tone = tone_lines(scenario, said)
    record = {
        "scenario": scenario.id,
        "score": result.score,
        "covered": [p.id for p, _ in result.covered],
        "missed": [p.id for p in result.missed],
        "mistakes": sorted({m.kind for m, _ in result.mistakes}),
        "reassured": tone[1].startswith("✔"),
        "blamed": any(m.kind == "blame" for m, _ in result.mistakes),
    }
    return [
        {
            "text": feedback_text(scenario, result) + "\n" + "\n".join(tone),
            "insights": {"rehearsal": record},
        },  # for insights/ and the training lead's record
        {"text": "Model answer, from the current advice content:\n" + model_answer(points)},
    ]
