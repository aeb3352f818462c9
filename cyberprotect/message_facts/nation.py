"""Which UK nation the writer is in, from a place they name ("I live in Dundee" -> scotland;
content/places.yml), told apart from places said of someone else; the reporting route depends on it."""

from __future__ import annotations

import re
from typing import Dict, Optional

from cyberprotect.message_facts.text import normalise

# Where the writer is: "I live in Dundee", "we're in Fife", "here in Glasgow", "he wanted to come to Scotland to
# meet me", "I reported it to Police Scotland". A place told this way decides the nation over any other place named.
_HOME_BEFORE = (
    r"(?:(?:i|we) (?:live|lived|m|am|re|are|have lived|ve lived|was born and live|grew up and live|"
    r"moved back|moved home)(?: (?:here|now|still|currently|based|living|staying|all my life|"
    r"just|up|down|over)){0,2}|i m from|im from|i am from|we re from|living|based|here|back home|"
    r"home|my home|our home|my house|our house|where i live|i reported it|we reported it|"
    r"reported it to (?:the )?police|i called|i rang|i phoned|i contacted|i went to)"
    r" (?:in|near|outside|just outside|on the outskirts of|to|up in|down in|over in|at)? ?(?:the )?$"
)
_HOME_AFTER = r"^ ?(?:to|for)? (?:meet|see|visit|be with|stay with|marry|live with) (?:me|us)\b"
# Someone else's place: "he would be working in Northern Ireland", "she said she was in Belfast".
_OTHER_BEFORE = re.compile(
    r"\b(?:he|she|they|his|her|their|him|them|the scammer|the man|the woman|the caller)\b"
    r"(?: [a-z]+){0,6} (?:in|from|to|at|near) (?:the )?$"
)
# "I'm a Scot", "as a Scottish pensioner": where the writer is from (the four nations only; not a place list).
_NATIONALITY = {
    "scot": "scotland",
    "scottish": "scotland",
    "welsh": "wales",
    "northern irish": "northern_ireland",
    "english": "england",
}
_SAYS_NATIONALITY = re.compile(
    r"\b(?:i m|im|i am|we re|we are|as) (?:a |an )?(?:proud )?"
    r"(scot|scottish|welsh|northern irish|english)\b(?! (?:is|speaking|language|teacher|"
    r"lesson|lessons|class|translation|version|accent))"
)
_FIRST_PERSON_WORD = re.compile(r"\b(?:i|im|me|my|we|us|our)\b")
_COME_TO = re.compile(
    r"\b(?:come|came|coming|fly|flew|flying|travel|travelled|get|move|moving|visit) (?:over |up |down )?"
    r"(?:to )?(?:the )?$"
)


def find_nation(text: str, places: Dict[str, str]) -> Optional[str]:
    """The nation the writer is in, from a place they name ("I live in Dundee" -> scotland; content/places.yml).

    A place where they say they live or reported it decides; otherwise places said of someone else ("he would be
    working in Northern Ireland") are set aside; when no place is left, or the places left are in two nations, None: the bot then shows
    both routes. The nation comes from where the person is, never from any place named (issue 18)."""
    norm = normalise(text)
    home, neutral, other = set(), set(), set()
    for match in _SAYS_NATIONALITY.finditer(norm):
        home.add(_NATIONALITY[match.group(1)])
    for place, nation in places.items():
        for match in re.finditer(rf"\b{re.escape(place)}\b", norm):
            before = norm[max(0, match.start() - 80) : match.start()]
            after = norm[match.end() : match.end() + 30]
            if re.search(r"\b" + _HOME_BEFORE, before) or (_COME_TO.search(before) and re.search(_HOME_AFTER, after)):
                home.add(nation)
            elif _OTHER_BEFORE.search(before[-40:]) and not _FIRST_PERSON_WORD.search(_clause(before)):
                other.add(nation)
            else:
                neutral.add(nation)
    for found in (home, neutral):  # a place said only of someone else does not say where the writer is
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _clause(before: str) -> str:
    """The words of the clause a place is in, up to the place: after the last "and", "but" or "so"."""
    return re.split(r"\b(?:and|but|so|then|because|while|when)\b", before)[-1]
