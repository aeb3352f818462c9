#!/usr/bin/env bash
# NLU ablation (issue 22): for each pipeline variant, trains the NLU alone from data/nlu (CPU and wall seconds),
# scores the held-out set tests/nlu (accuracy / macro-F1 from scripts/nlu_report.py) and times parsing
# (p50/p95 ms per message over 300 held-out messages, in-process, one at a time). Prints one table row per variant.
# Variants: the pipeline of config.yml; the same with Rasa's WhitespaceTokenizer instead of spaCy (no lemmas).
# (The earlier DIET blend is not re-trained here: ~1,700 s of CPU; its figures are in the README.)
# About 2 x (training + scoring): ~8 minutes on an idle 2-core machine, much longer on a busy one.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
out=results/ablation; rm -rf "$out"; mkdir -p "$out"
.venv/bin/python - "$out" <<'PY'
import sys, yaml
out = sys.argv[1]
cfg = yaml.safe_load(open("config.yml"))
yaml.safe_dump(cfg, open(f"{out}/config-full.yml", "w"), sort_keys=False)
pipe = [c for c in cfg["pipeline"] if c["name"] not in ("SpacyNLP", "SpacyTokenizer")]
cfg["pipeline"] = [pipe[0], {"name": "WhitespaceTokenizer"}] + pipe[1:]  # after the text normaliser
yaml.safe_dump(cfg, open(f"{out}/config-no-spacy.yml", "w"), sort_keys=False)
PY
printf '%-10s | %-22s | %-44s | %s\n' variant "train s (CPU / wall)" "held-out (tests/nlu)" "parse ms p50 / p95"
for variant in full no-spacy; do
  echo "ablation: training $variant ($(cut -d' ' -f1 /proc/loadavg) load; log $out/train-$variant.log)" >&2
  /usr/bin/time -f "%U %S %e" -o "$out/time-$variant.txt" .venv/bin/rasa train nlu --config "$out/config-$variant.yml" \
    --nlu data/nlu --domain domain.yml --out "$out/models" --fixed-model-name "$variant" >"$out/train-$variant.log" 2>&1
  read -r user sys wall < "$out/time-$variant.txt"
  echo "ablation: scoring $variant" >&2
  .venv/bin/rasa test nlu --nlu tests/nlu --model "$out/models/$variant.tar.gz" --out "$out/$variant" \
    >"$out/test-$variant.log" 2>&1
  .venv/bin/python scripts/nlu_report.py "$out/$variant" >"$out/report-$variant.txt" 2>&1 || true  # not gated here
  latency=$(.venv/bin/python - "$out/models/$variant.tar.gz" 2>/dev/null <<'PY'
import asyncio, logging, statistics, sys, time
from pathlib import Path
import yaml
logging.disable(logging.WARNING)
from rasa.core.agent import load_agent
texts = []
for path in sorted(Path("tests/nlu").glob("*.yml")):
    for block in yaml.safe_load(path.read_text()).get("nlu", []):
        texts += [l.strip()[2:] for l in block.get("examples", "").splitlines() if l.strip().startswith("- ")]
texts = texts[:300]
async def main():
    agent = await load_agent(model_path=sys.argv[1])
    for t in texts[:10]:
        await agent.parse_message(t)  # warm-up
    ms = []
    for t in texts:
        start = time.perf_counter(); await agent.parse_message(t); ms.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(ms, n=100)
    print(f"{q[49]:.1f} / {q[94]:.1f}")
asyncio.run(main())
PY
  )
  latency=$(printf '%s\n' "$latency" | tail -n 1)  # Rasa's structlog debug lines come first on stdout
  printf '%-10s | %-22s | %-44s | %s\n' "$variant" "$(printf '%.0f / %.0f' "$(echo "$user + $sys" | bc)" "$wall")" \
    "$(head -n 1 "$out/report-$variant.txt" | sed -E 's/.*(accuracy [0-9.]+, macro-F1 [0-9.]+).*/\1/'), $(grep -c 'below 0.85' "$out/report-$variant.txt" || true) < 0.85" "$latency"
done
