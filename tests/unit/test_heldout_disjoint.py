"""The held-out NLU set (tests/nlu/) and the development sets (tests/nlu_dev*/) share no example with the training
data (data/nlu/): a message that is in both would be scored on something the model has memorised.

Messages are compared after lower-casing, removing entity annotation and punctuation, and squeezing spaces.
"""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", ANNOTATION.sub(r"\1", text).lower()).split())


def examples(folder: str):
    for path in sorted((ROOT / folder).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in block.get("examples", "").splitlines():
                if line.strip().startswith("- "):
                    yield path.name, block.get("intent"), line.strip()[2:]


def overlap(test_folder: str):
    training = {normalise(text) for _, _, text in examples("data/nlu")}
    return [(f, i, t) for f, i, t in examples(test_folder) if normalise(t) in training]


def test_normalise_ignores_case_punctuation_and_annotation():
    assert normalise("Got a [TEXT](platform) from 'Royal Mail'!!") == normalise("got a text from 'royal mail'")


def test_no_held_out_example_is_a_training_example():
    shared = overlap("tests/nlu")
    assert not shared, f"{len(shared)} held-out examples are also training data, e.g. {shared[:3]}"


def test_no_development_example_is_a_training_example():
    shared = [s for folder in ("tests/nlu_dev", "tests/nlu_dev2") for s in overlap(folder)]
    assert not shared, f"{len(shared)} development examples are also training data, e.g. {shared[:3]}"
