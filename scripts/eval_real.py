"""`make eval-real`: the real-phrasing yardstick (tests/real/, issue 18) scored against the running bot.

Each real message is sent as the first message of a fresh conversation on the REST channel of a real bot (by
default one started here with startup/stack.py's Bot: action server + Rasa server on free loopback ports, API on),
and judged from the replies and the tracker (what a right first reply is: tests/real/README.md). Prints, for the
development part: accuracy overall, by `expect`, by length bucket, the "didn't understand" rate on in-scope
messages, and every failure (text shortened, expected vs got). For the sealed part: the same totals and bucket
totals only, never a message or a per-item result. Scoring the sealed part outside CI (CI=true) appends a line to
tests/real/sealed_scores.log. There are four batches: dev + sealed (waves 1-3), dev2 + sealed2 (the second batch,
wave 4), sealed3 (the third batch, 4 Dec 2026, whose other part is training data, tests/real/train3.yml) and sealed4
(the fourth batch, 4 Dec 2026 evening, other part tests/real/train4.yml, training data too); dev2 is printed like dev,
sealed2, sealed3 and sealed4 like sealed. Options: --part PARTS (all, the default: dev, sealed, dev2, sealed2,
sealed3, sealed4; both: dev and sealed; or a comma-separated list such as dev2,sealed2), --model PATH, --url URL (a
bot already running with its API on), --gate (exit 1 if a sealed part's figures are under its floor:
tests/real/gate.yml for sealed, tests/real/gate2.yml for sealed2; sealed3 and sealed4 have no floor yet), --json OUT
(write the figures).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"

BUCKETS = (("under 15 words", 0, 14), ("15-40 words", 15, 40), ("over 40 words", 41, 10**9))
FALLBACK_ACTIONS = {"utter_default", "action_default_fallback"}
# Actions that answer a topic by setting the `topic` slot: advice, the young-person reply, "did you mean" with one
# topic, the scam checker on a pasted message (it names the kind of scam and where to send it), and the advice that
# follows the emergency reply to a long story (it answers the topic, but a 999 script given to a message that is no
# emergency still makes the reply wrong: see judge()).
ADVICE_ACTIONS = {
    "action_give_advice",
    "action_young_person",
    "action_suggest_topics",
    "action_check_message",
    "action_advice_after_emergency",
    # a parent's story of grooming signs read as a TALK question gets the grooming advice from action_talk
    # (actions/children_actions.py grooming_story): that reply answers the topic it sets, and is not TALK
    "action_talk",
}
SPECIAL = {
    "report_question": {"action_how_report", "action_report_routes", "action_report_fraud_info"},
    "talk": {"action_talk"},
    "platform_safety": {"action_platform_safety"},
    "young_person": {"action_young_person"},
    "out_of_scope": {"utter_out_of_scope"},
    # issue 19: one reply per type; the generic 999 reply is right for any emergency (never a wrong type)
    "emergency_danger": {"utter_emergency_danger", "utter_emergency_generic"},
    "emergency_crime_in_progress": {
        "utter_emergency_crime_at_door",
        "utter_emergency_crime_remote",
        "utter_emergency_generic",
    },
    "emergency_child_danger": {"utter_emergency_child_danger", "utter_emergency_generic"},
    "emergency_self_harm": {"utter_emergency_self_harm", "utter_emergency_generic"},
}
SUPPORT_SCRIPTS = {"utter_distress_support"}  # the support reply to someone upset (a domain response)
EMERGENCY_SCRIPTS = set().union(*(v for k, v in SPECIAL.items() if k.startswith("emergency_")))
# Why a reply is wrong, one kind per failure (the first that applies, in this order). Printed as counts for every
# part, the sealed ones included: where the gap is, without reading a sealed message.
FAILURE_KINDS = (
    ("false_alarm", "999 script to a message that needed none"),
    ("missed_emergency", "no emergency reply where one was due"),
    ("support_instead", "support reply (distress) without the answer"),
    ("fallback", "didn't understand"),
    ("out_of_scope", "out of scope handled wrong (a topic for it, or out of scope for an in-scope message)"),
    ("wrong_topic", "wrong topic"),
    ("missing", "right topic, but a required item missing"),
    ("forbidden", "right topic, but a forbidden item in it"),
)
PARTS = ("dev", "sealed", "dev2", "sealed2", "sealed3", "sealed4")
# each sealed part and the file with its floor (None: scored as totals, no floor yet)
SEALED_PARTS = {"sealed": "gate.yml", "sealed2": "gate2.yml", "sealed3": None, "sealed4": None}
WORKERS = 4
START_EXTRA_S = 600  # extra wait for the Rasa server after the harness's own 300 s


def load(part: str) -> list:
    data = yaml.safe_load((REAL / f"{part}.yml").read_text(encoding="utf-8")) or {}
    return data.get("items", [])


def bucket(text: str) -> str:
    words = len(text.split())
    return next(name for name, low, high in BUCKETS if low <= words <= high)


def what_happened(events: list) -> dict:
    """The intent, the actions run and the topics answered in a one-message conversation, from its tracker events."""
    intent, actions, topics, advice_ran, talk_started = None, [], set(), False, False
    for event in events:
        kind = event.get("event")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        elif kind == "action":
            actions.append(event.get("name"))
            advice_ran = advice_ran or event.get("name") in ADVICE_ACTIONS
        elif kind == "slot" and event.get("name") == "topic" and event.get("value") and advice_ran:
            topics.add(event["value"])
        elif kind == "slot" and event.get("name") == "talk_step" and event.get("value") is not None:
            talk_started = talk_started or "action_talk" in actions  # the TALK checklist was given
    if "action_give_advice" in actions and intent and intent.startswith("threat_") and not topics:
        # only when the advice set no topic: a topic the action chose from the story's facts (a refinement rule)
        # replaces the classifier's, so a wrong rule counts as a wrong topic (strict judge, 4 Dec 2026 evening)
        topics.add(intent[len("threat_") :])
    return {"intent": intent, "actions": actions, "topics": topics, "talk_started": talk_started}


def answers(key: str, actions: set, happened: dict) -> bool:
    """Did the reply answer `key`? `talk` only when action_talk gave the TALK checklist (not when it gave the
    grooming advice to a story: that answers child_grooming)."""
    if key == "talk":
        return bool(actions & SPECIAL["talk"]) and happened.get("talk_started", False)
    return bool(actions & SPECIAL[key]) if key in SPECIAL else key in happened["topics"]


def judge(item: dict, replies: list, happened: dict) -> dict:
    """Right first reply? (tests/real/README.md) Also whether the bot said it didn't understand."""
    accepted = [item["expect"]] + list(item.get("also") or [])
    actions = set(happened["actions"])
    answered = any(answers(key, actions, happened) for key in accepted)
    text = "\n".join(replies).lower()
    missing = [m for m in item.get("must") or [] if m.lower() not in text]
    forbidden = [m for m in item.get("must_not") or [] if m.lower() in text]
    # A 999 script for a message that is no emergency is a false alarm (issue 19): wrong, whatever follows it.
    emergency_due = any(k.startswith("emergency_") for k in accepted)
    false_alarm = bool(actions & EMERGENCY_SCRIPTS) and not emergency_due
    got = sorted(happened["topics"]) or [
        a for a in happened["actions"] if a not in ("action_session_start", "action_listen")
    ]
    right = answered and not missing and not forbidden and not false_alarm
    fallback = bool(actions & FALLBACK_ACTIONS)
    if right:
        kind = None
    elif false_alarm:
        kind = "false_alarm"
    elif emergency_due and not answered and not actions & EMERGENCY_SCRIPTS:
        kind = "missed_emergency"
    elif not answered and actions & SUPPORT_SCRIPTS:
        kind = "support_instead"
    elif not answered and fallback:
        kind = "fallback"
    elif not answered and (item["expect"] == "out_of_scope" or actions & SPECIAL["out_of_scope"]):
        kind = "out_of_scope"
    elif not answered:
        kind = "wrong_topic"
    else:
        kind = "missing" if missing else "forbidden"
    return {
        "right": right,
        "kind": kind,
        "fallback": fallback,
        "got": f"intent {happened['intent']}; "
        + ", ".join(got)
        + (f"; missing {missing}" if missing else "")
        + (f"; must not {forbidden}" if forbidden else "")
        + ("; a 999 script it did not need" if false_alarm else ""),
    }


def ask(url: str, item: dict) -> dict:
    sender = f"real-{uuid.uuid4().hex[:12]}"
    response = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": item["text"]}, timeout=120
    )
    response.raise_for_status()
    replies = [m.get("text") or "" for m in response.json()]
    tracker = requests.get(
        f"{url}/conversations/rest:{sender}/tracker", timeout=60
    )  # REST namespace (channels/gate.py)
    tracker.raise_for_status()
    return judge(item, replies, what_happened(tracker.json().get("events") or []))


def score(url: str, items: list) -> list:
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda item: ask(url, item), items))


def rate(numerator: int, denominator: int):
    return round(numerator / denominator, 3) if denominator else None


def figures(items: list, results: list, detail: bool) -> dict:
    in_scope = [r for i, r in zip(items, results) if i["expect"] != "out_of_scope"]
    out = {
        "n": len(items),
        "right": sum(r["right"] for r in results),
        "accuracy": rate(sum(r["right"] for r in results), len(items)),
        "fallback_in_scope": rate(sum(r["fallback"] for r in in_scope), len(in_scope)),
        "n_in_scope": len(in_scope),
        "by_length": {},
        "failure_kinds": {key: sum(r.get("kind") == key for r in results) for key, _ in FAILURE_KINDS},
        "by_expect": {},
    }
    for name, _, _ in BUCKETS:
        part = [r for i, r in zip(items, results) if bucket(i["text"]) == name]
        out["by_length"][name] = {
            "n": len(part),
            "right": sum(r["right"] for r in part),
            "accuracy": rate(sum(r["right"] for r in part), len(part)),
        }
    # by topic (the `expect` label): counts only, for the sealed parts too (issue 18 asks for figures by topic)
    by_expect = defaultdict(list)
    for i, r in zip(items, results):
        by_expect[i["expect"]].append(r["right"])
    out["by_expect"] = {
        k: {"n": len(v), "right": sum(v), "accuracy": rate(sum(v), len(v))} for k, v in sorted(by_expect.items())
    }
    if detail:  # development parts only: which items failed
        out["failures"] = [i["id"] for i, r in zip(items, results) if not r["right"]]
    return out


def print_figures(part: str, fig: dict) -> None:
    print(
        f"\n== {part}: {fig['right']}/{fig['n']} right first replies = {fig['accuracy']}; "
        f"didn't understand on in-scope messages: {fig['fallback_in_scope']} (of {fig['n_in_scope']})"
    )
    for name, b in fig["by_length"].items():
        print(f"   {name:15s} {b['right']:3d}/{b['n']:<3d} = {b['accuracy']}")
    kinds = fig.get("failure_kinds") or {}
    if kinds:
        print(f"   failures by kind ({sum(kinds.values())}):")
        for key, label in FAILURE_KINDS:
            print(f"     {kinds.get(key, 0):3d}  {label}")
    for key, b in (fig.get("by_expect") or {}).items():
        print(f"   expect {key:28s} {b['right']:3d}/{b['n']:<3d} = {b['accuracy']}")


def print_failures(items: list, results: list, part: str = "dev") -> None:
    failures = [(i, r) for i, r in zip(items, results) if not r["right"]]
    print(f"\n== {part} failures ({len(failures)})")
    for item, result in failures:
        text = " ".join(item["text"].split())
        short = text if len(text) <= 110 else text[:107] + "..."
        accepted = "/".join([item["expect"]] + list(item.get("also") or []))
        print(
            f"- {item['id']} [{len(text.split())} words] {short}\n    expected {accepted}; got {result['got']}"
            + ("; DIDN'T UNDERSTAND" if result["fallback"] else "")
        )


def log_sealed(fig: dict, model: Path, part: str = "sealed") -> None:
    if os.environ.get("CI", "").lower() == "true":
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    buckets = " ".join(f"{k.split()[0]}{k.split()[1]}:{b['right']}/{b['n']}" for k, b in fig["by_length"].items())
    kinds = (
        " kinds " + ",".join(f"{k}:{v}" for k, v in fig["failure_kinds"].items()) if fig.get("failure_kinds") else ""
    )
    line = (
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M}Z commit {commit or '?'} model "
        f"{model.name} {part} {fig['right']}/{fig['n']}={fig['accuracy']} fallback_in_scope="
        f"{fig['fallback_in_scope']} {buckets}{kinds}\n"
    )
    with open(REAL / "sealed_scores.log", "a", encoding="utf-8") as log:
        log.write(line)


def gate(fig: dict, part: str = "sealed") -> list:
    limits = yaml.safe_load((REAL / SEALED_PARTS[part]).read_text(encoding="utf-8"))
    problems = []
    if fig["accuracy"] < limits["min_accuracy"]:
        problems.append(f"accuracy {fig['accuracy']} < {limits['min_accuracy']}")
    over40 = fig["by_length"]["over 40 words"]["accuracy"]
    if over40 is not None and over40 < limits["min_accuracy_over_40_words"]:
        problems.append(f"over-40-words accuracy {over40} < {limits['min_accuracy_over_40_words']}")
    if fig["fallback_in_scope"] is not None and fig["fallback_in_scope"] > limits["max_fallback_in_scope"]:
        problems.append(f"didn't-understand rate {fig['fallback_in_scope']} > {limits['max_fallback_in_scope']}")
    return problems


def parse_parts(value: str) -> list:
    if value in ("all", "both"):
        return list(PARTS) if value == "all" else ["dev", "sealed"]
    parts = [p.strip() for p in value.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"unknown part(s) {unknown}: choose from all, both, {', '.join(PARTS)}")
    return parts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part",
        type=parse_parts,
        default="all",
        help="all (default), both (dev and sealed), or a comma-separated list of dev, sealed, dev2, sealed2, sealed3, sealed4",
    )
    parser.add_argument("--model", help="model archive (default models/cyberprotect.tar.gz)")
    parser.add_argument("--url", help="a bot already running with its HTTP API on, e.g. http://127.0.0.1:5005")
    parser.add_argument(
        "--gate",
        action="store_true",
        help="exit 1 if a sealed part's figures are under its floor (gate.yml, gate2.yml)",
    )
    parser.add_argument("--json", dest="json_out", help="write the figures to this file")
    args = parser.parse_args(argv)
    parts = args.part
    if args.gate and not any(SEALED_PARTS.get(p) for p in parts):
        parser.error("--gate needs a sealed part (--part sealed, sealed2, both or all)")

    from startup import stack  # the one bot harness, as the server tests use it

    model = Path(args.model).resolve() if args.model else stack.MODEL
    bot, url, started = None, (args.url or "").rstrip("/"), time.time()
    if not url:
        if not model.exists():
            print(f"eval-real: no trained model at {model}: run `make train`")
            return 1
        bot = stack.Bot(Path(tempfile.mkdtemp(prefix="eval-real-")), model=model)
        bot.env.pop("REHEARSAL_CODE", None)  # the public bot
    try:
        if bot:
            bot.start(extra_wait=START_EXTRA_S)  # a busy machine can take longer than 300 s to load the model
            url = bot.url
        report = {"model": str(model), "parts": {}}
        for part in parts:
            items = load(part)
            results = score(url, items)
            fig = figures(items, results, detail=part not in SEALED_PARTS)
            report["parts"][part] = fig
            print_figures(part, fig)
            if part in SEALED_PARTS:
                log_sealed(fig, model, part)
            else:
                print_failures(items, results, part)
    finally:
        if bot:
            bot.stop()
            shutil.rmtree(bot.tmp, ignore_errors=True)  # its tracker store holds the messages (the sealed ones too)
    print(f"\neval-real: {time.time() - started:.0f} s")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.gate:
        failed = False
        for part in (p for p in parts if SEALED_PARTS.get(p)):
            problems = gate(report["parts"][part], part)
            print(f"gate {part} (tests/real/{SEALED_PARTS[part]}): " + ("; ".join(problems) if problems else "passed"))
            failed = failed or bool(problems)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
