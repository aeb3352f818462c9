"""Content report for the force's content owner: every topic, route, app guide and children's guide with its
review date, days left, sources and the nations it serves, most urgent first. Prints a table and writes a CSV
(default results/content-report.csv). Flags overdue items, placeholder values the force must fill in, and
sources outside the official list that do not say why. Exits 1 if anything is overdue.

    make content-report            # or: .venv/bin/python -m scripts.content_report [--csv PATH] [--today YYYY-MM-DD]
"""

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from cyberprotect.content_schema import NATIONS, Answer, MethodSteps, Route, Situation, is_official
from cyberprotect.content_store import iter_all, read_local_bundle, snapshot_from_bundle
from cyberprotect.routing import NATION_EQUIVALENTS, ROUTE_NATIONS, Case, decide_routes

SHORT = {"england": "E", "wales": "W", "scotland": "S", "northern_ireland": "NI"}


def topic_nations(snapshot, topic):
    """Nations that get at least one reporting or support route for this topic from the route engine."""
    served = []
    for nation in NATIONS:
        case = Case(threat=topic.key, category=topic.category, nation=nation, topic_routes=topic.routes + topic.support)
        if any(snapshot.routes[d.route].kind != "emergency" for d in decide_routes(case) if d.route in snapshot.routes):
            served.append(nation)
    return served


def rows(snapshot, today):
    for item in iter_all(snapshot):
        due = item.last_reviewed + dt.timedelta(days=item.review_period_days)
        if isinstance(item, Route):
            kind, sources = f"route ({item.kind})", [item.source]
            nations = [n for n in NATIONS if n in ROUTE_NATIONS.get(item.key, NATIONS)]
            unofficial = [] if is_official(item.source) or item.source_why else [item.source]
            equivalents = NATION_EQUIVALENTS.get(item.key, {})
            nations += [f"{n} via {r}" for n, r in equivalents.items()]
            notes = ["PLACEHOLDER: the force must fill this in"] if item.placeholder else []
        else:
            kind = (
                "situation"
                if isinstance(item, Situation)
                else "paid by"
                if isinstance(item, MethodSteps)
                else "answer"
                if isinstance(item, Answer)
                else (
                    {"talk": "children", "young_people": "children"}.get(item.key)
                    or ("topic" if item.key in snapshot.topics else "platform")
                )
            )
            sources = [s.url for s in item.sources]
            unofficial = [s.url for s in item.sources if not is_official(s.url) and not s.why]
            nations = topic_nations(snapshot, item) if kind == "topic" else list(NATIONS)
            notes = []
        if unofficial:
            notes.append(f"{len(unofficial)} unofficial source(s) without a reason")
        yield {
            "kind": kind,
            "key": item.key,
            "last_reviewed": item.last_reviewed.isoformat(),
            "review_period_days": item.review_period_days,
            "due": due.isoformat(),
            "days_left": (due - today).days,
            "status": "OVERDUE" if due < today else "ok",
            "nations": " ".join(SHORT.get(n, n) for n in nations),
            "sources": " ".join(sources),
            "notes": "; ".join(notes),
        }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--csv", default=str(ROOT / "results" / "content-report.csv"))
    p.add_argument("--today", default=None, help="report as of this date (YYYY-MM-DD)")
    args = p.parse_args()
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    snapshot = snapshot_from_bundle(read_local_bundle(ROOT / "content"), "local")
    table = sorted(rows(snapshot, today), key=lambda r: (r["days_left"], r["kind"], r["key"]))
    print(
        f"Content report as of {today.isoformat()}: {len(table)} items "
        f"({sum(r['kind'] == 'topic' for r in table)} topics, {sum(r['kind'].startswith('route') for r in table)} routes)"
    )
    print(f"{'kind':18} {'key':28} {'reviewed':10} {'due':10} {'days':>5} {'status':8} {'nations':40} sources / notes")
    for r in table:
        print(
            f"{r['kind']:18} {r['key']:28} {r['last_reviewed']:10} {r['due']:10} {r['days_left']:>5} {r['status']:8} "
            f"{r['nations'][:40]:40} {len(r['sources'].split())} source(s){'; ' + r['notes'] if r['notes'] else ''}"
        )
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    with open(args.csv, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    overdue = [r["key"] for r in table if r["status"] == "OVERDUE"]
    print(
        f"CSV: {args.csv}. Overdue: {len(overdue)}{' (' + ', '.join(overdue) + ')' if overdue else ''}. "
        f"Placeholders: {sum('PLACEHOLDER' in r['notes'] for r in table)}."
    )
    return 1 if overdue else 0


if __name__ == "__main__":
    sys.exit(main())
