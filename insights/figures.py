"""The dashboard's figures for a period and channel, read from the cache's rollup (insights/cache.py), with
the privacy rules applied: only aggregates; a count from 1 to 4 is never shown (None, shown as "fewer than
5"), nor a share or an average resting on one; redacted texts only. Also the CSV and the labelling YAML.
Pure apart from the cache queries; no Rasa imports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from insights.cache import Cache
from insights.labels import label

SMALL = 5
FEWER = "fewer than 5"
DEFAULT_WEEKS = 12
TOP_TOPICS_CHARTED = 6
UNRECOGNISED_SHOWN = 50
UNRECOGNISED_EXPORTED = 500


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    channel: str  # "all" or a channel name

    def where(self, alias: str = "") -> tuple:
        sql = f"{alias}day BETWEEN ? AND ?"
        params: List[Any] = [self.start.isoformat(), self.end.isoformat()]
        if self.channel != "all":
            sql += f" AND {alias}channel = ?"
            params.append(self.channel)
        return sql, params

    def describe(self) -> str:
        channel = "all channels" if self.channel == "all" else label("channel", self.channel)
        return f"{_date(self.start)} to {_date(self.end)}, {channel}"


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def shown(n: Optional[int]) -> Optional[int]:
    """A count as it may be shown: 0 and 5 or more as they are, 1 to 4 hidden (None)."""
    n = int(n or 0)
    return n if n == 0 or n >= SMALL else None


def share(part: Optional[int], whole: Optional[int]) -> Optional[float]:
    """A percentage, hidden when the part is 1 to 4 or the whole is under 5."""
    part, whole = int(part or 0), int(whole or 0)
    if whole < SMALL or shown(part) is None:
        return None
    return round(100.0 * part / whole, 1)


def text(value: Any, suffix: str = "") -> str:
    if value is None:
        return FEWER
    if isinstance(value, float):
        return f"{value:.1f}{suffix}"
    return f"{value:,}{suffix}" if isinstance(value, int) else str(value)


def data_range(cache: Cache) -> Optional[tuple]:
    row = cache.query("SELECT min(day), max(day) FROM rollup WHERE kind = 'all'")[0]
    if not row[0]:
        return None
    return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])


def channels(cache: Cache) -> List[str]:
    return [c for (c,) in cache.query("SELECT DISTINCT channel FROM rollup WHERE kind = 'all' ORDER BY channel")]


def parse_period(cache: Cache, start: Optional[str], end: Optional[str], channel: Optional[str]) -> tuple:
    """The period asked for, or the last 12 weeks of data; unknown input falls back with a note."""
    notes = []
    rng = data_range(cache)
    last = rng[1] if rng else dt.date.today()

    def as_date(value: Optional[str], default: dt.date, name: str) -> dt.date:
        if not value:
            return default
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            notes.append(f"The {name} date was not a date (YYYY-MM-DD), so {_date(default)} is used.")
            return default

    d_end = as_date(end, last, "end")
    default_start = d_end - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1)
    if rng and not start and rng[0] > default_start:
        default_start = rng[0]  # less than 12 weeks of data: from the first day there is
    d_start = as_date(start, default_start, "start")
    if d_start > d_end:
        notes.append("The start was after the end, so they were swapped.")
        d_start, d_end = d_end, d_start
    known = channels(cache)
    chosen = (channel or "all").strip()
    if chosen != "all" and chosen not in known:
        notes.append("That channel has no conversations, so all channels are shown.")
        chosen = "all"
    return Period(d_start, d_end, chosen), notes


def _totals(cache: Cache, period: Period) -> Dict[tuple, tuple]:
    where, params = period.where()
    rows = cache.query(
        f"SELECT kind, key, sum(conversations), sum(total) FROM rollup WHERE {where} GROUP BY kind, key", params
    )
    return {(k, key): (int(c or 0), int(t or 0)) for k, key, c, t in rows}


def _by_kind(totals: Dict[tuple, tuple], kind: str) -> List[tuple]:
    """(key, conversations, total) of one kind, most conversations first."""
    return sorted(((key, c, t) for (k, key), (c, t) in totals.items() if k == kind), key=lambda r: (-r[1], r[0]))


def _figure(
    fid: str,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: List[list],
    chart: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    return {
        "id": fid,
        "title": title,
        "description": description,
        "columns": list(columns),
        "rows": rows,
        "chart": chart,
    }


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _bar(labels: List[str], values: List[Optional[float]], name: str, horizontal: bool = False) -> Dict[str, Any]:
    """A bar chart; long names are shortened on the chart only (the table has them in full)."""
    return {
        "type": "bar",
        "horizontal": horizontal,
        "labels": [_short(n) for n in labels],
        "datasets": [{"label": name, "data": values}],
    }


def compute(cache: Cache, period: Period) -> Dict[str, Any]:
    """Every figure for the period, JSON-able. Values are ints/floats, or None when hidden (fewer than 5)."""
    totals = _totals(cache, period)
    where, params = period.where()
    all_c, messages = totals.get(("all", ""), (0, 0))
    figures: List[Dict[str, Any]] = []

    # conversations per day (every day of the period, 0 when none)
    per_day = dict(
        cache.query(f"SELECT day, sum(conversations) FROM rollup WHERE kind = 'all' AND {where} GROUP BY day", params)
    )
    days = [period.start + dt.timedelta(days=i) for i in range((period.end - period.start).days + 1)]
    day_values = [shown(per_day.get(d.isoformat(), 0)) for d in days]
    figures.append(
        _figure(
            "conversations_per_day",
            "Conversations per day",
            "Conversations with at least one message from a person (officer rehearsals left out).",
            ["Day", "Conversations"],
            [[d.isoformat(), v] for d, v in zip(days, day_values)],
            {
                "type": "line",
                "labels": [d.isoformat() for d in days],
                "datasets": [{"label": "Conversations", "data": day_values}],
            },
        )
    )

    # topics per week (weeks start on Monday; the first and last may be part weeks)
    weekly: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, key, n in cache.query(
        f"SELECT day, key, sum(conversations) FROM rollup WHERE kind = 'topic' AND {where} GROUP BY day, key", params
    ):
        d = dt.date.fromisoformat(day)
        weekly[key][(d - dt.timedelta(days=d.weekday())).isoformat()] += int(n)
    first_monday = period.start - dt.timedelta(days=period.start.weekday())
    weeks = [
        (first_monday + dt.timedelta(weeks=i)).isoformat() for i in range((period.end - first_monday).days // 7 + 1)
    ]
    topic_order = sorted(weekly, key=lambda k: (-sum(weekly[k].values()), k))
    topic_rows = [
        [label("topic", k)] + [shown(weekly[k].get(w, 0)) for w in weeks] + [shown(sum(weekly[k].values()))]
        for k in topic_order
    ]
    figures.append(
        _figure(
            "topics_per_week",
            "Topics asked about, per week",
            "Conversations that asked about each topic, by week starting Monday. The chart shows "
            f"the {TOP_TOPICS_CHARTED} most asked about; the table has every topic.",
            ["Topic"] + [f"w/c {w}" for w in weeks] + ["Period"],
            topic_rows,
            {
                "type": "line",
                "labels": [f"w/c {w}" for w in weeks],
                "datasets": [{"label": r[0], "data": r[1:-1]} for r in topic_rows[:TOP_TOPICS_CHARTED]],
            },
        )
    )

    emergencies = _by_kind(totals, "emergency")
    rows = [[label("emergency", k), shown(t), shown(c)] for k, c, t in emergencies]
    figures.append(
        _figure(
            "emergency_replies",
            "Emergency replies by type",
            "How many times the bot gave each emergency reply (999, Samaritans), and the support "
            "reply for distress, and in how many conversations.",
            ["Type", "Replies", "Conversations"],
            rows,
            _bar([r[0] for r in rows], [r[1] for r in rows], "Replies"),
        )
    )

    routes = _by_kind(totals, "route")
    rows = [[label("route", k), shown(c), share(c, all_c)] for k, c, _ in routes]
    figures.append(
        _figure(
            "routes_offered",
            "Where people were sent (routes offered)",
            "Conversations in which the bot offered each reporting route or support service.",
            ["Route", "Conversations", "% of conversations"],
            rows,
            _bar([r[0] for r in rows], [r[1] for r in rows], "Conversations", horizontal=True),
        )
    )

    nations = _by_kind(totals, "nation")
    rows = [[label("nation", k), shown(c), share(c, all_c)] for k, c, _ in nations]
    figures.append(
        _figure(
            "nation",
            "Nation",
            'Conversations by the UK nation the person said or named a place in ("Not said" when unknown).',
            ["Nation", "Conversations", "% of conversations"],
            rows,
            _bar([r[0] for r in rows], [r[1] for r in rows], "Conversations"),
        )
    )

    children = {k: c for k, c, _ in _by_kind(totals, "child")}
    rows = [
        [label("child", k), shown(children.get(k, 0)), share(children.get(k, 0), all_c)]
        for k in ("about_a_child", "young_person")
    ]
    figures.append(
        _figure(
            "children",
            "Children and young people",
            "Conversations about someone under 18, and conversations where the person said they are under 18.",
            ["Who", "Conversations", "% of conversations"],
            rows,
            _bar([r[0] for r in rows], [r[1] for r in rows], "Conversations"),
        )
    )

    checker_c, checker_uses = totals.get(("checker", "uses"), (0, 0))
    signs = _by_kind(totals, "sign")
    rows = [["Messages checked", shown(checker_uses), share(checker_c, all_c)]] + [
        [f"Sign found: {label('sign', k)}", shown(c), share(c, checker_c)] for k, c, _ in signs
    ]
    figures.append(
        _figure(
            "checker",
            "Scam checker use and the signs most found",
            "Messages people asked the checker to look at, and in how many checked conversations "
            "each warning sign was found.",
            ["Measure", "Count", "%"],
            rows,
            _bar([r[0] for r in rows], [r[1] for r in rows], "Count", horizontal=True),
        )
    )

    handled = totals.get(("handled", ""), (0, 0))[0]
    fallback_c, fallback_msgs = totals.get(("fallback", ""), (0, 0))
    handover = totals.get(("handover", ""), (0, 0))[0]
    rows = [
        ["Conversations", shown(all_c), None if shown(all_c) is None else 100.0],
        ["Handled: advice given, no fallback, no handover", shown(handled), share(handled, all_c)],
        ["With a fallback (not understood)", shown(fallback_c), share(fallback_c, all_c)],
        ["Asked for a person (handover)", shown(handover), share(handover, all_c)],
        ["Messages from people", shown(messages), None],
        ["Messages not understood (fallback)", shown(fallback_msgs), share(fallback_msgs, messages)],
    ]
    rows += [
        [
            f"Person: {k.split(':')[0].replace('_', ' ')}, {k.split(':')[-1].replace('_', ' ')}",
            shown(c),
            share(c, all_c),
        ]
        for k, c, _ in _by_kind(totals, "handover")
    ]  # why a person came up, and outcome
    figures.append(
        _figure(
            "outcomes",
            "Handled share and fallback rate",
            '"Handled": the conversation got advice or routes and had no fallback and no request '
            "for a person. Fallback rate: conversations (and messages) the bot did not understand.",
            ["Measure", "Count", "%"],
            rows,
            _bar([r[0] for r in rows[1:4]], [r[2] for r in rows[1:4]], "% of conversations", horizontal=True),
        )
    )

    channel_rows = [
        [label("channel", c), shown(n), share(n, all_c)]
        for c, n in cache.query(
            f"SELECT channel, sum(conversations) FROM rollup WHERE kind = 'all' AND {where} GROUP BY channel "
            "ORDER BY 2 DESC",
            params,
        )
    ]
    figures.append(
        _figure(
            "channels",
            "Channels",
            "Conversations by channel (website, SMS, WhatsApp, Telegram...).",
            ["Channel", "Conversations", "% of conversations"],
            channel_rows,
            _bar([r[0] for r in channel_rows], [r[1] for r in channel_rows], "Conversations"),
        )
    )

    sessions = {k: t for k, _, t in _by_kind(totals, "rehearsal")}
    scores = {k: t for k, _, t in _by_kind(totals, "rehearsal_score")}
    rows = [
        [k.replace("_", " ").capitalize(), shown(n), round(scores.get(k, 0) / n, 1) if n >= SMALL else None]
        for k, n in sorted(sessions.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    figures.append(
        _figure(
            "rehearsal",
            "Officer rehearsal sessions and average scores",
            "Finished rehearsals by scenario and their average score (shown from 5 sessions).",
            ["Scenario", "Sessions", "Average score %"],
            rows,
            _bar([r[0] for r in rows], [r[2] for r in rows], "Average score %"),
        )
    )

    return {
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "channel": period.channel,
            "description": period.describe(),
        },
        "headline": {
            "conversations": shown(all_c),
            "handled_pct": share(handled, all_c),
            "fallback_pct": share(fallback_c, all_c),
            "emergency_replies": shown(sum(t for _, _, t in emergencies)),
        },
        "figures": figures,
    }


def unrecognised(cache: Cache, period: Period, limit: int = UNRECOGNISED_SHOWN) -> Dict[str, Any]:
    """The latest not-understood messages (already redacted when read), newest first."""
    where, params = period.where()
    count = cache.query(f"SELECT count(*) FROM unrecognised WHERE {where}", params)[0][0]
    rows = cache.query(
        f"SELECT day, channel, text, guess, confidence FROM unrecognised WHERE {where} ORDER BY event_id DESC LIMIT ?",
        params + [limit],
    )
    return {
        "count": shown(count),
        "rows": [
            {"day": d, "channel": label("channel", c), "text": t, "guess": g, "confidence": conf}
            for d, c, t, g, conf in rows
        ],
    }


def to_csv(result: Dict[str, Any]) -> str:
    """Every figure as long rows: figure, row, column, value ("fewer than 5" where hidden)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "channel", "figure", "row", "column", "value"])
    p = result["period"]
    for fig in result["figures"]:
        for row in fig["rows"]:
            for column, value in zip(fig["columns"][1:], row[1:]):
                writer.writerow(
                    [
                        f"{p['start']} to {p['end']}",
                        p["channel"],
                        fig["title"],
                        _csv_safe(row[0]),
                        column,
                        FEWER if value is None else value,
                    ]
                )
    return out.getvalue()


def _csv_safe(value: Any) -> str:
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value  # no formulas in a spreadsheet


def to_labelling_yaml(items: List[Dict[str, Any]], period: Period) -> str:
    """Rasa NLU training data (version 3.1), one entry per message, the intent left empty for a person."""
    lines = [
        "# Messages the Cyber Protect Assistant did not understand, redacted, for labelling.",
        f"# Period: {period.describe()}. For each entry, write the intent (see docs/intents.md) after",
        "# `intent:`, check the text has no personal details left, then move it into data/nlu/.",
        "# Delete entries that should not become training data.",
        'version: "3.1"',
        "nlu:",
    ]
    for item in items:
        guess = item.get("guess") or "none"
        lines += [
            f"- intent:   # the bot's guess: {_yaml_comment(guess)} ({item.get('confidence', 0):.2f})",
            "  examples: |",
            f"    - {_yaml_block_line(item['text'])}",
        ]
    return "\n".join(lines) + "\n"


def _yaml_comment(value: str) -> str:
    return " ".join(str(value).split())[:80]


def _yaml_block_line(value: str) -> str:
    return " ".join(str(value).split()) or "(empty)"
