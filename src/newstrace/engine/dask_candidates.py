"""Candidate generation as map -> shuffle -> reduce, with exactly the local index's pairs.

What it does: the three numpy steps of distributed candidate generation.

1. ``fingerprint_part``: fingerprints of one article partition with the index's own
   ``fingerprint_batch`` (same settings and stopword list as a default
   ``CandidateIndex``), as postings ``(table, key, doc)`` routed to a shuffle bucket
   by key hash, plus the per-document counts and MinHash signatures.
2. ``collide_bucket``: all postings of one bucket (every holder of each of its keys,
   from every partition), the index's common-key rule applied globally (a key pairs
   only its first ``cap`` holders in document = store insertion order: 50 for word
   and stopword fingerprints, 200 for MinHash buckets), and per-pair counts of shared
   fingerprints by kind, routed to a pair partition by pair hash.
3. ``score_pairs``: the counts of one pair partition summed over buckets, and the
   index's thresholds, score and reason strings applied to them.

Since documents are numbered in store insertion order, as the local engine indexes
them, and the cap is by document order, the candidate set and its reasons equal the
local engine's (``CandidateIndex``: "indexing in batches gives exactly the pairs of
one batch over everything"). The equality test holds the two together.

What it does not do: fingerprinting itself or thresholds (``newstrace.index``), file
handling (``dask_stages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["index_settings", "fingerprint_part", "collide_bucket", "score_pairs", "PairCounts", "DocInfo"]

SHINGLE, BAND = 0, 1
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier: spreads pair codes over partitions


@dataclass(frozen=True)
class IndexSettings:
    config: Any  # IndexConfig
    stopwords: Any  # StopwordTable
    frequent: Any  # StopwordTable or None

    def key(self) -> str:
        return repr(self.config) + getattr(self.stopwords, "digest", "") + getattr(self.frequent, "digest", "")


def index_settings() -> IndexSettings:
    """The settings and word tables of a default ``CandidateIndex``: what the local engine uses."""
    from newstrace.index import CandidateIndex, MemoryBackend

    idx = CandidateIndex(MemoryBackend())
    return IndexSettings(idx.config, idx.stopwords, getattr(idx, "frequent", None))


def key_bucket(keys: np.ndarray, n: int) -> np.ndarray:
    """Shuffle bucket of int64 keys (already hashes; the low 2 bits are a kind tag)."""
    return ((keys.view(np.uint64) >> np.uint64(2)) % np.uint64(n)).astype(np.int64)


def pair_partition(pairs: np.ndarray, n: int) -> np.ndarray:
    """Partition of pair codes ``left << 32 | right``."""
    with np.errstate(over="ignore"):
        mixed = pairs.view(np.uint64) * _MIX
    return ((mixed >> np.uint64(33)) % np.uint64(n)).astype(np.int64)


@dataclass(frozen=True)
class FingerprintPart:
    table: np.ndarray  # int8: SHINGLE or BAND
    key: np.ndarray  # int64
    doc: np.ndarray  # int64 global document number
    counts: np.ndarray  # (n, kinds) int64
    signatures: np.ndarray  # (n, perm) uint32
    has_signature: np.ndarray  # (n,) bool


def _dedupe(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One posting per (doc, key): a key repeated inside a document counts once (as in the index)."""
    if not keys.size:
        return keys, docs
    order = np.lexsort((keys, docs))
    k, d = keys[order], docs[order]
    keep = np.ones(k.size, dtype=bool)
    keep[1:] = (k[1:] != k[:-1]) | (d[1:] != d[:-1])
    return k[keep], d[keep]


def fingerprint_part(texts: list[str], languages: list[str | None], base: int, st: IndexSettings) -> FingerprintPart:
    from newstrace.index.fingerprints import N_KINDS, fingerprint_batch

    fp = fingerprint_batch(texts, languages, st.config, st.stopwords, st.frequent)
    keys, docs = _dedupe(fp.keys.astype(np.int64), fp.docs.astype(np.int64))
    # distinct fingerprints per document and kind (the index subtracts repeats likewise)
    counts = np.bincount(docs * N_KINDS + (keys & 3), minlength=len(texts) * N_KINDS).reshape(len(texts), N_KINDS)
    bd = np.flatnonzero(fp.has_signature)
    bkeys = fp.bands[bd].ravel()
    bdocs = np.repeat(bd, fp.bands.shape[1])
    if bkeys.size:  # one posting per (doc, bucket), as the index stores them
        bdocs, bkeys = np.unique(np.stack((bdocs, bkeys)), axis=1)
    table = np.concatenate((np.full(keys.size, SHINGLE, np.int8), np.full(bkeys.size, BAND, np.int8)))
    key = np.concatenate((keys, bkeys)).astype(np.int64)
    doc = np.concatenate((docs, bdocs)).astype(np.int64) + base
    return FingerprintPart(table, key, doc, counts, fp.signatures, fp.has_signature)


def _collide(keys: np.ndarray, docs: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(left, right, key) for every two of a key's first ``cap`` holders; and how many were capped."""
    if not keys.size:
        e = np.zeros(0, np.int64)
        return e, e, e, 0
    order = np.lexsort((docs, keys))
    k, d = keys[order], docs[order]
    first = np.ones(k.size, dtype=bool)
    first[1:] = k[1:] != k[:-1]
    gstart = np.flatnonzero(first)
    gid = np.cumsum(first) - 1
    rank = np.arange(k.size) - gstart[gid]
    j = np.flatnonzero((rank > 0) & (rank < cap))
    r = rank[j]
    total = int(r.sum())
    before = np.cumsum(r) - r
    left = np.repeat(gstart[gid[j]] - before, r) + np.arange(total, dtype=np.int64)
    right = np.repeat(j, r)
    return d[left], d[right], k[right], int((rank >= cap).sum())


@dataclass(frozen=True)
class PairCounts:
    pair: np.ndarray  # int64 left << 32 | right (left < right)
    shared: np.ndarray  # (n, kinds) shared fingerprints per kind (word, stopword, content ...)
    band: np.ndarray  # bool: share a MinHash bucket
    capped: int = 0


def collide_bucket(table: np.ndarray, key: np.ndarray, doc: np.ndarray, cfg: Any) -> PairCounts:
    """Per-pair shared-fingerprint counts of one shuffle bucket (all holders of its keys)."""
    from newstrace.index.fingerprints import N_KINDS

    sh = table == SHINGLE
    left, right, k, capped = _collide(key[sh], doc[sh], cfg.max_postings_per_hash)
    code = ((left << 32) | right) * 4 + (k & 3)
    ucode, cnt = np.unique(code, return_counts=True)
    spair, kind = ucode >> 2, ucode & 3
    bl, br, _bk, bcapped = _collide(key[~sh], doc[~sh], cfg.max_postings_per_bucket)
    bpair = np.unique((bl << 32) | br)
    pairs = np.union1d(spair, bpair)
    shared = np.zeros((pairs.size, N_KINDS), np.int64)
    shared[np.searchsorted(pairs, spair), kind] = cnt
    band = np.zeros(pairs.size, bool)
    band[np.searchsorted(pairs, bpair)] = True
    return PairCounts(pairs, shared, band, capped + bcapped)


def merge_counts(parts: list[PairCounts]) -> PairCounts:
    """Sum the counts of the same pairs seen in several buckets."""
    from newstrace.index.fingerprints import N_KINDS

    pair = np.concatenate([p.pair for p in parts]) if parts else np.zeros(0, np.int64)
    if not pair.size:
        return PairCounts(np.zeros(0, np.int64), np.zeros((0, N_KINDS), np.int64), np.zeros(0, bool))
    upair, inv = np.unique(pair, return_inverse=True)
    shared = np.zeros((upair.size, N_KINDS), np.int64)
    band = np.zeros(upair.size, bool)
    np.add.at(shared, inv, np.concatenate([p.shared for p in parts]))
    np.logical_or.at(band, inv, np.concatenate([p.band for p in parts]))
    return PairCounts(upair, shared, band)


@dataclass(frozen=True)
class DocInfo:
    """Per-document data the scoring needs, for a sorted array of document numbers."""

    docs: np.ndarray  # sorted int64
    ids: list[str]
    counts: np.ndarray  # (n, kinds)
    signatures: np.ndarray  # (n, perm) uint32


def score_pairs(pc: PairCounts, info: DocInfo, cfg: Any) -> list[tuple[int, int, str, str, float, tuple[str, ...]]]:
    """Candidates ``(doc_x, doc_y, id_x, id_y, score, reasons)`` with ``id_x < id_y``.

    The same thresholds, score and reason strings as ``CandidateIndex._score``.
    """
    from newstrace.index.minhash import estimate_jaccard

    mins = np.array([cfg.min_shared_word, cfg.min_shared_stop, cfg.min_shared_content])
    labels = (
        f"word {cfg.word_ngram}-gram shingles",
        f"stopword {cfg.stop_ngram}-grams",
        f"content-word {cfg.content_ngram}-sets",
    )
    qualifies = pc.shared >= mins
    sel = qualifies.any(axis=1) | pc.band
    pair, shared, band, qualifies = pc.pair[sel], pc.shared[sel], pc.band[sel], qualifies[sel]
    if not pair.size:
        return []
    a, b = pair >> 32, pair & 0xFFFFFFFF
    ia, ib = np.searchsorted(info.docs, a), np.searchsorted(info.docs, b)
    jac = estimate_jaccard(info.signatures[ia], info.signatures[ib])
    banded = band & (jac >= cfg.minhash_min_jaccard)
    # containment estimate per kind: shared / fingerprints of the smaller side
    smaller = np.maximum(np.minimum(info.counts[ia], info.counts[ib]), 1)
    contain = np.where(qualifies, np.minimum(shared / smaller, 1.0), 0.0)
    score = np.maximum(contain.max(axis=1), np.where(banded, jac, 0.0))
    out = []
    for k in np.flatnonzero(qualifies.any(axis=1) | banded).tolist():
        reasons = [f"shared {shared[k, t]} {labels[t]}" for t in range(len(labels)) if qualifies[k, t]]
        if banded[k]:
            reasons.append(f"MinHash band match (est. Jaccard {jac[k]:.2f})")
        dx, dy = int(a[k]), int(b[k])
        x, y = info.ids[ia[k]], info.ids[ib[k]]
        if y < x:
            x, y, dx, dy = y, x, dy, dx
        out.append((dx, dy, x, y, round(float(score[k]), 4), tuple(reasons)))
    out.sort(key=lambda c: (c[2], c[3]))
    return out
