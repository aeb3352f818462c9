"""Replay the safeguarding decision on a recording of scripts/safeguarding_record.py with the current patterns, code
and settings, in seconds and without a model: per list recall, wrong type, false alarms and distress reached. A
development aid for changes to content/safeguarding.yml, components/safeguarding_rules.py or the safeguarding
component (their settings can be overridden with --set NAME=VALUE). Tuning and development lists can show their
failures (--show TEXT: the lists whose label contains TEXT); hold-outs print totals only; sealed lists are never
recorded. The figures are those of the safeguarding component's decision: the whole pipeline
(scripts/safeguarding_report.py) can differ by a message or two where a later component changes the intent.

    python -m scripts.safeguarding_record --out /tmp/sg.pkl
    python -m scripts.safeguarding_offline /tmp/sg.pkl --show "development 9" --set embedding_sure=0.9
"""

import argparse
import pickle
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from components.emergency_embedding import EMERGENCY_EMBEDDING
    from components.safeguarding import SafeguardingClassifier
    from components.stateless import INTENT_RANKING
    from scripts.safeguarding_report import LEGACY_INTENTS, is_emergency, right_type, score

    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--show", default="", help="print the failures of the tuning/development lists with this label")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE: a safeguarding setting to try")
    args = parser.parse_args()
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    settings = next(c for c in pipeline if c["name"].endswith("SafeguardingClassifier"))
    config = {**SafeguardingClassifier.get_default_config(), **{k: v for k, v in settings.items() if k != "name"}}
    for item in args.set:
        name, value = item.split("=", 1)
        config[name] = yaml.safe_load(value)
    component = SafeguardingClassifier(config)
    type_by_intent = {**LEGACY_INTENTS, **component._rules.type_by_intent}
    by_list = defaultdict(list)
    for row in pickle.loads(Path(args.recording).read_bytes()):
        if row["role"] == "sealed":
            continue
        message = Message(data={TEXT: row["text"]})
        message.set(INTENT, dict(row.get("intent") or row["ranking"][0]))
        message.set(INTENT_RANKING, [dict(r) for r in row["ranking"]])
        if row.get("emb"):
            message.set(EMERGENCY_EMBEDDING, dict(row["emb"]))
        component.process([message])
        got = type_by_intent.get(message.get(INTENT)["name"], "none")
        by_list[(row["list"], row["role"])].append((row["expect"], got, row["raw"]))
    for (label, role), rows in by_list.items():
        s = score(rows)
        print(
            f"{label[:40]:40} recall {s['reached']}/{s['n_em']}, wrong type {s['wrong']}, false alarms "
            f"{s['alarms']}/{s['n_neg']}, distress {s['dis_reached']}/{s['n_dis']} (999 on {s['dis_999']})"
        )
        if not args.show or args.show not in label or role not in ("tuning", "development"):
            continue
        for expect, got, text in rows:
            wrong = (is_emergency(expect) and not right_type(expect, got)) or (expect == "none" and is_emergency(got))
            if wrong or (expect == "distress" and got != "distress"):
                print(f"   [{expect} -> {got}] {text}")


if __name__ == "__main__":
    main()
