"""Twilio connector (SMS and WhatsApp) built on Rasa's TwilioInput / TwilioOutput. Adds:

- signature check: a webhook without a valid X-Twilio-Signature (twilio.request_validator, computed over
  `webhook_url`, the public address Twilio posts to) is rejected with 403 before anything else happens;
- buttons as numbered options in ONE message, and a reply "2" mapped to the second option's payload
  (channels/options.py), per sender;
- WhatsApp and SMS from one number: replies to `whatsapp:+44...` are sent from `whatsapp:<twilio_number>`;
- API calls in a worker thread (Rasa's TwilioOutput calls the blocking Twilio client on the event loop);
- conversation ids from a keyed hash of the phone number ("tw:<hmac>", channels/gate.py): the number itself is
  kept only in memory, in the output channel of the message being answered, so the tracker store, the logs and
  the numbered-options memory never hold it, and no other channel can reach the conversation;
- the gate (rate limits, 2,000-character cap, redaction) before Rasa;
- a webhook Twilio sends again with the same MessageSid (a retry after a slow answer; signatures carry no
  timestamp, so also a replay) is acknowledged and not processed a second time (for an hour, channels/gate.py);
- no message text or phone number in the logs (failures by exception type only);
- during a live handover to the team (issue 27) the number is also kept in memory, keyed by the hashed
  conversation id, so the agent's replies can be sent to it (channels/reply_addresses.py, channels/handover.py).

TWILIO_API_BASE_URL (tests only, loopback addresses only) points the Twilio client at a local fake instead of api.twilio.com.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator

from channels.gate import RecentIds, shared_gate
from channels.rest import loopback_url
from channels import reply_addresses, shared_state
from channels.options import OptionMemory, numbered_message

logger = logging.getLogger(__name__)
TWILIO_API = "https://api.twilio.com"


class _RedirectedHttpClient(TwilioHttpClient):
    """Sends Twilio API calls to another base URL (a local fake in tests)."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class TwilioNumberedOutput(TwilioOutput):
    def __init__(
        self, account_sid, auth_token, twilio_number, memory: OptionMemory, recipient: Optional[Text] = None
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.memory = memory
        self.recipient = recipient  # the real number of the person this output answers (memory only)
        base = loopback_url("TWILIO_API_BASE_URL")
        if base:
            self.http_client = _RedirectedHttpClient(base)

    async def _send_message(self, message_data: Dict[Text, Any]):
        if self.recipient:
            message_data = {**message_data, "to": self.recipient}
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except TwilioRestException as e:
            logger.error("twilio: sending failed (HTTP %s, Twilio code %s)", e.status, e.code)
            return None

    def _from_for(self, recipient_id: Text) -> Text:
        recipient_id = self.recipient or recipient_id
        number = self.twilio_number or ""
        if recipient_id.startswith("whatsapp:") and not number.startswith("whatsapp:"):
            return "whatsapp:" + number
        return number

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in text.strip().split("\n\n"):
            await self._send_message({"to": recipient_id, "from_": self._from_for(recipient_id), "body": part})

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        self.memory.remember(recipient_id, buttons)
        await self._send_message(
            {"to": recipient_id, "from_": self._from_for(recipient_id), "body": numbered_message(text, buttons)}
        )


class TwilioVerifiedInput(TwilioInput):
    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioVerifiedInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url"),
        )

    def __init__(
        self, account_sid, auth_token, twilio_number, webhook_url: Optional[Text] = None, debug_mode: bool = False
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=debug_mode)
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token or "")
        # several servers (SHARED_STATE_URL): in Redis, so "reply 2" and a retried webhook work on any server
        self.memory = shared_state.option_memory() or OptionMemory()
        self.seen = shared_state.recent_ids("twilio") or RecentIds()

    def get_output_channel(self, recipient: Optional[Text] = None) -> TwilioNumberedOutput:
        return TwilioNumberedOutput(self.account_sid, self.auth_token, self.twilio_number, self.memory, recipient)

    def output_to(self, number: Text) -> TwilioNumberedOutput:
        """An output channel to this number (an agent's reply during a live handover, channels/handover.py)."""
        return self.get_output_channel(recipient=number)

    def is_signed_by_twilio(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        params = {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in request.form.items()}
        url = self.webhook_url or request.url
        return bool(signature) and self.validator.validate(url, params, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("twilio_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def message(request: Request):
            if not self.is_signed_by_twilio(request):
                logger.warning("twilio: rejected a webhook without a valid signature")
                return response.text("invalid signature", status=403)
            sender = request.form.get("From")
            text = request.form.get("Body")
            if not sender or text is None:
                return response.text("", status=204)
            if not self.seen.first_time(request.form.get("MessageSid")):
                logger.info("twilio: a repeated webhook (same MessageSid) was not processed again")
                return response.text("", status=204)
            gate = shared_gate()
            conversation = gate.conversation_id(self.name(), sender)
            text = self.memory.resolve(conversation, text.replace("¡", "@"))  # @ is corrupted by some carriers
            message = UserMessage(
                text, self.get_output_channel(recipient=sender), conversation, input_channel=self.name()
            )
            try:
                await gate.admit(message, on_new_message, address=None)
                await reply_addresses.update_after_message(gate, conversation, self.name(), sender)
            except Exception as e:  # noqa: BLE001 - Twilio must get a 2xx, or it retries
                logger.error("twilio: failed to handle a message (%s)", type(e).__name__)
            return response.text("", status=204)

        return bp
