#!/usr/bin/env bash
# `make cluster`: the bot past one machine, on this machine (issue 25). Starts, all on loopback:
#   PostgreSQL (tracker store, shared)   127.0.0.1:$CLUSTER_PG_PORT   (5499)  data in state/cluster/pg
#   Redis (lock store + shared state)    127.0.0.1:$CLUSTER_REDIS_PORT (6389) state/cluster/redis, nothing saved
#   N Rasa servers                       127.0.0.1:5481..              (CLUSTER_RASA, default 2)
#   M action servers                     127.0.0.1:5491..              (CLUSTER_ACTIONS, default 2); the rehearsal
#                                        record in Postgres (REHEARSAL_RECORDS), officer code in state/cluster/
#   nginx, the load balancer             127.0.0.1:$CLUSTER_PORT (5480) for Rasa: REST round-robin (retried once
#                                        on another server, same X-Request-Id: handled once), /socket.io/
#                                        sticky by client address with the websocket upgrade;
#                                        127.0.0.1:$CLUSTER_ACTIONS_PORT (5490) for the action servers
# Run as root, Postgres, Redis and nginx run as the users their packages made (postgres, redis, www-data).
# Passwords for Postgres and Redis are random, made on first start, kept in state/cluster/ (0600).
# Ctrl-C (or SIGTERM to this script) stops everything it started. state/cluster/ready appears once all answer;
# state/cluster/cluster.env then lists the ports, pids and paths (tests/cluster/ reads it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
N=${CLUSTER_RASA:-2}
M=${CLUSTER_ACTIONS:-2}
PORT=${CLUSTER_PORT:-5480}
RASA_BASE=${CLUSTER_RASA_BASE:-5481}
ACTIONS_LB=${CLUSTER_ACTIONS_PORT:-5490}
ACTIONS_BASE=$((ACTIONS_LB + 1))
PG_PORT=${CLUSTER_PG_PORT:-5499}
RD_PORT=${CLUSTER_REDIS_PORT:-6389}
TIMEOUT=${CLUSTER_START_TIMEOUT:-900}
[ "$N" -ge 1 ] && [ "$N" -le 8 ] && [ "$M" -ge 1 ] && [ "$M" -le 8 ] || { echo "cluster: CLUSTER_RASA and CLUSTER_ACTIONS must be 1-8"; exit 2; }
ROOT=$PWD
DIR=$ROOT/state/cluster
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$PG_BIN/initdb" ] && command -v redis-server >/dev/null && [ -x "$NGINX" ] \
  || { echo "cluster: PostgreSQL, Redis or nginx missing: run 'make cluster' (it installs them)"; exit 1; }

if [ "$(id -u)" = 0 ]; then PG_USER=postgres RD_USER=redis NG_USER=www-data; else PG_USER="" RD_USER="" NG_USER=""; fi
as() {  # as USER COMMAND...: run COMMAND as USER (nothing to switch when not root)
  local user=$1; shift
  if [ -n "$user" ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
own() { [ -z "$1" ] || chown -R "$1" "$2"; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ports=("$PORT" "$ACTIONS_LB" "$PG_PORT" "$RD_PORT")
for i in $(seq 1 "$N"); do ports+=($((RASA_BASE + i - 1))); done
for i in $(seq 1 "$M"); do ports+=($((ACTIONS_BASE + i - 1))); done
for p in "${ports[@]}"; do
  case " 5005 5055 8080 8090 " in *" $p "*) echo "cluster: port $p is make run's; choose other CLUSTER_* ports"; exit 2;; esac
  if port_taken "$p"; then echo "cluster: port $p is already in use (another cluster? CLUSTER_PORT etc. move them)"; exit 1; fi
done

bash scripts/train.sh
MODEL=${CLUSTER_MODEL:-models/cyberprotect.tar.gz}
mkdir -p "$DIR/logs" "$DIR/run" "$DIR/pg" "$DIR/redis" "$DIR/nginx"
chmod 711 "$ROOT/state" "$DIR"  # the service users may pass through state/ to their own folders, not list it
rm -f "$DIR/ready" "$DIR/cluster.env" "$DIR/nginx/access.log"  # the access log shows this run only

PIDS=()
stop() {
  local rc=$?
  trap - INT TERM EXIT
  echo; echo "cluster: stopping"
  rm -f "$DIR/ready"
  for f in "$DIR"/run/*.extra.pid; do [ -f "$f" ] && PIDS+=("$(cat "$f")") && rm -f "$f"; done  # restarted by tests
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  [ -f "$DIR/pg/data/postmaster.pid" ] && as "$PG_USER" "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    alive=0; for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 1
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  echo "cluster: stopped"
  exit "$rc"
}
trap stop INT TERM EXIT
secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
umask 077

# PostgreSQL: its own data folder, loopback only, password (scram) for the user rasa.
[ -f "$DIR/pg-password" ] || secret > "$DIR/pg-password"
PG_PASS=$(cat "$DIR/pg-password")
if [ ! -f "$DIR/pg/data/PG_VERSION" ]; then
  printf '%s\n' "$PG_PASS" > "$DIR/pg/pwfile"; own "$PG_USER" "$DIR/pg"
  as "$PG_USER" "$PG_BIN/initdb" -D "$DIR/pg/data" -U rasa --auth=scram-sha-256 --pwfile="$DIR/pg/pwfile" \
    >"$DIR/logs/initdb.log" 2>&1 || { cat "$DIR/logs/initdb.log"; exit 1; }
  rm -f "$DIR/pg/pwfile"
fi
own "$PG_USER" "$DIR/pg"
as "$PG_USER" "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/postgres.log" -w -t 120 \
  -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
export PGPASSWORD=$PG_PASS
psql -h 127.0.0.1 -p "$PG_PORT" -U rasa -d postgres -tAc "select 1 from pg_database where datname='rasa'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PG_PORT" -U rasa -d postgres -qc "create database rasa" >/dev/null
unset PGPASSWORD
echo "cluster: postgres on 127.0.0.1:$PG_PORT"

# Redis: lock store (db 1) and shared state (db 2); nothing written to disk.
[ -f "$DIR/redis-password" ] || secret > "$DIR/redis-password"
RD_PASS=$(cat "$DIR/redis-password")
printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\ndir %s\nlogfile %s\n' \
  "$RD_PORT" "$RD_PASS" "$DIR/redis" "$DIR/redis/redis.log" > "$DIR/redis/redis.conf"
own "$RD_USER" "$DIR/redis"
setsid bash -c "$(declare -f as); as '$RD_USER' redis-server '$DIR/redis/redis.conf'" &
PIDS+=($!); REDIS_PID=$!

# Everything the bot servers share.
export TRACKER_STORE_URL="postgresql://rasa:$PG_PASS@127.0.0.1:$PG_PORT/rasa"
export LOCK_STORE_TYPE=redis REDIS_HOST=127.0.0.1 REDIS_PORT=$RD_PORT REDIS_PASSWORD=$RD_PASS REDIS_LOCK_DB=1
export SHARED_STATE_URL="redis://:$RD_PASS@127.0.0.1:$RD_PORT/2"
export ACTION_ENDPOINT_URL="http://127.0.0.1:$ACTIONS_LB/webhook"
export RATE_LIMIT_PER_ADDRESS=${RATE_LIMIT_PER_ADDRESS:-off}  # every peer is nginx; limit per address there
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-20}  # seconds a dead server's lock on a conversation holds it
export ERASED_IDS_FILE=${ERASED_IDS_FILE:-$ROOT/state/erased-conversations}
# the training lead's rehearsal record: one table in Postgres for every action server (not a file each)
export REHEARSAL_RECORDS=${CLUSTER_REHEARSAL_RECORDS:-$TRACKER_STORE_URL}
# officer rehearsal on, with a random code made on first start (state/cluster/rehearsal-code, 0600)
[ -f "$DIR/rehearsal-code" ] || printf 'drill-%s\n' "$(secret | cut -c1-16 | tr 0-9 g-p)" > "$DIR/rehearsal-code"
export REHEARSAL_CODE=${REHEARSAL_CODE:-$(cat "$DIR/rehearsal-code")}

for i in $(seq 1 "$M"); do
  p=$((ACTIONS_BASE + i - 1))
  setsid .venv/bin/python -m startup run actions --port "$p" --actions actions >"$DIR/logs/actions-$i.log" 2>&1 &
  PIDS+=($!); echo "$!" > "$DIR/run/actions-$i.pid"
done
for i in $(seq 1 "$N"); do
  p=$((RASA_BASE + i - 1))
  RASA_CREDENTIALS_OUT="$DIR/credentials-$i.yml" setsid .venv/bin/python -m startup serve -i 127.0.0.1 -p "$p" \
    -m "$MODEL" --endpoints endpoints.yml >"$DIR/logs/rasa-$i.log" 2>&1 &
  PIDS+=($!); echo "$!" > "$DIR/run/rasa-$i.pid"
done

# nginx: round-robin for REST, sticky by client address for socket.io (its polling transport must keep one
# server), a dead server skipped on connection errors; the access log keeps no address and no query string.
rasa_servers="" action_servers=""
for i in $(seq 1 "$N"); do rasa_servers+="    server 127.0.0.1:$((RASA_BASE + i - 1)) max_fails=1 fail_timeout=10s;"$'\n'; done
for i in $(seq 1 "$M"); do action_servers+="    server 127.0.0.1:$((ACTIONS_BASE + i - 1)) max_fails=1 fail_timeout=10s;"$'\n'; done
cat > "$DIR/nginx/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 8192;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 2048; }
http {
  log_format upstream '\$time_iso8601 \$request_method \$uri \$status \$request_time \$upstream_addr';
  access_log $DIR/nginx/access.log upstream;
  client_body_temp_path $DIR/nginx/body; proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi; uwsgi_temp_path $DIR/nginx/uwsgi; scgi_temp_path $DIR/nginx/scgi;
  client_max_body_size 1200k;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream rasa {
$rasa_servers    keepalive 32;
  }
  upstream rasa_sticky {
    hash \$remote_addr consistent;
$rasa_servers  }
  upstream actions {
$action_servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$PORT;
    location = /nginx-health { access_log off; return 200 "ok\n"; }
    location /socket.io/ {
      proxy_pass http://rasa_sticky;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout;
    }
    location / {
      proxy_pass http://rasa;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Request-Id \$request_id;
      proxy_read_timeout 90s;
      # a server that dies mid-message: the message is sent once more, to another server (the person gets an
      # answer; the dead server's lock on the conversation lapses after TICKET_LOCK_LIFETIME). The retry carries
      # the same X-Request-Id, so a message the dead server had already answered and saved is answered again from
      # the tracker, not handled twice (startup/once.py)
      proxy_next_upstream error timeout non_idempotent;
      proxy_next_upstream_tries 2;
    }
  }
  server {
    listen 127.0.0.1:$ACTIONS_LB;
    location / {
      proxy_pass http://actions;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout non_idempotent;  # an action server that dies mid-call: the other one
      proxy_next_upstream_tries 2;
    }
  }
}
CONF
own "$NG_USER" "$DIR/nginx"
chmod 755 "$DIR/nginx"
setsid bash -c "$(declare -f as); as '$NG_USER' '$NGINX' -e '$DIR/nginx/error.log' -p '$DIR/nginx' -c '$DIR/nginx/nginx.conf' -g 'daemon off;'" &
PIDS+=($!); NGINX_PID=$!

echo "cluster: starting $N Rasa and $M action servers (logs in $DIR/logs/; up to $TIMEOUT s on a busy machine)..."
start=$(date +%s)
while :; do
  ready=1
  for i in $(seq 1 "$N"); do curl -fs "http://127.0.0.1:$((RASA_BASE + i - 1))/health/ready" >/dev/null 2>&1 || ready=0; done
  for i in $(seq 1 "$M"); do curl -fs "http://127.0.0.1:$((ACTIONS_BASE + i - 1))/health" >/dev/null 2>&1 || ready=0; done
  curl -fs "http://127.0.0.1:$PORT/nginx-health" >/dev/null 2>&1 || ready=0
  [ "$ready" = 1 ] && break
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "cluster: a server failed to start; see $DIR/logs/"; tail -n 5 "$DIR"/logs/*.log "$DIR/nginx/error.log" 2>/dev/null; exit 1; }
  done
  [ $(( $(date +%s) - start )) -lt "$TIMEOUT" ] || { echo "cluster: timed out after $TIMEOUT s"; exit 1; }
  sleep 2
done

{
  echo "CLUSTER_PORT=$PORT"; echo "CLUSTER_RASA=$N"; echo "CLUSTER_ACTIONS=$M"; echo "RASA_BASE=$RASA_BASE"
  echo "ACTIONS_BASE=$ACTIONS_BASE"; echo "ACTIONS_LB=$ACTIONS_LB"; echo "PG_PORT=$PG_PORT"; echo "PG_BIN=$PG_BIN"
  echo "PG_DATA=$DIR/pg/data"; echo "PG_SOCKET_DIR=$DIR/pg"; echo "PG_USER=$PG_USER"; echo "TRACKER_STORE_URL=$TRACKER_STORE_URL"
  echo "REDIS_PORT=$RD_PORT"; echo "REDIS_CONF=$DIR/redis/redis.conf"; echo "REDIS_USER=$RD_USER"; echo "REDIS_PID=$REDIS_PID"
  echo "SHARED_STATE_URL=$SHARED_STATE_URL"; echo "NGINX_ACCESS_LOG=$DIR/nginx/access.log"; echo "RUN_DIR=$DIR/run"
  echo "LOG_DIR=$DIR/logs"; echo "ACTION_SERVER_TOKEN=$ACTION_SERVER_TOKEN"; echo "STARTED_IN=$(( $(date +%s) - start ))"
  echo "REHEARSAL_CODE=$REHEARSAL_CODE"; echo "REHEARSAL_RECORDS=$REHEARSAL_RECORDS"
} > "$DIR/cluster.env"
touch "$DIR/ready"
cat <<MSG
cluster: ready in $(( $(date +%s) - start )) s: $N Rasa servers, $M action servers, Postgres, Redis, nginx.
  REST:       curl -XPOST http://127.0.0.1:$PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hello"}'
  socket.io:  http://127.0.0.1:$PORT/socket.io/ (the widget's RASA_PUBLIC_URL would be http://127.0.0.1:$PORT)
  Rasa:       127.0.0.1:$RASA_BASE..$((RASA_BASE + N - 1))   actions: 127.0.0.1:$ACTIONS_BASE..$((ACTIONS_BASE + M - 1)) (via :$ACTIONS_LB)
  Postgres:   127.0.0.1:$PG_PORT (user rasa, password in state/cluster/pg-password)   Redis: 127.0.0.1:$RD_PORT
Press Ctrl-C to stop.
MSG
# Keep running while nginx does (the failure test stops a Rasa server, an action server, Postgres and Redis on purpose).
while kill -0 "$NGINX_PID" 2>/dev/null; do sleep 2; done
echo "cluster: nginx stopped; see $DIR/"
exit 1
