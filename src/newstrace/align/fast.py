"""The fast passage aligner: seed -> extend -> filter over sentences, then word-level refinement.

``Aligner.align(a, b)`` (and ``align_texts``) returns the passages of B that
reuse A. Steps:

1. prepare both texts (tokens, stems, sentences; memoised per text);
2. seeds: sentence pairs with high tf-idf cosine and Dice overlap, plus
   sentence pairs joined by an exact run of tokens, plus pairs joined by a run
   of function words (what spinners leave intact), plus weaker sentence pairs
   lying next to one of these (bidirectional extension);
3. extension: seeds close in both texts grow into passages, validated by the
   passage-level cosine (or, for spun text, by the similarity of the two
   sides' function-word sequences);
4. refinement, adapted to how the pair copies: overlaps resolved; boundaries
   trimmed to where the words actually align (``refine``) and grown over
   identical neighbouring tokens. A pair with a near-verbatim passage is in
   *verbatim mode* (its low-similarity passages are chance matches and go);
   otherwise trimming keeps similar edge sentences (shuffled copies) and short
   passages weak both as bags of words and word for word are dropped;
5. summary mode: a compact run of B sentences whose best matches spread over
   a long stretch of A is a summary of that stretch (of all of A when it
   spans most of it), unless one copy passage already explains it, or B
   copies other passages of A (then the summary is a chance spread);
6. fragments dropped; word-level analysis, relation and direction
   (``newstrace.align.relation``).

Texts in different languages are not aligned lexically (they share no
words): ``translation`` matches their sentences by multilingual embedding.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import Indel

from newstrace.align.config import AlignConfig
from newstrace.align.extend import SentPassage, extend, split_by
from newstrace.align.filters import CharPassage, drop_small, resolve_overlaps, to_chars
from newstrace.align.prep import PairView, Prepared, PrepCache
from newstrace.align.refine import glued_end, grow_exact, trim_passage
from newstrace.align.relation import finish
from newstrace.align.result import AlignmentResult
from newstrace.align.seeds import (
    PairMatrices,
    build_matrices,
    ngram_seeds,
    sentence_of_token,
    sentence_seeds,
)
from newstrace.align.translation import cross_lingual_passages, different_languages
from newstrace.align.words import token_range
from newstrace.text.stopwords import ENGLISH, stopwords_for

__all__ = ["Aligner", "align_texts", "default_aligner"]

Synonyms = Callable[[str, str], bool]


def _default_synonyms() -> Synonyms | None:
    try:
        from newstrace.text import wordnet  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(wordnet, "are_synonyms", None)
    available = getattr(wordnet, "available", None)
    if not callable(fn) or (callable(available) and not available()):
        return None
    return fn  # type: ignore[no-any-return]


class Aligner:
    """A reusable aligner: holds the config, a cache of prepared texts and the synonym test."""

    def __init__(
        self,
        config: AlignConfig | None = None,
        synonyms: Synonyms | None | bool = True,
    ) -> None:
        self.config = config or AlignConfig()
        self.cache = PrepCache(self.config.cache_size)
        self.summary_mode = True
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
        english = (pa.english or pb.english) and pa.script == pb.script == "LATIN"
        if english:
            stop = ENGLISH
            view = PairView(pa, pb, pa.ids, pb.ids, ~pa.stop_en, ~pb.stop_en)
        else:
            stop = stopwords_for(pa.folded, pb.folded)
            content_a = np.fromiter(
                (w not in stop for w in pa.folded), dtype=bool, count=pa.n_tokens
            )
            content_b = np.fromiter(
                (w not in stop for w in pb.folded), dtype=bool, count=pb.n_tokens
            )
            view = PairView(pa, pb, pa.fold_ids, pb.fold_ids, content_a, content_b)
        evidence: list[str] = []
        if pa.n_sentences == 0 or pb.n_sentences == 0:
            return finish([], pa, pb, stop, cfg, evidence=["a text has no words"])
        passages = self.passages(view, evidence)
        if not passages and different_languages(pa, pb, cfg.translation_language_confidence):
            # Shared words came first (a quotation copied verbatim across languages is
            # a copy); only when there are none is meaning matched across languages.
            cross = cross_lingual_passages(pa, pb, cfg, evidence)
            return finish(cross, pa, pb, stop, cfg, translated=bool(cross), evidence=evidence)
        # WordNet is English: other languages get no synonym test.
        syn = self._syn() if english else None
        return finish(passages, pa, pb, stop, cfg, synonyms=syn, evidence=evidence)

    def passages(self, view: PairView, evidence: list[str]) -> list[CharPassage]:
        cfg = self.config
        pa, pb, content_a, content_b = view.a, view.b, view.content_a, view.content_b
        m = build_matrices(view)
        seeds = sentence_seeds(m, cfg.seed_cosine, cfg.seed_dice, cfg.seed_relative)
        n_sim = len(seeds)
        sent_a, sent_b = sentence_of_token(pa), sentence_of_token(pb)
        exact = ngram_seeds(pa.fold_ids, pb.fold_ids, cfg.exact_run_tokens)
        for i, j in exact:
            seeds.add((int(sent_a[i]), int(sent_b[j])))
        n_exact = len(seeds) - n_sim
        stop_a, stop_b = np.nonzero(~content_a)[0], np.nonzero(~content_b)[0]
        for i, j in ngram_seeds(pa.fold_ids[stop_a], pb.fold_ids[stop_b], cfg.stop_ngram):
            seeds.add((int(sent_a[stop_a[i]]), int(sent_b[stop_b[j]])))
        n_stop = len(seeds) - n_sim - n_exact
        if not seeds:
            return []
        n_near = self._near_seeds(m, seeds)
        evidence.append(
            f"seeds: {n_sim} similar sentence pairs, {n_exact} more from exact runs, "
            f"{n_stop} more from function-word runs, {n_near} weaker ones next to these"
        )
        stop_seq_a = [pa.folded[k] for k in stop_a.tolist()]
        stop_seq_b = [pb.folded[k] for k in stop_b.tolist()]
        sa_tok0, sa_tok1 = pa.sent_tok0, pa.sent_tok1
        sb_tok0, sb_tok1 = pb.sent_tok0, pb.sent_tok1

        def stop_similarity(a0: int, a1: int, b0: int, b1: int) -> float:
            i0, i1 = np.searchsorted(stop_a, [sa_tok0[a0], sa_tok1[a1]])
            j0, j1 = np.searchsorted(stop_b, [sb_tok0[b0], sb_tok1[b1]])
            if i1 - i0 < cfg.stop_ngram or j1 - j0 < cfg.stop_ngram:
                return 0.0
            return float(Indel.normalized_similarity(stop_seq_a[i0:i1], stop_seq_b[j0:j1]))

        seed_list = sorted(seeds)

        normal = resolve_overlaps(
            extend(
                seed_list,
                m,
                cfg.max_gap,
                cfg.min_passage_cosine,
                stop_similarity,
                cfg.stop_sequence_similarity,
            ),
            m.range_cosine,
        )
        chars = self._copy_mode(m, normal, view, evidence)
        chars = drop_small(chars, pa, pb, cfg.min_passage_chars, cfg.min_passage_chars_b)
        summaries = self._summaries(m, pa, pb, chars) if self.summary_mode else []
        if summaries:
            others = [
                c
                for c in chars
                if not any(c.b_start < s.b_end and s.b_start < c.b_end for s in summaries)
            ]
            if others and cfg.summary_exclusive:
                evidence.append(
                    f"summary mode: {len(summaries)} candidate(s) ignored, B copies "
                    f"{len(others)} other passage(s) of A"
                )
                return chars
            evidence.append(f"summary mode: {len(summaries)} long stretch(es) of A condensed in B")
            chars = drop_small(
                summaries + others, pa, pb, cfg.min_passage_chars, cfg.min_passage_chars_b
            )
        return chars

    def _near_seeds(self, m: PairMatrices, seeds: set[tuple[int, int]]) -> int:
        """Add the weaker sentence pairs lying next to a seed (in both texts); return how many.

        A heavily obfuscated copy has sentences that fall just under the seed
        thresholds; next to a sentence pair that passed them they are the same copy
        (bidirectional extension of the PAN aligners), while on their own they would
        be chance matches.
        """
        cfg = self.config
        g = cfg.near_seed_gap
        if g <= 0:
            return 0
        ok = (m.cosine > cfg.near_seed_cosine) & (m.dice > cfg.near_seed_dice)
        if cfg.seed_relative > 0 and m.cosine.size:
            ok &= m.cosine >= cfg.seed_relative * m.cosine.max(axis=0, keepdims=True)
        ii, jj = np.nonzero(ok)
        if len(ii) == 0:
            return 0
        base = np.array(sorted(seeds), dtype=np.int64)
        added = 0
        for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
            if (i, j) in seeds:
                continue
            near = (np.abs(base[:, 0] - i) <= g) & (np.abs(base[:, 1] - j) <= g)
            if near.any():
                seeds.add((i, j))
                added += 1
        return added

    def _copy_mode(
        self, m: PairMatrices, normal: list[SentPassage], view: PairView, evidence: list[str]
    ) -> list[CharPassage]:
        """Trim the grown passages to their aligned words, adapting to how the pair copies.

        First every passage is trimmed strictly (edge sentences may be dropped whole).
        When one of them is then a near-verbatim copy (word similarity at least
        ``verbatim_mode_similarity``), the pair is in *verbatim mode*: its author
        pastes text, so passages below ``verbatim_mode_min_similarity`` are chance
        matches between texts on one topic and are dropped (Sanchez-Perez et al. 2014
        adapt to the detected obfuscation type in the same spirit). Otherwise the
        pair is obfuscated: the trim keeps edge sentences that are similar to a
        sentence on the other side (shuffled sentences misplace the word blocks).
        """
        cfg = self.config
        pa, pb = view.a, view.b

        def trim_all(keep: bool) -> list[CharPassage]:
            out = []
            for p in normal:
                k = None
                if keep:
                    k = (
                        bool(similar[p.a0, p.b0 : p.b1 + 1].any()),
                        bool(similar[p.a1, p.b0 : p.b1 + 1].any()),
                        bool(similar[p.a0 : p.a1 + 1, p.b0].any()),
                        bool(similar[p.a0 : p.a1 + 1, p.b1].any()),
                    )
                c = trim_passage(
                    to_chars(p, pa, pb), view, cfg.trim_gap_cost, cfg.trim_stop_gain, cfg.trim_min_density, keep=k
                )
                if c is not None:
                    out.append(grow_exact(c, pa, pb))
            return out

        strict = trim_all(False)
        sims = [_word_similarity(c, pa, pb) for c in strict]
        if not sims:
            return strict
        if sims and max(sims) >= cfg.verbatim_mode_similarity:
            kept = [
                c
                for c, s in zip(strict, sims, strict=True)
                if s >= cfg.verbatim_mode_min_similarity
            ]
            if len(kept) < len(strict):
                evidence.append(
                    f"verbatim mode: {len(strict) - len(kept)} low-similarity passage(s) dropped "
                    "beside a verbatim copy"
                )
            return kept
        similar = (m.cosine > cfg.seed_cosine) & (m.dice > cfg.seed_dice)
        out = []
        for c in trim_all(True):
            # Short and weak on both counts (bag of words and word order): a chance match.
            if (
                c.similarity < cfg.weak_passage_cosine
                and (
                    c.sent is None
                    or max(c.sent.a1 - c.sent.a0, c.sent.b1 - c.sent.b0)
                    < cfg.weak_passage_sentences
                )
                and _word_similarity(c, pa, pb) < cfg.weak_passage_word_similarity
            ):
                continue
            out.append(c)
        if len(out) < len(normal):
            evidence.append(f"{len(normal) - len(out)} weak passage(s) dropped")
        return out

    def _summaries(
        self, m: PairMatrices, pa: Prepared, pb: Prepared, copies: list[CharPassage]
    ) -> list[CharPassage]:
        """Summary mode: a compact run of B sentences whose seeds spread over a long stretch of A.

        Seeds (looser than for copies) are grouped by their sentence in B only;
        a group with seeds in several B sentences whose A span is at least
        ``summary_ratio`` times its B span, and whose two sides are similar as
        bags of words, is a summary, unless one copy passage already found
        (``copies``) covers ``summary_max_copy_cover`` of its B side: then it is
        a copy whose neighbours happen to share words (several copies there are
        an extractive summary). When its A span covers
        ``summary_whole`` of A, the summarised passage is all of A.
        """
        cfg = self.config
        loose = sorted(
            sentence_seeds(m, cfg.summary_seed_cosine, cfg.summary_seed_dice, cfg.seed_relative)
        )
        out: list[CharPassage] = []
        if len(loose) < cfg.summary_min_sentences:
            return out
        total_a = pa.content_chars(0, len(pa.text))
        for group in split_by(loose, 1, cfg.summary_b_gap):
            if len({s[1] for s in group}) < cfg.summary_min_sentences:
                continue
            # The A span is read from each B sentence's best match only: a copied
            # sentence's best match sits next to its neighbours' in A, a summary
            # sentence's best matches are spread over the source.
            best = [int(m.cosine[:, j].argmax()) for j in sorted({s[1] for s in group})]
            a0, a1 = min(best), max(best)
            b0, b1 = group[0][1], group[-1][1]
            c = to_chars(SentPassage(a0, a1, b0, b1, 0.0, len(group)), pa, pb)
            la = pa.content_chars(c.a_start, c.a_end)
            lb = pb.content_chars(c.b_start, c.b_end)
            if la < cfg.summary_ratio * lb or lb < cfg.summary_min_chars:
                continue
            inside = [
                x
                for x in copies
                if x.b_start < c.b_end
                and c.b_start < x.b_end
                and _word_similarity(x, pa, pb) >= cfg.summary_copy_similarity
            ]
            copied = sum(max(0, min(x.b_end, c.b_end) - max(x.b_start, c.b_start)) for x in inside)
            # Several separate copies inside one candidate are an extractive summary
            # (sentences picked from all over A), not one copy with wordy neighbours.
            if len(
                inside
            ) < cfg.summary_extractive_copies and copied >= cfg.summary_max_copy_cover * (
                c.b_end - c.b_start
            ):
                continue
            sim = m.range_cosine(a0, a1, b0, b1)
            if sim < cfg.summary_min_cosine:
                continue
            if la >= cfg.summary_whole * total_a:
                # B summarises most of A: the summarised source is all of A.
                c = CharPassage(
                    int(pa.tok_start[0]),
                    glued_end(pa.text, int(pa.tok_end[-1])),
                    c.b_start,
                    c.b_end,
                    sim,
                )
            else:
                c = CharPassage(c.a_start, c.a_end, c.b_start, c.b_end, sim)
            out.append(c)
        return out


def _word_similarity(p: CharPassage, pa: Prepared, pb: Prepared) -> float:
    ta0, ta1 = token_range(pa, p.a_start, p.a_end)
    tb0, tb1 = token_range(pb, p.b_start, p.b_end)
    return float(Indel.normalized_similarity(pa.folded[ta0:ta1], pb.folded[tb0:tb1]))


@lru_cache(maxsize=1)
def default_aligner() -> Aligner:
    """The process-wide aligner used by ``align_texts`` when no config is given."""
    return Aligner()


_DEFAULT_CONFIG = AlignConfig()


@lru_cache(maxsize=4)
def _configured_aligner(config: AlignConfig) -> Aligner:
    # an Aligner loads its synonym classes and keeps a cache of prepared texts: one per
    # config and process, not one per pair (``analyze --set align.*`` aligns every pair
    # with the same config)
    return Aligner(config)


def align_texts(a_text: str, b_text: str, config: AlignConfig | None = None) -> AlignmentResult:
    """Align ``b_text`` against ``a_text``: the passages of B that reuse A, typed and explained.

    >>> r = align_texts("The cat sat on the mat. " * 10, "The cat sat on the mat. " * 10)
    >>> r.relation, r.passages[0].a_start, r.passages[0].b_end
    ('verbatim', 0, 239)
    """
    aligner = default_aligner() if config is None or config == _DEFAULT_CONFIG else _configured_aligner(config)
    return aligner.align(a_text, b_text)
