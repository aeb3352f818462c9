"""Talk to a person by email (issue 27 items 2 and 3b), with the real Rasa and action servers and a real local SMTP
server (aiosmtpd on loopback): a force without live chat (HANDOVER_PROVIDER=email). Asking for a person gives the
numbers for the person's nation and offers a callback; "yes", a good time and a phone number send the team one
email with the redacted summary, the time and the number; the number is in the email only: not in the tracker
store, the replies or either server's log. Cancelling sends nothing. An emergency typed with the number at the
contact step is answered as an emergency (the number is not taken), then the question comes again."""

import email
import socket
import uuid

import pytest
import requests
from aiosmtpd.controller import Controller

from conftest import MODEL, Bot

TEAM, FROM = "cyberprotect@force.example.police.uk", "assistant@force.example.police.uk"
CALLBACK_NUMBER = "07700 900456"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture(scope="module")
def inbox():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture(scope="module")
def ebot(tmp_path_factory, inbox):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    env = dict(
        HANDOVER_PROVIDER="email",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(inbox[1]),
        SMTP_SECURITY="none",
        HANDOVER_EMAIL_FROM=FROM,
        HANDOVER_EMAIL_TO=TEAM,
    )
    b = Bot(tmp_path_factory.mktemp("email-handover"), extra_env=env)
    b.start()
    yield b
    b.stop()


def test_a_callback_request_reaches_the_teams_inbox_and_the_number_is_kept_nowhere_else(ebot, inbox):
    sender = "cb-" + uuid.uuid4().hex[:8]
    ebot.reply_texts(sender, "I live in Wales. Someone called pretending to be my bank and I moved 900 pounds")
    offer = " ".join(ebot.reply_texts(sender, "can I speak to a real person"))
    assert "101" in offer and "Report Fraud" in offer and "Samaritans" in offer and "Police Scotland" not in offer
    assert "phone or email you back?" in offer
    assert "When is a good time" in " ".join(ebot.reply_texts(sender, "yes"))
    assert "phone number or an email address" in " ".join(ebot.reply_texts(sender, "weekday evenings"))
    done = " ".join(ebot.reply_texts(sender, f"my mobile is {CALLBACK_NUMBER}"))
    assert "I've sent your request" in done and "900456" not in done
    (mail,) = inbox[0].messages
    body = mail.get_payload(decode=True).decode()
    assert mail["To"] == TEAM and f"Contact them: {CALLBACK_NUMBER}" in body and "A good time: weekday evenings" in body
    assert "Nation: Wales" in body and "moved 900 pounds" in body and "900456" not in str(mail["Subject"])
    tracker = requests.get(f"{ebot.url}/conversations/{ebot.conversation(sender)}/tracker", timeout=30).text
    assert "900456" not in tracker and "contact details sent to the team" in tracker
    for log in ("rasa.log", "actions.log"):
        assert "900456" not in (ebot.tmp / log).read_text(errors="replace")
    assert ebot.reply_texts(sender, "thanks")  # the form has ended: the bot answers again
    state = requests.get(f"{ebot.url}/conversations/{ebot.conversation(sender)}/tracker", timeout=30).json()
    assert not state["active_loop"] or not state["active_loop"].get("name")


def test_cancelling_sends_nothing(ebot, inbox):
    before = len(inbox[0].messages)
    sender = "cancel-" + uuid.uuid4().hex[:8]
    ebot.reply_texts(sender, "can I talk to a human")
    ebot.reply_texts(sender, "yes")
    assert "won't ask them to contact you" in " ".join(ebot.reply_texts(sender, "cancel"))
    assert len(inbox[0].messages) == before


def test_an_emergency_with_a_number_mid_callback_gets_999_first_and_sends_nothing(ebot, inbox):
    before = len(inbox[0].messages)
    sender = "sos-" + uuid.uuid4().hex[:8]
    ebot.reply_texts(sender, "can I talk to a human")
    ebot.reply_texts(sender, "yes")
    assert "phone number or an email address" in " ".join(ebot.reply_texts(sender, "any time"))
    reply = " ".join(ebot.reply_texts(sender, "he's outside my house with a knife, call me on 07700 900789"))
    assert "999" in reply and "900789" not in reply
    assert reply.rstrip().endswith("if you'd rather not.") and "still like" in reply  # the question again, after 999
    assert len(inbox[0].messages) == before
    assert "won't ask them to contact you" in " ".join(ebot.reply_texts(sender, "cancel"))
    assert len(inbox[0].messages) == before
