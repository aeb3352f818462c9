"""Telegram connector built on Rasa's TelegramInput / TelegramOutput (aiogram). Adds:

- secret-token check: Telegram sends the `secret_token` given at setWebhook in the
  X-Telegram-Bot-Api-Secret-Token header; a webhook without the right one is rejected with 403;
- the webhook is registered (with that secret) once the server has started, not while Rasa is loading
  (Rasa's own connector calls the API at import time, and once per message to check the bot's name);
- quick replies as one button per row (titles are long); text messages and button presses handled as in
  Rasa's connector; no message text or chat id in the logs (failures by exception type only);
- conversation ids from a keyed hash of the chat id ("tg:<hmac>", channels/gate.py): the chat id is kept only in
  memory, in the output channel of the message being answered;
- the gate (rate limits, 2,000-character cap, redaction) before Rasa;
- private chats only: in a group everyone would share one conversation and see the answers about one member's
  situation, so a group gets one short note (per hour) and nothing else;
- an update Telegram sends again (same update_id, a retry after a slow answer) is processed once;
- during a live handover to the team (issue 27) the chat id is also kept in memory, keyed by the hashed
  conversation id, so the agent's replies can be sent here (channels/reply_addresses.py, channels/handover.py).

TELEGRAM_API_BASE_URL (tests only, loopback addresses only) points the client at a local fake instead of api.telegram.org.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram.bot.api import TelegramAPIServer
from aiogram.types import Update
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request

from channels import reply_addresses, shared_state
from channels.gate import RecentIds, shared_gate
from channels.rest import loopback_url

logger = logging.getLogger(__name__)
PRIVATE_ONLY = (
    "I only answer in a private chat, to keep what people tell me private. Please message me directly. "
    "If someone is in danger now, call 999."
)


class TelegramButtonsOutput(TelegramOutput):
    def __init__(self, access_token: Optional[Text]) -> None:
        base = loopback_url("TELEGRAM_API_BASE_URL")
        if base:  # skip TelegramOutput.__init__ only to pass the server; it just calls Bot.__init__
            super(TelegramOutput, self).__init__(access_token, server=TelegramAPIServer.from_base(base.rstrip("/")))
        else:
            super().__init__(access_token)

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        button_type: Optional[Text] = "vertical",
        **kwargs: Any,
    ) -> None:
        await super().send_text_with_buttons(recipient_id, text, buttons, button_type=button_type, **kwargs)


class AnsweringOutput(OutputChannel):
    """Sends everything for one message to the real chat id (kept in memory only), whatever recipient id Rasa
    gives (Rasa gives the conversation id, a keyed hash)."""

    def __init__(self, inner: OutputChannel, recipient: Text) -> None:
        self.inner, self.recipient = inner, recipient

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await self.inner.send_response(self.recipient, message)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.inner.send_text_message(self.recipient, text, **kwargs)


class TelegramVerifiedInput(TelegramInput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramVerifiedInput":
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("access_token"), credentials.get("webhook_url"), credentials.get("secret_token"))

    def __init__(
        self,
        access_token: Optional[Text],
        webhook_url: Optional[Text],
        secret_token: Optional[Text],
        debug_mode: bool = False,
    ) -> None:
        super().__init__(access_token, None, webhook_url, debug_mode=debug_mode)
        self.secret_token = secret_token or ""
        self._out: Optional[TelegramButtonsOutput] = None
        self.seen = shared_state.recent_ids("telegram") or RecentIds()  # update ids (Redis when shared)
        # group chats already given the private-only note this hour
        self.groups_told = shared_state.recent_ids("telegram-groups") or RecentIds()

    def get_output_channel(self) -> TelegramButtonsOutput:
        if self._out is None:
            self._out = TelegramButtonsOutput(self.access_token)
        return self._out

    def output_to(self, chat_id: Text) -> OutputChannel:
        """An output channel to this chat (an agent's reply during a live handover, channels/handover.py)."""
        return AnsweringOutput(self.get_output_channel(), chat_id)

    def has_secret(self, request: Request) -> bool:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return bool(self.secret_token) and hmac.compare_digest(given.encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("telegram_webhook", __name__)

        @bp.listener("after_server_start")
        async def register_webhook(_app, _loop):
            try:
                await self.get_output_channel().request(
                    "setWebhook",
                    {
                        "url": self.webhook_url,
                        "secret_token": self.secret_token,
                        "allowed_updates": '["message","edited_message","callback_query"]',
                    },
                )
                logger.info("telegram: webhook registered")
            except Exception as e:  # noqa: BLE001 - the bot still answers the other channels
                logger.error("telegram: could not register the webhook (%s)", type(e).__name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def message(request: Request):
            if not self.has_secret(request):
                logger.warning("telegram: rejected a webhook without the secret token")
                return response.text("forbidden", status=403)
            try:
                update = Update(**(request.json or {}))
            except Exception:  # noqa: BLE001
                return response.text("bad update", status=400)
            if update.callback_query:
                msg, text = update.callback_query.message, update.callback_query.data
            elif update.edited_message:
                msg, text = update.edited_message, update.edited_message.text
            else:
                msg = update.message
                text = msg.text if msg is not None else None
            if msg is None or text is None or not self.seen.first_time(update.update_id):
                return response.text("success")
            gate = shared_gate()
            chat_id = str(msg.chat.id)
            if msg.chat.type != "private":
                if self.groups_told.first_time(chat_id):
                    try:
                        await self.get_output_channel().send_text_message(chat_id, PRIVATE_ONLY)
                    except Exception as e:  # noqa: BLE001
                        logger.error("telegram: could not send the private-only note (%s)", type(e).__name__)
                return response.text("success")
            message = UserMessage(
                text,
                AnsweringOutput(self.get_output_channel(), chat_id),
                gate.conversation_id(self.name(), chat_id),
                input_channel=self.name(),
            )
            try:
                await gate.admit(message, on_new_message, address=None)
                await reply_addresses.update_after_message(gate, message.sender_id, self.name(), chat_id)
            except Exception as e:  # noqa: BLE001 - Telegram must get a 200, or it retries
                logger.error("telegram: failed to handle a message (%s)", type(e).__name__)
            return response.text("success")

        return bp
