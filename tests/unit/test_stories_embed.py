"""Optional sentence embeddings: graceful degradation and, when installed, sane vectors."""

from __future__ import annotations

import numpy as np
import pytest

from newstrace.errors import ResourceError
from newstrace.stories import StoryClusterer, StoryConfig
from newstrace.stories.online import load_embedder_or_none
from newstrace.text.embed import available, load_embedder
from newstrace.types import Article


def test_unknown_backend_raises_resource_error() -> None:
    assert available("nope") is False
    with pytest.raises(ResourceError):
        load_embedder("nope")


def test_missing_backend_degrades_to_sparse(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.text.embed as embed

    monkeypatch.setattr(embed, "available", lambda name: False)
    embed.load_embedder.cache_clear()
    cfg = StoryConfig(ner="rules", embedder="minilm")
    assert load_embedder_or_none(cfg) is None
    c = StoryClusterer(cfg)
    sid = c.add(Article(id="a", text="The harbour of Quellport flooded after a storm."))
    assert c.add(Article(id="b", text="Storm floods the harbour of Quellport.")) == sid
    embed.load_embedder.cache_clear()


@pytest.mark.skipif(not available("minilm"), reason="MiniLM ONNX backend not installed")
def test_minilm_vectors_are_unit_and_meaningful() -> None:
    e = load_embedder("minilm")
    v = e.encode(
        [
            "A strong earthquake shook the coastal city overnight.",
            "An overnight quake rattled the seaside town.",
            "The central bank raised interest rates by half a point.",
        ]
    )
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_bundled_minilm_vocabulary_gives_bert_uncased_ids() -> None:
    """The shipped WordPiece vocabulary is BERT uncased: known ids, [UNK] for the unseen."""
    pytest.importorskip("tokenizers")
    from tokenizers import BertWordPieceTokenizer

    from newstrace.text.embed import _minilm_vocab

    vocab = _minilm_vocab()
    assert vocab is not None and len(vocab) == 30522
    tok = BertWordPieceTokenizer(vocab, lowercase=True, strip_accents=None, clean_text=True)
    assert tok.encode("Hello World").ids == [101, 7592, 2088, 102]
    assert tok.encode("Hello World").tokens == ["[CLS]", "hello", "world", "[SEP]"]
