"""Add a development-only collection round to the scam checker corpus (tests/checker/dev.yml), issue 23.

Rounds 1 and 2 were split between the development and the sealed part (scripts/checker_split.py). Later rounds go to
the development part only, because they are collected after the sealed part was scored and written to show what it
still misses. This script does for such a round what round 4 did by hand (3 Dec 2026):

- reads the round's pools (`--scam` and `--genuine`, YAML lists of {kind, text, source, note}),
- leaves out every new message that is a near copy of a message already in the corpus, development or sealed
  (scripts/checker_split.already_in: difflib ratio > 0.75 after normalising), or of an earlier message in the pools,
- reports which new messages come from a web page a sealed item also came from (kept: a page often quotes several
  different messages, but the count is printed so a reviewer can look at them),
- gives the rest stable ids (s<round>01.., g<round>01..), derives the expected "where to send it" route from the
  kind (checker_split.expected_route) and appends them to dev.yml under a comment naming the round.

It prints only the ids and counts of the NEW messages, never a sealed message or its id, so the sealed part stays
unread. `--dry-run` checks without writing.

    .venv/bin/python -m scripts.checker_add_round --round 5 --scam pool5_scam.yml --genuine pool5_genuine.yml \
        --comment "Round 5 (4 Dec 2026): ..."
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from scripts.checker_split import FIELDS, _norm, already_in, expected_route

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "checker"


def page(source: str) -> str:
    """The web page a message was quoted from, without scheme, www. and trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", source or "").split("#")[0].rstrip("/")


def check_round(pools: dict, dev: list, sealed: list):
    """(kept items per label, left-out pool positions per label, kept positions sharing a page with a sealed item)."""
    known = [_norm(r["text"]) for r in dev + sealed]
    sealed_pages = {page(r.get("source", "")) for r in sealed if r.get("source")}
    kept, dropped, same_page = {}, {}, {}
    for label in ("scam", "genuine"):
        kept[label], dropped[label], same_page[label] = [], [], []
        for n, item in enumerate(pools[label], 1):
            if already_in(item["text"], known):
                dropped[label].append(n)
                continue
            known.append(_norm(item["text"]))
            kept[label].append(item)
            if page(item["source"]) in sealed_pages:
                same_page[label].append(n)
    return kept, dropped, same_page


def number(kept: dict, round_no: int) -> list:
    rows = []
    for label in ("scam", "genuine"):
        for n, item in enumerate(kept[label], 1):
            row = dict(item, id=f"{label[0]}{round_no}{n:02d}", label=label)
            row["route"] = expected_route(row)
            rows.append({k: row[k] for k in FIELDS if k in row})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--round", type=int, required=True)
    ap.add_argument("--scam", required=True)
    ap.add_argument("--genuine", action="append", required=True, help="one or more genuine pools")
    ap.add_argument("--comment", default="", help="comment lines written above the round in dev.yml")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    dev_path = CORPUS / "dev.yml"
    dev = yaml.safe_load(dev_path.read_text(encoding="utf-8")) or []
    sealed = yaml.safe_load((CORPUS / "sealed.yml").read_text(encoding="utf-8")) or []
    pools = {"scam": yaml.safe_load(Path(args.scam).read_text(encoding="utf-8")) or [], "genuine": []}
    for path in args.genuine:
        pools["genuine"] += yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    used = {r["id"] for r in dev + sealed}
    kept, dropped, same_page = check_round(pools, dev, sealed)
    rows = number(kept, args.round)
    clash = [r["id"] for r in rows if r["id"] in used]
    if clash:
        print(f"ids already used in the corpus: {len(clash)}; choose another round number")
        return 1
    for label in ("scam", "genuine"):
        print(
            f"round {args.round} {label}: {len(pools[label])} collected, {len(dropped[label])} left out as near copies "
            f"(pool positions {dropped[label]}), {len(kept[label])} added; "
            f"{len(same_page[label])} from a page a sealed item also came from (pool positions {same_page[label]})"
        )
    if args.dry_run:
        return 0
    text = dev_path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    for line in args.comment.strip().splitlines():
        text += "# " + line.strip() + "\n"
    text += yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=110)
    dev_path.write_text(text, encoding="utf-8")
    print(f"dev.yml: {len(dev) + len(rows)} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
