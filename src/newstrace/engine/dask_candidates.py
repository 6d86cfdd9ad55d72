"""Candidate generation as map -> shuffle -> reduce, with exactly the local index's pairs.

What it does: the three numpy steps of distributed candidate generation.

1. ``fingerprint_part``: fingerprints of one article partition with the index's own
   ``fingerprint_batch`` (same settings and stopword list as a default
   ``CandidateIndex``), as postings ``(table, key, doc)`` routed to a shuffle bucket
   by key hash, plus the per-document counts and MinHash signatures.
2. ``collide_bucket``: all postings of one bucket (every holder of each of its keys,
   from every partition), the index's common-key rule applied globally (a key pairs
   only its first ``cap`` holders in document = store insertion order: 50 for word
   and stopword fingerprints, 200 for MinHash buckets), and per-pair evidence (shared
   fingerprints by kind, rank-weighted sums: ``newstrace.index.scoring``), routed to a
   pair partition by the hash of the pair's later document.
3. ``score_pairs``: the evidence of one pair partition summed over buckets, then the
   index's own ``scoring.score_pairs`` (thresholds, score, per-article selection) and
   ``scoring.all_reasons``. Every pair of a later document lands in one partition, so
   the per-article selection sees all of that document's partners, as the index does.

Since documents are numbered in store insertion order, as the local engine indexes
them, and the cap is by document order, the candidate set and its reasons equal the
local engine's (``CandidateIndex``: "indexing in batches gives exactly the pairs of
one batch over everything"). The equality test holds the two together.

What it does not do: fingerprinting itself or thresholds (``newstrace.index``), file
handling (``dask_stages``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["index_settings", "fingerprint_part", "collide_bucket", "merge_counts", "score_pairs", "DocInfo"]

SHINGLE, BAND = 0, 1
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier: spreads pair codes over partitions


@dataclass(frozen=True)
class IndexSettings:
    config: Any  # IndexConfig
    stopwords: Any  # StopwordTable
    frequent: Any  # StopwordTable or None
    common: Any = None  # StopwordTable or None: the words that are not rare

    def key(self) -> str:
        from newstrace.index.tokens import TOKENIZER

        digests = (getattr(t, "digest", "") for t in (self.stopwords, self.frequent, self.common))
        return repr(self.config) + TOKENIZER + "/".join(digests)


@functools.lru_cache(maxsize=2)
def index_settings(config: Any = None) -> IndexSettings:
    """The settings and word tables of a ``CandidateIndex`` with ``config`` (an
    ``IndexConfig``; None: the defaults): what the local engine uses."""
    from newstrace.index import CandidateIndex, MemoryBackend

    idx = CandidateIndex(MemoryBackend(), config=config)
    return IndexSettings(idx.config, idx.stopwords, idx.frequent, idx.common)


def key_bucket(keys: np.ndarray, n: int) -> np.ndarray:
    """Shuffle bucket of int64 keys (already hashes; the low 2 bits are a kind tag)."""
    return ((keys.view(np.uint64) >> np.uint64(2)) % np.uint64(n)).astype(np.int64)


def pair_partition(pairs: np.ndarray, n: int) -> np.ndarray:
    """Partition of pair codes ``left << 32 | right``: by the later document ``right``, so
    each document's partners meet in one partition (the per-article selection needs them)."""
    with np.errstate(over="ignore"):
        mixed = (pairs.view(np.uint64) & np.uint64(0xFFFFFFFF)) * _MIX
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

    fp = fingerprint_batch(texts, languages, st.config, st.stopwords, st.frequent, common=st.common)
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


def _collide(keys: np.ndarray, docs: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """(left, right, key, rank) for every two of a key's first ``cap`` holders (``rank``:
    how many holders the key had before ``right``); and how many were capped."""
    if not keys.size:
        e = np.zeros(0, np.int64)
        return e, e, e, e, 0
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
    return d[left], d[right], k[right], np.repeat(r, r), int((rank >= cap).sum())


@dataclass(frozen=True)
class BucketEvidence:
    evidence: Any  # newstrace.index.scoring.PairEvidence
    capped: int = 0


def collide_bucket(table: np.ndarray, key: np.ndarray, doc: np.ndarray, cfg: Any) -> BucketEvidence:
    """Per-pair evidence of one shuffle bucket (all holders of its keys)."""
    from newstrace.index.scoring import pair_evidence

    sh = table == SHINGLE
    left, right, k, rank, capped = _collide(key[sh], doc[sh], cfg.max_postings_per_hash)
    bl, br, _bk, _br, bcapped = _collide(key[~sh], doc[~sh], cfg.max_postings_per_bucket)
    ev = pair_evidence(left, right, k, rank, bl, br, cfg.specific_holders)
    return BucketEvidence(ev, capped + bcapped)


def merge_counts(parts: list[Any]) -> Any:
    """Sum the evidence of the same pairs seen in several buckets (``scoring.merge_evidence``)."""
    from newstrace.index.scoring import merge_evidence

    return merge_evidence(parts)


@dataclass(frozen=True)
class DocInfo:
    """Per-document data the scoring needs, for a sorted array of document numbers."""

    docs: np.ndarray  # sorted int64
    ids: list[str]
    counts: np.ndarray  # (n, kinds)
    signatures: np.ndarray  # (n, perm) uint32


def score_pairs(ev: Any, info: DocInfo, cfg: Any) -> list[tuple[int, int, str, str, float, tuple[str, ...]]]:
    """Candidates ``(doc_x, doc_y, id_x, id_y, score, reasons)`` with ``id_x < id_y``.

    ``newstrace.index.scoring``, as ``CandidateIndex`` applies it: same thresholds,
    score, per-article selection and reason strings.
    """
    from newstrace.index import scoring

    ev = scoring.prefilter(ev, cfg)
    if not ev.pair.size:
        return []
    a, b = ev.pair >> 32, ev.pair & 0xFFFFFFFF
    ia, ib = np.searchsorted(info.docs, a), np.searchsorted(info.docs, b)
    s = scoring.score_pairs(ev, info.counts[ia], info.counts[ib], info.signatures[ia], info.signatures[ib], cfg)
    sa, sb = (s.pair >> 32).tolist(), (s.pair & 0xFFFFFFFF).tolist()
    pos = np.searchsorted(info.docs, s.pair >> 32).tolist(), np.searchsorted(info.docs, s.pair & 0xFFFFFFFF).tolist()
    out = []
    for k, (score, reasons) in enumerate(zip(s.score.tolist(), scoring.all_reasons(s, cfg), strict=True)):
        dx, dy = sa[k], sb[k]
        x, y = info.ids[pos[0][k]], info.ids[pos[1][k]]
        if y < x:
            x, y, dx, dy = y, x, dy, dx
        out.append((dx, dy, x, y, score, reasons))
    out.sort(key=lambda c: (c[2], c[3]))
    return out
