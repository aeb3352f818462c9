"""Safeguarding detector: decides whether a message shows an emergency or distress, and which type.

Pure Python (no Rasa imports). The phrase patterns and the types (each with its intent and reply) live in
content/safeguarding.yml so the team can update them; this module only normalises text and applies them in priority
order. Types: danger, crime_at_door, crime_remote, child_danger, self_harm, generic (a crime now that is not a
fraud, or urgency of no clear type: the short 999 reply) and distress (not an emergency: the support reply).
Used by the NLU component in components/safeguarding.py and by scripts/safeguarding_report.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

from components.text_normaliser import normalise_text

DEFAULT_PATTERNS_FILE = Path(__file__).resolve().parents[1] / "content" / "safeguarding.yml"
KIND_ORDER = ("self_harm", "child_danger", "crime_at_door", "crime_remote", "fraud_in_progress", "danger", "generic",
              "distress")
EMERGENCY_TYPES = ("danger", "crime_at_door", "crime_remote", "child_danger", "self_harm", "generic")
UNRESOLVED = "fraud_in_progress"  # crime_at_door when the at_door_cues vocabulary matches, else crime_remote
MAX_CHARS = 5000  # longer messages are checked in full, in overlapping windows of this size

_APOSTROPHES = re.compile(r"[’‘'`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_FIRST_PERSON = re.compile(r" (i|im|ive|id|myself) ")
_ABOUT_THEM = re.compile(r" (he|she|hes|shes|his|her|him|texted|messaged|posted|said|says|saying) ")


def normalise(text: str) -> str:
    """Normalise (components.text_normaliser: NFKC, no zero-width characters, no look-alikes or accents, text-speak
    spelt out), lower-case, drop apostrophes ("he's" -> "hes"), turn everything else that isn't a letter/digit into
    a space."""
    lowered = _APOSTROPHES.sub("", normalise_text(text or "").lower())
    return " " + _NON_WORD.sub(" ", lowered).strip() + " "


def _expand(pattern: str, vocab: Dict[str, str]) -> str:
    """Replace {name} with the vocabulary list `name` (regex quantifiers like {0,40} are left alone)."""
    def sub(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name not in vocab:
            raise ValueError(f"safeguarding pattern uses unknown vocabulary {{{name}}}: {pattern}")
        return vocab[name]
    return re.sub(r"\{([a-z_]+)\}", sub, pattern)


@dataclass(frozen=True)
class Detection:
    kind: str
    intent: str
    pattern: str
    matched: Tuple[str, ...] = ()  # every type whose patterns matched (several -> kind "generic")


class SafeguardingRules:
    def __init__(self, kinds: List[Tuple[str, str, List[Pattern[str]]]], types: Dict[str, dict],
                 at_door_cues: Optional[Pattern[str]] = None, child: Optional[Pattern[str]] = None):
        self._kinds = kinds
        self.types = types
        self._at_door_cues = at_door_cues
        self._child = child

    @property
    def type_by_intent(self) -> Dict[str, str]:
        return {cfg["intent"]: name for name, cfg in self.types.items()}

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PATTERNS_FILE) -> "SafeguardingRules":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        kinds_cfg: Dict[str, dict] = data["kinds"]
        vocab: Dict[str, str] = data.get("vocab") or {}
        types: Dict[str, dict] = data["types"]
        unknown = set(kinds_cfg) - set(KIND_ORDER)
        if unknown:
            raise ValueError(f"unknown safeguarding kinds in {path}: {sorted(unknown)}")
        missing = (set(KIND_ORDER) - {UNRESOLVED}) - set(types)
        if missing:
            raise ValueError(f"safeguarding kinds without a type (intent and reply) in {path}: {sorted(missing)}")
        kinds = []
        for kind in KIND_ORDER:
            cfg = kinds_cfg[kind]
            intent = types[kind]["intent"] if kind in types else None
            kinds.append((kind, intent, [re.compile(_expand(p, vocab)) for p in cfg["patterns"]]))
        cues = re.compile(r"\b" + vocab["at_door_cues"] + r"\b") if "at_door_cues" in vocab else None
        child = re.compile(r"\b" + vocab["child"] + r"\b") if "child" in vocab else None
        return cls(kinds, types, cues, child)

    @property
    def intents(self) -> List[str]:
        return [cfg["intent"] for cfg in self.types.values()]

    def detect(self, text: str) -> Optional[Detection]:
        """The type the message shows, or None. One emergency type matched: that type. Several: the generic 999
        reply (the type is unclear, and another type's script would be wrong), except crime_at_door with
        crime_remote, which is crime_at_door (its reply also says to hang up); the generic patterns (urgency with
        no type) count only when nothing else matched. Danger to, or self-harm by, a child: generic (both scripts
        apply). Distress only if no emergency matched."""
        norm = normalise(text)
        windows = [norm[i : i + MAX_CHARS + 200] for i in range(0, max(len(norm), 1), MAX_CHARS)]
        found: Dict[str, str] = {}  # type -> first pattern that matched it
        for kind, _intent, patterns in self._kinds:
            if kind == "distress" and found:
                break
            for pattern in patterns:
                if any(pattern.search(w) for w in windows):
                    if kind == UNRESOLVED:
                        at_door = self._at_door_cues is not None and any(self._at_door_cues.search(w) for w in windows)
                        kind = "crime_at_door" if at_door else "crime_remote"
                    found.setdefault(kind, pattern.pattern)
                    break
        if not found:
            return None
        types = set(found)
        if len(types) > 1:
            types.discard("generic")  # generic patterns are urgency with no type: they decide only alone
        if types == {"crime_at_door", "crime_remote"}:
            types = {"crime_at_door"}
        kind = types.pop() if len(types) == 1 else "generic"
        if kind in ("danger", "self_harm") and self._about_a_child(kind, windows):
            kind = "generic"  # danger to, or self-harm by, a child: both the child and the other script apply
        pattern = found.get(kind) or " | ".join(f"{k}: {p}" for k, p in found.items())
        return Detection(kind, self.types[kind]["intent"], pattern, tuple(sorted(found)))

    def _about_a_child(self, kind: str, windows: List[str]) -> bool:
        if self._child is None or not any(self._child.search(w) for w in windows):
            return False
        # "I wrote a note for my kids" is the writer's own crisis, not the child's
        return (kind == "danger" or any(_ABOUT_THEM.search(w) for w in windows)
                or not any(_FIRST_PERSON.search(w) for w in windows))
