"""Does one slow message hold up everyone else's advice on the action server? Prints figures (no pass/fail).

Runs the project's real actions in-process through rasa-sdk's ActionExecutor, first as rasa-sdk runs them (sync
actions on the event loop) and then with startup/action_threads.py (a thread pool): while SLOW long pastes
(2,000 characters, the most the channel gate lets through, full of links: the checker's slowest case measured)
are being checked, how long does a short message take through the same action?

    .venv/bin/python -m scripts.action_loop_check [--slow 4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from rasa_sdk.executor import ActionExecutor

from startup import action_threads

SLOW_TEXT = ("Is this a scam? " + "http://a.b/c " * 160)[:2000]
FAST_TEXT = "Is this a scam? Royal Mail: your parcel is held, pay £1.99 at http://royalmail-fee.example"


def _call(text: str) -> dict:
    tracker = {
        "sender_id": "web:bench",
        "slots": {},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
        "latest_message": {"text": text, "intent": {"name": "check_message"}, "entities": []},
    }
    return {"next_action": "action_check_message", "tracker": tracker, "domain": {}, "version": "3.6.2"}


async def _fast_while_slow(executor: ActionExecutor, slow: int) -> float:
    """Seconds from a short message's arrival to its answer, when it arrives just after `slow` long ones."""
    jobs = [asyncio.create_task(executor.run(_call(SLOW_TEXT))) for _ in range(slow)]
    start = time.perf_counter()
    fast = asyncio.create_task(executor.run(_call(FAST_TEXT)))
    fast.add_done_callback(lambda _: done.append(time.perf_counter()))
    done: list = []
    await asyncio.gather(fast, *jobs)
    return done[0] - start


def measure(executor: ActionExecutor, slow: int, repeat: int) -> tuple:
    alone = [asyncio.run(_fast_while_slow(executor, 0)) for _ in range(repeat)]
    busy = [asyncio.run(_fast_while_slow(executor, slow)) for _ in range(repeat)]
    return statistics.median(alone), statistics.median(busy)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--slow", type=int, default=4, help="slow messages in flight (default 4)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    executor = ActionExecutor()
    executor.register_package("actions")
    asyncio.run(executor.run(_call(SLOW_TEXT)))  # content loaded, patterns compiled
    start = time.perf_counter()
    asyncio.run(executor.run(_call(SLOW_TEXT)))
    print(f"one slow message alone: {time.perf_counter() - start:.3f} s")
    original = ActionExecutor.run
    rows = [("rasa-sdk as shipped (on the event loop)", measure(executor, args.slow, args.repeat))]
    action_threads.install()
    assert ActionExecutor.run is not original
    rows.append(
        (f"thread pool ({action_threads.pool()._max_workers} threads)", measure(executor, args.slow, args.repeat))
    )
    print(
        f"a short message through the checker, arrival to answer, median of {args.repeat}: alone / just after "
        f"{args.slow} slow messages"
    )
    for name, (alone, busy) in rows:
        print(f"  {name:42s} {alone * 1000:7.0f} ms / {busy * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
