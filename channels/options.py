"""Numbered options for channels without buttons (SMS, WhatsApp): pure logic, no Rasa, no network.

`numbered_message` writes a bot message and its buttons as ONE message ("1. A scam text" ...), and
`OptionMemory` remembers each sender's last options so that a reply of "2" becomes the second button's
payload. The memory is per process, bounded (oldest senders dropped first) and forgets after `ttl`
seconds; a reply that is not one of the numbers goes to the bot unchanged.
"""
from __future__ import annotations

import re
import time
from collections import OrderedDict
from typing import Callable, Dict, List, Optional, Sequence, Tuple

Button = Dict[str, str]
_CHOICE = re.compile(r"^\s*\(?(\d{1,2})[.)]?\s*$")


def numbered_message(text: str, buttons: Sequence[Button]) -> str:
    lines = [f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
    if not lines:
        return text
    prompt = "Reply with a number:" if len(lines) > 1 else "Reply 1 for:"
    return (text.rstrip() + "\n\n" if text and text.strip() else "") + prompt + "\n" + "\n".join(lines)


def choice_number(text: Optional[str]) -> Optional[int]:
    """The number a reply picks ("2", " 2. ", "(2)"), or None when it is not just a number."""
    m = _CHOICE.match(text or "")
    return int(m.group(1)) if m else None


class OptionMemory:
    def __init__(self, max_senders: int = 10000, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self._options: "OrderedDict[str, Tuple[float, List[Button]]]" = OrderedDict()
        self.max_senders, self.ttl, self.clock = max_senders, ttl, clock

    def remember(self, sender: str, buttons: Sequence[Button]) -> None:
        self._options.pop(sender, None)
        self._options[sender] = (self.clock(), [dict(b) for b in buttons])
        while len(self._options) > self.max_senders:
            self._options.popitem(last=False)

    def forget(self, sender: str) -> None:
        self._options.pop(sender, None)

    def resolve(self, sender: str, text: Optional[str]) -> Optional[str]:
        """The payload of option `text` from the sender's last options, else `text` itself."""
        n = choice_number(text)
        entry = self._options.get(sender)
        if n is None or entry is None:
            return text
        stamp, buttons = entry
        if self.clock() - stamp > self.ttl or not 1 <= n <= len(buttons):
            return text
        button = buttons[n - 1]
        return button.get("payload") or button.get("title") or text
