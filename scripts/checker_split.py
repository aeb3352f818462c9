"""Split the scam checker's labelled corpus into a development part and a sealed part, once.

Run before any warning sign was tuned (issue 23): it reads the collected pools
(tests/checker/pool_*.yml, as committed just before the split), gives every message a stable id,
and puts a fixed-seed random 40 % of each class (scam / genuine) into tests/checker/sealed.yml and
the rest into tests/checker/dev.yml. The expected "where to send it" route is derived here from the
kind of message, so the sealed part never needs to be opened to label it:

    sms -> forward_7726, email -> report_phishing_email, whatsapp / dm -> platform_report,
    voicemail -> stop_scams_159 when it claims to be a bank, else forward_7726 (report a call to 7726),
    link -> report_phishing_email (NCSC also takes websites), number -> forward_7726.
"""
from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import yaml

SEED = 2326  # issue 23, split on 3 Dec 2026 (fixed: never change after the first split)
SEALED_SHARE = 0.40
ROUTE_BY_KIND = {"sms": "forward_7726", "email": "report_phishing_email", "whatsapp": "platform_report",
                 "dm": "platform_report", "link": "report_phishing_email", "number": "forward_7726"}
BANK_WORDS = ("bank", "debit card", "fraud prevention", "fraud department")


def expected_route(item: dict) -> str:
    if item["kind"] == "voicemail":
        text = item["text"].lower()
        return "stop_scams_159" if any(w in text for w in BANK_WORDS) else "forward_7726"
    return ROUTE_BY_KIND[item["kind"]]


def main(folder: str = "tests/checker") -> int:
    root = Path(folder)
    pools = {"scam": [], "genuine": []}
    for path in sorted(root.glob("pool_*.yml")):
        label = "scam" if "scam" in path.name else "genuine"
        pools[label].extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    dev, sealed = [], []
    for label in ("scam", "genuine"):
        items = sorted(pools[label], key=lambda x: (x["source"], x["text"]))
        for n, item in enumerate(items, 1):
            item.update(id=f"{label[0]}{n:03d}", label=label, route=expected_route(item))
        order = list(range(len(items)))
        random.Random(f"{SEED}-{label}").shuffle(order)
        cut = math.ceil(SEALED_SHARE * len(items))
        sealed += [items[i] for i in sorted(order[:cut])]
        dev += [items[i] for i in sorted(order[cut:])]
    header = "# Scam checker corpus, {part} part (written by scripts/checker_split.py, seed {seed}).\n"
    for part, rows in (("dev", dev), ("sealed", sealed)):
        fields = ("id", "label", "kind", "route", "text", "source", "note")
        rows = [{k: r[k] for k in fields if k in r} for r in rows]
        text = header.format(part=part, seed=SEED)
        if part == "sealed":
            text += "# SEALED: scored as totals only by scripts/eval_checker.py; never read message by message.\n"
        text += yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=110)
        (root / f"{part}.yml").write_text(text, encoding="utf-8")
    print(f"dev {len(dev)}, sealed {len(sealed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
