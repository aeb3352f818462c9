"""Numbered options for channels without buttons (SMS, WhatsApp): pure logic, no Rasa, no network.

`numbered_message` writes a bot message and its buttons as ONE message ("1. A scam text" ...), and
`OptionMemory` remembers each sender's last options so that a reply of "2" becomes the second button's
payload. The memory is per process, bounded (oldest senders dropped first) and forgets after `ttl`
seconds; a reply that is not one of the numbers goes to the bot unchanged.

What it holds is the conversation id (a keyed hash, never the phone number) and the bot's own buttons. Expired
entries are dropped on every use and by the Rasa server's hourly retention job (`purge_all`), and a conversation
erased with `python -m startup.privacy erase` is forgotten on the next message to any sender: the erase command
lists the erased ids in ERASED_IDS_FILE (state/erased-conversations, 0600, kept for a day), which the memory
reads whenever the file changes.
"""

from __future__ import annotations

import os
import re
import time
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

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


ERASED_KEEP_SECONDS = 86400  # longer than any memory's ttl
_memories: "weakref.WeakSet[OptionMemory]" = weakref.WeakSet()


def erased_ids_file(env: Mapping[str, str] = os.environ) -> Path:
    return Path(env.get("ERASED_IDS_FILE") or Path(__file__).resolve().parents[1] / "state" / "erased-conversations")


def record_erased(ids: Iterable[str], env: Mapping[str, str] = os.environ, now: Optional[float] = None) -> None:
    """Called by the erase command: adds these conversation ids (keyed hashes) to the erased list, dropping
    entries older than a day, so running servers forget their options."""
    now = time.time() if now is None else now
    path = erased_ids_file(env)
    lines = []
    if path.exists():
        for line in path.read_text().splitlines():
            stamp, _, conversation = line.partition(" ")
            if conversation and now - float(stamp or 0) < ERASED_KEEP_SECONDS:
                lines.append(line)
    lines += [f"{now:.0f} {c}" for c in ids]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    os.replace(tmp, path)
    from channels import shared_state

    shared_state.forget_options(list(ids), env)  # several servers: the options kept in Redis


def purge_all() -> None:
    """Drop expired options in every memory of this process (the Rasa server's retention job calls it)."""
    for memory in list(_memories):
        memory.purge()


class OptionMemory:
    def __init__(
        self,
        max_senders: int = 10000,
        ttl: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        erased_file: Optional[Path] = None,
    ):
        self._options: "OrderedDict[str, Tuple[float, List[Button]]]" = OrderedDict()
        self.max_senders, self.ttl, self.clock = max_senders, ttl, clock
        self.erased_file = erased_file or erased_ids_file()
        self._erased_seen: Optional[Tuple[float, int]] = None  # (mtime, size) of the erased list last read
        _memories.add(self)

    def purge(self) -> None:
        """Drop expired entries (oldest first: the dict is in the order they were remembered) and erased ones."""
        now = self.clock()
        while self._options and now - next(iter(self._options.values()))[0] > self.ttl:
            self._options.popitem(last=False)
        self._forget_erased()

    def _forget_erased(self) -> None:
        try:
            stat = self.erased_file.stat()
        except OSError:
            return
        if self._erased_seen == (stat.st_mtime, stat.st_size):
            return
        self._erased_seen = (stat.st_mtime, stat.st_size)
        try:
            for line in self.erased_file.read_text().splitlines():
                self._options.pop(line.partition(" ")[2], None)
        except OSError:
            pass

    def remember(self, sender: str, buttons: Sequence[Button]) -> None:
        self.purge()
        self._options.pop(sender, None)
        self._options[sender] = (self.clock(), [dict(b) for b in buttons])
        while len(self._options) > self.max_senders:
            self._options.popitem(last=False)

    def forget(self, sender: str) -> None:
        self._options.pop(sender, None)

    def __len__(self) -> int:
        return len(self._options)

    def resolve(self, sender: str, text: Optional[str]) -> Optional[str]:
        """The payload of option `text` from the sender's last options, else `text` itself."""
        n = choice_number(text)
        self.purge()
        entry = self._options.get(sender)
        if n is None or entry is None:
            return text
        stamp, buttons = entry
        if self.clock() - stamp > self.ttl or not 1 <= n <= len(buttons):
            return text
        button = buttons[n - 1]
        return button.get("payload") or button.get("title") or text
