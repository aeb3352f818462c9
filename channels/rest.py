"""REST channel (`/webhooks/rest/webhook`) for local use and integrations, built on Rasa's RestInput. Adds:

- its own conversation namespace: sender "me" is conversation "rest:me", so a REST caller can never reach an
  SMS, WhatsApp, Telegram or widget conversation (channels/gate.py);
- loopback only, unless REST_API_TOKEN is set; with a token, every request needs it
  (`Authorization: Bearer <token>`), compared in constant time;
- a JSON object with a non-empty string `sender` (up to 128 characters) and a string `message` is required:
  anything else gets 400 with a short reason, never a stack trace; a missing sender is refused (Rasa would put
  every such caller into one shared "default" conversation);
- an optional `message_id` (8-64 letters, digits, `_.:-`; else the proxy's X-Request-Id): a message that arrives
  again with the same id is answered from the tracker, not handled twice (startup/once.py);
- the gate (limits, size cap, redaction) before Rasa; client metadata, `input_channel` and streaming are ignored;
- failures logged by exception type only, never with the text (Rasa's own REST channel logs the text).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.gate import shared_gate
from startup import once

logger = logging.getLogger(__name__)
MAX_SENDER = 128


def is_loopback(address: Optional[str]) -> bool:
    try:
        return ipaddress.ip_address((address or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def loopback_url(name: str) -> Optional[str]:
    """A test-only redirect variable (TELEGRAM_API_BASE_URL, TWILIO_API_BASE_URL), honoured only when it points at
    a loopback address: anywhere else it would send the bot token or Twilio credentials off to that host."""
    from urllib.parse import urlsplit

    value = os.environ.get(name) or ""
    if not value:
        return None
    host = urlsplit(value).hostname or ""
    if host == "localhost" or is_loopback(host):
        return value
    logger.error("%s ignored: it must point at a loopback address (tests only)", name)
    return None


def peer_address(request: Request) -> str:
    """The TCP peer (not X-Forwarded-For, which a caller can write)."""
    try:
        return request.conn_info.client_ip if request.conn_info else ""
    except Exception:  # noqa: BLE001
        return ""


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = os.environ.get("REST_API_TOKEN", "") if token is None else token

    def authorised(self, request: Request) -> bool:
        if not self.token:
            return is_loopback(peer_address(request))
        given = request.headers.get("Authorization", "")
        given = given[7:] if given.startswith("Bearer ") else ""
        return hmac.compare_digest(given.encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("rest_webhook", __name__)
        gate = shared_gate()
        limit_local = os.environ.get("RATE_LIMIT_LOCAL", "off") == "on"

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not self.authorised(request):
                return response.json({"error": "not allowed"}, status=403)
            try:
                body = request.json
            except Exception:  # noqa: BLE001 - Sanic raises on malformed JSON
                body = None
            if not isinstance(body, dict):
                return response.json({"error": "send a JSON object with 'sender' and 'message'"}, status=400)
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER:
                return response.json(
                    {"error": "'sender' must be a non-empty string (up to 128 characters)"}, status=400
                )
            if text is not None and not isinstance(text, str):
                return response.json({"error": "'message' must be a string"}, status=400)
            collector = CollectingOutputChannel()
            conversation = gate.conversation_id(self.name(), sender, hashed=False)
            local = not self.token and not limit_local  # trusted local callers (tests, scripts): no rate limits
            # an id from outside makes the message handled once however often it arrives (startup/once.py): the
            # client's own `message_id`, else the proxy's X-Request-Id (nginx keeps it for its retry)
            given = once.message_id(body.get("message_id")) or once.message_id(request.headers.get("X-Request-Id"))
            message = UserMessage(text or "", collector, conversation, input_channel=self.name(), message_id=given)
            try:
                await gate.admit(message, on_new_message, peer_address(request), limited=not local)
            except Exception as e:  # noqa: BLE001 - the caller gets what was said so far, never a trace
                logger.error("rest: failed to handle a message (%s)", type(e).__name__)
            return response.json(collector.messages)

        return bp
