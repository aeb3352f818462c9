"""The faster SQL tracker store (startup/tracker_speed.py) writes the same rows and reads the same conversations as
Rasa 3.6's own code, keeps every event when the server is killed, and uses WAL and reused connections on SQLite."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from startup import tracker_speed
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module", autouse=True)
def installed():
    tracker_speed.install()


class RasaOwnStore(SQLTrackerStore):
    """Rasa 3.6's SQLTrackerStore as shipped (the methods install() replaced)."""


def _rasa_own():
    for name in ("__init__", "save", "_additional_events", "_retrieve"):
        setattr(RasaOwnStore, name, tracker_speed._replaced[name])


def turn(n: int, at: float):
    parse = {
        "intent": {"name": "report_smishing", "confidence": 0.91},
        "entities": [],
        "intent_ranking": [{"name": "report_smishing", "confidence": 0.91}],
        "text": f"message {n}",
    }
    return [
        UserUttered(f"message {n}", parse["intent"], [], parse, timestamp=at),
        SlotSet("topic", "smishing", timestamp=at + 0.1),
        ActionExecuted("action_give_advice", timestamp=at + 0.2),
        BotUttered(f"advice {n}", {"elements": None}, timestamp=at + 0.3),
        ActionExecuted("action_listen", timestamp=at + 0.4),
    ]


def session_start(at: float):
    return [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at + 0.01),
        ActionExecuted("action_listen", timestamp=at + 0.02),
    ]


async def conversation(store, sender: str):
    """Two sessions of three turns; each turn reads the conversation, adds its events and saves, as Rasa's
    processor does. Returns what each read gave back, then the full tracker."""
    reads = []
    for at in (1000.0, 9000.0):
        for n in range(3):
            tracker = await store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
            reads.append([e.as_dict() for e in tracker.events])
            new = (session_start(at) if n == 0 else []) + turn(n, at + 10 * (n + 1))
            for event in new:
                tracker.update(event)
            await store.save(tracker)
    reads.append([e.as_dict() for e in (await store.retrieve(sender)).events])
    reads.append([e.as_dict() for e in (await store.retrieve_full_tracker(sender)).events])
    return reads


def rows(path):
    return (
        sqlite3.connect(path)
        .execute("SELECT id, sender_id, type_name, timestamp, intent_name, action_name, data FROM events ORDER BY id")
        .fetchall()
    )


def test_same_rows_and_same_conversations_as_rasas_own_code(tmp_path):
    _rasa_own()
    ours = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    rasas = RasaOwnStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "rasa.db"))
    ours_reads = asyncio.run(conversation(ours, "person-1"))
    rasa_reads = asyncio.run(conversation(rasas, "person-1"))
    assert ours_reads == rasa_reads
    # a read gives the latest session from its session_started event on (Rasa's rule), or everything
    assert [len(r) for r in ours_reads] == [0, 7, 12, 17, 7, 12, 17, 36]
    assert rows(tmp_path / "ours.db") == rows(tmp_path / "rasa.db")
    assert len(rows(tmp_path / "ours.db")) == 2 * (3 + 3 * 5)
    # and each reads the other's file the same way
    assert (
        asyncio.run(
            conversation(RasaOwnStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db")), "person-2")
        )
        == rasa_reads
    )
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_sqlite_uses_wal_reused_connections_and_the_chosen_synchronous_mode(tmp_path, monkeypatch):
    import sqlalchemy as sa

    store = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    connects = []
    sa.event.listen(store.engine, "connect", lambda *a: connects.append(1))
    asyncio.run(conversation(store, "person-1"))
    assert len(connects) <= 1  # Rasa's own: a new connection for every read and save (NullPool)
    with store.engine.connect() as db:
        assert db.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(sa.text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    monkeypatch.setenv("SQLITE_SYNCHRONOUS", "full")
    store = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "full.db"))
    with store.engine.connect() as db:
        assert db.execute(sa.text("PRAGMA synchronous")).scalar() == 2  # FULL
    monkeypatch.setenv("SQLITE_SYNCHRONOUS", "sometimes")
    with pytest.raises(SystemExit, match="SQLITE_SYNCHRONOUS"):
        tracker_speed.synchronous()


def test_no_event_is_lost_when_the_server_is_killed(tmp_path):
    """Every save Rasa has returned from is in the file after a SIGKILL (WAL, synchronous=NORMAL)."""
    db = tmp_path / "killed.db"
    child = textwrap.dedent(f"""
        import asyncio, os, signal
        from startup import tracker_speed
        tracker_speed.install()
        from rasa.core.tracker_store import SQLTrackerStore
        from tests.unit.test_tracker_speed import DOMAIN, conversation
        store = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db={str(db)!r})
        asyncio.run(conversation(store, "person-k"))
        print("saved", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    done = subprocess.run(
        [sys.executable, "-c", child],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SQLALCHEMY_SILENCE_UBER_WARNING": "1"},
    )
    assert "saved" in done.stdout, done.stderr[-2000:]
    assert done.returncode == -signal.SIGKILL
    assert len(rows(db)) == 2 * (3 + 3 * 5)
