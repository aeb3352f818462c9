"""One-off: split the third real-phrasing batch (issue 18, 4 Dec 2026) into sealed3.yml and train3.yml.

Run once, before the bot is run on any of these messages, from the repository root:
`python tests/real/make_split3.py COLLECTED.yml...` (`--dry-run`: print the counts, write nothing). The collection
files are YAML lists of {source, kind, expect, also?, text}; they are not committed (every kept item is in one of
the two parts). Unlike the first two batches, the second part is not a development part but TRAINING data: it is
turned into data/nlu/real_stories.yml (scripts/real_stories.py), so the bot learns from real story-telling messages.

What the script does, in order:
- numbers every collected item in collection order x001... (dropped items leave gaps; the `x` keeps the ids apart
  from the r and w ids of the earlier parts);
- drops an item that is an exact or near copy (difflib ratio >= 0.8 after tests/unit/test_heldout_disjoint.normalise,
  the held-out rule) of an item of dev, dev2, sealed or sealed2, of a training example (data/nlu) or a held-out
  example (tests/nlu), or of an earlier item of this batch; or whose source page one of those four parts took an
  item from. It prints only counts and the ids (collection positions) of the NEW items it drops, never a text of the
  other parts, so sealed.yml and sealed2.yml stay unread;
- adds the checks make_split.py adds (emergencies: 999 / 116 123; self-harm words also accept the Samaritans reply);
- splits at random with a fixed seed, stratified by `expect`, about SEALED_SHARE of each topic to sealed3 (the
  rounding carried over from topic to topic); the items of one source page stay together (a page never feeds both
  the sealed part and the training data).
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT)]

from make_split import with_checks  # noqa: E402  same labels and checks as the first yardstick
from tests.unit.test_heldout_disjoint import examples, near_copies, near_copy, normalise, page  # noqa: E402

SEED = 2026_12_04
SEALED_SHARE = 0.45
OLD_PARTS = ("dev", "dev2", "sealed", "sealed2")
SEALED3_HEADER = (
    "# Real-phrasing yardstick, third batch, SEALED part (issue 18, 4 Dec 2026; sealed3).\n"
    "# SEALED: never read message by message, never trained on, scored as totals only (make eval-real prints\n"
    "# totals and length-bucket totals for this part, never an item). Whoever tunes the NLU or the dialogue must not\n"
    "# open this file; tests/unit/test_heldout_disjoint.py fails if training data holds an exact or near copy of any\n"
    "# item here. Each scoring outside CI is logged in tests/real/sealed_scores.log. See tests/real/README.md.\n"
)
TRAIN3_HEADER = (
    "# Real-phrasing third batch, TRAINING part (issue 18, 4 Dec 2026; train3). Real messages written by members of\n"
    "# the public, each with its source address, split from sealed3.yml before any bot run. Not a yardstick: these\n"
    "# become training examples (data/nlu/real_stories.yml, written by scripts/real_stories.py). See README.md.\n"
)


def old_parts() -> tuple:
    texts, pages = [], set()
    for part in OLD_PARTS:
        for item in (yaml.safe_load((HERE / f"{part}.yml").read_text(encoding="utf-8")) or {}).get("items", []):
            texts.append(normalise(item["text"]))
            pages.add(page(item.get("source", "")))
    return texts, pages


def prepare(items: list) -> tuple:
    """(kept items with ids and checks, {reason: [ids of dropped new items]})."""
    for n, item in enumerate(items, 1):
        item["id"] = f"x{n:03d}"
        item["text"] = item["text"].strip()
    texts = [normalise(i["text"]) for i in items]
    old_texts, old_pages = old_parts()
    close_old = near_copies(texts, old_texts)
    close_train = near_copies(texts, [normalise(t) for _, _, t in examples("data/nlu")])
    close_held_out = near_copies(texts, [normalise(t) for _, _, t in examples("tests/nlu")])
    dropped, kept, kept_texts = defaultdict(list), [], []
    for item, text in zip(items, texts):
        reason = (
            "near copy of dev/dev2/sealed/sealed2"
            if text in close_old
            else "page of dev/dev2/sealed/sealed2"
            if page(item["source"]) in old_pages
            else "near copy of training data"
            if text in close_train
            else "near copy of the held-out set"
            if text in close_held_out
            else "near copy of an earlier item of this batch"
            if near_copy(text, kept_texts)
            else None
        )
        if reason:
            dropped[reason].append(item["id"])
            continue
        kept_texts.append(text)
        kept.append(with_checks(item))
    return kept, dropped


def split(items: list) -> tuple:
    """About SEALED_SHARE of each `expect` group (by items, the rounding carried over) to sealed3; a page's items
    move together, filed under the `expect` of its first item."""
    rng = random.Random(SEED)
    pages = defaultdict(list)
    for item in items:
        pages[page(item["source"])].append(item)
    groups = defaultdict(list)
    for unit in pages.values():
        groups[unit[0]["expect"]].append(unit)
    train, sealed, carry = [], [], 0.0
    for key in sorted(groups):
        units = groups[key][:]
        rng.shuffle(units)
        want = SEALED_SHARE * sum(len(u) for u in units) + carry
        taken = 0
        for unit in units:
            if taken + len(unit) / 2 <= want:
                sealed += unit
                taken += len(unit)
            else:
                train += unit
        carry = want - taken
    by_id = lambda i: i["id"]  # noqa: E731
    return sorted(train, key=by_id), sorted(sealed, key=by_id)


def main(argv: list) -> None:
    dry = "--dry-run" in argv
    paths = [a for a in argv if a != "--dry-run"]
    items = [i for p in paths for i in yaml.safe_load(Path(p).read_text(encoding="utf-8")) or []]
    kept, dropped = prepare(items)
    print(f"collected {len(items)}, dropped {sum(map(len, dropped.values()))}, kept {len(kept)}")
    for reason, ids in dropped.items():
        print(f"  dropped, {reason}: {len(ids)}: {' '.join(ids)}")
    train, sealed = split(kept)
    print(f"sealed3 {len(sealed)}, train3 {len(train)}")
    if dry:
        return
    for name, header, part in (("train3.yml", TRAIN3_HEADER, train), ("sealed3.yml", SEALED3_HEADER, sealed)):
        body = yaml.safe_dump({"items": part}, allow_unicode=True, sort_keys=False, width=120)
        (HERE / name).write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
