"""Redaction of what people type (channels/redaction.py): each kind is removed, ordinary text is left alone."""

import re

import pytest

from channels.redaction import LABELS, PHONE_PLACEHOLDER, luhn_ok, notice, redact

CASES = [
    ("I gave them my card number 4539 1488 0343 6467", "card", "4539"),
    ("card 4539-1488-0343-6467 exp 09/27", "card", "0343"),
    ("long card 6011000990139424", "card", "6011000990139424"),
    ("sort code 12-34-56 account 12345678", "bank", "12345678"),
    ("acc 87654321 sort 20-00-00", "bank", "87654321"),
    ("my account number is 12345678", "bank", "12345678"),
    ("the code was 123456", "code", "123456"),
    ("they asked for my OTP: 4821", "code", "4821"),
    ("gave my PIN 1234 to the caller", "code", "1234"),
    ("my password is Hunter2!", "password", "Hunter2!"),
    ("password: tr0ub4dor", "password", "tr0ub4dor"),
    ("my password is dragon", "password", "dragon"),
    ("I use password Summer2024 everywhere", "password", "Summer2024"),
    ("write to me at jane.doe@example.co.uk", "email", "jane.doe@example"),
    ("text me on 07700 900123", "phone", "900123"),
    ("my number is +44 7700 900123", "phone", "900123"),
    ("whatsapp:+447700900123 messaged me", "phone", "447700900123"),
    ("call 0131 496 0000 please", "phone", "496 0000"),
    ("I live at EH1 1AA", "postcode", "EH1 1AA"),
    ("postcode sw1a 2aa", "postcode", "sw1a 2aa"),
]


@pytest.mark.parametrize("text,kind,secret", CASES)
def test_each_kind_is_removed_and_reported(text, kind, secret):
    out, kinds = redact(text)
    label = PHONE_PLACEHOLDER if kind == "phone" else re.compile(re.escape(LABELS[kind]))
    assert secret not in out and label.search(out) and kind in kinds, out


@pytest.mark.parametrize(
    "text",
    [
        "I lost 500 pounds on 3 May 2024",
        "I was scammed out of £25000",
        "my son is 14",
        "I'm in year 9",
        "I gave them my card number",
        "they asked for my PIN",
        "is it 999 or 101?",
        "I paid 1,250.50 yesterday",
        "the scam happened in 2023 and again in 2024",
        "I want to change my password",
        # story words after "password" are not a password (a hacked-account story got "I've removed a password")
        "someone hacked my instagram, changed the email and password and now they're messaging my friends",
        "my password was changed overnight",
        "the password reset email never came",
        "my password is the same on everything",
    ],
)
def test_ordinary_text_is_kept(text):
    assert redact(text) == (text, [])


def test_the_sentence_still_reads_so_the_nlu_understands_it():
    out, _ = redact("I gave them my card number 4539 1488 0343 6467 and the code 123456")
    assert out == "I gave them my card number [card number removed] and the code [code removed]"


def test_a_number_that_fails_luhn_and_is_not_16_digits_is_kept():
    assert luhn_ok("4539148803436467") and not luhn_ok("4539148803436468")
    assert redact("ref 4539148803436") == ("ref 4539148803436", [])  # 13 digits, Luhn fails


def test_officer_code_is_removed_wherever_it_appears():
    out, kinds = redact("my code is Blue-Falcon-2931 ok", secrets=["Blue-Falcon-2931"])
    assert "Blue-Falcon" not in out and kinds == ["officer_code"]


def test_notice_names_what_was_removed():
    text = notice(["card", "code"])
    assert "a card number and a security code" in text and "don't share" in text
    assert notice([]) == ""


def test_not_text_is_returned_unchanged():
    assert redact(None) == (None, []) and redact("") == ("", [])
