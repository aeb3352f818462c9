"""Text normaliser: turns what people type into plain text before any pattern or classifier sees it.

Pure Python (no Rasa imports). Used by the safeguarding matcher (components/safeguarding_rules.py) and, through the
NLU component components/text_normaliser_component.py, as the first step of the Rasa pipeline, so the classifier
sees the same text. Steps, in order:

1. Unicode NFKC: full-width letters ("ｋｉｌｌ") and "fancy font" letters ("𝗶 𝘄𝗮𝗻𝘁") become plain letters.
2. Zero-width and other format characters (Unicode category Cf: U+200B, U+200D, U+00AD, U+FEFF...) are removed,
   so "k\u200bill" reads "kill".
3. Cyrillic and Greek look-alike letters in an otherwise Latin word become the Latin letter they imitate
   ("kіll" with a Cyrillic "і"); the look-alike table is Unicode's confusables list, from the
   confusable-homoglyphs package. A word written wholly in another script (real Russian or Greek) is left alone.
4. Accents are folded ("énd" -> "end").
5. Runs of three or more of the same letter are shortened ("killlll" -> "kill", "pleeease" -> "please"): to two
   letters, or to one when only that spelling is an English word (word list: spaCy's English lookup tables,
   from spacy-lookups-data).
6. Common text-speak for self-harm and urgency is spelt out ("kms" -> "kill myself", "unalive" -> "kill").

Case is kept (the classifier's features and entity extraction may use it). Text is never made longer than
MAX_CHARS (longer input is cut first: a message that long is not a conversation turn).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from functools import lru_cache
from itertools import product
from typing import Dict, FrozenSet

MAX_CHARS = 100_000
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")

# Text-speak spelt out. Keys are whole words, matched case-insensitively.
TEXT_SPEAK: Dict[str, str] = {
    "kms": "kill myself",
    "kys": "kill yourself",
    "unalive": "kill myself",  # "unalive him" -> "kill him": see _OBJECT_AFTER below
    "unalives": "kills",
    "unalived": "killed",
    "unaliving": "killing myself",
    "sewerslide": "suicide",
    "sewer slide": "suicide",
    "su1c1de": "suicide",
    "suicid3": "suicide",
    "k1ll": "kill",
    "d1e": "die",
    "pls": "please",
    "plz": "please",
    "rn": "right now",
    "ppl": "people",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
}
_TEXT_SPEAK_RE = re.compile(
    r"(?<![\w'’])(" + "|".join(sorted((re.escape(k) for k in TEXT_SPEAK), key=len, reverse=True)) + r")(?![\w'’])",
    re.IGNORECASE,
)
_RUN_RE = re.compile(r"([^\W\d_])\1{2,}", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _lookalikes() -> Dict[str, str]:
    """Cyrillic and Greek letters that Unicode lists as confusable with one ASCII letter."""
    from confusable_homoglyphs import categories, utils

    table: Dict[str, str] = {}
    for char, glyphs in utils.load("confusables.json").items():
        if len(char) != 1 or categories.alias(char) not in _LOOKALIKE_SCRIPTS:
            continue
        for glyph in glyphs:
            c = glyph["c"]
            if len(c) == 1 and c.isascii() and c.isalpha():
                table[char] = c
                break
    return table


@lru_cache(maxsize=1)
def _english_words() -> FrozenSet[str]:
    """English word forms from spaCy's lookup tables (only loaded when a word has a run of three letters)."""
    import spacy_lookups_data

    path = spacy_lookups_data.__path__[0] + "/data/en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lookup = json.load(f)
    return frozenset(w.lower() for w in list(lookup) + list(lookup.values()) if w.isalpha())


@lru_cache(maxsize=1)
def regular_past_forms() -> FrozenSet[str]:
    """Regular past-tense (and past-participle) forms: words ending in "ed" that spaCy's lookup table gives another
    lemma ("stabbed" -> "stab", "attacked" -> "attack"; not "bed", "need", "red"). Used to tell a story told in the
    past from something happening now (components/safeguarding_rules.py)."""
    import spacy_lookups_data

    path = spacy_lookups_data.__path__[0] + "/data/en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lookup = json.load(f)
    return frozenset(
        w.lower()
        for w, lemma in lookup.items()
        if w.isalpha() and w.lower().endswith("ed") and len(w) > 4 and lemma.lower() != w.lower()
    )


def _is_format_char(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def _fix_lookalikes(word: str, table: Dict[str, str]) -> str:
    """Swap look-alikes only when the result is wholly Latin (so real Cyrillic or Greek words are kept)."""
    if word.isascii() or not any(ch in table for ch in word):
        return word
    swapped = "".join(table.get(ch, ch) for ch in word)
    letters = [ch for ch in swapped if ch.isalpha()]
    return swapped if all(ch.isascii() for ch in letters) else word


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _shorten_runs(word: str) -> str:
    """'killlll' -> 'kill'; 'pleeease' -> 'please'; 'sooooon' -> 'soon'. Two letters unless only one is a word."""
    runs = list(_RUN_RE.finditer(word))
    if not runs:
        return word
    if len(runs) > 4:  # keyboard mash: shorten every run to two
        return _RUN_RE.sub(lambda m: m.group(1) * 2, word)
    words = _english_words()
    parts, last = [], 0
    for m in runs:
        parts.append(word[last : m.start()])
        last = m.end()
    parts.append(word[last:])
    candidates = []
    for lengths in product((2, 1), repeat=len(runs)):
        text = parts[0]
        for m, n, tail in zip(runs, lengths, parts[1:]):
            text += m.group(1) * n + tail
        candidates.append(text)
    for candidate in candidates:  # two-letter spellings first: "kill", "soon", "see"
        if candidate.lower() in words:
            return candidate
    return candidates[0]


_OBJECT_AFTER = re.compile(
    r"\s+(?:my|me|him|her|them|you|your|us|it|his|their|our|people|someone|somebody)\b", re.IGNORECASE
)


def _spell_out(match: "re.Match[str]") -> str:
    word = match.group(1).lower()
    out = TEXT_SPEAK[word]
    if out.endswith(" myself") and word.startswith("unaliv") and _OBJECT_AFTER.match(match.string, match.end()):
        out = out[: -len(" myself")]  # "unalive him" -> "kill him", not "kill myself him"
    return out


_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


@lru_cache(maxsize=4096)
def _plain_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def plain_same_length(text: str) -> str:
    """Steps 1 and 3 of the module docstring, one character for one character, for readers that show the words
    they matched as written (the scam checker, cyberprotect/checker/signs.py): curly quotes and apostrophes, dashes and
    no-break spaces become ASCII ("It’s urgent" -> "It's urgent"), full-width and "fancy font" letters plain ones,
    and look-alike letters in an otherwise Latin word the Latin letter. The result has the same length as `text`,
    so a match's position is the same in both."""
    if not isinstance(text, str) or not text:
        return ""
    text = text.translate(_SAME_LENGTH)
    if text.isascii():
        return text
    text = "".join(_plain_char(ch) if not ch.isascii() else ch for ch in text)
    table = _lookalikes()
    return _WORD_RE.sub(lambda m: _fix_lookalikes(m.group(0), table), text)


def normalise_text(text: str) -> str:
    """The normalised text (see the module docstring). Never raises on any str; None becomes ''."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = "".join(ch for ch in text if not _is_format_char(ch))
    table = _lookalikes()
    if not text.isascii():
        text = _WORD_RE.sub(lambda m: _fix_lookalikes(m.group(0), table), text)
        text = _fold_accents(text)
    text = _WORD_RE.sub(lambda m: _shorten_runs(m.group(0)), text)
    return _TEXT_SPEAK_RE.sub(_spell_out, text)
