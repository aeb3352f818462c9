"""HTML for the dashboard page and the briefing report: every figure as a table (always) and a chart drawn by
Chart.js in the browser from a JSON data block (insights/static/dashboard.js). All text is escaped; the
not-understood messages appear only as table text. Pure: takes the dicts insights/figures.py returns.
"""

from __future__ import annotations

import html
import json
from typing import Any, Dict, List, Optional

from insights.figures import FEWER, text
from insights.labels import label

PERCENT_COLUMNS = ("%", "% of conversations", "Average score %")
LONG_TABLE = 31


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _cell(column: str, value: Any) -> str:
    if value is None:
        return f'<td class="fewer">{FEWER}</td>'
    return f"<td>{esc(text(value, '%' if column in PERCENT_COLUMNS else ''))}</td>"


def figure_html(fig: Dict[str, Any], fold: bool = True) -> str:
    fid = esc(fig["id"])
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in fig["columns"])
    body = "".join(
        '<tr><th scope="row">'
        + esc(r[0])
        + "</th>"
        + "".join(_cell(c, v) for c, v in zip(fig["columns"][1:], r[1:]))
        + "</tr>"
        for r in fig["rows"]
    )
    if not fig["rows"]:
        body = f'<tr><td colspan="{len(fig["columns"])}">No conversations of this kind in the period.</td></tr>'
    chart = ""
    if fig.get("chart") and fig["rows"]:
        chart = (
            f'<div class="chart"><canvas id="chart-{fid}" role="img" '
            f'aria-label="Chart: {esc(fig["title"])}. The same figures are in the table below."></canvas></div>'
        )
    table = (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="Table: {esc(fig["title"])}">'
        f"<table><caption>{esc(fig['title'])}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )
    if fold and len(fig["rows"]) > LONG_TABLE:  # e.g. one row per day: folded under the chart, one click away
        table = f"<details><summary>Show the table ({len(fig['rows'])} rows)</summary>{table}</details>"
    wide = " wide" if fig["id"] in ("conversations_per_day", "topics_per_week") else ""
    return (
        f'<section class="figure{wide}" id="{fid}" aria-labelledby="h-{fid}" data-figure="{fid}">'
        f'<h2 id="h-{fid}">{esc(fig["title"])}</h2><p class="desc">{esc(fig["description"])}</p>{chart}'
        f"{table}</section>"
    )


def unrecognised_html(items: Dict[str, Any], export_href: Optional[str]) -> str:
    rows = "".join(
        f'<tr><td>{esc(i["day"])}</td><td>{esc(i["channel"])}</td><td class="msg">{esc(i["text"])}</td>'
        f"<td>{esc(label('topic', i['guess'][7:]) if i['guess'].startswith('threat_') else i['guess'])}"
        f" ({i['confidence']:.2f})</td></tr>"
        for i in items["rows"]
    )
    if not rows:
        rows = '<tr><td colspan="4">None in this period.</td></tr>'
    button = (
        (
            f'<p><a class="button" href="{esc(export_href)}" download>Export as YAML for labelling</a> '
            "(Rasa NLU training data format; the intent is left for a person to fill in)</p>"
        )
        if export_href
        else ""
    )
    return (
        '<section class="figure wide" id="unrecognised" aria-labelledby="h-unrecognised">'
        '<h2 id="h-unrecognised">Messages the bot did not understand</h2>'
        f'<p class="desc">The latest messages that got the fallback or were understood with low confidence, '
        f"with e-mail addresses, phone, card and account numbers removed. In the period: "
        f'<strong data-count="unrecognised">{esc(text(items["count"]))}</strong>.</p>{button}'
        '<div class="table-wrap" tabindex="0" role="region" aria-label="Table: messages not understood">'
        '<table><caption>Latest messages not understood</caption><thead><tr><th scope="col">Day</th>'
        '<th scope="col">Channel</th><th scope="col">Message (redacted)</th><th scope="col">Bot\'s best guess'
        f"</th></tr></thead><tbody>{rows}</tbody></table></div></section>"
    )


def headline_html(result: Dict[str, Any]) -> str:
    h = result["headline"]
    tiles = [
        ("conversations", "Conversations", text(h["conversations"])),
        ("handled_pct", "Handled", text(h["handled_pct"], "%")),
        ("fallback_pct", "Fallback rate", text(h["fallback_pct"], "%")),
        ("emergency_replies", "Emergency replies", text(h["emergency_replies"])),
    ]
    return (
        '<ul class="headline">'
        + "".join(
            f'<li><span class="tile-label">{esc(name)}</span> <strong data-headline="{k}">{esc(v)}</strong></li>'
            for k, name, v in tiles
        )
        + "</ul>"
    )


def data_json(result: Dict[str, Any]) -> str:
    charts = {f["id"]: f["chart"] for f in result["figures"] if f.get("chart") and f["rows"]}
    return json.dumps(charts).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(
    result: Dict[str, Any],
    unrec: Dict[str, Any],
    *,
    form: str = "",
    notes: List[str] = (),
    scripts: str = "",
    styles: str = "",
    csv_href: Optional[str] = None,
    export_href: Optional[str] = None,
    title: str = "Cyber Protect Assistant: insights",
    footer: str = "",
    fold_tables: bool = True,
) -> str:
    period = result["period"]
    note_html = "".join(f'<p class="note" role="status">{esc(n)}</p>' for n in notes)
    csv_link = f'<a class="button" href="{esc(csv_href)}" download>Download the figures (CSV)</a>' if csv_href else ""
    figures = "".join(figure_html(f, fold_tables) for f in result["figures"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>{styles}</head>
<body><a class="skip" href="#main">Skip to the figures</a>
<header><h1>{esc(title)}</h1>
<p class="period">Figures for <strong id="period">{esc(period["description"])}</strong>. Counts from 1 to 4 are
shown as "{FEWER}". No names, numbers or sender ids are kept.</p>{form}{note_html}
<p class="actions">{csv_link}</p></header>
<main id="main">{headline_html(result)}<div class="grid">{figures}{unrecognised_html(unrec, export_href)}</div></main>
<footer>{footer}</footer>
<script type="application/json" id="chart-data">{data_json(result)}</script>{scripts}
</body></html>"""


def period_form(period: Dict[str, Any], channel_names: List[str]) -> str:
    options = "".join(
        f'<option value="{esc(c)}"{" selected" if c == period["channel"] else ""}>'
        f"{esc('All channels' if c == 'all' else label('channel', c))}</option>"
        for c in ["all"] + channel_names
    )
    return (
        f'<form class="period-form" method="get" action="/">'
        f'<label for="from">From</label><input type="date" id="from" name="from" value="{esc(period["start"])}">'
        f'<label for="to">To</label><input type="date" id="to" name="to" value="{esc(period["end"])}">'
        f'<label for="channel">Channel</label><select id="channel" name="channel">{options}</select>'
        '<button type="submit">Show</button></form>'
    )


def login_page(message: str = "", status_text: str = "") -> str:
    msg = f'<p class="note" role="alert">{esc(message)}</p>' if message else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in: Cyber Protect insights</title><link rel="stylesheet" href="/static/dashboard.css"></head>
<body><main id="main" class="login"><h1>Cyber Protect insights</h1>{msg}
<form method="post" action="/login"><label for="token">Access token</label>
<input type="password" id="token" name="token" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<p>The token is set by whoever runs the dashboard (INSIGHTS_TOKEN). {esc(status_text)}</p></main></body></html>"""


def off_page() -> str:
    return """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dashboard switched off</title></head>
<body><main><h1>The dashboard is switched off</h1>
<p>Set INSIGHTS_TOKEN (12 characters or more) where the dashboard runs, then sign in with it.</p></main></body></html>"""
