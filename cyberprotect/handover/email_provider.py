"""Email handover provider (issue 27 item 3b): for a force without live chat, a callback or email request goes to
the team's inbox by SMTP (Python's smtplib), with the summary the agent would have seen (actions/handover/
summary.py, already redacted), so the person never has to tell their story again.

Not a live chat (`live = False`): the bot never offers "you're now talking to the team" with it; it offers a
callback instead (actions/handover/actions.py). The person's contact details appear only in the email body, and
only when they gave them for the callback; the subject holds no personal data (only the last 6 characters of the
conversation reference, itself a keyed hash), and errors and logs never hold message text or addresses.

Settings (environment variables, read by providers.provider_from_env when HANDOVER_PROVIDER=email):
    HANDOVER_EMAIL_TO      the team's inbox (required)
    HANDOVER_EMAIL_FROM    the sender address (required)
    SMTP_HOST              the mail server (required)
    SMTP_PORT              default 587 (465 with SMTP_SECURITY=ssl)
    SMTP_SECURITY          starttls (default: refuses to send if the server does not offer it) | ssl | none
    SMTP_USER, SMTP_PASSWORD   optional login (only over starttls or ssl)
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Mapping, Optional

from cyberprotect.handover.errors import HandoverError
from channels.redaction import redact

TIMEOUT = 10.0  # seconds: a person is waiting for "sent"
SECURITY = ("starttls", "ssl", "none")
MAX_FIELD = 200


class EmailSettingsError(ValueError):
    """The SMTP settings are incomplete or invalid (names the variable, never its value)."""


class EmailProvider:
    name = "email"
    live = False

    def __init__(
        self,
        host: str,
        sender: str,
        to: str,
        port: Optional[int] = None,
        security: str = "starttls",
        user: str = "",
        password: str = "",
        ssl_context: Optional[ssl.SSLContext] = None,
    ):
        if security not in SECURITY:
            raise EmailSettingsError(f"SMTP_SECURITY must be one of {SECURITY}")
        if user and security == "none":
            raise EmailSettingsError("SMTP_USER needs SMTP_SECURITY starttls or ssl (no password in clear text)")
        if not host or "@" not in sender or "@" not in to:
            raise EmailSettingsError("SMTP_HOST, HANDOVER_EMAIL_FROM and HANDOVER_EMAIL_TO are required")
        self.host, self.sender, self.to = host, sender, to
        self.port = port or (465 if security == "ssl" else 587)
        self.security, self.user, self.password = security, user, password
        self.ssl_context = ssl_context or ssl.create_default_context()

    def message(
        self, ref: str, summary: str, contact: Optional[str] = None, when: Optional[str] = None
    ) -> EmailMessage:
        """The email: the redacted summary, then how and when to contact the person (contact only if given)."""
        msg = EmailMessage()
        msg["Subject"] = f"Callback request from the Cyber Protect Assistant (ref {ref[-6:]})"
        msg["From"], msg["To"] = self.sender, self.to
        msg["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1])
        contact_line = (
            " ".join(str(contact or "").split())[:MAX_FIELD] or "none given (they did not ask to be contacted)"
        )
        when_line = " ".join(redact(str(when or ""))[0].split())[:MAX_FIELD] or "not said"
        msg.set_content(
            "\n".join(
                [
                    "A person using the Cyber Protect Assistant asked the team to get in touch.",
                    f"Contact them: {contact_line}",
                    f"A good time: {when_line}",
                    f"Reference: {ref}",
                    "",
                    summary,
                    "",
                    "Their contact details are in this email only, not in the chatbot's records. Delete this email when the "
                    "case is closed, under the force's retention policy.",
                ]
            )
        )
        return msg

    def request(self, ref: str, summary: str, contact: Optional[str] = None, when: Optional[str] = None) -> None:
        """Sends the callback or email request. Raises HandoverError (no message text, no address) on failure."""
        msg = self.message(ref, summary, contact, when)
        try:
            server: smtplib.SMTP
            if self.security == "ssl":
                server = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=self.ssl_context)
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
            with server:
                if self.security == "starttls":
                    server.starttls(context=self.ssl_context)  # SMTPNotSupportedError if not offered: never clear text
                if self.user:
                    server.login(self.user, self.password)
                server.send_message(msg)
        except (smtplib.SMTPException, OSError) as e:
            raise HandoverError(f"email: {type(e).__name__}") from None


def email_from_env(env: Mapping[str, str]) -> Optional[EmailProvider]:
    """The email provider from the SMTP_* and HANDOVER_EMAIL_* variables, or None when they are incomplete."""
    try:
        port = int(env["SMTP_PORT"]) if env.get("SMTP_PORT") else None
        return EmailProvider(
            env.get("SMTP_HOST", ""),
            env.get("HANDOVER_EMAIL_FROM", ""),
            env.get("HANDOVER_EMAIL_TO", ""),
            port,
            (env.get("SMTP_SECURITY") or "starttls").strip().lower(),
            env.get("SMTP_USER", ""),
            env.get("SMTP_PASSWORD", ""),
        )
    except (EmailSettingsError, ValueError):
        return None
