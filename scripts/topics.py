"""The one list of threat topics is content/topics/<key>.yml (read by cyberprotect/content_store.py). This module owns
the list of every other place that must name each topic, and says where one disagrees, naming the place and the
key: tests/unit/test_topic_registry.py fails on any disagreement, so a topic cannot be half added or half removed.

    make topics                  # every place, and what is missing or left over in each
    make topics FIX=1            # also writes the repetitive entries (domain intents, advice and triage rules)
    .venv/bin/python -m scripts.topics [--write] [--new KEY]   # --new: the checklist for a topic not yet added

Written by --write (keeping their order, new keys at the end): the threat intents in domain.yml and the intent
lists of the two advice rules. Checked only (a person writes them): training and held-out examples, the labelling
guide's row, and topic keys named in code and content (menu buttons, the scam checker, the handover settings).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Set

import yaml

from cyberprotect.content_store import read_local_bundle, snapshot_from_bundle

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "threat_"
ADVICE_RULE = ("data/rules/advice.yml", "advice for the threat the user describes")
TRIAGE_RULE = ("data/rules/triage.yml", "a story told during triage gets the advice and ends the triage")
DOMAIN_MARKER = "  # threats: one intent per content/topics/<key>.yml\n"
GUIDE_HEADING = "## Threats (each a topic in `content/topics/`)"


@dataclass(frozen=True)
class Place:
    """One place that names topics: `keys` reads the topic keys it names; `every` means it must name them all
    (otherwise it may name any subset, but only keys that exist); `how` says what to write there."""

    name: str
    keys: Callable[[Path], Set[str]]
    every: bool
    how: str
    generated: bool = False


def topic_keys(root: Path = ROOT) -> List[str]:
    """The topic keys, from the content store (content/topics/<key>.yml), sorted."""
    return sorted(snapshot_from_bundle(read_local_bundle(root / "content"), "local").topics)


def _yaml(root: Path, path: str):
    return yaml.safe_load((root / path).read_text(encoding="utf-8"))


def _threats(names) -> Set[str]:
    return {n[len(PREFIX) :] for n in names if isinstance(n, str) and n.startswith(PREFIX)}


def _rule_intents(root: Path, path: str, name: str) -> Set[str]:
    rule = next(r for r in _yaml(root, path)["rules"] if r["rule"] == name)
    return _threats(step["intent"] for step in rule["steps"][0]["or"])


def _nlu_intents(root: Path, folder: str) -> Set[str]:
    names = set()
    for path in sorted((root / folder).glob("*.yml")):
        for item in (_yaml(root, str(path.relative_to(root))) or {}).get("nlu") or []:
            if "intent" in item and str(item.get("examples") or "").strip():
                names.add(item["intent"])
    return _threats(names)


def _guide_rows(root: Path) -> Set[str]:
    text = (root / "docs/intents.md").read_text(encoding="utf-8")
    section = text.split(GUIDE_HEADING, 1)[1].split("\n## ", 1)[0]
    return _threats(re.findall(r"^\| *(threat_\w+) *\|", section, flags=re.M))


def _menu_payloads(root: Path) -> Set[str]:
    names = set()
    for variants in _yaml(root, "domain.yml")["responses"].values():
        for variant in variants:
            for button in variant.get("buttons") or []:
                names.add(str(button.get("payload", "")).lstrip("/").split("{")[0])
    return _threats(names)


def _checker_topics(root: Path) -> Set[str]:
    from actions.checker_actions import TOPIC_BY_KIND

    return set(TOPIC_BY_KIND.values())


def _handover_topics(root: Path) -> Set[str]:
    return set(_yaml(root, "content/handover.yml").get("offer_after_topics") or ())


PLACES = [
    Place(
        "domain.yml intents",
        lambda r: _threats(_yaml(r, "domain.yml")["intents"]),
        True,
        "`- threat_<key>` under '# threats' in domain.yml",
        generated=True,
    ),
    Place(
        f"{ADVICE_RULE[0]} rule '{ADVICE_RULE[1]}'",
        lambda r: _rule_intents(r, *ADVICE_RULE),
        True,
        "`- intent: threat_<key>` in the rule's `or:` list",
        generated=True,
    ),
    Place(
        f"{TRIAGE_RULE[0]} rule '{TRIAGE_RULE[1]}'",
        lambda r: _rule_intents(r, *TRIAGE_RULE),
        True,
        "`- intent: threat_<key>` in the rule's `or:` list",
        generated=True,
    ),
    Place(
        "data/nlu/ training examples",
        lambda r: _nlu_intents(r, "data/nlu"),
        True,
        "examples for `threat_<key>` in data/nlu/ (a file by topic; annotate platform/payment words)",
    ),
    Place(
        "tests/nlu/ held-out examples",
        lambda r: _nlu_intents(r, "tests/nlu"),
        True,
        "held-out examples for `threat_<key>` in tests/nlu/, none copied from training",
    ),
    Place(
        "docs/intents.md labelling guide",
        _guide_rows,
        True,
        f"a row `| threat_<key> | what happened |` under '{GUIDE_HEADING}'",
    ),
    Place("domain.yml menu buttons", _menu_payloads, False, "optional: a `/threat_<key>` button in utter_more_topics"),
    Place("actions/checker_actions.py TOPIC_BY_KIND", _checker_topics, False, "only topics that exist"),
    Place("content/handover.yml offer_after_topics", _handover_topics, False, "optional: the force's choice"),
]


def disagreements(root: Path = ROOT) -> Dict[str, List[str]]:
    """For each place, what it lacks or names beyond content/topics/ ('missing threat_x', 'no topic file for y')."""
    keys = set(topic_keys(root))
    found: Dict[str, List[str]] = {}
    for place in PLACES:
        named = place.keys(root)
        problems = [f"no content/topics/{k}.yml for {k}" for k in sorted(named - keys)]
        if place.every:
            problems += [f"missing {k}: add {place.how}" for k in sorted(keys - named)]
        if problems:
            found[place.name] = problems
    return found


def _write_list(lines: List[str], start: int, keys: List[str], fmt: str, pattern: str) -> List[str]:
    """Lines from `start` on that match `pattern` form the list: keep those whose key exists, in their order,
    and add the missing keys after them, each written with `fmt`."""
    end = start
    present = []
    while end < len(lines) and re.match(pattern, lines[end]):
        present.append(re.match(pattern, lines[end]).group(1))
        end += 1
    kept = [k for k in present if k in keys] + [k for k in keys if k not in present]
    return lines[:start] + [fmt.format(k) for k in kept] + lines[end:]


def write_generated(root: Path = ROOT) -> List[str]:
    """Rewrites the topic lists that are pure repetition (the domain's threat intents, the two rules' intent
    lists) to match content/topics/. Returns the files it changed."""
    keys = topic_keys(root)
    changed = []
    domain = root / "domain.yml"
    lines = domain.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(DOMAIN_MARKER) + 1
    new = _write_list(lines, at, keys, "  - threat_{}\n", r"^  - threat_(\w+)\s*$")
    if new != lines:
        domain.write_text("".join(new), encoding="utf-8")
        changed.append("domain.yml")
    for path, name in (ADVICE_RULE, TRIAGE_RULE):
        file = root / path
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        rule_at = lines.index(f"- rule: {name}\n")
        at = next(i for i in range(rule_at, len(lines)) if lines[i].strip() == "- or:") + 1
        new = _write_list(lines, at, keys, "    - intent: threat_{}\n", r"^    - intent: threat_(\w+)\s*$")
        if new != lines:
            file.write_text("".join(new), encoding="utf-8")
            changed.append(path)
    return changed


def checklist(key: str) -> str:
    """What a topic needs, in order: one content file, then every place above."""
    out = [
        f"A new topic '{key}' needs:",
        f"  1. content/topics/{key}.yml (docs/content-format.md; sources and review date)",
        "  2. `make topics FIX=1` writes: " + "; ".join(p.name for p in PLACES if p.generated),
    ]
    out += [
        f"  {n}. {p.name}: {p.how.replace('<key>', key)}"
        for n, p in enumerate((p for p in PLACES if p.every and not p.generated), start=3)
    ]
    out.append("  then `make check`, and train (`bash scripts/train.sh`) for the conversation tests.")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the generated lists")
    parser.add_argument("--new", metavar="KEY", help="print what a new topic KEY needs")
    args = parser.parse_args(argv)
    if args.new:
        print(checklist(args.new))
        return 0
    if args.write:
        for path in write_generated():
            print(f"wrote {path}")
    keys = topic_keys()
    found = disagreements()
    print(
        f"{len(keys)} topics in content/topics/; {len(PLACES)} other places name them "
        f"({sum(p.every for p in PLACES)} must name every topic):"
    )
    for place in PLACES:
        problems = found.get(place.name, [])
        print(f"  {'ok  ' if not problems else 'DRIFT'} {place.name}")
        for problem in problems:
            print(f"        {problem}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
