"""Offline check of the TF-IDF intent classifier's fit (issue 22): how long it takes, and whether two fits predict
the same on the held-out NLU set, the development parts of tests/real/ and the safeguarding tuning lists.

Runs the pipeline's text normaliser, spaCy and tokenizer on the training data and on those sets once (no bot, no
Rasa training), fits components/lemma_tfidf_classifier.fit_tfidf with the configured settings and with the
reference fit (scikit-learn's lbfgs, tol 1e-4, max_iter 3000: the code before 4 Dec 2026), and prints fit seconds and
agreement (same top intent, largest confidence difference). Sealed sets are never read.

    python -m scripts.tfidf_fit_check            # reference fit vs the component's fit
    python -m scripts.tfidf_fit_check --only-new # time the component's fit alone
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Dict, List, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL_SETS = {
    "held-out NLU (tests/nlu)": ["tests/nlu/*.yml"],
    "real dev + dev2": ["tests/real/dev.yml", "tests/real/dev2.yml"],
    "safeguarding tuning lists": [
        "tests/safeguarding/must_*.yml",
        "tests/safeguarding/extra_*.yml",
        "tests/safeguarding/extra2_*.yml",
        "tests/safeguarding/extra3_*.yml",
        "tests/safeguarding/extra4_*.yml",
        "tests/safeguarding/holdout2_*.yml",
        "tests/safeguarding/types_tuning.yml",
        "tests/safeguarding/rushed_dev.yml",
    ],
}


def classifier_config() -> Dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    for item in config["pipeline"]:
        if item["name"].endswith("LemmaTfidfIntentClassifier"):
            return item
    raise SystemExit("config.yml has no LemmaTfidfIntentClassifier")


def eval_texts() -> Dict[str, List[str]]:
    """Texts of each evaluation set (sealed files excluded by name)."""
    from rasa.shared.nlu.training_data.loading import load_data

    out: Dict[str, List[str]] = {}
    for name, patterns in EVAL_SETS.items():
        texts: List[str] = []
        for pattern in patterns:
            for path in sorted(ROOT.glob(pattern)):
                if "sealed" in str(path.relative_to(ROOT)):
                    continue
                if name.startswith("held-out"):
                    texts += [m.get("text") for m in load_data(str(path)).intent_examples]
                else:
                    doc = yaml.safe_load(path.read_text()) or {}
                    texts += [i["text"] for i in (doc.get("items") or doc.get("messages") or []) if i.get("text")]
        out[name] = texts
    return out


def prepared(cache: Path) -> Tuple[Dict, Dict]:
    """Training (lemmas, texts, intents) and evaluation (lemmas, texts) per set, through the pipeline's first
    components; kept in `cache` keyed by the data's hash."""
    import hashlib
    import pickle

    digest = hashlib.sha256()
    for path in sorted((ROOT / "data").rglob("*.yml")) + sorted((ROOT / "tests").rglob("*.yml")):
        if "sealed" not in str(path):
            digest.update(path.read_bytes())
    digest.update((ROOT / "config.yml").read_bytes())
    file = cache / f"prepared-{digest.hexdigest()[:16]}.pkl"
    if file.exists():
        return pickle.loads(file.read_bytes())

    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from components.lemma_tfidf_classifier import lemma_text
    from components.text_normaliser_component import TextNormaliser

    storage = LocalModelStorage(cache / "storage")
    context = ExecutionContext(GraphSchema({}), "check")
    normaliser = TextNormaliser({})
    spacy = SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": "state/spacy/en_cyberprotect"}, storage, Resource("s"), context
    )
    model = spacy.provide()
    tokenizer = SpacyTokenizer.create(SpacyTokenizer.get_default_config(), storage, Resource("t"), context)

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    data = importer.get_nlu_data("en")
    data = normaliser.process_training_data(data)
    data = spacy.process_training_data(data, model)
    data = tokenizer.process_training_data(data)
    examples = [m for m in data.intent_examples if m.get(TEXT)]
    train = {
        "lemmas": [lemma_text(m) for m in examples],
        "texts": [m.get(TEXT).lower() for m in examples],
        "intents": [m.get(INTENT) for m in examples],
    }
    evals = {}
    for name, texts in eval_texts().items():
        messages = [Message({TEXT: t}) for t in texts]
        messages = normaliser.process(messages)
        messages = spacy.process(messages, model)
        messages = tokenizer.process(messages)
        evals[name] = {"lemmas": [lemma_text(m) for m in messages], "texts": [m.get(TEXT).lower() for m in messages]}
    del TrainingData
    cache.mkdir(parents=True, exist_ok=True)
    file.write_bytes(pickle.dumps((train, evals)))
    return train, evals


def reference_fit(lemmas, texts, intents, config):
    """The fit as it was before 4 Dec 2026: float64, scikit-learn's lbfgs, tol 1e-4, max_iter 3000."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(
        analyzer="word", ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    )
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True, min_df=2)
    x = hstack([words.fit_transform(lemmas), chars.fit_transform(texts)]).tocsr()
    clf = LogisticRegression(C=float(config["C"]), max_iter=3000, random_state=42, class_weight=config["class_weight"])
    clf.fit(x, intents)
    return {"words": words, "chars": chars, "clf": clf}


def probabilities(model, lemmas: List[str], texts: List[str]) -> np.ndarray:
    from scipy.sparse import hstack

    x = hstack([model["words"].transform(lemmas), model["chars"].transform(texts)]).tocsr()
    clf = model["clf"]
    scores = x @ np.asarray(clf.coef_, dtype=np.float64).T + clf.intercept_
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only-new", action="store_true", help="fit with the component's settings only")
    parser.add_argument("--cache", default="state/tfidf-check", help="where the tokenised data is kept")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("rasa", "absl", "tensorflow"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from components.lemma_tfidf_classifier import LemmaTfidfIntentClassifier, fit_tfidf

    config = {**LemmaTfidfIntentClassifier.get_default_config(), **classifier_config()}
    started = time.perf_counter()
    train, evals = prepared(ROOT / args.cache)
    print(f"prepared {len(train['texts'])} training examples in {time.perf_counter() - started:.0f} s")
    fits = {}
    for name, fit in ([] if args.only_new else [("reference", reference_fit)]) + [("component", fit_tfidf)]:
        started = time.perf_counter()
        cpu = time.process_time()
        fits[name] = fit(train["lemmas"], train["texts"], train["intents"], config)
        clf = fits[name]["clf"]
        print(
            f"{name}: fitted in {time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU, "
            f"{getattr(clf, 'n_iter_', ['?'])[0]} iterations, {clf.coef_.shape[1]} features"
        )
    if args.only_new:
        return
    old, new = fits["reference"], fits["component"]
    if list(old["clf"].classes_) != list(new["clf"].classes_):
        raise SystemExit("the two fits have different intents")
    worst = True
    for name, data in {"training data": train, **evals}.items():
        p, q = (probabilities(m, data["lemmas"], data["texts"]) for m in (old, new))
        same = int((p.argmax(1) == q.argmax(1)).sum())
        top = np.abs(p.max(1) - q.max(1))
        diff = np.abs(p - q).max(1)
        # the fallback (0.45) and safeguarding (0.45) thresholds: does any top confidence cross one?
        crossed = int(((p.max(1) >= 0.45) != (q.max(1) >= 0.45)).sum())
        print(
            f"{name}: {len(p)} texts, same top intent {same}/{len(p)}, top confidence differs by max "
            f"{top.max():.4f} (mean {top.mean():.5f}), any intent by max {diff.max():.4f}, "
            f"crossing 0.45 {crossed}"
        )
        worst = worst and same == len(p)
    print("agreement: every top intent the same" if worst else "agreement: SOME TOP INTENTS DIFFER")


if __name__ == "__main__":
    main()
