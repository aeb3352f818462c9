"""Writes data/nlu/real_stories.yml from tests/real/train3.yml and train4.yml: real messages as training examples.

The training parts of the third and fourth real-phrasing batches (issue 18; tests/real/split_batch.py --batch 3 and
--batch 4) hold messages members of the public
published about scams and online harms, each labelled with what a right first reply answers (`expect`, the labels of
tests/real/README.md). This script turns each into an NLU example of the intent that gives that reply:

- a content topic key (e.g. `smishing`) -> `threat_<key>` (the advice for it);
- `talk` -> `ask_talk`, `platform_safety` -> `ask_platform_safety`, `young_person` -> `inform_young_person`,
  `report_question` -> `ask_how_report`, `out_of_scope` -> `out_of_scope`;
- an item whose `also` names another content topic (a story two topics' advice answers) is left out (`--all` keeps
  it): a training example should teach one intent;
- an emergency label, or a message the safeguarding patterns fire on (components/safeguarding_rules.py), is left
  out: a topic's training story must not read as an emergency (tests/unit/test_safeguarding_rules.py keeps ordinary
  training examples that escalate at or under 1 %), and 999 replies are not learnt from past stories.
Otherwise `also` (other replies that are also right: young person, TALK) is not used: one example, one intent.

Text: whitespace squeezed to one line; the collection's `[NAME]` placeholders become ordinary first names (a bracket
would read as entity markup) and the writer's own square brackets round ones; every platform and payment word is annotated, at every occurrence, with the word lists
of tests/unit/test_training_data.py (the project's convention). Run `python -m scripts.real_stories` after changing
train3.yml or train4.yml (`--batches 3` writes the third batch alone); `make check` then checks the file (annotation, near copies of held-out and sealed items, safeguarding).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TRAIN_PARTS = {3: ROOT / "tests" / "real" / "train3.yml", 4: ROOT / "tests" / "real" / "train4.yml"}
OUT = ROOT / "data" / "nlu" / "real_stories.yml"
SPECIAL_INTENTS = {
    "talk": "ask_talk",
    "platform_safety": "ask_platform_safety",
    "young_person": "inform_young_person",
    "report_question": "ask_how_report",
    "out_of_scope": "out_of_scope",
}
# Items that another topic's advice also answers (`also` names a topic) are left out unless `--all` is given: as
# training examples they teach that one topic's story is another's. Measured on 4 Dec 2026 (tests/real/README.md):
# all 78 examples gave dev 119/148, dev2 97/122; the 49 unambiguous ones dev 120/148, dev2 99/122 (before: 121, 95).
UNAMBIGUOUS_ONLY = "--all" not in sys.argv
NAMES = ("Sam", "Alex", "Jo", "Chris", "Pat")  # stand-ins for the collection's [NAME] placeholders
HEADER = """version: "3.1"

# REAL messages as training examples (issue 18, 4 Dec 2026): the training parts of the third and fourth real-phrasing
# batches, {parts} (members of the public's own published words about scams and online harms, each with
# its source address there). Written by scripts/real_stories.py (do not edit by hand: edit the parts and rerun it).
# Split from tests/real/sealed3.yml and sealed4.yml before any bot run (tests/real/split_batch.py; a page never
# feeds both parts).
# Intent = the item's `expect` label (threat_<topic>, or ask_talk / ask_platform_safety / inform_young_person /
# ask_how_report / out_of_scope). Left out: items whose `also` names another topic (two topics' advice answers them)
# and items the safeguarding patterns fire on ({dropped}).
# Platform and payment words annotated by script at every occurrence (tests/unit/test_training_data.py).

nlu:
"""


def intent_for(label: str, topics: set) -> str | None:
    if label in SPECIAL_INTENTS:
        return SPECIAL_INTENTS[label]
    return f"threat_{label}" if label in topics else None


def annotate(text: str) -> str:
    """Every platform and payment word marked as its entity, as tests/unit/test_training_data.py demands."""
    from tests.unit.test_training_data import NOT_PAYMENT, WORDS

    pattern = re.compile(
        "|".join(f"(?P<{entity}>(?<![\\w-])(?:{words})(?![\\w-]))" for entity, words in WORDS.items()), re.I
    )
    exempt = [m.span() for m in NOT_PAYMENT.finditer(text)]

    def mark(match: re.Match) -> str:
        entity = match.lastgroup
        start, end = match.span()
        if entity == "payment_method" and any(a <= start and end <= b for a, b in exempt):
            return match.group(0)
        return f"[{match.group(0)}]({entity})"

    return pattern.sub(mark, text)


def example_text(text: str) -> str:
    names = iter(NAMES * 4)
    text = re.sub(r"\[NAME\]", lambda _: next(names), " ".join(text.split()))
    text = text.replace("[", "(").replace("]", ")")  # the writer's own brackets: not entity markup
    return annotate(text)


def build(items: list) -> tuple:
    from components.safeguarding_rules import SafeguardingRules

    rules = SafeguardingRules.from_file()
    topics = {p.stem for p in (ROOT / "content" / "topics").glob("*.yml")}
    by_intent, dropped = defaultdict(list), []
    for item in items:
        intent = intent_for(item["expect"], topics)
        other_topics = [a for a in item.get("also") or [] if a in topics]
        if intent is None or rules.detect(item["text"]) or (UNAMBIGUOUS_ONLY and other_topics):
            dropped.append(item["id"])
            continue
        by_intent[intent].append(example_text(item["text"]))
    return by_intent, dropped


def batches(argv: list) -> list:
    """The batch numbers to write (`--batches 3,4`; all by default)."""
    if "--batches" in argv:
        return [int(b) for b in argv[argv.index("--batches") + 1].split(",")]
    return sorted(TRAIN_PARTS)


def main() -> int:
    chosen = batches(sys.argv)
    items = [
        i for b in chosen for i in (yaml.safe_load(TRAIN_PARTS[b].read_text(encoding="utf-8")) or {}).get("items", [])
    ]
    by_intent, dropped = build(items)
    note = f"{len(dropped)}: {' '.join(dropped)}" if dropped else "none"
    body = "".join(
        f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {e}\n" for e in examples)
        for intent, examples in sorted(by_intent.items())
    )
    parts = " and ".join(TRAIN_PARTS[b].relative_to(ROOT).as_posix() for b in chosen)
    OUT.write_text(HEADER.replace("{dropped}", note).replace("{parts}", parts) + body, encoding="utf-8")
    kept = sum(map(len, by_intent.values()))
    print(f"real_stories: {len(items)} items of {parts}, {kept} examples in {len(by_intent)} intents, left out {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
