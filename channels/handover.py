"""Chatwoot webhooks into the bot (talk to a person, issue 27): the agent's replies reach the person, and the
agent resolving the conversation hands it back to the bot.

Chatwoot posts its webhook events (https://www.chatwoot.com/hc/user-guide/articles/1677693021-how-to-use-webhooks;
payloads built by Message#webhook_data and Conversation#webhook_data in github.com/chatwoot/chatwoot) to
`/webhooks/chatwoot/webhook?token=<CHATWOOT_WEBHOOK_TOKEN>`:
- `message_created` with message_type "outgoing" and private false: an agent's reply. The conversation's
  additional_attributes.cyberprotect_ref names the bot conversation (set by cyberprotect/handover/providers.py). The
  reply is added to the conversation's tracker as a bot message marked {"handover": {"from": "agent"}}, and sent
  to the person on the channel they last wrote from (the website widget's socket.io room), prefixed with who is
  speaking ("Sam (the Cyber Protect team): ...") and with metadata {"handover": {"from": "agent"}}, by which the
  widget labels it as a team member's message rather than the chatbot's.
- `conversation_status_changed` with status "resolved": the handover form is closed, the handover slots cleared,
  and the person told they are back with the bot.
Anything else is acknowledged and ignored. A webhook is refused (403) without the URL token; with
CHATWOOT_WEBHOOK_SECRET set, also without a valid X-Chatwoot-Signature ("sha256=" HMAC-SHA256 over
"<X-Chatwoot-Timestamp>.<body>", at most 5 minutes old). A webhook naming a conversation that is not in a handover
with that Chatwoot conversation id changes nothing. No message text is logged.

Where the reply goes: the website widget (socket.io room) with the metadata above; Telegram (sendMessage) and Twilio
SMS/WhatsApp (Messages API) through the connector's own output channel, to the chat id or number kept in memory
for the live handover only (channels/reply_addresses.py; the stores keep the hashed id). The "who is speaking"
label is the text prefix there. On REST the reply is only stored (REST answers only its own request).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import ActiveLoop, BotUttered, Event, SlotSet

from channels import reply_addresses
from sanic import Blueprint, response
from sanic.request import Request

logger = logging.getLogger(__name__)
MAX_AGE = 300  # seconds a signed webhook stays valid
AGENT_META = {"handover": {"from": "agent"}}


def valid_signature(secret: str, timestamp: str, body: bytes, signature: str, now: Optional[float] = None) -> bool:
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > MAX_AGE:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


def _ref(conversation: Any) -> Optional[str]:
    attributes = (conversation or {}).get("additional_attributes") if isinstance(conversation, dict) else None
    ref = (attributes or {}).get("cyberprotect_ref") if isinstance(attributes, dict) else None
    return ref if isinstance(ref, str) and 0 < len(ref) <= 200 else None


def speaker(sender: Any, team: str) -> str:
    """ "Sam (the Cyber Protect team)" from the agent's name, or the team's name alone."""
    name = (
        str((sender or {}).get("available_name") or (sender or {}).get("name") or "").strip()
        if isinstance(sender, dict)
        else ""
    )
    first = name.split()[0][:30] if name else ""
    team_label = team[:1].upper() + team[1:]
    return f"{first} ({team})" if first else team_label


def read_event(body: Any) -> Optional[Dict[str, Any]]:
    """What a webhook asks for: {"kind": "agent_message"|"resolved", "ref", "conversation_id", ...}, or None."""
    if not isinstance(body, dict):
        return None
    event = body.get("event")
    if event == "message_created":
        if body.get("message_type") != "outgoing" or body.get("private") or not isinstance(body.get("content"), str):
            return None
        conversation = body.get("conversation") or {}
        ref = _ref(conversation)
        if not ref or not body["content"].strip():
            return None
        return {
            "kind": "agent_message",
            "ref": ref,
            "conversation_id": conversation.get("id"),
            "text": body["content"].strip()[:4000],
            "sender": body.get("sender"),
        }
    if event == "conversation_status_changed" and body.get("status") == "resolved":
        ref = _ref(body)
        return {"kind": "resolved", "ref": ref, "conversation_id": body.get("id")} if ref else None
    return None


def _team_settings():
    try:
        from cyberprotect.content_store import default_store

        return default_store().current().handover
    except Exception as e:  # noqa: BLE001  content trouble must not lose the agent's message
        logger.error("handover: content not available (%s)", type(e).__name__)
        return None


class ChatwootWebhookInput(InputChannel):
    """Receives Chatwoot's webhooks; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "chatwoot"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ChatwootWebhookInput":
        credentials = credentials or {}
        # the signing secret is optional (older Chatwoot releases do not sign), so it is read from the environment
        return cls(str(credentials.get("token") or ""), os.environ.get("CHATWOOT_WEBHOOK_SECRET") or "")

    def __init__(self, token: str, secret: str = "") -> None:
        self.token, self.secret = token, secret

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("chatwoot_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not self.token or not hmac.compare_digest(request.args.get("token") or "", self.token):
                return response.json({"error": "forbidden"}, status=403)
            body = request.body or b""
            if self.secret and not valid_signature(
                self.secret,
                request.headers.get("X-Chatwoot-Timestamp") or "",
                body,
                request.headers.get("X-Chatwoot-Signature") or "",
            ):
                return response.json({"error": "forbidden"}, status=403)
            try:
                event = read_event(json.loads(body))
            except (ValueError, UnicodeDecodeError):
                return response.json({"error": "not JSON"}, status=400)
            if event is not None:
                try:
                    await self._apply(request, event)
                except Exception as e:  # noqa: BLE001
                    logger.error("handover: webhook failed (%s)", type(e).__name__)
                    return response.json({"error": "not processed"}, status=500)
            return response.json({"status": "ok"})

        return bp

    async def _apply(self, request: Request, event: Dict[str, Any]) -> None:
        agent = request.app.ctx.agent
        processor = agent.processor
        ref = event["ref"]
        settings = _team_settings()
        team = settings.team_name if settings is not None else "the team"
        async with agent.lock_store.lock(ref):
            tracker = await processor.get_tracker(ref)
            session = tracker.get_slot("handover") or {}
            if (
                not isinstance(session, dict)
                or session.get("conversation_id") is None
                or str(session.get("conversation_id")) != str(event.get("conversation_id"))
            ):
                logger.info("handover: webhook for a conversation not in a handover; ignored")
                return
            if event["kind"] == "agent_message":
                text = f"{speaker(event.get('sender'), team)}: {event['text']}"
                events: List[Event] = [BotUttered(text, metadata=AGENT_META)]
            else:
                text = settings.say("returned") if settings is not None else "You're back with the chatbot."
                events = [
                    ActiveLoop(None),
                    SlotSet("requested_slot", None),
                    SlotSet("handover_input", None),
                    SlotSet("handover", None),
                    SlotSet("handover_active", False),
                    BotUttered(text, metadata={"handover": {"from": "bot", "ended": "resolved"}}),
                ]
            for e in events:
                tracker.update(e)
            await processor.save_tracker(tracker)
        channel_name = tracker.get_latest_input_channel()
        output = self._output(request, channel_name, ref)
        if event["kind"] == "resolved":
            reply_addresses.shared().forget(ref)
        if output is None:
            return
        if (
            channel_name == "socketio"
        ):  # the widget labels the agent's messages by this metadata (web/site/cyberprotect)
            metadata = AGENT_META if event["kind"] == "agent_message" else {"handover": {"from": "bot"}}
            await output._send_message(ref, {"text": text, "metadata": metadata})
        else:  # Telegram, SMS, WhatsApp: plain text, the speaker's name and team at its start
            await output.send_text_message(ref, text)

    @staticmethod
    def _output(request: Request, channel_name: Optional[str], ref: str) -> Optional[OutputChannel]:
        for channel in getattr(request.app.ctx, "input_channels", None) or []:
            if channel.name() != channel_name:
                continue
            if channel_name == "socketio":
                return channel.get_output_channel()
            address = reply_addresses.shared().address(ref, channel_name)
            if address is not None and hasattr(channel, "output_to"):  # Telegram, Twilio: the live handover's address
                return channel.output_to(address)
        if channel_name in ("telegram", "twilio"):
            logger.warning("handover: no address kept for the %s conversation; the reply is only stored", channel_name)
        return None  # REST answers only its own request
