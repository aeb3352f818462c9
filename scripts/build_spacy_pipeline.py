"""Builds the project's spaCy pipeline: blank English + lookup lemmatiser from spacy-lookups-data.

No model is downloaded: the lemma tables ship in the spacy-lookups-data package from PyPI. The pipeline is
saved to a folder that config.yml's SpacyNLP component loads by path.
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma_lookup table from spacy-lookups-data
    nlp.meta["name"] = "en_cyberprotect"
    nlp.meta["description"] = "Blank English tokenizer with lookup lemmas (built by scripts/build_spacy_pipeline.py)"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    doc = spacy.load(target)("I was scammed by texts")
    print("spacy pipeline:", target, "| lemmas:", [t.lemma_ for t in doc])


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "state/spacy/en_cyberprotect"))
