# Default settings for every backend; each can be overridden by exporting the variable before `make ...`.
# Sourced by the Makefile's scripts, so endpoints.yml and credentials.yml never need editing.
: "${RASA_HOST:=127.0.0.1}"                                 # interface the Rasa server binds to
: "${RASA_PORT:=5005}"
: "${ACTION_PORT:=5055}"
: "${ACTION_ENDPOINT_URL:=http://127.0.0.1:${ACTION_PORT}/webhook}"
: "${TRACKER_STORE_URL:=sqlite:///state/tracker.db}"         # e.g. postgresql://rasa:secret@db:5432/rasa
: "${TRACKER_STORE_DB:=rasa}"
: "${LOCK_STORE_TYPE:=in_memory}"                           # in_memory | redis
: "${REDIS_HOST:=localhost}"
: "${REDIS_PORT:=6379}"
: "${REDIS_PASSWORD:=}"
: "${REDIS_LOCK_DB:=1}"
: "${ACTION_SERVER_TOKEN:=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"  # shared by Rasa and the action server
: "${SANIC_HOST:=127.0.0.1}"                                # the action server listens on loopback only
: "${CONTENT_DIR:=content}"                                 # local advice content
: "${CONTENT_REMOTE_URL:=}"                                 # optional: a force's CMS serving the same files
: "${CONTENT_CHECK_SECONDS:=2}"                             # an edit to content/ shows within this many seconds
: "${WEB_HOST:=127.0.0.1}"                                  # demo page with the website widget (make run)
: "${WEB_PORT:=8080}"
: "${RASA_PUBLIC_URL:=http://${RASA_HOST}:${RASA_PORT}}"    # where browsers reach Rasa's socket.io channel
: "${INSIGHTS_HOST:=127.0.0.1}"                             # the team's insights dashboard (INSIGHTS_TOKEN)
: "${INSIGHTS_PORT:=8090}"
export RASA_HOST RASA_PORT ACTION_PORT ACTION_ENDPOINT_URL ACTION_SERVER_TOKEN SANIC_HOST TRACKER_STORE_URL TRACKER_STORE_DB \
  LOCK_STORE_TYPE REDIS_HOST REDIS_PORT REDIS_PASSWORD REDIS_LOCK_DB CONTENT_DIR CONTENT_REMOTE_URL \
  CONTENT_CHECK_SECONDS WEB_HOST WEB_PORT RASA_PUBLIC_URL INSIGHTS_HOST INSIGHTS_PORT
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS="ignore::DeprecationWarning"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
