"""Says whether a chat message is a pasted message to check ("Is this a scam? 'HMRC: You are due a refund…'",
an email with From/Subject lines, a link or a phone number alone) rather than the person describing what
happened to them ("I got a text from Royal Mail and paid £1.99, what do I do?"). Pure Python; used by the NLU
component components/checker_detector.py to send such messages to the checker, whatever the classifier
guessed. Measured by tests/unit/test_checker_detect.py on the corpus and on the topic training examples.
"""

from __future__ import annotations

import re

from cyberprotect.checker import links as L
from channels.redaction import LABELS, PHONE_PLACEHOLDER

HIDDEN_NUMBER = LABELS["phone"]  # the channel gate removes phone numbers before Rasa sees the message,
HIDDEN_NUMBERS = PHONE_PLACEHOLDER  # keeping only their kind: "[phone number removed: premium-rate]"

ASK = re.compile(
    r"\b(?:is|was|could|might) (?:this|that|it) (?:a )?(?:scam|real|legit(?:imate)?|genuine|fake|safe|phishing|spam)\b"
    r"(?=\s*(?:[?!.:,\-–\"“']|$|\b(?:or|and|please|pls)\b))"
    r"|\b(?:check|look at) (?:this|that|my|a) (?:message|text|email|e-mail|link|number|website|site|dm)\b"
    r"|\bscam or (?:not|real|legit)\b|\b(?:real|legit|genuine) or (?:a )?(?:scam|fake|not)\b"
    r"|\bis this (?:message|text|email|link|number|website|site) (?:real|ok|safe|legit|genuine|a scam)\b",
    re.I,
)
HEADERS = re.compile(r"^\s*(?:from|subject|sent|to|date|reply-to)\s*:", re.I | re.M)
QUOTED = re.compile(r"[\"“«]([^\"”»]{25,})[\"”»]")  # double or curly quotes round a message
SENDER_PREFIX = re.compile(r"(?:^|[?!.]\s+)\[?[A-Z][A-Za-z.&\- ]{1,24}\]?\s*[:\-–]\s+\S", re.M)
ORG_VOICE = re.compile(
    r"\b(?:your (?:parcel|package|account|card|payment|order|delivery|licen[cs]e|vehicle|refund|reward|"
    r"subscription|apple id|icloud|bill|direct debit)|dear (?:customer|user|member|sir|madam)|"
    r"you (?:have|are) (?:been )?(?:won|selected|eligible|owed|due)|we have (?:detected|noticed|received|held)|"
    r"click (?:here|the link|below)|press 1|hi (?:mum|mam|mom|dad)|hello (?:mum|mam|mom|dad)|"
    r"if (?:this|it) was(?:n'?t|n’t| not) you|new (?:device|payee)|(?:unpaid|outstanding) (?:fee|fine|toll|charge|tax)|"
    r"(?:verify|confirm|update|restore) your|your (?:points|reward points|code|6-digit code))\b",
    re.I,
)
FIRST_PERSON_STORY = re.compile(
    r"^\s*(?:i|i've|i'm|i was|my|we|we've|me|someone|somebody|they|he|she|a man|a woman)\b"
    r"|\b(?:i (?:got|received|clicked|paid|gave|sent|replied|lost|answered|had)|i've (?:been|got|lost|paid))\b",
    re.I,
)


DESCRIBES = re.compile(
    r"^\s*(?:(?:a|an|the|this|that|random|got a|had a|received a|i got a|i had a)\s+)?"
    r"(?:text|txt|sms|email|e-mail|message|call|phone call|voicemail|dm)(?:\s+message)?\s+"
    r"(?:from|saying|says|said|about|claiming|telling|asking|on)\b"
    r"|\bis it (?:a scam|safe|real|legit) (?:if|when|to)\b|\bis it safe to\b",
    re.I,
)
SECOND_PERSON = re.compile(r"\byou(?:r|'ve|'re)?\b", re.I)
# The person says they already did what the message wanted (issue 18's real phrasing: "So I called the number and
# it said put in your 16 digit account number"). They need the advice for what happened (bank first), not only a
# verdict on the text: without the message quoted, it is left to the topic classifier; with it quoted, the checker
# answers both, the "already" steps first (cyberprotect/checker/reply.py). Looked for outside the quoted message.
ACTED = re.compile(
    r"\b(?:i|we|i've|we've|i have|we have|i had|my (?:mum|mom|dad|husband|wife|partner|son|daughter|nan|gran))"
    r"\s+(?:then\s+|already\s+|just\s+|stupidly\s+|foolishly\s+)?"
    r"(?:clicked|tapped|pressed|paid|gave|given|entered|typed|put in|filled (?:in|out)|transferred|moved|"
    r"replied|responded|called (?:the|them|back|it)|rang (?:the|them|back|it)|logged (?:in|on)|signed in|"
    r"installed|downloaded|handed|shared|lost|sent (?:them|him|her|it|the money|money|my|£|\d)|"
    r"bought|scanned|followed the (?:link|instructions))\b"
    r"|\b(?:she|he)\s+(?:then\s+|already\s+)?(?:paid|transferred|sent (?:the money|money|it|£|\d)|gave (?:them|him|her))\b"
    r"|\band (?:then (?:i |we )?|i |we )(?:clicked|tapped|paid|transferred|installed|downloaded|entered|typed|handed|"
    r"logged (?:in|on)|gave (?:them|him|her))\b",
    re.I,
)
# A stranger's "wrong number" opener speaks in the first person too ("Sorry, I entered the wrong number"): those words
# are the sender's, not the person saying they acted on a message.
WRONG_NUMBER_WORDS = re.compile(
    r"\b(?:entered|typed|dialled|dialed|texted|messaged|sent|rang|called|got)\s+(?:you\s+)?the wrong "
    r"(?:number|person|man|woman)\b",
    re.I,
)


def _acted(text: str) -> bool:
    return bool(ACTED.search(WRONG_NUMBER_WORDS.sub(" ", text)))


# A call or chat told as a conversation ("Caller: ...", "Me: ...", "I said", "she said"): the person's own story.
DIALOGUE = re.compile(
    r"(?:^|[.!?][\"”']?\s+)\s*(?:me|caller|him|her|scammer)\s*:|\b(?:i|he|she|they)\s+said\b|\bsaid\s+(?:i|he|she|they)\b",
    re.I | re.M,
)


# The person's own words around a quote: "I", "my", "me" (not "we"/"our", which scam messages use for the firm).
FIRST_PERSON_WORDS = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|my|me|myself)\b", re.I)
STORY_MIN_WORDS = 30  # words outside the quotes that make a story rather than a paste with a line of comment


def told_as_a_story(outside: str) -> bool:
    """The words outside the quotes are the person's own story: 30+ words with "I", "my" or "me" 3+ times."""
    return len(outside.split()) >= STORY_MIN_WORDS and len(FIRST_PERSON_WORDS.findall(outside)) >= 3


def acted_on_it(text: str) -> bool:
    """The person says they already clicked, paid, rang the number or gave details (outside the quoted message)."""
    return _acted(QUOTED.sub(" ", text or ""))


def looks_pasted(text: str) -> bool:
    text = (text or "").strip()
    if not text:
        return False
    if HIDDEN_NUMBERS.sub("", text).strip(" ?.!:,") == "" or re.fullmatch(
        r"(?:is this (?:number )?(?:a scam|real|legit|genuine)\W*)?" + HIDDEN_NUMBERS.pattern + r"\W*", text, re.I
    ):
        return True  # a number alone, as the gate passes it on
    words = text.split()
    has_link, has_number = bool(L.find_links(text)), bool(L.find_numbers(text)) or bool(HIDDEN_NUMBERS.search(text))
    if len(words) == 1 and has_link:
        host = L.find_links(text)[0].host
        return not host.endswith((".police.uk", ".gov.uk"))  # a link alone (not the reporting services' own)
    if len(words) == 1 and re.fullmatch(r"\+?[\d()\-]{7,16}", text):
        return True  # a number alone
    if re.fullmatch(r"\+?[\d\s()\-]{9,20}", text) and has_number:
        return True
    if HEADERS.search(text):
        return True  # an email with From / Subject lines
    quoted = QUOTED.search(text)
    outside = QUOTED.sub(" ", text)
    asks = bool(ASK.search(text))
    if DIALOGUE.search(outside) and re.search(r"[\"“][^\"”]{10,}[\"”]", text):
        return False  # a call told as a conversation ("Caller: ...", "I said ..."): their story, the topic answers
    if quoted and not asks and told_as_a_story(outside):
        return False  # a story that quotes the scammer ("it says 'your files have been encrypted'"): the topic answers
    if _acted(outside) and not (quoted and len(quoted.group(1)) >= 40):
        return False  # they acted on a message they describe but don't quote: the topic answers (bank first)
    if DESCRIBES.search(text) or FIRST_PERSON_STORY.search(text):
        if quoted and len(quoted.group(1)) >= 60:
            return True  # telling what happened, but quoting the message to check
        if not (asks and len(SECOND_PERSON.findall(text)) >= 2):
            return False  # ("Is this a scam? I got hold of your account ... your ... you": the sender's voice)
        return True
    if quoted and SECOND_PERSON.search(quoted.group(1)):
        return True
    voice = len(ORG_VOICE.findall(text)) + bool(SENDER_PREFIX.search(text))
    if asks and len(ASK.sub(" ", text).split()) >= 4:
        return True  # "Is this a scam?" with a message of a few words: check the message
    if asks and (voice or has_link or has_number):
        return True
    if voice and (has_link or has_number or voice >= 2):
        return True
    if asks and len(words) >= 12 and len(SECOND_PERSON.findall(text)) >= 2:
        return True
    return len(words) >= 12 and voice >= 1 and len(SECOND_PERSON.findall(text)) >= 3
