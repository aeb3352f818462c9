"""Callback requests (talk to a person, issue 27 item 2): when nobody can chat (out of hours, everyone busy, or a
force without live chat) and the person agrees, the team is asked to phone or email them back, through the
provider (cyberprotect/handover/email_provider.py: an email to the team's inbox).

The person's phone number or email address never reaches Rasa, the tracker store, the action server or the logs:
the channel gate (channels/gate.py) removes it from every message, as always. Only at the one step where the bot
has asked "how should they contact you?" (slot `handover` = {"callback": "contact", ...}) does the gate, in the
Rasa server, hand the address to `send_from_gate` here, which sends the request at once and passes Rasa only
"[contact details sent to the team]" or "[contact details not sent]" (the outcome in the message metadata,
CALLBACK_KEY). The summary and the good time were stored before, redacted, in the slot by the action server.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Mapping, Optional

from cyberprotect.handover.errors import HandoverError
from channels import redaction

logger = logging.getLogger(__name__)
CALLBACK_KEY = "handover_callback"  # message metadata {"sent": bool}, set only by the gate (channels/gate.py)
SENT_TEXT = "[contact details sent to the team]"
NOT_SENT_TEXT = "[contact details not sent]"
MAX_CONTACT = 120


def contact_in(text: str) -> Optional[str]:
    """The first email address or phone number in `text`, as typed (None if there is neither)."""
    if not isinstance(text, str):
        return None
    for pattern in (redaction.EMAIL_PATTERN, redaction.PHONE_PATTERN):
        match = pattern.search(text)
        if match:
            return match.group(0).strip()[:MAX_CONTACT]
    return None


def at_contact_step(slot: Any) -> bool:
    return isinstance(slot, Mapping) and slot.get("callback") == "contact"


def send_from_gate(
    slot: Mapping[str, Any], ref: str, raw_text: str, provider: Optional[Any] = None
) -> Optional[Dict[str, Any]]:
    """Called by the gate for a message at the contact step. Sends the request with the contact the person typed.
    Returns {"text": what Rasa sees, "metadata": {CALLBACK_KEY: {...}}}, or None when the message holds no
    phone number or email address (then it goes through the gate as any other message)."""
    contact = contact_in(raw_text)
    if contact is None:
        return None
    if provider is None:
        from cyberprotect.handover.providers import provider_from_env

        provider = provider_from_env()
    sent = False
    if provider is not None and hasattr(provider, "request"):
        try:
            provider.request(ref, str(slot.get("summary") or ""), contact=contact, when=slot.get("when"))
            sent = True
        except HandoverError as e:
            logger.warning("handover: callback request not sent (%s)", e)
    return {"text": SENT_TEXT if sent else NOT_SENT_TEXT, "metadata": {CALLBACK_KEY: {"sent": sent}}}
