"""`make cluster-test` (issue 25): load and failure tests against the cluster `scripts/cluster.sh` started, printing
figures and exiting non-zero when a check fails. Reads state/cluster/cluster.env (ports, pids, paths).

  1. one replica   - 40 conversations straight to Rasa server 1 (REST + socket.io), each sending again 0.2 s after
                     an answer: the replies/s this machine gives, p50/p95
  2. two replicas  - the same mix through nginx: replies/s, p50/p95; 0 failed turns, 0 5xx
  (--full) 1p, 2p  - 200 conversations under way at once, one replica then two, each person pausing as long as it
                     takes to read the answer and type the next message (tests/cluster/loadgen.py PEOPLE)
     all checked in Postgres: every answered turn stored once (message ids), in order, never two user turns in a
     row; no turn given the service-trouble reply
  3. failure       - through nginx; mid-run Rasa server 1 and action server 1 are killed (SIGKILL): turns started
                     after the kill are all answered on the survivors with their history, emergencies get 999
  4. Postgres down - stopped for 10 s in the middle of a mixed load (half the phase's conversations): every turn
                     answered meanwhile (from the outage's own history, startup/tracker_outbox.py), emergencies
                     get 999, 0 5xx, and afterwards every answered turn is in Postgres, in order, once
  5. Redis down    - every message gets the same kind reply (lock store unreachable); Redis restarted, answers again

Default size (40 conversations per phase, 20 in phase 4) is CI's: every property checked, a few minutes on a shared
2-core machine; --full adds 1p and 2p and runs phases 3 and 4 with 200 and 100 people-paced conversations. Bounded: every turn times
out after 90 s, every phase has a fixed number of turns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.cluster import loadgen

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "state" / "cluster"
TROUBLE = "something went wrong on my side"


def cluster_env() -> dict:
    env = {}
    for line in (STATE / "cluster.env").read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = value
    return env


def as_user(user: str, args: list) -> list:
    return (["runuser", "-u", user, "--"] + args) if user and os.geteuid() == 0 else args


def pg_ctl(env: dict, action: str) -> None:
    args = [f"{env['PG_BIN']}/pg_ctl", "-D", env["PG_DATA"], "-w", "-t", "60"]
    if action == "stop":
        args += ["-m", "fast", "stop"]
    else:
        args += [
            "-l",
            f"{env['PG_SOCKET_DIR']}/postgres.log",
            "-o",
            f"-p {env['PG_PORT']} -k {env['PG_SOCKET_DIR']} -c listen_addresses=127.0.0.1 -c max_connections=200",
            "start",
        ]
    subprocess.run(as_user(env["PG_USER"], args), check=True, timeout=90, capture_output=True)


def kill_group(pid_file: Path) -> int:
    pid = int(pid_file.read_text())
    os.killpg(pid, signal.SIGKILL)
    return pid


def settled_check(convs, url: str) -> dict:
    """The tracker check, repeated while turns are missing (bounded: 10 tries, 3 s apart): a socket.io turn can still
    be finishing in Rasa (the lock queues the next message, the last turn is saved after its last action) when the
    client has seen its replies."""
    for _ in range(10):
        result = loadgen.check_tracker(convs, url)
        if not (result["lost"] or result["out_of_order"]):
            break
        time.sleep(3)
    return result


def stored_count(turns, convs, url: str) -> int:
    """How many of these answered turns are in the tracker store (each conversation's user texts, in order)."""
    import sqlalchemy as sa

    owner = {id(t): c for c in convs for t in c.turns}
    engine = sa.create_engine(url)
    found = 0
    with engine.connect() as db:
        for t in turns:
            conv = owner[id(t)]
            users = [
                r[0]
                for r in db.execute(
                    sa.text(
                        "SELECT data::json->>'text' FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"
                    ),
                    {"s": conv.sender_id},
                )
            ]
            found += t.text in users
    engine.dispose()
    return found


def _pgrp(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, ValueError, IndexError):
        return -1


def group_cpu(pids) -> float:
    """CPU seconds (user + system) used so far by every process in the process groups of these pids (each server
    is started with setsid, so a Rasa or action server's group is itself and its children): a figure that does not
    depend on what else the machine runs."""
    groups = {_pgrp(pid) for pid in pids} - {-1}
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def server_pids(env: dict) -> dict:
    """The pids whose process groups make up each part: Rasa servers, action servers, Postgres + Redis + nginx."""
    run = Path(env["RUN_DIR"])
    pids = {
        "rasa": [int(p.read_text()) for p in run.glob("rasa-*.pid")],
        "actions": [int(p.read_text()) for p in run.glob("actions-*.pid")],
        "stores_and_nginx": [],
    }
    for path in (Path(env["PG_DATA"]) / "postmaster.pid", STATE / "nginx" / "nginx.pid"):
        try:
            pids["stores_and_nginx"].append(int(path.read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            pass
    pids["stores_and_nginx"].append(int(env["REDIS_PID"]))
    return pids


async def measured_load(env: dict, *args, **kwargs) -> dict:
    """loadgen.run_load, with the CPU time each part of the cluster spent per reply."""
    pids = server_pids(env)
    before = {part: group_cpu(p) for part, p in pids.items()}
    result = await loadgen.run_load(*args, **kwargs)
    replies = max(1, result["answered"])
    result["cpu_ms_per_reply"] = {part: 1000 * (group_cpu(p) - before[part]) / replies for part, p in pids.items()}
    return result


T0 = time.monotonic()
PHASES = ("records", "capacity", "people", "kill", "postgres", "redis")
PG_EMERGENCY_PROBES = 4  # emergencies sent by new people while Postgres is down (phase 4)


def line(name: str, r: dict) -> str:
    return (
        f"[{time.monotonic() - T0:4.0f} s] {name:<26} {r['turns']:>5} turns {r['answered']:>5} answered {r['failed']:>3} failed "
        f"{r['http_5xx']:>3} 5xx {r['trouble']:>3} trouble  {r['replies_per_s']:6.2f} replies/s  p50 {r['p50']:.2f} s  "
        f"p95 {r['p95']:.2f} s  max {r['max']:.1f} s  {r['concurrent_max']} at once"
        f"  ({r['kinds']['rest']} REST, {r['kinds']['websocket']} websocket, {r['kinds']['polling']} polling)"
        + (f"; failed: {r['errors']}" if r["errors"] else "")
        + (f"; {r['resent']} socket.io turns sent again after a reconnection" if r["resent"] else "")
        + (f"; {r['cut_short']} answers cut short by the service-trouble reply" if r["cut_short"] else "")
    )


async def say(session: aiohttp.ClientSession, base: str, sender: str, text: str) -> tuple:
    try:
        async with session.post(
            f"{base}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=aiohttp.ClientTimeout(total=60),
        ) as r:
            body = await r.json(content_type=None) if r.status == 200 else []
            return r.status, " ".join(m.get("text") or "" for m in body if isinstance(m, dict))
    except Exception as e:  # noqa: BLE001
        return 0, type(e).__name__


async def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--full",
        action="store_true",
        help="adds the issue's size: 200 people-paced conversations (1p, 2p, 3 and 4)",
    )
    ap.add_argument("--conversations", type=int, default=0, help="conversations per phase (default 40, --full 200)")
    ap.add_argument("--pg-down", type=float, default=10.0, help="seconds Postgres stays stopped in phase 4")
    ap.add_argument("--kill-at", type=float, default=0.4, help="share of phase 3's turns answered before the kill")
    ap.add_argument(
        "--phases",
        default=",".join(PHASES),
        help="which phases to run, comma-separated, in this order: " + ", ".join(PHASES) + " (default all; "
        "'people' only with --full). A full-size run split in two against fresh clusters proves the same as one",
    )
    args = ap.parse_args(argv)
    chosen = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = sorted(set(chosen) - set(PHASES))
    if unknown or not chosen:
        ap.error(f"unknown phase(s) {unknown}: choose from {', '.join(PHASES)}")
    if not args.full and "people" in chosen:  # the people-paced phases are the full size's only
        chosen.remove("people")
        if not chosen:
            ap.error("the 'people' phases run only with --full (FULL=1)")
    env = cluster_env()
    n = args.conversations or (200 if args.full else 40)
    n_cap = 40  # the capacity phases' size, CI and FULL alike
    nginx = f"http://127.0.0.1:{env['CLUSTER_PORT']}"
    replica1 = f"http://127.0.0.1:{env['RASA_BASE']}"
    run_id = time.strftime("%H%M%S")
    problems, report = [], {"busy_machine_load": os.getloadavg(), "conversations": n, "phases": chosen}
    print(
        f"cluster-test: {env['CLUSTER_RASA']} Rasa, {env['CLUSTER_ACTIONS']} action servers; {n} conversations "
        f"per phase, 4-6 turns ("
        + (
            "capacity: 40 conversations, 0.2 s pause after each reply; the rest: each person pauses to read the "
            "reply and type the next message"
            if args.full
            else "0.2 s pause after each reply in 1-2, 1 s in 3, 0.5 s in 4"
        )
        + f"); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine); phases: "
        + ", ".join(chosen)
    )

    if "records" in chosen:
        await records_phase(env, nginx, run_id, report, problems)

    # 1-2. capacity: few conversations sending again 0.2 s after each answer, so the servers are never idle: the
    # replies/s this share of the machine gives with one Rasa server and with two
    phases = []
    if "capacity" in chosen:
        phases.append(("1. one replica (direct)", "one replica", replica1, n_cap, 0.2, 2.0, 1))
        phases.append(("2. two replicas (nginx)", "two replicas", nginx, n_cap, 0.2, 2.0, 2))
    # the load: 200 conversations under way at once, each person pausing to read and type
    if args.full and "people" in chosen:
        phases.append(("1p. one replica, people", "one replica, people", replica1, n, loadgen.PEOPLE, 30.0, 11))
        phases.append(("2p. two replicas, people", "two replicas, people", nginx, n, loadgen.PEOPLE, 30.0, 12))
    loads = {}
    for title, name, base, size, pause, spread, seed in phases:
        r = await measured_load(env, base, size, run_id + str(seed), seed=seed, pause=pause, spread=spread)
        loads[name] = r
        print(line(title, r))
    for name, r in loads.items():
        cpu = r["cpu_ms_per_reply"]
        total = cpu["rasa"] + cpu["actions"] + cpu["stores_and_nginx"]
        print(
            f"   CPU per reply, {name}: Rasa {cpu['rasa']:.1f} ms + action servers {cpu['actions']:.1f} ms + Postgres, "
            f"Redis and nginx {cpu['stores_and_nginx']:.1f} ms = {total:.1f} ms: about {1000 / max(0.1, total):.0f} "
            f"replies/s per core for the whole cluster, {1000 / max(0.1, cpu['rasa']):.0f} per core of Rasa "
            f"(load generator {1000 * r['loadgen_cpu_s'] / max(1, r['answered']):.1f} ms)"
        )
    for name, r in loads.items():
        t = settled_check(r["conversations"], env["TRACKER_STORE_URL"])
        print(f"   tracker check, {name}: {t}")
        report[name] = {k: v for k, v in r.items() if k != "conversations"} | {"tracker": t}
        if (
            r["failed"]
            or r["trouble"]
            or r["http_5xx"]
            or t["lost"]
            or t["out_of_order"]
            or t["interleaved"]
            or t["duplicated"]
        ):
            problems.append(
                f"{name}: {r['failed']} failed, {r['trouble']} service-trouble replies, {r['http_5xx']} 5xx, "
                f"tracker {t}"
            )
    if loads:
        report_upstreams(env)
    if "kill" in chosen:
        await kill_phase(env, args, n, nginx, run_id, report, problems)
    people = loadgen.PEOPLE if args.full else None
    async with aiohttp.ClientSession() as session:
        if "postgres" in chosen:
            await postgres_phase(env, args, n, nginx, run_id, report, problems, people)
        if "redis" in chosen:
            await redis_phase(env, nginx, run_id, report, problems, session)

    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "cluster.json").write_text(json.dumps(report, indent=1, default=str))
    print("cluster-test: figures in results/cluster.json")
    if problems:
        print("cluster-test: FAILED\n  " + "\n  ".join(problems))
        return 1
    print(f"cluster-test: all checks passed ({', '.join(chosen)})")
    return 0


def report_upstreams(env: dict) -> None:
    upstreams = {}
    for row in Path(env["NGINX_ACCESS_LOG"]).read_text().splitlines():
        parts = row.split()
        if len(parts) >= 6 and parts[2].startswith("/webhooks/rest"):
            tried = " ".join(parts[5:])  # "127.0.0.1:5481" or "127.0.0.1:5481, 127.0.0.1:5482" (first one failed)
            upstreams[tried] = upstreams.get(tried, 0) + 1
    print(f"   REST requests per Rasa server behind nginx (so far): {upstreams}")


async def kill_phase(env: dict, args, n: int, nginx: str, run_id: str, report: dict, problems: list) -> None:
    """3. failure: kill Rasa server 1 and action server 1 mid-run"""
    killed = {}

    async def kill_midway():
        started = time.monotonic()
        while loadgen.PROGRESS["answered"] < args.kill_at * loadgen.PROGRESS["planned"]:
            if time.monotonic() - started > 600:  # bounded
                break
            await asyncio.sleep(0.2)
        killed["turns_before"] = loadgen.PROGRESS["answered"]
        killed["rasa"] = kill_group(Path(env["RUN_DIR"]) / "rasa-1.pid")
        killed["actions"] = kill_group(Path(env["RUN_DIR"]) / "actions-1.pid")
        killed["at"] = time.monotonic()

    people = loadgen.PEOPLE if args.full else None
    fail = await loadgen.run_load(
        nginx, n, run_id + "c", seed=3, pause=people or 1.0, spread=30.0 if people else 2.0, during=kill_midway
    )
    print(line("3. kill mid-run (nginx)", fail))
    grace = 3.0  # turns started within this long of the kill may meet the dead server before nginx skips it
    after = [t for c in fail["conversations"] for t in c.turns if t.started > killed["at"] + grace]
    after_failed = [t for t in after if t.latency is None]
    in_flight = [
        t for c in fail["conversations"] for t in c.turns if t.latency is None and t.started <= killed["at"] + grace
    ]
    emerg = [t for c in fail["conversations"] for t in c.turns if t.text == loadgen.EMERGENCY]
    emerg_after = [t for t in emerg if t.started > killed["at"] + grace]
    # every emergency answered says 999; one sent after the kill is always answered
    emerg_bad = [
        t for t in emerg if (t.latency is not None or t in emerg_after) and not any("999" in r for r in t.replies)
    ]
    slowest_after = max((t.latency for t in after if t.latency is not None), default=0.0)
    carried = sum(
        1
        for c in fail["conversations"]
        if any(t.latency and t.started < killed["at"] for t in c.turns)
        and any(t.latency and t.started > killed["at"] for t in c.turns)
    )
    t3 = settled_check(fail["conversations"], env["TRACKER_STORE_URL"])
    replayed = replays(env)  # nginx retries (and resends) of an answered, saved turn: replies sent again, not handled
    # Rasa saves a turn after its last action: a turn the killed server had answered (or half answered) but not yet
    # saved is gone. Only conversations with a turn around the kill may lose one; any other loss fails the test.
    around = sum(
        1 for c in fail["conversations"] if any(killed["at"] - 10 <= t.started <= killed["at"] + grace for t in c.turns)
    )
    print(
        f"   killed Rasa server 1 and action server 1 after {killed['turns_before']} answered turns: {len(after)} turns started "
        f"after +{grace:.0f} s, {len(after_failed)} failed (slowest {slowest_after:.1f} s); {len(in_flight)} turns in flight at the kill lost; "
        f"{carried} conversations answered before and after the kill; emergencies {len(emerg)} "
        f"({len(emerg_after)} after the kill), {len(emerg_bad)} without 999; {t3['lost']} conversations lost a turn the "
        f"killed server had not saved ({around} had a turn around the kill); {replayed} messages that came again "
        f"(nginx's retry, a client's resend) answered from the tracker, not handled twice; tracker {t3}"
    )
    report["failure"] = {k: v for k, v in fail.items() if k not in ("conversations", "side")} | {
        "after": len(after),
        "after_failed": len(after_failed),
        "in_flight_lost": len(in_flight),
        "carried_over": carried,
        "emergencies": len(emerg),
        "emergencies_without_999": len(emerg_bad),
        "turns_around_kill_conversations": around,
        "answered_again_from_the_tracker": replayed,
        "tracker": t3,
    }
    if (
        after_failed
        or emerg_bad
        or fail["http_5xx"]
        or t3["lost"] > around
        or t3["out_of_order"]
        or t3["duplicated"]
        or not carried
    ):
        problems.append(
            f"failure: {len(after_failed)} failed after the kill, {fail['http_5xx']} 5xx, {len(emerg_bad)} emergencies "
            f"without 999, {carried} carried over, tracker {t3}"
        )


async def postgres_phase(
    env: dict, args, n: int, nginx: str, run_id: str, report: dict, problems: list, people
) -> None:
    """4. Postgres stopped for 10 s in the middle of a mixed load (REST + socket.io); --full: the full size (200
    people-paced conversations), else half the phase size"""
    outage, probes = {}, []

    async def stop_postgres_midway():
        started = time.monotonic()
        while loadgen.PROGRESS["answered"] < 0.3 * loadgen.PROGRESS["planned"]:
            if time.monotonic() - started > 600:  # bounded
                break
            await asyncio.sleep(0.2)
        await asyncio.to_thread(pg_ctl, env, "stop")
        outage["stopped"] = time.monotonic()
        await asyncio.gather(asyncio.sleep(args.pg_down), emergencies_meanwhile())
        await asyncio.to_thread(pg_ctl, env, "start")
        outage["started"] = time.monotonic()

    async def emergencies_meanwhile():
        """An emergency from a new person every 2 s while Postgres is down (REST, through nginx), so that 999 during
        the outage is shown whether or not the load's own emergencies fall in it."""
        async with aiohttp.ClientSession() as session:
            for i in range(PG_EMERGENCY_PROBES):
                await asyncio.sleep(2.0)
                if time.monotonic() - outage["stopped"] > args.pg_down - 1:
                    break
                sender, sent = f"pgsos-{run_id}-{i}", time.monotonic()
                status, text = await say(session, nginx, sender, loadgen.EMERGENCY)
                conv = loadgen.Conversation("rest", f"rest:{sender}")
                turn = loadgen.Turn(loadgen.EMERGENCY, sent, status=status, replies=[text])
                turn.latency = time.monotonic() - sent if status == 200 and text else None
                conv.turns.append(turn)
                probes.append(conv)

    pg = await loadgen.run_load(
        nginx,
        n if people else max(8, n // 2),
        run_id + "d",
        seed=4,
        pause=people or 0.5,
        spread=30.0 if people else 2.0,
        during=stop_postgres_midway,
    )
    print(line("4. Postgres down (nginx)", pg))
    in_outage = [t for c in pg["conversations"] for t in c.turns if outage["stopped"] <= t.started <= outage["started"]]
    answered_in = [t for t in in_outage if t.latency is not None]
    kind = sum(1 for t in answered_in if kind_reply(" ".join(t.replies)))
    emerg_pg = [t for t in in_outage if t.text == loadgen.EMERGENCY]
    emerg_pg_bad = [t for t in emerg_pg if not any("999" in r for r in t.replies)]
    t4 = settled_check(pg["conversations"], env["TRACKER_STORE_URL"])
    stored_in = stored_count(answered_in, pg["conversations"], env["TRACKER_STORE_URL"])
    sos = [t for c in probes for t in c.turns]
    sos_bad = [t for t in sos if t.status != 200 or not any("999" in r for r in t.replies)]
    sos_stored = stored_count(sos, probes, env["TRACKER_STORE_URL"]) if probes else 0
    print(
        f"   Postgres stopped {outage['started'] - outage['stopped']:.0f} s: {len(in_outage)} turns sent meanwhile, "
        f"{len(answered_in)} answered ({kind} with the service-trouble reply, the rest from the outage's own "
        f"history), {stored_in}/{len(answered_in)} of them in Postgres afterwards; emergencies {len(emerg_pg)}, "
        f"{len(emerg_pg_bad)} without 999; tracker {t4}"
    )
    print(
        f"   emergencies from new people while Postgres was down: {len(sos)} sent, {len(sos) - len(sos_bad)} answered "
        f"with 999 (slowest {max((t.latency or 0 for t in sos), default=0):.1f} s), {sos_stored}/{len(sos)} in "
        "Postgres afterwards"
    )
    report["postgres_down"] = {k: v for k, v in pg.items() if k not in ("conversations", "side")} | {
        "down_s": outage["started"] - outage["stopped"],
        "turns_during": len(in_outage),
        "answered_during": len(answered_in),
        "kind_replies": kind,
        "stored_afterwards": stored_in,
        "emergencies_without_999": len(emerg_pg_bad),
        "tracker": t4,
        "emergency_probes": len(sos),
        "emergency_probes_without_999": len(sos_bad),
        "emergency_probes_stored": sos_stored,
    }
    if (
        pg["failed"]
        or not sos
        or sos_bad
        or sos_stored != len(sos)
        or pg["http_5xx"]
        or not answered_in
        or stored_in != len(answered_in)
        or emerg_pg_bad
        or t4["lost"]
        or t4["out_of_order"]
        or t4["interleaved"]
        or t4["duplicated"]
    ):
        problems.append(
            f"postgres: {pg['failed']} failed, {pg['http_5xx']} 5xx, {stored_in}/{len(answered_in)} "
            f"outage turns stored, {len(emerg_pg_bad)} emergencies without 999, {len(sos_bad)}/{len(sos)} "
            f"emergencies from new people without 999, {sos_stored}/{len(sos)} of them stored, tracker {t4}"
        )


async def records_phase(env: dict, nginx: str, run_id: str, report: dict, problems: list) -> None:
    """0. The rehearsal record is shared: an officer finishes a rehearsal over REST through nginx (any Rasa server, any
    action server writes the row); the row is in Postgres (REHEARSAL_RECORDS), and officers in new conversations asking
    for the training record, each turn reaching one of the action servers in turn, all see the same count."""
    import sqlalchemy as sa

    code, url = env.get("REHEARSAL_CODE", ""), env.get("REHEARSAL_RECORDS", "")
    if not code or "://" not in url:
        problems.append(
            f"records: the cluster has no rehearsal code or no shared record ({url.split(':')[0] or 'unset'})"
        )
        return

    def rows() -> int:
        engine = sa.create_engine(url)
        try:
            with engine.connect() as db:
                return db.execute(sa.text("SELECT COUNT(*) FROM rehearsal")).scalar() or 0
        except sa.exc.ProgrammingError:  # no table yet: no rehearsal finished on this database
            return 0
        finally:
            engine.dispose()

    before = await asyncio.to_thread(rows)
    async with aiohttp.ClientSession() as session:
        officer = f"officer-{run_id}"
        steps = ["I'm an officer, I want to rehearse", code, "scenario royal_mail_smishing", "Have you lost any money?"]
        answers = [await say(session, nginx, officer, text) for text in steps + ["finish"]]
        after = await asyncio.to_thread(rows)
        seen = []
        for i in range(2 * int(env["CLUSTER_ACTIONS"])):
            reader = f"officer-{run_id}-read{i}"
            await say(session, nginx, reader, "start rehearsal mode")
            await say(session, nginx, reader, code)
            seen.append((await say(session, nginx, reader, "training record"))[1])
    finished = answers[-1][0] == 200 and "Feedback on" in answers[-1][1]
    counts = [int(m.group(1)) if (m := re.search(r"Training record: (\d+) finished", text)) else None for text in seen]
    ok = finished and after == before + 1 and counts and all(c == after for c in counts)
    print(
        f"[{time.monotonic() - T0:4.0f} s] 0. rehearsal record: a rehearsal finished through nginx "
        f"({'feedback given' if finished else 'NOT finished: ' + str(answers[-1])[:120]}); rows in Postgres "
        f"{before} -> {after}; training record read {len(counts)} times from new conversations: {counts}"
    )
    report["rehearsal_records"] = {"finished": finished, "rows_before": before, "rows_after": after, "read": counts}
    if not ok:
        problems.append(f"records: finished {finished}, rows {before} -> {after}, read {counts}")


async def redis_phase(env: dict, nginx: str, run_id: str, report: dict, problems: list, session) -> None:
    """5. Redis stopped, then started again"""
    extra = Path(env["RUN_DIR"]) / "redis.extra.pid"  # a Redis an earlier run restarted
    os.killpg(int(extra.read_text()) if extra.exists() else int(env["REDIS_PID"]), signal.SIGTERM)
    await asyncio.sleep(1)
    down = [await say(session, nginx, f"redis-{run_id}-{i}", "hello") for i in range(3)]
    kind_r = sum(1 for st, text in down if st == 200 and kind_reply(text))
    survivor = f"http://127.0.0.1:{int(env['RASA_BASE']) + int(env['CLUSTER_RASA']) - 1}"
    async with session.get(f"{survivor}/health/ready") as r:
        ready_down = (r.status, (await r.json(content_type=None)).get("lock_store"))
    logs = "".join(p.read_text(errors="replace") for p in Path(env["LOG_DIR"]).glob("rasa-*.log"))
    clear_error = "the lock store (Redis) is unreachable" in logs
    redis = subprocess.Popen(
        as_user(env["REDIS_USER"], ["redis-server", env["REDIS_CONF"]]),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    await asyncio.sleep(2)
    back = await say(session, nginx, f"redis-{run_id}-back", "hello")
    extra.write_text(str(redis.pid))  # left running; scripts/cluster.sh stops it with the rest
    ok_back = back[0] == 200 and back[1] and TROUBLE not in back[1]
    async with session.get(f"{survivor}/health/ready") as r:
        ready_back = r.status
    print(
        f"[{time.monotonic() - T0:4.0f} s] 5. Redis stopped: {kind_r}/{len(down)} messages got the kind reply (200, 999); /health/ready "
        f"{ready_down[0]} (lock_store: {ready_down[1]}); Rasa log names the lock store: {clear_error}; "
        f"after Redis restarted: {'answered normally' if ok_back else 'NOT answered: ' + str(back)}, "
        f"/health/ready {ready_back}"
    )
    report["redis_down"] = {
        "kind_replies": kind_r,
        "messages": len(down),
        "answered_after": bool(ok_back),
        "ready_while_down": ready_down,
        "log_names_lock_store": clear_error,
        "ready_after": ready_back,
    }
    if kind_r != len(down) or not ok_back or ready_down[0] != 503 or not clear_error or ready_back != 200:
        problems.append(
            f"redis: {kind_r}/{len(down)} kind replies, back {back}, ready {ready_down} -> "
            f"{ready_back}, log names the lock store: {clear_error}"
        )


def replays(env: dict) -> int:
    """Messages that arrived again with an id already stored and were answered from the tracker (startup/once.py's
    log line), so far in this cluster's Rasa logs."""
    return sum(
        p.read_text(errors="replace").count("once: a message already answered arrived again")
        for p in Path(env["LOG_DIR"]).glob("rasa-*.log")
    )


def kind_reply(text: str) -> bool:
    """The service-trouble reply, with 999."""
    return TROUBLE in text and "999" in text


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
