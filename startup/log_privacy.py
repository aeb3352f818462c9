"""Keeps personal data out of the logs of the Rasa server and the action server, on every path.

`install()` (called by startup/patches.py before Rasa starts) puts `PrivacyFilter` on the root logger's handlers
and every handler added later, and replaces Rasa's structlog anonymiser hook (a Rasa Pro plug-in point, a no-op
in Rasa Open Source) with `scrub_event`. For every record:
- conversation ids ("rest:…", "web:…", "tw:…", "tg:…") are shortened to their channel, then the message is
  passed through the redactor (channels/redaction.py) and every run of 7 or more digits is masked (phone
  numbers, chat ids, account numbers);
- an exception keeps only its type: tracebacks can carry the text, the sender id (LockError) or SQL parameters;
- structlog fields named like message text ("text", "user_message", "message", "parse_data", "tracker") are
  dropped, and other string fields are scrubbed the same way;
- every record is cut to 1,000 characters, so a huge message can never fill the disk.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict

from channels.redaction import redact

MAX_RECORD = 1000
TEXT_FIELDS = {
    "text",
    "user_message",
    "message",
    "parse_data",
    "tracker",
    "events",
    "slots",
    "sender_id",
    "user_text",
    "utterance",
    "metadata",
}
_DIGITS = re.compile(r"\d(?:[ \-]?\d){6,}")
_CONVERSATION = re.compile(r"\b(rest|web|tw|wa|tg):[^\s'\",)]+")


def scrub(text: str) -> str:
    text = text[: MAX_RECORD * 4]
    text = _CONVERSATION.sub(lambda m: m.group(1) + ":[id]", text)
    text, _ = redact(text, skip=("code",))  # "Twilio code 21211" is an error code, not a secret
    text = _DIGITS.sub("[number]", text)
    return text[:MAX_RECORD] + (" [cut]" if len(text) > MAX_RECORD else "")


class PrivacyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is logged as its template
            message = str(record.msg)
        if record.exc_info and record.exc_info[0] is not None:
            message = f"{message} ({record.exc_info[0].__name__})"
        record.msg, record.args = scrub(message), ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def scrub_event(_logger: Any, _method: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: drops message-text fields, scrubs the rest."""
    out = {}
    for key, value in event_dict.items():
        if key in TEXT_FIELDS:
            out[key] = "[removed]"
        elif key in ("exc_info", "exception") and value:
            out[key] = False
        elif isinstance(value, str):
            out[key] = scrub(value)
        else:
            out[key] = value
    return out


_FILTER = PrivacyFilter()


def _add_filter(handler: logging.Handler) -> None:
    if _FILTER not in handler.filters:
        handler.addFilter(_FILTER)


def install() -> None:
    """Filter on every handler, now and later (Rasa configures its handlers after start-up)."""
    root = logging.getLogger()
    for handler in root.handlers:
        _add_filter(handler)
    if not getattr(logging.Handler.__init__, "_privacy", False):
        original = logging.Handler.__init__

        def init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            self.addFilter(_FILTER)

        init._privacy = True
        logging.Handler.__init__ = init
    try:
        from rasa.utils import log_utils

        log_utils._anonymizer = scrub_event
    except ImportError:  # the action server has no Rasa
        pass
