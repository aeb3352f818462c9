"""Safeguarding recall and false-alarm rate of the trained model (NLU pipeline incl. the safeguarding component).

Reads the pairs in tests/safeguarding/ (see its README). For the tuning pairs it prints recall, false-alarm
rate and kind accuracy, lists every miss and false alarm, and fails (exit 1) when recall is below 100 % or
false alarms above 5 %. For the hold-out pair it prints only the totals (never the messages, so nobody tunes
on them) and does not gate.
"""
import argparse
import asyncio
import logging
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
logging.disable(logging.WARNING)

PAIRS = [("tuning", "must_escalate.yml", "must_not_escalate.yml", True),
         ("extra", "extra_escalate.yml", "extra_not_escalate.yml", True),
         ("extra2", "extra2_escalate.yml", "extra2_not_escalate.yml", True),
         ("holdout2 (unsealed 23 Nov 2026, now tuning)", "holdout2_escalate.yml", "holdout2_not_escalate.yml", True),
         ("extra3 (written 1 Dec 2026, tuning)", "extra3_escalate.yml", "extra3_not_escalate.yml", True),
         ("extra4 (written 1 Dec 2026, tuning)", "extra4_escalate.yml", "extra4_not_escalate.yml", True),
         ("hold-out 3 (lightly used), not gated", "holdout3_escalate.yml", "holdout3_not_escalate.yml", False),
         ("hold-out 4, sealed, not gated", "holdout4_escalate.yml", "holdout4_not_escalate.yml", False)]


def load(name):
    path = ROOT / "tests" / "safeguarding" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"] if path.exists() else []


async def main(model: str) -> int:
    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # no per-message debug lines: they would print every test message

    agent = await load_agent(model_path=model)
    failed = False
    for label, pos_file, neg_file, gated in PAIRS:
        pos, neg = load(pos_file), load(neg_file)
        if not pos:
            continue
        misses, wrong_kind, alarms = [], [], []
        for item in pos:
            intent = (await agent.parse_message(item["text"]))["intent"]["name"]
            if not intent.startswith("emergency_"):
                misses.append((item["kind"], intent, item["text"]))
            elif intent != f"emergency_{item['kind']}":
                wrong_kind.append((item["kind"], intent, item["text"]))
        for item in neg:
            intent = (await agent.parse_message(item["text"]))["intent"]["name"]
            if intent.startswith("emergency_"):
                alarms.append((intent, item["text"]))
        recall = 1 - len(misses) / len(pos)
        false_alarm = len(alarms) / len(neg) if neg else 0.0
        kind_acc = 1 - (len(misses) + len(wrong_kind)) / len(pos)
        print(f"safeguarding [{label}]: recall {recall:.1%} ({len(pos) - len(misses)}/{len(pos)}), "
              f"false alarms {false_alarm:.1%} ({len(alarms)}/{len(neg)}), right emergency kind {kind_acc:.1%}")
        if not gated:
            continue
        for kind, intent, text in misses:
            print(f"  MISSED ({kind}, got {intent}): {text}")
        for kind, intent, text in wrong_kind:
            print(f"  other kind ({kind} -> {intent}): {text}")
        for intent, text in alarms:
            print(f"  FALSE ALARM ({intent}): {text}")
        failed |= recall < 1.0 or false_alarm > 0.05
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "cyberprotect.tar.gz"))
    sys.exit(asyncio.run(main(parser.parse_args().model)))
