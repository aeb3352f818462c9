"""Rasa NLU component: the intent classifier, a TF-IDF + logistic-regression model on spaCy lemmas and characters.

Since 3 Dec 2026 it is the only intent classifier (config.yml: weight 1.0; DIET was removed for training time,
issue 22). It can still blend with an earlier classifier's ranking (`weight * its own + (1 - weight) * the
other's`) when one runs before it; with none, weight must stay 1.0 or every confidence is scaled down. In a long
message (a story, issue 18) the configured conversation intents are weighed down (reweight_long), and each
sentence is also scored on its own: its topic (threat_*) probabilities, averaged over the sentences, are added to
the whole message's (pool_sentences), so a topic told in one sentence of a long story is not drowned by the rest.
A message of `embedding_min_words` words or more is also embedded with all-MiniLM-L6-v2 (components/sentence_encoder.py,
int8 ONNX) and a second logistic regression on those sentence vectors, trained here beside the TF-IDF one, gets
`embedding_weight` of the probability (0.35: docs/nlu.md, "Sentence embeddings for long messages"); short messages
never reach the encoder. Training embeds the training texts on a second thread while the TF-IDF model fits, and
keeps the vectors by text hash in state/embeddings/ so a retraining embeds only new texts.
History: DIET alone scored development macro-F1 0.86, this model 0.90, the blend 0.91
(tests/nlu_development/pipeline_choice/README.md). Runs in
the Rasa server, so the checker detector, safeguarding and the fallback (which come after it) see its ranking.
"""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import joblib
import numpy as np
from scipy import optimize
from scipy.sparse import csr_matrix, diags, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
INTENT_RANKING = "intent_ranking"
MODEL_FILE = "lemma_tfidf.joblib"
_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? (or a closing quote after one) followed by space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")
TOPIC_PREFIX = "threat_"
SENTENCE_VECTOR = (
    "sentence_vector"  # (text, vector, encoder key): the message's sentence embedding, for later components
)


def lemma_text(message: Message) -> str:
    """The message as lower-case spaCy lemmas ("scammed me" -> "scam i"); plain words if there are no tokens."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    lemmas = [(getattr(t, "lemma", None) or t.text).lower() for t in tokens]
    return " ".join(lemmas) if lemmas else " ".join(_WORD.findall((message.get(TEXT) or "").lower()))


def reweight_long(
    own: Dict[str, float], text: str, intents: List[str], weight: float, min_words: int
) -> Dict[str, float]:
    """For a message of `min_words` words or more, multiply the listed intents' probabilities by `weight` and
    renormalise (pure). A long first message is a story: "thanks", "what do I do now?" or "how do I stop it
    happening again?" in it is rarely what the person needs answered first, the topic is (issue 18)."""
    if not intents or weight == 1.0 or len((text or "").split()) < min_words:
        return own
    scaled = {n: p * weight if n in intents else p for n, p in own.items()}
    total = sum(scaled.values())
    return {n: p / total for n, p in scaled.items()} if total > 0 else own


def sentence_spans(text: str, min_words: int = 3) -> List[Tuple[int, int]]:
    """(start, end) character spans of the sentences of `text` with at least `min_words` words (pure)."""
    spans, start = [], 0
    for match in list(_SENTENCE_END.finditer(text or "")) + [None]:
        end = match.start() if match else len(text or "")
        piece = (text or "")[start:end]
        if len(piece.split()) >= min_words:
            spans.append((start, end))
        if match:
            start = match.end()
    return spans


def pool_sentences(
    own: Dict[str, float], sentences: List[Dict[str, float]], weight: float, prefix: str = TOPIC_PREFIX
) -> Dict[str, float]:
    """Add `weight` times the mean over the sentences of each topic intent's probability (intents starting with
    `prefix`) to the whole message's probabilities and renormalise (pure). With fewer than two sentences or weight 0
    the message's own probabilities are returned. Issue 18: a story's topic sentence ("then he asked for photos")
    is clearer alone than diluted among times, names and feelings; chosen on the development part of tests/real/."""
    if weight <= 0 or len(sentences) < 2:
        return own
    mixed = {
        n: p + (weight * sum(s.get(n, 0.0) for s in sentences) / len(sentences) if n.startswith(prefix) else 0.0)
        for n, p in own.items()
    }
    total = sum(mixed.values())
    return {n: p / total for n, p in mixed.items()} if total > 0 else own


def softmax_scores(coef: np.ndarray, intercept: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """A multinomial logistic regression's probabilities for one vector (predict_proba without its overhead)."""
    scores = coef @ vector + intercept
    if scores.shape[0] == 1:  # two intents: scikit-learn's binary model (sigmoid on one score)
        positive = 1.0 / (1.0 + np.exp(-scores[0]))
        return np.array([1.0 - positive, positive])
    exp = np.exp(scores - scores.max())
    return exp / exp.sum()


def blend_keeping(own: np.ndarray, other: np.ndarray, weight: float, keep: Optional[np.ndarray] = None) -> np.ndarray:
    """(1 - weight) * own + weight * other, except that the intents marked in `keep` keep their own probability
    and the others share the rest in the blend's proportions (pure). Safety first: the emergency and distress
    readings the safeguarding component acts on stay exactly what the TF-IDF model gave (a blended 18-word
    "im being held in a flat ..." fell below safeguarding's bar on a tuning list, 3 Dec 2026)."""
    mixed = (1.0 - weight) * own + weight * other
    if keep is None or not keep.any():
        return mixed
    out = np.where(keep, own, 0.0)
    rest, share = mixed[~keep].sum(), 1.0 - own[keep].sum()
    out[~keep] = mixed[~keep] * (share / rest) if rest > 0 else own[~keep]
    return out


def fit_embedding_classifier(texts: Sequence[str], intents: Sequence[str], config: Dict[str, Any]) -> Dict[str, Any]:
    """Embed the training texts (each distinct text once; cached ones not at all) and fit a logistic regression on
    the sentence vectors. Returns its coefficients, intercepts and classes, and what it cost (for the log)."""
    from components.sentence_encoder import EmbeddingCache, SentenceEncoder

    started = time.perf_counter()
    max_tokens, chunks = int(config["embedding_max_tokens"]), bool(config["embedding_chunks"])
    cache = EmbeddingCache(
        Path(config["embedding_cache"]) if config.get("embedding_cache") else None,
        f"minilm-int8:{max_tokens}" + (":chunks" if chunks else ""),
    )
    if config.get("embedding_read_cache"):  # another component's vectors of the same encoder, read only
        read = Path(config["embedding_read_cache"])
        cache.merge(EmbeddingCache(read, f"minilm-int8:{max_tokens}" + (":chunks" if chunks else "")))
    encoder = SentenceEncoder("onnx", max_tokens=max_tokens, threads=int(config["embedding_threads"]), chunks=chunks)
    vectors, embedded = cache.encode(list(texts), encoder)
    cache.save(keep=texts)
    embedded_at = time.perf_counter()
    clf = LogisticRegression(
        C=float(config["embedding_C"]), max_iter=2000, random_state=42, class_weight=config["class_weight"]
    )
    clf.fit(vectors, list(intents))
    # The long training stories, kept for the neighbours' vote (knn_vote): their vectors and intents.
    story = np.array(
        [
            float(config["embedding_knn_weight"]) > 0 and len(t.split()) >= int(config["embedding_knn_min_words"])
            for t in texts
        ],
        dtype=bool,
    )  # none when the vote is off
    index = {name: i for i, name in enumerate(clf.classes_)}
    logger.info(
        f"sentence embeddings: {len(set(texts))} distinct training texts, {embedded} embedded "
        f"(the rest cached) in {embedded_at - started:.0f} s, classifier fitted in "
        f"{time.perf_counter() - embedded_at:.0f} s; {int(story.sum())} long stories kept for the neighbours' vote"
    )
    return {
        "coef": clf.coef_.astype(np.float32),
        "intercept": clf.intercept_.astype(np.float32),
        "classes": list(clf.classes_),
        "max_tokens": max_tokens,
        "knn_vectors": vectors[story].astype(np.float16),
        "knn_labels": np.array([index[i] for i, s in zip(intents, story) if s], dtype=np.int32),
    }


def knn_vote(
    vector: np.ndarray, vectors: np.ndarray, labels: np.ndarray, classes: int, k: int, temperature: float
) -> np.ndarray:
    """The intents of the `k` training stories nearest to `vector` (cosine: the vectors are unit length), each
    weighted by exp(temperature * similarity), as a probability over `classes` intents (pure). Zeros if none."""
    out = np.zeros(classes)
    if len(vectors) == 0 or k <= 0:
        return out
    sims = vectors.astype(np.float32) @ vector.astype(np.float32)
    nearest = np.argsort(-sims, kind="stable")[:k]
    weights = np.exp(float(temperature) * (sims[nearest] - sims[nearest].max()))
    np.add.at(out, labels[nearest], weights)
    return out / out.sum()


class TfidfOfOne:
    """One text's TF-IDF vector from a fitted TfidfVectorizer, as (column indices, values): the same numbers as its
    transform([text]) (the vectoriser's own analyzer and vocabulary, sublinear tf and idf as fitted, l2 norm) without
    building the sparse matrices around them, which took ~1.1 ms a message for both vectorisers, 12 % of the Rasa
    server's busy time in the bench profile of 4 Dec 2026 (now ~0.13 ms)."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if vectorizer.norm != "l2" or not vectorizer.use_idf or vectorizer.binary:
            raise ValueError("TfidfOfOne needs an l2-normed, idf-weighted, counting TfidfVectorizer")
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary = vectorizer.vocabulary_
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._sublinear = bool(vectorizer.sublinear_tf)

    def __call__(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        counts: Dict[int, int] = {}
        vocabulary = self._vocabulary
        for feature in self._analyze(text):
            column = vocabulary.get(feature)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(sorted(counts), dtype=np.intp, count=len(counts))
        values = np.fromiter((counts[c] for c in columns), dtype=np.float64, count=len(columns))
        if self._sublinear:
            values = np.log(values) + 1.0
        values *= self._idf[columns]
        norm = np.sqrt(values @ values)
        if norm > 0:
            values /= norm
        return columns, values


def merge_identical_columns(x: csr_matrix) -> Tuple[csr_matrix, np.ndarray, np.ndarray]:
    """The distinct columns of `x`, each scaled by the square root of how many identical copies it has, with every
    column's group and each group's scale (pure). Many rare character n-grams occur in exactly the same examples
    with the same values ("phis", "phish" ...): an L2-regularised linear model gives identical columns identical
    weights, and one column times sqrt(m) with weight v is the same model, penalty included, as m columns with
    weight v / sqrt(m) each, so the smaller problem has the same optimum (47813 -> 28504 columns, 4 Dec 2026)."""
    xc = x.tocsc()
    xc.sort_indices()
    groups: Dict[bytes, int] = {}
    group = np.empty(xc.shape[1], dtype=np.int64)
    for j in range(xc.shape[1]):
        start, end = xc.indptr[j], xc.indptr[j + 1]
        group[j] = groups.setdefault(xc.indices[start:end].tobytes() + b"|" + xc.data[start:end].tobytes(), len(groups))
    first = np.zeros(len(groups), dtype=np.int64)
    first[group[::-1]] = np.arange(xc.shape[1])[::-1]
    scale = np.sqrt(np.bincount(group)).astype(x.dtype)
    return (xc[:, first] @ diags(scale)).tocsr(), group, scale


def fit_multinomial(
    x: csr_matrix, intents: Sequence[str], C: float, class_weight: Any, tol: float = 1e-4, max_iter: int = 3000
) -> LogisticRegression:
    """The same model as LogisticRegression(C, class_weight, solver lbfgs, tol, max_iter).fit(x, intents) with three
    or more intents (the same loss, penalty, class weights, optimiser and stopping rule), in about half its CPU time:
    identical columns merged (merge_identical_columns) and the loss's gradient taken with a row-major transpose of x
    (scikit-learn 1.1's column-major product took 40 % of the fit). Measured on 4 Dec 2026 with
    scripts/tfidf_fit_check.py: 94 -> 49 s CPU, every top intent the same on the held-out, real and safeguarding sets."""
    classes, y = np.unique(np.asarray(intents), return_inverse=True)
    k = len(classes)
    sample_weight = compute_class_weight(class_weight, classes=classes, y=np.asarray(intents))[y]
    merged, group, scale = merge_identical_columns(x)
    transposed = merged.T.tocsr()
    n, d = merged.shape
    l2 = 1.0 / C
    rows = np.arange(n)
    onehot = np.zeros((n, k))
    onehot[rows, y] = 1.0

    def loss_gradient(w: np.ndarray) -> Tuple[float, np.ndarray]:
        # w: row j holds feature j's weight for every intent, the last row the intercepts (scikit-learn's layout)
        weights = w.reshape(d + 1, k)
        raw = merged @ weights[:d] + weights[d]
        top = raw.max(axis=1, keepdims=True)
        exp = np.exp(raw - top)
        total = exp.sum(axis=1, keepdims=True)
        loss = float(sample_weight @ (np.log(total[:, 0]) + top[:, 0] - raw[rows, y]))
        loss += 0.5 * l2 * float(np.einsum("ij,ij->", weights[:d], weights[:d]))
        per_sample = (exp / total - onehot) * sample_weight[:, None]
        grad = np.empty((d + 1, k))
        grad[:d] = transposed @ per_sample
        grad[:d] += l2 * weights[:d]
        grad[d] = per_sample.sum(axis=0)
        return loss, grad.ravel()

    result = optimize.minimize(
        loss_gradient, np.zeros((d + 1) * k), method="L-BFGS-B", jac=True, options={"gtol": tol, "maxiter": max_iter}
    )
    if not result.success:
        logger.warning(f"TF-IDF intent model: the optimiser stopped early ({result.message})")
    weights = result.x.reshape(d + 1, k)
    clf = LogisticRegression(C=C, max_iter=max_iter, tol=tol, random_state=42, class_weight=class_weight)
    clf.classes_ = classes
    clf.coef_ = np.ascontiguousarray((weights[:d] / scale[:, None])[group].T)
    clf.intercept_ = weights[d].copy()
    clf.n_iter_ = np.array([result.nit], dtype=np.int32)
    clf.n_features_in_ = x.shape[1]
    return clf


def fit_tfidf(
    lemmas: Sequence[str], texts: Sequence[str], intents: Sequence[str], config: Dict[str, Any]
) -> Dict[str, Any]:
    """The TF-IDF vectorisers (lemma word n-grams, character n-grams) and the logistic regression on them."""
    words = TfidfVectorizer(
        analyzer="word", ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    )
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True, min_df=2)
    x = hstack([words.fit_transform(lemmas), chars.fit_transform(texts)]).tocsr()
    started = time.perf_counter()
    if len(set(intents)) > 2:
        clf = fit_multinomial(x, intents, float(config["C"]), config["class_weight"])
    else:  # two intents: scikit-learn's binary model (one score), as before
        clf = LogisticRegression(
            C=float(config["C"]), max_iter=3000, random_state=42, class_weight=config["class_weight"]
        )
        clf.fit(x, list(intents))
    logger.info(f"TF-IDF intent model fitted in {time.perf_counter() - started:.0f} s")
    return {"words": words, "chars": chars, "clf": clf}


def blend(own: Dict[str, float], diet: Dict[str, float], weight: float) -> List[Dict[str, Any]]:
    """weight * own + (1 - weight) * diet for every intent either knows, best first."""
    names = set(own) | set(diet)
    mixed = {n: weight * own.get(n, 0.0) + (1.0 - weight) * diet.get(n, 0.0) for n in names}
    return [
        {INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: float(c)}
        for n, c in sorted(mixed.items(), key=lambda kv: -kv[1])
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LemmaTfidfIntentClassifier(GraphComponent):
    """Logistic regression on TF-IDF of lemma 1-2-grams and character 1-4-grams (the only intent classifier)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # weight: share of this classifier in a blend with an earlier classifier's ranking (1.0, the default since
        # DIET left: this one alone, as config.yml sets it). C: inverse regularisation.
        # class_weight: "balanced" weighs each intent by 1 / its number of examples, so a large, varied intent
        # (out_of_scope) does not win every uncertain message; null weighs every example the same.
        # long_message_*: in a message of long_message_words words or more, the intents listed in
        # long_message_intents (conversation turns, follow-up questions) count long_message_weight times their
        # probability (reweight_long). Empty list: off. sentence_weight: in such a message, each sentence of at
        # least sentence_min_words words is scored too and the topics' mean sentence probability, times this
        # weight, is added (pool_sentences). 0: off. embedding_weight: share of the sentence-embedding classifier in
        # a message of embedding_min_words words or more (0: off, no encoder loaded); embedding_C its inverse
        # regularisation; embedding_threads onnxruntime's threads while training, embedding_parse_threads while
        # serving; embedding_cache the file keeping training vectors by text hash ("" or null: no cache);
        # embedding_read_cache another cache of the same encoder, only read (the emergency classifier's, trained first);
        # embedding_chunks: a text longer than embedding_max_tokens is read in windows and their vectors averaged;
        # embedding_knn_*: the share (weight) of the embedding side given to a vote of the k training examples of
        # knn_min_words+ words nearest to the message (knn_vote; 0: off);
        # embedding_keep_prefixes: intents starting with these keep the TF-IDF probability (blend_keeping).
        return {
            "weight": 1.0,
            "C": 50.0,
            "char_ngrams": [1, 4],
            "word_ngrams": [1, 2],
            "ranking_length": 10,
            "class_weight": None,
            "long_message_words": 15,
            "long_message_intents": [],
            "long_message_weight": 1.0,
            "sentence_weight": 0.0,
            "sentence_min_words": 3,
            "embedding_weight": 0.0,
            "embedding_min_words": 15,
            "embedding_C": 10.0,
            "embedding_max_tokens": 128,
            "embedding_chunks": False,
            "embedding_knn_weight": 0.0,
            "embedding_knn_k": 10,
            "embedding_knn_min_words": 25,
            "embedding_knn_temperature": 30.0,
            "embedding_threads": 2,
            "embedding_parse_threads": 1,
            "embedding_cache": None,
            "embedding_read_cache": None,
            "embedding_keep_prefixes": ["emergency_", "distress"],
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
        self._fast_parts: Optional[Tuple[TfidfOfOne, TfidfOfOne, np.ndarray, int]] = None
        self._encoder: Any = None
        embedding = (model or {}).get("embedding")
        if embedding and float(self._config["embedding_weight"]) > 0:
            from components.sentence_encoder import shared_encoder

            self._encoder = shared_encoder(  # the emergency embedding classifier's too (same settings)
                "onnx",
                max_tokens=int(embedding["max_tokens"]),
                threads=int(self._config["embedding_parse_threads"]),
                chunks=bool(self._config["embedding_chunks"]),
            )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LemmaTfidfIntentClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LemmaTfidfIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            model = None  # not trained (no intents): DIET's ranking passes through unchanged
        return cls(config, model_storage, resource, model)

    def _fast(self) -> Tuple["TfidfOfOne", "TfidfOfOne", np.ndarray, int]:
        """The two vectorisers for one text at a time and the coefficients feature by feature (row j: feature j's
        weight for every intent), built once per loaded model. The coefficients are stored that way in the model
        too (clf.coef_ becomes a view of the same numbers), so no second copy is kept."""
        if self._fast_parts is None:
            model = self._model
            clf = model["clf"]
            by_feature = np.ascontiguousarray(clf.coef_.T)
            clf.coef_ = by_feature.T
            self._fast_parts = (
                TfidfOfOne(model["words"]),
                TfidfOfOne(model["chars"]),
                by_feature,
                len(model["words"].vocabulary_),
            )
        return self._fast_parts

    def probabilities(self, lemmas: str, text: str) -> np.ndarray:
        """Same numbers as LogisticRegression.predict_proba on the vectorisers' transform, without their per-call
        overhead (~2.4 ms -> ~0.3 ms a message, 4 Dec 2026): only the rows of the message's own n-grams are used."""
        words, chars, by_feature, offset = self._fast()
        word_columns, word_values = words(lemmas)
        char_columns, char_values = chars(text)
        scores = (
            self._model["clf"].intercept_
            + word_values @ by_feature[word_columns]
            + char_values @ by_feature[offset + char_columns]
        )
        if scores.shape[0] == 1:  # two intents: scikit-learn's binary model (sigmoid on one score)
            positive = 1.0 / (1.0 + np.exp(-scores[0]))
            return np.array([1.0 - positive, positive])
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def embedding_blend(self, text: str, probs: np.ndarray, message: Optional[Message] = None) -> np.ndarray:
        """A long message's TF-IDF probabilities blended with the sentence-embedding classifier's; a short one's
        unchanged (the encoder is not run)."""
        weight = float(self._config["embedding_weight"])
        if self._encoder is None or weight <= 0 or len(text.split()) < int(self._config["embedding_min_words"]):
            return probs
        embedding = self._model["embedding"]
        vector = self._encoder.encode([text])[0]
        if message is not None:  # the emergency embedding classifier reuses it (components/emergency_embedding.py)
            key = f"minilm-int8:{self._encoder.max_tokens}" + (":chunks" if self._encoder.chunks else "")
            message.set(SENTENCE_VECTOR, (message.get(TEXT), vector, key))
        prefixes = tuple(self._config["embedding_keep_prefixes"] or ())
        keep = np.array([str(n).startswith(prefixes) for n in self._model["clf"].classes_]) if prefixes else None
        other = softmax_scores(embedding["coef"], embedding["intercept"], vector)
        knn = float(self._config["embedding_knn_weight"])
        if knn > 0 and len(embedding.get("knn_labels", ())):
            vote = knn_vote(
                vector,
                embedding["knn_vectors"],
                embedding["knn_labels"],
                len(other),
                int(self._config["embedding_knn_k"]),
                float(self._config["embedding_knn_temperature"]),
            )
            other = (1.0 - knn) * other + knn * vote
        return blend_keeping(probs, other, weight, keep)

    def _pooled(self, message: Message, text: str, own: Dict[str, float]) -> Dict[str, float]:
        """The whole message's probabilities pooled with its sentences' (a long message only, see pool_sentences)."""
        weight = float(self._config["sentence_weight"])
        if weight <= 0 or len(text.split()) < int(self._config["long_message_words"]):
            return own
        spans = sentence_spans(text, int(self._config["sentence_min_words"]))
        if len(spans) < 2:
            return own
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        names = self._model["clf"].classes_
        sentences = []
        for start, end in spans:
            piece = text[start:end]
            inside = [t for t in tokens if start <= t.start < end]
            lemmas = (
                " ".join((getattr(t, "lemma", None) or t.text).lower() for t in inside)
                if inside
                else " ".join(_WORD.findall(piece.lower()))
            )
            sentences.append(dict(zip(names, self.probabilities(lemmas, piece.lower()).tolist())))
        return pool_sentences(own, sentences, weight)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            return self._resource
        intents = [m.get(INTENT) for m in examples]
        # The sentence embeddings run on a second thread (onnxruntime releases the GIL) while the TF-IDF model fits.
        with ThreadPoolExecutor(max_workers=1) as pool:
            embedding = (
                pool.submit(fit_embedding_classifier, [m.get(TEXT) for m in examples], intents, self._config)
                if float(self._config["embedding_weight"]) > 0
                else None
            )
            lemmas = [lemma_text(m) for m in examples]
            texts = [m.get(TEXT).lower() for m in examples]
            self._model = fit_tfidf(lemmas, texts, intents, self._config)
            self._fast_parts = None
            clf = self._model["clf"]
            if embedding is not None:
                self._model["embedding"] = embedding.result()
                if self._model["embedding"]["classes"] != list(clf.classes_):  # same labels, both sorted: never
                    raise RuntimeError("the sentence-embedding classifier's intents differ from the TF-IDF model's")
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if not self._model:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            probs = self.embedding_blend(text, self.probabilities(lemma_text(message), text.lower()), message)
            own = self._pooled(message, text, dict(zip(self._model["clf"].classes_, probs.tolist())))
            own = reweight_long(
                own,
                text,
                list(self._config["long_message_intents"] or []),
                float(self._config["long_message_weight"]),
                int(self._config["long_message_words"]),
            )
            diet = {
                r.get(INTENT_NAME_KEY): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                for r in (message.get(INTENT_RANKING) or [])
            }
            ranking = blend(own, diet, float(self._config["weight"]))[: int(self._config["ranking_length"])]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING, ranking, add_to_output=True)
        return messages
