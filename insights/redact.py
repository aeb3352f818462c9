"""Minimal redaction of the not-understood messages the dashboard shows: e-mail addresses, web addresses,
card and account numbers, sort codes, phone numbers and UK postcodes become placeholders. Pure.

Stop-gap: when the project's shared redaction module lands (the privacy issue), insights/events.py should
call that instead; this one only has to be at least as strict for the dashboard's tests to pass.
"""
from __future__ import annotations

import re

_PATTERNS = [
    (re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+", re.UNICODE), "[email]"),
    (re.compile(r"\b(https?://|www\.)\S+", re.IGNORECASE), "[link]"),
    # 12-19 digits, maybe in groups: card numbers (before phones, which are shorter)
    (re.compile(r"(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])"), "[card number]"),
    (re.compile(r"(?<![\d])\d{2}[ -]\d{2}[ -]\d{2}(?![\d])"), "[sort code]"),
    # phone numbers: +44 / 0 followed by 9-10 more digits, spaces, dashes or brackets between them
    (re.compile(r"(?<![\w+])(?:\+\s?\d{1,3}|\(?0)[\d\s()-]{8,16}\d(?![\d])"), "[phone number]"),
    (re.compile(r"(?<![\d])\d{6,11}(?![\d])"), "[number]"),  # account numbers, codes, references
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
]


def redact(text: str) -> str:
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
