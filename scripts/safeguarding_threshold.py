"""Chooses the safeguarding classifier threshold (`classifier_min_confidence` in config.yml) from the tuning lists.

With the patterns switched off, parses every message of the gated (tuning) pairs in tests/safeguarding/ and sums
the classifier's confidence over the four emergency intents, which is what the safeguarding component compares
with the threshold. Prints, for each candidate threshold, the range across lists of classifier-only recall and
false alarms, and the lowest threshold that keeps every list at or below --max-false-alarms. Never reads the
hold-out pairs. Slow-ish (one parse per message, ~1 min); not part of `make test`.
"""

import argparse
import asyncio
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
logging.disable(logging.WARNING)

from scripts.safeguarding_report import PAIRS, load  # (one list of pairs for both scripts)


async def emergency_mass(agent, texts):
    scores = []
    for text in texts:
        ranking = (await agent.parse_message(text))["intent_ranking"]
        scores.append(sum(r["confidence"] for r in ranking if r["name"].startswith("emergency_")))
    return scores


async def main(model: str, thresholds, max_false_alarms: float) -> int:
    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog
    import components.safeguarding as safeguarding
    import components.safeguarding_rules as rules

    configure_structlog(logging.ERROR)
    # Patterns off, and the component's own threshold decision off, so the ranking keeps the classifier's numbers.
    rules.SafeguardingRules.detect = lambda self, text: None
    safeguarding.SafeguardingClassifier._decide_without_pattern = lambda self, message: None
    agent = await load_agent(model_path=model)
    lists = []
    for label, pos_file, neg_file, gated in PAIRS:
        if gated:
            pos = await emergency_mass(agent, [m["text"] for m in load(pos_file)])
            neg = await emergency_mass(agent, [m["text"] for m in load(neg_file)])
            lists.append((label, pos, neg))
    print(f"classifier only, {len(lists)} tuning lists: threshold | recall range | false-alarm range")
    chosen = None
    for t in thresholds:
        recalls = [sum(s >= t for s in pos) / len(pos) for _, pos, _ in lists]
        alarms = [sum(s >= t for s in neg) / len(neg) for _, _, neg in lists]
        print(f"  {t:.2f} | {min(recalls):.2f}-{max(recalls):.2f} | {min(alarms):.2f}-{max(alarms):.2f}")
        if chosen is None and max(alarms) <= max_false_alarms:
            chosen = t
    print(f"lowest threshold with every list at or below {max_false_alarms:.0%} false alarms: {chosen}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "cyberprotect.tar.gz"))
    parser.add_argument("--thresholds", default="0.4,0.45,0.5,0.55,0.6,0.65,0.7,0.85")
    parser.add_argument("--max-false-alarms", type=float, default=0.03)
    args = parser.parse_args()
    ts = sorted(float(x) for x in args.thresholds.split(","))
    sys.exit(asyncio.run(main(args.model, ts, args.max_false_alarms)))
