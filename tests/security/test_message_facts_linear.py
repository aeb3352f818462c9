"""The age regex in cyberprotect/message_facts/ is linear: 56 KB of "age 50 " took 5.9 s before (quadratic lookahead)."""

import time

from cyberprotect import message_facts


def test_a_long_age_padded_message_is_read_quickly():
    start = time.perf_counter()
    message_facts.read("age 50 " * 8000)
    assert time.perf_counter() - start < 2.0  # about 0.15 s now; 5.9 s with the old lookahead


def test_the_rewrite_finds_the_same_ages():
    assert message_facts.user_age("age 14 and I am scared") == 14
    assert message_facts.user_age("aged 15 help me") == 15
    assert message_facts.user_age("my son, age 9, saw it") is None  # no first-person word after the age


def test_situation_facts_are_read_quickly_from_long_and_hostile_messages():
    """Issue 18: facts are read from the whole message (stories of 4,000+ characters are normal)."""
    story = "I got a text from Royal Mail about a parcel and I clicked the link and put my card details in. " * 50
    hostile = [
        "paid " * 5000,
        "i clicked " * 3000,
        "not " * 8000 + "clicked",
        "a" * 60000,
        "gave them my " * 3000,
        "still " * 8000,
        "i ve sent him " * 3000,
    ]
    start = time.perf_counter()
    assert message_facts.situation(story) == ("details_given", "clicked")
    for text in hostile:
        message_facts.situation(text)
    elapsed = time.perf_counter() - start
    print(f"situation facts: {len(story) + sum(map(len, hostile))} characters in {elapsed:.2f} s")
    assert elapsed < 6.0  # about 2 s on a loaded 2-core machine; a quadratic pattern takes minutes on these
