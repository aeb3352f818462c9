"""Safeguarding detector: decides whether a message shows an emergency, and which kind.

Pure Python (no Rasa imports). The phrase patterns live in content/safeguarding.yml so the team can update them;
this module only normalises text and applies them in priority order. Used by the NLU component in
components/safeguarding.py and by the safeguarding recall / false-alarm report in tests/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

from components.text_normaliser import normalise_text

DEFAULT_PATTERNS_FILE = Path(__file__).resolve().parents[1] / "content" / "safeguarding.yml"
KIND_ORDER = ("self_harm", "child_danger", "crime_in_progress", "danger")
MAX_CHARS = 5000  # longer messages are checked in full, in overlapping windows of this size

_APOSTROPHES = re.compile(r"[’‘'`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


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


class SafeguardingRules:
    def __init__(self, kinds: List[Tuple[str, str, List[Pattern[str]]]]):
        self._kinds = kinds

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PATTERNS_FILE) -> "SafeguardingRules":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        kinds_cfg: Dict[str, dict] = data["kinds"]
        vocab: Dict[str, str] = data.get("vocab") or {}
        unknown = set(kinds_cfg) - set(KIND_ORDER)
        if unknown:
            raise ValueError(f"unknown safeguarding kinds in {path}: {sorted(unknown)}")
        kinds = []
        for kind in KIND_ORDER:
            cfg = kinds_cfg[kind]
            kinds.append((kind, cfg["intent"], [re.compile(_expand(p, vocab)) for p in cfg["patterns"]]))
        return cls(kinds)

    @property
    def intents(self) -> List[str]:
        return [intent for _, intent, _ in self._kinds]

    def detect(self, text: str) -> Optional[Detection]:
        norm = normalise(text)
        windows = [norm[i : i + MAX_CHARS + 200] for i in range(0, max(len(norm), 1), MAX_CHARS)]
        for kind, intent, patterns in self._kinds:
            for pattern in patterns:
                if any(pattern.search(w) for w in windows):
                    return Detection(kind, intent, pattern.pattern)
        return None
