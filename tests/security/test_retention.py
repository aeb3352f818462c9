"""Retention and erasure (startup/privacy.py) on Rasa's real SQLTrackerStore (SQLite; the same SQLAlchemy code runs
on Postgres): back-dated events are deleted, recent ones kept; one person's conversation is erased by phone number
through the same keyed hash the channels use, or by the widget's session id."""

import asyncio
import sqlite3
import time

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.gate import conversation_id
from startup import privacy

SECRET = b"k" * 32
DAY = 86400


def store_with(tmp_path, conversations):
    """conversations: {id: [age in days of each message]}"""
    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    for sender, ages in conversations.items():
        tracker = DialogueStateTracker(sender, [])
        for age in ages:
            tracker.update(UserUttered("hello", timestamp=time.time() - age * DAY))
        asyncio.run(store.save(tracker))
    return f"sqlite:///{db}", db


def senders(db):
    return sorted(r[0] for r in sqlite3.connect(db).execute("select distinct sender_id from events"))


def test_purge_deletes_events_older_than_the_retention_period(tmp_path):
    url, db = store_with(tmp_path, {"web:old": [45, 40], "web:mixed": [35, 1], "web:new": [0]})
    assert privacy.purge(url, 30) == 3
    assert senders(db) == ["web:mixed", "web:new"]
    assert sqlite3.connect(db).execute("select count(*) from events").fetchone()[0] == 2


def test_default_retention_is_30_days():
    assert privacy.retention_days({}) == 30 and privacy.retention_days({"RETENTION_DAYS": "7"}) == 7


def test_erase_by_phone_number_reaches_sms_and_whatsapp_through_the_keyed_hash(tmp_path):
    sms = conversation_id("twilio", "+447700900123", SECRET)
    whatsapp = conversation_id("twilio", "whatsapp:+447700900123", SECRET)
    other = conversation_id("twilio", "+447700900999", SECRET)
    url, db = store_with(tmp_path, {sms: [0], whatsapp: [0], other: [0]})
    ids = privacy.conversations_for(SECRET, phone="07700 900123")
    assert privacy.erase(url, ids) == 2
    assert senders(db) == [other]


def test_erase_by_widget_session_id(tmp_path):
    url, db = store_with(tmp_path, {"web:abc123": [0], "web:other": [0]})
    assert privacy.erase(url, privacy.conversations_for(SECRET, session="abc123.signature")) == 1
    assert senders(db) == ["web:other"]


def test_command_line(tmp_path, capsys, monkeypatch):
    url, db = store_with(tmp_path, {"rest:me": [40]})
    assert privacy.main(["purge"], {"TRACKER_STORE_URL": url}) == 0
    assert "deleted 1 events older than 30 days" in capsys.readouterr().out
    assert senders(db) == []


# --- the SMS/WhatsApp numbered-options memory (channels/options.py) ---------------------------------------

from channels import options  # noqa: E402

BUTTONS = [
    {"title": "A scam text", "payload": "/threat_smishing"},
    {"title": "Sextortion", "payload": "/threat_sextortion"},
]


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_expired_options_are_dropped_on_use_and_by_the_retention_job(tmp_path):
    clock = Clock()
    first, second = (options.OptionMemory(clock=clock, erased_file=tmp_path / "none") for _ in range(2))
    first.remember("tw:a", BUTTONS)
    second.remember("wa:b", BUTTONS)
    clock.now = 3601
    first.remember("tw:c", BUTTONS)  # any use drops what has expired
    assert len(first) == 1 and first.resolve("tw:a", "2") == "2"
    options.purge_all()  # the Rasa server's hourly retention job
    assert len(second) == 0


def test_an_erased_conversation_is_forgotten_by_a_running_server(tmp_path):
    url, _ = store_with(tmp_path, {})
    env = {
        "TRACKER_STORE_URL": url,
        "CONVERSATION_ID_SECRET": "k" * 32,
        "ERASED_IDS_FILE": str(tmp_path / "erased-conversations"),
    }
    memory = options.OptionMemory(erased_file=tmp_path / "erased-conversations")  # as in the Rasa server
    victim = conversation_id("twilio", "whatsapp:+447700900123", SECRET)
    memory.remember(victim, BUTTONS)
    memory.remember("tw:someone-else", BUTTONS)
    assert memory.resolve(victim, "2") == "/threat_sextortion"
    assert privacy.main(["erase", "--phone", "07700 900123"], env) == 0  # another process
    assert memory.resolve(victim, "2") == "2" and len(memory) == 1
    assert memory.resolve("tw:someone-else", "1") == "/threat_smishing"
    stored = (tmp_path / "erased-conversations").read_text()
    assert "900123" not in stored and oct((tmp_path / "erased-conversations").stat().st_mode & 0o777) == "0o600"
