#!/usr/bin/env bash
# Measures what spaCy adds: trains the NLU once with config.yml and once with spaCy's tokenizer/lemmas
# replaced by Rasa's WhitespaceTokenizer (everything else equal), and prints held-out accuracy / macro-F1 of both.
# The with-spaCy model is the bot's own models/cyberprotect.tar.gz (trained by scripts/train.sh from the same
# config.yml and data), so only the no-spaCy model is trained here (~13 min).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
out=results/spacy-ablation; rm -rf "$out"; mkdir -p "$out"
.venv/bin/python - "$out/config-no-spacy.yml" <<'PY'
import sys, yaml
cfg = yaml.safe_load(open("config.yml"))
pipe = [c for c in cfg["pipeline"] if c["name"] not in ("SpacyNLP", "SpacyTokenizer")]
cfg["pipeline"] = [{"name": "WhitespaceTokenizer"}] + pipe
yaml.safe_dump(cfg, open(sys.argv[1], "w"), sort_keys=False)
PY
bash scripts/train.sh
mkdir -p "$out/models" && cp models/cyberprotect.tar.gz "$out/models/with-spacy.tar.gz"
.venv/bin/rasa train nlu --config "$out/config-no-spacy.yml" --nlu data/nlu --domain domain.yml --out "$out/models" \
  --fixed-model-name no-spacy >"$out/train-no-spacy.log" 2>&1
for variant in with-spacy no-spacy; do
  .venv/bin/rasa test nlu --nlu tests/nlu --model "$out/models/$variant.tar.gz" --out "$out/$variant" \
    >"$out/test-$variant.log" 2>&1
  .venv/bin/python scripts/nlu_report.py "$out/$variant" >"$out/report-$variant.txt" || true  # targets not gated here
  echo "[$variant] $(head -n 1 "$out/report-$variant.txt")"
done
