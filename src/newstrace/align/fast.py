"""The fast passage aligner: seed -> extend -> filter over sentences, then word-level refinement.

``Aligner.align(a, b)`` (and ``align_texts``) returns the passages of B that
reuse A. Steps:

1. prepare both texts (tokens, stems, sentences; memoised per text);
2. seeds: sentence pairs with high tf-idf cosine and Dice overlap, plus
   sentence pairs joined by an exact run of tokens, plus pairs joined by a run
   of function words (what spinners leave intact);
3. extension: seeds close in both texts grow into passages, validated by the
   passage-level cosine; a second extension with a wide gap in A catches
   summaries (a long source condensed into a short passage) and is kept when
   the passage it yields is several times longer in A than in B;
4. filtering: overlaps resolved, fragments dropped, passages mapped to the
   characters of the original texts;
5. word-level analysis, relation and direction (``newstrace.align.relation``).

Different languages are not aligned lexically (no shared words); see
``translation`` for the optional multilingual-embedding path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from newstrace.align.config import AlignConfig
from newstrace.align.extend import SentPassage, extend, range_cosine
from newstrace.align.filters import CharPassage, drop_small, resolve_overlaps, to_chars
from newstrace.align.prep import PrepCache, Prepared
from newstrace.align.relation import finish
from newstrace.align.result import AlignmentResult
from newstrace.align.seeds import build_matrices, ngram_seeds, sentence_of_token, sentence_seeds
from newstrace.text.stopwords import ENGLISH, stopwords_for

__all__ = ["Aligner", "align_texts", "default_aligner"]

Synonyms = Callable[[str, str], bool]


def _default_synonyms() -> Synonyms | None:
    try:
        from newstrace.text import wordnet  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(wordnet, "are_synonyms", None)
    return fn if callable(fn) else None


class Aligner:
    """A reusable aligner: holds the config, a cache of prepared texts and the synonym test."""

    def __init__(
        self,
        config: AlignConfig | None = None,
        synonyms: Synonyms | None | bool = True,
    ) -> None:
        self.config = config or AlignConfig()
        self.cache = PrepCache(self.config.cache_size)
        if synonyms is True:
            self.synonyms: Synonyms | None = None
            self._synonyms_pending = True
        else:
            self.synonyms = synonyms or None
            self._synonyms_pending = False

    def _syn(self) -> Synonyms | None:
        if self._synonyms_pending:
            self.synonyms = _default_synonyms()
            self._synonyms_pending = False
        return self.synonyms

    def prepare(self, text: str) -> Prepared:
        return self.cache.get(text, self.config.min_sentence_words)

    def align(self, a_text: str, b_text: str) -> AlignmentResult:
        cfg = self.config
        pa, pb = self.prepare(a_text), self.prepare(b_text)
        if pa.english and pb.english:
            stop = ENGLISH
            content_a, content_b = ~pa.stop_en, ~pb.stop_en
        else:
            stop = stopwords_for(pa.folded, pb.folded)
            content_a = np.fromiter((w not in stop for w in pa.folded), dtype=bool, count=pa.n_tokens)
            content_b = np.fromiter((w not in stop for w in pb.folded), dtype=bool, count=pb.n_tokens)
        evidence: list[str] = []
        if pa.n_sentences == 0 or pb.n_sentences == 0:
            return finish([], pa, pb, stop, cfg, evidence=["a text has no words"])
        passages = self.passages(pa, pb, content_a, content_b, stop, evidence)
        return finish(passages, pa, pb, stop, cfg, synonyms=self._syn(), evidence=evidence)

    def passages(
        self,
        pa: Prepared,
        pb: Prepared,
        content_a: np.ndarray,
        content_b: np.ndarray,
        stop: frozenset[str],
        evidence: list[str],
    ) -> list[CharPassage]:
        cfg = self.config
        m = build_matrices(pa, pb, content_a, content_b)
        seeds = sentence_seeds(m, cfg.seed_cosine, cfg.seed_dice)
        n_sim = len(seeds)
        sent_a, sent_b = sentence_of_token(pa), sentence_of_token(pb)
        exact = ngram_seeds(pa.fold_ids, pb.fold_ids, cfg.exact_run_tokens)
        for i, j in exact:
            seeds.add((int(sent_a[i]), int(sent_b[j])))
        n_exact = len(seeds) - n_sim
        if not seeds:
            return []
        evidence.append(f"seeds: {n_sim} similar sentence pairs, {n_exact} more from exact runs")
        seed_list = sorted(seeds)

        def rescore(a0: int, a1: int, b0: int, b1: int) -> float:
            return range_cosine(m.tfidf_a, m.tfidf_b, a0, a1, b0, b1)

        normal = extend(seed_list, m.tfidf_a, m.tfidf_b, cfg.max_gap, cfg.min_passage_cosine)
        normal = resolve_overlaps(normal, rescore)
        chosen: list[SentPassage] = normal
        summary = extend(seed_list, m.tfidf_a, m.tfidf_b, cfg.summary_max_gap, cfg.min_passage_cosine)
        summary = resolve_overlaps(summary, rescore)
        if summary and _is_summary(summary, pa, pb, cfg.summary_ratio):
            chosen = summary
            evidence.append("summary mode: a long stretch of A is condensed in B")
        chars = [to_chars(p, pa, pb) for p in chosen]
        return drop_small(chars, pa, pb, cfg.min_passage_chars)


def _is_summary(ps: list[SentPassage], pa: Prepared, pb: Prepared, ratio: float) -> bool:
    best = max(ps, key=lambda p: (p.a1 - p.a0) + (p.b1 - p.b0))
    la = int(pa.sent_char1[best.a1] - pa.sent_char0[best.a0])
    lb = int(pb.sent_char1[best.b1] - pb.sent_char0[best.b0])
    return la >= ratio * lb


@lru_cache(maxsize=1)
def default_aligner() -> Aligner:
    """The process-wide aligner used by ``align_texts`` when no config is given."""
    return Aligner()


def align_texts(a_text: str, b_text: str, config: AlignConfig | None = None) -> AlignmentResult:
    """Align ``b_text`` against ``a_text``: the passages of B that reuse A, typed and explained.

    >>> r = align_texts("The cat sat on the mat. " * 10, "The cat sat on the mat. " * 10)
    >>> r.relation, r.passages[0].a_start, r.passages[0].b_end
    ('verbatim', 0, 239)
    """
    aligner = default_aligner() if config is None else Aligner(config)
    return aligner.align(a_text, b_text)
