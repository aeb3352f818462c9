"""Rasa NLU component: how sure the sentence embeddings are that a message is an emergency, and of which type
(issue 19).

A logistic regression on all-MiniLM-L6-v2 sentence vectors (components/sentence_encoder.py, int8 ONNX: the model the
intent classifier already uses for long messages) with one class per safeguarding answer: the emergency types
(danger, crime_at_door, crime_remote, crime_other, child_danger, self_harm), distress, and none (everything else).
It decides nothing on its own: it writes its probabilities to the message (`emergency_embedding`) and the
safeguarding component (components/safeguarding.py) combines them with the patterns and the intent classifier by
explicit rules (a miss of both is an emergency only when this model is very sure; a pattern's type gives way to
the generic 999 reply when this model is sure of another type).

Trained with the model (`rasa train`) on
- the NLU training examples: emergency_danger, emergency_child_danger, emergency_self_harm and distress give their
  type, every other intent is "none" (emergency_crime_in_progress examples are left out: they do not say whether
  the fraudster is at the door or on the phone, and the type classes need that);
- the safeguarding tuning lists named in config.yml (`training_lists`, tests/safeguarding/: each item's `expect`).
Never the development 8 list, the hold-outs or the sealed lists: config.yml names the lists, and
tests/unit/test_emergency_embedding.py fails if a list that is not a tuning list is named.

Every message can be embedded (also short ones: emergencies often are), but only when a decision reads it: the
probabilities are set as `LazyProbabilities`, which embed the message the first time the safeguarding component (or
anything else) looks at them (issue 22: the embedding of every message was 27.8 % of the Rasa server's busy time,
and for most messages no rule of components/safeguarding.py reads it). Decisions are the same as with eager
embedding by construction: whatever reads the probabilities gets the same numbers. A vector the intent classifier
already computed for the same text is reused (`sentence_vector` on the message). The training vectors are cached by
text hash (`embedding_cache`), the intent classifier's cache is read too, so a retraining embeds only new texts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Text, Tuple

import joblib
import numpy as np
import yaml

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_normaliser import normalise_text

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
MODEL_FILE = "emergency_embedding.joblib"
EMERGENCY_EMBEDDING = "emergency_embedding"  # the message attribute: {class: probability}
SENTENCE_VECTOR = "sentence_vector"  # (text, vector, encoder key) set by whoever embedded the message first
EMERGENCY_CLASSES = ("danger", "crime_at_door", "crime_remote", "crime_other", "child_danger", "self_harm")
NONE = "none"
DISTRESS = "distress"
INTENT_CLASS = {
    "emergency_danger": "danger",
    "emergency_child_danger": "child_danger",
    "emergency_self_harm": "self_harm",
    "distress": DISTRESS,
}
SKIPPED_INTENTS = ("emergency_crime_in_progress",)  # an emergency without its fraud type: not a class example
LIST_CLASSES = set(EMERGENCY_CLASSES) | {DISTRESS, NONE}


def list_examples(paths: Sequence[str], root: Path = ROOT) -> List[Tuple[str, str]]:
    """(text, class) of every item of the named safeguarding lists (`expect`, or "none" in a *not_escalate file)."""
    out = []
    for name in paths:
        path = root / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("messages") or data.get("items") or []:
            expect = item.get("expect") or (NONE if "not_escalate" in path.name else None)
            if expect not in LIST_CLASSES:
                raise ValueError(f"{name}: an item without a known `expect` ({expect!r})")
            out.append((item["text"], expect))
    return out


def training_examples(
    intent_examples: Sequence[Tuple[str, str]], lists: Sequence[Tuple[str, str]]
) -> List[Tuple[str, str]]:
    """(normalised text, class) from the NLU examples (text, intent) and the tuning lists' (text, class)."""
    out = [(normalise_text(t), INTENT_CLASS.get(i, NONE)) for t, i in intent_examples if t and i not in SKIPPED_INTENTS]
    out += [(normalise_text(t), c) for t, c in lists]
    return out


def emergency_share(probs: Dict[str, float]) -> float:
    return sum(probs.get(c, 0.0) for c in EMERGENCY_CLASSES)


def top_emergency(probs: Dict[str, float]) -> Tuple[Optional[str], float]:
    """The most likely emergency class and its share of the emergency probability."""
    mass = emergency_share(probs)
    if mass <= 0:
        return None, 0.0
    name = max(EMERGENCY_CLASSES, key=lambda c: probs.get(c, 0.0))
    return name, probs.get(name, 0.0) / mass


def encoder_key(max_tokens: int, chunks: bool) -> str:
    """The key of an encoder's settings (the EmbeddingCache key of components/lemma_tfidf_classifier.py)."""
    return f"minilm-int8:{int(max_tokens)}" + (":chunks" if chunks else "")


def message_vector(message: Message, encoder: Any) -> np.ndarray:
    """The message's sentence vector: the one already computed for this text with the same encoder settings, else
    embedded now."""
    text = message.get(TEXT) or ""
    key = encoder_key(encoder.max_tokens, encoder.chunks)
    stored = message.get(SENTENCE_VECTOR)
    if stored is not None and tuple(stored[0::2]) == (text, key):
        return np.asarray(stored[1], dtype=np.float32)
    vector = encoder.encode([text])[0]
    message.set(SENTENCE_VECTOR, (text, vector, key))
    return vector


class LazyProbabilities(Mapping):
    """{class: probability} of one message, computed the first time it is read (len, iteration, a key, bool).

    `compute` is called at most once; the message text it embeds is the text at the time the component ran."""

    def __init__(self, compute: Callable[[], Dict[str, float]]) -> None:
        self._compute: Optional[Callable[[], Dict[str, float]]] = compute
        self._probs: Dict[str, float] = {}

    @property
    def computed(self) -> bool:
        return self._compute is None

    def _get(self) -> Dict[str, float]:
        if self._compute is not None:
            compute, self._compute = self._compute, None
            self._probs = compute()
        return self._probs

    def __getitem__(self, key: str) -> float:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return f"LazyProbabilities({self._probs if self.computed else 'not computed'})"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EmergencyEmbeddingClassifier(GraphComponent):
    """Emergency type / distress / none probabilities from the sentence embedding, for the safeguarding component."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # training_lists: safeguarding tuning lists (paths from the project root) added to the NLU examples.
        # C: inverse regularisation of the logistic regression (classes balanced). list_weight: weight of a list
        # item against an NLU example, none_list_weight of a list's near-miss (the hard negatives). embedding_cache: this model's training vectors by text hash; read_cache: the
        # intent classifier's cache, read (never written) so its vectors are not embedded twice. max_tokens, chunks:
        # the encoder's settings (as the intent classifier's embedding_max_tokens / embedding_chunks, so a long
        # message's vector is computed once and the caches share keys).
        return {
            "training_lists": [],
            "C": 10.0,
            "list_weight": 2.0,
            "none_list_weight": 10.0,
            "max_tokens": 128,
            "chunks": False,
            "threads": 2,
            "parse_threads": 1,
            "embedding_cache": None,
            "read_cache": None,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._encoder: Any = None
        if model:
            from components.sentence_encoder import shared_encoder

            self._encoder = shared_encoder(
                "onnx",
                max_tokens=int(model["max_tokens"]),
                threads=int(self._config["parse_threads"]),
                chunks=bool(model.get("chunks", False)),
            )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyEmbeddingClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "EmergencyEmbeddingClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            model = None
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        from components.sentence_encoder import EmbeddingCache, SentenceEncoder

        started = time.perf_counter()
        nlu = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples]
        lists = list_examples(self._config["training_lists"] or [])
        examples = training_examples(nlu, lists)
        if len({c for _, c in examples}) < 2:
            return self._resource
        max_tokens, chunks = int(self._config["max_tokens"]), bool(self._config["chunks"])
        key = encoder_key(max_tokens, chunks)
        cache = EmbeddingCache(Path(self._config["embedding_cache"]) if self._config["embedding_cache"] else None, key)
        if self._config.get("read_cache"):
            cache.merge(EmbeddingCache(Path(self._config["read_cache"]), key))
        encoder = SentenceEncoder("onnx", max_tokens=max_tokens, threads=int(self._config["threads"]), chunks=chunks)
        texts = [t for t, _ in examples]
        vectors, embedded = cache.encode(texts, encoder)
        cache.save(keep=texts)
        weights = [1.0] * (len(examples) - len(lists)) + [
            float(self._config["none_list_weight" if c == NONE else "list_weight"]) for _, c in lists
        ]
        clf = LogisticRegression(C=float(self._config["C"]), max_iter=3000, random_state=42, class_weight="balanced")
        clf.fit(vectors, [c for _, c in examples], sample_weight=weights)
        logger.info(
            f"emergency embedding classifier: {len(examples)} examples ({len(lists)} from the tuning lists), "
            f"{embedded} embedded, fitted in {time.perf_counter() - started:.0f} s"
        )
        self._model = {
            "coef": clf.coef_.astype(np.float32),
            "intercept": clf.intercept_.astype(np.float32),
            "classes": [str(c) for c in clf.classes_],
            "max_tokens": max_tokens,
            "chunks": chunks,
        }
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def probabilities(self, vector: np.ndarray) -> Dict[str, float]:
        from components.lemma_tfidf_classifier import softmax_scores

        probs = softmax_scores(self._model["coef"], self._model["intercept"], vector)
        return dict(zip(self._model["classes"], (float(p) for p in probs)))

    def process(self, messages: List[Message]) -> List[Message]:
        if not self._model or self._encoder is None:
            return messages
        for message in messages:
            if not message.get(TEXT):
                continue
            message.set(EMERGENCY_EMBEDDING, LazyProbabilities(self._later(message)))
        return messages

    def _later(self, message: Message) -> Callable[[], Dict[str, float]]:
        """The message's probabilities, computed when first read, for the text it has now (a later component that
        changed the text would not change what is embedded)."""
        snapshot = Message(data={TEXT: message.get(TEXT), SENTENCE_VECTOR: message.get(SENTENCE_VECTOR)})

        def compute() -> Dict[str, float]:
            vector = message_vector(snapshot, self._encoder)
            if message.get(SENTENCE_VECTOR) is None:
                message.set(SENTENCE_VECTOR, snapshot.get(SENTENCE_VECTOR))
            return self.probabilities(vector)

        return compute
