"""Which questions a message asks, so that a message with two ("is this a scam and where do I report it?",
"how do I report it and will I get my money back?") gets both answered (issue 18, item 4).

Pure Python, no Rasa imports. The classifier picks one intent and its action answers that; the actions then
answer the other questions found here that their own reply does not already cover (advice_actions.answer_the_rest).
Every pattern is bounded, so a search is linear in the length of the message.
"""

from __future__ import annotations

import re
from typing import Tuple

# In the order the extra answers are given.
QUESTIONS = ("is_scam", "what_now", "report", "money_back", "protect")

_PATTERNS = {
    "is_scam": re.compile(
        r"\b(?:is|was|are|were) (?:this|it|that|these|they|this text|this email|this message|this call|this site|"
        r"this website|this a|it a|that a)(?: [a-z]+){0,2} (?:scam|scams|real|legit|legitimate|genuine|fake|"
        r"phishing|safe|dodgy|a con|fraud)\b"
        r"|\b(?:could|might|can) (?:this|it|that) be (?:a )?(?:scam|fake|fraud|phishing)\b"
        r"|\bscam or (?:not|real|legit)\b"
    ),
    "what_now": re.compile(
        r"\bwhat (?:do|should|can|shall|must|would) (?:i|we|she|he|they|my \w+) (?:do|be doing)\b"
        r"|\bwhat (?:are|is) (?:my|the) next steps?\b|\bwhat now\b|\bwhat next\b"
    ),
    "report": re.compile(
        r"\b(?:where|how|who) (?:do|can|should|would|shall|could|to|must|will) (?:i |we |you |she |he |they )?"
        r"(?:report|tell|contact|go to)\b"
        r"|\b(?:where|how) (?:to|can i|do i|should i) (?:make a )?report\b"
        r"|\bwho (?:do|should|can) i (?:call|ring|phone|speak to|talk to)\b"
        r"|\b(?:should|can|do|must|could) (?:i|we) report\b"
        r"|\bis it worth reporting\b"
    ),
    "money_back": re.compile(  # first person only: pasted scam texts say "claim your refund"
        r"\b(?:get|getting|recover|recovering|claim|claiming|have|see) (?:my|our|her|his|their|the|any of (?:my|our)|"
        r"some of (?:my|our)) (?:money|cash|savings|payment|deposit|funds|pension)(?: [a-z]+){0,1} back\b"
        r"|\b(?:i|we|me|us)(?: [a-z]+){0,3} (?:get|claim|recover|be)(?: [a-z]+){0,2} (?:refund|refunded|"
        r"reimbursed|money back|it back|anything back|any of it back|some of it back|compensated)\b"
        r"|\bchargeback\b|\b(?:refund|reimburse|compensate) (?:me|us)\b"
    ),
    "protect": re.compile(
        r"\bhow (?:do|can|should) (?:i|we) (?:protect|stop (?:this|it) happening|keep (?:myself|safe|us safe))\b"
        r"|\bhow (?:do|can) i stop (?:it|this|them) (?:from )?happening again\b"
    ),
}
_QUESTION_MARK_OR_ASK = re.compile(r"\?|^\s*(?:can|could|should|will|would|is|are|do|does|how|where|who|what)\b")


def _normalise(text: str) -> str:
    text = re.sub(r"[’‘'`´]", "", (text or "").lower())
    return re.sub(r"[^a-z0-9?]+", " ", text)


def asked(text: str) -> Tuple[str, ...]:
    """The questions the message asks, in QUESTIONS order: ("is_scam", "report"), or ().

    "I've had a refund" is news, not a question: money_back counts only in a message that asks something
    (a question mark, or a question word at the start)."""
    norm = _normalise(text)
    found = [key for key in QUESTIONS if _PATTERNS[key].search(norm)]
    if "money_back" in found and not _QUESTION_MARK_OR_ASK.search(norm):
        found.remove("money_back")
    return tuple(found)


_NAMES_FRAUD = re.compile(
    r"\b(?:scams?|scammed|scammers?|scamming|fraud|frauds|fraudsters?|fraudulent|conned|con artists?|swindled|"
    r"ripped off)\b"
)


def names_fraud(text: str) -> bool:
    """True when a message names a scam or fraud ("I'm from Wales, where do I report a scam?"): a report question
    with no topic yet goes to the fraud reporting service, not the police's general line first."""
    return bool(_NAMES_FRAUD.search(_normalise(text)))


# The reporting service named ("Should I report it to Action Fraud?", "can I use reportfraud.police.uk?"), not the
# verb ("how do I report fraud?"): Action Fraud by any spelling, Report Fraud as a site or after "to", "with", "call".
_NAMES_REPORT_FRAUD = re.compile(
    r"\baction ?fraud\b|\breport ?fraud ?(?:police|uk|co uk|website|site|service|line|number)\b"
    r"|\breportfraud\b|\b(?:it|them|this|that|him|her) to report fraud\b"
    r"|\b(?:with|call|called|calling|ring|rang|phone|phoned|contact|contacted|use|via|through|tell|told) "
    r"report fraud\b"
)


def names_report_fraud(text: str) -> bool:
    """True when a message names Action Fraud or Report Fraud, the service ("Should I report it to Action Fraud?"):
    someone in Scotland is then told plainly that Scotland reports to Police Scotland, not there."""
    return bool(_NAMES_REPORT_FRAUD.search(_normalise(text)))
