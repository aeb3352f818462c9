"""The training lead's record of rehearsals (cyberprotect/rehearsal/records.py) and how the engine and actions feed it."""

import csv
import datetime as dt
import sqlite3

import pytest

from actions import rehearsal_actions as ra
from cyberprotect.rehearsal import records as rr
from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.engine import begin, handle
from cyberprotect.rehearsal.scenarios import load_library

CODE = "blue-42"
TODAY = dt.date(2026, 12, 3)


def session(scenario="hi_mum_whatsapp", score=50, missed=("check_relative",), **kw):
    return rr.Session(
        scenario=scenario, score=score, covered=["report"], missed=list(missed), mistakes=kw.pop("mistakes", []), **kw
    )


def test_summary_sessions_averages_and_most_missed(tmp_path):
    db = tmp_path / "r.db"
    rr.record(session(score=50), db, today=TODAY)
    rr.record(session(score=100, missed=()), db, today=TODAY)
    rr.record(session("courier_fraud", 25, ("cancel_card", "report"), mistakes=["pay"], blamed=True), db, today=TODAY)
    summary = rr.summarise(rr.sessions(db, today=TODAY))
    assert summary.sessions == 3
    assert summary.by_scenario == {"courier_fraud": (1, 25.0), "hi_mum_whatsapp": (2, 75.0)}
    assert summary.most_missed[0][:3] in {("courier_fraud", "cancel_card", 1), ("courier_fraud", "report", 1)}
    assert ("hi_mum_whatsapp", "check_relative", 1, 2) in summary.most_missed
    assert summary.mistakes == {"pay": 1} and summary.blamed == 1
    text = rr.summary_text(summary, {"hi_mum_whatsapp": '"Hi Mum" WhatsApp message'})
    assert '"Hi Mum" WhatsApp message: 2 sessions, average score 75%' in text and "Most missed" in text


def test_rows_older_than_the_retention_period_are_deleted(tmp_path, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "30")
    db = tmp_path / "r.db"
    rr.record(session(day=TODAY - dt.timedelta(days=31)), db, today=TODAY - dt.timedelta(days=31))
    rr.record(session(day=TODAY - dt.timedelta(days=29)), db, today=TODAY - dt.timedelta(days=29))
    assert len(rr.sessions(db, today=TODAY)) == 1
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM rehearsal").fetchone()[0] == 1  # gone from disk


def test_no_text_and_only_a_clean_officer_reference_is_kept(tmp_path):
    db = tmp_path / "r.db"
    rr.record(session(officer_ref="PC 1234"), db, today=TODAY)
    rr.record(session(officer_ref="<script>alert(1)</script> call me on 07700 900123"), db, today=TODAY)
    columns = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(rehearsal)")]
    assert columns == [
        "id",
        "day",
        "scenario",
        "score",
        "covered",
        "missed",
        "mistakes",
        "reassured",
        "blamed",
        "officer_ref",
    ]
    assert [s.officer_ref for s in rr.sessions(db, today=TODAY)] == ["PC 1234", None]


def test_csv_export(tmp_path):
    db = tmp_path / "r.db"
    rr.record(session(), db, today=TODAY)
    out = rr.export_csv(rr.sessions(db, today=TODAY), tmp_path / "out.csv")
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["section", "scenario", "item", "sessions", "value"]
    assert ["scenario_average_score", "hi_mum_whatsapp", "", "1", "50.0"] in rows
    assert ["missed_point", "hi_mum_whatsapp", "check_relative", "1", "1"] in rows


def test_empty_record_says_so(tmp_path):
    assert rr.sessions(tmp_path / "none.db") == []
    assert "no finished rehearsals" in rr.summary_text(rr.summarise([]))


@pytest.fixture(scope="module")
def library():
    return load_library()


def play(messages, library):
    state, step = begin().state, None
    for text in messages:
        step = handle(state, text, CODE, library, default_store().current())
        state = step.state
    return step


def test_a_finished_rehearsal_gives_a_record_without_the_officers_words(library):
    step = play(
        [
            CODE,
            "ref DC 77",
            "scenario hi_mum_whatsapp",
            "It's not your fault. Call your son on his old number.",
            "finish",
        ],
        library,
    )
    rec = step.record
    assert step.end == "finished" and rec.scenario == "hi_mum_whatsapp" and rec.officer_ref == "DC 77"
    assert "check_relative" in rec.covered and "call_bank" in rec.missed and rec.reassured and not rec.blamed
    assert "son" not in repr(rec)
    assert "Tone:" in step.messages[0]["text"] and "You reassured Sandra" in step.messages[0]["text"]


def test_the_menu_offers_the_record_behind_the_code_and_the_action_shows_it(library, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSAL_RECORDS", str(tmp_path / "r.db"))
    rr.record(session(), tmp_path / "r.db")
    step = play([CODE, "training record"], library)
    assert step.show_record and step.end is None
    ra._keep_record(step, library)
    assert step.messages[0]["text"].startswith("Training record: 1 finished rehearsal")
    assert "Choose a scenario" in step.messages[1]["text"]
    finished = play([CODE, "scenario courier_fraud", "finish"], library)
    ra._keep_record(finished, library)
    assert [s.scenario for s in rr.sessions()] == ["hi_mum_whatsapp", "courier_fraud"]


def test_a_database_url_keeps_one_record_for_several_action_servers(tmp_path, monkeypatch):
    """REHEARSAL_RECORDS may be a database URL (the cluster and deploy/ give the tracker store's Postgres): every
    action server writes to and reads the same table, and retention applies there too. SQLite by URL here; the
    cluster test does the same against Postgres."""
    monkeypatch.setenv("RETENTION_DAYS", "30")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setenv("REHEARSAL_RECORDS", url)
    assert rr.records_path() == url
    rr.record(session(day=TODAY - dt.timedelta(days=31)), today=TODAY - dt.timedelta(days=31))
    rr.record(session(score=40, officer_ref="PC 1234"), today=TODAY)
    rr.record(session("courier_fraud", 80, (), officer_ref="<b>07700 900123</b>"), url, today=TODAY)
    rows = rr.sessions(today=TODAY)
    assert [(s.scenario, s.score, s.officer_ref, s.day) for s in rows] == [
        ("hi_mum_whatsapp", 40, "PC 1234", TODAY),
        ("courier_fraud", 80, None, TODAY),
    ]
    assert rows[0].missed == ["check_relative"] and rows[0].covered == ["report"]
    assert sqlite3.connect(tmp_path / "shared.db").execute("SELECT COUNT(*) FROM rehearsal").fetchone()[0] == 2


def test_a_path_is_still_a_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSAL_RECORDS", str(tmp_path / "own.db"))
    assert rr.records_path() == tmp_path / "own.db"
    monkeypatch.delenv("REHEARSAL_RECORDS")
    assert rr.records_path() == rr.DEFAULT_PATH
