#!/usr/bin/env bash
# `make check`: the quick checks that need no trained model (about 1-2 minutes on 2 cores): lint (pyflakes), types,
# data validation, unit tests, the widget's unit tests, content, readability, the scam checker's corpus
# and the rehearsal marking.
# `make test` runs the same stages beside the training. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/stage.sh
PY=.venv/bin/python
mkdir -p results
check_start=$(date +%s)
stage "lint (ruff, pyproject.toml: pyflakes and syntax errors)" .venv/bin/ruff check --quiet \
  actions cyberprotect channels components startup insights scripts tests web/serve.py
stage "format (ruff format --check; 'make format' fixes it)" .venv/bin/ruff format --check --quiet \
  actions cyberprotect channels components startup insights scripts tests web/serve.py
stage "types (mypy --strict on the pure modules listed in pyproject.toml)" .venv/bin/mypy
stage "data validation (rasa data validate, no warnings)" $PY scripts/validate_data.py
stage "unit tests (pure modules and actions; a dot per test)" $PY -m pytest -q -p no:cacheprovider tests/unit
stage "widget unit tests (text escaping and links, node --test)" node --test web/tests/format.test.mjs
stage "deploy manifests (deploy/k8s against the Kubernetes 1.30 schemas, strict; deploy/compose.yaml against the Compose Specification; own venv, ~30 s first time)" \
  bash scripts/validate_deploy.sh
stage "content check (make check-content: the files load as the bot loads them)" $PY -m cyberprotect.content_store
stage "readability of the advice content (Flesch reading ease >= 60)" $PY -m scripts.readability
stage "scam checker on its labelled corpus (make eval-checker; sealed part gated)" $PY -m scripts.eval_checker --gate
stage "rehearsal marking on labelled officer replies (make eval-rehearsal; sealed part gated)" \
  $PY -m scripts.eval_rehearsal --part sealed --gate
stage "rehearsal marking on the blind-written sealed part 2 (gated at the issue's targets)" \
  $PY -m scripts.eval_rehearsal --part sealed2 --gate
echo "check: $(( $(date +%s) - check_start )) s in all"
if [ ${#failed[@]} -gt 0 ]; then
  echo "check FAILED: ${failed[*]}"; exit 1
fi
echo "check: all passed"
