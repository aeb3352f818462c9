"""`make insights-report`: the dashboard's figures for a period as one self-contained, dated HTML file (CSS,
Chart.js and the chart code inlined, so it opens offline and can be attached to a briefing). Tables carry
every figure; the not-understood messages are counted but their texts are left out of the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from insights import figures, render
from insights.cache import Cache
from insights.server import STATIC


def _inline(path: str) -> str:
    return STATIC[path][0].read_text(encoding="utf-8").replace("</script", "<\\/script")


def write_report(
    cache: Cache,
    out: Optional[str],
    start: Optional[str] = None,
    end: Optional[str] = None,
    channel: Optional[str] = None,
) -> Path:
    cache.refresh()
    period, notes = figures.parse_period(cache, start, end, channel)
    if not figures.data_range(cache):
        notes = notes + ["No conversations have been read yet."]
    result = figures.compute(cache, period)
    unrec = figures.unrecognised(cache, period, limit=0)
    today = dt.date.today().isoformat()
    target = Path(out) if out else Path("results") / f"insights-report-{today}.html"
    if target.is_dir() or (out and out.endswith(("/", "\\"))):
        target = target / f"insights-report-{today}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    css = STATIC["/static/dashboard.css"][0].read_text(encoding="utf-8")
    scripts = "".join(f"<script>{_inline(p)}</script>" for p in ("/static/chart.umd.min.js", "/static/dashboard.js"))
    html = render.page(
        result,
        unrec,
        notes=notes,
        styles=f"<style>{css}</style>",
        scripts=scripts,
        title="Cyber Protect Assistant: insights report",
        fold_tables=False,
        footer=f"Written {today} by make insights-report. Messages not understood are counted "
        "here; their (redacted) texts are only on the dashboard.",
    )
    target.write_text(html, encoding="utf-8")
    return target
