#!/usr/bin/env bash
# Starts the action server, the Rasa server and the demo page with the website widget, and waits.
# Channels: REST and socket.io always; Telegram / Twilio when their variables are set (credentials.yml).
# The Rasa HTTP API is on only when RASA_API_TOKEN is set (startup/launch.py).
# Ctrl-C stops all three, with every process they started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
RASA_PID="" ACTIONS_PID="" WEB_PID="" INSIGHTS_PID=""
stop() {
  local rc=$?
  trap - INT TERM EXIT
  echo; echo "run: stopping"
  for pid in $RASA_PID $ACTIONS_PID $WEB_PID $INSIGHTS_PID; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  exit "$rc"
}
trap stop INT TERM EXIT
bash scripts/train.sh
LOG_DIR=${LOG_DIR:-state/logs}
mkdir -p "$LOG_DIR"

setsid .venv/bin/python -m startup run actions --port "$ACTION_PORT" --actions actions >"$LOG_DIR/actions.log" 2>&1 &
ACTIONS_PID=$!
setsid .venv/bin/python -m startup serve -i "$RASA_HOST" -p "$RASA_PORT" -m models/cyberprotect.tar.gz \
  --endpoints endpoints.yml >"$LOG_DIR/rasa.log" 2>&1 &
RASA_PID=$!
setsid .venv/bin/python web/serve.py --host "$WEB_HOST" --port "$WEB_PORT" --rasa-url "$RASA_PUBLIC_URL" \
  >"$LOG_DIR/web.log" 2>&1 &
WEB_PID=$!
if [ -n "${INSIGHTS_TOKEN:-}" ]; then  # the team's dashboard (insights/), only when its token is set
  setsid .venv/bin/python -m insights serve --host "$INSIGHTS_HOST" --port "$INSIGHTS_PORT" \
    >"$LOG_DIR/insights.log" 2>&1 &
  INSIGHTS_PID=$!
fi

echo "run: starting the action server and the Rasa server (about 20-60 s: the Rasa server loads the model; logs in $LOG_DIR/)"
started=$(date +%s)
for i in $(seq 1 180); do
  [ $(( i % 10 )) -eq 0 ] && echo "run: still starting ($(( $(date +%s) - started )) s): $(curl -fs "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1 && echo "actions ready" || echo "actions loading"), $(curl -fs "http://$RASA_HOST:$RASA_PORT/webhooks/rest/" >/dev/null 2>&1 && echo "Rasa ready" || echo "Rasa loading the model")"
  if curl -fs "http://$RASA_HOST:$RASA_PORT/webhooks/rest/" >/dev/null 2>&1 \
     && curl -fs "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then
    cat <<MSG
run: the Cyber Protect Assistant is ready (started in $(( $(date +%s) - started )) s).
  REST:      curl -XPOST http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hello"}'
  Widget:    http://$WEB_HOST:$WEB_PORT/ (demo page; socket.io at $RASA_PUBLIC_URL/socket.io/)
  HTTP API:  $( [ -n "${RASA_API_TOKEN:-}" ] && echo "http://$RASA_HOST:$RASA_PORT/status?token=..." || echo "off (set RASA_API_TOKEN to turn it on)")
  Channels:  $(grep -m1 '^channels:' "$LOG_DIR/rasa.log" 2>/dev/null | cut -c11-)
  Actions:   http://127.0.0.1:$ACTION_PORT/health
  Insights:  $( [ -n "$INSIGHTS_PID" ] && echo "http://$INSIGHTS_HOST:$INSIGHTS_PORT/ (sign in with INSIGHTS_TOKEN)" || echo "off (set INSIGHTS_TOKEN to turn the team's dashboard on)")
Press Ctrl-C to stop.
MSG
    wait -n "$RASA_PID" "$ACTIONS_PID" "$WEB_PID" || true
    echo "run: a server stopped; see $LOG_DIR/"
    exit 1
  fi
  kill -0 "$RASA_PID" 2>/dev/null && kill -0 "$ACTIONS_PID" 2>/dev/null && kill -0 "$WEB_PID" 2>/dev/null || { echo "run: a server failed to start; see $LOG_DIR/"; tail -n 20 "$LOG_DIR"/*.log; exit 1; }
  sleep 1
done
echo "run: timed out after 180 s waiting for the servers; see $LOG_DIR/rasa.log and $LOG_DIR/actions.log (a busy machine can be slower: try again)"; exit 1
