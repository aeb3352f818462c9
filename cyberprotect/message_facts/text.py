"""The one text form every message fact is read from: lower case, apostrophes and punctuation as spaces,
a space at each end (so a pattern can use " word " and \\b alike)."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """The message as the fact patterns read it."""
    text = re.sub(r"[’‘'`´]", " ", (text or "").lower())
    return " " + re.sub(r"[^a-z0-9()]+", " ", text).strip() + " "
