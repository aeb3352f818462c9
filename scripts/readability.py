"""Readability of the advice content (what people actually read): Flesch Reading Ease and Flesch-Kincaid
grade per topic, over the summary, do-now steps, protect tips and signs; also the young person's wording of a
topic, the TALK tips (the IWF's own sentences excluded: we do not reword them), the young people's welcome and
the app and game guides. Prints the table and the overall figures; exits 1 if the overall Flesch Reading Ease
is below --min (default 60, "plain English")."""

import argparse
import statistics
import sys
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parents[1]
from cyberprotect.content_store import read_local_bundle, snapshot_from_bundle


def topic_text(t) -> str:
    return " ".join((t.summary,) + t.do_now + t.protect + t.signs)


def texts(snapshot):
    """(name, text) of every piece of advice a person reads."""
    for key, t in sorted(snapshot.topics.items()):
        yield key, topic_text(t)
        if t.young_person:
            yield f"{key} (young person)", " ".join((t.young_person.summary,) + t.young_person.do_now)
    if snapshot.talk:
        yield (
            "talk tips",
            " ".join(
                tip
                for s in snapshot.talk.steps
                for tip in s.suggestions + tuple(x for b in s.by_age.values() for x in b)
            ),
        )
    if snapshot.young_people:
        yield "young people", " ".join((snapshot.young_people.intro,) + snapshot.young_people.steps)
    for key, p in sorted(snapshot.platforms.items()):
        yield f"platform {key}", " ".join(p.settings + p.reporting)
    for key, situation in snapshot.situations.items():  # the first steps for what the person already did
        yield f"situation {key}", " ".join(situation.steps)
    for key, answer in snapshot.answers.items():
        yield f"answer {key}", " ".join((answer.intro,) + tuple(answer.by_payment.values()) + (answer.last,))


def main(minimum: float) -> int:
    snapshot = snapshot_from_bundle(read_local_bundle(ROOT / "content"), "local")
    rows = []
    all_text = []
    for key, text in texts(snapshot):
        all_text.append(text)
        rows.append((key, textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text)))
    for key, fre, grade in sorted(rows, key=lambda r: r[1]):
        print(f"  {key:24s} reading ease {fre:5.1f}  grade {grade:4.1f}")
    everything = " ".join(all_text)
    overall = textstat.flesch_reading_ease(everything)
    print(
        f"readability: all {len(rows)} texts together: Flesch reading ease {overall:.1f}, "
        f"Flesch-Kincaid grade {textstat.flesch_kincaid_grade(everything):.1f}; "
        f"median text {statistics.median(r[1] for r in rows):.1f}, lowest {min(r[1] for r in rows):.1f}"
    )
    return 0 if overall >= minimum else 1


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--min", type=float, default=60.0)
    sys.exit(main(p.parse_args().min))
