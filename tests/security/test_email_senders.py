"""Email addresses are removed before anything is stored (channels/redaction.py), but the scam checker can still
see what KIND of domain a pasted email came from (free-mail, an official domain it knows, or other), so "a bank
writing from a Gmail address" is still a sign (sender_mismatch). Only that kind travels, in the user message's
metadata; the address, its local part and any domain not on the checker's official list are never kept."""

import asyncio
import json
import re

import pytest

from cyberprotect.checker.links import sender_kind
from cyberprotect.checker.signs import check
from cyberprotect.content_store import default_store
from channels.gate import Gate
from channels.redaction import EMAIL_KINDS_KEY, LABELS, redact, restore_email_kinds, split_email_kinds

SNAP = default_store().current()
KIND = lambda address: sender_kind(address, SNAP.checker)  # noqa: E731


@pytest.mark.parametrize(
    "address,kind",
    [
        ("hsbc.alerts@gmail.com", "free-mail"),
        ("secure.banking@outlook.com", "free-mail"),
        ("no-reply@alerts.hsbc.co.uk", "official:hsbc.co.uk"),
        ("noreply@tax.service.gov.uk", "official:gov.uk"),
        ("jane.doe@doe-family.co.uk", "other"),
        ("security@hsbc-online-verify.com", "other"),
    ],
)
def test_the_placeholder_keeps_only_the_kind_of_domain(address, kind):
    out, kinds = redact(f"From: Someone <{address}>", email_kind=KIND)
    assert kinds == ["email"] and out == f"From: Someone <[email removed: {kind}]>"
    local, domain = address.split("@")
    assert local not in out and (domain not in out or kind == f"official:{domain}")


def test_without_the_checker_or_with_a_bad_kind_the_bare_label_is_used():
    assert redact("mail me at jane@doe.co.uk")[0] == f"mail me at {LABELS['email']}"
    for bad in (lambda a: a, lambda a: "official:evil.com] <b>", lambda a: 1 / 0):
        assert redact("mail me at jane@doe.co.uk", email_kind=bad)[0] == f"mail me at {LABELS['email']}"


class Quiet:
    async def send_text_message(self, recipient_id, text, **kwargs):
        pass


def _through_the_gate(text, metadata=None):
    from rasa.core.channels.channel import UserMessage

    received = []

    async def rasa(message):
        received.append(message)

    message = UserMessage(text, Quiet(), "tg:test", input_channel="telegram", metadata=metadata)
    asyncio.run(Gate(b"k" * 32, env={}).admit(message, rasa, limited=False))
    return received[0].text, received[0].metadata or {}


BANK_FROM_GMAIL = (
    "From: HSBC Security Team <hsbc.security.uk@gmail.com>\nSubject: Account locked\n"
    "We detected unusual activity. Your account has been locked. Verify your details today."
)


def test_through_the_gate_the_nlu_reads_the_bare_label_and_the_metadata_holds_only_the_kind():
    nlu_text, metadata = _through_the_gate(BANK_FROM_GMAIL)
    assert "[email removed]" in nlu_text and "@" not in nlu_text and "gmail" not in nlu_text
    assert metadata == {EMAIL_KINDS_KEY: ["free-mail"]}
    nlu_text, metadata = _through_the_gate("From: Jane <jane.doe@doe-family.co.uk>\nhello")
    assert "doe" not in nlu_text + json.dumps(metadata) and metadata == {EMAIL_KINDS_KEY: ["other"]}


def test_a_caller_cannot_put_kinds_in_the_metadata_only_the_gate_does():
    _, metadata = _through_the_gate(
        "hello there", {EMAIL_KINDS_KEY: ["official:hsbc.co.uk"], "phone_kinds": ["x"], "other": 1}
    )
    assert metadata == {"other": 1}


def test_split_and_restore_put_the_kinds_back_in_order():
    text = "From: a <[email removed: free-mail]> cc [email removed] and [email removed: official:gov.uk]"
    bare, kinds = split_email_kinds(text)
    assert bare == "From: a <[email removed]> cc [email removed] and [email removed]"
    assert kinds == ["free-mail", None, "official:gov.uk"]
    assert restore_email_kinds(bare, kinds) == text
    assert restore_email_kinds(bare, ["<script>", "official:x.com] evil"]) == bare


def _checker_reply(text):
    """The checker's reply to `text` as the action server runs it after the gate."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.checker_actions import ActionCheckMessage

    nlu_text, metadata = _through_the_gate(text)
    tracker = Tracker(
        "tg:test",
        {},
        {"text": nlu_text, "intent": {"name": "check_message"}, "entities": []},
        [{"event": "user", "text": nlu_text, "metadata": metadata}],
        False,
        None,
        {},
        "action_listen",
    )
    dispatcher = CollectingDispatcher()
    ActionCheckMessage().run(dispatcher, tracker, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), json.dumps(dispatcher.messages)


SENDER_SIGN = "sender's address doesn't belong"


def test_a_bank_writing_from_gmail_is_still_a_sign_after_the_gate_and_the_reply_holds_no_address():
    reply, raw = _checker_reply(BANK_FROM_GMAIL)
    assert SENDER_SIGN in reply, reply
    assert "hsbc.security.uk" not in raw and "gmail" not in raw and not re.search(r"\w@(?!phishing\.gov\.uk)", raw)


def test_the_organisations_own_domain_is_not_a_sign_after_the_gate():
    reply, _ = _checker_reply(
        "From: HSBC <no-reply@alerts.hsbc.co.uk>\nSubject: Statement\n"
        "Your account has been locked. Verify your details today."
    )
    assert SENDER_SIGN not in reply and "signs of a scam" in reply, reply


def test_the_sender_sign_is_the_same_on_the_message_as_written_and_as_the_gate_passes_it():
    corpus = [
        ("From: Barclays <alerts@barclays.co.uk>\nYour account is locked.", False),
        ("From: Barclays <barclays.help@hotmail.co.uk>\nYour account is locked.", True),
        ("From: HMRC <refunds@hmrc-tax-refund.com>\nYou are due a tax refund.", True),
        ("From: HMRC <noreply@tax.service.gov.uk>\nYou are due a tax refund.", False),
        ("From: Amazon <orders@hsbc.co.uk>\nYour parcel is held.", True),
    ]
    for text, expected in corpus:
        gated = redact(text, email_kind=KIND)[0]
        assert not re.search(r"[\w.]+@", gated)
        for version in (text, gated):
            assert ("sender_mismatch" in check(version, SNAP.checker).sign_keys) is expected, version


def test_the_from_line_counts_after_the_persons_question_on_the_same_line():
    text = "is this a scam? From: HSBC Security <hsbc.secure.team@gmail.com>\nYour account has been locked."
    for version in (text, redact(text, email_kind=KIND)[0]):
        assert "sender_mismatch" in check(version, SNAP.checker).sign_keys, version


# A number an organisation publishes for the public to call (HSBC's fraud lines, content/checker.yml) is not
# personal: the gate keeps it, so the checker can see that a message sends you to the real bank. Every other
# number is still removed, and anything going wrong removes it too.
def test_the_gate_keeps_a_published_organisation_number_and_removes_every_other_number():
    gate = Gate(b"k" * 32, env={})
    text, _ = gate.prepare(
        "Please call Fraud on 03452669337 or ring me on 07700 900123 or 0345 266 9999", "tg:test", limited=False
    )
    assert "03452669337" in text and "900123" not in text and "9999" not in text
    assert text.count("[phone number removed") == 2
    nlu_text, metadata = _through_the_gate("Please immediately call Fraud on 03452669337 to discuss a payment.")
    assert "03452669337" in nlu_text and "phone_kinds" not in metadata


def test_a_failing_published_number_check_removes_the_number():
    def broken(number):
        raise RuntimeError("content down")

    assert redact("call 03452669337", keep_phone=broken)[0] == "call [phone number removed: non-geographic]"
