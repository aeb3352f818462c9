#!/usr/bin/env bash
# The whole test suite. Exits non-zero on any failure. Prints a summary of each stage and its time.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
PY=.venv/bin/python
mkdir -p results
failed=()
stage() {  # stage NAME COMMAND...
  local name=$1; shift
  local start=$(date +%s)
  echo "=== $name"
  if "$@"; then echo "=== $name: ok ($(( $(date +%s) - start )) s)"; else echo "=== $name: FAILED ($(( $(date +%s) - start )) s)"; failed+=("$name"); fi
}
suite_start=$(date +%s)
stage "data validation (rasa data validate, no warnings)" $PY scripts/validate_data.py
stage "unit tests (pure modules and actions)" $PY -m pytest -q -p no:cacheprovider tests/unit
stage "widget unit tests (text escaping and links, node --test)" node --test web/tests/format.test.mjs
stage "insights dashboard (seeded tracker store, token, charts in headless chromium, axe-core, CSV, report)" \
  $PY -m pytest -q -s -p no:cacheprovider tests/insights
stage "content check (make check-content: the files load as the bot loads them)" $PY -m actions.content_store
stage "readability of the advice content (Flesch reading ease >= 60)" $PY scripts/readability.py
stage "scam checker on its labelled corpus (make eval-checker; sealed part gated)" $PY scripts/eval_checker.py --gate
stage "rehearsal marking on labelled officer replies (make eval-rehearsal; sealed part gated)" \
  $PY scripts/eval_rehearsal.py --part sealed --gate
stage "train the model if data changed" bash scripts/train.sh
stage "conversation tests (rasa test core on tests/conversations)" \
  .venv/bin/rasa test core --stories tests/conversations --model models/cyberprotect.tar.gz \
  --out results/core --fail-on-prediction-errors --no-plot
stage "rehearsal scenarios against the public bot (make scenarios)" $PY scripts/scenarios.py
stage "safeguarding: recall, reply type (confusion matrix, wrong-type rate), false alarms, distress; sealed list as totals" $PY scripts/safeguarding_report.py
stage "real-phrasing yardstick (sealed part, gated)" $PY scripts/eval_real.py --part sealed --gate
stage "server tests (REST channel, bad input, persistence, action server down)" \
  $PY -m pytest -q -p no:cacheprovider tests/server
stage "channel tests (Telegram, Twilio SMS/WhatsApp against local fakes; verification; API token)" \
  $PY -m pytest -q -p no:cacheprovider tests/channels
stage "security tests (tests/security: redaction, limits, conversation ids, logs, content, retention, a real bot, REST fuzz run)" \
  $PY -m pytest -q -s -p no:cacheprovider tests/security
stage "browser tests (website widget in headless chromium, axe-core WCAG 2.1 AA, screenshots in results/)" \
  $PY -m pytest -q -s -p no:cacheprovider tests/browser
echo "suite: $(( $(date +%s) - suite_start )) s in all"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"; exit 1
fi
echo "all stages passed"
