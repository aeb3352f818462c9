"""The cluster load generator's own arithmetic (tests/cluster/loadgen.py, issue 25): people's pauses, turns answered
only with the service-trouble reply, and how many conversations were under way at once."""

import random

from tests.cluster import loadgen
from tests.cluster.loadgen import Conversation, Turn


def test_a_fixed_pause_is_kept_and_a_person_reads_then_types():
    rng = random.Random(1)
    assert loadgen.pause_after(0.2, None, "hello", rng) == 0.2
    turn = Turn("hi", 0.0, latency=1.0, replies=["word " * 238])  # a minute's reading
    pauses = [loadgen.pause_after(loadgen.PEOPLE, turn, "one two three", rng) for _ in range(50)]
    expected = 60.0 + 60 * 3 / loadgen.TYPE_WPM
    assert all(0.75 * expected <= p <= 1.25 * expected for p in pauses)
    assert min(pauses) < expected < max(pauses)  # people differ
    short = Turn("hi", 0.0, latency=1.0, replies=["ok"])
    assert loadgen.pause_after(loadgen.PEOPLE, short, None, rng) == loadgen.MIN_PAUSE


def test_service_trouble_is_answered_but_counted_apart():
    trouble = Turn("x", 0.0, latency=50.0, replies=[f"Sorry, {loadgen.TROUBLE}. If you are in danger call 999"])
    fine = Turn("y", 0.0, latency=1.0, replies=["Phishing is ...", f"not {loadgen.TROUBLE[:5]}"])
    unanswered = Turn("z", 0.0)
    assert trouble.trouble and not fine.trouble and not unanswered.trouble
    f = loadgen.figures([Conversation("rest", "a", [trouble, fine, unanswered])], 10.0)
    assert (f["turns"], f["answered"], f["failed"], f["trouble"], f["cut_short"]) == (3, 2, 1, 1, 0)
    cut = Turn("w", 0.0, latency=50.0, replies=["Phishing is ...", f"Sorry, {loadgen.TROUBLE}. Call 999"])
    f = loadgen.figures([Conversation("rest", "a", [trouble, cut])], 10.0)
    assert (f["trouble"], f["cut_short"]) == (1, 1)


def test_conversations_under_way_at_once():
    def conv(start, end):
        return Conversation("rest", "c", [Turn("a", start, latency=1.0), Turn("b", end - 1.0, latency=1.0)])

    f = loadgen.figures([conv(0, 10), conv(5, 15), conv(12, 20), conv(30, 40)], 0.0)
    assert f["concurrent_max"] == 2
    f = loadgen.figures([conv(0, 10), conv(1, 9), conv(2, 8)], 0.0)
    assert f["concurrent_max"] == 3
