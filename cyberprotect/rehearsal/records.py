"""The training lead's record of officer rehearsals: one row per finished rehearsal, kept for RETENTION_DAYS.

A row holds the day (no time), the scenario, the score, the ids of the key points covered and missed, the kinds
of mistake made, whether the officer reassured the person and whether they used blaming words, and an optional
officer reference the officer typed ("ref PC1234"). Nothing the officer or anyone else wrote is stored, no
conversation or sender id, no member of the public's data (rehearsal personas are fictional). Rows older than
RETENTION_DAYS (startup/privacy.py, default 30) are deleted whenever the record is written or read.

Where: REHEARSAL_RECORDS, written by the action server: a SQLite file (default state/rehearsal_records.db), or an
SQLAlchemy database URL (`postgresql://...`, e.g. the tracker store's) when there are several action servers, each
with its own disk (make cluster, deploy/): one record for all of them, kept when a container is replaced.
Read it in the chat (the rehearsal menu's "Training record", behind the officer code) or on the server:
    python -m cyberprotect.rehearsal.records summary            # sessions, averages, most-missed points
    python -m cyberprotect.rehearsal.records export [--out F]   # CSV (default results/rehearsal-records-DATE.csv)
Python's sqlite3 for a file, SQLAlchemy for a URL; no Rasa imports.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import json
import os
import re
import sqlite3
import sys
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from startup.privacy import retention_days  # one retention rule for the whole project

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = PROJECT_ROOT / "state" / "rehearsal_records.db"
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /_-]{0,19}$")
_lock = threading.Lock()
SCHEMA = """CREATE TABLE IF NOT EXISTS rehearsal (
  id INTEGER PRIMARY KEY, day TEXT NOT NULL, scenario TEXT NOT NULL, score INTEGER NOT NULL,
  covered TEXT NOT NULL, missed TEXT NOT NULL, mistakes TEXT NOT NULL,
  reassured INTEGER NOT NULL, blamed INTEGER NOT NULL, officer_ref TEXT)"""


Target = Union[Path, str]  # a SQLite file, or a database URL ("postgresql://...")


def records_path(env: Mapping[str, str] = os.environ) -> Target:
    value = (env.get("REHEARSAL_RECORDS") or "").strip()
    if _is_url(value):
        return value
    return Path(value or DEFAULT_PATH)


def _is_url(target: Target) -> bool:
    return isinstance(target, str) and "://" in target


@functools.lru_cache(maxsize=4)
def _database(url: str) -> Tuple[Any, Any]:
    """The engine and table for a database URL (made once per process and URL; the table created if missing)."""
    import sqlalchemy as sa

    meta = sa.MetaData()
    table = sa.Table(
        "rehearsal",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.String(10), nullable=False, index=True),
        sa.Column("scenario", sa.String(80), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("covered", sa.Text, nullable=False),
        sa.Column("missed", sa.Text, nullable=False),
        sa.Column("mistakes", sa.Text, nullable=False),
        sa.Column("reassured", sa.Integer, nullable=False),
        sa.Column("blamed", sa.Integer, nullable=False),
        sa.Column("officer_ref", sa.String(20)),
    )
    engine = sa.create_engine(url, pool_pre_ping=True)
    try:
        meta.create_all(engine)  # creates the table if missing
    except sa.exc.SQLAlchemyError:  # another server created it at the same moment: it is there now
        meta.create_all(engine)
    return engine, table


def _row(session: Session, today: dt.date) -> Dict[str, Any]:
    return {
        "day": (session.day or today).isoformat(),
        "scenario": session.scenario[:80],
        "score": max(0, min(100, int(session.score))),
        "covered": json.dumps(list(session.covered)),
        "missed": json.dumps(list(session.missed)),
        "mistakes": json.dumps(list(session.mistakes)),
        "reassured": int(bool(session.reassured)),
        "blamed": int(bool(session.blamed)),
        "officer_ref": clean_ref(session.officer_ref or ""),
    }


def clean_ref(text: str) -> Optional[str]:
    """An officer reference as typed ("PC 1234", "DC-77"), or None if it is not one (max 20 characters)."""
    text = (text or "").strip()
    return text if REF_RE.match(text) else None


@dataclass
class Session:
    scenario: str
    score: int
    covered: Sequence[str]
    missed: Sequence[str]
    mistakes: Sequence[str]  # kinds of mistake (pay, wrong_route, blame, unsafe) or mistake ids
    reassured: bool = False
    blamed: bool = False
    officer_ref: Optional[str] = None
    day: Optional[dt.date] = None


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=10)
    con.execute(SCHEMA)
    return con


def _purge(con: sqlite3.Connection, days: float, today: dt.date) -> int:
    cutoff = (today - dt.timedelta(days=days)).isoformat()
    return con.execute("DELETE FROM rehearsal WHERE day < ?", (cutoff,)).rowcount


def _cutoff(days: Optional[float], today: dt.date) -> str:
    return (today - dt.timedelta(days=retention_days() if days is None else days)).isoformat()


def record(
    session: Session, path: Optional[Target] = None, days: Optional[float] = None, today: Optional[dt.date] = None
) -> None:
    """Add one finished rehearsal (and delete rows older than the retention period)."""
    today = today or dt.date.today()
    target = path or records_path()
    row = _row(session, today)
    if _is_url(target):
        engine, table = _database(str(target))
        with engine.begin() as con:
            con.execute(table.delete().where(table.c.day < _cutoff(days, today)))
            con.execute(table.insert().values(**row))
        return
    with _lock, _connect(Path(target)) as con:
        _purge(con, retention_days() if days is None else days, today)
        con.execute(
            "INSERT INTO rehearsal (day, scenario, score, covered, missed, mistakes, reassured, blamed, "
            "officer_ref) VALUES (:day, :scenario, :score, :covered, :missed, :mistakes, :reassured, :blamed, "
            ":officer_ref)",
            row,
        )


_COLUMNS = ("day", "scenario", "score", "covered", "missed", "mistakes", "reassured", "blamed", "officer_ref")


def sessions(
    path: Optional[Target] = None, days: Optional[float] = None, today: Optional[dt.date] = None
) -> List[Session]:
    target = path or records_path()
    today = today or dt.date.today()
    rows: List[Sequence[Any]]
    if _is_url(target):
        engine, table = _database(str(target))
        with engine.begin() as con:
            con.execute(table.delete().where(table.c.day < _cutoff(days, today)))
            rows = [
                tuple(r)
                for r in con.execute(
                    table.select().with_only_columns(*[table.c[c] for c in _COLUMNS]).order_by(table.c.id)
                )
            ]
    else:
        file = Path(target)
        if not file.exists():
            return []
        with _lock, _connect(file) as con:
            _purge(con, retention_days() if days is None else days, today)
            rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM rehearsal ORDER BY id").fetchall()
    return [
        Session(
            scenario=r[1],
            score=r[2],
            covered=json.loads(r[3]),
            missed=json.loads(r[4]),
            mistakes=json.loads(r[5]),
            reassured=bool(r[6]),
            blamed=bool(r[7]),
            officer_ref=r[8],
            day=dt.date.fromisoformat(r[0]),
        )
        for r in rows
    ]


@dataclass
class Summary:
    sessions: int = 0
    by_scenario: Dict[str, Tuple[int, float]] = field(default_factory=dict)  # scenario -> (sessions, average)
    most_missed: List[Tuple[str, str, int, int]] = field(default_factory=list)  # (scenario, point, missed, of)
    mistakes: Dict[str, int] = field(default_factory=dict)
    reassured_share: float = 0.0
    blamed: int = 0


def summarise(rows: Iterable[Session]) -> Summary:
    rows = list(rows)
    out = Summary(sessions=len(rows))
    if not rows:
        return out
    scores: Dict[str, List[int]] = defaultdict(list)
    missed: Counter[Tuple[str, str]] = Counter()
    played: Counter[str] = Counter()
    for s in rows:
        scores[s.scenario].append(s.score)
        played[s.scenario] += 1
        missed.update((s.scenario, p) for p in s.missed)
    out.by_scenario = {k: (len(v), round(sum(v) / len(v), 1)) for k, v in sorted(scores.items())}
    out.most_missed = sorted(
        ((sc, p, n, played[sc]) for (sc, p), n in missed.items()), key=lambda t: (-t[2] / t[3], -t[2], t[0], t[1])
    )
    out.mistakes = dict(Counter(m for s in rows for m in s.mistakes).most_common())
    out.reassured_share = round(sum(s.reassured for s in rows) / len(rows), 3)
    out.blamed = sum(s.blamed for s in rows)
    return out


def summary_text(summary: Summary, titles: Mapping[str, str] = {}, top: int = 5) -> str:
    """The summary in a few lines (the chat's "Training record")."""
    if not summary.sessions:
        return "Training record: no finished rehearsals in the retention period yet."
    lines = [
        f"Training record: {summary.sessions} finished rehearsal{'s' if summary.sessions != 1 else ''} "
        f"(kept {retention_days():g} days)."
    ]
    lines += [
        f"- {titles.get(k, k)}: {n} session{'s' if n != 1 else ''}, average score {avg:g}%"
        for k, (n, avg) in summary.by_scenario.items()
    ]
    if summary.most_missed:
        lines.append("Most missed points:")
        lines += [f"- {titles.get(sc, sc)}: {p} (missed in {n} of {of})" for sc, p, n, of in summary.most_missed[:top]]
    if summary.mistakes:
        lines.append("Mistakes made: " + ", ".join(f"{k} {v}" for k, v in summary.mistakes.items()))
    lines.append(
        f"Officers reassured the person in {round(100 * summary.reassured_share)}% of rehearsals; "
        f"blaming words in {summary.blamed}."
    )
    return "\n".join(lines)


def export_csv(rows: Iterable[Session], out: Path) -> Path:
    """One CSV: a row per scenario (sessions, average score), a row per missed point (times missed, sessions),
    a row per kind of mistake, and a row per session (day, scenario, score, missed, mistakes, officer ref)."""
    rows = list(rows)
    summary = summarise(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["section", "scenario", "item", "sessions", "value"])
        for sc, (n, avg) in summary.by_scenario.items():
            w.writerow(["scenario_average_score", sc, "", n, avg])
        for sc, p, n, of in summary.most_missed:
            w.writerow(["missed_point", sc, p, of, n])
        for kind, n in summary.mistakes.items():
            w.writerow(["mistake", "", kind, summary.sessions, n])
        for s in rows:
            w.writerow(
                [
                    "session",
                    s.scenario,
                    f"{s.day} ref={s.officer_ref or ''} missed={' '.join(s.missed)} "
                    f"mistakes={' '.join(s.mistakes)} reassured={int(s.reassured)} blamed={int(s.blamed)}",
                    1,
                    s.score,
                ]
            )
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="The training lead's record of officer rehearsals.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("summary", help="sessions per scenario, average scores, most-missed points")
    export = sub.add_parser("export", help="write the record as CSV")
    export.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    rows = sessions()
    if args.command == "summary":
        print(summary_text(summarise(rows), top=20))
    else:
        out = args.out or PROJECT_ROOT / "results" / f"rehearsal-records-{dt.date.today():%Y-%m-%d}.csv"
        print(f"wrote {export_csv(rows, out)} ({len(rows)} sessions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
