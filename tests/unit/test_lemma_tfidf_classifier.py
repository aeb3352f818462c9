"""The lemma TF-IDF intent classifier: trains, persists, loads, blends with DIET's ranking."""

import numpy as np
import pytest
from scipy.sparse import hstack
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.lemma_tfidf_classifier import LemmaTfidfIntentClassifier, blend, lemma_text

EXAMPLES = {
    "threat_smishing": [
        "i got a scam text",
        "dodgy text from royal mail",
        "text says my parcel is held",
        "sms asking me to pay a fee",
        "strange text message with a link",
    ],
    "greet": ["hello", "hi there", "good morning", "hiya", "hey"],
}


def tokenised(text, **data):
    m = Message(data={"text": text, **data})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([m])
    return m


def trained(tmp_path, examples=EXAMPLES, **config):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("lemma_tfidf")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = LemmaTfidfIntentClassifier.create(
        {**LemmaTfidfIntentClassifier.get_default_config(), **config}, storage, resource, context
    )
    data = TrainingData([tokenised(t, intent=i) for i, ts in examples.items() for t in ts])
    component.train(data)
    return LemmaTfidfIntentClassifier.load(
        {**LemmaTfidfIntentClassifier.get_default_config(), **config}, storage, resource, context
    )


def parsed(component, text, diet_ranking=()):
    m = tokenised(text)
    if diet_ranking:
        m.set("intent", dict(diet_ranking[0]))
        m.set("intent_ranking", [dict(r) for r in diet_ranking])
    component.process([m])
    return m


def test_blend_weights_both_rankings_and_sorts():
    ranking = blend({"a": 1.0, "b": 0.0}, {"b": 1.0}, weight=0.25)
    assert [r["name"] for r in ranking] == ["b", "a"]
    assert ranking[0]["confidence"] == 0.75 and ranking[1]["confidence"] == 0.25


def test_lemma_text_falls_back_to_words_without_tokens():
    assert lemma_text(Message(data={"text": "Got a SCAM text!"})) == "got a scam text"


def test_trained_model_is_saved_loaded_and_recognises_unseen_phrasing(tmp_path):
    component = trained(tmp_path, weight=1.0)
    assert parsed(component, "weird text about a parcel").get("intent")["name"] == "threat_smishing"
    assert parsed(component, "hello there").get("intent")["name"] == "greet"


def test_diet_share_can_outvote_a_weak_own_score(tmp_path):
    component = trained(tmp_path, weight=0.1)
    m = parsed(component, "weird text about a parcel", [{"name": "greet", "confidence": 1.0}])
    assert m.get("intent")["name"] == "greet"
    assert {r["name"] for r in m.get("intent_ranking")} == {"greet", "threat_smishing"}


@pytest.mark.parametrize("extra", [{}, {"goodbye": ["bye", "goodbye then", "see you", "ta ra", "thats all bye"]}])
def test_fast_probabilities_equal_scikit_learns_predict_proba(tmp_path, extra):
    component = trained(tmp_path, examples={**EXAMPLES, **extra})  # two intents (binary model) and three
    model = component._model
    assert len(model["clf"].classes_) == 2 + len(extra)
    for text in ("weird text about a parcel", "hello", "bye bye", "zzz"):
        x = hstack([model["words"].transform([text]), model["chars"].transform([text])]).tocsr()
        assert abs(component.probabilities(text, text) - model["clf"].predict_proba(x)[0]).max() < 1e-9


def test_empty_message_is_left_alone(tmp_path):
    component = trained(tmp_path)
    m = Message(data={"text": ""})
    component.process([m])
    assert m.get("intent") is None


def test_balanced_class_weight_stops_a_big_intent_winning_an_uncertain_message(tmp_path):
    """Ten varied out-of-scope examples against three greetings: unweighted, a misspelt greeting that shares no
    word with either intent goes to the big intent (about 0.71 to 0.29); with class_weight "balanced" each intent
    counts the same, so the greeting's share rises (to about 0.50)."""
    examples = {
        "out_of_scope": [
            "what is the weather",
            "who won the football",
            "recipe for pasta",
            "tell me a joke",
            "what time is it",
            "best film this year",
            "how tall is everest",
            "when is half term",
            "what is two plus two",
            "sing me a song",
        ],
        "greet": ["hello", "hiya", "good morning"],
    }
    message = "well helo to ya"
    (tmp_path / "plain").mkdir(), (tmp_path / "balanced").mkdir()
    plain = trained(tmp_path / "plain", examples, weight=1.0, C=1.0)
    balanced = trained(tmp_path / "balanced", examples, weight=1.0, C=1.0, class_weight="balanced")
    p_plain = {r["name"]: r["confidence"] for r in parsed(plain, message).get("intent_ranking")}
    p_balanced = {r["name"]: r["confidence"] for r in parsed(balanced, message).get("intent_ranking")}
    assert max(p_plain, key=p_plain.get) == "out_of_scope"
    assert p_balanced["greet"] > p_plain["greet"] + 0.1


def test_default_weight_is_the_classifier_alone(tmp_path):
    """With no earlier classifier (DIET left in Dec 2026) the default must not scale confidences down: the
    fallback threshold (0.45) is compared with them."""
    assert LemmaTfidfIntentClassifier.get_default_config()["weight"] == 1.0
    ranking = parsed(trained(tmp_path), "hello there").get("intent_ranking")
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_long_message_weighs_conversation_intents_down_and_short_messages_are_left_alone():
    """Issue 18: in a long story, 'what do I do now?' or 'thanks' should not outvote the topic it tells."""
    from components.lemma_tfidf_classifier import reweight_long

    own = {"ask_what_now": 0.4, "threat_smishing": 0.35, "greet": 0.25}
    story = "I got a text about a parcel and paid the fee and now the bank says my card was used, what do I do now"
    out = reweight_long(own, story, ["ask_what_now", "greet"], 0.3, 15)
    assert max(out, key=out.get) == "threat_smishing"
    assert abs(sum(out.values()) - 1.0) < 1e-9
    assert reweight_long(own, "what do i do now", ["ask_what_now", "greet"], 0.3, 15) == own
    assert reweight_long(own, story, [], 0.3, 15) == own


def test_sentence_spans_split_at_sentence_ends_and_line_breaks_and_skip_short_pieces():
    from components.lemma_tfidf_classifier import sentence_spans

    text = 'My son plays games online. Then a "friend" asked him for photos! Ok.\nWhat should I do about it?'
    pieces = [text[a:b] for a, b in sentence_spans(text)]
    assert pieces == [
        "My son plays games online.",
        'Then a "friend" asked him for photos!',
        "What should I do about it?",
    ]
    assert sentence_spans("") == []
    assert [text[a:b] for a, b in sentence_spans(text, min_words=7)] == ['Then a "friend" asked him for photos!']


def test_pool_sentences_lifts_the_topic_one_sentence_tells_and_leaves_other_intents_unpooled():
    """Issue 18: the whole story reads as 'what do I do now', one sentence of it says grooming."""
    from components.lemma_tfidf_classifier import pool_sentences

    own = {"ask_what_now": 0.4, "threat_child_grooming": 0.3, "threat_romance_scam": 0.3}
    sentences = [
        {"ask_what_now": 0.9, "threat_child_grooming": 0.05, "threat_romance_scam": 0.05},
        {"ask_what_now": 0.1, "threat_child_grooming": 0.85, "threat_romance_scam": 0.05},
    ]
    out = pool_sentences(own, sentences, 0.5)
    assert max(out, key=out.get) == "threat_child_grooming"
    assert abs(sum(out.values()) - 1.0) < 1e-9
    assert out["threat_child_grooming"] > out["threat_romance_scam"]
    assert pool_sentences(own, sentences, 0.0) == own
    assert pool_sentences(own, sentences[:1], 0.5) == own  # one sentence: nothing to pool


def test_a_long_message_is_scored_sentence_by_sentence_only_when_configured(tmp_path):
    examples = {
        **EXAMPLES,
        "ask_what_now": [
            "what do i do now",
            "what should i do",
            "what now",
            "what do i do next",
            "what should i do next",
        ],
    }
    story = (
        "What should I do now, what do I do next, what now. I really do not know what I should do. "
        "Got a dodgy text about a parcel."
    )
    (tmp_path / "plain").mkdir()
    (tmp_path / "pooled").mkdir()
    plain = trained(tmp_path / "plain", examples, long_message_words=15)
    pooled = trained(tmp_path / "pooled", examples, long_message_words=15, sentence_weight=1.0)
    p_plain = {r["name"]: r["confidence"] for r in parsed(plain, story).get("intent_ranking")}
    p_pooled = {r["name"]: r["confidence"] for r in parsed(pooled, story).get("intent_ranking")}
    assert p_pooled["threat_smishing"] > p_plain["threat_smishing"] + 0.05
    short = "dodgy text. what now"
    assert parsed(pooled, short).get("intent_ranking") == parsed(plain, short).get("intent_ranking")


STORY = (
    "I got a really strange text message this morning saying my parcel is being held "
    "and I need to pay a small fee to get it"
)


def test_sentence_embeddings_are_off_by_default(tmp_path):
    component = trained(tmp_path)
    assert "embedding" not in component._model and component._encoder is None


def test_a_long_message_blends_the_sentence_embedding_classifier_saved_with_the_model(tmp_path):
    """Issue 18: the embedding classifier is trained with the model, persisted, loaded, and gets
    embedding_weight of a long message's probability."""
    from components.lemma_tfidf_classifier import softmax_scores

    component = trained(tmp_path, embedding_weight=0.35, embedding_cache=str(tmp_path / "cache.npz"))
    embedding = component._model["embedding"]
    assert embedding["coef"].shape == (1, 384)  # two intents: the binary model's one row
    assert (tmp_path / "cache.npz").exists()
    tfidf = component.probabilities(STORY.lower(), STORY.lower())
    vector = component._encoder.encode([STORY])[0]
    expected = 0.65 * tfidf + 0.35 * softmax_scores(embedding["coef"], embedding["intercept"], vector)
    got = component.embedding_blend(STORY, tfidf)
    assert abs(got - expected).max() < 1e-6 and abs(got - tfidf).max() > 1e-3
    ranking = parsed(component, STORY).get("intent_ranking")
    assert ranking[0]["name"] == "threat_smishing"
    assert abs(ranking[0]["confidence"] - float(expected.max())) < 1e-6


def test_a_short_message_never_reaches_the_encoder(tmp_path):
    component = trained(tmp_path, embedding_weight=0.35, embedding_cache=None)

    class Refuses:
        def encode(self, texts):
            raise AssertionError("a short message was embedded")

    component._encoder = Refuses()
    assert parsed(component, "weird text about a parcel").get("intent")["name"] == "threat_smishing"


@pytest.mark.parametrize("classes", [2, 5])
def test_softmax_scores_equal_scikit_learns_predict_proba(classes):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from components.lemma_tfidf_classifier import softmax_scores

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(60, 8)), [f"intent_{i % classes}" for i in range(60)]
    clf = LogisticRegression().fit(x, y)
    for row in x[:5]:
        assert abs(softmax_scores(clf.coef_, clf.intercept_, row) - clf.predict_proba(row[None])[0]).max() < 1e-9


def test_blend_keeping_leaves_the_kept_intents_alone_and_sums_to_one():
    """Safety first: the embedding classifier may move only the non-emergency share of the probability."""
    import numpy as np

    from components.lemma_tfidf_classifier import blend_keeping

    own, other = np.array([0.5, 0.3, 0.2]), np.array([0.0, 0.1, 0.9])
    keep = np.array([True, False, False])  # e.g. emergency_danger
    out = blend_keeping(own, other, 0.35, keep)
    assert out[0] == 0.5 and abs(out.sum() - 1.0) < 1e-12
    mixed = 0.65 * own + 0.35 * other
    assert abs(out[2] / out[1] - mixed[2] / mixed[1]) < 1e-12  # the others keep the blend's proportions
    assert abs(blend_keeping(own, other, 0.35) - mixed).max() < 1e-12  # nothing kept: the plain blend


def test_embedding_chunks_reach_the_encoder_and_the_cache_key(tmp_path):
    """A cached vector of a text cut at 128 tokens is never reused as its chunked vector (a new cache key)."""
    from components.sentence_encoder import EmbeddingCache

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    cut = trained(tmp_path / "a", embedding_weight=0.35, embedding_cache=str(tmp_path / "cache.npz"))
    assert cut._encoder.chunks is False
    chunked = trained(
        tmp_path / "b", embedding_weight=0.35, embedding_cache=str(tmp_path / "cache.npz"), embedding_chunks=True
    )
    assert chunked._encoder.chunks is True
    assert len(EmbeddingCache(tmp_path / "cache.npz", "minilm-int8:128:chunks")) > 0


def test_knn_vote_weights_the_nearest_stories_by_similarity():
    from components.lemma_tfidf_classifier import knn_vote

    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float16)
    labels = np.array([0, 1, 2])
    vote = knn_vote(np.array([1.0, 0.0]), vectors, labels, classes=3, k=2, temperature=10.0)
    assert vote[2] == 0.0  # not among the 2 nearest
    assert vote[0] > vote[1] > 0.0 and abs(vote.sum() - 1.0) < 1e-9
    assert abs(vote[0] / vote[1] / np.exp(10.0 * 0.2) - 1.0) < 1e-2  # exp(temperature x similarity), float16
    assert not knn_vote(np.array([1.0, 0.0]), vectors[:0], labels[:0], classes=3, k=2, temperature=10.0).any()


def test_the_neighbours_vote_moves_a_long_message_only_through_the_embedding_share(tmp_path):
    """Issue 18: the long training stories are saved with the model; their vote is embedding_knn_weight of the
    embedding side, which is embedding_weight of the whole; short examples are not kept."""
    from components.lemma_tfidf_classifier import knn_vote, softmax_scores

    component = trained(
        tmp_path,
        embedding_weight=0.35,
        embedding_cache=None,
        embedding_knn_weight=0.3,
        embedding_knn_min_words=3,
        embedding_knn_k=3,
    )
    embedding = component._model["embedding"]
    kept = sum(len(t.split()) >= 3 for ts in EXAMPLES.values() for t in ts)
    assert 0 < len(embedding["knn_labels"]) == len(embedding["knn_vectors"]) == kept
    tfidf = component.probabilities(STORY.lower(), STORY.lower())
    vector = component._encoder.encode([STORY])[0]
    plain = softmax_scores(embedding["coef"], embedding["intercept"], vector)
    vote = knn_vote(vector, embedding["knn_vectors"], embedding["knn_labels"], len(plain), 3, 30.0)
    expected = 0.65 * tfidf + 0.35 * (0.7 * plain + 0.3 * vote)
    got = component.embedding_blend(STORY, tfidf)
    assert abs(got - expected).max() < 1e-6
    assert abs(got - (0.65 * tfidf + 0.35 * plain)).max() > 1e-4  # the vote changed something


def test_no_stories_are_kept_when_the_neighbours_vote_is_off(tmp_path):
    component = trained(tmp_path, embedding_weight=0.35, embedding_cache=None, embedding_knn_min_words=3)
    assert len(component._model["embedding"]["knn_labels"]) == 0
    tfidf = component.probabilities(STORY.lower(), STORY.lower())
    assert component.embedding_blend(STORY, tfidf).shape == tfidf.shape


def _toy_tfidf(seed=0):
    """A small TF-IDF problem with rare words (identical columns) and four intents of unequal size."""
    import random

    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = random.Random(seed)
    vocab = {
        "scam": ["text", "parcel", "fee", "link", "pay", "royal", "mail"],
        "hack": ["account", "password", "login", "locked", "email", "instagram"],
        "greet": ["hello", "hi", "morning", "hiya", "hey"],
        "oos": ["weather", "football", "recipe", "train", "holiday", "music", "film"],
    }
    texts, intents = [], []
    for intent, words in vocab.items():
        for i in range(8 + 4 * len(words)):
            rare = [f"zq{intent}{i}a", f"zq{intent}{i}b"] if i % 3 == 0 else []  # two words always together
            texts.append(" ".join(rng.choices(words, k=rng.randint(2, 6)) + rare + rng.choices(vocab["oos"], k=1)))
            intents.append(intent)
    x = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).tocsr()
    return x, intents


def test_merging_identical_columns_keeps_the_products():
    import numpy as np

    from components.lemma_tfidf_classifier import merge_identical_columns

    x, _ = _toy_tfidf()
    merged, group, scale = merge_identical_columns(x)
    assert merged.shape[1] < x.shape[1]  # the rare pairs merged
    assert (np.bincount(group) ** 0.5 == scale).all()
    # a weight v on a merged column is v / sqrt(m) on each of its m columns: same scores, same penalty
    v = np.random.default_rng(1).normal(size=(merged.shape[1], 3))
    w = (v / scale[:, None])[group]
    assert abs(merged @ v - x @ w).max() < 1e-12
    assert abs((v**2).sum() - (w**2).sum()) < 1e-9


def test_the_fast_fit_gives_scikit_learns_model():
    from sklearn.linear_model import LogisticRegression

    from components.lemma_tfidf_classifier import fit_multinomial

    x, intents = _toy_tfidf()
    for class_weight in ("balanced", None):
        reference = LogisticRegression(C=50.0, max_iter=3000, class_weight=class_weight).fit(x, intents)
        fast = fit_multinomial(x, intents, 50.0, class_weight)
        assert list(fast.classes_) == list(reference.classes_)
        p, q = reference.predict_proba(x), fast.predict_proba(x)
        assert (p.argmax(1) == q.argmax(1)).all()
        assert abs(p - q).max() < 0.01, abs(p - q).max()
        # and not a model that merely agrees: the coefficients are the same optimum
        assert abs(reference.coef_ - fast.coef_).max() < 0.05 * abs(reference.coef_).max()


def test_one_text_tfidf_equals_the_vectorisers_transform():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from components.lemma_tfidf_classifier import TfidfOfOne

    texts = [t for ts in EXAMPLES.values() for t in ts]
    for vectorizer in (
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word"),  # plain counts, no sublinear tf
    ):
        vectorizer.fit(texts)
        one = TfidfOfOne(vectorizer)
        for text in texts + ["text text text text parcel", "hello hello", "zzz qqq", "", "Royal MAIL, text!"]:
            reference = vectorizer.transform([text])
            columns, values = one(text)
            order = np.argsort(reference.indices)
            assert list(columns) == list(reference.indices[order])
            assert np.allclose(values, reference.data[order], rtol=0, atol=1e-12)


def test_vectors_in_the_read_cache_are_not_embedded_again(tmp_path):
    """Issue 22: the emergency classifier trains first on the same texts; its cache (read only) spares the intent
    classifier a second embedding of every example in a training from scratch."""
    from components.lemma_tfidf_classifier import fit_embedding_classifier
    from components.sentence_encoder import EmbeddingCache, SentenceEncoder

    texts = [STORY, "I got a text from my bank", "someone hacked my instagram account last night"]
    other = EmbeddingCache(tmp_path / "other.npz", "minilm-int8:128")
    other.encode(texts, SentenceEncoder("onnx", max_tokens=128, threads=1))
    other.save(keep=texts)
    config = {
        "embedding_max_tokens": 128,
        "embedding_chunks": False,
        "embedding_cache": str(tmp_path / "own.npz"),
        "embedding_read_cache": str(tmp_path / "other.npz"),
        "embedding_threads": 1,
        "embedding_C": 10.0,
        "class_weight": None,
        "embedding_knn_weight": 0.0,
        "embedding_knn_min_words": 25,
    }
    calls = []
    original = SentenceEncoder.encode
    SentenceEncoder.encode = lambda self, batch, *a, **k: calls.append(list(batch)) or original(self, batch, *a, **k)
    try:
        fit_embedding_classifier(texts, ["a", "b", "a"], config)
        assert sum(len(c) for c in calls) == 0, calls
        fit_embedding_classifier(
            texts, ["a", "b", "a"], {**config, "embedding_read_cache": None, "embedding_cache": None}
        )
        assert sum(len(c) for c in calls) == 3
    finally:
        SentenceEncoder.encode = original
