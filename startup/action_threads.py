"""The action server's executor: custom actions run in a small thread pool, off the event loop, under a time
budget (installed by startup/patches.py into rasa-sdk's ActionExecutor).

rasa-sdk 3.6 calls a sync action's `run` directly on its only event loop (rasa_sdk/executor.py, ActionExecutor.run),
so one slow message (a long paste through the scam checker, spaCy in rehearsal, a content refresh) held up every
other person's advice until it finished. Here the whole call (reading the tracker JSON, running the action) goes to
a pool of ACTION_THREADS (4) threads, so the loop keeps answering other requests, and an action that takes longer
than ACTION_WORK_BUDGET seconds (8, below Rasa's ACTION_TIMEOUT of 10) is abandoned with an error: Rasa then sends
its fixed fallback reply (utter_service_trouble: 999, Report Fraud, Police Scotland, "please try again") at once
instead of waiting. A thread cannot be stopped, so an abandoned action still finishes in the background; the work
per message is bounded elsewhere (the 2,000-character cap at the channel gate, linear-time patterns).
Async actions (`async def run`: rasa-sdk's FormValidationAction, so the officer rehearsal form and its spaCy
matching) run the same way, each in its own event loop in a worker thread: none of the project's actions holds
anything tied to the server's loop.
Each call holds one content snapshot throughout (cyberprotect/content_store.py, `one_snapshot`): one reply never mixes
two versions of content/ when an editor saves a file meanwhile.

`scripts/action_loop_check.py` measures the effect (a fast action's time while a slow one runs).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import logging
import os
from typing import Any, Dict, Optional

logger = logging.getLogger(__name__)
_pool: Optional[concurrent.futures.ThreadPoolExecutor] = None


class ActionOverBudget(Exception):
    """An action took longer than ACTION_WORK_BUDGET seconds."""


def work_budget(env=os.environ) -> float:
    return float(env.get("ACTION_WORK_BUDGET") or 8)


def pool(env=os.environ) -> concurrent.futures.ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=int(env.get("ACTION_THREADS") or 4), thread_name_prefix="action"
        )
    return _pool


def _call(action, action_call: Dict[str, Any]):
    """Build the tracker and run the action (in a worker thread): (events, dispatcher)."""
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.interfaces import Tracker

    from cyberprotect.content_store import default_store

    tracker = Tracker.from_dict(action_call["tracker"])
    dispatcher = CollectingDispatcher()
    with default_store().one_snapshot():
        events = action(dispatcher, tracker, action_call.get("domain", {}))
        if inspect.iscoroutine(events):
            events = asyncio.run(events)  # the task copies this context, so it sees the same snapshot
    return events, dispatcher


async def run(self, action_call: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """ActionExecutor.run with the action off the event loop and under the budget (same result format)."""
    from rasa_sdk.executor import ActionNotFoundException

    action_name = action_call.get("next_action")
    if not action_name:
        logger.warning("Received an action call without an action.")
        return None
    action = self.actions.get(action_name)
    if not action:
        raise ActionNotFoundException(action_name)
    budget = work_budget()
    job = asyncio.get_running_loop().run_in_executor(pool(), functools.partial(_call, action, action_call))
    try:
        events, dispatcher = await asyncio.wait_for(job, budget)
    except asyncio.TimeoutError:
        logger.error("action %s took longer than %g s: abandoned (Rasa sends its fallback reply)", action_name, budget)
        raise ActionOverBudget(action_name) from None
    validated = self.validate_events(events or [], action_name)
    return self._create_api_response(validated, dispatcher.messages)


def install() -> None:
    from rasa_sdk.executor import ActionExecutor

    if ActionExecutor.run is not run:
        ActionExecutor._original_run = ActionExecutor.run
        ActionExecutor.run = run
