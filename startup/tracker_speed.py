"""Rasa's SQL tracker store, cheaper per message (issue 22): same table, same rows, same order, same answers.

py-spy on the Rasa server at saturation (3 Dec): ~40 % of its busy samples were in rasa/core/tracker_store.py. Per
message Rasa reads the conversation once and saves it once, and each time it
- opened a new SQLite connection (SQLAlchemy 1.4 uses NullPool for SQLite files);
- committed with SQLite's default rollback journal and synchronous=FULL: several fsyncs per message, made on the
  event loop, so every other conversation waited for the disk;
- built ORM queries (the count of stored events, the events themselves) and ORM objects for each new event.
`install()` (called by startup/patches.py before Rasa starts) changes that:
1. SQLite only: one pool of reused connections (check_same_thread off: the pool hands a connection to one user at a
   time), write-ahead log (PRAGMA journal_mode=WAL) and PRAGMA synchronous=SQLITE_SYNCHRONOUS (NORMAL by default).
   In WAL mode NORMAL never corrupts the file and loses nothing when a process is killed or crashes; a power cut or
   kernel crash can lose the last moments' events. Set SQLITE_SYNCHRONOUS=FULL to fsync every save (slower).
   No pool_pre_ping for SQLite (a file does not restart; Postgres keeps it).
2. SQLite and Postgres: the count, the reads and the inserts are Core statements built once (executemany for the
   inserts), and a read selects only the `data` column. Rasa 3.6's own code (SQLTrackerStore.save,
   _additional_events, _retrieve) is kept in `_replaced` and the unit tests compare both row by row.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from typing import Any, Dict, Iterator, Optional

logger = logging.getLogger(__name__)
_replaced: Dict[str, Any] = {}
SYNCHRONOUS_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")


def synchronous(env=os.environ) -> str:
    """SQLITE_SYNCHRONOUS: NORMAL (default) or FULL (an fsync on every save); anything else is refused."""
    mode = (env.get("SQLITE_SYNCHRONOUS") or "NORMAL").strip().upper()
    if mode not in SYNCHRONOUS_MODES:
        raise SystemExit(f"SQLITE_SYNCHRONOUS={mode!r}: use NORMAL (default) or FULL")
    return mode


def _is_sqlite(url: Any) -> bool:
    return str(getattr(url, "drivername", url)).startswith("sqlite")


def _engine_kwargs(original):
    def create_engine_kwargs(url):
        kwargs = original(url)
        if _is_sqlite(url) and ":memory:" not in str(url) and str(url).rstrip("/") != "sqlite:":
            from sqlalchemy.pool import QueuePool

            connect_args = {**kwargs.get("connect_args", {}), "check_same_thread": False}
            kwargs = {**kwargs, "poolclass": QueuePool, "connect_args": connect_args, "pool_pre_ping": False}
        return kwargs

    return create_engine_kwargs


def _set_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous()}")
    finally:
        cursor.close()


def _init(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            import sqlalchemy as sa

            sa.event.listen(self.engine, "connect", _set_pragmas)
            self.engine.dispose()  # the connection that created the table had no PRAGMAs: start afresh

    return __init__


class _Statements:
    """The Core statements, built once from Rasa's own table definition."""

    def __init__(self) -> None:
        import sqlalchemy as sa
        from rasa.core.tracker_store import SQLTrackerStore
        from rasa.shared.core.events import SessionStarted

        events = SQLTrackerStore.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        # The latest session start of this conversation, as in SQLTrackerStore._event_query.
        start = (
            sa.select(sa.func.max(events.c.timestamp).label("session_start"))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .subquery()
        )
        in_session = sa.or_(events.c.timestamp >= start.c.session_start, start.c.session_start.is_(None))
        self.count_session = (
            sa.select(sa.func.count())
            .select_from(events)
            .select_from(start)
            .where(events.c.sender_id == sender, in_session)
        )
        self.data_session = (
            sa.select(events.c.data)
            .select_from(events)
            .select_from(start)
            .where(events.c.sender_id == sender, in_session)
            .order_by(events.c.id)
        )
        self.data_all = sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        self.insert = events.insert()


_statements: Optional[_Statements] = None


def statements() -> _Statements:
    global _statements
    if _statements is None:
        _statements = _Statements()
    return _statements


def _additional_events(self, session, tracker) -> Iterator:
    """The tracker's events not stored yet (SQLTrackerStore._additional_events, one Core count)."""
    stored = session.execute(statements().count_session, {"sender_id": tracker.sender_id}).scalar() or 0
    return itertools.islice(tracker.events, stored, len(tracker.events))


def _row(sender_id: str, event) -> Dict[str, Any]:
    """The columns SQLTrackerStore.save writes for one event."""
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


async def save(self, tracker) -> None:
    """SQLTrackerStore.save: the new events in one executemany and one commit."""
    await self.stream_events(tracker)
    with self.session_scope() as session:
        rows = [_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
        if rows:
            session.execute(statements().insert, rows)
        session.commit()
    logger.debug("Tracker stored to database")


async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool):
    """SQLTrackerStore._retrieve: the `data` column only, in id order."""
    from rasa.shared.core.trackers import DialogueStateTracker

    query = statements().data_all if fetch_events_from_all_sessions else statements().data_session
    with self.session_scope() as session:
        events = [json.loads(data) for (data,) in session.execute(query, {"sender_id": sender_id})]
    if self.domain and events:
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
    return None


def install() -> None:
    """Idempotent; before Rasa creates its tracker store."""
    if _replaced:
        return
    import rasa.core.tracker_store as rasa_tracker_store
    from rasa.core.tracker_store import SQLTrackerStore

    synchronous()  # a bad SQLITE_SYNCHRONOUS stops the start with a message, not at the first conversation
    _replaced["create_engine_kwargs"] = rasa_tracker_store.create_engine_kwargs
    rasa_tracker_store.create_engine_kwargs = _engine_kwargs(rasa_tracker_store.create_engine_kwargs)
    for name, new in (
        ("__init__", _init(SQLTrackerStore.__init__)),
        ("save", save),
        ("_additional_events", _additional_events),
        ("_retrieve", _retrieve),
    ):
        _replaced[name] = getattr(SQLTrackerStore, name)
        setattr(SQLTrackerStore, name, new)
