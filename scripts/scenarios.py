"""`make scenarios`: the rehearsal scripts as regression tests of the PUBLIC bot.

For each scenario in scenarios/, sends the member of the public's lines in order to a real running bot
(its REST channel; by default one started here by startup/stack.py's Bot, with rehearsal switched off)
and checks that the bot's own replies cover the script's key points (officer-only key points excepted) and
make none of its mistakes. Key points and mistakes are resolved from the content store and route engine
(cyberprotect/rehearsal/keypoints.py), so nothing is hard-coded here. Prints a table; exits 1 if any scenario
fails. Known public-bot findings (scenarios/_known_failures.yml) show as "known fail" and pass only if the
bot fails exactly as listed; --strict counts them as failures. Options: --url URL (use a bot that is already
running), --only ID, --show (print the replies), --strict.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import assess, resolve
from cyberprotect.rehearsal.scenarios import load_library


def run_scenario(url: str, scenario, snapshot, show: bool = False):
    sender = f"scenario-{scenario.id}-{uuid.uuid4().hex[:6]}"
    replies_by_line = []
    for line in scenario.lines:
        response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": line}, timeout=60)
        response.raise_for_status()
        texts = [m.get("text") or "" for m in response.json()]
        replies_by_line.append(texts)
        if show:
            print(f"  > {line}\n    " + "\n    ".join(t.replace("\n", "\n    ") for t in texts))
    points, mistakes = resolve(scenario, snapshot)
    # The public bot does not know the persona's nation until told, and then rightly lists the report routes
    # of every nation (each labelled): the general wrong-nation mistake is for officers, whom the persona
    # told. The scenario's own route mistakes (e.g. Report Fraud for a Scottish resident) still count.
    mistakes = [m for m in mistakes if m.id != "wrong_nation_route"]
    all_replies = [t for texts in replies_by_line for t in texts]
    result = assess(points, [], all_replies, include_officer_only=False)
    made = []
    for m in mistakes:  # each mistake only counts from its after_line on
        later = [t for texts in replies_by_line[m.after_line :] for t in texts]
        made += assess([], [m], later).mistakes
    return result, made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running bot, e.g. http://127.0.0.1:5005 (default: start one)")
    parser.add_argument("--only", help="run one scenario id")
    parser.add_argument("--show", action="store_true", help="print the bot's replies")
    parser.add_argument("--strict", action="store_true", help="known failures fail too")
    args = parser.parse_args()
    library = load_library()
    import yaml

    known_file = ROOT / "scenarios" / "_known_failures.yml"
    known = {} if args.strict or not known_file.exists() else yaml.safe_load(known_file.read_text()) or {}
    snapshot = default_store().current()
    scenarios = [s for s in library.values() if not args.only or s.id == args.only]
    bot = None
    started = time.time()
    if args.url:
        url = args.url.rstrip("/")
    else:
        from startup.stack import MODEL, Bot

        if not MODEL.exists():
            print("scenarios: no trained model: run `make train`")
            return 1
        bot = Bot(Path(tempfile.mkdtemp(prefix="scenarios-")))
        bot.env.pop("REHEARSAL_CODE", None)  # the public bot, as members of the public see it
        bot.start()
        url = bot.url
    rows, failed = [], []
    try:
        for s in scenarios:
            if args.show:
                print(f"== {s.id}")
            result, made = run_scenario(url, s, snapshot, args.show)
            missed, mistakes = sorted(p.id for p in result.missed), sorted(m.id for m, _ in made)
            expected = known.get(s.id)
            if not missed and not mistakes:
                verdict = "pass" if expected is None else "FAIL (fixed: remove from _known_failures.yml)"
            elif expected is not None and (
                sorted(expected.get("missed") or []),
                sorted(expected.get("mistakes") or []),
            ) == (missed, mistakes):
                verdict = "known fail"
            else:
                verdict = "FAIL"
            rows.append(
                (
                    s.id,
                    f"{len(result.covered)}/{result.total}",
                    ", ".join(missed) or "-",
                    ", ".join(mistakes) or "-",
                    verdict,
                )
            )
            if verdict != "pass":
                failed.append((s.id, result, made))
    finally:
        if bot is not None:
            bot.stop()
    headers = ("scenario", "key points (bot)", "missed", "mistakes", "result")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*headers))
    print(fmt.format(*("-" * w for w in widths)))
    for r in rows:
        print(fmt.format(*r))
    verdicts = {r[0]: r[4] for r in rows}
    for sid, result, made in failed:
        tag = " (known)" if verdicts[sid] == "known fail" else ""
        for p in result.missed:
            print(f"{sid}{tag}: the bot did not cover '{p.id}': {p.label}")
        for m, evidence in made:
            print(f"{sid}{tag}: the bot made mistake '{m.id}': {m.label} Bot said: \"{evidence}\"")
    covered = sum(int(r[1].split("/")[0]) for r in rows)
    total = sum(int(r[1].split("/")[1]) for r in rows)
    n_known = sum(1 for r in rows if r[4] == "known fail")
    n_failed = sum(1 for r in rows if r[4].startswith("FAIL"))
    print(
        f"scenarios: {len(rows) - len(failed)}/{len(rows)} passed, {n_known} known fail, {n_failed} failed; "
        f"the bot covered {covered}/{total} key points; {time.time() - started:.0f} s"
    )
    Path(ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "scenarios.json").write_text(
        json.dumps([dict(zip(headers, r)) for r in rows], indent=2), encoding="utf-8"
    )
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
