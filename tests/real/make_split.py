"""One-off: split the collected real messages into the development and sealed parts of the real-phrasing yardstick.

Run before anything is scored: `python tests/real/make_split.py COLLECTED.yml`; a wave collected after tuning
began goes to the development part only: `python tests/real/make_split.py --dev-only COLLECTED.yml`. Stratified by `expect` with a fixed
seed, so the same collection always gives the same split. Half of each `expect` group goes to the sealed part, or more
in a later wave when that is needed to bring the sealed part up to SEALED_MIN items (the issue asks for >= 160). It numbers the items in collection order (r001...), adds the
`must` / `must_not` checks that follow from the labels (see README.md) and writes dev.yml and sealed.yml. Items already
in dev.yml or sealed.yml (same text) keep their part and id, so a later collection wave is split on its own and only
appended: nothing a tuner has read moves into the sealed part. Kept so the split can be checked; the collection file
itself is not committed (every item is in one of the parts).
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SEED = 18
SEALED_MIN = 160
WAVES_1_2 = 248  # items r001-r248: waves 1 and 2, split between the parts before any tuning
# A message that speaks of suicide or self-harm may rightly get the safeguarding reply first (Samaritans), whatever
# else it is about: such items also accept emergency_self_harm (README.md, "Labels").
SELF_HARM = re.compile(
    r"\b(kill (my|him|her)self|killing myself|suicid\w*|end (my|his|her) life|self[- ]harm\w*)\b", re.I
)
HERE = Path(__file__).resolve().parent
EMERGENCY_MUST = {
    "emergency_danger": ["999"],
    "emergency_crime_in_progress": ["999"],
    "emergency_child_danger": ["999"],
    "emergency_self_harm": ["116 123"],
}
SEALED_HEADER = (
    "# Real-phrasing yardstick, SEALED part (issue 18).\n"
    "# SEALED: never read message by message, never trained on, scored as totals only (make eval-real prints\n"
    "# totals and length-bucket totals for this part, never an item). Whoever tunes the NLU or the dialogue must not\n"
    "# open this file; tests/unit/test_heldout_disjoint.py fails if training data holds an exact or near copy of any\n"
    "# item here. Each scoring outside CI is logged in tests/real/sealed_scores.log. See tests/real/README.md.\n"
)
DEV_HEADER = (
    "# Real-phrasing yardstick, DEVELOPMENT part (issue 18). Real messages written by members of the public, each\n"
    "# with its source address. You may read these and learn from them (write training examples in their style),\n"
    "# but never copy one into data/nlu (a unit test checks exact copies). See tests/real/README.md for the labels.\n"
)


def with_checks(item: dict) -> dict:
    must = list(item.get("must", [])) + EMERGENCY_MUST.get(item["expect"], [])
    must_not = list(item.get("must_not", []))
    if item.get("nation") == "scotland":
        must.append("101")
        must_not.append("Report Fraud")
    out = {k: item[k] for k in ("id", "source", "kind", "text", "expect") if k in item}
    also = list(item.get("also") or [])
    if (
        SELF_HARM.search(item["text"])
        and not item["expect"].startswith("emergency_")
        and "emergency_self_harm" not in also
    ):
        also.append("emergency_self_harm")
    item = dict(item, also=also)
    for key in ("also", "nation"):
        if item.get(key):
            out[key] = item[key]
    if must:
        out["must"] = sorted(set(must))
    if must_not:
        out["must_not"] = sorted(set(must_not))
    return out


def split(items: list, share: float = 0.5) -> tuple:
    """Stratified by `expect`: about `share` of each group sealed, the rounding carried over so the total is exact."""
    rng = random.Random(SEED)
    groups = defaultdict(list)
    for item in items:
        groups[item["expect"]].append(item)
    dev, sealed, carry = [], [], 0.0
    for key in sorted(groups):
        group = groups[key][:]
        rng.shuffle(group)
        want = share * len(group) + carry
        n_sealed = min(len(group), int(want + 0.5))
        carry = want - n_sealed
        sealed += group[:n_sealed]
        dev += group[n_sealed:]
    by_id = lambda i: i["id"]  # noqa: E731
    return sorted(dev, key=by_id), sorted(sealed, key=by_id)


def existing(name: str) -> list:
    path = HERE / name
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("items", []) if path.exists() else []


def main(path: str) -> None:
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    old_dev, old_sealed = existing("dev.yml"), existing("sealed.yml")
    known = {i["text"] for i in old_dev + old_sealed}
    next_n = 1 + max([int(i["id"][1:]) for i in old_dev + old_sealed] or [0])
    new = [i for i in items if i["text"] not in known]
    for n, item in enumerate(new, next_n):
        item["id"] = f"r{n:03d}"
    share = min(1.0, max(0.5, (SEALED_MIN - len(old_sealed)) / len(new))) if new else 0.5
    dev, sealed = split([with_checks(i) for i in new], share)
    dev = [with_checks(i) for i in old_dev] + dev
    sealed = [with_checks(i) for i in old_sealed] + sealed
    for name, header, part in (("dev.yml", DEV_HEADER, dev), ("sealed.yml", SEALED_HEADER, sealed)):
        body = yaml.safe_dump({"items": part}, allow_unicode=True, sort_keys=False, width=120)
        (HERE / name).write_text(header + body, encoding="utf-8")
    print(f"new {len(new)} (sealed share {share:.2f}); dev {len(dev)}, sealed {len(sealed)}")


def append_dev(path: str) -> None:
    """A wave collected after the tuning started (wave 3, issue 18): every new item goes to the development part
    only (it was never part of what the sealed part could have held), numbered after the 248 items of waves 1-2.
    The sealed part is not opened here; tests/unit/test_heldout_disjoint.py checks that no development item copies
    a sealed one (same text or same source page)."""
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    old_dev = existing("dev.yml")
    known = {i["text"] for i in old_dev}
    next_n = 1 + max([int(i["id"][1:]) for i in old_dev] + [WAVES_1_2])
    new = [i for i in (items.get("items") if isinstance(items, dict) else items) if i["text"] not in known]
    for n, item in enumerate(new, next_n):
        item["id"] = f"r{n:03d}"
    dev = old_dev + [with_checks(i) for i in new]
    body = yaml.safe_dump({"items": dev}, allow_unicode=True, sort_keys=False, width=120)
    (HERE / "dev.yml").write_text(DEV_HEADER + body, encoding="utf-8")
    print(f"new {len(new)} (all development); dev {len(dev)}")


if __name__ == "__main__":
    if sys.argv[1] == "--dev-only":
        append_dev(sys.argv[2])
    else:
        main(sys.argv[1])
