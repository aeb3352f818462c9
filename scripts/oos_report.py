"""How many clearly out-of-scope messages (tests/nlu_lists/out_of_scope.yml) get the out-of-scope or
fallback answer from the trained model. Prints the rate and the ones that did not; exits 1 below --min."""

import argparse
import asyncio
import logging
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SCOPE_ANSWERS = {"out_of_scope", "nlu_fallback"}


async def main(model: str, minimum: float, list_name: str = "out_of_scope.yml") -> int:
    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)
    agent = await load_agent(model_path=model)
    messages = yaml.safe_load((ROOT / "tests" / "nlu_lists" / list_name).read_text())["messages"]
    wrong = []
    for text in messages:
        intent = (await agent.parse_message(text))["intent"]["name"]
        if intent not in SCOPE_ANSWERS:
            wrong.append((intent, text))
    rate = 1 - len(wrong) / len(messages)
    print(
        f"out of scope [{list_name}]: {rate:.1%} ({len(messages) - len(wrong)}/{len(messages)}) reach the out-of-scope/fallback answer"
    )
    for intent, text in wrong:
        print(f"  got {intent}: {text}")
    return 0 if rate >= minimum else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=str(ROOT / "models" / "cyberprotect.tar.gz"))
    p.add_argument("--min", type=float, default=0.9)
    p.add_argument("--list", default="out_of_scope.yml", help="a file in tests/nlu_lists/")
    a = p.parse_args()
    sys.exit(asyncio.run(main(a.model, a.min, a.list)))
