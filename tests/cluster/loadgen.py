"""Load generator for the cluster (issue 25): conversations of 4-6 turns, mixed REST and socket.io (websocket and
long-polling), each waiting for its reply before the next turn, as a person does. Used by tests/cluster/run.py.

Every conversation records what it sent and what came back, so the tracker store can be checked afterwards
(`check_tracker`): every answered turn stored once, in order, each user turn followed by the bot before the next.
socket.io clients connect from different loopback addresses (127.0.0.2, .3, ...) so that nginx's sticky-by-address
routing spreads them over the replicas as it would real people.
"""

from __future__ import annotations

import asyncio
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
PROGRESS = {"answered": 0, "planned": 0}  # turns answered so far in the current run (the failure test waits on it)


@dataclass
class Turn:
    text: str
    started: float
    latency: Optional[float] = None  # seconds to the first reply; None = no reply
    replies: List[str] = field(default_factory=list)
    status: int = 0  # HTTP status (REST) or 200 / 0 (socket.io answered / not)
    error: str = ""


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
    session: aiohttp.ClientSession, base: str, texts: List[str], pause: float, run_id: str
) -> Conversation:
    sender = f"load-{run_id}-{uuid.uuid4().hex[:12]}"
    conv = Conversation("rest", f"rest:{sender}")
    for text in texts:
        turn = Turn(text, time.monotonic())
        conv.turns.append(turn)
        try:
            async with session.post(
                f"{base}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT),
            ) as r:
                turn.status = r.status
                body = await r.json(content_type=None) if r.status == 200 else []
                turn.replies = [m.get("text") or "" for m in body if isinstance(m, dict)]
                if r.status == 200 and turn.replies:
                    turn.latency = time.monotonic() - turn.started
                    PROGRESS["answered"] += 1
        except Exception as e:  # noqa: BLE001 - counted, the conversation carries on as a person would retry
            turn.error = type(e).__name__
        await asyncio.sleep(pause)
    return conv


async def socketio_conversation(base: str, texts: List[str], pause: float, transport: str, source: str) -> Conversation:
    conv = Conversation(transport)
    inbox: asyncio.Queue = asyncio.Queue()
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

    @sio.on("session_confirm")
    async def _confirm(data):
        session_id[0] = data if isinstance(data, str) else (data or {}).get("session_id")
        await confirmed.put(session_id[0])

    @sio.on("bot_uttered")
    async def _bot(data):
        await inbox.put((data or {}).get("text") or "")

    @sio.on("disconnect")
    async def _gone(*_):  # the server went away mid-turn: that turn has failed (the client reconnects)
        await inbox.put(None)

    @sio.on("connect")
    async def _connect():  # also after a reconnection: ask for the same (signed) session back
        await sio.emit("session_request", {"session_id": session_id[0]})

    try:
        await sio.connect(base, transports=[transport], socketio_path="/socket.io", wait_timeout=30)
        signed = await asyncio.wait_for(confirmed.get(), 30)
        conv.sender_id = "web:" + signed.split(".")[0]
        for text in texts:
            while not inbox.empty():  # late replies to the turn before, or a disconnection already over
                inbox.get_nowait()
            turn = Turn(text, time.monotonic())
            conv.turns.append(turn)
            try:
                for _ in range(int(2 * CONNECT_TIMEOUT)):  # bounded: wait for the socket to be (re)connected
                    if sio.connected and sio.namespaces:
                        break
                    await asyncio.sleep(0.5)
                await sio.emit("user_uttered", {"message": text, "session_id": signed})
                first = await asyncio.wait_for(inbox.get(), TURN_TIMEOUT)
                if first is None:
                    raise ConnectionError("disconnected")
                turn.latency, turn.status = time.monotonic() - turn.started, 200
                PROGRESS["answered"] += 1
                turn.replies.append(first)
                while True:
                    try:
                        more = await asyncio.wait_for(inbox.get(), QUIET)
                        if more is None:
                            break
                        turn.replies.append(more)
                    except asyncio.TimeoutError:
                        break
            except Exception as e:  # noqa: BLE001
                turn.error = type(e).__name__
            await asyncio.sleep(pause)
        settle_until = time.monotonic() + TURN_TIMEOUT
        while time.monotonic() < settle_until:  # bounded: the answer to the last message, however late
            try:
                if await asyncio.wait_for(inbox.get(), SETTLE) is None:
                    break
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
    pause: float = 1.0,
    socketio_share: float = 0.5,
    polling_share: float = 0.3,
    emergency_every: int = 5,
    during=None,
) -> Dict:
    """`conversations` at once; half over socket.io (30 % of those long-polling). `during`: an async function run
    alongside (the failure test). Returns the conversations, wall time and figures."""
    rng = random.Random(seed)
    PROGRESS.update(answered=0, planned=0)
    connector = aiohttp.TCPConnector(limit=0)
    tasks = []
    async with aiohttp.ClientSession(connector=connector) as session:
        for i in range(conversations):
            texts = plan(rng.randint(4, 6), rng, emergency_at=rng.randint(1, 3) if i % emergency_every == 0 else None)
            PROGRESS["planned"] += len(texts)
            if rng.random() < socketio_share:
                transport = "polling" if rng.random() < polling_share else "websocket"
                source = f"127.0.0.{2 + i % 200}"
                coro = socketio_conversation(base, texts, pause, transport, source)
            else:
                coro = rest_conversation(session, base, texts, pause, run_id)
            tasks.append(asyncio.ensure_future(_staggered(coro, rng.random() * 2.0)))
        start = time.monotonic()
        side = asyncio.ensure_future(during()) if during else None
        convs = await asyncio.gather(*tasks)
        wall = time.monotonic() - start
        side_result = await side if side else None
    return {"conversations": convs, "wall": wall, "side": side_result, **figures(convs, wall)}


async def _staggered(coro, delay: float):
    await asyncio.sleep(delay)
    return await coro


def figures(convs: List[Conversation], wall: float) -> Dict:
    """replies/s over the time turns were being answered (first turn sent to last reply), not socket set-up."""
    turns = [t for c in convs for t in c.turns]
    answered = [t for t in turns if t.latency is not None]
    if answered:
        wall = max(t.started + t.latency for t in answered) - min(t.started for t in turns)
    lat = sorted(t.latency for t in answered)
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    return {
        "turns": len(turns),
        "answered": len(answered),
        "failed": len(turns) - len(answered),
        "http_5xx": sum(1 for t in turns if t.status >= 500),
        "errors": _count(t.error or f"HTTP {t.status}" for t in turns if t.latency is None),
        "replies_per_s": len(answered) / wall if wall else 0.0,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "max": lat[-1] if lat else float("nan"),
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
            answered = [t.text for t in conv.turns if t.latency is not None]
            checked += 1
            # every answered turn is stored, in order (failed turns may appear between them)
            it = iter(users)
            if not all(any(u == a for u in it) for a in answered):
                if set(answered) - set(users) or len(users) < len(answered):
                    lost += 1
                else:
                    disorder += 1
            if len(users) > len(conv.turns):
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
