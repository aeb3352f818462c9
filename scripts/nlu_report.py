"""Prints the NLU figures from a `rasa test nlu` output folder: intent accuracy, macro-F1, the intents
below 0.85 F1, and entity F1. Exits 1 when macro-F1 < 0.95 or any intent is below 0.85 (issue targets)."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
cv = "--cross-validation" in sys.argv
report_file = out / ("intent_report.json" if not cv else "intent_report.json")
report = json.loads(report_file.read_text())
macro = report["macro avg"]["f1-score"]
accuracy = report.get("accuracy", report.get("micro avg", {}).get("f1-score"))
intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v and k not in
           ("macro avg", "weighted avg", "micro avg")}
weak = sorted(((v["f1-score"], k, v["support"]) for k, v in intents.items() if v["f1-score"] < 0.85))
label = "5-fold cross-validation" if cv else "held-out"
print(f"nlu [{label}]: {sum(v['support'] for v in intents.values())} examples, {len(intents)} intents, "
      f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}")
for f1, name, support in weak:
    print(f"  below 0.85: {name} F1 {f1:.3f} (n={support})")
for entity_file in sorted(out.glob("*_report.json")):
    if entity_file.name.startswith(("DIETClassifier", "CRFEntity")):
        ents = json.loads(entity_file.read_text())
        for name in ("platform", "payment_method", "nation"):
            if name in ents:
                print(f"  entity {name}: F1 {ents[name]['f1-score']:.3f} (n={ents[name]['support']})")
matrix = out / "intent_confusion_matrix.png"
if matrix.exists():
    print(f"  confusion matrix: {matrix}")
sys.exit(0 if macro >= 0.95 and not weak else 1)
