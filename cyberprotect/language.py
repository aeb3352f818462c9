"""Whether a message is clearly written in a language other than English (the guide: another language gets a
clear, kind answer). The bot reads English only; a Welsh, Polish or Romanian message used to get the out-of-scope
reply ("I can only help with online scams…") even when it was about a scam. This module says which language a
message is in only when that is clear: four or more words, the language identifier (py3langid, a bundled model,
nothing leaves the machine) sure of a non-English language among those most spoken in the UK, and few English
function words. Short replies, Scots, text-speak and keyboard mash stay English (None)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

# Languages most spoken in the UK after English (Census 2021; the model has no Somali or Scottish Gaelic), Welsh, Irish:
# restricting the identifier to these keeps it from naming a rare language for a short English message.
UK_LANGUAGES = ("en cy ga pl ro pa ur bn gu ta hi ar es fr pt it de lt lv sk cs bg hu tr ru uk zh fa").split()
INTENT = "other_language"  # the intent components/other_language.py sets (no training examples)
MIN_WORDS = 4
MIN_PROBABILITY = 0.95
MAX_ENGLISH_SHARE = 0.15  # English function words among the message's words
_ENGLISH = frozenset(
    "the a an and or but i me my you your he she it we they them is are was were be been have has had do did "
    "not no to of in on at for with from this that what how can could should would will just got get im its "
    "dont cant help scam please".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(UK_LANGUAGES)
    return ident


def other_language(text: str) -> Optional[str]:
    """The ISO 639-1 code of the language a message is clearly written in, when that is not English; else None."""
    if not isinstance(text, str):
        return None
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    if sum(w in _ENGLISH for w in words) / len(words) > MAX_ENGLISH_SHARE:
        return None
    language, probability = _identifier().classify(text[:2000])
    if language == "en" or probability < MIN_PROBABILITY:
        return None
    return str(language)
