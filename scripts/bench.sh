#!/usr/bin/env bash
# Benchmark: starts the whole stack (scripts/run.sh) on spare ports with its own SQLite file, sends
# conversations from concurrent simulated users to the REST channel, prints latency/throughput/RSS, stops.
set -euo pipefail
cd "$(dirname "$0")/.."
# Its own ports and log folder, so it runs beside `make run` (5005/5055/8080, state/logs) without touching it.
export RASA_PORT=${BENCH_RASA_PORT:-5105} ACTION_PORT=${BENCH_ACTION_PORT:-5155} WEB_PORT=${BENCH_WEB_PORT:-8180}
export LOG_DIR=state/bench-logs
export ACTION_ENDPOINT_URL=http://127.0.0.1:$ACTION_PORT/webhook TRACKER_STORE_URL=sqlite:///state/bench-tracker.db
rm -f state/bench-tracker.db
bash scripts/train.sh
bash scripts/run.sh > state/bench-run.log 2>&1 &
RUN_PID=$!
trap 'kill -TERM $RUN_PID 2>/dev/null; wait $RUN_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "is ready" state/bench-run.log && break; sleep 1; done
grep -q "is ready" state/bench-run.log || { cat state/bench-run.log; exit 1; }
# 1) people reading and typing: ~5 s between a user's messages; 2) saturation: no pause at all.
.venv/bin/python scripts/bench.py --url "http://127.0.0.1:$RASA_PORT" \
  --users "${BENCH_USERS:-50}" --conversations "${BENCH_CONVERSATIONS:-200}" --think "${BENCH_THINK:-5}"
.venv/bin/python scripts/bench.py --url "http://127.0.0.1:$RASA_PORT" \
  --users "${BENCH_USERS:-50}" --conversations "${BENCH_CONVERSATIONS:-200}" --think 0
