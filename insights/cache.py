"""The dashboard's summary cache: reads new rows of the tracker store incrementally and keeps small tables
that every view is answered from, so no page view scans the tracker store.

The tracker store (SQLite or Postgres, any SQLAlchemy URL: TRACKER_STORE_URL) is only read, never written.
The cache is a local SQLite file (INSIGHTS_CACHE, default state/insights.db) holding:
  meta           last event id read, the tracker URL it was read from, a random key for sender hashes
  open_sender    keyed hash of a sender id -> its open conversation (dropped a day after its last event)
  conversation   one row per conversation: day, channel, nation, flags (no sender id, no text)
  item           (conversation, kind, key) -> count: topics, emergency replies, routes, checker, rehearsal
  rollup         (day, channel, kind, key) -> conversations, total: what the figures are read from
  dirty_day      days changed since the rollup was last rebuilt
  unrecognised   redacted not-understood messages (day, channel, text, the model's guess), kept
                 INSIGHTS_KEEP_TEXT_DAYS (default RETENTION_DAYS, else 30) days before the
                 newest event read
`refresh()` reads events with id > the last one read, in batches, folds them (insights/events.py), and
rebuilds the rollup only for the days that changed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

import sqlalchemy as sa

from insights.events import Conversation, Folder, Row, local_day
from insights.redact import redact

# Rasa 3.6's SQLTrackerStore.SQLEvent (rasa/core/tracker_store.py): table `events`.
METADATA = sa.MetaData()
EVENTS = sa.Table(
    "events",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
READ_TYPES = ("session_started", "restart", "user", "action", "bot", "slot", "active_loop")
BATCH = 50_000
OPEN_KEEP_SECONDS = 24 * 3600
FULL_REBUILD_DAYS = 40  # more days touched than this: rebuild the whole rollup in one statement
ONCE_KINDS = ("topic", "route", "sign", "handover")  # counted once per conversation (see Conversation.count_once)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS open_sender (sender_key TEXT PRIMARY KEY, conversation_id INTEGER NOT NULL,
  last_ts REAL NOT NULL);
CREATE TABLE IF NOT EXISTS conversation (id INTEGER PRIMARY KEY, day TEXT NOT NULL, channel TEXT NOT NULL,
  nation TEXT NOT NULL, child INTEGER NOT NULL, young INTEGER NOT NULL, advice INTEGER NOT NULL,
  fallbacks INTEGER NOT NULL, handover INTEGER NOT NULL, rehearsal INTEGER NOT NULL,
  user_messages INTEGER NOT NULL, first_event_id INTEGER NOT NULL, last_event_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS conversation_day ON conversation (day);
CREATE TABLE IF NOT EXISTS item (conversation_id INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (conversation_id, kind, key));
CREATE TABLE IF NOT EXISTS rollup (day TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL,
  key TEXT NOT NULL, conversations INTEGER NOT NULL, total INTEGER NOT NULL,
  PRIMARY KEY (day, channel, kind, key));
CREATE INDEX IF NOT EXISTS rollup_kind_day ON rollup (kind, day);
CREATE TABLE IF NOT EXISTS unrecognised (event_id INTEGER PRIMARY KEY, day TEXT NOT NULL, channel TEXT NOT NULL,
  text TEXT NOT NULL, guess TEXT NOT NULL, confidence REAL NOT NULL);
CREATE INDEX IF NOT EXISTS unrecognised_day ON unrecognised (day);
CREATE TABLE IF NOT EXISTS dirty_day (day TEXT PRIMARY KEY);
"""

# The public figures count conversations with at least one message from a person, outside officer rehearsal.
_PUBLIC = "c.user_messages > 0 AND c.rehearsal = 0"
_ROLLUP_SELECT = f"""
SELECT c.day, c.channel, 'all', '', count(*), sum(c.user_messages) FROM conversation c
  WHERE {_PUBLIC} AND {{where}} GROUP BY c.day, c.channel
UNION ALL SELECT c.day, c.channel, 'handled', '', count(*), 0 FROM conversation c
  WHERE {_PUBLIC} AND c.advice = 1 AND c.fallbacks = 0 AND c.handover = 0 AND {{where}} GROUP BY c.day, c.channel
UNION ALL SELECT c.day, c.channel, 'fallback', '', count(*), sum(c.fallbacks) FROM conversation c
  WHERE {_PUBLIC} AND c.fallbacks > 0 AND {{where}} GROUP BY c.day, c.channel
UNION ALL SELECT c.day, c.channel, 'handover', '', count(*), 0 FROM conversation c
  WHERE {_PUBLIC} AND c.handover = 1 AND {{where}} GROUP BY c.day, c.channel
UNION ALL SELECT c.day, c.channel, 'nation', c.nation, count(*), 0 FROM conversation c
  WHERE {_PUBLIC} AND {{where}} GROUP BY c.day, c.channel, c.nation
UNION ALL SELECT c.day, c.channel, 'child', CASE WHEN c.young = 1 THEN 'young_person' ELSE 'about_a_child' END,
  count(*), 0 FROM conversation c WHERE {_PUBLIC} AND c.child + c.young > 0 AND {{where}}
  GROUP BY c.day, c.channel, c.young
UNION ALL SELECT c.day, c.channel, i.kind, i.key, count(*), sum(i.n) FROM item i
  JOIN conversation c ON c.id = i.conversation_id
  WHERE ((i.kind NOT LIKE 'rehearsal%' AND {_PUBLIC}) OR i.kind LIKE 'rehearsal%') AND {{where}}
  GROUP BY c.day, c.channel, i.kind, i.key
"""


def keep_text_days() -> int:
    """Days the redacted texts are kept: INSIGHTS_KEEP_TEXT_DAYS, else the tracker store's RETENTION_DAYS, else 30
    (never longer than the conversations themselves are kept)."""
    for name in ("INSIGHTS_KEEP_TEXT_DAYS", "RETENTION_DAYS"):
        try:
            return max(1, int(float(os.environ[name])))
        except (KeyError, ValueError):
            continue
    return 30


def default_cache_path() -> str:
    return os.environ.get("INSIGHTS_CACHE") or "state/insights.db"


class Cache:
    """Owns the cache file; `refresh()` is safe to call from several threads (one runs at a time)."""

    def __init__(self, tracker_url: str, cache_path: str):
        self.tracker_url = tracker_url
        self.cache_path = cache_path
        Path(cache_path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._engine = sa.create_engine(tracker_url)
        with self.connect() as db:
            db.executescript(SCHEMA)
            if self._meta(db, "tracker_url") not in (None, tracker_url):
                self._reset(db)  # a different tracker store: start again
            if self._meta(db, "secret") is None:
                self._set_meta(db, "secret", secrets.token_hex(32))
            self._set_meta(db, "tracker_url", tracker_url)
            db.commit()

    # --- small helpers ------------------------------------------------------------------------------------
    def connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.cache_path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> Optional[str]:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @staticmethod
    def _reset(db: sqlite3.Connection) -> None:
        for table in ("open_sender", "conversation", "item", "rollup", "unrecognised", "meta", "dirty_day"):
            db.execute(f"DELETE FROM {table}")

    def _sender_key(self, secret: str, sender_id: str) -> str:
        return hmac.new(secret.encode(), sender_id.encode(), hashlib.sha256).hexdigest()[:32]

    def tracker_has_events(self) -> bool:
        url = self._engine.url
        if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
            return False  # no conversations yet: do not create an empty tracker file
        return sa.inspect(self._engine).has_table("events")

    # --- the incremental read -----------------------------------------------------------------------------
    def refresh(self, max_batches: Optional[int] = None) -> int:
        """Reads the events added since the last refresh. Returns how many events were read."""
        with self._lock:
            if not self.tracker_has_events():
                return 0
            read = 0
            batches = 0
            while max_batches is None or batches < max_batches:
                n = self._refresh_batch()
                read += n
                batches += 1
                if n < BATCH:
                    break
            with self.connect() as db:  # the rollup is rebuilt once, for the days any batch changed
                days = [d for (d,) in db.execute("SELECT day FROM dirty_day")]
                self._rebuild_rollup(db, days)
                db.execute("DELETE FROM dirty_day")
                db.commit()
            return read

    def _refresh_batch(self) -> int:
        with self.connect() as db:
            last = int(self._meta(db, "last_event_id") or 0)
            secret = self._meta(db, "secret") or ""
            query = (
                sa.select(
                    EVENTS.c.id,
                    EVENTS.c.sender_id,
                    EVENTS.c.type_name,
                    EVENTS.c.timestamp,
                    EVENTS.c.intent_name,
                    EVENTS.c.action_name,
                    EVENTS.c.data,
                )
                .where(EVENTS.c.id > last)
                .order_by(EVENTS.c.id)
                .limit(BATCH)
            )
            with self._engine.connect() as src:
                raw = src.execute(query).fetchall()
            if not raw:
                return 0
            rows = [Row(*r) if r[2] in READ_TYPES else None for r in raw]
            folder = Folder(lambda sender: self._load(db, self._sender_key(secret, sender)), redact)
            folder.apply_all(r for r in rows if r is not None)
            touched = self._store(db, folder, secret)
            newest = max((r.timestamp or 0.0) for r in rows if r is not None) if any(rows) else 0.0
            db.execute("DELETE FROM open_sender WHERE last_ts < ?", (newest - OPEN_KEEP_SECONDS,))
            if newest:  # redacted texts are kept for a while only (keep_text_days)
                oldest = local_day(newest - keep_text_days() * 86400)
                db.execute("DELETE FROM unrecognised WHERE day < ?", (oldest,))
            db.executemany("INSERT OR IGNORE INTO dirty_day(day) VALUES (?)", [(d,) for d in touched])
            self._set_meta(db, "last_event_id", str(raw[-1][0]))
            db.commit()
            return len(raw)

    def _load(self, db: sqlite3.Connection, sender_key: str) -> Optional[Conversation]:
        row = db.execute(
            "SELECT c.id, c.day, c.channel, c.nation, c.child, c.young, c.advice, c.fallbacks, c.handover, "
            "c.rehearsal, c.user_messages, c.first_event_id, c.last_event_id, o.last_ts FROM open_sender o "
            "JOIN conversation c ON c.id = o.conversation_id WHERE o.sender_key = ?",
            (sender_key,),
        ).fetchone()
        if row is None:
            return None
        conv = Conversation(
            day=row[1],
            first_event_id=row[11],
            last_event_id=row[12],
            last_ts=row[13],
            id=row[0],
            channel=row[2],
            nation=row[3],
            child=bool(row[4]),
            young=bool(row[5]),
            advice=bool(row[6]),
            fallbacks=row[7],
            handover=bool(row[8]),
            rehearsal=bool(row[9]),
            user_messages=row[10],
        )
        marks = ",".join("?" * len(ONCE_KINDS))
        conv.seen_items = set(
            db.execute(
                f"SELECT kind, key FROM item WHERE conversation_id = ? AND kind IN ({marks})", (conv.id, *ONCE_KINDS)
            ).fetchall()
        )
        return conv

    def _store(self, db: sqlite3.Connection, folder: Folder, secret: str) -> Set[str]:
        touched: Set[str] = set()
        for conv in folder.finished + [c for c in folder.open.values() if c is not None]:
            self._save_conversation(db, conv)
            touched.add(conv.day)
        for sender, conv in folder.open.items():
            key = self._sender_key(secret, sender)
            if conv is None:
                db.execute("DELETE FROM open_sender WHERE sender_key = ?", (key,))
            else:
                db.execute(
                    "INSERT INTO open_sender(sender_key, conversation_id, last_ts) VALUES (?, ?, ?) "
                    "ON CONFLICT(sender_key) DO UPDATE SET conversation_id = excluded.conversation_id, "
                    "last_ts = excluded.last_ts",
                    (key, conv.id, conv.last_ts),
                )
        db.executemany(
            "INSERT OR IGNORE INTO unrecognised(event_id, day, channel, text, guess, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(u.event_id, u.day, u.channel, u.text, u.guess, u.confidence) for u in folder.unrecognised],
        )
        return touched

    @staticmethod
    def _save_conversation(db: sqlite3.Connection, conv: Conversation) -> None:
        values = (
            conv.day,
            conv.channel,
            conv.nation,
            int(conv.child),
            int(conv.young),
            int(conv.advice),
            conv.fallbacks,
            int(conv.handover),
            int(conv.rehearsal),
            conv.user_messages,
            conv.first_event_id,
            conv.last_event_id,
        )
        if conv.id is None:
            conv.id = db.execute(
                "INSERT INTO conversation(day, channel, nation, child, young, advice, fallbacks, handover, "
                "rehearsal, user_messages, first_event_id, last_event_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                values,
            ).lastrowid
        else:
            db.execute(
                "UPDATE conversation SET day=?, channel=?, nation=?, child=?, young=?, advice=?, fallbacks=?, "
                "handover=?, rehearsal=?, user_messages=?, first_event_id=?, last_event_id=? WHERE id=?",
                values + (conv.id,),
            )
        if conv.items:
            db.executemany(
                "INSERT INTO item(conversation_id, kind, key, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(conversation_id, kind, key) DO UPDATE SET n = n + excluded.n",
                [(conv.id, kind, key, n) for (kind, key), n in conv.items.items()],
            )
            conv.items.clear()

    @staticmethod
    def _rebuild_rollup(db: sqlite3.Connection, days: Iterable[str]) -> None:
        days = sorted(set(days))
        if not days:
            return
        if len(days) > FULL_REBUILD_DAYS:
            db.execute("DELETE FROM rollup")
            db.execute("INSERT INTO rollup " + _ROLLUP_SELECT.format(where="1 = 1"))
            return
        marks = ",".join("?" * len(days))
        db.execute(f"DELETE FROM rollup WHERE day IN ({marks})", days)
        db.execute("INSERT INTO rollup " + _ROLLUP_SELECT.format(where=f"c.day IN ({marks})"), days * 7)

    # --- what the figures read ------------------------------------------------------------------------------
    def query(self, sql: str, params: Iterable = ()) -> List[tuple]:
        with self.connect() as db:
            return db.execute(sql, tuple(params)).fetchall()

    def status(self) -> Dict[str, str]:
        with self.connect() as db:
            return {"last_event_id": self._meta(db, "last_event_id") or "0"}
