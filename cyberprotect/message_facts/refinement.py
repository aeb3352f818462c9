"""Which topic the facts of a message point to when the classifier's topic is a near neighbour
(a young person "romanced" online is grooming; a faked nude "of me" is the deepfake images topic; ...)."""

from __future__ import annotations

import re

from cyberprotect.message_facts.child import age_band, child_age, says_young_person
from cyberprotect.message_facts.text import normalise

_AI_MADE = re.compile(
    r"\b(?:ai|a i|deepfake|deep fake|deepfaked|fake|faked|edited|photoshopped|nudif\w*|undress\w*|"
    r"generated|made up)\b"
)
_SIM_LOST = re.compile(
    r"\b(?:sim|sim card|esim|e sim|no signal|lost signal|lost all signal|no service|sos only|"
    r"emergency calls only|phone (?:went|was) dead|number (?:was |has been )?(?:ported|transferred|moved)|"
    r"port(?:ed|ing) my number|new sim)\b"
)
_EMAIL_WORDS = re.compile(r"\b(?:e ?mails?|emailed|inbox|gmail|outlook|hotmail|spam folder|junk folder)\b")
_CALL_WORDS = re.compile(
    r"\b(?:recorded message|automated call|robocall|voicemail|voice mail|"
    r"phone call|cold call|rang me|called me|phoned me|on the phone|the caller|press 1|press one)\b"
)
_CALLER_RELATIVE = (
    r"(?:grandson|granddaughter|grandchild|grandkid|son|daughter|nephew|niece|brother|sister|"
    r"grandma|grandmother|granny|nan|nana|nanna|gran|grandad|grandpa|grandfather|mum|mom|mam|dad)"
)
# Someone on the phone or in a message claiming to be a relative: the family impersonation ("grandparent") scam.
_CLAIMS_RELATIVE = re.compile(
    r"\b(?:hi|hello|hey|hiya) (?:grandma|granny|nan|nana|nanna|gran|grandad|grandpa|mum|mom|mam|mummy|dad|daddy)\b"
    r"|\b(?:this is|it s|its) (?:me )?(?:your )?(?:oldest |eldest |youngest |favourite )?"
    r"(?:grandson|granddaughter|grandchild|son|daughter|nephew|niece)\b"
    rf"|\b(?:pretending|claiming|pretended|claimed) (?:to be|he was|she was|it was) (?:my|our|her|his) (?:\w+ )?"
    rf"{_CALLER_RELATIVE}\b"
)
# The message says the person's own account sent what they never wrote, or that an account was taken over.
_ACCOUNT_USED = re.compile(
    r"\b(?:supposed to be|supposedly|pretending to be|claiming to be) from me\b"
    r"|\b(?:contacts|friends|people|everyone)(?: [a-z]+){0,4} (?:have |has |had )?(?:received|got|getting|been getting)"
    r"(?: [a-z]+){0,3} (?:e ?mails?|messages?|texts?)(?: [a-z]+){0,3} from (?:me|my (?:account|e ?mail|number|phone|whatsapp|facebook|instagram|messenger|snapchat))\b"
    r"|\b(?:account|e ?mail|facebook|instagram|whatsapp|messenger)(?: account)? (?:has|had|was|got|has been|had been) "
    r"(?:been )?(?:hacked|taken over|compromised|hijacked)\b"
)
# Reported speech: what the caller or the email said ("a man rang saying ... that his account had been compromised"
# is the bank-call script, not an account taken over).
_REPORTED = re.compile(r"\b(?:said|saying|says|told|telling|claimed|claiming|warned|warning|informed|stating)\b")


def _account_used(text: str, key: str) -> bool:
    """_ACCOUNT_USED in a sentence of the message; for a scam call or email, not as what the scammer said
    earlier in that sentence (the sentence ends are read before normalise drops the punctuation)."""
    for sentence in re.split(r"[.!?\n]+", text):
        norm = normalise(sentence)
        for match in _ACCOUNT_USED.finditer(norm):
            if key in ("vishing", "phishing_email") and _REPORTED.search(norm[: match.start()]):
                continue
            return True
    return False


# A "friend" asking for a code sent to your phone: the code takes over your account.
_CODE_ASKED = re.compile(
    r"\b(?:send|forward|give|pass|share|read out)(?: [a-z]+){0,3} (?:a |the |that |him |her |them )?"
    r"(?:security |verification |six digit |6 digit |login |one time |whatsapp )?code\b"
)
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
    norm = normalise(text)
    if key == "phishing_email" and _CALL_WORDS.search(norm) and not _EMAIL_WORDS.search(norm):
        key = "vishing"  # and a caller who claims to be a relative is family impersonation (below)
    if key in ("vishing", "courier_fraud") and _CLAIMS_RELATIVE.search(norm):
        return "family_impersonation"
    if key in ("family_impersonation", "phishing_email", "vishing") and _account_used(text, key):
        return "hacked_account"
    if key == "family_impersonation" and _CODE_ASKED.search(norm) and not _CLAIMS_RELATIVE.search(norm):
        return "hacked_account"
    if key == "hacked_account" and _SIM_LOST.search(norm):
        return "sim_swap"
    if key == "child_abuse_images" and _AI_MADE.search(norm) and _OF_ME.search(norm):
        return "deepfake_images"
    return key


# How a scam message reached the person, for a correction after the advice ("no, it was a text not an email"):
# the topic of each way in, and the words that name it.
_CHANNELS = (
    ("smishing", re.compile(r"\b(?:text|texts|texted|text message|sms|imessage)\b")),
    ("phishing_email", _EMAIL_WORDS),
    ("vishing", re.compile(r"\b(?:call|calls|phone call|rang|phoned|called|voicemail|voice mail)\b")),
)
_NOT_CHANNEL = re.compile(
    r"\b(?:not|wasn t|wasnt|isn t|isnt|never|didn t|didnt) (?:(?:an?|by|via|through|over|get|got|come by|come as|arrive by|receive) ){0,2}"
    r"(?:e ?mails?|emailed|texts?|texted|text message|sms|calls?|phone call|rang|phoned|called)\b"
)


def corrected_channel(current: str, text: str) -> "str | None":
    """The topic a correction asks for when the topic under discussion is a scam email, text or call and the message
    says it came another way ("no it was a text not an email", "it was a phone call actually"); else None. The ways
    it did not come ("not an email") are left out; a message naming two other ways is not a correction."""
    if current not in {key for key, _ in _CHANNELS}:
        return None
    norm = _NOT_CHANNEL.sub(" ", normalise(text))
    named = {key for key, pattern in _CHANNELS if pattern.search(norm)}
    if len(named) != 1:
        return None
    (key,) = named
    return key if key != current else None
