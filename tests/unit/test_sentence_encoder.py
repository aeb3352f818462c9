"""The sentence encoder: the int8 ONNX vectors agree with the full-precision NumPy forward pass; the cache."""

import numpy as np
import pytest

from components.sentence_encoder import EmbeddingCache, SentenceEncoder, cosine

TEXTS = [
    "I got a text from Royal Mail saying my parcel was held, I clicked the link and put my card details in",
    "hello",
    "Someone hacked my Instagram and is messaging my friends asking for money, I can't get back in",
    "My son is 12 and someone he met on a game keeps asking him to move to Snapchat. What should I do?",
    "",
    "A man rang claiming to be from my bank's fraud team and said I had to move my savings to a safe account " * 4,
]


@pytest.fixture(scope="module")
def onnx():
    return SentenceEncoder("onnx")


@pytest.fixture(scope="module")
def reference():
    return SentenceEncoder("numpy")


def test_onnx_vectors_match_the_numpy_reference(onnx, reference):
    fast, slow = onnx.encode(TEXTS), reference.encode(TEXTS)
    assert fast.shape == slow.shape == (len(TEXTS), 384)
    for a, b in zip(fast, slow):
        assert cosine(a, b) >= 0.99


def test_vectors_are_unit_length_and_independent_of_batching(onnx):
    together = onnx.encode(TEXTS, batch_size=4)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-4)
    alone = np.stack([onnx.encode([t])[0] for t in TEXTS])
    assert np.abs(together - alone).max() < 1e-3  # padding inside a batch changes nothing


def test_similar_stories_are_closer_than_unrelated_ones(onnx):
    hacked, locked_out, weather = onnx.encode(
        [
            "my facebook account has been hacked",
            "someone got into my account and changed the password",
            "what will the weather be like tomorrow",
        ]
    )
    assert cosine(hacked, locked_out) > cosine(hacked, weather) + 0.2


def test_no_texts_give_an_empty_matrix(onnx):
    assert onnx.encode([]).shape == (0, 384)


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError):
        SentenceEncoder("torch")


class CountingEncoder:
    """Stands in for the model: records what it was asked to embed."""

    def __init__(self):
        self.asked = []

    def encode(self, texts):
        self.asked += list(texts)
        return np.array([[float(len(t))] + [1.0] * 383 for t in texts], dtype=np.float32)


def test_cache_embeds_each_new_text_once_and_survives_a_reload(tmp_path):
    path = tmp_path / "cache.npz"
    encoder = CountingEncoder()
    cache = EmbeddingCache(path, "model-a")
    vectors, embedded = cache.encode(["a", "bb", "a"], encoder)
    assert embedded == 2 and encoder.asked == ["a", "bb"]
    assert vectors[0][0] == vectors[2][0] == 1.0 and vectors[1][0] == 2.0
    cache.save()
    again = EmbeddingCache(path, "model-a")
    vectors2, embedded2 = again.encode(["bb", "ccc"], encoder)
    assert embedded2 == 1 and encoder.asked[-1] == "ccc" and vectors2[0][0] == 2.0
    again.save(keep=["ccc"])
    assert len(EmbeddingCache(path, "model-a")) == 1


def test_cache_is_keyed_by_model_and_ignores_a_broken_file(tmp_path):
    path = tmp_path / "cache.npz"
    cache = EmbeddingCache(path, "model-a")
    cache.encode(["a"], CountingEncoder())
    cache.save()
    assert EmbeddingCache(path, "model-b").encode(["a"], CountingEncoder())[1] == 1
    path.write_bytes(b"not a numpy file")
    assert len(EmbeddingCache(path, "model-a")) == 0


def test_window_ids_cut_a_long_text_into_windows_each_with_its_own_start_and_end():
    from components.sentence_encoder import window_ids

    assert window_ids([101, 5, 6, 102], 128) == [[101, 5, 6, 102]]  # fits: unchanged
    windows = window_ids([101] + list(range(1, 11)) + [102], 6)
    assert windows == [[101, 1, 2, 3, 4, 102], [101, 5, 6, 7, 8, 102], [101, 9, 10, 102]]
    assert all(len(w) <= 6 for w in windows)
    assert window_ids([101] + list(range(1, 11)) + [102], 6, max_windows=2) == windows[:2]  # a huge paste: capped


@pytest.fixture(scope="module")
def chunked():
    return SentenceEncoder("onnx", chunks=True)


def test_chunks_change_nothing_for_a_text_that_fits(onnx, chunked):
    short = [t for t in TEXTS if len(t.split()) < 60]
    assert np.abs(onnx.encode(short) - chunked.encode(short)).max() < 1e-5


def test_with_chunks_the_end_of_a_long_story_is_read(onnx, chunked):
    """Issue 18: cut at 128 tokens, a story whose last part tells what happened reads like its opening alone."""
    opening = "I have been using the internet for years and I always thought I was careful about everything. " * 8
    story = (
        opening + "Then a man on the phone said he was from my bank and told me to move my savings to a safe account."
    )
    bank_call = "a caller from my bank's fraud team told me to move my savings to a safe account"
    cut, read = onnx.encode([story])[0], chunked.encode([story])[0]
    assert np.allclose(cut, onnx.encode([opening])[0], atol=1e-3)  # cut: the bank call was never read
    assert cosine(read, onnx.encode([bank_call])[0]) > cosine(cut, onnx.encode([bank_call])[0]) + 0.05
    assert abs(np.linalg.norm(read) - 1.0) < 1e-4


def test_one_shared_encoder_per_settings_and_the_same_vectors_without_a_memory_arena():
    """Issue 22: the intent classifier and the emergency classifier share one parse encoder (one onnxruntime
    session, not two); it runs without onnxruntime's memory arena and gives the same vectors."""
    from components.sentence_encoder import shared_encoder

    first = shared_encoder("onnx", max_tokens=128, threads=1, chunks=True)
    assert shared_encoder("onnx", max_tokens=128, threads=1, chunks=True) is first
    assert shared_encoder("onnx", max_tokens=128, threads=1, chunks=False) is not first
    texts = ["hello", "someone at the door says he is from the bank and wants my card", "word " * 300]
    plain = SentenceEncoder("onnx", max_tokens=128, threads=1, chunks=True).encode(texts)
    assert np.abs(first.encode(texts) - plain).max() < 1e-6
