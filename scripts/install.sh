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
want=$(cat requirements.txt requirements-rasa.txt scripts/install.sh scripts/build_spacy_pipeline.py | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && .venv/bin/python -c 'import rasa, rasa_sdk' 2>/dev/null; then
  echo "install: dependencies already up to date"
else
  .venv/bin/python -m pip install --quiet --upgrade "pip==23.2.1" 2>/dev/null || true
  # 1. rasa's dependencies, pinned, installed normally.
  .venv/bin/python -m pip install --quiet -r requirements.txt
  # 2. rasa and rasa-sdk themselves: they declare python<3.11 but run on 3.11 with the pins above.
  .venv/bin/python -m pip install --quiet --no-deps --ignore-requires-python -r requirements-rasa.txt
  # 3. A blank English spaCy pipeline with lookup lemmas (spacy-lookups-data); no model download.
  .venv/bin/python scripts/build_spacy_pipeline.py state/spacy/en_cyberprotect
  echo "$want" > "$stamp"
fi

# 4. The website widget (deep-chat, socket.io-client) and the browser-test tools (playwright-core, axe-core),
#    exactly as pinned in web/package-lock.json; re-run only when the lockfile changes.
command -v npm >/dev/null 2>&1 || { echo "install: npm (Node 20) is required for the website widget"; exit 1; }
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ -f web/node_modules/.install-stamp ] && [ "$(cat web/node_modules/.install-stamp)" = "$web_want" ]; then
  echo "install: widget npm packages already up to date"
else
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
.venv/bin/python -c 'import rasa, rasa_sdk, spacy; print("install: rasa", rasa.__version__, "| rasa-sdk", rasa_sdk.__version__, "| spacy", spacy.__version__)'
