"""Turns answered while the tracker store is down are written when it is back, in order and once
(startup/tracker_outbox.py). Rasa's FailSafeTrackerStore around a SQLite SQL tracker store that can be switched off,
each turn read, extended and saved as Rasa's processor does; with Redis (SHARED_STATE_URL) where it is installed."""

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from channels import shared_state
from startup import tracker_outbox, tracker_speed
from tests.conftest import ROOT
from tests.unit.test_shared_state import redis_url  # noqa: F401 - the fixture: a real Redis on a free port
from tests.unit.test_tracker_speed import session_start, turn

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(autouse=True)
def installed(monkeypatch):
    tracker_speed.install()
    tracker_outbox.install()
    monkeypatch.delenv("SHARED_STATE_URL", raising=False)
    tracker_outbox._memory.clear()
    yield
    tracker_outbox._memory.clear()


class Switchable(SQLTrackerStore):
    """A SQL tracker store that fails every read and save while `down` (Postgres stopped)."""

    down = False

    async def retrieve(self, sender_id):
        if self.down:
            raise OperationalError("select", {}, ConnectionRefusedError())
        return await super().retrieve(sender_id)

    async def save(self, tracker):
        if self.down:
            raise OperationalError("insert", {}, ConnectionRefusedError())
        return await super().save(tracker)


def stores(tmp_path):
    primary = Switchable(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    return primary, FailSafeTrackerStore(primary)


async def say(store, sender: str, n: int, at: float) -> None:
    """One turn as Rasa's processor runs it: read (or start a new conversation), add the turn's events, save."""
    tracker = await store.retrieve(sender)
    events = []
    if tracker is None:
        tracker = DialogueStateTracker(sender, DOMAIN.slots)
        events = session_start(at)
    for event in events + turn(n, at + 1):
        tracker.update(event)
    await store.save(tracker)


def stored_users(primary, sender: str):
    full = asyncio.run(primary.retrieve_full_tracker(sender))
    return [e.text for e in full.events if e.type_name == "user"] if full else []


def test_turns_answered_while_the_store_is_down_are_written_when_it_is_back(tmp_path):
    primary, store = stores(tmp_path)
    asyncio.run(say(store, "p", 1, 1000.0))
    primary.down = True
    asyncio.run(say(store, "p", 2, 1010.0))  # read fails: answered without history; save fails: kept
    asyncio.run(say(store, "p", 3, 1020.0))  # read from the outbox: turn 2 is its history
    assert stored_users(Switchable(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db")), "p") == [
        "message 1"
    ]
    primary.down = False
    asyncio.run(say(store, "p", 4, 1030.0))
    assert stored_users(primary, "p") == ["message 1", "message 2", "message 3", "message 4"]
    assert tracker_outbox.get("p") is None
    # the history reads on: the next read has every turn in one session
    tracker = asyncio.run(store.retrieve("p"))
    assert [e.text for e in tracker.events if e.type_name == "user"] == [f"message {n}" for n in (1, 2, 3, 4)]


def test_a_conversation_read_during_the_outage_and_saved_after_it_keeps_its_turn(tmp_path):
    """Rasa's count-based save skipped this turn: the new tracker was shorter than the stored session."""
    primary, store = stores(tmp_path)
    asyncio.run(say(store, "p", 1, 1000.0))
    asyncio.run(say(store, "p", 2, 1010.0))

    async def read_down_save_up():
        primary.down = True
        tracker = await store.retrieve("p")
        assert tracker is None
        tracker = DialogueStateTracker("p", DOMAIN.slots)
        for event in session_start(1020.0) + turn(3, 1021.0):
            tracker.update(event)
        primary.down = False
        await store.save(tracker)
        await store.save(tracker)  # saved again (a retry): nothing written twice

    asyncio.run(read_down_save_up())
    assert stored_users(primary, "p") == ["message 1", "message 2", "message 3"]


def test_a_new_person_during_the_outage_is_stored_whole(tmp_path):
    primary, store = stores(tmp_path)
    primary.down = True
    asyncio.run(say(store, "new", 1, 1000.0))
    primary.down = False
    asyncio.run(say(store, "new", 2, 1010.0))
    full = asyncio.run(primary.retrieve_full_tracker("new"))
    assert [e.type_name for e in full.events][:2] == ["action", "session_started"]
    assert stored_users(primary, "new") == ["message 1", "message 2"]


class Agent:
    def __init__(self, store):
        self.tracker_store, self.lock_store = store, InMemoryLockStore()


def test_the_flush_writes_conversations_that_ended_during_the_outage(tmp_path):
    primary, store = stores(tmp_path)
    asyncio.run(say(store, "a", 1, 1000.0))
    primary.down = True
    asyncio.run(say(store, "a", 2, 1010.0))
    asyncio.run(say(store, "b", 1, 1011.0))
    with pytest.raises(OperationalError):  # still down: tried again next round
        asyncio.run(tracker_outbox.flush(Agent(store)))
    primary.down = False
    assert asyncio.run(tracker_outbox.flush(Agent(store))) == 2
    assert stored_users(primary, "a") == ["message 1", "message 2"] and stored_users(primary, "b") == ["message 1"]
    assert asyncio.run(tracker_outbox.flush(Agent(store))) == 0 and tracker_outbox.senders() == []
    assert stored_users(primary, "a") == ["message 1", "message 2"]


def test_the_outbox_is_shared_through_redis_and_erased_with_the_conversation(tmp_path, monkeypatch, redis_url):  # noqa: F811
    monkeypatch.setenv("SHARED_STATE_URL", redis_url)
    primary, server_a = stores(tmp_path)
    asyncio.run(say(server_a, "rest:x", 1, 1000.0))
    primary.down = True
    asyncio.run(say(server_a, "rest:x", 2, 1010.0))
    asyncio.run(say(server_a, "rest:y", 1, 1011.0))
    assert tracker_outbox._memory == {} and sorted(tracker_outbox.senders()) == ["rest:x", "rest:y"]
    primary.down = False
    asyncio.run(say(FailSafeTrackerStore(primary), "rest:x", 3, 1020.0))
    assert stored_users(primary, "rest:x") == ["message 1", "message 2", "message 3"]
    assert shared_state.forget_options(["rest:y"], {"SHARED_STATE_URL": redis_url}) == 1
    assert tracker_outbox.senders() == []


def test_other_tracker_stores_keep_rasas_behaviour():
    from rasa.core.tracker_store import InMemoryTrackerStore

    store = FailSafeTrackerStore(InMemoryTrackerStore(DOMAIN))
    tracker = DialogueStateTracker("m", DOMAIN.slots)
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("m")) is not None and tracker_outbox.senders() == []
