"""Numbered options for SMS/WhatsApp: one message, and a digit reply mapped to the last options' payload."""

from channels.options import OptionMemory, choice_number, numbered_message

BUTTONS = [
    {"title": "A scam text", "payload": "/threat_smishing"},
    {"title": "A scam email", "payload": "/threat_phishing"},
    {"title": "I live in Scotland", "payload": '/inform_nation{"nation": "scotland"}'},
]


def test_numbered_message_is_one_message_with_every_option_in_order():
    text = numbered_message("What would you like help with?", BUTTONS)
    assert text == (
        "What would you like help with?\n\nReply with a number:\n1. A scam text\n2. A scam email\n3. I live in Scotland"
    )


def test_numbered_message_without_buttons_or_text():
    assert numbered_message("Hello", []) == "Hello"
    assert numbered_message("", BUTTONS[:1]) == "Reply 1 for:\n1. A scam text"


def test_choice_number_accepts_only_a_bare_number():
    assert [choice_number(t) for t in ["2", " 2 ", "2.", "(2)", "2)", "12"]] == [2, 2, 2, 2, 2, 12]
    assert [choice_number(t) for t in ["2 please", "I lost 2000", "", None, "two", "123"]] == [None] * 6


def test_a_digit_picks_that_option_of_the_senders_last_buttons():
    memory = OptionMemory()
    memory.remember("+447700900001", BUTTONS)
    assert memory.resolve("+447700900001", "2") == "/threat_phishing"
    assert memory.resolve("+447700900001", "3") == '/inform_nation{"nation": "scotland"}'


def test_other_replies_pass_through_unchanged():
    memory = OptionMemory()
    memory.remember("a", BUTTONS)
    assert memory.resolve("a", "4") == "4"  # out of range
    assert memory.resolve("a", "0") == "0"
    assert memory.resolve("a", "I lost £2") == "I lost £2"
    assert memory.resolve("b", "1") == "1"  # another sender has no options


def test_new_buttons_replace_the_old_ones():
    memory = OptionMemory()
    memory.remember("a", BUTTONS)
    memory.remember("a", [{"title": "Yes", "payload": "/affirm"}])
    assert memory.resolve("a", "1") == "/affirm"
    assert memory.resolve("a", "2") == "2"


def test_options_expire_and_memory_is_bounded():
    now = [0.0]
    memory = OptionMemory(max_senders=2, ttl=60, clock=lambda: now[0])
    memory.remember("a", BUTTONS)
    now[0] = 61
    assert memory.resolve("a", "1") == "1"
    memory.remember("b", BUTTONS)
    memory.remember("c", BUTTONS)
    memory.remember("d", BUTTONS)
    assert memory.resolve("b", "1") == "1"  # oldest dropped
    assert memory.resolve("d", "1") == "/threat_smishing"
