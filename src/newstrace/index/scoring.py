"""Scoring and selection of candidate pairs: one implementation for every engine.

What it does: turns the raw collisions of fingerprints (which two documents
share which key, and how many earlier holders the key had when the later one
arrived) into per-pair evidence (``pair_evidence``, ``merge_evidence``), applies
the index's thresholds and scores (``score_pairs``), keeps each article's best
partners (``select_per_article``) and writes the human-readable reasons
(``all_reasons``). ``CandidateIndex`` (local, incremental) and the Dask engine's
candidate stage (map -> shuffle -> reduce) both call these functions, so the
two produce the same candidates by construction.

Pairs are codes ``left << 32 | right`` of document numbers (indexing order),
``left < right``: the later document is ``right``. Weights are fixed-point
integers (``WEIGHT_ONE`` = 1.0), so sums are exact whatever the order in which
partial evidence is added up (the Dask engine sums over shuffle buckets).

Per-article selection: each article keeps at most ``max_partners`` partners
among the articles indexed before it (earlier batches, or earlier in its own
batch), the best by score (ties: the earlier partner); of those, the weak ones
(qualifying on one fingerprint kind only, without a MinHash match) at most
``1 + words / weak_words_per_partner`` (its length in words estimated from its
word-shingle count). A
pair is judged once, when its later article arrives, from that article's side,
so indexing in batches gives exactly the pairs of one run over the same order.

What it does not do: fingerprint texts (``fingerprints``), find collisions
(``candidates._collide``, ``engine.dask_candidates``) or store anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newstrace.index.config import IndexConfig
from newstrace.index.fast import i64, kernels
from newstrace.index.fingerprints import N_KINDS
from newstrace.index.minhash import estimate_jaccard

__all__ = [
    "WEIGHT_ONE",
    "PairEvidence",
    "Scored",
    "collision_weights",
    "pair_evidence",
    "merge_evidence",
    "empty_evidence",
    "score_pairs",
    "select_per_article",
    "all_reasons",
    "labels",
]

# Fixed-point unit of collision weights: 2^16, so 1/rank for ranks up to the posting cap
# (50) keeps 3+ significant digits and a pair's sum over ~10^5 shared keys stays far
# below 2^63.
WEIGHT_ONE = 1 << 16


def collision_weights(ranks: np.ndarray, free: int = 1) -> np.ndarray:
    """Weight of a shared key for a pair whose later side was the key's ``rank``-th holder.

    ``rank`` = how many documents held the key before the later one (>= 1). A key
    held by one earlier document is specific to the pair (weight 1); one that 9
    earlier articles carry is a stock phrase or boilerplate (weight 1/9). Known at
    the time the later article is indexed, so batch boundaries cannot change it.
    """
    r = np.maximum(ranks.astype(np.int64), 1)
    return WEIGHT_ONE * np.minimum(r, max(1, free)) // r


@dataclass(frozen=True)
class PairEvidence:
    """What the fingerprints say about each colliding pair (``pair`` sorted, unique)."""

    pair: np.ndarray  # int64 left << 32 | right
    shared: np.ndarray  # (n, N_KINDS) int64: distinct shared fingerprints per kind
    weight: np.ndarray  # (n, N_KINDS) int64: sum of collision weights per kind (fixed point)
    band: np.ndarray  # (n,) bool: the two share a MinHash LSH bucket


def empty_evidence() -> PairEvidence:
    z = np.zeros(0, np.int64)
    return PairEvidence(z, np.zeros((0, N_KINDS), np.int64), np.zeros((0, N_KINDS), np.int64), z.astype(bool))


def sorted_unique(x: np.ndarray, runs: bool = False) -> np.ndarray:
    """``np.unique`` by sorting (numpy's hash-based unique is several times slower on
    millions of int64 pair codes). ``runs``: ``x`` is a few sorted runs concatenated, which
    NumPy's stable sort (timsort for int64) merges in one pass instead of sorting afresh:
    at 100k articles this sort took 2.8 of 35 CPU-s of candidate generation."""
    s = np.sort(x, kind="stable" if runs else None)
    if s.size:
        s = s[np.concatenate(([True], s[1:] != s[:-1]))]
    return s


def _group(code: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique codes, their multiplicity and weight sums."""
    order = np.argsort(code)  # equal codes are interchangeable: integer sums are order-free
    c, w = code[order], weight[order]
    first = np.ones(c.size, dtype=bool)
    first[1:] = c[1:] != c[:-1]
    idx = np.flatnonzero(first)
    cnt = np.diff(np.append(idx, c.size))
    wsum = np.add.reduceat(w, idx) if idx.size else np.zeros(0, np.int64)
    return c[idx], cnt, wsum


def _group_collisions(
    left: np.ndarray, right: np.ndarray, kind: np.ndarray, ranks: np.ndarray, free: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per (pair, kind): pair code ``left << 32 | right``, kind, collisions, weight sum.

    Fast path: when document numbers and ranks are small enough, (pair, kind, rank) is
    packed into one int64 and sorted in place (no argsort and gather); the weight of
    each collision is then read back from its rank bits.
    """
    if not left.size:
        z = np.zeros(0, np.int64)
        return z, z, z, z
    k = kernels()
    if k is not None and WEIGHT_ONE < (1 << 22) and int(right.max()) < (1 << 39):
        # compiled (``newstrace.index.fast``): two counting sorts, the same four arrays
        return k.group_collisions(i64(left), i64(right), i64(kind), i64(ranks), int(free), WEIGHT_ONE)  # type: ignore[no-any-return]
    top = int(max(left.max(), right.max()))
    r_max = int(ranks.max())
    db = max(1, top.bit_length())
    rb = max(1, r_max.bit_length())
    if 2 * db + 2 + rb > 63:
        code = (((left.astype(np.int64) << 32) | right.astype(np.int64)) << 2) | kind
        ucode, cnt, wsum = _group(code, collision_weights(ranks, free))
        return ucode >> 2, ucode & 3, cnt, wsum
    packed = (((left.astype(np.int64) << db) | right) << (2 + rb)) | (kind << rb) | ranks
    packed.sort()
    grp = packed >> rb
    first = np.ones(grp.size, dtype=bool)
    first[1:] = grp[1:] != grp[:-1]
    idx = np.flatnonzero(first)
    cnt = np.diff(np.append(idx, grp.size))
    table = collision_weights(np.arange(1 << rb), free)
    wsum = np.add.reduceat(table[packed & ((1 << rb) - 1)], idx)
    g = grp[idx]
    pk = g >> 2
    pair = ((pk >> db) << 32) | (pk & ((1 << db) - 1))
    return pair, g & 3, cnt, wsum


def pair_evidence(
    left: np.ndarray,
    right: np.ndarray,
    keys: np.ndarray,
    ranks: np.ndarray,
    band_left: np.ndarray,
    band_right: np.ndarray,
    free: int = 1,
    grouped: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> PairEvidence:
    """Evidence per pair from fingerprint collisions ``(left, right, key, rank)``
    (``left < right``, the kind in the key's low 2 bits) and MinHash bucket
    collisions ``(band_left, band_right)``. ``grouped``: the fingerprint collisions
    already grouped as ``_group_collisions`` groups them (the Cython kernels'
    ``collide_grouped``), in place of ``left``, ``right``, ``keys`` and ``ranks``."""
    if grouped is None:
        if not left.size and not band_left.size:
            return empty_evidence()
        grouped = _group_collisions(left, right, keys & 3, ranks, free)
    elif not grouped[0].size and not band_left.size:
        return empty_evidence()
    pair, kind, cnt, wsum = grouped
    bpair = sorted_unique((band_left.astype(np.int64) << 32) | band_right.astype(np.int64))
    upair = sorted_unique(np.concatenate((pair, bpair)), runs=True)  # both in pair order
    shared = np.zeros((upair.size, N_KINDS), np.int64)
    weight = np.zeros((upair.size, N_KINDS), np.int64)
    pos = np.searchsorted(upair, pair)
    shared[pos, kind] = cnt
    weight[pos, kind] = wsum
    band = np.zeros(upair.size, dtype=bool)
    band[np.searchsorted(upair, bpair)] = True
    return PairEvidence(upair, shared, weight, band)


def merge_evidence(parts: Sequence[PairEvidence]) -> PairEvidence:
    """Sum the evidence of the same pairs seen in several parts (exact: integers)."""
    parts = [p for p in parts if p.pair.size]
    if not parts:
        return empty_evidence()
    if len(parts) == 1:
        return parts[0]
    pair = np.concatenate([p.pair for p in parts])
    upair = sorted_unique(pair, runs=True)  # each part is in pair order
    inv = np.searchsorted(upair, pair)
    shared = np.zeros((upair.size, N_KINDS), np.int64)
    weight = np.zeros((upair.size, N_KINDS), np.int64)
    band = np.zeros(upair.size, dtype=bool)
    np.add.at(shared, inv, np.concatenate([p.shared for p in parts]))
    np.add.at(weight, inv, np.concatenate([p.weight for p in parts]))
    np.logical_or.at(band, inv, np.concatenate([p.band for p in parts]))
    return PairEvidence(upair, shared, weight, band)


@dataclass(frozen=True)
class Scored:
    """Pairs that passed the thresholds and the per-article selection."""

    pair: np.ndarray  # int64 left << 32 | right
    shared: np.ndarray  # (n, N_KINDS)
    weight: np.ndarray  # (n, N_KINDS) fixed point
    qualifies: np.ndarray  # (n, N_KINDS) bool: this kind alone passes its threshold
    banded: np.ndarray  # (n,) bool: MinHash band match above minhash_min_jaccard
    jaccard: np.ndarray  # (n,) MinHash estimate
    score: np.ndarray  # (n,) in [0, 1], rounded to 4 decimals


def minimums(cfg: IndexConfig) -> np.ndarray:
    return np.array([cfg.min_shared_word, cfg.min_shared_stop, cfg.min_shared_content, cfg.min_shared_rare])


def labels(cfg: IndexConfig) -> tuple[str, ...]:
    return (
        f"word {cfg.word_ngram}-gram shingles",
        f"stopword {cfg.stop_ngram}-grams",
        f"content-word {cfg.content_ngram}-sets",
        f"rare-word {cfg.rare_ngram}-sets",
    )


def prefilter(ev: PairEvidence, cfg: IndexConfig) -> PairEvidence:
    """The pairs that can qualify (cheap: before per-document data is looked up)."""
    ok = _qualifies(ev.shared, ev.weight, cfg).any(axis=1) | ev.band
    return PairEvidence(ev.pair[ok], ev.shared[ok], ev.weight[ok], ev.band[ok])


def _qualifies(shared: np.ndarray, weight: np.ndarray, cfg: IndexConfig) -> np.ndarray:
    mins = minimums(cfg)
    # enough distinct shared fingerprints, and enough of them specific to the pair: the
    # weighted count discounts keys many earlier articles hold (stock phrases)
    return (shared >= mins) & (weight * 100 >= mins * WEIGHT_ONE * cfg.min_specific_percent)


def score_pairs(
    ev: PairEvidence,
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    sig_a: np.ndarray,
    sig_b: np.ndarray,
    cfg: IndexConfig,
) -> Scored:
    """Thresholds and scores of the pairs of ``ev`` (rows of ``counts_*``/``sig_*`` align
    with ``ev.pair``: per-document fingerprint counts and MinHash signatures), then the
    per-article selection."""
    qualifies = _qualifies(ev.shared, ev.weight, cfg)
    jac = estimate_jaccard(sig_a, sig_b) if ev.pair.size else np.zeros(0)
    banded = ev.band & (jac >= cfg.minhash_min_jaccard)
    # containment estimate per kind: weighted shared / fingerprints of the smaller side
    smaller = np.maximum(np.minimum(counts_a, counts_b), 1)
    contain = np.where(qualifies, np.minimum(ev.weight / (smaller * WEIGHT_ONE), 1.0), 0.0)
    score = np.round(np.maximum(contain.max(axis=1, initial=0.0), np.where(banded, jac, 0.0)), 4)
    keep = qualifies.any(axis=1) | banded
    # weak pairs (one fingerprint kind, no MinHash match): a budget per later article,
    # growing with its length (word shingles kept ~ 2/(w+1) of its words)
    weak = keep & (qualifies.sum(axis=1) == 1) & ~banded
    if cfg.weak_words_per_partner > 0 and weak.any():
        words = counts_b[weak, 0] * (cfg.word_window + 1) // 2
        budget = 1 + words // cfg.weak_words_per_partner
        keep[weak] = _rank_per_article(ev.pair[weak], score[weak]) < budget
    keep[keep] = select_per_article(ev.pair[keep], score[keep], cfg.max_partners)
    return Scored(
        ev.pair[keep], ev.shared[keep], ev.weight[keep], qualifies[keep], banded[keep], jac[keep], score[keep]
    )


def _rank_per_article(pair: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Rank of each pair among the pairs of its later document (``right``): by score,
    best first, ties to the earlier partner."""
    right = pair & 0xFFFFFFFF
    left = pair >> 32
    order = np.lexsort((left, -score, right))
    r = right[order]
    first = np.ones(r.size, dtype=bool)
    first[1:] = r[1:] != r[:-1]
    start = np.flatnonzero(first)
    rank = np.empty(pair.size, dtype=np.int64)
    rank[order] = np.arange(r.size) - start[np.cumsum(first) - 1]
    return rank


def select_per_article(pair: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Mask: the ``k`` best pairs of each later document (``right``), by score, ties to
    the earlier partner. ``k`` <= 0 keeps everything. Needs all pairs of each right
    document present."""
    if k <= 0 or not pair.size:
        return np.ones(pair.size, dtype=bool)
    return _rank_per_article(pair, score) < k


def all_reasons(s: Scored, cfg: IndexConfig) -> list[tuple[str, ...]]:
    """Why each pair of ``s`` is a candidate, in words (one tuple per pair, in order).

    Reads the arrays as Python lists once: indexing numpy element by element cost
    10 us a pair, 7% of candidate generation on PAN (18k candidates).
    """
    lab = labels(cfg)
    # flat lists (row i, kind t at i * N_KINDS + t): one list per array, not one per pair,
    # so building them allocates no container objects for the garbage collector to scan
    qualifies = s.qualifies.ravel().tolist()
    shared = s.shared.ravel().tolist()
    weight = s.weight.ravel().tolist()
    banded = s.banded.tolist()
    jaccard = s.jaccard.tolist()
    out: list[tuple[str, ...]] = []
    for i in range(len(banded)):
        reasons = []
        for t in range(N_KINDS):
            if qualifies[i * N_KINDS + t]:
                n = shared[i * N_KINDS + t]
                spec = weight[i * N_KINDS + t] / WEIGHT_ONE
                text = f"shared {n} {lab[t]}"
                if n - spec >= 0.5:
                    text += f" ({spec:.1f} after discounting ones earlier articles also share)"
                reasons.append(text)
        if banded[i]:
            reasons.append(f"MinHash band match (est. Jaccard {jaccard[i]:.2f})")
        out.append(tuple(reasons))
    return out
