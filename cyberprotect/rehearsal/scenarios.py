"""The rehearsal scenario library: loads scenarios/*.yml, validates each against scenarios/_schema.json,
and lints that every key point and mistake resolves to real content and routes.

A scenario is a case an officer rehearses against: a persona with the facts of the case (what happened, when,
money and how paid, details given, where they live, age, feelings), the rest of their story, the questions they
ask and their reactions (played by cyberprotect/rehearsal/persona.py); the member of the public's lines in order
(the first is the opening; all of them are what `make scenarios` sends to the public bot); the key points a
good answer covers and common mistakes. Key points refer to the content store and the route engine (resolved in
cyberprotect/rehearsal/keypoints.py), so numbers and steps are never copied into scripts.
Pure Python, no Rasa imports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import jsonschema
import yaml

from cyberprotect.rehearsal.persona import Persona

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = PROJECT_ROOT / "scenarios"
SCHEMA_FILE = SCENARIO_DIR / "_schema.json"


class ScenarioError(ValueError):
    """A scenario file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    threat: str
    learning_goal: str
    persona_name: str
    persona_about: str
    case: Mapping[str, Any]
    lines: Tuple[str, ...]
    persona: Persona
    key_points: Tuple[Mapping[str, Any], ...]
    mistakes: Tuple[Mapping[str, Any], ...]
    tags: Tuple[str, ...]


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def schema_problems(data: Any, where: str) -> List[str]:
    """Every schema violation in one scenario, as readable lines (empty list = valid)."""
    problems = [
        f"{where}: {'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if isinstance(data, dict):
        ids = [k.get("id") for k in data.get("key_points") or [] if isinstance(k, dict)]
        ids += [m.get("id") for m in data.get("mistakes") or [] if isinstance(m, dict)]
        dupes = sorted({i for i in ids if ids.count(i) > 1}, key=str)  # a missing id (None) is listed, not a crash
        if dupes:
            problems.append(f"{where}: duplicate key point / mistake ids {dupes}")
        points = {k.get("id") for k in data.get("key_points") or [] if isinstance(k, dict)}
        asks = ((data.get("persona") or {}).get("asks") or []) if isinstance(data.get("persona"), dict) else []
        unknown = sorted({u for a in asks if isinstance(a, dict) for u in a.get("unless") or [] if u not in points})
        if unknown:
            problems.append(f"{where}: persona asks name key points that do not exist: {unknown}")
    return problems


def parse(data: Mapping[str, Any], where: str) -> Scenario:
    problems = schema_problems(data, where)
    if problems:
        raise ScenarioError("\n".join(problems))
    return Scenario(
        id=data["id"],
        title=data["title"],
        threat=data["threat"],
        learning_goal=data["learning_goal"].strip(),
        persona_name=data["persona"]["name"],
        persona_about=data["persona"]["about"].strip(),
        case=dict(data["persona"]["case"]),
        lines=tuple(data["lines"]),
        persona=Persona(
            name=data["persona"]["name"],
            facts=dict(data["persona"]["facts"]),
            story=tuple(data["persona"]["story"]),
            asks=tuple(data["persona"]["asks"]),
            reactions=dict(data["persona"].get("reactions") or {}),
        ),
        key_points=tuple(data["key_points"]),
        mistakes=tuple(data.get("mistakes") or ()),
        tags=tuple(data.get("tags") or ()),
    )


def load_file(path: Path) -> Scenario:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario = parse(data, path.name)
    if scenario.id != path.stem:
        raise ScenarioError(f"{path.name}: id '{scenario.id}' must equal the file name '{path.stem}'")
    return scenario


def scenario_files(root: Path = SCENARIO_DIR) -> List[Path]:
    return sorted(p for p in root.glob("*.yml") if not p.name.startswith("_"))


_cache: Dict[Any, Dict[str, Scenario]] = {}


def load_library(root: Path = SCENARIO_DIR) -> Dict[str, Scenario]:
    """All scenarios by id, in file-name order. Raises ScenarioError on the first invalid file. Re-read
    only when a file changes (names, times, sizes), so an edited script is live on the next message."""
    files = scenario_files(root)
    signature = (str(root),) + tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if signature not in _cache:
        _cache.clear()
        _cache[signature] = {s.id: s for s in (load_file(p) for p in files)}
    return dict(_cache[signature])


def choose(library: Mapping[str, Scenario], text: str, rng: Optional[Any] = None) -> Optional[Scenario]:
    """Pick a scenario from what the officer typed: its number in the list, its id, 'random', or a word of
    its title or threat ("romance", "courier")."""
    import random

    items = list(library.values())
    words = [w for w in text.lower().replace("scenario", " ").split() if w]
    if not items or not words:
        return None
    if words[0] in ("random", "any", "surprise"):
        picked: Scenario = (rng or random).choice(items)
        return picked
    if words[0].isdigit() and 1 <= int(words[0]) <= len(items):
        return items[int(words[0]) - 1]
    for s in items:
        if s.id in words:
            return s
    for s in items:
        haystack = f"{s.title} {s.threat.replace('_', ' ')} {' '.join(s.tags)}".lower()
        if all(w in haystack for w in words if len(w) > 2) and any(len(w) > 2 for w in words):
            return s
    return None
