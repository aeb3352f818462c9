"""Turns a person was answered in are stored even when the tracker store (Postgres) is down for a while (issue 25).

Rasa 3.6 wraps the tracker store in FailSafeTrackerStore. With Postgres stopped for 10 s under `make cluster-test`
(3 Dec 2026) people were answered, but those turns never reached Postgres:
- a failed save went to an in-process InMemoryTrackerStore that nothing ever reads again;
- a failed read gave a new, empty conversation; when Postgres was back by the time it was saved, Rasa counted the
  stored events of the old session and skipped that many events of the new tracker: its turns were dropped (or
  half written).
`install()` changes FailSafeTrackerStore's read and save for SQL tracker stores (others keep Rasa's behaviour):
- save: the conversation is written; if that fails, its events wait in an outbox (Redis when SHARED_STATE_URL is
  set, so whichever server gets the person's next message finds them; else this process), marked with how the
  tracker began: read from the store ("stored": Rasa's count-based save is right for it) or made new because the
  read failed ("new": its events from the first user message on are appended to the stored conversation, skipping
  any already there, so a retry never writes a turn twice);
- read: an outbox entry comes first (the newest turns are there; a "new" one is put after the stored conversation
  when the store answers), so the next save writes everything, in order; else the store; else a new conversation
  (the store is down: the person is answered without the history, as before). Each tracker a read returns is
  marked with how it began; one without the mark (Rasa made it new) is saved by the "new" rule;
- `flush_loop` (started by the Rasa server, startup/patches.py) writes the entries of conversations that ended
  during the outage every OUTBOX_FLUSH_SECONDS (5), each under the conversation's lock.
Entries hold what the tracker holds (redacted text) and expire after RETENTION_DAYS; erasure deletes them too
(channels/shared_state.forget_options). Redis down as well: an entry stays in this process (the lock store is then
down too, and every message gets the service-trouble reply anyway).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from typing import Any, Dict, List, Optional

logger = logging.getLogger(__name__)
KEY = "cp:outbox:"  # channels.shared_state.PREFIX + "outbox:"; one key per conversation
INDEX = "cp:outbox"  # the set of conversations with an entry (the flush reads it instead of scanning Redis)
STORED, NEW = "stored", "new"
MARK = "_cp_outbox"  # set on each tracker a read returns: (how it began, whether an outbox entry holds its turns)
_replaced: Dict[str, Any] = {}
_memory: Dict[str, dict] = {}  # sender -> entry, when there is no Redis (or it failed)
_last_error = [0.0]


def flush_seconds(env=os.environ) -> float:
    return float(env.get("OUTBOX_FLUSH_SECONDS") or 5)


def _ttl() -> int:
    from startup import privacy

    return max(60, int(privacy.retention_days() * 86400))


def _redis():
    from channels import shared_state

    return shared_state.client()


def _unreachable(what: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_error[0] > 60:
        _last_error[0] = now
        logger.error("tracker outbox: Redis unreachable (%s) on %s; kept in this process", type(error).__name__, what)


def get(sender: str) -> Optional[dict]:
    client = _redis()
    if client is not None:
        try:
            raw = client.get(KEY + sender)
            if raw:
                return json.loads(raw)
        except Exception as e:  # noqa: BLE001
            _unreachable("read", e)
    return _memory.get(sender)


def put(sender: str, entry: dict) -> None:
    client = _redis()
    if client is not None:
        try:
            client.pipeline().set(KEY + sender, json.dumps(entry), ex=_ttl()).sadd(INDEX, sender).execute()
            _memory.pop(sender, None)
            return
        except Exception as e:  # noqa: BLE001
            _unreachable("write", e)
    _memory[sender] = entry


def delete(sender: str) -> None:
    _memory.pop(sender, None)
    client = _redis()
    if client is not None:
        try:
            client.pipeline().delete(KEY + sender).srem(INDEX, sender).execute()
        except Exception as e:  # noqa: BLE001
            _unreachable("delete", e)


def senders() -> List[str]:
    found = list(_memory)
    client = _redis()
    if client is not None:
        try:
            found += [k.decode() for k in client.smembers(INDEX)]
        except Exception as e:  # noqa: BLE001
            _unreachable("scan", e)
    return list(dict.fromkeys(found))


def _marked(tracker, origin: str, pending: bool):
    if tracker is not None:
        setattr(tracker, MARK, (origin, pending))
    return tracker


def unsaved(stored: List[dict], events: List[dict]) -> List[dict]:
    """A "new" tracker's events that belong after the stored conversation: from its first user message on when
    something is stored (its own session start is dropped, so the history reads on), all of them when nothing is;
    events already stored (same type and timestamp) are skipped."""
    if stored:
        first_user = next((i for i, e in enumerate(events) if e.get("event") == "user"), len(events))
        events = events[first_user:]
    seen = {(e.get("event"), e.get("timestamp")) for e in stored}
    return [e for e in events if (e.get("event"), e.get("timestamp")) not in seen]


def _tracker(sender: str, events: List[dict], domain):
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_dict(sender, events, domain.slots if domain else [])


async def merged(primary, sender: str, events: List[dict], domain):
    """The stored conversation (its latest session) followed by a "new" tracker's unsaved events: a tracker that
    Rasa's count-based save writes correctly. Raises when the store is down."""
    stored_tracker = await primary.retrieve(sender)
    stored = [e.as_dict() for e in stored_tracker.events] if stored_tracker is not None else []
    return _tracker(sender, stored + unsaved(stored, events), domain)


def _is_sql(store) -> bool:
    from rasa.core.tracker_store import SQLTrackerStore

    return isinstance(store, SQLTrackerStore)


async def _retrieve(self, sender_id: str):
    """FailSafeTrackerStore.retrieve: outbox entry, else the store, else None (a new conversation)."""
    primary = self._tracker_store
    if not _is_sql(primary):
        return await _replaced["retrieve"](self, sender_id)
    entry = get(sender_id)
    if entry is not None:
        if entry["origin"] == NEW:
            try:
                return _marked(await merged(primary, sender_id, entry["events"], self.domain), STORED, True)
            except Exception as e:  # noqa: BLE001 - still down: the outbox alone
                logger.error("tracker store: conversation not read (%s); answering from the outbox", type(e).__name__)
        return _marked(_tracker(sender_id, entry["events"], self.domain), entry["origin"], True)
    try:
        return _marked(await primary.retrieve(sender_id), STORED, False)
    except Exception as e:  # noqa: BLE001
        logger.error("tracker store: conversation not read (%s); answering without its history", type(e).__name__)
        return None


async def _save(self, tracker) -> None:
    """FailSafeTrackerStore.save: written to the store, else kept in the outbox for the next read or flush.
    A tracker no read returned (Rasa made it: nothing was stored, or the read failed) is merged with whatever the
    store holds, so it is right either way."""
    primary = self._tracker_store
    if not _is_sql(primary):
        return await _replaced["save"](self, tracker)
    sender = tracker.sender_id
    origin, pending = getattr(tracker, MARK, (NEW, False))
    try:
        if origin == NEW:
            await primary.save(await merged(primary, sender, [e.as_dict() for e in tracker.events], self.domain))
        else:
            await primary.save(tracker)
    except Exception as e:  # noqa: BLE001 - the store is down: keep the turn until it answers
        logger.error(
            "tracker store: conversation not saved (%s); kept in the outbox until the store answers", type(e).__name__
        )
        put(sender, {"origin": origin, "events": [ev.as_dict() for ev in tracker.events], "kept_at": time.time()})
        _marked(tracker, origin, True)
        return
    if pending:
        delete(sender)
        _marked(tracker, origin, False)


async def flush(agent) -> int:
    """Writes every outbox entry to the store, each under its conversation's lock; returns how many. Raises when
    the store is still down (the next round tries again)."""
    store = getattr(agent, "tracker_store", None)
    primary = getattr(store, "_tracker_store", None)
    if primary is None or not _is_sql(primary):
        return 0
    written = 0
    for sender in senders():
        async with agent.lock_store.lock(sender):
            entry = get(sender)  # a turn may have written it meanwhile (or the entry expired)
            if entry is None:
                delete(sender)
                continue
            if entry["origin"] == NEW:
                tracker = await merged(primary, sender, entry["events"], store.domain)
            else:
                tracker = _tracker(sender, entry["events"], store.domain)
            await primary.save(tracker)
            delete(sender)
            written += 1
    return written


async def flush_loop(app) -> None:
    """The Rasa server's background task: flush the outbox every OUTBOX_FLUSH_SECONDS."""
    while True:
        await asyncio.sleep(flush_seconds())
        agent = getattr(app.ctx, "agent", None)
        if agent is None or not senders():
            continue
        try:
            written = await flush(agent)
            if written:
                logger.info("tracker outbox: wrote %d conversation(s) kept while the tracker store was down", written)
        except Exception as e:  # noqa: BLE001 - the store (or the lock store) is still down
            logger.warning(
                "tracker outbox: not written yet (%s); trying again in %g s", type(e).__name__, flush_seconds()
            )


def install() -> None:
    """Idempotent; before Rasa creates its agent."""
    if _replaced:
        return
    from rasa.core.tracker_store import FailSafeTrackerStore

    for name, new in (("retrieve", _retrieve), ("save", _save)):
        _replaced[name] = getattr(FailSafeTrackerStore, name)
        setattr(FailSafeTrackerStore, name, new)
