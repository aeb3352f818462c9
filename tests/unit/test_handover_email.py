"""Email handover provider (issue 27 item 3b) against a real local SMTP server (aiosmtpd on loopback): the summary
reaches the team's inbox redacted, the callback details only in the email, a subject without personal data,
STARTTLS required unless switched off, failures as HandoverError without text, and the choice by environment."""

import email
import logging

import pytest
from aiosmtpd.controller import Controller

from actions.handover import actions as handover
from cyberprotect.handover.email_provider import EmailProvider, email_from_env
from cyberprotect.handover.providers import HandoverError, provider_from_env
from cyberprotect.handover.summary import build
from startup.stack import free_port

TEAM = "cyberprotect@force.example.police.uk"
BOT = "assistant@force.example.police.uk"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def env(smtp):
    controller, inbox = smtp
    inbox.messages.clear()
    return {
        "HANDOVER_PROVIDER": "email",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(controller.port),
        "SMTP_SECURITY": "none",
        "HANDOVER_EMAIL_FROM": BOT,
        "HANDOVER_EMAIL_TO": TEAM,
    }


STORY = [
    {
        "event": "user",
        "text": "I paid £400 for a puppy, my card 4111 1111 1111 1111, call me on 07700 900123",
        "parse_data": {"intent": {"name": "already_paid"}},
    },
    {"event": "bot", "text": "...", "metadata": {"insights": {"routes": ["report_fraud"]}}},
]


def summary_text():
    return build(
        STORY,
        {"nation": "wales", "money_lost": "yes"},
        "asked",
        "Online shopping scam",
        {"report_fraud": "Report Fraud"},
    ).text()


def test_the_request_reaches_the_teams_inbox_with_the_redacted_summary_and_the_callback_details(env, smtp, caplog):
    caplog.set_level(logging.DEBUG, logger="actions")
    provider = provider_from_env(env)
    assert provider is not None and provider.name == "email" and provider.live is False
    provider.request("web:0123456789abcdef", summary_text(), contact="07700 900456", when="weekday mornings")
    ((sender, recipients, raw),) = smtp[1].messages
    assert sender == BOT and recipients == [TEAM]
    mail = email.message_from_bytes(raw)
    body = mail.get_content_type() == "text/plain" and mail.get_payload(decode=True).decode()
    assert "Contact them: 07700 900456" in body and "A good time: weekday mornings" in body
    assert "Topic: Online shopping scam" in body and "Nation: Wales" in body and "Report Fraud" in body
    assert "4111" not in body and "900123" not in body  # the story stays redacted; only the callback number shows
    assert mail["Subject"] == "Callback request from the Cyber Protect Assistant (ref abcdef)"
    assert "07700" not in str(mail["Subject"])
    ours = [r.getMessage() for r in caplog.records if r.name.startswith(("actions", "smtplib"))]
    assert not any("900456" in line for line in ours)  # (the fake server's own mail.log is not ours)


def test_a_good_time_is_redacted_and_no_contact_says_so(env, smtp):
    provider_from_env(env).request("web:x", "summary", contact=None, when="after 5, or text 07700 900999")
    body = email.message_from_bytes(smtp[1].messages[0][2]).get_payload(decode=True).decode()
    assert "900999" not in body and "Contact them: none given" in body


def test_starttls_is_required_unless_switched_off(env, smtp):
    provider = provider_from_env({**env, "SMTP_SECURITY": "starttls"})  # the default
    with pytest.raises(HandoverError) as failure:
        provider.request("web:x", "summary", contact="07700 900456")
    assert "900456" not in str(failure.value) and smtp[1].messages == []


def test_an_unreachable_server_is_a_handover_error_without_text(env):
    provider = provider_from_env({**env, "SMTP_PORT": str(free_port())})
    with pytest.raises(HandoverError) as failure:
        provider.request("web:x", "my story", contact="jo@example.com")
    assert "jo@" not in str(failure.value) and "story" not in str(failure.value)


def test_the_provider_is_chosen_by_environment_variables(env):
    assert email_from_env(env) is not None
    for missing in ("SMTP_HOST", "HANDOVER_EMAIL_FROM", "HANDOVER_EMAIL_TO"):
        assert provider_from_env({**env, missing: ""}) is None
    assert provider_from_env({**env, "SMTP_SECURITY": "maybe"}) is None
    assert provider_from_env({**env, "SMTP_USER": "u", "SMTP_PASSWORD": "p"}) is None  # login never in clear text
    assert provider_from_env({**env, "HANDOVER_PROVIDER": ""}) is None
    assert EmailProvider("h", BOT, TEAM, security="ssl").port == 465
    assert EmailProvider("h", BOT, TEAM).port == 587


def test_email_is_not_a_live_chat(env, monkeypatch):
    monkeypatch.setattr(handover, "provider_from_env", lambda: provider_from_env(env))
    settings = handover.default_store().current().handover
    assert handover.team_state(settings) == handover.NO_PROVIDER
