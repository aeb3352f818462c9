"""Load benchmark of the REST channel: C concurrent simulated users run N conversations in all.

Users pause --think seconds (uniform between half and one and a half times it) between their messages, as
people reading and typing do; --think 0 measures saturation. Each conversation is four turns (greeting, a threat description, "what should I do now", "how do I report
it"), so custom actions and the content store are exercised. Prints p50/p95/p99 reply latency, throughput and
the resident memory of the Rasa and action servers (with their children). Sends traffic to loopback only.
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

TURNS = ["hello", "I got a text from Royal Mail asking for £1.45 to redeliver a parcel",
         "what should I do now", "how do I report it"]
THREATS = ["I got a text from Royal Mail asking for £1.45 to redeliver a parcel",
           "my instagram has been hacked and they're messaging my friends",
           "someone called saying they're from my bank and told me to move money to a safe account",
           "my son got a message on whatsapp saying hi mum I've got a new number"]


def rss_mb(pattern: str) -> float:
    pids = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()
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


async def main(url, users, conversations, think):
    latencies, errors = [], []
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

        start = time.perf_counter()
        await asyncio.gather(*(user_loop() for _ in range(users)))
        elapsed = time.perf_counter() - start

    q = statistics.quantiles(latencies, n=100)
    print(f"bench: {conversations} conversations x {len(TURNS)} turns from {users} concurrent users "
          f"pausing ~{think:g} s between messages, in {elapsed:.1f} s")
    print(f"bench: reply latency p50 {q[49]:.0f} ms | p95 {q[94]:.0f} ms | p99 {q[98]:.0f} ms "
          f"| max {max(latencies):.0f} ms")
    print(f"bench: throughput {len(latencies) / elapsed:.1f} replies/s | errors {len(errors)}")
    # Only this benchmark's servers (their ports), not a `make run` beside it.
    rasa_port, action_port = url.rsplit(":", 1)[1], os.environ.get("ACTION_PORT", "5155")
    print(f"bench: RSS rasa server {rss_mb(f'startup serve .*-p {rasa_port}'):.0f} MB | "
          f"action server {rss_mb(f'run actions --port {action_port}'):.0f} MB")
    return 1 if errors else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:5005")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--conversations", type=int, default=200)
    p.add_argument("--think", type=float, default=0.0)
    a = p.parse_args()
    raise SystemExit(asyncio.run(main(a.url, a.users, a.conversations, a.think)))
