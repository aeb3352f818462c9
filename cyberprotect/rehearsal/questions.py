"""What an officer's turn in a rehearsal asks or does, for the persona to answer (cyberprotect/rehearsal/persona.py).

This module owns one question: "which facts does this message ask about, does it invite the next part of the
story, does it reassure, does it blame?" It is a table of regular expressions (scenarios/_questions.yml) over
the officer's sentences, so every decision can be explained by the cue that matched (`Reading.why`), and each
row of the table is unit-tested (tests/unit/test_rehearsal_questions.py). A question cue counts only in a
sentence that is a question; invitations, reassurance and blame count anywhere, and a blame cue with a
negation just before it (four words) ("you're not stupid") is not blame.
Pure Python, no Rasa imports, no spaCy (fast enough to run on every officer turn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Pattern, Tuple

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TABLE_FILE = PROJECT_ROOT / "scenarios" / "_questions.yml"
MAX_CHARS = 2000  # longer messages are read up to here (the state keeps no more either)

_CONTRACTIONS = (
    (r"\bcan't\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"n't\b", " not"),
    (r"\b(what|who|where|how|that|it|there|he|she|here)'s\b", r"\1 is"),
    (r"'ve\b", " have"),
    (r"'re\b", " are"),
    (r"\bi'm\b", "i am"),
    (r"'ll\b", " will"),
    (r"\b(i|you|we|they|he|she)'d\b", r"\1 would"),
    (r"\bu\b", "you"),
    (r"\br\b", "are"),
    (r"\bur\b", "your"),
    (r"\bpls\b", "please"),
)
NEGATION_BEFORE = re.compile(r"\b(not|never|no|nobody|no one|nothing|none)\b")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+|(?<=\?)")


def normalise(text: str) -> str:
    """Lower case, straight quotes, contractions spelt out, single spaces."""
    t = (text or "")[:MAX_CHARS].lower().replace("\u2019", "'").replace("\u2018", "'")
    for pattern, repl in _CONTRACTIONS:
        t = re.sub(pattern, repl, t)
    return re.sub(r"\s+", " ", t).strip()


def sentence_pairs(text: str) -> List[Tuple[str, str]]:
    """(sentence as written, normalised sentence); a question keeps its "?"."""
    raw = [s.strip() for s in SENTENCE_SPLIT.split((text or "")[:MAX_CHARS]) if s and s.strip(" .!")]
    return [(s, normalise(s)) for s in raw]


def split_sentences(text: str) -> List[str]:
    """Sentences of the normalised text; a question keeps its "?"."""
    return [n for _, n in sentence_pairs(text)]


@dataclass(frozen=True)
class QuestionType:
    key: str
    default: str
    cues: Tuple[Pattern[str], ...]
    suppress: Tuple[str, ...] = ()
    example: str = ""  # how an officer might ask it (model answers of "asks ..." key points)


@dataclass(frozen=True)
class Table:
    starts: Tuple[str, ...]
    questions: Tuple[QuestionType, ...]
    invite: Tuple[Pattern[str], ...]
    advice: Tuple[Pattern[str], ...]
    reassure: Tuple[Pattern[str], ...]
    blame: Tuple[Pattern[str], ...]

    def question(self, key: str) -> Optional[QuestionType]:
        return next((q for q in self.questions if q.key == key), None)


def _compile(patterns: Optional[Iterable[str]]) -> Tuple[Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns or ())


def load_table(path: Path = TABLE_FILE) -> Table:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = tuple(
        QuestionType(
            key=str(k),
            default=str(v.get("default") or ""),
            cues=_compile(v["cues"]),
            suppress=tuple(v.get("suppress") or ()),
            example=str(v.get("example") or ""),
        )
        for k, v in (data.get("questions") or {}).items()
    )
    return Table(
        starts=tuple(sorted(data.get("question_starts") or (), key=len, reverse=True)),
        questions=questions,
        invite=_compile(data.get("invite")),
        advice=_compile(data.get("advice")),
        reassure=_compile(data.get("reassure")),
        blame=_compile(data.get("blame")),
    )


@lru_cache(maxsize=1)
def default_table() -> Table:
    return load_table()


@dataclass
class Reading:
    """What one officer message does. `asks` keeps the order the questions came in; `why` names the cue
    behind each finding (for tests and for anyone asking why the persona answered as it did)."""

    asks: List[str] = field(default_factory=list)
    invites: bool = False
    advises: bool = False
    reassures: bool = False
    blames: bool = False
    blame_evidence: str = ""
    reassure_evidence: str = ""
    why: Dict[str, str] = field(default_factory=dict)


def is_question(sentence: str, table: Optional[Table] = None) -> bool:
    table = table or default_table()
    s = normalise(sentence)
    if s.endswith("?"):
        return True
    if re.match(r"(do not|never|please)\b", s):  # "Don't send any more money." is advice
        return False
    s = re.sub(r"^(ok|okay|right|alright|so|and|well|thanks|thank you)[, ]+", "", s)
    return any(s == start or s.startswith(start + " ") for start in table.starts)


def _first(patterns: Iterable[Pattern[str]], sentence: str) -> Optional[re.Match[str]]:
    for p in patterns:
        m = p.search(sentence)
        if m:
            return m
    return None


def _blame_in(sentence: str, table: Table) -> Optional[re.Match[str]]:
    for p in table.blame:
        for m in p.finditer(sentence):
            before = " ".join(sentence[: m.start()].split()[-4:])
            if before.endswith("not believe") or not NEGATION_BEFORE.search(before):
                return m
    return None


def read(text: str, table: Optional[Table] = None) -> Reading:
    """Read one officer message (see the module docstring)."""
    table = table or default_table()
    reading = Reading()
    for sentence in split_sentences(text):
        blame = _blame_in(sentence, table)
        if blame:  # "why did you send money to ...?" is blame, not a question to answer
            reading.blames, reading.why["blame"] = True, blame.group(0)
            reading.blame_evidence = reading.blame_evidence or sentence
        elif is_question(sentence, table):
            for key, cue in _questions_in(sentence, table):
                if key not in reading.asks:
                    reading.asks.append(key)
                    reading.why[key] = cue
        m = None if blame else _first(table.advice, sentence)
        if m and not reading.asks:
            reading.advises, reading.why["advice"] = True, m.group(0)
        m = _first(table.invite, sentence)
        if m:
            reading.invites, reading.why["invite"] = True, m.group(0)
        m = _first(table.reassure, sentence)
        if m:
            reading.reassures, reading.why["reassure"] = True, m.group(0)
            reading.reassure_evidence = reading.reassure_evidence or sentence
    return reading


CLAUSE_JOIN = re.compile(r",| and | or | also ")


def _questions_in(sentence: str, table: Table) -> List[Tuple[str, str]]:
    """(question key, cue) in the order they come. A question's `suppress` drops another found in the same
    clause ("when did you send the money?" asks when), not one after a comma or "and" ("when, and how much?")."""
    found: List[Tuple[int, QuestionType, str]] = []
    for q in table.questions:
        m = _first(q.cues, sentence)
        if m:
            found.append((m.start(), q, m.group(0)))
    keep = []
    for start, q, cue in sorted(found, key=lambda f: f[0]):
        suppressed = any(
            q.key in other.suppress and not CLAUSE_JOIN.search(sentence[min(s2, start) : max(s2, start) + 5])
            for s2, other, _ in found
            if other is not q
        )
        if not suppressed:
            keep.append((q.key, cue))
    return keep


def blame_sentence(text: str, table: Optional[Table] = None) -> Optional[str]:
    """The first sentence of `text` (as written) with victim-blaming wording; None if there is none."""
    table = table or default_table()
    return next((o for o, n in sentence_pairs(text) if _blame_in(n, table)), None)


def reassure_sentence(text: str, table: Optional[Table] = None) -> Optional[str]:
    """The first sentence of `text` (as written) that reassures; None if there is none."""
    table = table or default_table()
    return next((o for o, n in sentence_pairs(text) if _first(table.reassure, n)), None)
