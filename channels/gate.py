"""The gate every incoming message passes before Rasa sees it (all four channels call `Gate.admit`).

Owns, in this order:
1. rate limits: per conversation and per network address (token buckets); over the limit, a kind reply and the
   message is dropped (Rasa, the tracker store and the logs never see it);
2. the size cap: text over MAX_CHARS (2,000) is cut to that length and the person is asked to keep it shorter;
   but the cut-off part (up to TAIL_SCAN_CHARS more) is first read with the safeguarding patterns
   (components/safeguarding_rules.py, in a worker thread), and any sentence there that shows risk to life,
   self-harm or a child in danger is kept, after the first 2,000 characters: a long story that ends "I can't go on"
   still reaches the emergency reply;
3. redaction (channels/redaction.py): card and bank details, codes, passwords, emails, phone numbers, postcodes
   and the officer code are replaced by labels, and the person is told once per conversation what was removed
   and why. A phone number's kind (premium-rate, mobile, ...) goes to Rasa in the message's metadata, not in
   the text the NLU reads (channels/redaction.py). An email address is never kept either, only the kind of its
   domain (free-mail, one of the official domains the scam checker knows, or other; `sender_kind` in
   cyberprotect/checker/links.py), also in the metadata, so the checker can still see "a bank writing from Gmail".
   A number an organisation publishes for the public to call (its fraud line, listed with its source in
   content/checker.yml) is not personal and is kept, so the checker can see a message sends you to the real one.
Only the redacted, capped text goes on to Rasa: the tracker store, the action server's payloads and Rasa's own
logs never hold the original.

Conversation ids (`conversation_id`): each channel has its own namespace ("rest:", "web:", "tw:" SMS, "wa:"
WhatsApp, "tg:"), and
provider ids (phone numbers, Telegram chat ids) are replaced by a keyed hash (HMAC-SHA256 with
CONVERSATION_ID_SECRET), so an id sent on one channel can never reach another channel's conversation and the
stores never hold a phone number. The same function serves the erasure command (startup/privacy.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import re
import secrets as _secrets
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Awaitable, Callable, Mapping, Optional, Tuple

from cyberprotect.handover import callback
from cyberprotect.handover.callback import CALLBACK_KEY  # message metadata only the gate sets (callback requests)
from channels import redaction, shared_state

logger = logging.getLogger(__name__)

MAX_CHARS = 2000
PREFIXES = {"rest": "rest", "socketio": "web", "twilio": "tw", "telegram": "tg"}
TOO_LONG = (
    "Your message was very long, so I've only read the first 2,000 characters. Please send shorter "
    "messages, one part at a time."
)
TOO_BIG = (
    "Your message was too long for me to read. Please send a shorter message (up to 2,000 characters). "
    "If someone is in danger now, call 999."
)
TOO_FAST = (
    "You're sending messages faster than I can answer. Please wait a few seconds and try again. "
    "If someone is in danger now, call 999."
)
SECRET_FILE = Path(__file__).resolve().parents[1] / "state" / "conversation-id.key"
# Seconds a message may wait for Rasa to begin handling it before the person gets the service-trouble reply instead:
# under Sanic's 60 s response timeout, which answered a bare 503 when a server was killed mid-message and the retry
# waited on its lock (issue 25). A turn already begun is let finish (within_budget)
MESSAGE_BUDGET = 45.0
TAIL_SCAN_CHARS = 10000  # how much of a cut-off part is read for risk (about 0.3 s per 4,000 characters)
MAX_KEPT_SENTENCES, MAX_KEPT_SENTENCE = 3, 400
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def message_budget(env: Mapping[str, str] = os.environ) -> float:
    """MESSAGE_BUDGET_SECONDS, else MESSAGE_BUDGET."""
    return float(env.get("MESSAGE_BUDGET_SECONDS") or MESSAGE_BUDGET)


async def within_budget(message, on_new_message: Callable[[Any], Awaitable[Any]]) -> Any:
    """on_new_message(message), given up with asyncio.TimeoutError if Rasa has not begun handling it within the
    budget (e.g. it waits on the lock of a server killed mid-message). A turn Rasa has begun (startup/once.started:
    it holds the lock and has read the tracker) is let finish, however late: cutting it off had sent the person part
    of an answer that was then never stored (its save comes after the last action), so the next turn's history
    lacked it (issue 25, seen under overload with two replicas). The same when the caller itself is cancelled."""
    from startup import once

    task = asyncio.ensure_future(on_new_message(message))
    try:
        done, _ = await asyncio.wait({task}, timeout=message_budget())
        if not done and once.started(message):
            await asyncio.shield(task)
    except asyncio.CancelledError:
        if not once.started(message):
            task.cancel()
        raise
    if task.done():
        return task.result()
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    raise asyncio.TimeoutError(f"not begun within {message_budget():.0f} s")


def conversation_secret(env: Mapping[str, str] = os.environ) -> bytes:
    """The key for conversation ids: CONVERSATION_ID_SECRET, else a random key kept in state/ (created 0600)."""
    value = env.get("CONVERSATION_ID_SECRET", "")
    if value:
        return value.encode()
    path = Path(env.get("CONVERSATION_ID_SECRET_FILE") or SECRET_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(_secrets.token_hex(32))
        except FileExistsError:  # the other server created it first
            time.sleep(0.1)
    return path.read_text().strip().encode()


def officer_marker(secret: bytes, conversation: str) -> str:
    """What a typed officer code becomes: a label bound to this conversation, so the rehearsal action can accept it
    (actions/rehearsal_actions.py) while the code itself is never stored, and typing the label elsewhere is useless."""
    return f"[officer code removed {keyed_hash(secret, 'officer:' + conversation)[:12]}]"


def keyed_hash(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def conversation_id(channel: str, provider_id: str, secret: bytes, hashed: bool = True) -> str:
    """ "tw:<hmac of +4477...>" for an SMS number, "wa:<hmac>" for WhatsApp; "rest:<id>" (hashed=False) for an
    id the caller chose."""
    prefix = PREFIXES.get(channel, channel)
    if channel == "twilio" and provider_id.startswith("whatsapp:"):
        prefix = "wa"
    return f"{prefix}:{keyed_hash(secret, provider_id) if hashed else provider_id}"


class RateLimiter:
    """Token buckets by key: `rate` messages per `per` seconds, bursts up to `rate`; bounded memory."""

    def __init__(self, rate: int, per: float, max_keys: int = 50000, clock: Callable[[], float] = time.monotonic):
        self.rate, self.per, self.max_keys, self.clock = rate, per, max_keys, clock
        self._buckets: "OrderedDict[str, Tuple[float, float]]" = OrderedDict()

    def available(self, key: str) -> bool:
        """Would `allow(key)` pass now? (does not use a token)"""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.rate), now))
        return min(float(self.rate), tokens + (now - last) * self.rate / self.per) >= 1.0

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.rate), now))
        tokens = min(float(self.rate), tokens + (now - last) * self.rate / self.per)
        ok = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if ok else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return ok


class RecentIds:
    """Ids seen in the last `ttl` seconds (bounded memory, oldest dropped first): a provider's webhook retried with
    the same MessageSid / update_id is answered once. Only provider message ids are kept, never a phone number."""

    def __init__(self, ttl: float = 3600.0, max_ids: int = 20000, clock: Callable[[], float] = time.monotonic):
        self.ttl, self.max_ids, self.clock = ttl, max_ids, clock
        self._seen: "OrderedDict[str, float]" = OrderedDict()

    def first_time(self, key: Any) -> bool:
        """True the first time `key` is seen within `ttl` (and remembers it); False for a repeat. None/"" -> True."""
        if key is None or key == "":
            return True
        now, key = self.clock(), str(key)
        while self._seen and (now - next(iter(self._seen.values())) > self.ttl or len(self._seen) >= self.max_ids):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


def _limiter(env: Mapping[str, str], name: str, default: str, clock) -> Optional[RateLimiter]:
    """ "10/10" -> 10 messages per 10 seconds; "off" -> no limit."""
    value = (env.get(name) or default).strip()
    if value == "off":
        return None
    count, seconds = value.split("/")
    shared = shared_state.rate_limiter(name, int(count), float(seconds), env)  # several servers: Redis
    return shared or RateLimiter(int(count), float(seconds), clock=clock)


class Gate:
    def __init__(self, secret: bytes, env: Mapping[str, str] = os.environ, clock: Callable[[], float] = time.monotonic):
        self.secret = secret
        self.per_sender = _limiter(env, "RATE_LIMIT_PER_CONVERSATION", "10/10", clock)
        # Per network address, for peers that are not loopback. Behind a proxy on another host every person has the
        # proxy's address: set RATE_LIMIT_PER_ADDRESS=off there and limit per address at the gateway.
        self.per_address = _limiter(env, "RATE_LIMIT_PER_ADDRESS", "60/60", clock)
        self.officer_codes = tuple(c for c in (env.get("REHEARSAL_CODE", ""),) if c)
        self._told: "OrderedDict[str, None]" = OrderedDict()  # conversations already told about redaction
        self._rules = None  # the safeguarding patterns, loaded on the first over-long message
        self._email_kind = None  # the scam checker's sender-domain kind, loaded on the first email address
        # async (conversation id) -> the `handover` slot; set at server start (startup/patches.py). Only asked for a
        # message holding a phone number or email address, to see if the bot asked for one (callback requests).
        self.handover_slot: Optional[Callable[[str], Awaitable[Any]]] = None

    def conversation_id(self, channel: str, provider_id: str, hashed: bool = True) -> str:
        return conversation_id(channel, provider_id, self.secret, hashed)

    def _told_once(self, conversation: str) -> bool:
        """True the first time per conversation (per process; bounded)."""
        if conversation in self._told:
            return False
        self._told[conversation] = None
        while len(self._told) > 50000:
            self._told.popitem(last=False)
        return True

    def urgent_sentences(self, text: str) -> str:
        """The sentences of the part of `text` beyond MAX_CHARS (up to TAIL_SCAN_CHARS of it) that the safeguarding
        patterns flag, joined (at most MAX_KEPT_SENTENCES, each cut to MAX_KEPT_SENTENCE); "" when none. If the rules
        cannot be loaded, the end of the cut-off part is kept instead (the safe side)."""
        rest = text[MAX_CHARS : MAX_CHARS + TAIL_SCAN_CHARS] if isinstance(text, str) else ""
        if not rest.strip():
            return ""
        rules = self._safeguarding_rules()
        if rules is None:
            return rest[-MAX_KEPT_SENTENCE:].strip()
        if rules.detect(rest) is None:
            return ""
        flagged = [s.strip()[:MAX_KEPT_SENTENCE] for s in _SENTENCE_END.split(rest) if s.strip() and rules.detect(s)]
        return " ".join(flagged[:MAX_KEPT_SENTENCES]) or rest[-MAX_KEPT_SENTENCE:].strip()

    def _within_limits(self, conversation: str, address: Optional[str], limited: bool) -> bool:
        """Would the rate limits let this message through? (uses no token; prepare() takes it)"""
        if not limited:
            return True
        return (not address or not self.per_address or self.per_address.available(address)) and (
            not self.per_sender or self.per_sender.available(conversation)
        )

    def _safeguarding_rules(self):
        if self._rules is None:
            try:
                from components.safeguarding_rules import SafeguardingRules

                self._rules = SafeguardingRules.from_file()
            except Exception as e:  # noqa: BLE001 - the gate must never fail on this
                logger.error("gate: safeguarding patterns not loaded (%s)", type(e).__name__)
                self._rules = False
        return self._rules or None

    def _checker(self):
        """(sender_kind, published_number, content store) from the scam checker, or False if they cannot load."""
        if self._email_kind is None:
            try:
                from cyberprotect.checker.links import published_number, sender_kind
                from cyberprotect.content_store import default_store

                self._email_kind = (sender_kind, published_number, default_store())
            except Exception as e:  # noqa: BLE001 - the gate must never fail on this
                logger.error("gate: scam checker content not loaded (%s)", type(e).__name__)
                self._email_kind = False
        return self._email_kind

    def email_kind(self, address: str) -> Optional[str]:
        """The kind of sender domain of `address` (free-mail, official:<domain>, other) for the placeholder; None
        (the bare "[email removed]") if the checker's content cannot be loaded. The address itself is not kept."""
        checker = self._checker()
        return checker[0](address, checker[2].current().checker) if checker else None

    def published_number(self, number: str) -> bool:
        """The number is one an organisation publishes for the public to call (content/checker.yml): not personal,
        so it is kept and the checker can see the message sends you to the real organisation."""
        checker = self._checker()
        return bool(checker and checker[1](number, checker[2].current().checker))

    def prepare(
        self, text: Any, conversation: str, address: Optional[str] = None, limited: bool = True, urgent: str = ""
    ) -> Tuple[Optional[str], list]:
        """(text for Rasa or None to drop it, notices to send first). Pure apart from the rate-limit state.
        limited=False (trusted local REST callers) skips the rate limits; the size cap and redaction always apply."""
        if limited and address and self.per_address and not self.per_address.allow(address):
            return None, [TOO_FAST]
        if limited and self.per_sender and not self.per_sender.allow(conversation):
            return None, [TOO_FAST]
        notices = []
        text = text if isinstance(text, str) else ""
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS] + (" … " + urgent if urgent else "")
            notices.append(TOO_LONG)
        text, kinds = redaction.redact(
            text, self.officer_codes, email_kind=self.email_kind, keep_phone=self.published_number
        )
        if "officer_code" in kinds:  # officers know why; no notice for it
            text = text.replace(redaction.LABELS["officer_code"], officer_marker(self.secret, conversation))
            kinds = [k for k in kinds if k != "officer_code"]
        if kinds and self._told_once(conversation):
            notices.append(redaction.notice(kinds))
        return text, notices

    async def admit(
        self,
        message,
        on_new_message: Callable[[Any], Awaitable[Any]],
        address: Optional[str] = None,
        limited: bool = True,
    ) -> None:
        """Passes `message` (a rasa UserMessage whose sender_id is already the conversation id) to Rasa after the
        limits and redaction; sends the notices first through the message's own output channel."""
        urgent = ""
        callback_outcome = await self._callback(message, address, limited)
        if callback_outcome is not None:  # the contact went to the team; Rasa sees only that it did (or not)
            message.text = callback_outcome["text"]
        if (
            isinstance(message.text, str)
            and len(message.text) > MAX_CHARS
            and self._within_limits(message.sender_id, address, limited)
        ):
            urgent = await asyncio.to_thread(self.urgent_sentences, message.text)
        text, notices = self.prepare(message.text, message.sender_id, address, limited, urgent)
        for notice in notices:
            await message.output_channel.send_text_message(message.sender_id, notice)
        if text is None:
            logger.warning("gate: rate limit reached on %s", message.input_channel or "a channel")
            return
        message.text, phone_kinds = redaction.split_phone_kinds(text.strip())
        message.text, email_kinds = redaction.split_email_kinds(message.text)
        metadata = {
            k: v
            for k, v in (message.metadata or {}).items()
            if k not in (redaction.PHONE_KINDS_KEY, redaction.EMAIL_KINDS_KEY, CALLBACK_KEY)
        }  # only the gate sets these
        if callback_outcome is not None:
            metadata.update(callback_outcome["metadata"])
        if phone_kinds:  # the NLU reads "[phone number removed]"; the scam checker gets the kinds back from here
            metadata[redaction.PHONE_KINDS_KEY] = phone_kinds
        if email_kinds:  # likewise "[email removed]" and the kind of each sender's domain
            metadata[redaction.EMAIL_KINDS_KEY] = email_kinds
        if metadata or message.metadata is not None:
            message.metadata = metadata
        try:
            await within_budget(message, on_new_message)
        except Exception as e:  # noqa: BLE001 - e.g. the tracker or lock store is down, or over budget (issue 25)
            redis_down = type(e).__module__.split(".")[0] == "redis" or type(e).__name__ == "LockError"
            logger.error(
                "gate: message not handled (%s%s); sent the service-trouble reply",
                type(e).__name__,
                ": the lock store (Redis) is unreachable" if redis_down else "",
            )
            from startup.patches import _fallback_text  # domain.yml's utter_service_trouble: 999, Samaritans

            await message.output_channel.send_text_message(message.sender_id, _fallback_text())

    async def _callback(self, message, address: Optional[str], limited: bool) -> Optional[dict]:
        """A callback request's contact step (cyberprotect/handover/callback.py): sends the person's phone number or
        email address to the team and returns what Rasa sees instead; None for every other message."""
        text = message.text if isinstance(message.text, str) else ""
        if self.handover_slot is None or not callback.contact_in(text[:MAX_CHARS]):
            return None
        if not self._within_limits(message.sender_id, address, limited):
            return None  # prepare() drops it with the kind "too fast" reply
        try:
            slot = await self.handover_slot(message.sender_id)
        except Exception as e:  # noqa: BLE001 - the tracker store is down: the message goes on as usual
            logger.error("gate: handover state not read (%s)", type(e).__name__)
            return None
        if not callback.at_contact_step(slot):
            return None
        rules = self._safeguarding_rules()
        if rules is not None and rules.detect(text[:MAX_CHARS]) is not None:
            return None  # an emergency (or distress) beside the contact: Rasa must read it, redacted as always
        return await asyncio.to_thread(callback.send_from_gate, slot, message.sender_id, text[:MAX_CHARS])


_gate: Optional[Gate] = None


def shared_gate() -> Gate:
    """One gate per process, so the limits count across channels."""
    global _gate
    if _gate is None:
        _gate = Gate(conversation_secret())
    return _gate
