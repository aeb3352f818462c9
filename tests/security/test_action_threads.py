"""The action server runs sync actions off its event loop, under a time budget (startup/action_threads.py).

Deterministic, no timing thresholds: a "slow" action waits (up to 5 s) for an event that only a second, fast
action sets. On rasa-sdk's own executor the slow action holds the loop, the fast one cannot start, and the slow one
gives up after 5 s; with the thread pool the fast one runs at once and releases it."""

import asyncio
import threading
import time

import pytest
from rasa_sdk.executor import ActionExecutor

from startup import action_threads

TRACKER = {
    "sender_id": "web:test",
    "slots": {},
    "latest_message": {},
    "events": [],
    "paused": False,
    "followup_action": None,
    "active_loop": {},
    "latest_action_name": None,
}


def _call(name):
    return {"next_action": name, "tracker": TRACKER, "domain": {}, "version": "3.6.2"}


@pytest.fixture()
def executor():
    action_threads.install()
    ex = ActionExecutor()
    released = threading.Event()
    log = []

    def slow(dispatcher, tracker, domain):
        log.append(("slow released by fast", released.wait(timeout=5)))
        dispatcher.utter_message(text="slow done")
        return []

    def fast(dispatcher, tracker, domain):
        released.set()
        log.append(("fast ran", True))
        dispatcher.utter_message(text="fast done")
        return []

    async def slow_async(dispatcher, tracker, domain):  # like the rehearsal form: async, but blocking work inside
        return slow(dispatcher, tracker, domain)

    def sleepy(dispatcher, tracker, domain):
        time.sleep(1.0)
        return []

    for name, f in (("slow", slow), ("slow_async", slow_async), ("fast", fast), ("sleepy", sleepy)):
        ex.register_function(name, f)
    return ex, log


@pytest.mark.parametrize("slow_action", ["slow", "slow_async"])
def test_one_slow_action_does_not_hold_up_another(executor, slow_action):
    ex, log = executor

    async def both():
        slow = asyncio.create_task(ex.run(_call(slow_action)))
        await asyncio.sleep(0.05)
        fast = await ex.run(_call("fast"))
        return await slow, fast

    slow, fast = asyncio.run(both())
    assert ("slow released by fast", True) in log, log  # the fast action ran while the slow one was running
    assert slow["responses"][0]["text"] == "slow done" and fast["responses"][0]["text"] == "fast done"


def test_an_action_over_the_budget_is_abandoned_with_an_error(executor, monkeypatch):
    ex, _ = executor
    monkeypatch.setenv("ACTION_WORK_BUDGET", "0.2")
    with pytest.raises(action_threads.ActionOverBudget):
        asyncio.run(ex.run(_call("sleepy")))
