"""Corpus-wide candidate generation: which article pairs are worth aligning.

What it does: ``CandidateIndex`` fingerprints a batch of articles
(``fingerprints``), looks the fingerprints up in the index (a backend: RAM or
SQLite), and returns the pairs that share enough of them, among the new
articles and between new and already indexed ones, then adds the batch to the
index. It never compares all pairs: work is proportional to the postings that
collide. Every candidate says why it was proposed (shared word shingles,
shared stopword n-grams, MinHash band match with the estimated Jaccard).

Which pairs qualify and which are kept is decided in ``scoring`` (shared with
the Dask engine): a shared key counts less the more earlier articles hold it
(stock phrases), and each article keeps at most ``max_partners`` partners among
the articles indexed before it, the best first.

Indexing in batches gives exactly the pairs of one batch over everything in
the same order: a fingerprint pairs only the first ``max_postings_per_hash``
articles that carry it (in indexing order), whatever the batch boundaries, and
a pair is judged when its later article is indexed, against everything before it.

What it does not do: verify candidates (``newstrace.align`` does: no reuse edge
without aligned passages) or decide a reuse kind or direction (``newstrace.reuse``).

>>> from newstrace.index import CandidateIndex, MemoryBackend
>>> from newstrace.types import Article
>>> text = "The river flooded the old town on Monday and the mayor said that the water was higher than ever before in the history of the valley."
>>> idx = CandidateIndex(MemoryBackend())
>>> [(c.a_id, c.b_id) for c in idx.add_and_query([Article("a", text), Article("b", "Breaking: " + text)])]
[('a', 'b')]
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Protocol

import numpy as np

from newstrace.errors import ConfigError
from newstrace.index.backend import IndexBackend
from newstrace.index.config import IndexConfig
from newstrace.index.fast import i64, kernels
from newstrace.index.fingerprints import (
    N_KINDS,
    StopwordTable,
    common_english,
    default_stopwords,
    fingerprint_batch,
    frequent_english,
)
from newstrace.index.memory_backend import merge_runs
from newstrace.index.scoring import (
    WEIGHT_ONE,
    all_reasons,
    labels,
    minimums,
    pair_evidence,
    prefilter,
    score_pairs,
    sorted_unique,
)
from newstrace.index.tokens import TOKENIZER

__all__ = ["Candidate", "CandidateIndex", "IndexStats"]


class _ArticleLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """A pair worth aligning: ``a_id < b_id``; ``score`` in [0, 1]; ``reasons`` why."""

    a_id: str
    b_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass
class IndexStats:
    """Counters (datatrove style); ``as_dict()`` for logs and reports."""

    articles_indexed: int = 0
    articles_skipped: int = 0  # already indexed, or repeated within the input
    articles_queried: int = 0
    non_english_projection: int = 0  # stopword n-grams from the text's own frequent tokens
    fingerprints: int = 0  # distinct (article, fingerprint) of indexed + queried articles
    postings: int = 0  # fingerprint postings stored
    band_postings: int = 0  # MinHash bucket postings stored
    skipped_common: int = 0  # fingerprint postings beyond max_postings_per_hash
    skipped_common_bands: int = 0  # bucket postings beyond max_postings_per_bucket
    candidates: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class _Collisions:
    left: np.ndarray  # doc numbers, left < right
    right: np.ndarray
    keys: np.ndarray  # the key they share
    ranks: np.ndarray  # how many holders the key had before ``right`` (>= 1)
    store_keys: np.ndarray  # new postings to store (within the cap)
    store_docs: np.ndarray
    repeated: np.ndarray  # keys of new postings dropped as repeats within their document
    repeated_docs: np.ndarray
    skipped: int
    # the collisions grouped per (pair, kind) (``scoring._group_collisions``' four arrays)
    # instead of ``left`` .. ``ranks`` (then empty): the Cython kernels' ``collide_grouped``
    grouped: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None


def _key_order(keys: np.ndarray) -> np.ndarray:
    """The stable argsort of int64 ``keys`` (equal keys keep their input order).

    Sorts, in place of an argsort, each key with its low bits replaced by its position:
    ``np.sort`` of int64 is about twice as fast as ``np.argsort`` (AVX-512 sorting
    network; 1.8M keys: 0.08 s against 0.17 s), and this argsort was 25% of candidate
    generation on PAN. Keys are 64-bit hashes, so two different keys agreeing on all but
    their low ~21 bits are rare (about one pair per batch of millions); when the result
    is not sorted by the full key, it falls back to ``np.argsort``.
    """
    n = keys.size
    bits = max(1, (n - 1).bit_length())
    if n < 2 or bits > 40:
        return np.argsort(keys, kind="stable")
    low = (1 << bits) - 1
    packed = (keys >> bits) << bits  # floor to the high bits: order-preserving for int64
    packed |= np.arange(n, dtype=np.int64)
    packed.sort()
    order = packed & low
    s = keys[order]
    if not (s[1:] >= s[:-1]).all():
        return np.argsort(keys, kind="stable")
    return order


@dataclass(frozen=True)
class _Grouping:
    """How ``_collide`` may hand back its collisions grouped (the Cython kernels'
    ``collide_grouped``): the ``free`` of ``scoring.pair_evidence``, and what
    ``scoring.prefilter`` will ask of a pair (``minimums``, ``min_specific_percent``, the
    band pairs it keeps anyway), so that pairs it would drop are never grouped."""

    free: int
    mins: np.ndarray
    percent: int
    keep_pairs: np.ndarray  # sorted pair codes


def _collide(
    backend: IndexBackend, table: str, keys: np.ndarray, docs: np.ndarray, cap: int,
    group: _Grouping | None = None, inplace: bool = False,
) -> _Collisions:
    """Pairs of documents sharing a key, among ``docs`` (new) and with stored ones.

    A key pairs only its first ``cap`` holders in document order; new holders
    beyond that are skipped (not stored, not paired). The batch's keys are sorted
    once; the holders of keys held more than once (in the batch or the index: most
    keys are unique) are then merged with the stored ones, already in key order.

    ``group``: the Cython kernels then return the collisions grouped
    (``_Collisions.grouped``) and without the pairs ``scoring.prefilter`` would drop; the
    other paths return every collision as arrays. ``inplace``: ``keys`` and ``docs`` are
    the caller's to give away (int64, contiguous): the Cython kernels sort them in place.
    """
    empty = np.zeros(0, np.int64)
    if not keys.size:
        return _Collisions(empty, empty, empty, empty, empty, empty, empty, empty, 0)
    k = kernels()
    if k is not None:
        if inplace and hasattr(k, "key_sort_inplace") and keys.dtype == docs.dtype == np.int64 \
                and keys.flags.c_contiguous and docs.flags.c_contiguous:
            k.key_sort_inplace(keys, docs)  # stable, as key_sort; no fresh arrays
            s, dk = keys, docs
        else:
            s, dk = k.key_sort(i64(keys), i64(docs))  # stable: equal keys in input order
        return _collide_fast(k, backend, table, s, dk, cap, group)
    korder = _key_order(keys)
    s = keys[korder]
    first = np.ones(s.size, dtype=bool)
    first[1:] = s[1:] != s[:-1]
    starts = np.flatnonzero(first)
    uniq = s[starts]
    old_k, old_d = _stored_by_key(*backend.postings(table, uniq))
    # a key needs sorting by (key, doc) only if it is held twice: in the batch or the index
    multi = np.diff(np.append(starts, s.size)) > 1
    if old_k.size:
        # each stored key once (a key has up to ``cap`` stored holders)
        held = old_k[np.concatenate(([True], old_k[1:] != old_k[:-1]))]
        multi[np.searchsorted(uniq, held)] = True
    multi_sorted = multi[np.cumsum(first) - 1]
    dk = docs[korder]  # each key's document, in key order
    # the (key, doc) run of every holder of a shared key: the stored holders merged with
    # the batch's (already in key order from the sort above, so no second sort: 10% of
    # candidate generation on PAN); a key's stored holders come first (they are older)
    bk, bd = s[multi_sorted], dk[multi_sorted]
    pos = np.searchsorted(old_k, bk, "right") + np.arange(bk.size)
    new = np.zeros(old_k.size + bk.size, dtype=bool)
    new[pos] = True
    ak = np.empty(new.size, np.int64)
    ad = np.empty(new.size, np.int64)
    ak[pos], ad[pos] = bk, bd
    ak[~new], ad[~new] = old_k, old_d
    # within a key, holders must be doc-ascending: stored ones are older than the batch's,
    # and a batch's holders of one key come in document order except a short document's
    # lone winnowing minimum (appended last); checked, with a full two-key sort otherwise
    if ak.size > 1 and not ((ak[1:] != ak[:-1]) | (ad[1:] >= ad[:-1])).all():
        order = np.lexsort((ad, ak))
        ak, ad, new = ak[order], ad[order], new[order]
    again = np.zeros(ak.size, dtype=bool)
    again[1:] = (ak[1:] == ak[:-1]) & (ad[1:] == ad[:-1])
    repeated, repeated_docs = ak[again & new], ad[again & new]
    ak, ad, new = ak[~again], ad[~again], new[~again]
    first = np.ones(ak.size, dtype=bool)
    first[1:] = ak[1:] != ak[:-1]
    gstart = np.flatnonzero(first)
    gid = np.cumsum(first) - 1
    rank = np.arange(ak.size) - gstart[gid]
    keep = rank < cap
    store = new & keep
    j = np.flatnonzero(store & (rank > 0))
    r = rank[j]
    total = int(r.sum())
    before = np.cumsum(r) - r
    left = np.repeat(gstart[gid[j]] - before, r) + np.arange(total, dtype=np.int64)
    right = np.repeat(j, r)
    # postings to store, sorted by key: the singletons (already in key order) merged with
    # the stored collisions (in (key, doc) order), so a backend need not sort them again
    store_k, store_d = merge_runs(
        s[~multi_sorted], dk[~multi_sorted], ak[store], ad[store]
    )
    return _Collisions(
        ad[left],
        ad[right],
        ak[right],
        np.repeat(r, r),
        store_k,
        store_d,
        repeated,
        repeated_docs,
        int((new & ~keep).sum()),
    )


def _stored_by_key(old_k: np.ndarray, old_d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A backend's stored holders in key order, each key's holders oldest first.

    Several stored runs come concatenated, each in key order, oldest first: a stable sort by
    key keeps each key's holders doc-ascending. NumPy's stable sort of int64 is timsort,
    which merges the presorted runs: 2M keys from 5 runs take 0.02 s, against 0.17 s for
    ``_key_order`` (made for unordered keys) and far more for lexsort (32 of 48 s of
    candidate generation at 100k articles)."""
    if old_k.size > 1 and not (old_k[1:] >= old_k[:-1]).all():
        o = np.argsort(old_k, kind="stable")
        return old_k[o], old_d[o]
    return old_k, old_d


def _collide_fast(
    k: ModuleType, backend: IndexBackend, table: str, s: np.ndarray, dk: np.ndarray, cap: int,
    group: _Grouping | None = None,
) -> _Collisions:
    """``_collide`` after the sort, by the numba kernel (``newstrace.index.fast``): the
    same arrays, from one merge of the batch's sorted keys with the stored holders."""
    old_k, old_d = _stored_by_key(*backend.postings(table, k.unique_sorted(s)))
    if group is not None and hasattr(k, "collide_grouped"):
        store_k, store_d, rep_k, rep_d, skipped, *grouped = k.collide_grouped(
            s, i64(dk), i64(old_k), i64(old_d), int(cap), int(group.free), WEIGHT_ONE,
            i64(group.mins), int(group.percent), i64(group.keep_pairs),
        )
        empty = np.zeros(0, np.int64)
        return _Collisions(
            empty, empty, empty, empty, store_k, store_d, rep_k, rep_d, int(skipped), tuple(grouped),  # type: ignore[arg-type]
        )
    left, right, keys, ranks, store_k, store_d, rep_k, rep_d, skipped = k.collide(
        s, i64(dk), i64(old_k), i64(old_d), int(cap),
    )
    return _Collisions(left, right, keys, ranks, store_k, store_d, rep_k, rep_d, int(skipped))


@contextmanager
def _scratch_kept(several_chunks: bool) -> Iterator[None]:
    """The Cython kernels keep their scratch buffers over the chunks of one batch (freed
    at its end): each chunk would otherwise fault in ~100 MB of fresh scratch pages on
    PAN 2013, whose system time (0.02-0.35 CPU-s a run on this VM) was the noisiest part
    of candidate generation. A no-op for one chunk, and on the numba and numpy paths."""
    k = kernels()
    keep = getattr(k, "keep_scratch", None) if several_chunks else None
    if keep is None:
        yield
        return
    keep(True)
    try:
        yield
    finally:
        keep(False)


class CandidateIndex:
    """Candidate pairs over a growing corpus (see module docstring).

    ``stopwords``: the English function-word list for stopword n-grams; by
    default ``newstrace.text.stopwords.ENGLISH`` (a built-in list until it exists).
    ``frequent``: English words left out of content-word n-grams; by default the
    ``config.content_skip_frequent`` most frequent ones (wordfreq).
    ``common``: English words that are not rare (rare-word n-grams); by default
    those above ``config.rare_max_zipf`` (wordfreq).
    """

    def __init__(
        self,
        backend: IndexBackend,
        config: IndexConfig | None = None,
        stopwords: Iterable[str] | None = None,
        frequent: Iterable[str] | None = None,
        common: Iterable[str] | None = None,
    ) -> None:
        self.backend = backend
        self.config = config or IndexConfig()
        self.stopwords = StopwordTable.build(
            default_stopwords() if stopwords is None else stopwords
        )
        self.frequent = StopwordTable.build(
            frequent_english(self.config.content_skip_frequent) if frequent is None else frequent
        )
        self.common = StopwordTable.build(
            common_english(self.config.rare_max_zipf) if common is None else common
        )
        self.stats = IndexStats()
        self._checked = False

    # -- public API --------------------------------------------------------------------
    def add_and_query(self, articles: Sequence[_ArticleLike]) -> list[Candidate]:
        """Candidates among ``articles`` and with everything indexed; then index them.

        Articles already indexed (same id) are skipped. Sorted by (a_id, b_id).
        """
        self._check_settings()
        new = self._new_articles(articles)
        out: list[Candidate] = []
        step = max(1, self.config.chunk_size)
        with _scratch_kept(len(new) > step):
            for i in range(0, len(new), step):
                out.extend(self._process(new[i : i + step], add=True))
        out.sort(key=lambda c: (c.a_id, c.b_id))
        return out

    def query(self, articles: Sequence[_ArticleLike]) -> list[Candidate]:
        """Candidates among ``articles`` and with everything indexed, without indexing them."""
        self._check_settings()
        seen: set[str] = set()
        uniq = [a for a in articles if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]
        out = [c for c in self._process(uniq, add=False) if c.a_id != c.b_id]
        out.sort(key=lambda c: (c.a_id, c.b_id))
        return out

    # -- internals -------------------------------------------------------------------
    def _check_settings(self) -> None:
        if self._checked:
            return
        key = self.config.shape_key(
            f"{TOKENIZER}/{self.stopwords.digest}/{self.frequent.digest}/{self.common.digest}"
        )
        stored = self.backend.get_meta("settings")
        if stored is None:
            self.backend.set_meta("settings", key)
        elif stored != key:
            raise ConfigError(
                "the candidate index was built with other settings "
                f"({stored}); rebuild it or use those settings (now {key})"
            )
        self._checked = True

    def _new_articles(self, articles: Sequence[_ArticleLike]) -> list[_ArticleLike]:
        known = self.backend.known([a.id for a in articles])
        seen: set[str] = set()
        new: list[_ArticleLike] = []
        for a in articles:
            if a.id in known or a.id in seen:
                continue
            seen.add(a.id)
            new.append(a)
        self.stats.articles_skipped += len(articles) - len(new)
        return new

    def _process(self, arts: Sequence[_ArticleLike], add: bool) -> list[Candidate]:
        if not arts:
            return []
        cfg = self.config
        base = self.backend.n_docs()
        fp = fingerprint_batch(
            [a.text for a in arts],
            [getattr(a, "language", None) for a in arts],
            cfg,
            self.stopwords,
            self.frequent,
            common=self.common,
        )
        nb = fp.bands.shape[1]
        bd = np.flatnonzero(fp.has_signature)
        bn = _collide(
            self.backend,
            "band",
            fp.bands[bd].ravel(),
            np.repeat(bd + base, nb),
            cfg.max_postings_per_bucket,
        )
        # the band pairs first: the shingle collisions of a pair that neither qualifies
        # nor has a band match need not be grouped (``_Grouping``)
        band_pairs = sorted_unique((bn.left << 32) | bn.right)
        group = _Grouping(cfg.specific_holders, minimums(cfg), cfg.min_specific_percent, band_pairs)
        docs = fp.docs  # this batch's own arrays: numbered from ``base`` and sorted in place
        docs += base
        sh = _collide(self.backend, "shingle", fp.keys, docs, cfg.max_postings_per_hash, group, inplace=True)
        counts = fp.counts.copy()
        if sh.repeated.size:
            np.subtract.at(counts, (sh.repeated_docs - base, sh.repeated & 3), 1)
        cands = self._score(arts, counts, fp.signatures, base, sh, bn)
        st = self.stats
        st.fingerprints += int(counts.sum())
        st.non_english_projection += int(fp.fallback.sum())
        st.skipped_common += sh.skipped
        st.skipped_common_bands += bn.skipped
        if add:
            self.backend.add_docs([a.id for a in arts], counts, fp.signatures, fp.has_signature)
            self.backend.add_postings("shingle", sh.store_keys, sh.store_docs)
            self.backend.add_postings("band", bn.store_keys, bn.store_docs)
            st.articles_indexed += len(arts)
            st.postings += int(sh.store_keys.size)
            st.band_postings += int(bn.store_keys.size)
        else:
            st.articles_queried += len(arts)
        st.candidates += len(cands)
        return cands

    def _score(
        self,
        arts: Sequence[_ArticleLike],
        new_counts: np.ndarray,
        new_sigs: np.ndarray,
        base: int,
        sh: _Collisions,
        bn: _Collisions,
    ) -> list[Candidate]:
        cfg = self.config
        ev = prefilter(
            pair_evidence(
                sh.left, sh.right, sh.keys, sh.ranks, bn.left, bn.right, cfg.specific_holders, sh.grouped
            ),
            cfg,
        )
        if not ev.pair.size:
            return []
        a = ev.pair >> 32
        b = ev.pair & 0xFFFFFFFF
        # per-document counts and signatures: new docs from the batch, old ones from the backend
        docs = sorted_unique(np.concatenate((a, b)))
        is_old = docs < base
        old = docs[is_old]
        counts = np.zeros((docs.size, N_KINDS), np.int64)
        sigs = np.zeros((docs.size, new_sigs.shape[1]), np.uint32)
        id_of: dict[int, str] = {}
        if old.size:
            ids_old, counts_old, sigs_old = self.backend.docs(old)
            counts[is_old] = counts_old
            if sigs_old.shape[1] == sigs.shape[1]:
                sigs[is_old] = sigs_old
            id_of.update(zip(old.tolist(), ids_old, strict=True))
        newpos = docs[~is_old] - base
        counts[~is_old] = new_counts[newpos]
        sigs[~is_old] = new_sigs[newpos]
        for p in newpos.tolist():
            id_of[p + base] = arts[p].id
        ia = np.searchsorted(docs, a)
        ib = np.searchsorted(docs, b)
        s = score_pairs(ev, counts[ia], counts[ib], sigs[ia], sigs[ib], cfg)
        lab = labels(cfg)
        by_reason = self.stats.by_reason
        for t in range(N_KINDS):
            by_reason[lab[t]] = by_reason.get(lab[t], 0) + int(s.qualifies[:, t].sum())
        by_reason["MinHash band match"] = by_reason.get("MinHash band match", 0) + int(s.banded.sum())
        out: list[Candidate] = []
        sa, sb = (s.pair >> 32).tolist(), (s.pair & 0xFFFFFFFF).tolist()
        # the garbage collector paused while the candidates are built: they and their
        # reasons are tens of thousands of new objects, none garbage, and the collections
        # they set off (full ones among them, which scan every object of the process) cost
        # PAN 0.07 CPU-s, 7% of candidate generation
        paused = gc.isenabled()
        gc.disable()
        try:
            for k, (score, reasons) in enumerate(zip(s.score.tolist(), all_reasons(s, cfg), strict=True)):
                x, y = id_of[sa[k]], id_of[sb[k]]
                if y < x:
                    x, y = y, x
                out.append(Candidate(x, y, score, reasons))
        finally:
            if paused:
                gc.enable()
        return out
