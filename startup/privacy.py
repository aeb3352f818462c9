"""Retention and erasure of conversations in Rasa's SQL tracker store (SQLite or Postgres, through SQLAlchemy).

    python -m startup.privacy purge [--days 30]           # delete every event older than RETENTION_DAYS (30)
    python -m startup.privacy erase --session <id>         # the widget's session id (as the browser shows it)
    python -m startup.privacy erase --phone +447700900123  # SMS and WhatsApp conversations of that number
    python -m startup.privacy erase --telegram <chat id>
    python -m startup.privacy erase --rest <sender>

Conversation ids are found the way the channels make them (channels/gate.py: channel namespace + keyed hash with
CONVERSATION_ID_SECRET), so the same key must be configured. The Rasa server also runs `purge` once an hour
(startup/patches.py), so nothing is kept longer than RETENTION_DAYS even without a cron job. `erase` also lists the
erased ids for the running servers' numbered-options memory (channels/options.py), which then forgets them. The table is Rasa
3.6's `events` (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent: sender_id, timestamp, data, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterable, List, Mapping, Optional

import sqlalchemy as sa

from channels import options
from channels.gate import conversation_id, conversation_secret

DEFAULT_DAYS = 30


def retention_days(env: Mapping[str, str] = os.environ) -> float:
    return float(env.get("RETENTION_DAYS") or DEFAULT_DAYS)


def tracker_url(env: Mapping[str, str] = os.environ) -> str:
    """The SQLAlchemy URL Rasa uses (endpoints.yml passes TRACKER_STORE_URL whole)."""
    return env.get("TRACKER_STORE_URL") or "sqlite:///state/tracker.db"


def _engine(url: str) -> sa.engine.Engine:
    return sa.create_engine(url, hide_parameters=True)


def _events(engine) -> Optional[sa.Table]:
    meta = sa.MetaData()
    try:
        return sa.Table("events", meta, autoload_with=engine)
    except sa.exc.NoSuchTableError:
        return None


def purge(url: str, days: float, now: Optional[float] = None) -> int:
    """Delete every event older than `days`; returns how many were deleted (SQLite is then vacuumed)."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    engine = _engine(url)
    events = _events(engine)
    if events is None:
        return 0
    with engine.begin() as conn:
        deleted = conn.execute(sa.delete(events).where(events.c.timestamp < cutoff)).rowcount
    if deleted and engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM"))
    engine.dispose()
    return deleted


def erase(url: str, conversations: Iterable[str]) -> int:
    """Delete every event of these conversation ids; returns how many were deleted."""
    ids = list(conversations)
    engine = _engine(url)
    events = _events(engine)
    if events is None or not ids:
        return 0
    with engine.begin() as conn:
        deleted = conn.execute(sa.delete(events).where(events.c.sender_id.in_(ids))).rowcount
    if deleted and engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM"))
    engine.dispose()
    return deleted


def conversations_for(
    secret: bytes, session: str = None, phone: str = None, telegram: str = None, rest: str = None
) -> List[str]:
    """The conversation ids a person's identifier maps to, as the channels make them."""
    out = []
    if session:
        out.append(conversation_id("socketio", session.split(".")[0], secret, hashed=False))
    if phone:
        number = phone.replace(" ", "")
        number = number[len("whatsapp:") :] if number.startswith("whatsapp:") else number
        if number.startswith("07"):
            number = "+44" + number[1:]
        out += [conversation_id("twilio", number, secret), conversation_id("twilio", "whatsapp:" + number, secret)]
    if telegram:
        out.append(conversation_id("telegram", str(telegram), secret))
    if rest:
        out.append(conversation_id("rest", rest, secret, hashed=False))
    return out


def main(argv: List[str], env: Mapping[str, str] = os.environ) -> int:
    parser = argparse.ArgumentParser(prog="python -m startup.privacy", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("purge", help="delete events older than --days (RETENTION_DAYS, default 30)")
    p.add_argument("--days", type=float, default=None)
    e = sub.add_parser("erase", help="delete one person's conversation")
    e.add_argument("--session")
    e.add_argument("--phone")
    e.add_argument("--telegram")
    e.add_argument("--rest")
    args = parser.parse_args(argv)
    url = tracker_url(env)
    if args.command == "purge":
        days = args.days if args.days is not None else retention_days(env)
        print(f"purge: deleted {purge(url, days)} events older than {days:g} days")
        return 0
    ids = conversations_for(conversation_secret(env), args.session, args.phone, args.telegram, args.rest)
    if not ids:
        parser.error("give --session, --phone, --telegram or --rest")
    print(f"erase: deleted {erase(url, ids)} events from {len(ids)} conversation id(s)")
    options.record_erased(ids, env)  # running servers forget the SMS/WhatsApp numbered options too
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
