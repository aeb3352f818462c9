"""Split the scam checker's labelled corpus into a development part and a sealed part, once per collection round.

Each round runs before any warning sign is tuned on its messages (issue 23). It reads that round's collected
pools (round 1: tests/checker/pool_*.yml; round 2: tests/checker/pool2_*.yml, as committed just before the
split), gives every new message a stable id (continuing the numbering of earlier rounds), and puts a
fixed-seed random 40 % of each class (scam / genuine) into tests/checker/sealed.yml and the rest into
tests/checker/dev.yml. Round 2 appends to both files and leaves every round-1 item where it was; a message
that is already in the corpus (same words, near enough) is left out. The expected "where to send it" route is
derived here from the kind of message, so the sealed part never needs to be opened to label it:

    sms -> forward_7726, email -> report_phishing_email, whatsapp / dm -> platform_report,
    voicemail -> stop_scams_159 when it claims to be a bank, else forward_7726 (report a call to 7726),
    link -> report_phishing_email (NCSC also takes websites), number -> forward_7726.

    .venv/bin/python scripts/checker_split.py            # round 1 (3 Dec 2026, seed 2326)
    .venv/bin/python scripts/checker_split.py --round 2  # round 2 (3 Dec 2026, seed 2327)
"""

from __future__ import annotations

import argparse
import difflib
import math
import random
import re
import sys
from pathlib import Path

import yaml

SEEDS = {1: 2326, 2: 2327}  # fixed: never change after a round's split
POOLS = {1: "pool_*.yml", 2: "pool2_*.yml"}
SEALED_SHARE = 0.40
ROUTE_BY_KIND = {
    "sms": "forward_7726",
    "email": "report_phishing_email",
    "whatsapp": "platform_report",
    "dm": "platform_report",
    "link": "report_phishing_email",
    "number": "forward_7726",
}
BANK_WORDS = ("bank", "debit card", "fraud prevention", "fraud department")
FIELDS = ("id", "label", "kind", "route", "text", "source", "note")
HEADER = (
    "# Scam checker corpus, {part} part (written by scripts/checker_split.py; round 1 seed 2326, round 2 seed 2327).\n"
)
SEALED_NOTE = "# SEALED: scored as totals only by scripts/eval_checker.py; never read message by message.\n"


def expected_route(item: dict) -> str:
    if item["kind"] == "voicemail":
        text = item["text"].lower()
        return "stop_scams_159" if any(w in text for w in BANK_WORDS) else "forward_7726"
    return ROUTE_BY_KIND[item["kind"]]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def already_in(text: str, known) -> bool:
    """Near-duplicate of a message already in the corpus (a second copy of the same warning)."""
    t = _norm(text)
    return any(
        difflib.SequenceMatcher(None, t, k).quick_ratio() > 0.75 and difflib.SequenceMatcher(None, t, k).ratio() > 0.75
        for k in known
    )


def load_pools(root: Path, pattern: str):
    pools = {"scam": [], "genuine": []}
    for path in sorted(root.glob(pattern)):
        label = "scam" if "scam" in path.name else "genuine"
        pools[label].extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return pools


def split(items, label: str, seed: int, first_number: int):
    items = sorted(items, key=lambda x: (x["source"], x["text"]))
    for n, item in enumerate(items, first_number):
        item.update(id=f"{label[0]}{n:03d}", label=label, route=expected_route(item))
    order = list(range(len(items)))
    random.Random(f"{seed}-{label}").shuffle(order)
    cut = math.ceil(SEALED_SHARE * len(items))
    return [items[i] for i in sorted(order[:cut])], [items[i] for i in sorted(order[cut:])]


def write(root: Path, part: str, rows) -> None:
    rows = [{k: r[k] for k in FIELDS if k in r} for r in rows]
    text = HEADER.format(part=part) + (SEALED_NOTE if part == "sealed" else "")
    text += yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=110)
    (root / f"{part}.yml").write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=int, choices=sorted(SEEDS), default=1)
    ap.add_argument("--folder", default="tests/checker")
    args = ap.parse_args(argv)
    root = Path(args.folder)
    pools = load_pools(root, POOLS[args.round])
    dev, sealed = [], []
    if args.round > 1:
        dev = yaml.safe_load((root / "dev.yml").read_text(encoding="utf-8")) or []
        sealed = yaml.safe_load((root / "sealed.yml").read_text(encoding="utf-8")) or []
    known = [_norm(r["text"]) for r in dev + sealed]
    added = {}
    for label in ("scam", "genuine"):
        fresh = []
        for item in pools[label]:
            if not already_in(item["text"], known):
                fresh.append(item)
                known.append(_norm(item["text"]))
        used = [int(r["id"][1:]) for r in dev + sealed if r["label"] == label]
        to_sealed, to_dev = split(fresh, label, SEEDS[args.round], max(used, default=0) + 1)
        sealed += to_sealed
        dev += to_dev
        added[label] = (len(to_dev), len(to_sealed), len(pools[label]) - len(fresh))
    write(root, "dev", dev)
    write(root, "sealed", sealed)
    for label, (d, s, dup) in added.items():
        print(f"round {args.round} {label}: {d} to dev, {s} to sealed, {dup} left out as already in the corpus")
    print(f"dev {len(dev)}, sealed {len(sealed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
