"""make eval-checker: how the "Is this a scam?" checker (cyberprotect/checker/) does on its labelled corpus.

Prints, for the development part (tests/checker/dev.yml) and the sealed part (tests/checker/sealed.yml):
scams with at least one sign shown, genuine messages with a sign shown, the right "where to send it" (the
main route), and that no reply says "safe" or calls the message a scam with certainty. The sealed part is
scored as totals only, never message by message; scoring it outside CI (CI=true) appends a line to
tests/checker/sealed_scores.log so the number of scorings is known. --dev-detail lists the development
misses (never the sealed ones). Each part is also scored as the channel gate passes messages on to the bot
(channels/redaction.py: phone numbers and email senders kept only as their kind), printed on its own
line; the targets and the gate apply to the messages as written. Targets (issue 23): scams with a sign >= 95 %, genuine with a sign <= 15 %,
right route >= 95 %, wording 100 %; whether the sealed part meets them is printed. --gate fails (exit 1) when
the sealed part falls below the regression floor in tests/checker/gate.yml (the measured baseline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

from cyberprotect.checker.reply import compose
from cyberprotect.checker.signs import check
from cyberprotect.content_store import default_store
from channels.gate import Gate

GATE = Gate(b"eval-checker" * 3, env={})  # the channel gate's own redaction (rate limits off for this caller)

CORPUS = ROOT / "tests" / "checker"
TARGETS = {"scam_flagged": 0.95, "genuine_flagged_max": 0.15, "route": 0.95, "wording": 1.0}
SAYS_SAFE = re.compile(
    r"\b(?:it|this|that|the message|the link|the number)(?:'s| is| looks| seems| appears)"
    r" (?:to be )?(?:safe|fine|genuine|legit(?:imate)?|real|ok)\b|\bsafe to (?:click|open|reply|use|pay|call)\b"
    r"|\bnothing to worry about\b|\byou(?:'re| are) safe\b|\bno need to worry\b",
    re.I,
)
CERTAIN = re.compile(
    r"\b(?:this|it) (?:is|'s) (?:a|definitely a|certainly a) scam\b|\bdefinitely\b|\bcertainly\b"
    r"|\bis a scam\b|\bnot a scam\b|\bgenuine message\b",
    re.I,
)


def wording_ok(texts) -> bool:
    joined = "\n".join(texts)
    return not SAYS_SAFE.search(joined) and not CERTAIN.search(joined)


def score(items, snapshot, gated: bool = False):
    """Figures for `items`. gated=True checks each message as the channel gate passes it on to the bot (phone
    numbers and email addresses replaced by placeholders that keep only their kind, codes removed)."""
    rows = []
    for item in items:
        text = GATE.prepare(item["text"], "eval", limited=False)[0] if gated else item["text"]
        result = check(text, snapshot.checker)
        texts = [m["text"] for m in compose(result, snapshot)]
        rows.append(
            {
                "id": item["id"],
                "label": item["label"],
                "flagged": bool(result.signs),
                "route_ok": result.routes[0] == item["route"]
                or (not result.kind_sure and item["route"] in result.routes),
                "main_route_ok": result.routes[0] == item["route"],
                "wording_ok": wording_ok(texts),
                "signs": result.sign_keys,
                "kind": result.kind,
                "expected_route": item["route"],
                "route": result.routes[0],
            }
        )
    scams = [r for r in rows if r["label"] == "scam"]
    genuine = [r for r in rows if r["label"] == "genuine"]
    share = lambda xs, k: (sum(1 for x in xs if x[k]) / len(xs)) if xs else float("nan")  # noqa: E731
    fig = {
        "n_scam": len(scams),
        "n_genuine": len(genuine),
        "scam_flagged": share(scams, "flagged"),
        "genuine_flagged": share(genuine, "flagged"),
        "route": share(rows, "route_ok"),
        "main_route": share(rows, "main_route_ok"),
        "wording": share(rows, "wording_ok"),
    }
    return fig, rows


def show(name: str, fig: dict) -> None:
    print(f"{name}: {fig['n_scam']} scam, {fig['n_genuine']} genuine messages")
    print(f"  scams with at least one sign shown: {fig['scam_flagged']:.1%} (target >= 95 %)")
    print(f"  genuine messages with a sign shown: {fig['genuine_flagged']:.1%} (target <= 15 %)")
    print(
        f"  right 'where to send it': {fig['route']:.1%} (target >= 95 %; when the kind is unclear the reply "
        f"gives the text and the email route and either counts)"
    )
    print(f"  right 'where to send it' as the first route shown: {fig['main_route']:.1%}")
    print(f"  replies that never say 'safe' and never call it a scam for certain: {fig['wording']:.1%} (target 100 %)")


def show_gated(fig: dict) -> None:
    print(
        f"  as the channel gate passes it on (numbers and email senders kept only as their kind): scams with a sign "
        f"{fig['scam_flagged']:.1%}, genuine with a sign {fig['genuine_flagged']:.1%}, right route {fig['route']:.1%}"
    )


def log_sealed(fig: dict, gated: dict) -> None:
    if os.environ.get("CI", "").lower() == "true":
        return
    line = (
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ} scam_flagged={fig['scam_flagged']:.3f} "
        f"genuine_flagged={fig['genuine_flagged']:.3f} route={fig['route']:.3f} wording={fig['wording']:.3f} "
        f"(through the gate: {gated['scam_flagged']:.3f}/{gated['genuine_flagged']:.3f}/{gated['route']:.3f})\n"
    )
    with open(CORPUS / "sealed_scores.log", "a", encoding="utf-8") as log:
        log.write(line)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "sealed", "both"), default="both")
    ap.add_argument("--dev-detail", action="store_true", help="list development misses (never sealed ones)")
    ap.add_argument("--gate", action="store_true", help="exit 1 if the sealed part misses a target")
    ap.add_argument(
        "--ids",
        metavar="REGEX",
        help="development part only: score just the items whose id matches (e.g. '[sg]5' for round 5)",
    )
    args = ap.parse_args(argv)
    snapshot = default_store().current()
    ok = True
    if args.part in ("dev", "both"):
        dev = yaml.safe_load((CORPUS / "dev.yml").read_text(encoding="utf-8"))
        if args.ids:
            dev = [item for item in dev if re.match(args.ids, item["id"])]
        fig, rows = score(dev, snapshot)
        show("development part (tuned against: a development figure)", fig)
        show_gated(score(dev, snapshot, gated=True)[0])
        if args.dev_detail:
            for r in rows:
                if (r["label"] == "scam") != r["flagged"] or not r["route_ok"] or not r["wording_ok"]:
                    print(
                        f"    {r['id']} {r['label']} kind={r['kind']} route={r['route']} "
                        f"(expected {r['expected_route']}) signs={r['signs']}"
                    )
    if args.part in ("sealed", "both"):
        sealed = yaml.safe_load((CORPUS / "sealed.yml").read_text(encoding="utf-8"))
        fig, _ = score(sealed, snapshot)
        gated = score(sealed, snapshot, gated=True)[0]
        show("sealed part (totals only)", fig)
        show_gated(gated)
        log_sealed(fig, gated)
        met = (
            fig["scam_flagged"] >= TARGETS["scam_flagged"]
            and fig["genuine_flagged"] <= TARGETS["genuine_flagged_max"]
            and fig["route"] >= TARGETS["route"]
            and fig["wording"] >= TARGETS["wording"]
        )
        print("  issue targets on the sealed part:", "met" if met else "NOT met")
        gate = yaml.safe_load((CORPUS / "gate.yml").read_text(encoding="utf-8"))
        ok = (
            fig["scam_flagged"] >= gate["scam_flagged_min"]
            and fig["genuine_flagged"] <= gate["genuine_flagged_max"]
            and fig["route"] >= gate["route_min"]
            and fig["wording"] >= gate["wording_min"]
        )
        print("  regression floor (tests/checker/gate.yml):", "held" if ok else "BROKEN")
    return 0 if (ok or not args.gate) else 1


if __name__ == "__main__":
    sys.exit(main())
