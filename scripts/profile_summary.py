"""Summarise a py-spy raw profile (`py-spy record -f raw`): the share of busy samples whose stack contains each
pattern, and the commonest innermost frames. Samples of idle threads (the event loop waiting, idle pool workers)
are left out, so the shares are of the time a server was working.
    python scripts/profile_summary.py PROFILE.txt [PATTERN ...]
"""

import collections
import sys

IDLE = (
    "select (selectors.py",
    "wait (threading.py",
    "_worker (concurrent/futures/thread.py:81)",
    "serve (sanic/server/runners.py:155)",
    "run_forever (asyncio/base_events.py",
)


def summary(path: str, patterns) -> None:
    busy, idle = 0, 0
    hits, leaves = collections.Counter(), collections.Counter()
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n, frames = int(count), stack.split(";")
        if any(marker in frames[-1] for marker in IDLE):
            idle += n
            continue
        busy += n
        for pattern in patterns:
            if pattern in stack:
                hits[pattern] += n
        leaves[frames[-1]] += n
    total = max(busy, 1)
    print(f"profile {path}: {busy} busy samples ({idle} idle left out)")
    for pattern in patterns:
        print(f"  {hits[pattern] / total:6.1%}  {pattern}")
    print("  innermost frames:")
    for frame, n in leaves.most_common(8):
        print(f"  {n / total:6.1%}  {frame[:140]}")


if __name__ == "__main__":
    summary(sys.argv[1], sys.argv[2:])
