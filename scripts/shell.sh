#!/usr/bin/env bash
# `make shell`: talk to the bot in the terminal. Trains if the data changed, then startup/stack.py (the one module
# that starts the bot) runs the action server in the background and `rasa shell` here.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
bash scripts/train.sh
exec .venv/bin/python -m startup.stack shell
