"""action_check_message (actions/checker_actions.py): checks the pasted message, says where to send it,
asks for the message when there is none, and records sign keys (never the message) for the dashboard."""

from __future__ import annotations

import json

from actions.checker_actions import ActionCheckMessage, _said_kind
from tests.unit.action_helpers import all_text, run, slot, titles, tracker

SCAM = "Is this a scam? Royal Mail: your parcel is held due to a £1.99 unpaid fee. Pay within 24 hours at royalmail-fee.com"


def test_pasted_scam_text_gets_signs_and_7726():
    messages, events = run(ActionCheckMessage(), tracker("check_message", text=SCAM))
    text = all_text(messages)
    assert "signs of a scam" in text and "“royalmail-fee[.]com”" in text and "7726" in text
    assert "How do I report it?" in titles(messages)
    assert slot(events, "topic") == "smishing"


def test_only_asking_gets_a_request_to_paste():
    for question in ("is this a scam?", "can you check a message for me", "/check_message"):
        messages, events = run(ActionCheckMessage(), tracker("check_message", text=question))
        assert "Paste the message here" in all_text(messages) and events == []


def test_what_the_person_says_it_is_decides_where_to_send_it():
    assert _said_kind("I got this email: Your account is locked") == "email"
    messages, _ = run(
        ActionCheckMessage(),
        tracker(
            "check_message", text="got this email: your account is locked, verify your details at secure-bank-login.com"
        ),
    )
    assert "report@phishing.gov.uk" in all_text(messages)


def test_the_senders_add_me_on_whatsapp_is_not_the_person_saying_it_came_on_whatsapp():
    text = (
        "is this a scam? Hello, I am from TikTok HR. We need a group of part-time helpers. "
        "Please add me on WhatsApp to get the job details"
    )
    assert _said_kind(text) is None
    assert _said_kind("I got this on WhatsApp: hi mum my phone broke") == "whatsapp"
    messages, _ = run(ActionCheckMessage(), tracker("check_message", text=text))
    assert "7726" in all_text(messages)  # could be a text: the text route is given as well as the app's button


def test_metadata_has_sign_keys_but_not_the_message():
    messages, _ = run(ActionCheckMessage(), tracker("check_message", text=SCAM))
    meta = json.dumps([m.get("insights") for m in messages if m.get("insights")])
    assert "small_fee" in meta and "royalmail-fee" not in meta and "1.99" not in meta
