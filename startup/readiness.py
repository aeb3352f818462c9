"""`GET /health/ready` on the Rasa server (issue 25): is this server fit to take people's messages?

Checks what matters, each with a short timeout, and answers 200 {"status": "ok", ...} or 503 with the failing
checks named (statuses only, never an address, a password or an error text):
- model: a model is loaded;
- tracker_store: the conversation store answers (SQL: `SELECT 1`);
- lock_store: Redis answers PING (in-memory locks: "in_memory");
- actions: the action server answers its /health/content and its advice content is not stale.
Load balancers and Kubernetes readiness probes use it (deploy/); liveness uses the cheap /webhooks/rest/.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any, Dict, Mapping, Tuple
from urllib.parse import urlsplit, urlunsplit

TIMEOUT = 3.0


async def _in_thread(fn) -> Any:
    return await asyncio.wait_for(asyncio.to_thread(fn), TIMEOUT)


def _sql_ping(store) -> str:
    import sqlalchemy as sa

    inner = getattr(store, "_tracker_store", store)  # Rasa wraps the store in FailSafeTrackerStore
    engine = getattr(inner, "engine", None)
    if engine is None:
        return "ok"  # not an SQL store (in-memory in tests)
    with engine.connect() as db:
        db.execute(sa.text("SELECT 1"))
    return "ok"


def _redis_ping(lock_store) -> str:
    red = getattr(lock_store, "red", None)
    if red is None:
        return "in_memory"
    return "ok" if red.ping() else "no answer"


async def _actions(env: Mapping[str, str]) -> str:
    import aiohttp

    url = env.get("ACTION_ENDPOINT_URL") or ""
    if not url:
        return "not configured"
    parts = urlsplit(url)
    health = urlunsplit((parts.scheme, parts.netloc, "/health/content", "", ""))
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        async with session.get(health) as r:
            body = await r.json(content_type=None)
    status = (body or {}).get("status") if isinstance(body, dict) else None
    return "ok" if r.status == 200 and status == "ok" else (status or f"HTTP {r.status}")


async def check(agent, env: Mapping[str, str] = os.environ) -> Tuple[int, Dict[str, str]]:
    checks: Dict[str, str] = {}
    checks["model"] = "ok" if agent is not None and agent.is_ready() else "not loaded"
    for name, run in (
        ("tracker_store", lambda: _in_thread(lambda: _sql_ping(agent.tracker_store))),
        ("lock_store", lambda: _in_thread(lambda: _redis_ping(agent.lock_store))),
        ("actions", lambda: asyncio.wait_for(_actions(env), TIMEOUT + 1)),
    ):
        if agent is None:
            checks[name] = "unknown"
            continue
        try:
            checks[name] = await run()
        except Exception as e:  # noqa: BLE001 - the probe says what failed, by type only
            checks[name] = f"unreachable ({type(e).__name__})"
    ok = all(v in ("ok", "in_memory") for v in checks.values())
    return (200 if ok else 503), {"status": "ok" if ok else "not ready", **checks}
