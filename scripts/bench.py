"""Load benchmark of the REST channel: C concurrent simulated users run N conversations in all.

Users pause --think seconds (uniform between half and one and a half times it) between their messages, as
people reading and typing do; --think 0 measures saturation. Each conversation is four turns (greeting, a threat description, "what should I do now", "how do I report
it"), so custom actions and the content store are exercised. Prints p50/p95/p99 reply latency, throughput and
the resident memory of the Rasa and action servers (with their children), and the CPU time each server spent
per reply (user + system, from /proc): on a machine shared with other work the wall-clock figures depend on the
load, the CPU per reply much less. Sends traffic to loopback only.
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import time
import uuid

import aiohttp

TURNS = [
    "hello",
    "I got a text from Royal Mail asking for £1.45 to redeliver a parcel",
    "what should I do now",
    "how do I report it",
]
THREATS = [
    "I got a text from Royal Mail asking for £1.45 to redeliver a parcel",
    "my instagram has been hacked and they're messaging my friends",
    "someone called saying they're from my bank and told me to move money to a safe account",
    "my son got a message on whatsapp saying hi mum I've got a new number",
]


def _pids(pattern: str):
    return subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()


def cpu_seconds(pattern: str) -> float:
    """User + system CPU seconds of the processes matching pattern (their threads included)."""
    total = 0
    for pid in _pids(pattern):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pattern: str) -> float:
    pids = _pids(pattern)
    total = 0
    for pid in pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


async def conversation(session, url, i, latencies, errors, think=0.0):
    user = f"bench-{uuid.uuid4().hex[:10]}"
    turns = [TURNS[0], THREATS[i % len(THREATS)], TURNS[2], TURNS[3]]
    for text in turns:
        start = time.perf_counter()
        try:
            async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": user, "message": text}) as r:
                body = await r.json()
                if r.status != 200 or not body:
                    errors.append(r.status)
        except Exception as exc:  # counted, reported
            errors.append(repr(exc))
        latencies.append((time.perf_counter() - start) * 1000)
        if think:
            await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))


def server_patterns(url: str):
    """Only this benchmark's servers (their ports), not a `make run` beside it."""
    rasa_port, action_port = url.rsplit(":", 1)[1], os.environ.get("ACTION_PORT", "5155")
    return f"startup serve .*-p {rasa_port}", f"run actions --port {action_port}"


async def main(url, users, conversations, think):
    latencies, errors = [], []
    rasa, actions = server_patterns(url)
    queue = asyncio.Queue()
    for i in range(conversations):
        queue.put_nowait(i)

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        # warm-up: one conversation, not measured
        await conversation(session, url, 0, [], [])

        async def user_loop():
            if think:  # people arrive at different moments, not all in the same millisecond
                await asyncio.sleep(random.uniform(0, 1.5 * think))
            while not queue.empty():
                await conversation(session, url, queue.get_nowait(), latencies, errors, think)

        cpu_before = cpu_seconds(rasa), cpu_seconds(actions)
        start = time.perf_counter()
        await asyncio.gather(*(user_loop() for _ in range(users)))
        elapsed = time.perf_counter() - start
        cpu_rasa, cpu_actions = cpu_seconds(rasa) - cpu_before[0], cpu_seconds(actions) - cpu_before[1]

    q = statistics.quantiles(latencies, n=100)
    print(
        f"bench: {conversations} conversations x {len(TURNS)} turns from {users} concurrent users "
        f"pausing ~{think:g} s between messages, in {elapsed:.1f} s"
    )
    print(
        f"bench: reply latency p50 {q[49]:.0f} ms | p95 {q[94]:.0f} ms | p99 {q[98]:.0f} ms "
        f"| max {max(latencies):.0f} ms"
    )
    print(f"bench: throughput {len(latencies) / elapsed:.1f} replies/s | errors {len(errors)}")
    replies = max(1, len(latencies))
    print(
        f"bench: CPU per reply rasa server {cpu_rasa / replies * 1000:.1f} ms | "
        f"action server {cpu_actions / replies * 1000:.1f} ms | machine load {os.getloadavg()[0]:.1f}"
    )
    print(f"bench: RSS rasa server {rss_mb(rasa):.0f} MB | action server {rss_mb(actions):.0f} MB")
    return 1 if errors else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:5005")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--conversations", type=int, default=200)
    p.add_argument("--think", type=float, default=0.0)
    a = p.parse_args()
    raise SystemExit(asyncio.run(main(a.url, a.users, a.conversations, a.think)))
