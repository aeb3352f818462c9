"""Reads the facts that change an answer out of what someone typed: a child's age ("my 7 year old"), whether the
message is about the writer's child ("my son", "our daughter"), whether the writer is a young person
("I'm 14", "I'm in year 9"), which app or game they name, and which UK nation a place they name is in
("I live in Dundee").

Pure Python, no Rasa imports. The actions use it to tailor the TALK tips by age band, to pick the young
person's wording, and to tell the route engine that the victim is under 18 (CEOP, Report Remove, Childline).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, Optional, Tuple

from cyberprotect.content_schema import AGE_BANDS, PlatformGuide

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
CHILD_WORDS = (r"(son|sons|daughter|daughters|child|children|kid|kids|boy|girl|lad|teen|teenager|grandson|"
               r"granddaughter|grandchild|niece|nephew|stepson|stepdaughter|step son|step daughter|little one|"
               r"toddler|baby|pupil|pupils|foster child|young person)")
_OWNER = r"(my|our|his|her|their)"

# "my 7 year old", "my 10yo", "our 13-year-old son", "my son (10)", "my daughter, 12,", "my son is 9",
# "my daughter who is 14", "she's 12", "he is 9", "aged 8", "age 15"
_CHILD_AGE_PATTERNS = [
    re.compile(rf"\b{_OWNER} {_NUM} ?(-| )?(year|yr)s?(-| )?old\b"),
    re.compile(rf"\b{_OWNER} {_NUM} ?(yo|y o|yr old|yrs old)\b"),
    re.compile(rf"\b{_NUM} ?(-| )?(year|yr)s?(-| )?old (son|daughter|child|kid|boy|girl|grandson|granddaughter|"
               rf"niece|nephew|stepson|stepdaughter)\b"),
    re.compile(rf"\b{_OWNER} {CHILD_WORDS} \(? ?{_NUM}\b(?! ?(pound|quid|gbp|times|hours|minutes|days|weeks))"),
    re.compile(rf"\b{CHILD_WORDS},? (is|who is|who s|whos|aged|age) {_NUM}\b"),
    re.compile(r"\b(she|he)( is| s|s) (only |just )?(\d{1,2})\b(?! ?(pound|quid|percent|times|pm|am|o ?clock|mins|minutes|hours))"),
    re.compile(rf"\b(aged|age) {_NUM}\b"),
]
# "I'm 14", "im only 13", "I am 15 years old", "i'm a 12 year old", "I'm in year 9", "im a kid"
_USER_AGE_PATTERNS = [
    re.compile(rf"\b(i m|im|i am) (only |just )?(a )?{_NUM}( ?(-| )?(years?|yrs?)( ?(-| )?old)?)?\b"
               rf"(?! ?(pound|quid|percent|times|pm|am|o ?clock|minutes|mins|hours|days|weeks|months|miles))"),
]
# "age 14 ... me": an age followed, anywhere later, by a first-person word. Matched in two linear passes (the
# lookahead `(?=.*\b(i|im|me|my)\b)` it replaces rescanned the rest of the text at every "age NN": quadratic).
_STATED_AGE = re.compile(rf"\b(my age is|age|aged) {_NUM}\b")
_FIRST_PERSON = re.compile(r"\b(i|im|me|my)\b")
_USER_SCHOOL_YEAR = re.compile(r"\b(i m|im|i am) in (year|yr|y) ?(\d{1,2})\b")
_USER_YOUNG_WORDS = re.compile(r"\b(i m|im|i am) (only )?(a )?(kid|child|teenager|teen|schoolgirl|schoolboy|"
                               r"young person|minor|under ?18|under ?16|under age|underage)\b")
_ABOUT_CHILD = re.compile(rf"\b{_OWNER} ((\w+ ){{0,2}}){CHILD_WORDS}\b")
_ADULT_CHILD = re.compile(r"\b(grown up|grown-up|adult|\d{2}s?) (son|daughter|kids|children)\b")


def _normalise(text: str) -> str:
    text = re.sub(r"[’‘'`´]", " ", (text or "").lower())
    return " " + re.sub(r"[^a-z0-9()]+", " ", text).strip() + " "


def _to_int(token: str) -> Optional[int]:
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)


def age_band(age: Optional[int]) -> Optional[str]:
    """'under_8', '8_to_12' or '13_to_17' for a child's age; None for an unknown age or an adult."""
    if age is None or age < 0 or age >= 18:
        return None
    return AGE_BANDS[0] if age < 8 else AGE_BANDS[1] if age <= 12 else AGE_BANDS[2]


def child_age(text: str) -> Optional[int]:
    """The age of the child the writer talks about, if the message gives one (0-17); else None."""
    norm = _normalise(text)
    for pattern in _CHILD_AGE_PATTERNS:
        for match in pattern.finditer(norm):
            for token in match.groups():
                age = _to_int(token) if token else None
                if age is not None and 0 < age < 18:
                    return age
    return None


_BAND_WORDS = [
    (re.compile(r"\b(under|below|less than) (8|eight)\b|\b(toddler|baby|nursery|reception|infant school)\b"), AGE_BANDS[0]),
    (re.compile(r"\b(8|eight) (to |and )?(12|twelve)\b|\b(primary|junior) school\b"), AGE_BANDS[1]),
    (re.compile(r"\b(13|thirteen) (to |and )?(17|seventeen)\b|\b(teen|teens|teenager|teenage|sixth form|college)\b"),
     AGE_BANDS[2]),
]
_BARE_AGE = re.compile(rf"^ (she s |he s |they re |shes |hes |theyre |she is |he is |my \w+ is |only |just )?"
                       rf"(only |just )?{_NUM}( years?( old)?)? $")
_CHILD_SCHOOL_YEAR = re.compile(r"\b(in|is in) (year|yr|y) ?(\d{1,2})\b")
# Scotland: P1-P7 (primary, P1 starts at 4-5) and S1-S6 (secondary, S1 starts at 11-12); written "P4", "S2".
_SCOTTISH_SCHOOL_YEAR = re.compile(r"\b(p|s)([1-7])\b")
_SECONDARY_YEAR = re.compile(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th) year (of|at|in) "
                             r"(high|secondary|big) school\b")
_ORDINAL = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
            "fifth": 4, "5th": 4}
# Any age in a reply to "How old is your child?": "he's just turned 10", "my lad's 13", "11yo", "she's nearly 14".
_ANY_AGE = re.compile(rf"\b{_NUM} ?(yo|y o|yrs?|years?)?\b(?! ?(pound|quid|percent|times|pm|am|o ?clock|mins|"
                      rf"minutes|hours|days|weeks|months|miles))")
_MONEY = re.compile(r"[£$€] ?\d[\d,.]*|\b\d[\d,.]* ?(p|k)\b")


def band_from_reply(text: str) -> Optional[str]:
    """The age band from a reply to "How old is your child?": "she's 9", "11", "under 8", "teenager"."""
    age = child_age(text)
    norm = _normalise(text)
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
    read = [_to_int(m.group(1)) for m in _ANY_AGE.finditer(_normalise(_MONEY.sub(" ", text or "")))]
    ages = [a for a in read if a is not None and 0 < a < 18]
    return age_band(min(ages)) if ages else None


def user_age(text: str) -> Optional[int]:
    """The writer's own age, if they say it ("I'm 14", "I'm in year 9" -> 13); else None."""
    norm = _normalise(text)
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


_USER_ADULT_WORDS = re.compile(r"\b(i m|im|i am) (an adult|over 18|over eighteen|a grown woman|a grown man|"
                               r"a grown up|a grown-up)\b")


def says_adult(text: str) -> bool:
    """True when the writer says they are 18 or over ("I'm 34", "I am 19 years old", "I'm an adult")."""
    norm = _normalise(text)
    match = _USER_AGE_PATTERNS[0].search(norm)
    age = next((_to_int(t) for t in (match.groups() if match else ()) if t and _to_int(t) is not None), None)
    return (age is not None and 18 <= age <= 110) or bool(_USER_ADULT_WORDS.search(norm))


def says_young_person(text: str) -> bool:
    """True when the writer says they are under 18, by age or in words ("I'm a teenager")."""
    age = user_age(text)
    return (age is not None and age < 18) or bool(_USER_YOUNG_WORDS.search(_normalise(text)))


def about_a_child(text: str) -> bool:
    """True when the message is about the writer's (or someone's) child: "my son", "our 9 year old"."""
    norm = _normalise(text)
    if _ADULT_CHILD.search(norm):
        return False
    return child_age(text) is not None or bool(_ABOUT_CHILD.search(norm))


def find_platform(text: str, platforms: Iterable[PlatformGuide]) -> Optional[PlatformGuide]:
    """The first app or game named in the text, by the aliases in content/platforms/. An alias that is also an
    everyday word ("switch off Snap Map") counts only when no other platform is named."""
    norm = _normalise(text)
    best = None
    for platform in platforms:
        for everyday, alias in [(False, a) for a in platform.aliases] + \
                               [(True, a) for a in platform.everyday_word_aliases]:
            match = re.search(rf"\b{re.escape(_normalise(alias).strip())}\b", norm)
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
    return ChildContext(child_age=child_age(text), young_person=says_young_person(text),
                        about_child=about_a_child(text))


# Where the writer is: "I live in Dundee", "we're in Fife", "here in Glasgow", "he wanted to come to Scotland to
# meet me", "I reported it to Police Scotland". A place told this way decides the nation over any other place named.
_HOME_BEFORE = (r"(?:(?:i|we) (?:live|lived|m|am|re|are|have lived|ve lived|was born and live|grew up and live|"
                r"moved back|moved home)(?: (?:here|now|still|currently|based|living|staying|all my life|"
                r"just|up|down|over)){0,2}|i m from|im from|i am from|we re from|living|based|here|back home|"
                r"home|my home|our home|my house|our house|where i live|i reported it|we reported it|"
                r"reported it to (?:the )?police|i called|i rang|i phoned|i contacted|i went to)"
                r" (?:in|near|outside|just outside|on the outskirts of|to|up in|down in|over in|at)? ?(?:the )?$")
_HOME_AFTER = r"^ ?(?:to|for)? (?:meet|see|visit|be with|stay with|marry|live with) (?:me|us)\b"
# Someone else's place: "he would be working in Northern Ireland", "she said she was in Belfast".
_OTHER_BEFORE = re.compile(r"\b(?:he|she|they|his|her|their|him|them|the scammer|the man|the woman|the caller)\b"
                           r"(?: [a-z]+){0,6} (?:in|from|to|at|near) (?:the )?$")
# "I'm a Scot", "as a Scottish pensioner": where the writer is from (the four nations only; not a place list).
_NATIONALITY = {"scot": "scotland", "scottish": "scotland", "welsh": "wales", "northern irish": "northern_ireland",
                "english": "england"}
_SAYS_NATIONALITY = re.compile(r"\b(?:i m|im|i am|we re|we are|as) (?:a |an )?(?:proud )?"
                               r"(scot|scottish|welsh|northern irish|english)\b(?! (?:is|speaking|language|teacher|"
                               r"lesson|lessons|class|translation|version|accent))")
_FIRST_PERSON_WORD = re.compile(r"\b(?:i|im|me|my|we|us|our)\b")
_COME_TO = re.compile(r"\b(?:come|came|coming|fly|flew|flying|travel|travelled|get|move|moving|visit) (?:over |up |down )?"
                      r"(?:to )?(?:the )?$")


def find_nation(text: str, places: Dict[str, str]) -> Optional[str]:
    """The nation the writer is in, from a place they name ("I live in Dundee" -> scotland; content/places.yml).

    A place where they say they live or reported it decides; otherwise places said of someone else ("he would be
    working in Northern Ireland") are set aside; when no place is left, or the places left are in two nations, None: the bot then shows
    both routes. The nation comes from where the person is, never from any place named (issue 18)."""
    norm = _normalise(text)
    home, neutral, other = set(), set(), set()
    for match in _SAYS_NATIONALITY.finditer(norm):
        home.add(_NATIONALITY[match.group(1)])
    for place, nation in places.items():
        for match in re.finditer(rf"\b{re.escape(place)}\b", norm):
            before = norm[max(0, match.start() - 80):match.start()]
            after = norm[match.end():match.end() + 30]
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


# --- What the person has already done (issue 18: answer the situation, not only the topic) ------------------
# Each pattern runs on the normalised text (lower case, apostrophes and punctuation as spaces). Every repetition
# is bounded, so each search is linear in the length of the message (4,000+ characters are normal for a story).
# A match does not count when the few words before it deny or suppose it ("I haven't clicked", "if I paid").
SITUATIONS = ("remote_access", "paid", "details_given", "password_given", "clicked", "in_contact")
_W = r"(?: [a-z0-9]+){0,4}"      # up to four words in between ("sent him another 200", "put all my card")
# Who did it, or the "and" / "then" of a story told in order ("I saw a puppy advertised and paid a deposit").
_PRONOUN = r"(?:i|we|i ve|ive|i have|we ve|we have|i d|she|he|they|mum|dad|my mum|my dad|already|just|and|then|so)"
_REMOTE_APPS = (r"(?:anydesk|any desk|teamviewer|team viewer|quicksupport|quick support|quick assist|quickassist|"
                r"rustdesk|supremo|ultraviewer|logmein|splashtop|remote access|remote desktop|remote control|"
                r"screen ?share|screen sharing|an app|the app|a program|software)")
_DEVICE = r"(?:computer|laptop|pc|mac|phone|tablet|ipad|screen|device|desktop|bank account|online banking)"
_SITUATION_PATTERNS = {
    "remote_access": [
        re.compile(rf"\b(?:installed|downloaded|let them install|let him install|let her install|put){_W} "
                   rf"{_REMOTE_APPS}\b"),
        re.compile(rf"\b(?:got|made|had|talked|persuaded|convinced|tricked) (?:me|us|her|him|my \w+)(?: into| to)? "
                   rf"(?:install|download|installing|downloading|put|putting|open|opening|let){_W} {_REMOTE_APPS}\b"),
        re.compile(rf"\b(?:let|allowed|gave|given|granted)(?: them| him| her)?{_W} (?:remote )?(?:access|control)"
                   rf"(?: to| of| over| on| into)(?: my| our| the| his| her){{0,1}} {_DEVICE}\b"),
        re.compile(rf"\b(?:let|allowed)(?: them| him| her) (?:on|onto|into|in to|access|control|remote)"
                   rf"(?: to)?(?: my| our){{0,1}}(?: {_DEVICE})?\b"),
        re.compile(rf"\b(?:took|taken|had|got|gained|has|have) (?:remote )?(?:control|access) (?:of|to|over|on)"
                   rf" (?:my|our|the|his|her) {_DEVICE}\b"),
        re.compile(r"\b(?:they|he|she|the scammer) (?:were|was) (?:on|in|inside) (?:my|our|the) "
                   r"(?:computer|laptop|pc|screen|device)\b"),
    ],
    "paid": [
        re.compile(rf"\b{_PRONOUN} (?:already |just |have |had )?(?:paid|sent|transferred|moved|handed over|"
                   rf"wired|lost|gave|spent|invested|deposited|bought){_W} (?:\d[\d,.]*(?: ?k)?|money|cash|"
                   rf"pounds|quid|grand|deposit|savings|payment|payments|fee|fees|bitcoin|crypto|btc|usdt|"
                   rf"gift ?cards?|vouchers?|amazon cards?|itunes cards?|steam cards?|pension|life savings)\b"),
        re.compile(rf"\b{_PRONOUN} (?:already |just |have |had )?paid\b(?! (?:back|nothing|anything)\b)"),
        # the payment named as a thing done ("I did it by bank transfer", "she made the transfer", "we approved
        # the payments"); a denial between verb and noun ("I did not make any payment") stops the match
        re.compile(rf"\b{_PRONOUN} (?:already |just |then |have |had )?(?:made|did|done|completed|authorised|"
                   rf"authorized|approved|confirmed|set up)(?: (?!not\b|never\b|no\b|any\b)[a-z0-9]+){{0,3}} "
                   rf"(?:transfer|transfers|payment|payments)\b"),
        # talked into it, told about someone else ("they talked him into moving 4000 pounds to a safe account")
        re.compile(rf"\b(?:talked|persuaded|convinced|tricked|pressured|got|made) (?:me|us|him|her|them|my \w+)"
                   rf"(?: into| to) (?:paying|sending|transferring|moving|handing over|pay|send|transfer|move|"
                   rf"hand over){_W} (?:\d[\d,.]*(?: ?k)?|money|cash|pounds|quid|grand|deposit|savings|payment|"
                   rf"fee|bitcoin|crypto|gift ?cards?|vouchers?|pension|life savings)\b"),
        re.compile(r"\b(?<!been )(?<!get )(?<!got )(?<!be )(?<!being )(?:paid|sent|transferred) (?:them|him|her|it|"
                   r"the money|via|by|with|through|using|for|over|on)\b"),
        re.compile(rf"\b(?:took|taken|stole|stolen|withdrew|withdrawn|emptied|drained|cleaned out|debited)"
                   rf"{_W} (?:\d[\d,.]*|money|savings|account|accounts|pension)\b"),
        re.compile(r"\b(?:scammed|conned|cheated|defrauded|robbed) (?:me |us |her |him |them )?(?:out of|of) "
                   r"(?:\d|my|our|her|his|all|money|savings|about|over|nearly|almost|around)"),
        re.compile(r"\b(?:money|savings|cash|payment|transfer|deposit) (?:is |has |s |was |have |had )?"
                   r"(?:gone|been taken|been stolen|went through|gone through|left my account)\b"),
        re.compile(r"\b(?:lost|losing) (?:\d[\d,.]*|my money|all my|our money|thousands|hundreds|money)\b"),
    ],
    "details_given": [
        re.compile(rf"\b(?:entered|put|putting|typed|gave|given|filled|input|inputted|submitted|handed over)"
                   rf"{_W} (?:card|bank|banking|account number|account details|sort code|pin|cvv|cvc|"
                   rf"security number|security code|long number|payment details|credit card|debit card|expiry)\b"),
        re.compile(rf"\b(?:provided|shared|read out|told them|told him|told her|confirmed|sent|texted|emailed)"
                   rf"{_W} (?:(?:card|bank|banking|account|payment|login) (?:details|number|numbers|info|information)|"
                   rf"sort code|pin|cvv|cvc|security number|security code|long number|expiry)\b"),
        re.compile(r"\b(?:entered|put|putting|typed|filled|input|inputted|submitted)(?: in| out)?(?: all)? "
                   r"(?:my|our|her|his|their) (?:details|info|information)\b"),
        re.compile(r"\b(?:gave|given) (?:them|him|her|it) (?:my|our|her|his|all my) (?:details|info|information)\b"),
        re.compile(r"\b(?:(?:logged|signed)|(?:made|got|had) (?:me|us|her|him)(?: to)? (?:log|sign)) (?:in|into|on)"
                   r"(?: to)?(?: my| her| his| our| the)? (?:bank|banking|online banking|bank account|bank app|"
                   r"banking app)\b"),
    ],
    "password_given": [
        re.compile(rf"\b(?:entered|put|typed|gave|given|shared|input|inputted|told them|told him|told her|"
                   rf"logged in|signed in){_W} (?:password|passwords|passcode|login details|log in details|"
                   rf"sign in details|username and password)\b"),
        re.compile(r"\b(?:logged|signed) (?:in|into|on)(?: to)?(?: my| her| his)?(?: [a-z0-9]+){0,2} "
                   r"(?:on|through|via|from) (?:the|that|their|it|this)\b"),
    ],
    "clicked": [
        re.compile(rf"\b(?:clicked|pressed|tapped|followed|opened|visited|went on|went onto|went to|used)"
                   rf"(?: on)?{_W} (?:link|links|url|attachment|attachments|file|the site|the website|the page|"
                   rf"their site|their website|that site|that website|qr code)\b"),
        re.compile(r"\b(?:clicked|tapped|pressed)(?: on)?(?: it| them| this| that| through)?\b"),
        re.compile(r"\b(?:scanned) (?:the|a|their|that) qr\b"),
    ],
    "in_contact": [
        re.compile(r"\bstill (?:talking|speaking|chatting|messaging|texting|emailing|writing|in touch|in contact|"
                   r"on the phone|on the line|on the call|replying|answering|seeing|dating|speak|talk|chat)\b"),
        re.compile(r"\b(?:keep|keeps|kept|keeping) (?:on )?(?:calling|ringing|phoning|messaging|texting|emailing|"
                   r"contacting|writing to|asking)\b"),
        re.compile(r"\b(?:they re|theyre|they are|he s|hes|he is|she s|shes|she is|scammer is|scammers are) "
                   r"(?:still |now )?(?:messaging|texting|calling|ringing|contacting|emailing|asking|chasing|"
                   r"pressuring|pushing|demanding)\b"),
        re.compile(r"\b(?:we|i) (?:still )?(?:talk|speak|chat|message|text)(?: [a-z]+){0,2} (?:every day|daily|"
                   r"every night|all the time)\b"),
    ],
}
# Words just before a match that deny or suppose it: "I haven't clicked", "in case I paid", "they want me to pay".
_NOT_DONE = re.compile(r"\b(?:not|never|no|didn t|didnt|don t|dont|haven t|havent|hasn t|hasnt|hadn t|hadnt|"
                       r"wasn t|wasnt|won t|wont|without|almost|nearly|before|if|unless|in case|should|shall|"
                       r"would|could|can|might not|to|stopped|no longer|refused|avoid|avoided|careful not)"
                       r"(?: [a-z0-9]+){0,2} $")
_NEGATION_WINDOW = 40  # characters before a match that are checked for _NOT_DONE


def _done(norm: str, patterns: Iterable[re.Pattern[str]]) -> bool:
    for pattern in patterns:
        for match in pattern.finditer(norm):
            before = norm[max(0, match.start() - _NEGATION_WINDOW):match.start()]
            if not _NOT_DONE.search(before):
                return True
    return False


# The contact has ended: "they kept asking for more and now they have blocked me" is not "still in touch".
_CONTACT_ENDED = re.compile(r"\b(?:blocked (?:me|us|her|him|my \w+)|(?:deleted|closed) (?:their|his|her) (?:account|profile)|"
                            r"(?:stopped|stop) (?:replying|answering|responding)|(?:gone|went) (?:quiet|silent)|"
                            r"disappeared|vanished|never heard (?:from|back)|no longer (?:in touch|in contact|talking))\b")


def situation(text: str) -> Tuple[str, ...]:
    """What the person says has already happened, in SITUATIONS order: ("paid", "clicked"), or ()."""
    norm = _normalise(text)
    found = tuple(key for key in SITUATIONS if _done(norm, _SITUATION_PATTERNS[key]))
    if "in_contact" in found and _CONTACT_ENDED.search(norm):
        found = tuple(key for key in found if key != "in_contact")
    return found


# --- Signs that a child is being groomed, in a parent's or young person's story (issue 18) -----------------------
_GROOMING_SIGNS = re.compile(
    r"\b(?:nudes?|naked|sexual|sexually|explicit|sext\w*|inappropriate (?:pictures|photos|messages|images|things)"
    r"|(?:send|sending|sent) (?:him|her|them|me) (?:pics|pictures|photos|a picture|a photo|images|videos)"
    r"|(?:pics|pictures|photos|videos) of (?:herself|himself|themselves|myself)"
    r"|(?:meet|meeting|met) (?:up|him|her|them|in person|in real life|irl)|keep (?:it|this|us|them|our chats?) (?:a )?secret"
    r"|(?:don t|dont|not to|never) tell (?:anyone|your parents|your mum|your dad|her parents|his parents|us|my parents)"
    r"|groom(?:ing|ed|er|ers)?|predators?|paedophiles?|pedophiles?|older (?:man|men|guy|guys|boy|boys|male))\b")


def grooming_signs(text: str) -> bool:
    """True when a message about a child, or from a young person, tells signs of grooming: sexual pictures asked
    for or traded, a meeting, secrecy, an older man ("he asked her to send pictures and not tell us")."""
    norm = _normalise(text)
    return bool(_GROOMING_SIGNS.search(norm)) and (about_a_child(text) or says_young_person(text))


# --- Which topic the facts of the message point to, when the classifier's topic is a near neighbour ----------
_AI_MADE = re.compile(r"\b(?:ai|a i|deepfake|deep fake|deepfaked|fake|faked|edited|photoshopped|nudif\w*|undress\w*|"
                      r"generated|made up)\b")
_SIM_LOST = re.compile(r"\b(?:sim|sim card|esim|e sim|no signal|lost signal|lost all signal|no service|sos only|"
                       r"emergency calls only|phone (?:went|was) dead|number (?:was |has been )?(?:ported|transferred|moved)|"
                       r"port(?:ed|ing) my number|new sim)\b")
_EMAIL_WORDS = re.compile(r"\b(?:e ?mails?|emailed|inbox|gmail|outlook|hotmail|spam folder|junk folder)\b")
_CALL_WORDS = re.compile(r"\b(?:recorded message|automated call|robocall|voicemail|voice mail|"
                         r"phone call|cold call|rang me|called me|phoned me|on the phone|the caller|press 1|press one)\b")
_CALLER_RELATIVE = (r"(?:grandson|granddaughter|grandchild|grandkid|son|daughter|nephew|niece|brother|sister|"
                    r"grandma|grandmother|granny|nan|nana|nanna|gran|grandad|grandpa|grandfather|mum|mom|mam|dad)")
# Someone on the phone or in a message claiming to be a relative: the family impersonation ("grandparent") scam.
_CLAIMS_RELATIVE = re.compile(
    r"\b(?:hi|hello|hey|hiya) (?:grandma|granny|nan|nana|nanna|gran|grandad|grandpa|mum|mom|mam|mummy|dad|daddy)\b"
    r"|\b(?:this is|it s|its) (?:me )?(?:your )?(?:oldest |eldest |youngest |favourite )?"
    r"(?:grandson|granddaughter|grandchild|son|daughter|nephew|niece)\b"
    rf"|\b(?:pretending|claiming|pretended|claimed) (?:to be|he was|she was|it was) (?:my|our|her|his) (?:\w+ )?"
    rf"{_CALLER_RELATIVE}\b")
# The message says the person's own account sent what they never wrote, or that an account was taken over.
_ACCOUNT_USED = re.compile(
    r"\b(?:supposed to be|supposedly|pretending to be|claiming to be) from me\b"
    r"|\b(?:contacts|friends|people|everyone)(?: [a-z]+){0,4} (?:have |has |had )?(?:received|got|getting|been getting)"
    r"(?: [a-z]+){0,3} (?:e ?mails?|messages?|texts?)(?: [a-z]+){0,3} from (?:me|my (?:account|e ?mail|number|phone|whatsapp|facebook|instagram|messenger|snapchat))\b"
    r"|\b(?:account|e ?mail|facebook|instagram|whatsapp|messenger)(?: account)? (?:has|had|was|got|has been|had been) "
    r"(?:been )?(?:hacked|taken over|compromised|hijacked)\b")
# A "friend" asking for a code sent to your phone: the code takes over your account.
_CODE_ASKED = re.compile(r"\b(?:send|forward|give|pass|share|read out)(?: [a-z]+){0,3} (?:a |the |that |him |her |them )?"
                         r"(?:security |verification |six digit |6 digit |login |one time |whatsapp )?code\b")
_OF_ME = re.compile(r"\b(?:of me|me naked|my face|my head|my photo|my photos|my picture|my pictures|my body)\b")


def refined_topic(key: str, text: str) -> str:
    """The topic the message's own facts call for, given the classifier's topic `key` (issue 18):
    - a young person romanced online ("I'm 15 and a guy I've been talking to wants to meet") is grooming, not a
      romance scam (child protection: CEOP, Childline);
    - an AI-made or faked nude "of me" is the deepfake images topic, not child abuse images found online.
    - an account takeover told with the phone losing its signal or the SIM moved ("my phone suddenly said SOS only,
      then my bank account was emptied") is a SIM swap: the mobile provider comes first.
    - a "phishing email" told as a call ("a recorded message, supposedly from Amazon") with no email in it is a
      scam call.
    - a call or message from someone claiming to be a relative ("Hi Grandma", "this is your oldest grandson") read
      as a bank call or courier fraud is family impersonation;
    - a "friend"'s message read as family impersonation, or a scam email or call, is a hacked account when the
      message says an account sent what its owner never wrote ("an email supposedly from me") or was taken over, or
      (for family impersonation) that a code was asked for.
    Anything else keeps its key."""
    if key == "romance_scam" and (says_young_person(text) or age_band(child_age(text)) is not None):
        return "child_grooming"
    norm = _normalise(text)
    if key == "phishing_email" and _CALL_WORDS.search(norm) and not _EMAIL_WORDS.search(norm):
        key = "vishing"  # and a caller who claims to be a relative is family impersonation (below)
    if key in ("vishing", "courier_fraud") and _CLAIMS_RELATIVE.search(norm):
        return "family_impersonation"
    if key in ("family_impersonation", "phishing_email", "vishing") and _ACCOUNT_USED.search(norm):
        return "hacked_account"
    if key == "family_impersonation" and _CODE_ASKED.search(norm) and not _CLAIMS_RELATIVE.search(norm):
        return "hacked_account"
    if key == "hacked_account" and _SIM_LOST.search(norm):
        return "sim_swap"
    if key == "child_abuse_images" and _AI_MADE.search(norm) and _OF_ME.search(norm):
        return "deepfake_images"
    return key

