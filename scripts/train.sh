#!/usr/bin/env bash
# Trains models/cyberprotect.tar.gz if the training data, config, domain or custom components changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
mkdir -p state models
want=$(cat config.yml domain.yml $(find data components -type f \( -name '*.yml' -o -name '*.py' \) | sort) | sha256sum | cut -d' ' -f1)
stamp=state/.train-stamp
if [ -f models/cyberprotect.tar.gz ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "train: model is up to date (models/cyberprotect.tar.gz)"
  exit 0
fi
start=$(date +%s)
.venv/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name cyberprotect --force 2>&1 | grep -v -E "DeprecationWarning|^\s*$|warnings.warn" | tail -n 5
[ -f models/cyberprotect.tar.gz ] || { echo "train: failed"; exit 1; }
echo "$want" > "$stamp"
echo "train: trained models/cyberprotect.tar.gz in $(( $(date +%s) - start )) s"
