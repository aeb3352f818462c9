"""`make eval-rehearsal`: how fairly the rehearsal marks officers' answers (issue 28).

On the labelled officer replies of tests/rehearsal/ (dev.yml, sealed.yml; labelling rules in its README), each
reply is marked alone, exactly as a rehearsal marks it (cyberprotect/rehearsal/keypoints.py: resolve + assess):
- key points: for every (reply, key point of its scenario) pair, is the point "covered"? Precision and recall
  against the labels.
- mistakes: for every (reply, kind of mistake) pair, kinds pay / wrong_route / blame / unsafe (a scenario's own
  mistake and a general one of the same kind are one finding): precision and recall, overall and per kind.
The development part is printed in full with every disagreement (for tuning), one file at a time, each with
its own figures: dev.yml (written by the helper who tuned) and dev_blind.yml (160 replies written and labelled
blind; first scored 3 Dec 21:05 before any tuning on it). The sealed part is scored as
totals only and every scoring is appended to tests/rehearsal/sealed_scores.log (date, commit, totals), so the
log says how often it was scored. `--gate` (in `make test`) fails if a sealed figure is below
tests/rehearsal/gate.yml. Options: --part dev|sealed|sealed2|both (default both; dev = dev.yml and dev_blind.yml; sealed2 is the blind sealed batch), --gate. No model, no server: ~20 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import assess, resolve
from cyberprotect.rehearsal.scenarios import load_library

DATA = ROOT / "tests" / "rehearsal"
KINDS = ("pay", "wrong_route", "blame", "unsafe")
DEV_PARTS = {
    # file stem -> what it is (all tuned against: development figures)
    "dev": "development part dev.yml (tuned against: a development figure)",
    "dev_blind": "development part dev_blind.yml (written and labelled blind; tuned against since 3 Dec 21:05: a development figure)",
}


def load(part: str) -> List[dict]:
    return yaml.safe_load((DATA / f"{part}.yml").read_text(encoding="utf-8")) or []


def score(items: List[dict]) -> Tuple[Dict[str, float], List[str]]:
    library, snapshot = load_library(), default_store().current()
    resolved = {sid: resolve(s, snapshot) for sid, s in library.items()}
    kp = Counter()
    mk: Dict[str, Counter] = {k: Counter() for k in KINDS + ("all",)}
    errors: List[str] = []
    for item in items:
        points, mistakes = resolved[item["s"]]
        kind_of = {m.id: m.kind for m in mistakes}
        unknown = set(item.get("c") or []) - {p.id for p in points} | set(item.get("m") or []) - set(kind_of)
        if unknown:
            raise SystemExit(f"label error: {item['s']}: unknown ids {sorted(unknown)} in {item['r']!r}")
        result = assess(points, mistakes, [item["r"]])
        got = {p.id for p, _ in result.covered}
        want = set(item.get("c") or [])
        for p in points:
            key = ("tp" if p.id in want else "fp") if p.id in got else ("fn" if p.id in want else "tn")
            kp[key] += 1
            if key in ("fp", "fn"):
                errors.append(f"key point {key.upper()} {item['s']}.{p.id}: {item['r']}")
        got_kinds = {m.kind for m, _ in result.mistakes}
        want_kinds = {kind_of[m] for m in item.get("m") or []}
        for kind in KINDS:
            key = (
                ("tp" if kind in want_kinds else "fp") if kind in got_kinds else ("fn" if kind in want_kinds else "tn")
            )
            mk[kind][key] += 1
            mk["all"][key] += 1
            if key in ("fp", "fn"):
                errors.append(f"mistake {key.upper()} {item['s']} [{kind}]: {item['r']}")

    def pr(c: Counter) -> Tuple[float, float]:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        return round(p, 3), round(r, 3)

    figures = {
        "replies": len(items),
        "key_point_pairs": sum(kp.values()),
        "key_points_labelled_covered": kp["tp"] + kp["fn"],
    }
    figures["key_point_precision"], figures["key_point_recall"] = pr(kp)
    figures["mistake_precision"], figures["mistake_recall"] = pr(mk["all"])
    figures["mistakes_labelled"] = mk["all"]["tp"] + mk["all"]["fn"]
    for kind in KINDS:
        figures[f"mistake_{kind}_precision"], figures[f"mistake_{kind}_recall"] = pr(mk[kind])
    return figures, errors


def show(part: str, figures: Dict[str, float]) -> None:
    print(
        f"{part}: {figures['replies']} replies; key points covered: precision {figures['key_point_precision']:.3f}, "
        f"recall {figures['key_point_recall']:.3f} ({figures['key_points_labelled_covered']} of "
        f"{figures['key_point_pairs']} pairs labelled covered); mistakes: precision "
        f"{figures['mistake_precision']:.3f}, recall {figures['mistake_recall']:.3f} "
        f"({figures['mistakes_labelled']} labelled)"
    )
    print(
        "  by kind: "
        + "; ".join(
            f"{k} P {figures[f'mistake_{k}_precision']:.3f} R {figures[f'mistake_{k}_recall']:.3f}" for k in KINDS
        )
    )


def commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


SEALED_PARTS = {
    # part -> (file stem, what it is)
    "sealed": ("sealed", "sealed (totals only; written by the helper who tuned the matcher)"),
    "sealed2": (
        "sealed2",
        "sealed 2 (totals only; written and labelled blind by someone who had not seen the matching rules)",
    ),
}


def score_sealed(part: str, gate: bool) -> int:
    """Totals of one sealed part, logged in tests/rehearsal/<part>_scores.log; 1 if `gate` and a floor fails."""
    stem, title = SEALED_PARTS[part]
    if not (DATA / f"{stem}.yml").exists():
        print(f"{title}: no {stem}.yml yet")
        return 0
    figures, _ = score(load(stem))  # totals only: the disagreements are never printed
    log = DATA / f"{stem}_scores.log"
    if os.environ.get("CI", "").lower() != "true":  # CI's fresh clone does not keep the log
        with log.open("a", encoding="utf-8") as f:
            f.write(
                f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC commit {commit()} "
                + " ".join(f"{k}={v}" for k, v in figures.items())
                + "\n"
            )
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    times = sum(1 for line in lines if line and not line.startswith("#"))
    show(title, figures)
    print(f"{part} part scored {times} time(s) in all (tests/rehearsal/{stem}_scores.log)")
    if not gate:
        return 0
    floors = (yaml.safe_load((DATA / "gate.yml").read_text(encoding="utf-8")).get("parts") or {}).get(part)
    if not floors:
        print(f"{part}: not gated (no floors in tests/rehearsal/gate.yml)")
        return 0
    low = [f"{k} {figures[k]} < {v}" for k, v in floors.items() if figures[k] < v]
    if low:
        print(f"GATE FAILED ({part}): " + "; ".join(low))
        return 1
    print(f"gate passed ({part}): " + ", ".join(f"{k} >= {v}" for k, v in floors.items()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part",
        choices=("dev", "sealed", "sealed2", "both"),
        default="both",
        help="both = the development part in full and every sealed part as totals",
    )
    parser.add_argument("--gate", action="store_true", help="fail if a sealed figure is below tests/rehearsal/gate.yml")
    args = parser.parse_args()
    status = 0
    if args.part in ("dev", "both"):
        for stem, title in DEV_PARTS.items():
            if not (DATA / f"{stem}.yml").exists():
                continue
            figures, errors = score(load(stem))
            print(title)
            for e in errors:
                print("  " + e)
            show(stem, figures)
    for part in SEALED_PARTS:
        if args.part in (part, "both"):
            status |= score_sealed(part, args.gate)
    return status


if __name__ == "__main__":
    sys.exit(main())
