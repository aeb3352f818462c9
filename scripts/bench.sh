#!/usr/bin/env bash
# Benchmark: starts the whole stack (scripts/run.sh) on spare ports with its own SQLite file, sends
# conversations from concurrent simulated users to the REST channel, prints latency/throughput/RSS, stops.
# Prints the machine's load before and after: figures from a machine shared with other work are not idle figures.
# PROFILE=1: py-spy samples both servers during the saturation run and prints where their time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
# Its own ports and log folder, so it runs beside `make run` (5005/5055/8080, state/logs) without touching it.
export RASA_PORT=${BENCH_RASA_PORT:-5105} ACTION_PORT=${BENCH_ACTION_PORT:-5155} WEB_PORT=${BENCH_WEB_PORT:-8180}
export LOG_DIR=state/bench-logs
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTION_PORT/webhook TRACKER_STORE_URL=sqlite:///state/bench-tracker.db
rm -f state/bench-tracker.db
load() { echo "bench: machine load (1/5/15 min) $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"; }
load
bash scripts/train.sh
echo "bench: starting the bot on ports $RASA_PORT/$ACTION_PORT/$WEB_PORT (about 30-60 s; log state/bench-run.log)"
start=$(date +%s)
bash scripts/run.sh > state/bench-run.log 2>&1 &
RUN_PID=$!
trap 'kill -TERM $RUN_PID 2>/dev/null; wait $RUN_PID 2>/dev/null || true' EXIT
for i in $(seq 1 240); do
  grep -q "is ready" state/bench-run.log && break
  kill -0 "$RUN_PID" 2>/dev/null || break
  [ $(( i % 15 )) -eq 0 ] && echo "bench: still starting ($(( $(date +%s) - start )) s)"
  sleep 1
done
grep -q "is ready" state/bench-run.log || { cat state/bench-run.log; echo "bench: the bot did not start; see $LOG_DIR/"; exit 1; }
echo "bench: bot ready in $(( $(date +%s) - start )) s"
# 1) people reading and typing: ~5 s between a user's messages; 2) saturation: no pause at all.
echo "bench: run 1 of 2, users pausing like people (about 1-2 minutes)"
.venv/bin/python scripts/bench.py --url "http://127.0.0.1:$RASA_PORT" \
  --users "${BENCH_USERS:-50}" --conversations "${BENCH_CONVERSATIONS:-200}" --think "${BENCH_THINK:-5}"
echo "bench: run 2 of 2, saturation (no pauses)"
spies=()
if [ "${PROFILE:-}" = 1 ]; then  # py-spy on both servers for the first 30 s of the saturation run
  [ -x .venv/bin/py-spy ] || .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  for server in "rasa:startup serve .*-p $RASA_PORT" "actions:run actions --port $ACTION_PORT"; do
    .venv/bin/py-spy record -p "$(pgrep -f -- "${server#*:}" | head -1)" -d 30 -r 50 -f raw \
      -o "state/bench-profile-${server%%:*}.txt" >/dev/null 2>&1 &
    spies+=($!)
  done
fi
.venv/bin/python scripts/bench.py --url "http://127.0.0.1:$RASA_PORT" \
  --users "${BENCH_USERS:-50}" --conversations "${BENCH_CONVERSATIONS:-200}" --think 0
if [ "${PROFILE:-}" = 1 ]; then
  wait "${spies[@]}" 2>/dev/null || true
  .venv/bin/python scripts/profile_summary.py state/bench-profile-rasa.txt rasa/core/tracker_store.py \
    startup/tracker_speed.py parse_message rule_policy rasa/core/actions/action.py
  .venv/bin/python scripts/profile_summary.py state/bench-profile-actions.txt cyberprotect/content_store.py actions/ cyberprotect/
fi
load
echo "bench: targets (issue 22): p95 < 60 ms at 50 users pausing; >= 80 replies/s at saturation; Rasa server < 800 MB; action server < 300 MB"
