"""Readability of the advice content (what people actually read): Flesch Reading Ease and Flesch-Kincaid
grade per topic, over the summary, do-now steps, protect tips and signs. Prints the table and the overall
figures; exits 1 if the overall Flesch Reading Ease is below --min (default 60, "plain English")."""
import argparse
import statistics
import sys
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from actions.content_store import read_local_bundle, snapshot_from_bundle  # noqa: E402


def topic_text(t) -> str:
    return " ".join((t.summary,) + t.do_now + t.protect + t.signs)


def main(minimum: float) -> int:
    snapshot = snapshot_from_bundle(read_local_bundle(ROOT / "content"), "local")
    rows = []
    for key, t in sorted(snapshot.topics.items()):
        text = topic_text(t)
        rows.append((key, textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text)))
    for key, fre, grade in sorted(rows, key=lambda r: r[1]):
        print(f"  {key:24s} reading ease {fre:5.1f}  grade {grade:4.1f}")
    everything = " ".join(topic_text(t) for t in snapshot.topics.values())
    overall = textstat.flesch_reading_ease(everything)
    print(f"readability: all {len(rows)} topics together: Flesch reading ease {overall:.1f}, "
          f"Flesch-Kincaid grade {textstat.flesch_kincaid_grade(everything):.1f}; "
          f"median topic {statistics.median(r[1] for r in rows):.1f}, lowest {min(r[1] for r in rows):.1f}")
    return 0 if overall >= minimum else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--min", type=float, default=60.0)
    sys.exit(main(p.parse_args().min))
