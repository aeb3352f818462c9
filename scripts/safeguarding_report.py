"""Safeguarding report: does each message get the reply of the right type? (issue 19)

For every list in tests/safeguarding/ (see its README) each message has an expected type (`expect`):
danger, crime_at_door, crime_remote, child_danger, self_harm (emergencies), crime_other (a crime now that is not a
fraud: the generic 999 reply or the danger reply is right), distress (the support reply is right) or none
(a near-miss: no emergency reply). The bot's answer is mapped to one type from the intent the NLU pipeline gives
(the types table in content/safeguarding.yml); the generic 999 reply counts as a correct emergency reply for any
emergency, never as a wrong type.

Printed for every list: recall (emergencies that got any 999 reply), wrong-type rate (emergencies that got another
type's script), false alarms (near-misses that got a 999 reply), distress reached (distress messages that got the
support reply) and, for tuning and development lists only, a confusion matrix of types and every miss. Tuning
lists are gated (exit 1): recall 100 %, wrong type 0, false alarms at most 5 % per list, distress reached 100 %. Hold-out and sealed
lists print totals only (never a message) and are not gated; the older hold-outs keep their original coarse labels
(`kind: crime_in_progress` counts either fraud type as right), since relabelling them would mean reading them.

--patterns-only measures the pure pattern matcher without a model (a development aid, ~1 s).
--skip-sealed leaves the sealed lists out (use it while developing, so the sealed list is scored only on purpose);
--tuning-only leaves out every hold-out, development and sealed list; --only TEXT scores only the lists whose label
contains TEXT (e.g. --only "sealed 6", so one sealed list can be scored without scoring the other).
"""

import argparse
import asyncio
import logging
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
logging.disable(logging.WARNING)

from components.safeguarding_rules import EMERGENCY_TYPES, SafeguardingRules

LISTS_DIR = ROOT / "tests" / "safeguarding"
# (label, files, role): role "tuning" is gated and shows messages; "development" shows messages and is not gated (a
# list being tuned on that has not reached the gate yet); "hold-out" and "sealed" print totals only. A name ending in
# "/" is a folder: every .yml file in it.
LISTS = [
    ("must (tuning)", ["must_escalate.yml", "must_not_escalate.yml"], "tuning"),
    ("extra (tuning)", ["extra_escalate.yml", "extra_not_escalate.yml"], "tuning"),
    ("extra2 (tuning)", ["extra2_escalate.yml", "extra2_not_escalate.yml"], "tuning"),
    ("holdout2 (unsealed 23 Nov 2026, tuning)", ["holdout2_escalate.yml", "holdout2_not_escalate.yml"], "tuning"),
    ("extra3 (tuning)", ["extra3_escalate.yml", "extra3_not_escalate.yml"], "tuning"),
    ("extra4 (tuning)", ["extra4_escalate.yml", "extra4_not_escalate.yml"], "tuning"),
    ("types (issue 19, tuning)", ["types_tuning.yml"], "tuning"),
    ("rushed typing (issue 19, tuning)", ["rushed_dev.yml"], "tuning"),
    ("rushed check (written with rushed_dev, weak check), not gated", ["rushed_check.yml"], "hold-out"),
    ("hold-out 3 (lightly used), not gated", ["holdout3_escalate.yml", "holdout3_not_escalate.yml"], "hold-out"),
    ("hold-out 4, not gated", ["holdout4_escalate.yml", "holdout4_not_escalate.yml"], "hold-out"),
    ("development 6 (written blind, 3 Dec 2026 evening), not gated", ["dev6.yml"], "development"),
    ("development 7 (written blind, 3 Dec 2026 night), not gated", ["dev7.yml"], "development"),
    ("development 8 (written blind, 4 Dec 2026 morning), not gated", ["dev8.yml"], "development"),
    ("development 9 (written blind, 4 Dec 2026 afternoon), not gated", ["dev9.yml"], "development"),
    ("sealed 5 (issue 19), not gated", ["sealed5/sealed5.yml"], "sealed"),
    ("sealed 6 (issue 19, written blind 3 Dec 2026), not gated", ["sealed6/"], "sealed"),
    ("sealed 7 (issue 19, written blind 4 Dec 2026), not gated", ["sealed7/"], "sealed"),
    ("sealed 8 (issue 19, written blind 4 Dec 2026 evening), not gated", ["sealed8/"], "sealed"),
]
# Pairs used by scripts/safeguarding_threshold.py (emergency file, near-miss file, gated).
PAIRS = [(label, files[0], files[1], role == "tuning") for label, files, role in LISTS if len(files) == 2]
COLUMNS = list(EMERGENCY_TYPES) + ["distress", "none"]
LEGACY_INTENTS = {"emergency_crime_in_progress": "generic"}  # the classifier's old intent: no reply of its own


def load(name):
    """Messages of one list file (`messages:` or `items:`), or of every .yml file in a folder ("sealed6/");
    [] if it does not exist."""
    path = LISTS_DIR / name
    if name.endswith("/"):
        return (
            [m for f in sorted(path.glob("*.yml")) for m in load(str(f.relative_to(LISTS_DIR)))]
            if path.is_dir()
            else []
        )
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("messages") or data.get("items") or []


def expected(item, name):
    if "expect" in item:
        return item["expect"]
    kind = item.get("kind")  # older hold-outs: original labels, not read to relabel
    if kind in (None, "none") or "not_escalate" in name:
        return "none"
    return "crime" if kind == "crime_in_progress" else kind


def is_emergency(t):
    return t not in ("none", "distress")


def right_type(expect, got):
    if got == expect or got == "generic":
        return True
    if expect == "crime_other":
        return got == "danger"
    if expect == "crime":
        return got in ("crime_at_door", "crime_remote")
    return False


def score(rows):
    """rows: [(expect, got, text)] -> dict of counts."""
    em = [(e, g) for e, g, _ in rows if is_emergency(e)]
    neg = [g for e, g, _ in rows if e == "none"]
    dis = [g for e, g, _ in rows if e == "distress"]
    reached = sum(1 for e, g in em if is_emergency(g))
    wrong = sum(1 for e, g in em if is_emergency(g) and not right_type(e, g))
    return {
        "n_em": len(em),
        "reached": reached,
        "wrong": wrong,
        "generic": sum(1 for _, g in em if g == "generic"),
        "n_neg": len(neg),
        "alarms": sum(1 for g in neg if is_emergency(g)),
        "distress_on_neg": sum(1 for g in neg if g == "distress"),
        "n_dis": len(dis),
        "dis_reached": sum(1 for g in dis if g == "distress"),
        "dis_999": sum(1 for g in dis if is_emergency(g)),
    }


def pct(a, b):
    return f"{a / b:.1%} ({a}/{b})" if b else "n/a"


def summary(label, s):
    parts = [
        f"recall {pct(s['reached'], s['n_em'])}",
        f"wrong type {pct(s['wrong'], s['n_em'])}",
        f"generic 999 reply {s['generic']}",
        f"false alarms {pct(s['alarms'], s['n_neg'])}",
    ]
    if s["n_neg"]:
        parts.append(f"support reply on near-misses {s['distress_on_neg']}")
    if s["n_dis"]:
        parts.append(f"distress reached {pct(s['dis_reached'], s['n_dis'])} (999 reply on distress {s['dis_999']})")
    print(f"safeguarding [{label}]: " + ", ".join(parts))


def confusion(rows):
    table = Counter((e, g) for e, g, _ in rows)
    labels = [
        e
        for e in (
            "danger",
            "crime_at_door",
            "crime_remote",
            "child_danger",
            "self_harm",
            "crime_other",
            "crime",
            "distress",
            "none",
        )
        if any(r[0] == e for r in rows)
    ]
    width = 14
    print("    expected \\ got " + "".join(f"{c[: width - 1]:>{width}}" for c in COLUMNS))
    for e in labels:
        print(f"    {e:<16} " + "".join(f"{table.get((e, c), 0) or '.':>{width}}" for c in COLUMNS))


def gate_failed(s):
    return (
        s["reached"] < s["n_em"]
        or s["wrong"] > 0
        or (s["n_neg"] and s["alarms"] / s["n_neg"] > 0.05)
        or s["dis_reached"] < s["n_dis"]
    )


async def main(model: str, patterns_only: bool, skip_sealed: bool, tuning_only: bool = False, only: str = "") -> int:
    rules = SafeguardingRules.from_file()
    type_by_intent = {**LEGACY_INTENTS, **rules.type_by_intent}
    if patterns_only:

        async def answer(text):
            d = rules.detect(text)
            return d.kind if d else "none"

        print("safeguarding: patterns only (no model), a development figure")
    else:
        from rasa.core.agent import load_agent
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.ERROR)  # no per-message debug lines: they would print every test message
        agent = await load_agent(model_path=model)

        async def answer(text):
            intent = (await agent.parse_message(text))["intent"]["name"]
            return type_by_intent.get(intent, "none")

    failed = False
    for label, files, role in LISTS:
        if (role == "sealed" and skip_sealed) or (role != "tuning" and tuning_only) or only not in label:
            continue
        items = [(expected(item, name), item["text"]) for name in files for item in load(name)]
        if not items:
            continue
        rows = [(e, await answer(t), t) for e, t in items]
        s = score(rows)
        summary(label, s)
        if role not in ("tuning", "development"):
            continue
        confusion(rows)
        for e, g, t in rows:
            if is_emergency(e) and not is_emergency(g):
                print(f"  MISSED ({e}, got {g}): {t}")
            elif is_emergency(e) and not right_type(e, g):
                print(f"  WRONG TYPE ({e} -> {g}): {t}")
            elif e == "none" and is_emergency(g):
                print(f"  FALSE ALARM ({g}): {t}")
            elif e == "distress" and g != "distress":
                print(f"  DISTRESS MISSED (got {g}): {t}")
        failed |= role == "tuning" and bool(gate_failed(s))
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "cyberprotect.tar.gz"))
    parser.add_argument("--patterns-only", action="store_true")
    parser.add_argument("--skip-sealed", action="store_true")
    parser.add_argument("--tuning-only", action="store_true")
    parser.add_argument("--only", default="", help="score only the lists whose label contains this text")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.model, args.patterns_only, args.skip_sealed, args.tuning_only, args.only)))
