"""What several bot servers must share between messages, kept in Redis when SHARED_STATE_URL is set (issue 25).

One Rasa server (the default, `make run`): nothing here is used; each store stays in the process
(channels/gate.py, channels/options.py). Several Rasa or action servers behind a load balancer (`make cluster`,
deploy/): set SHARED_STATE_URL=redis://host:port/db and these stores replace the in-process ones, so a person's next
message may reach any server:
- `RedisRateLimiter`: the gate's per-conversation and per-address limits and the rehearsal's wrong-code limit
  (token buckets, same arithmetic as channels.gate.RateLimiter, done atomically in one Lua script);
- `RedisRecentIds`: Twilio MessageSids / Telegram update ids already handled (a provider's retry may reach another
  server);
- `RedisOptionMemory`: the SMS/WhatsApp numbered options ("reply 2").
Keys expire by themselves (Redis TTL), so no purge job is needed. They hold conversation ids (keyed hashes, never a
phone number), the bot's own buttons, provider message ids and, for at most a minute, a caller's network address.

Redis unreachable: every store lets the message through and logs one error a minute ("shared state unreachable"):
rate limits are not applied, a webhook retry may be answered twice, and "2" reaches the bot as "2" (it then asks
again). People keep getting answers; the lock store (also Redis) is what stops the servers, see README "Cluster".
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any, Dict, List, Mapping, Optional, Sequence

logger = logging.getLogger(__name__)
PREFIX = "cp:"
TIMEOUT = 0.5  # seconds; a message waits at most about this long for a Redis that has gone away

_TOKEN_BUCKET = """
local rate, per, take = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local v = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(v[1]) or rate
local last = tonumber(v[2]) or now
tokens = math.min(rate, tokens + (now - last) * rate / per)
local ok = 0
if tokens >= 1 then ok = 1 end
if take == 1 then
  if ok == 1 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(now))
  redis.call('EXPIRE', KEYS[1], math.ceil(per) + 1)
end
return ok
"""

_clients: Dict[str, Any] = {}
_last_error = [0.0]


def url(env: Mapping[str, str] = os.environ) -> str:
    return (env.get("SHARED_STATE_URL") or "").strip()


def client(env: Mapping[str, str] = os.environ):
    """The Redis client for SHARED_STATE_URL (one per process and URL), or None when it is not set."""
    address = url(env)
    if not address:
        return None
    if address not in _clients:
        import redis

        _clients[address] = redis.Redis.from_url(
            address, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT, health_check_interval=30
        )
    return _clients[address]


def _unreachable(what: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_error[0] > 60:
        _last_error[0] = now
        logger.error(
            "shared state unreachable (%s, %s): %s let through", type(error).__name__, "SHARED_STATE_URL", what
        )


class RedisRateLimiter:
    """Token buckets by key in Redis, shared by every server: `rate` messages per `per` seconds."""

    def __init__(self, redis_client, name: str, rate: int, per: float):
        self.redis, self.rate, self.per = redis_client, rate, per
        self.prefix = f"{PREFIX}rl:{name}:"
        self._script = redis_client.register_script(_TOKEN_BUCKET)

    def _run(self, key: str, take: int) -> bool:
        try:
            return bool(self._script(keys=[self.prefix + key], args=[self.rate, self.per, take]))
        except Exception as e:  # noqa: BLE001 - redis.RedisError and socket errors: let the message through
            _unreachable("rate limit", e)
            return True

    def available(self, key: str) -> bool:
        return self._run(key, 0)

    def allow(self, key: str) -> bool:
        return self._run(key, 1)


class RedisRecentIds:
    """Provider message ids seen in the last `ttl` seconds, in Redis (SET NX with an expiry)."""

    def __init__(self, redis_client, name: str, ttl: float = 3600.0):
        self.redis, self.ttl, self.prefix = redis_client, int(ttl), f"{PREFIX}seen:{name}:"

    def first_time(self, key: Any) -> bool:
        if key is None or key == "":
            return True
        try:
            return bool(self.redis.set(self.prefix + str(key), b"1", nx=True, ex=self.ttl))
        except Exception as e:  # noqa: BLE001
            _unreachable("webhook repeat check", e)
            return True


class RedisOptionMemory:
    """channels.options.OptionMemory in Redis: each sender's last numbered options, forgotten after `ttl`."""

    def __init__(self, redis_client, ttl: float = 3600.0):
        self.redis, self.ttl, self.prefix = redis_client, int(ttl), f"{PREFIX}opt:"

    def purge(self) -> None:
        """Nothing to do: Redis expires the entries."""

    def remember(self, sender: str, buttons: Sequence[Dict[str, str]]) -> None:
        try:
            self.redis.set(self.prefix + sender, json.dumps([dict(b) for b in buttons]), ex=self.ttl)
        except Exception as e:  # noqa: BLE001
            _unreachable("numbered options (not kept)", e)

    def forget(self, sender: str) -> None:
        try:
            self.redis.delete(self.prefix + sender)
        except Exception as e:  # noqa: BLE001
            _unreachable("numbered options (not forgotten)", e)

    def resolve(self, sender: str, text: Optional[str]) -> Optional[str]:
        from channels.options import choice_number

        n = choice_number(text)
        if n is None:
            return text
        try:
            raw = self.redis.get(self.prefix + sender)
        except Exception as e:  # noqa: BLE001
            _unreachable("numbered options (reply passed on as typed)", e)
            return text
        buttons: List[Dict[str, str]] = json.loads(raw) if raw else []
        if not 1 <= n <= len(buttons):
            return text
        button = buttons[n - 1]
        return button.get("payload") or button.get("title") or text


def rate_limiter(name: str, rate: int, per: float, env: Mapping[str, str] = os.environ):
    """A shared limiter when SHARED_STATE_URL is set, else None (the caller keeps its in-process one)."""
    redis_client = client(env)
    return RedisRateLimiter(redis_client, name, rate, per) if redis_client is not None else None


def recent_ids(name: str, ttl: float = 3600.0, env: Mapping[str, str] = os.environ):
    redis_client = client(env)
    return RedisRecentIds(redis_client, name, ttl) if redis_client is not None else None


def option_memory(ttl: float = 3600.0, env: Mapping[str, str] = os.environ):
    redis_client = client(env)
    return RedisOptionMemory(redis_client, ttl) if redis_client is not None else None


def forget_options(conversations: Sequence[str], env: Mapping[str, str] = os.environ) -> int:
    """The erase command: drop these conversations' numbered options, and any turns waiting in the tracker outbox
    (startup/tracker_outbox.py), from Redis (when shared). Returns how many keys were deleted."""
    redis_client = client(env)
    if redis_client is None or not conversations:
        return 0
    redis_client.srem(f"{PREFIX}outbox", *conversations)
    return int(
        redis_client.delete(
            *[f"{PREFIX}opt:{c}" for c in conversations], *[f"{PREFIX}outbox:{c}" for c in conversations]
        )
    )
