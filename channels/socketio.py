"""The website widget's socket.io channel, built on Rasa's SocketIOInput. Adds:

- server-issued, signed session ids: `session_request` returns "<uuid>.<hmac>"; an id the server did not sign is
  replaced by a new one, so nobody can join another person's conversation by guessing or copying an id format;
- the socket, not the client, says which conversation a message belongs to: a `user_uttered` event is handled
  only for the session this socket was given, in the widget's own namespace ("web:<uuid>"); a socket without one
  (a message sent on reconnection before session_request) is given the session its message names only if that id
  carries this server's signature, else the message is refused;
- origins: only the sites in WIDGET_ALLOWED_ORIGINS (comma-separated, e.g. https://www.example.police.uk) may
  connect; unset, any origin (local demo). engine.io messages are capped at 1.1 MB (MAX_SOCKET_MESSAGE);
- open sockets per network address capped at SOCKETS_PER_ADDRESS (20; loopback peers, i.e. a local proxy, are
  not counted: limit at the gateway there), so one address cannot hold thousands of connections open;
- a `message_id` in a message (optional, 8-64 letters, digits, `_.:-`): the message is handled once however often
  it is sent (startup/once.py), and every bot message answering it carries it back as `reply_to`;
- the gate (rate limits, 2,000-character cap, redaction) before Rasa; client metadata is ignored;
- failures logged by exception type only.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from channels.gate import PREFIXES, shared_gate
from channels.rest import is_loopback, peer_address
from startup import once

logger = logging.getLogger(__name__)
# engine.io's per-message cap. A little over 1 MB so that a very long paste still gets the polite "please send
# shorter messages" reply (the gate reads only the first 2,000 characters); anything bigger closes the socket.
MAX_SOCKET_MESSAGE = 1_100_000
SOCKETS_PER_ADDRESS = 20


def allowed_origins(env=os.environ):
    """The list python-socketio checks the Origin header against; [] switches the check off (Rasa's default)."""
    origins = [o.strip().rstrip("/") for o in (env.get("WIDGET_ALLOWED_ORIGINS") or "").split(",") if o.strip()]
    return origins or "*"


def sign_session(secret: bytes, session: str) -> str:
    return session + "." + hmac.new(secret, b"widget:" + session.encode(), hashlib.sha256).hexdigest()[:32]


def verified_session(secret: bytes, signed: Any) -> Optional[str]:
    """The uuid inside a signed id the server issued, else None."""
    if not isinstance(signed, str) or signed.count(".") != 1 or len(signed) > 100:
        return None
    session = signed.split(".")[0]
    return session if hmac.compare_digest(sign_session(secret, session), signed) else None


class ReplyOutput(SocketIOOutput):
    """Every bot message for a user message that carried a `message_id` says so (`reply_to`): a reply's parts can
    arrive seconds apart on a busy server, and without it a client cannot tell a late part of one answer from the
    next answer. Clients that send no id (the widget today) see the same messages as before."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, reply_to: Optional[str] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.reply_to = reply_to

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self.reply_to and isinstance(response, dict):
            response = {**response, "reply_to": self.reply_to}
        await super()._send_message(socket_id, response)


class SignedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = shared_gate()
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=allowed_origins(), max_http_buffer_size=MAX_SOCKET_MESSAGE
        )
        bp = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        sessions: Dict[str, str] = {}  # socket id -> conversation id ("web:<uuid>")
        addresses: Dict[str, str] = {}  # socket id -> TCP peer, for the per-address limit
        open_per_address: Dict[str, int] = {}
        max_open = int(os.environ.get("SOCKETS_PER_ADDRESS") or SOCKETS_PER_ADDRESS)

        @bp.route("/", methods=["GET"])
        async def health(_: Request):
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            request = environ.get("sanic.request")
            address = peer_address(request) if request is not None else ""
            address = "" if is_loopback(address) else address  # behind a local proxy: the gateway limits
            if address and open_per_address.get(address, 0) >= max_open:
                logger.warning("socketio: refused a connection (over %d open from one address)", max_open)
                return False
            addresses[sid] = address
            if address:
                open_per_address[address] = open_per_address.get(address, 0) + 1
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            sessions.pop(sid, None)
            address = addresses.pop(sid, "")
            if address and open_per_address.get(address, 0) > 1:
                open_per_address[address] -= 1
            else:
                open_per_address.pop(address, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            given = data.get("session_id") if isinstance(data, dict) else None
            session = verified_session(gate.secret, given) or uuid.uuid4().hex
            conversation = f"{PREFIXES['socketio']}:{session}"
            sessions[sid] = conversation
            await sio.enter_room(sid, conversation, namespace=self.namespace)
            await sio.emit("session_confirm", sign_session(gate.secret, session), room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            if not isinstance(data, dict):
                return
            conversation = sessions.get(sid)
            if conversation is None:
                # A message before this socket asked for its session: socket.io-client sends what it buffered while
                # disconnected before its "connect" handler's session_request, so after a reconnection (a server
                # restart, a busy server missing a ping) the person's message was dropped unseen (issue 25 load
                # test). A signed id this server issued proves the session, as in session_request.
                session = verified_session(gate.secret, data.get("session_id"))
                if session is None:
                    return  # no session from this server: nothing to answer
                conversation = sessions[sid] = f"{PREFIXES['socketio']}:{session}"
                await sio.enter_room(sid, conversation, namespace=self.namespace)
            text = data.get("message")
            if not isinstance(text, str):
                return
            given = once.message_id(data.get("message_id"))
            output = ReplyOutput(sio, self.bot_message_evt, data.get("message_id") if given else None)
            message = UserMessage(text, output, conversation, input_channel=self.name(), message_id=given)
            try:
                await gate.admit(message, on_new_message, address=addresses.get(sid) or None)
            except Exception as e:  # noqa: BLE001
                logger.error("socketio: failed to handle a message (%s)", type(e).__name__)

        return bp
