#!/usr/bin/env bash
# Talk to the bot in the terminal: starts the action server in the background, then `rasa shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
bash scripts/train.sh
mkdir -p state/logs
setsid .venv/bin/python -m startup run actions --port "$ACTION_PORT" --actions actions >state/logs/actions.log 2>&1 &
ACTIONS_PID=$!
trap 'kill -TERM -- "-$ACTIONS_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1 && break; sleep 1; done
# credentials.yml names channels by ${VAR}s; Rasa reads the whole file, so give it only the enabled ones.
.venv/bin/python -m channels.credentials credentials.yml state/credentials.yml 2>/dev/null
.venv/bin/python -m startup shell --endpoints endpoints.yml -m models/cyberprotect.tar.gz --credentials state/credentials.yml
