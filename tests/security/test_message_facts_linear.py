"""The age regex in actions/message_facts.py is linear: 56 KB of "age 50 " took 5.9 s before (quadratic lookahead)."""
import time

from actions import message_facts


def test_a_long_age_padded_message_is_read_quickly():
    start = time.perf_counter()
    message_facts.read("age 50 " * 8000)
    assert time.perf_counter() - start < 2.0  # about 0.15 s now; 5.9 s with the old lookahead


def test_the_rewrite_finds_the_same_ages():
    assert message_facts.user_age("age 14 and I am scared") == 14
    assert message_facts.user_age("aged 15 help me") == 15
    assert message_facts.user_age("my son, age 9, saw it") is None  # no first-person word after the age
