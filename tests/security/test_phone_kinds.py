"""Phone numbers leave the gate as a placeholder that keeps only the KIND of number (channels/redaction.py), so the
scam checker can still warn about a premium-rate, "personal" or mobile number it never sees, and no digit of the
number is stored."""
import re

import pytest

from actions.checker.signs import check
from actions.content_store import default_store
from channels.gate import Gate
from channels.redaction import PHONE_KINDS, hidden_phone_kinds, redact

KINDS = [
    ("call 09098 790123 now", "premium-rate"),
    ("ring +44 909 879 0123", "premium-rate"),
    ("0871 123 4567", "service-charge"),
    ("Your bank: call 070 1234 5678", "personal"),
    ("Hi mum, new number 07700 900123", "mobile"),
    ("whatsapp:+447700900123", "mobile"),
    ("0044 7700 900123", "mobile"),
    ("freephone 0800 123 4567", "freephone"),
    ("(0161) 496 0000", "landline"),
    ("020 7946 0123", "landline"),
    ("0300 123 2040", "non-geographic"),
    ("+1 202 555 0123", "international"),
    ("00 33 6 12 34 56 78", "international"),
    ("+234 803 123 4567", "international"),
]


@pytest.mark.parametrize("text,kind", KINDS)
def test_the_placeholder_keeps_the_kind_and_no_digit(text, kind):
    out, kinds = redact(text)
    assert kinds == ["phone"] and hidden_phone_kinds(out) == [kind], out
    for placeholder in re.findall(r"\[phone number removed[^\]]*\]", out):
        assert not re.search(r"\d", placeholder)
    assert kind in PHONE_KINDS


def _signs_after_the_gate(text):
    gated, _ = Gate(b"k" * 32, env={}).prepare(text, "tw:test", limited=False)
    assert not re.search(r"\d{4}", gated), gated  # the number itself never gets through
    return gated, check(gated, default_store().current().checker)


@pytest.mark.parametrize("text,sign", [
    ("HSBC: your account is locked. Call 09098 790123 now to unlock it.", "premium_number"),
    ("Lloyds Bank fraud team: call us urgently on 070 1234 5678 about a payment.", "personal_number"),
    ("Barclays: a new payee was added to your account. If this was not you call 07700 900123.",
     "mobile_claims_organisation"),
])
def test_the_scam_checker_still_warns_about_a_number_the_gate_removed(text, sign):
    gated, result = _signs_after_the_gate(text)
    assert sign in result.sign_keys, (gated, result.sign_keys)
    assert result.numbers_hidden


def test_a_number_alone_is_still_checked_as_a_number():
    gated, result = _signs_after_the_gate("09098 790123")
    assert result.kind == "number" and "premium_number" in result.sign_keys, gated
