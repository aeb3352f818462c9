#!/usr/bin/env bash
# `make run`: trains if the data changed, then starts the action server, the Rasa server and the demo page with the
# website widget (and the team's dashboard when INSIGHTS_TOKEN is set), and waits. How they are started is in one
# place, startup/stack.py (`python -m startup.stack run`), which the tests, the benchmark and the scenarios use too.
# Channels: REST and socket.io always; Telegram / Twilio when their variables are set (credentials.yml).
# The Rasa HTTP API is on only when RASA_API_TOKEN is set (startup/launch.py).
# Ctrl-C stops them all, with every process they started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
bash scripts/train.sh
export LOG_DIR=${LOG_DIR:-state/logs}
exec .venv/bin/python -m startup.stack run
