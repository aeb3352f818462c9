"""The Rasa action for the "Is this a scam?" checker (issue 23): checks the person's latest message with the
pure checker (cyberprotect/checker/), replies with the signs found and where to send it, and records only the sign
keys, routes and kind in the bot message's metadata for the team's dashboard (never the message itself).
The channel gate removed phone numbers and email addresses, keeping only their kinds in the user event's metadata;
they are put back into the text as "[phone number removed: premium-rate]", "[email removed: free-mail]" first.

When the person only asks ("is this a scam?", "can you check a text for me") without pasting anything, it asks
them to paste the words of the message. It sets the `topic` slot so "How do I report it?" afterwards gives the
routes for a scam text, email, call or DM.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_actions import answer_the_rest
from cyberprotect.checker.detect import ASK
from cyberprotect.checker.reply import compose, insights_metadata
from cyberprotect.checker.signs import PATTERNS, check
from cyberprotect.content_store import default_store
from actions.sending import send
from channels.redaction import EMAIL_KINDS_KEY, PHONE_KINDS_KEY, restore_email_kinds, restore_phone_kinds

TOPIC_BY_KIND = {
    "sms": "smishing",
    "email": "phishing_email",
    "voicemail": "vishing",
    "number": "vishing",
    "link": "phishing_email",
    "whatsapp": "family_impersonation",
    "dm": "hacked_account",
}
KIND_WORDS = (
    ("email", re.compile(r"\b(?:an? |this |the )?e-?mail\b", re.I)),
    ("voicemail", re.compile(r"\b(?:voice ?mail|phone call|a call|rang me|called me)\b", re.I)),
    ("whatsapp", re.compile(r"\b(?:on|via) whatsapp\b|\bwhatsapp message\b", re.I)),
    (
        "dm",
        re.compile(
            r"\b(?:on|via) (?:instagram|facebook|messenger|tiktok|snapchat|x|twitter)\b|\b(?:a|this) dm\b", re.I
        ),
    ),
    ("sms", re.compile(r"\b(?:a |this |the )?(?:text|sms)(?: message)?\b", re.I)),
)
PASTE_PROMPT = (
    "Paste the message here and I'll look for the warning signs. Copy the words of the text, email or "
    "message, or just the link or phone number. Please don't send a screenshot."
)
REQUEST_WORDS = {
    "can",
    "could",
    "you",
    "u",
    "me",
    "for",
    "please",
    "pls",
    "a",
    "an",
    "i",
    "this",
    "that",
    "check",
    "tell",
    "if",
    "is",
    "it",
    "its",
    "message",
    "text",
    "email",
    "e-mail",
    "link",
    "number",
    "got",
    "have",
    "had",
    "just",
    "look",
    "at",
    "here",
    "my",
    "want",
    "to",
    "like",
    "would",
    "i'd",
    "scam",
    "real",
    "safe",
    "whether",
    "or",
    "not",
    "legit",
    "genuine",
    "paste",
    "one",
    "the",
    "of",
    "hi",
    "hello",
    # a second question in the same message ("… and where do I report it?"), answered after the prompt
    "and",
    "where",
    "how",
    "who",
    "do",
    "report",
    "should",
    "what",
    "now",
    "will",
    "get",
    "money",
    "back",
}


def _said_kind(text: str) -> str | None:
    """What the person said it was ("I got this email: …"), from the words before the pasted message."""
    head = re.split(r"[:\n\"“]", text, maxsplit=1)[0]
    head = PATTERNS["move_to_app"].sub(
        " ", head
    )  # the sender's "add me on WhatsApp" is not the person saying where it came
    for kind, pattern in KIND_WORDS:
        if pattern.search(head):
            return kind
    return None


def _content(text: str) -> str:
    """The part to check: without the person's own question ("is this a scam?")."""
    return ASK.sub(" ", text).strip(" ?!.:\n\t")


def _gate_kinds(tracker: Tracker, key: str) -> List[Any]:
    """The kinds of the phone numbers (PHONE_KINDS_KEY) or email senders (EMAIL_KINDS_KEY) the channel gate
    removed from the latest message (its metadata)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            kinds = (event.get("metadata") or {}).get(key)
            return list(kinds) if isinstance(kinds, list) else []
    return []


class ActionCheckMessage(Action):
    def name(self) -> Text:
        return "action_check_message"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        text = restore_phone_kinds(text, _gate_kinds(tracker, PHONE_KINDS_KEY))  # the kind of each number removed
        text = restore_email_kinds(text, _gate_kinds(tracker, EMAIL_KINDS_KEY))  # the kind of each sender's domain
        if text.startswith("/"):
            text = ""  # a button payload, not a message to check
        content = _content(text)
        words = [w for w in re.findall(r"[\w'-]+", content.lower()) if w not in REQUEST_WORDS]
        if len(words) < 2 and not re.search(r"\w\.\w|\d{5,}", content):
            dispatcher.utter_message(text=PASTE_PROMPT)
            # "is this a scam and where do I report it?": the other question is answered too (issue 18)
            return answer_the_rest(dispatcher, tracker, covered=("is_scam", "what_now"))
        snapshot = default_store().current()
        result = check(text, snapshot.checker, kind=_said_kind(text))
        messages = compose(result, snapshot)
        messages[0]["insights"] = insights_metadata(result)
        send(dispatcher, messages)
        return [SlotSet("topic", TOPIC_BY_KIND.get(result.kind, "smishing"))]
