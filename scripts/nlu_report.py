"""Prints the NLU figures from a `rasa test nlu` output folder: intent accuracy, macro-F1, the intents
below 0.85 F1, and entity F1. Exits 1 when macro-F1 < 0.95 or any intent is below 0.85 (issue targets).

With `--by-file FOLDER` (the test data folder; needs `rasa test nlu --successes`) it also prints, for information,
accuracy and macro-F1 of two parts: the supplement written on 2 Dec 2026 (heldout_supplement.yml) and the files
written before it, and how many examples it could not match to a prediction (should be 0)."""

import json
import re
import sys
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

out = Path(sys.argv[1])
cv = "--cross-validation" in sys.argv
report_file = out / ("intent_report.json" if not cv else "intent_report.json")
report = json.loads(report_file.read_text())
macro = report["macro avg"]["f1-score"]
accuracy = report.get("accuracy", report.get("micro avg", {}).get("f1-score"))
intents = {
    k: v
    for k, v in report.items()
    if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")
}
weak = sorted(((v["f1-score"], k, v["support"]) for k, v in intents.items() if v["f1-score"] < 0.85))
label = "5-fold cross-validation" if cv else "held-out"
print(
    f"nlu [{label}]: {sum(v['support'] for v in intents.values())} examples, {len(intents)} intents, "
    f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}"
)
for f1, name, support in weak:
    print(f"  below 0.85: {name} F1 {f1:.3f} (n={support})")
for entity_file in sorted(out.glob("*_report.json")):
    if entity_file.name.startswith(("DIETClassifier", "CRFEntity", "RegexEntityExtractor")):
        ents = json.loads(entity_file.read_text())
        for name in ("platform", "payment_method", "nation"):
            if name in ents:
                print(f"  entity {name}: F1 {ents[name]['f1-score']:.3f} (n={ents[name]['support']})")
matrix = out / "intent_confusion_matrix.png"
if matrix.exists():
    print(f"  confusion matrix: {matrix}")


def by_file(folder: Path):
    """Accuracy and macro-F1 per test file, from the successes and errors that rasa wrote."""
    predictions = json.loads((out / "intent_successes.json").read_text()) + json.loads(
        (out / "intent_errors.json").read_text()
    )
    predicted = {}
    for p in predictions:
        predicted.setdefault((p["text"], p["intent"]), []).append(p["intent_prediction"]["name"])
    strip = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
    groups, unmatched = {}, 0
    for path in sorted(folder.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    text = strip.sub(r"\1", line.strip()[2:])
                    name = path.stem if path.stem == "heldout_supplement" else "written before 2 Dec 2026"
                    guesses = predicted.get((text, block["intent"]))
                    if guesses:
                        groups.setdefault(name, []).append((block["intent"], guesses.pop()))
                    else:
                        unmatched += 1
    for name, pairs in groups.items():
        truth, guess = zip(*pairs)
        labels = sorted(set(truth))
        acc = sum(t == g for t, g in pairs) / len(pairs)
        f1 = f1_score(truth, guess, labels=labels, average="macro", zero_division=0)
        print(f"  of which {name}: {len(pairs)} examples, accuracy {acc:.3f}, macro-F1 {f1:.3f}")
    if unmatched:
        print(f"  {unmatched} test examples had no prediction to match (text differs from rasa's): not in the parts")


if "--by-file" in sys.argv:
    by_file(Path(sys.argv[sys.argv.index("--by-file") + 1]))
sys.exit(0 if macro >= 0.95 and not weak else 1)
