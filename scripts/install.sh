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
.venv/bin/python -c 'import rasa, rasa_sdk, spacy; print("install: rasa", rasa.__version__, "| rasa-sdk", rasa_sdk.__version__, "| spacy", spacy.__version__)'
