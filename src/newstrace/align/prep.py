"""Per-text preparation for alignment: tokens, stems, stopword flags, sentences.

A ``Prepared`` text is computed once and reused for every pair it takes part
in (``prepare`` memoises the last few texts per process). Everything pair-level
(vocabulary, idf, seeds) lives in ``newstrace.align.seeds``.

Stemming uses PyStemmer's English Snowball stemmer for Latin-script texts
(``ids``); ``fold_ids`` hash the case-folded tokens. The pair decides which to
use (``newstrace.align.fast``): stems only when the pair is English, so no
English resource is ever applied to, say, two Urdu texts. This module does not align anything.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from newstrace.text.stopwords import ENGLISH, ENGLISH_MIN_RATIO
from newstrace.text.tokens import dominant_script, sentence_spans, tokenize

__all__ = ["Prepared", "PairView", "prepare", "PrepCache"]


@dataclass(frozen=True, eq=False)
class Prepared:
    """One text ready for alignment. Arrays are indexed by token, sentence arrays by sentence."""

    text: str
    tok_start: np.ndarray  # int64 char offset of each token
    tok_end: np.ndarray
    folded: tuple[str, ...]  # case-folded tokens
    ids: np.ndarray  # int64 hash of each token's English stem (Latin script) or folded form
    fold_ids: np.ndarray  # int64 hash of each folded token (exact matching)
    english: bool
    script: str
    stop_en: np.ndarray  # bool: folded token is an English stopword
    # Sentences after merging fragments: token ranges [sent_tok0, sent_tok1) and char spans.
    sent_tok0: np.ndarray
    sent_tok1: np.ndarray
    sent_char0: np.ndarray
    sent_char1: np.ndarray
    # Prefix sums of non-whitespace characters: nonspace[k] = count in text[:k].
    nonspace: np.ndarray

    @property
    def n_tokens(self) -> int:
        return len(self.folded)

    @property
    def n_sentences(self) -> int:
        return len(self.sent_tok0)

    def content_chars(self, start: int, end: int) -> int:
        """Non-whitespace characters in ``text[start:end]``."""
        return int(self.nonspace[end] - self.nonspace[start])


@dataclass(frozen=True, eq=False)
class PairView:
    """Both texts of a pair as the pair compares them: the token ids to match (English
    stems for an English pair, case-folded forms otherwise) and which tokens are content
    words (not the pair's stopwords). Built by ``newstrace.align.fast``; read by the seed,
    extension and trimming steps, which would otherwise each take these six arrays."""

    a: Prepared
    b: Prepared
    ids_a: np.ndarray
    ids_b: np.ndarray
    content_a: np.ndarray
    content_b: np.ndarray


def _stemmer() -> Any:
    try:
        import Stemmer  # PyStemmer: C Snowball, ~5 M words/s with its cache

        return Stemmer.Stemmer("english")
    except ImportError:  # pragma: no cover - fallback when PyStemmer is absent
        return None


def _stem_words(words: tuple[str, ...], stemmer: Any) -> tuple[str, ...]:
    if stemmer is not None:
        return tuple(stemmer.stemWords(list(words)))
    out = []
    for w in words:  # crude suffix stripping, only without PyStemmer
        for suf in ("ing", "ed", "es", "s"):
            if len(w) > len(suf) + 3 and w.endswith(suf):
                w = w[: -len(suf)]
                break
        out.append(w)
    return tuple(out)


def _prepare(text: str, min_sentence_words: int, stemmer: Any) -> Prepared:
    toks = tokenize(text)
    folded = toks.folded
    script = dominant_script(text)
    # Work per distinct word (a news text has ~3x fewer types than tokens).
    types = list(set(folded))
    type_index = {w: k for k, w in enumerate(types)}
    tok_type = np.fromiter(map(type_index.__getitem__, folded), dtype=np.int64, count=len(folded))
    type_stop = np.fromiter(map(ENGLISH.__contains__, types), dtype=bool, count=len(types))
    stop_en = type_stop[tok_type] if len(types) else np.zeros(0, dtype=bool)
    english = bool(stop_en.mean() >= ENGLISH_MIN_RATIO) if len(folded) else False
    # Latin-script texts are stemmed with the English stemmer whatever their
    # measured English-ness (a text full of tables scores low): the pair decides
    # which ids to use, and both sides of a pair must be comparable.
    type_stems = _stem_words(tuple(types), stemmer) if script == "LATIN" else tuple(types)
    type_ids = np.fromiter(map(hash, type_stems), dtype=np.int64, count=len(types))
    type_fold_ids = np.fromiter(map(hash, types), dtype=np.int64, count=len(types))
    ids = type_ids[tok_type] if len(types) else np.zeros(0, dtype=np.int64)
    fold_ids = type_fold_ids[tok_type] if len(types) else np.zeros(0, dtype=np.int64)
    tok_start = toks.starts
    tok_end = toks.ends

    # Sentences -> token ranges; fragments with too few words join the next sentence.
    spans = sentence_spans(text)
    s_tok0: list[int] = []
    s_tok1: list[int] = []
    s_c0: list[int] = []
    s_c1: list[int] = []
    if spans and len(toks):
        starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
        ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
        t0 = np.searchsorted(tok_start, starts, side="left")
        t1 = np.searchsorted(tok_start, ends, side="left")
        pend_c0 = -1
        pend_t0 = -1
        for k in range(len(spans)):
            a, b = int(t0[k]), int(t1[k])
            if pend_c0 < 0:
                pend_c0, pend_t0 = int(starts[k]), a
            if b - pend_t0 >= min_sentence_words or k == len(spans) - 1:
                if b > pend_t0:
                    s_tok0.append(pend_t0)
                    s_tok1.append(b)
                    s_c0.append(pend_c0)
                    s_c1.append(int(ends[k]))
                elif s_tok0:  # trailing tokenless fragment: extend the last sentence
                    s_c1[-1] = int(ends[k])
                pend_c0 = -1
        if s_tok0 and s_tok1[-1] < len(toks):  # cannot happen, kept as a guard
            s_tok1[-1] = len(toks)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    is_space = np.isin(codes, _SPACE_CODES)
    nonspace = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(~is_space, out=nonspace[1:])
    return Prepared(
        text=text,
        tok_start=tok_start,
        tok_end=tok_end,
        folded=folded,
        ids=ids,
        fold_ids=fold_ids,
        english=english,
        script=script,
        stop_en=stop_en,
        sent_tok0=np.asarray(s_tok0, dtype=np.int64),
        sent_tok1=np.asarray(s_tok1, dtype=np.int64),
        sent_char0=np.asarray(s_c0, dtype=np.int64),
        sent_char1=np.asarray(s_c1, dtype=np.int64),
        nonspace=nonspace,
    )


_SPACE_CODES = np.array(
    [9, 10, 11, 12, 13, 32, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
    + list(range(0x2000, 0x200B)),
    dtype=np.uint32,
)


class PrepCache:
    """A small LRU of prepared texts (one per process; a text is often in several pairs)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Prepared] = OrderedDict()
        self._stemmer = _stemmer()

    def get(self, text: str, min_sentence_words: int) -> Prepared:
        key = (text, min_sentence_words)
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
            return hit
        prep = _prepare(text, min_sentence_words, self._stemmer)
        if self.size > 0:
            self._items[key] = prep
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return prep


def prepare(text: str, min_sentence_words: int = 3, cache: PrepCache | None = None) -> Prepared:
    """Prepare ``text`` (through ``cache`` when given)."""
    if cache is not None:
        return cache.get(text, min_sentence_words)
    return _prepare(text, min_sentence_words, _stemmer())
