"""Facts about a child or a young person in a message: a child's age ("my 7 year old", "my son is 9"),
whether the message is about the writer's child ("my son", "our daughter"), whether the writer is a young
person ("I'm 14", "I'm in year 9"), the age band of a reply to "How old is your child?", and which app or
game they name. The actions use them to tailor the TALK tips by age band, to pick the young person's
wording and to tell the route engine that the victim is under 18 (CEOP, Report Remove, Childline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from cyberprotect.content_schema import AGE_BANDS, PlatformGuide
from cyberprotect.message_facts.text import normalise

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
CHILD_WORDS = (
    r"(son|sons|daughter|daughters|child|children|kid|kids|boy|girl|lad|teen|teenager|grandson|"
    r"granddaughter|grandchild|niece|nephew|stepson|stepdaughter|step son|step daughter|little one|"
    r"toddler|baby|pupil|pupils|foster child|young person)"
)
_OWNER = r"(my|our|his|her|their)"

# "my 7 year old", "my 10yo", "our 13-year-old son", "my son (10)", "my daughter, 12,", "my son is 9",
# "my daughter who is 14", "she's 12", "he is 9", "aged 8", "age 15"
_CHILD_AGE_PATTERNS = [
    re.compile(rf"\b{_OWNER} {_NUM} ?(-| )?(year|yr)s?(-| )?old\b"),
    re.compile(rf"\b{_OWNER} {_NUM} ?(yo|y o|yr old|yrs old)\b"),
    re.compile(
        rf"\b{_NUM} ?(-| )?(year|yr)s?(-| )?old (son|daughter|child|kid|boy|girl|grandson|granddaughter|"
        rf"niece|nephew|stepson|stepdaughter)\b"
    ),
    re.compile(rf"\b{_OWNER} {CHILD_WORDS} \(? ?{_NUM}\b(?! ?(pound|quid|gbp|times|hours|minutes|days|weeks))"),
    re.compile(rf"\b{CHILD_WORDS},? (is|who is|who s|whos|aged|age) {_NUM}\b"),
    re.compile(
        r"\b(she|he)( is| s|s) (only |just )?(\d{1,2})\b(?! ?(pound|quid|percent|times|pm|am|o ?clock|mins|minutes|hours))"
    ),
    re.compile(rf"\b(aged|age) {_NUM}\b"),
]
# "I'm 14", "im only 13", "I am 15 years old", "i'm a 12 year old", "I'm in year 9", "im a kid"
_USER_AGE_PATTERNS = [
    re.compile(
        rf"\b(i m|im|i am) (only |just )?(a )?{_NUM}( ?(-| )?(years?|yrs?)( ?(-| )?old)?)?\b"
        rf"(?! ?(pound|quid|percent|times|pm|am|o ?clock|minutes|mins|hours|days|weeks|months|miles))"
    ),
]
# "age 14 ... me": an age followed, anywhere later, by a first-person word. Matched in two linear passes (the
# lookahead `(?=.*\b(i|im|me|my)\b)` it replaces rescanned the rest of the text at every "age NN": quadratic).
_STATED_AGE = re.compile(rf"\b(my age is|age|aged) {_NUM}\b")
_FIRST_PERSON = re.compile(r"\b(i|im|me|my)\b")
_USER_SCHOOL_YEAR = re.compile(r"\b(i m|im|i am) in (year|yr|y) ?(\d{1,2})\b")
_USER_YOUNG_WORDS = re.compile(
    r"\b(i m|im|i am) (only )?(a )?(kid|child|teenager|teen|schoolgirl|schoolboy|"
    r"young person|minor|under ?18|under ?16|under age|underage)\b"
)
_ABOUT_CHILD = re.compile(rf"\b{_OWNER} ((\w+ ){{0,2}}){CHILD_WORDS}\b")
_ADULT_CHILD = re.compile(r"\b(grown up|grown-up|adult|\d{2}s?) (son|daughter|kids|children)\b")


def _to_int(token: str) -> Optional[int]:
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


def age_band(age: Optional[int]) -> Optional[str]:
    """'under_8', '8_to_12' or '13_to_17' for a child's age; None for an unknown age or an adult."""
    if age is None or age < 0 or age >= 18:
        return None
    return AGE_BANDS[0] if age < 8 else AGE_BANDS[1] if age <= 12 else AGE_BANDS[2]


def child_age(text: str) -> Optional[int]:
    """The age of the child the writer talks about, if the message gives one (0-17); else None."""
    norm = normalise(text)
    for pattern in _CHILD_AGE_PATTERNS:
        for match in pattern.finditer(norm):
            for token in match.groups():
                age = _to_int(token) if token else None
                if age is not None and 0 < age < 18:
                    return age
    return None


_BAND_WORDS = [
    (
        re.compile(r"\b(under|below|less than) (8|eight)\b|\b(toddler|baby|nursery|reception|infant school)\b"),
        AGE_BANDS[0],
    ),
    (re.compile(r"\b(8|eight) (to |and )?(12|twelve)\b|\b(primary|junior) school\b"), AGE_BANDS[1]),
    (
        re.compile(r"\b(13|thirteen) (to |and )?(17|seventeen)\b|\b(teen|teens|teenager|teenage|sixth form|college)\b"),
        AGE_BANDS[2],
    ),
]
_BARE_AGE = re.compile(
    rf"^ (she s |he s |they re |shes |hes |theyre |she is |he is |my \w+ is |only |just )?"
    rf"(only |just )?{_NUM}( years?( old)?)? $"
)
_CHILD_SCHOOL_YEAR = re.compile(r"\b(in|is in) (year|yr|y) ?(\d{1,2})\b")
# Scotland: P1-P7 (primary, P1 starts at 4-5) and S1-S6 (secondary, S1 starts at 11-12); written "P4", "S2".
_SCOTTISH_SCHOOL_YEAR = re.compile(r"\b(p|s)([1-7])\b")
_SECONDARY_YEAR = re.compile(
    r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th) year (of|at|in) "
    r"(high|secondary|big) school\b"
)
_ORDINAL = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
}
# Any age in a reply to "How old is your child?": "he's just turned 10", "my lad's 13", "11yo", "she's nearly 14".
_ANY_AGE = re.compile(
    rf"\b{_NUM} ?(yo|y o|yrs?|years?)?\b(?! ?(pound|quid|percent|times|pm|am|o ?clock|mins|"
    rf"minutes|hours|days|weeks|months|miles))"
)
_MONEY = re.compile(r"[£$€] ?\d[\d,.]*|\b\d[\d,.]* ?(p|k)\b")


def band_from_reply(text: str) -> Optional[str]:
    """The age band from a reply to "How old is your child?": "she's 9", "11", "under 8", "teenager"."""
    age = child_age(text)
    norm = normalise(text)
    if age is None:
        bare = _BARE_AGE.match(norm)
        if bare:
            age = next((_to_int(t) for t in bare.groups()[::-1] if t and _to_int(t) is not None), None)
    if age is None:
        year = _CHILD_SCHOOL_YEAR.search(norm)
        if year and 1 <= int(year.group(3)) <= 13:
            age = int(year.group(3)) + 4
    if age is None:  # the lower age of each school year is the safe guess, as for "year 9" above
        scottish = _SCOTTISH_SCHOOL_YEAR.search(norm)
        secondary = _SECONDARY_YEAR.search(norm)
        if scottish:
            age = int(scottish.group(2)) + (3 if scottish.group(1) == "p" else 10)
        elif secondary:
            age = 11 + _ORDINAL[secondary.group(1)]
    if age is not None:
        return age_band(age)
    for pattern, band in _BAND_WORDS:
        if pattern.search(norm):
            return band
    # Last: any number that can be a child's age; with several children ("4, 7 and 10") the youngest, whose
    # advice is the most protective.
    read = [_to_int(m.group(1)) for m in _ANY_AGE.finditer(normalise(_MONEY.sub(" ", text or "")))]
    ages = [a for a in read if a is not None and 0 < a < 18]
    return age_band(min(ages)) if ages else None


def user_age(text: str) -> Optional[int]:
    """The writer's own age, if they say it ("I'm 14", "I'm in year 9" -> 13); else None."""
    norm = normalise(text)
    school = _USER_SCHOOL_YEAR.search(norm)
    if school:
        year = int(school.group(3))
        if 1 <= year <= 13:
            return year + 4  # year 9 is 13-14 in England and Wales: the lower age is the safe guess
    for match in (_USER_AGE_PATTERNS[0].search(norm), _stated_age(norm)):
        if match:
            for token in match.groups():
                age = _to_int(token) if token else None
                if age is not None and 5 <= age <= 25:
                    return age
    return None


def _stated_age(norm: str) -> Optional[re.Match[str]]:
    """The first "age NN" with a first-person word after it, as the old lookahead found it, in linear time."""
    match = _STATED_AGE.search(norm)
    if match is None:
        return None
    return match if _FIRST_PERSON.search(norm, match.end()) else None


_USER_ADULT_WORDS = re.compile(
    r"\b(i m|im|i am) (an adult|over 18|over eighteen|a grown woman|a grown man|"
    r"a grown up|a grown-up)\b"
)


def says_adult(text: str) -> bool:
    """True when the writer says they are 18 or over ("I'm 34", "I am 19 years old", "I'm an adult")."""
    norm = normalise(text)
    match = _USER_AGE_PATTERNS[0].search(norm)
    age = next((_to_int(t) for t in (match.groups() if match else ()) if t and _to_int(t) is not None), None)
    return (age is not None and 18 <= age <= 110) or bool(_USER_ADULT_WORDS.search(norm))


def says_young_person(text: str) -> bool:
    """True when the writer says they are under 18, by age or in words ("I'm a teenager")."""
    age = user_age(text)
    return (age is not None and age < 18) or bool(_USER_YOUNG_WORDS.search(normalise(text)))


def about_a_child(text: str) -> bool:
    """True when the message is about the writer's (or someone's) child: "my son", "our 9 year old"."""
    norm = normalise(text)
    if _ADULT_CHILD.search(norm):
        return False
    return child_age(text) is not None or bool(_ABOUT_CHILD.search(norm))


def find_platform(text: str, platforms: Iterable[PlatformGuide]) -> Optional[PlatformGuide]:
    """The first app or game named in the text, by the aliases in content/platforms/. An alias that is also an
    everyday word ("switch off Snap Map") counts only when no other platform is named."""
    norm = normalise(text)
    best = None
    for platform in platforms:
        for everyday, alias in [(False, a) for a in platform.aliases] + [
            (True, a) for a in platform.everyday_word_aliases
        ]:
            match = re.search(rf"\b{re.escape(normalise(alias).strip())}\b", norm)
            if match and (best is None or (everyday, match.start()) < best[0]):
                best = ((everyday, match.start()), platform)
    return best[1] if best else None


@dataclass(frozen=True)
class ChildContext:
    child_age: Optional[int]
    young_person: bool
    about_child: bool

    @property
    def band(self) -> Optional[str]:
        return age_band(self.child_age)

    @property
    def under_18(self) -> Optional[bool]:
        """True if the person harmed is known to be under 18, None if the message does not say."""
        return True if (self.young_person or self.about_child) else None


def read(text: str) -> ChildContext:
    return ChildContext(
        child_age=child_age(text), young_person=says_young_person(text), about_child=about_a_child(text)
    )
