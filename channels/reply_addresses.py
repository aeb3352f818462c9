"""Where an agent's reply goes on Telegram, SMS and WhatsApp during a live handover (issue 27).

Those channels name a conversation by a keyed hash of the chat id or phone number (channels/gate.py), so the
tracker store cannot say where to send an agent's reply. While a conversation is in a live handover, and only
then, this keeps its real address (Telegram chat id, Twilio "+44..." or "whatsapp:+44...") in the memory of the
Rasa process, keyed by the hashed conversation id: `remember` after each message that leaves the conversation in a
live handover, `forget` when it is not (any more), when the agent resolves it, or after `ttl` (a day). Never written
to disk, to Redis or to a log. With several Rasa servers (SHARED_STATE_URL) the agent's reply reaches the person
only if Chatwoot's webhook reaches the server that had the person's latest message (docs/handover.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any, Callable, Optional, Tuple

TTL = 24 * 3600.0
MAX_ADDRESSES = 5000


def live_session(slot: Any) -> bool:
    """Is this `handover` slot a live chat with an agent (not an offer, not a callback request)?"""
    return isinstance(slot, dict) and slot.get("conversation_id") is not None and not slot.get("callback")


class ReplyAddresses:
    def __init__(
        self, ttl: float = TTL, max_addresses: int = MAX_ADDRESSES, clock: Callable[[], float] = time.monotonic
    ):
        self.ttl, self.max_addresses, self.clock = ttl, max_addresses, clock
        self._kept: "OrderedDict[str, Tuple[str, str, float]]" = OrderedDict()

    def remember(self, conversation: str, channel: str, address: str) -> None:
        self._kept.pop(conversation, None)
        self._kept[conversation] = (channel, address, self.clock())
        while len(self._kept) > self.max_addresses:
            self._kept.popitem(last=False)

    def forget(self, conversation: str) -> None:
        self._kept.pop(conversation, None)

    def address(self, conversation: str, channel: str) -> Optional[str]:
        kept = self._kept.get(conversation)
        if kept is None or kept[0] != channel:
            return None
        if self.clock() - kept[2] > self.ttl:
            self.forget(conversation)
            return None
        return kept[1]

    def __len__(self) -> int:
        return len(self._kept)


_addresses = ReplyAddresses()


def shared() -> ReplyAddresses:
    """One per process: the connectors fill it, the Chatwoot webhook (channels/handover.py) reads it."""
    return _addresses


async def update_after_message(gate, conversation: str, channel: str, address: str) -> None:
    """After a Telegram/Twilio message has been answered: keep the address if the conversation is now in a live
    handover, forget it otherwise. Reads the `handover` slot through the gate's reader (startup/patches.py)."""
    if gate.handover_slot is None:
        return
    try:
        slot = await gate.handover_slot(conversation)
    except Exception:  # noqa: BLE001 - the tracker store is down: keep what we had (the reply may still go out)
        return
    if live_session(slot):
        _addresses.remember(conversation, channel, address)
    else:
        _addresses.forget(conversation)
