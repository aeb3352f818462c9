"""The dashboard on a Postgres tracker store (TRACKER_STORE_URL=postgresql://...): a throwaway Postgres server
on loopback (skipped where Postgres 15 is not installed), written by Rasa's own SQLTrackerStore and by the
synthetic generator, read by insights/cache.py; counts checked against the generator."""

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import free_port
from insights.cache import Cache
from insights.synthetic import generate

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(command: str) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        return subprocess.run(
            ["su", "postgres", "-s", "/bin/bash", "-c", command], capture_output=True, text=True, timeout=120
        )
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def postgres():
    if not (PG_BIN / "initdb").exists() or not shutil.which("psql"):
        pytest.skip(f"Postgres not installed ({PG_BIN})")
    folder = Path(tempfile.mkdtemp(prefix="insights-pg-"))  # pytest's own folders are closed to other users
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "data"
    start = _as_postgres(
        f"{PG_BIN}/initdb -D {data} -A trust -U rasa >/dev/null && {PG_BIN}/pg_ctl -D {data} "
        f"-o '-p {port} -k {folder} -c listen_addresses=127.0.0.1' -l {folder}/log -w start"
    )
    assert start.returncode == 0, start.stderr
    for db in ("rasa", "synth"):
        made = _as_postgres(f"psql -h 127.0.0.1 -p {port} -U rasa -d postgres -c 'create database {db}'")
        assert made.returncode == 0, made.stderr
    yield port
    _as_postgres(f"{PG_BIN}/pg_ctl -D {data} -m fast -w stop")
    shutil.rmtree(folder, ignore_errors=True)


def test_synthetic_conversations_in_postgres_match_the_generator(postgres, tmp_path):
    url = f"postgresql://rasa@127.0.0.1:{postgres}/synth"
    truth = generate(url, 500, days=20, seed=9, end=dt.date(2026, 11, 30))
    cache = Cache(url, str(tmp_path / "cache.db"))
    assert cache.refresh() > 0
    expected, got = Counter(), Counter()
    for r in truth["cells"]:
        expected[(r["kind"], r["key"])] += r["conversations"]
    for kind, key, n in cache.query("SELECT kind, key, sum(conversations) FROM rollup GROUP BY kind, key"):
        got[(kind, key)] = n
    assert expected["all", ""] > 300 and got == expected


def test_rasas_own_postgres_store_is_read(postgres, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.slots import TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(
        domain=Domain.empty(),
        dialect="postgresql",
        host="127.0.0.1",
        port=postgres,
        db="rasa",
        username="rasa",
        password="",
    )
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(
            "/threat_smishing", intent={"name": "threat_smishing", "confidence": 1.0}, input_channel="socketio"
        ),
        ActionExecuted("action_give_advice"),
        BotUttered("Where to report:", metadata={"insights": {"routes": ["report_fraud"]}}),
    ]
    asyncio.run(
        store.save(DialogueStateTracker.from_events("pg-user", events, slots=[TextSlot("topic", mappings=[{}])]))
    )
    cache = Cache(f"postgresql://rasa@127.0.0.1:{postgres}/rasa", str(tmp_path / "cache.db"))
    cache.refresh()
    rollup = {(k, key): n for k, key, n in cache.query("SELECT kind, key, conversations FROM rollup")}
    assert rollup == {
        ("all", ""): 1,
        ("handled", ""): 1,
        ("nation", "unknown"): 1,
        ("route", "report_fraud"): 1,
        ("topic", "smishing"): 1,
    }
