"""Load generator for the cluster (issue 25): conversations of 4-6 turns, mixed REST and socket.io (websocket and
long-polling), each waiting for its reply before the next turn, as a person does. Used by tests/cluster/run.py.

Every conversation records what it sent and what came back, so the tracker store can be checked afterwards
(`check_tracker`): every answered turn stored once, in order, each user turn followed by the bot before the next.
Every turn carries a message id (REST: in the body for half the conversations, nginx's X-Request-Id for the rest;
socket.io: in the message, and the server's replies name it as `reply_to`), so a reply is never taken for the wrong
turn and a turn stored twice shows in the tracker. Pauses: a fixed one (the capacity phases: the machine's
replies/s) or `PEOPLE` (the time a person takes to read the reply and type the next message, below).
socket.io clients connect from different loopback addresses (127.0.0.2, .3, ...) so that nginx's sticky-by-address
routing spreads them over the replicas as it would real people.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import aiohttp
import socketio

if not hasattr(aiohttp, "ClientWSTimeout"):  # python-engineio's client wants aiohttp >= 3.10; Rasa pins 3.9, whose
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, **_: ws_close  # ws_connect takes the close timeout as a float

MESSAGES = [
    "hello",
    "I got a text saying my parcel is held and I have to pay a fee",
    "how do I report a scam",
    "someone hacked my email account",
    "what is phishing",
    "a man rang saying he was from my bank and asked me to move money",
    "how do I keep my son safe on roblox",
    "thanks",
    "I bought a puppy online and it never came",
    "what is a strong password",
]
EMERGENCY = "someone is trying to break into my house right now"
CONNECT_TIMEOUT = 20.0
TURN_TIMEOUT = 90.0  # seconds a turn may take on a very busy machine before it counts as failed
QUIET = 1.0  # socket.io: the reply is complete when nothing more arrives for this long
# socket.io, before leaving: wait until nothing has arrived for this long (bounded by TURN_TIMEOUT). A reply can come
# in parts seconds apart on a busy server (utter_greet, then utter_menu 1.8 s later was seen), so the last part of
# one turn may be taken for the answer to the next; a client that then left at once took its last message with it
# (the server drops a message whose socket has gone before it is handled: nobody is there to read the answer).
SETTLE = 4.0
TROUBLE = "something went wrong on my side"  # the service-trouble reply (domain.yml utter_service_trouble)
# A person's pause before the next message: reading the reply at 238 words a minute (Brysbaert 2019, meta-analysis
# of silent reading of non-fiction, https://doi.org/10.1016/j.jml.2019.104047) and typing the next message at 36
# words a minute (Palin et al. 2019, 37,000 people typing on phones, https://doi.org/10.1145/3338286.3340120);
# reviewed 4 Dec 2026. At least 2 s. An assumption about people, not a measurement of this bot's users.
READ_WPM, TYPE_WPM, MIN_PAUSE = 238.0, 36.0, 2.0
PEOPLE = "people"
PROGRESS = {"answered": 0, "planned": 0}  # turns answered so far in the current run (the failure test waits on it)


@dataclass
class Turn:
    text: str
    started: float
    latency: Optional[float] = None  # seconds to the first reply; None = no reply
    replies: List[str] = field(default_factory=list)
    status: int = 0  # HTTP status (REST) or 200 / 0 (socket.io answered / not)
    error: str = ""
    message_id: str = ""
    resent: int = 0  # socket.io: sent again after a reconnection (same message id, so answered once)

    @property
    def trouble(self) -> bool:
        """Answered with the service-trouble reply only (the message was not handled)."""
        return self.latency is not None and all(TROUBLE in r for r in self.replies)


def pause_after(pause, turn: Optional[Turn], next_text: Optional[str], rng: random.Random) -> float:
    """Seconds to wait before the next message: `pause` itself, or with PEOPLE the time to read this turn's replies
    and type the next message (x 0.75-1.25, people differ)."""
    if pause != PEOPLE:
        return float(pause)
    words = sum(len(r.split()) for r in (turn.replies if turn else []))
    typed = len((next_text or "").split())
    return max(MIN_PAUSE, (60 * words / READ_WPM + 60 * typed / TYPE_WPM) * rng.uniform(0.75, 1.25))


@dataclass
class Conversation:
    kind: str  # rest | websocket | polling
    sender_id: str = ""  # the id in the tracker store ("rest:..." / "web:<uuid>")
    turns: List[Turn] = field(default_factory=list)


def plan(n_turns: int, rng: random.Random, emergency_at: Optional[int] = None) -> List[str]:
    texts = rng.sample(MESSAGES, n_turns)
    if emergency_at is not None and emergency_at < n_turns:
        texts[emergency_at] = EMERGENCY
    return texts


async def rest_conversation(
    session: aiohttp.ClientSession, base: str, texts: List[str], pause, run_id: str, rng: random.Random, own_ids: bool
) -> Conversation:
    """own_ids: the client sends its own message_id; else none, and nginx's X-Request-Id is the message's id."""
    sender = f"load-{run_id}-{uuid.uuid4().hex[:12]}"
    conv = Conversation("rest", f"rest:{sender}")
    for i, text in enumerate(texts):
        turn = Turn(text, time.monotonic(), message_id=uuid.uuid4().hex if own_ids else "")
        conv.turns.append(turn)
        body = {"sender": sender, "message": text} | ({"message_id": turn.message_id} if own_ids else {})
        try:
            async with session.post(
                f"{base}/webhooks/rest/webhook", json=body, timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT)
            ) as r:
                turn.status = r.status
                body = await r.json(content_type=None) if r.status == 200 else []
                turn.replies = [m.get("text") or "" for m in body if isinstance(m, dict)]
                if r.status == 200 and turn.replies:
                    turn.latency = time.monotonic() - turn.started
                    PROGRESS["answered"] += 1
        except Exception as e:  # noqa: BLE001 - counted, the conversation carries on as a person would retry
            turn.error = type(e).__name__
        await asyncio.sleep(pause_after(pause, turn, texts[i + 1] if i + 1 < len(texts) else None, rng))
    return conv


async def socketio_conversation(
    base: str, texts: List[str], pause, transport: str, source: str, rng: random.Random
) -> Conversation:
    conv = Conversation(transport)
    inbox: asyncio.Queue = asyncio.Queue()  # (reply_to, text), or None when the socket went away
    confirmed: asyncio.Queue = asyncio.Queue()
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(source, 0)))
    # request_timeout: the widget's socket.io-client gives a connection 20 s (its default `timeout`); python-engineio's
    # default of 5 s failed a third of the connections to one saturated replica (3 Dec 2026)
    # reconnection_attempts=0: without end, as the widget's socket.io-client (its default); with 5, every client whose
    # server was killed in a FULL run gave up within seconds and failed all its later turns (BadNamespaceError)
    sio = socketio.AsyncClient(
        reconnection=True,
        reconnection_attempts=0,
        reconnection_delay=0.5,
        http_session=http,
        handle_sigint=False,
        request_timeout=CONNECT_TIMEOUT,
    )
    session_id: List[Optional[str]] = [None]
    by_id: Dict[str, Turn] = {}

    @sio.on("session_confirm")
    async def _confirm(data):
        session_id[0] = data if isinstance(data, str) else (data or {}).get("session_id")
        await confirmed.put(session_id[0])

    @sio.on("bot_uttered")
    async def _bot(data):
        data = data or {}
        await inbox.put((data.get("reply_to") or "", data.get("text") or ""))

    @sio.on("disconnect")
    async def _gone(*_):  # the server went away: the client reconnects, and sends an unanswered turn again
        await inbox.put(None)

    @sio.on("connect")
    async def _connect():  # also after a reconnection: ask for the same (signed) session back
        await sio.emit("session_request", {"session_id": session_id[0]})

    def file_late(item) -> None:
        """A reply to an earlier turn (its later parts, or a late answer): kept with that turn, never this one."""
        if item and item[0] in by_id:
            by_id[item[0]].replies.append(item[1])

    try:
        await sio.connect(base, transports=[transport], socketio_path="/socket.io", wait_timeout=30)
        signed = await asyncio.wait_for(confirmed.get(), 30)
        conv.sender_id = "web:" + signed.split(".")[0]
        for i, text in enumerate(texts):
            while not inbox.empty():  # late replies to the turn before, or a disconnection already over
                file_late(inbox.get_nowait())
            while not confirmed.empty():  # that disconnection's reconnection
                confirmed.get_nowait()
            turn = Turn(text, time.monotonic(), message_id=uuid.uuid4().hex)
            by_id[turn.message_id] = turn
            conv.turns.append(turn)
            try:
                for _ in range(int(2 * CONNECT_TIMEOUT)):  # bounded: wait for the socket to be (re)connected
                    if sio.connected and sio.namespaces:
                        break
                    await asyncio.sleep(0.5)
                await sio.emit("user_uttered", {"message": text, "session_id": signed, "message_id": turn.message_id})
                deadline = turn.started + TURN_TIMEOUT
                while True:  # the first reply to this turn (late parts of earlier answers are filed with theirs)
                    item = await asyncio.wait_for(inbox.get(), max(0.01, deadline - time.monotonic()))
                    if item is None:  # as the widget does: once reconnected, the same message with the same id
                        # (startup/once.py: answered from the tracker if the server had handled it, else handled)
                        await asyncio.wait_for(confirmed.get(), max(0.01, deadline - time.monotonic()))
                        if not (sio.connected and sio.namespaces):
                            raise ConnectionError("disconnected")
                        turn.resent += 1
                        await sio.emit(
                            "user_uttered", {"message": text, "session_id": signed, "message_id": turn.message_id}
                        )
                        continue
                    if item[0] == turn.message_id:
                        break
                    file_late(item)
                turn.latency, turn.status = time.monotonic() - turn.started, 200
                PROGRESS["answered"] += 1
                turn.replies.append(item[1])
                while True:
                    try:
                        more = await asyncio.wait_for(inbox.get(), QUIET)
                        if more is None:
                            break
                        file_late(more)
                    except asyncio.TimeoutError:
                        break
            except Exception as e:  # noqa: BLE001
                turn.error = type(e).__name__
            await asyncio.sleep(pause_after(pause, turn, texts[i + 1] if i + 1 < len(texts) else None, rng))
        settle_until = time.monotonic() + TURN_TIMEOUT
        while time.monotonic() < settle_until:  # bounded: the answer to the last message, however late
            try:
                item = await asyncio.wait_for(inbox.get(), SETTLE)
                if item is None:
                    break
                file_late(item)
            except asyncio.TimeoutError:
                break
    except Exception as e:  # noqa: BLE001 - could not even connect: one failed turn
        conv.turns.append(Turn(texts[0], time.monotonic(), error=f"connect {type(e).__name__}: {str(e)[:60]}"))
    finally:
        try:
            await sio.disconnect()
        finally:
            await http.close()
    return conv


async def run_load(
    base: str,
    conversations: int,
    run_id: str,
    seed: int = 25,
    pause=1.0,
    socketio_share: float = 0.5,
    polling_share: float = 0.3,
    emergency_every: int = 5,
    during=None,
    spread: float = 2.0,
) -> Dict:
    """`conversations` at once (each starting within `spread` seconds); half over socket.io (30 % of those
    long-polling). pause: seconds after each reply, or PEOPLE. `during`: an async function run alongside (the
    failure test). Returns the conversations, wall time and figures."""
    rng = random.Random(seed)
    PROGRESS.update(answered=0, planned=0)
    connector = aiohttp.TCPConnector(limit=0)
    tasks = []
    cpu0 = sum(os.times()[:2])
    async with aiohttp.ClientSession(connector=connector) as session:
        for i in range(conversations):
            texts = plan(rng.randint(4, 6), rng, emergency_at=rng.randint(1, 3) if i % emergency_every == 0 else None)
            PROGRESS["planned"] += len(texts)
            own = random.Random(rng.random())
            if rng.random() < socketio_share:
                transport = "polling" if rng.random() < polling_share else "websocket"
                source = f"127.0.0.{2 + i % 200}"
                coro = socketio_conversation(base, texts, pause, transport, source, own)
            else:
                coro = rest_conversation(session, base, texts, pause, run_id, own, own_ids=i % 2 == 0)
            tasks.append(asyncio.ensure_future(_staggered(coro, rng.random() * spread)))
        start = time.monotonic()
        side = asyncio.ensure_future(during()) if during else None
        convs = await asyncio.gather(*tasks)
        wall = time.monotonic() - start
        side_result = await side if side else None
    result = {"conversations": convs, "wall": wall, "side": side_result, **figures(convs, wall)}
    result["loadgen_cpu_s"] = sum(os.times()[:2]) - cpu0
    return result


async def _staggered(coro, delay: float):
    await asyncio.sleep(delay)
    return await coro


def figures(convs: List[Conversation], wall: float) -> Dict:
    """replies/s over the time turns were being answered (first turn sent to last reply), not socket set-up.
    A turn answered only with the service-trouble reply counts as answered (the person was told) and as `trouble`.
    concurrent_max: the most conversations under way at one moment (first message sent to last reply)."""
    turns = [t for c in convs for t in c.turns]
    answered = [t for t in turns if t.latency is not None]
    if answered:
        wall = max(t.started + t.latency for t in answered) - min(t.started for t in turns)
    lat = sorted(t.latency for t in answered)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    spans = []
    for c in convs:
        if c.turns:
            ends = [t.started + (t.latency if t.latency is not None else 0.0) for t in c.turns]
            spans += [(c.turns[0].started, 1), (max(ends), -1)]
    under_way = concurrent = 0
    for _, step in sorted(spans):
        under_way += step
        concurrent = max(concurrent, under_way)
    return {
        "turns": len(turns),
        "answered": len(answered),
        "failed": len(turns) - len(answered),
        "trouble": sum(1 for t in answered if t.trouble),
        # part of an answer, then the service-trouble reply: a turn cut off mid-way (before 4 Dec 2026 the gate's
        # budget did that; such a turn was not stored)
        "resent": sum(t.resent for t in turns),
        "cut_short": sum(1 for t in answered if not t.trouble and any(TROUBLE in r for r in t.replies)),
        "http_5xx": sum(1 for t in turns if t.status >= 500),
        "errors": _count(t.error or f"HTTP {t.status}" for t in turns if t.latency is None),
        "replies_per_s": len(answered) / wall if wall else 0.0,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "max": lat[-1] if lat else float("nan"),
        "concurrent_max": concurrent,
        "reply_words": sum(len(r.split()) for t in answered for r in t.replies) / max(1, len(answered)),
        "kinds": {k: sum(1 for c in convs if c.kind == k) for k in ("rest", "websocket", "polling")},
    }


def _count(items) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def check_tracker(convs: List[Conversation], tracker_url: str) -> Dict:
    """From the Postgres tracker store: per conversation, the user turns stored must be exactly the answered turns
    (same texts, same order; a turn that failed may or may not have been stored), and each user turn must be
    followed by a bot turn before the next user turn. Returns counts of conversations with a problem."""
    import json

    import sqlalchemy as sa

    engine = sa.create_engine(tracker_url)
    lost = disorder = interleaved = duplicated = checked = 0
    details: List[Dict] = []  # the first few conversations with a problem, for the report
    with engine.connect() as db:
        for conv in convs:
            if not conv.sender_id:
                continue
            rows = db.execute(
                sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": conv.sender_id}
            ).fetchall()
            events = [(t, json.loads(d)) for t, d in rows]
            users = [d.get("text") for t, d in events if t == "user"]
            ids = [d.get("message_id") for t, d in events if t == "user" and d.get("message_id")]
            # a turn answered only with the service-trouble reply was not handled: it may or may not be stored
            answered = [t.text for t in conv.turns if t.latency is not None and not t.trouble]
            checked += 1
            # every answered turn is stored, in order (failed turns may appear between them)
            it = iter(users)
            if not all(any(u == a for u in it) for a in answered):
                if set(answered) - set(users) or len(users) < len(answered):
                    lost += 1
                else:
                    disorder += 1
            if len(users) > len(conv.turns) or len(ids) != len(set(ids)):
                duplicated += 1
            if len(details) < 5 and (len(users) > len(conv.turns) or set(answered) - set(users)):
                details.append({"id": conv.sender_id, "kind": conv.kind, "answered": answered, "stored": users})
            kinds = [t for t, _ in events if t in ("user", "bot")]
            if any(a == b == "user" for a, b in zip(kinds, kinds[1:])):
                interleaved += 1
    engine.dispose()
    return {
        "checked": checked,
        "lost": lost,
        "out_of_order": disorder,
        "interleaved": interleaved,
        "duplicated": duplicated,
        **({"details": details} if details else {}),
    }
