"""A message is handled once, however often it arrives (issue 25).

nginx sends a REST message a second time, to another Rasa server, when the first one fails mid-message (a server
killed, a connection reset): the person gets an answer instead of a 502. But the first server may already have
answered and saved the turn before it died, and then the turn was stored and answered twice (6 REST turns in a
FULL=1 cluster-test, 3 Dec 2026). A client that sends again after a lost answer meets the same problem.

So a message may carry an id from outside Rasa (`message_id` in a REST body or a socket.io message, else
the `X-Request-Id` nginx sets, which is the same for its retry): the channels give it to Rasa as `once:<id>`.
Under the conversation's lock (the Redis lock store), before the message is read, the tracker is searched for a
user turn with that id; if there is one, the bot's replies stored after it are sent again and nothing is
processed or stored. The tracker is the one Rasa fetches anyway, so this costs no extra read. A message without
an id from outside gets Rasa's own random id and is handled as before.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional

logger = logging.getLogger(__name__)
PREFIX = "once:"
_VALID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
_installed: Dict[str, Any] = {}
_STARTED = "_cyberprotect_handling_started"  # set on a UserMessage once Rasa has begun handling it
_REPLY_KEYS = ("text", "buttons", "quick_replies", "image", "attachment", "elements", "custom")  # send_response's


def message_id(value: Any) -> Optional[str]:
    """`once:<value>` for an id a client or the proxy gave (8-64 letters, digits, `_.:-`), else None (Rasa then
    makes its own)."""
    if isinstance(value, str) and _VALID.match(value):
        return PREFIX + value
    return None


def replies_after(events, mid: Optional[str]) -> Optional[List[Dict[str, Any]]]:
    """The bot messages stored after the user turn with id `mid` (up to the next user turn), or None when no
    stored user turn has that id (or `mid` is not one from outside)."""
    from rasa.shared.core.events import BotUttered, UserUttered

    if not (isinstance(mid, str) and mid.startswith(PREFIX)):
        return None
    replies: Optional[List[Dict[str, Any]]] = None
    for event in events:
        if isinstance(event, UserUttered):
            if event.message_id == mid:
                replies = []  # the last such turn counts (there is only one unless stored before this check)
            elif replies is not None:
                break
        elif isinstance(event, BotUttered) and replies is not None:
            message = event.message()
            replies.append({k: message[k] for k in _REPLY_KEYS if message.get(k) is not None})
    return replies


class AlreadyAnswered(Exception):
    def __init__(self, replies: List[Dict[str, Any]]):
        super().__init__("message already answered")
        self.replies = replies


def started(message) -> bool:
    """True once Rasa has begun handling `message`: it holds the conversation's lock and has read the tracker. From
    then on the gate lets the turn finish and be stored rather than cut it off at its time budget
    (channels/gate.py)."""
    return bool(getattr(message, _STARTED, False))


def mark_started(message) -> None:
    setattr(message, _STARTED, True)


async def _handle_message_with_tracker(self, message, tracker) -> None:
    mark_started(message)
    replies = replies_after(tracker.events, getattr(message, "message_id", None))
    if replies is not None:
        raise AlreadyAnswered(replies)
    return await _installed["_handle_message_with_tracker"](self, message, tracker)


async def _handle_message(self, message):
    try:
        return await _installed["handle_message"](self, message)
    except AlreadyAnswered as done:
        logger.info("once: a message already answered arrived again; its %d replies sent again", len(done.replies))
        for reply in done.replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))
        from rasa.core.channels.channel import CollectingOutputChannel

        if isinstance(message.output_channel, CollectingOutputChannel):
            return message.output_channel.messages
        return None


def install() -> None:
    from rasa.core.processor import MessageProcessor

    if _installed:
        return
    _installed["handle_message"] = MessageProcessor.handle_message
    _installed["_handle_message_with_tracker"] = MessageProcessor._handle_message_with_tracker
    MessageProcessor.handle_message = _handle_message
    MessageProcessor._handle_message_with_tracker = _handle_message_with_tracker
