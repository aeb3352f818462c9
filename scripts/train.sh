#!/usr/bin/env bash
# Trains models/cyberprotect.tar.gz if the training data, config, domain or custom components changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
mkdir -p state models
# tests/safeguarding/*.yml: the safeguarding tuning lists train the emergency embedding classifier (config.yml)
want=$(cat config.yml domain.yml $(find data components -type f \( -name '*.yml' -o -name '*.py' \) | sort) tests/safeguarding/*.yml | sha256sum | cut -d' ' -f1)
stamp=state/.train-stamp
if [ -f models/cyberprotect.tar.gz ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "train: model is up to date (models/cyberprotect.tar.gz)"
  exit 0
fi
start=$(date +%s)
echo "train: training the model from data/ (about 2-3 minutes on 2 cores; each step is shown as it starts)"
# Rasa's log, cut down to one line per training step with the time since the start; the full log is kept.
mkdir -p state/logs
# The log must exist before tail follows it: on a busy machine tail started first, found no file and exited 1, and
# with pipefail train.sh stopped while Rasa went on training (seen 3 Dec 2026, same race as make install's).
: > state/logs/train.log
.venv/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name cyberprotect --force > state/logs/train.log 2>&1 &
pid=$!
step="starting Rasa" shown="" last=$start
say() { printf 'train: [%4ds] %s\n' "$(( $(date +%s) - start ))" "$1"; last=$(date +%s); }
tail -n +1 -f state/logs/train.log --pid "$pid" 2>/dev/null | while true; do
  if IFS= read -r -t 5 line; then
    case "$line" in
      *"Started validating"*) step="checking the domain and the training data";;
      *"No story structure conflicts"*|*"Story structure validation"*) step="reading the stories and rules";;
      *"Starting to train component"*) step=$(printf '%s' "$line" | sed -E "s/.*Starting to train component '([^']+)'.*/training \\1/");;
      *"Trying to load SpaCy"*) step="loading spaCy and tokenising the examples";;
      *"Your Rasa model is trained"*) step="saved models/cyberprotect.tar.gz";;
      *"sentence embeddings: "*|*"TF-IDF intent model fitted"*) say "$(printf '%s' "$line" | sed -E 's/.*(sentence embeddings: |TF-IDF intent model fitted)/\1/' | cut -c1-160)";;
      *rror*) say "$(printf '%s' "$line" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-160)";;
    esac
  elif [ $? -le 128 ]; then
    break  # end of the log: Rasa has finished
  fi
  if [ "$step" != "$shown" ]; then shown=$step; say "$step"
  elif [ $(( $(date +%s) - last )) -ge 30 ]; then say "... still $step"; fi  # no silent minutes
done || true  # progress lines only: the result is Rasa's exit code below
wait "$pid" || { echo "train: failed; the last lines of state/logs/train.log:"; tail -n 20 state/logs/train.log;
  echo "train: fix the data or config it names, then run 'make train' again"; exit 1; }
[ -f models/cyberprotect.tar.gz ] || { echo "train: failed (no model written); see state/logs/train.log"; exit 1; }
echo "$want" > "$stamp"
echo "train: trained models/cyberprotect.tar.gz in $(( $(date +%s) - start )) s"
