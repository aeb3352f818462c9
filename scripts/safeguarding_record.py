"""Record, for every message of the safeguarding lists (never the sealed ones), what the safeguarding component
sees (normalised text, the classifier's intent and ranking, the emergency embedding's probabilities) and what the whole pipeline answers, so that a change to
the safeguarding decision can be measured offline in seconds (scripts/safeguarding_offline.py). A development aid.

    python -m scripts.safeguarding_record --model models/cyberprotect.tar.gz --out /tmp/sg_record.pkl
"""

import argparse
import asyncio
import logging
import pickle
from pathlib import Path

from scripts.safeguarding_report import LISTS, expected, load

ROOT = Path(__file__).resolve().parents[1]
logging.disable(logging.WARNING)


async def main(model: str, out: str) -> None:
    from rasa.core.agent import load_agent
    from rasa.shared.nlu.constants import TEXT
    from rasa.utils.log_utils import configure_structlog

    from components import safeguarding
    from components.emergency_embedding import EMERGENCY_EMBEDDING
    from components.stateless import INTENT_RANKING
    from rasa.shared.nlu.constants import INTENT

    seen = {}
    original = safeguarding.SafeguardingClassifier.process

    def spy(self, messages):
        for m in messages:
            seen["text"] = m.get(TEXT)
            seen["ranking"] = [dict(r) for r in (m.get(INTENT_RANKING) or [])]
            seen["intent"] = dict(m.get(INTENT) or {})
            seen["emb"] = dict(m.get(EMERGENCY_EMBEDDING) or {})  # computes a lazy embedding: recorded in full
        return original(self, messages)

    safeguarding.SafeguardingClassifier.process = spy
    configure_structlog(logging.ERROR)
    agent = await load_agent(model_path=model)
    rows = []
    for label, files, role in LISTS:
        if role == "sealed":
            continue
        for name in files:
            for item in load(name):
                parsed = await agent.parse_message(item["text"])
                rows.append(
                    {
                        "list": label,
                        "role": role,
                        "expect": expected(item, name),
                        "raw": item["text"],
                        "text": seen["text"],
                        "ranking": seen["ranking"],
                        "intent": seen["intent"],
                        "emb": seen["emb"],
                        "final": parsed["intent"]["name"],
                    }
                )
    Path(out).write_bytes(pickle.dumps(rows))
    print(f"recorded {len(rows)} messages -> {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "cyberprotect.tar.gz"))
    parser.add_argument("--out", default="/tmp/sg_record.pkl")
    args = parser.parse_args()
    asyncio.run(main(args.model, args.out))
