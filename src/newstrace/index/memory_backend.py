"""In-memory index backend: postings as a few sorted numpy arrays (log-structured).

What it does: keeps documents and (key, doc) postings in RAM, 16 bytes a
posting. New postings arrive as a sorted run; runs are merged when a run is at
least half the size of the one before it, so there are O(log n) runs and a
lookup is a ``searchsorted`` per run.

What it does not do: persist anything (``SQLiteBackend`` does), or pair
documents (``candidates``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newstrace.index.backend import TABLES
from newstrace.index.fast import i64, kernels

__all__ = ["MemoryBackend", "merge_runs"]


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(lo[i], hi[i])`` for all i, vectorised."""
    cnt = hi - lo
    total = int(cnt.sum())
    if not total:
        return np.zeros(0, np.int64)
    before = np.cumsum(cnt) - cnt
    return np.repeat(lo - before, cnt) + np.arange(total, dtype=np.int64)


def merge_runs(
    k1: np.ndarray, d1: np.ndarray, k2: np.ndarray, d2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge two key-sorted runs (equal keys: ``k1``'s entries first), without a full re-sort.

    Two ways, by size: a small run is placed into a large one by binary search, in
    O(n2 log n1 + n); otherwise a stable argsort of the concatenation, which is NumPy's
    timsort for int64 and merges the two presorted runs in one pass. Measured on random
    64-bit keys: 16M + 8M keys 0.54 s by binary search, 0.39 s by timsort; 600k + 300k
    0.016 / 0.007 s; 16M + 100k 0.12 / 0.16 s (hence the ratio of 16 below).
    """
    k = kernels()
    if k is not None:  # one linear merge, compiled (``newstrace.index.fast``): same arrays
        return k.merge_runs(i64(k1), i64(d1), i64(k2), i64(d2))  # type: ignore[no-any-return]
    if k2.size * 16 < k1.size:
        pos2 = np.searchsorted(k1, k2, "right") + np.arange(k2.size)
        n = k1.size + k2.size
        from1 = np.ones(n, dtype=bool)
        from1[pos2] = False
        keys = np.empty(n, np.int64)
        docs = np.empty(n, np.int64)
        keys[pos2], docs[pos2] = k2, d2
        keys[from1], docs[from1] = k1, d1
        return keys, docs
    keys = np.concatenate((k1, k2))
    order = np.argsort(keys, kind="stable")
    return keys[order], np.concatenate((d1, d2))[order]


class _Run:
    """One run: postings sorted by key (``keys`` repeats a key held by several documents),
    ``docs`` beside. Kept as they are, not as distinct keys with offsets (CSR): building
    that index for each new and merged run and expanding it again for each merge cost
    PAN's candidate generation 0.05 of ~1 CPU-s, and a lookup gallops through repeats as
    fast."""

    def __init__(self, keys: np.ndarray, docs: np.ndarray, presorted: bool = False) -> None:
        if presorted:
            self.keys, self.docs = keys, docs
        else:
            order = np.argsort(keys)
            self.keys, self.docs = keys[order], docs[order]

    @property
    def size(self) -> int:
        return int(self.docs.size)

    def expanded(self) -> tuple[np.ndarray, np.ndarray]:
        return self.keys, self.docs

    def lookup(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = kernels()
        if (k is not None and q.dtype == np.int64 and self.keys.dtype == np.int64
                and (q.size < 2 or bool((q[1:] >= q[:-1]).all()))):
            # ascending queries (``_collide`` asks for its sorted distinct keys): a galloping
            # merge, compiled (``newstrace.index.fast``), gives the same arrays
            return k.sorted_lookup(i64(self.keys), i64(self.docs), i64(q))  # type: ignore[no-any-return]
        lo = np.searchsorted(self.keys, q, "left")
        hi = np.searchsorted(self.keys, q, "right")
        idx = expand_ranges(lo, hi)
        return self.keys[idx], self.docs[idx]


class _Runs:
    """Sorted runs, oldest first. Each run has an id, increasing with age order, so a
    persistent backend can tell which runs an ``add`` replaced (``SQLiteBackend``)."""

    def __init__(self, runs: Sequence[tuple[int, _Run]] = ()) -> None:
        self.runs: list[_Run] = [r for _, r in runs]
        self.ids: list[int] = [i for i, _ in runs]
        self.next_id = max(self.ids, default=-1) + 1

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        if not keys.size:
            return
        # no copy of int64 arrays: postings come from ``_collide``, which keeps no reference
        k, d = keys.astype(np.int64, copy=False), docs.astype(np.int64, copy=False)
        self._append(_Run(k, d, presorted=bool((k[1:] >= k[:-1]).all())))
        # merge while the newest run is at least half the size of the one before it:
        # O(log n) runs, each posting re-sorted O(log n) times
        while len(self.runs) >= 2 and self.runs[-1].size * 2 >= self.runs[-2].size:
            (k1, d1), (k2, d2) = self.runs[-2].expanded(), self.runs[-1].expanded()
            del self.runs[-2:], self.ids[-2:]
            self._append(_Run(*merge_runs(k1, d1, k2, d2), presorted=True))

    def _append(self, run: _Run) -> None:
        self.runs.append(run)
        self.ids.append(self.next_id)
        self.next_id += 1

    def lookup(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = [run.lookup(q) for run in self.runs]
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        k = kernels()
        if k is not None and len(found) > 1 and q.dtype == np.int64 and bool((q[1:] >= q[:-1]).all()):
            # ascending queries: each run's rows come in key order, so merging them (oldest
            # run first on equal keys) gives the stable sort by key that ``_collide`` needs,
            # without it sorting the concatenation (compiled: ``newstrace.index.fast``)
            keys, docs = found[0]
            for k2, d2 in found[1:]:
                keys, docs = k.merge_runs(i64(keys), i64(docs), i64(k2), i64(d2))
            return keys, docs
        return np.concatenate([k for k, _ in found]), np.concatenate([d for _, d in found])

    def size(self) -> int:
        return sum(run.size for run in self.runs)


class MemoryBackend:
    """Index in RAM (see module docstring). Not thread-safe; one writer."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._number: dict[str, int] = {}
        self._counts: list[np.ndarray] = []
        self._sigs: list[np.ndarray] = []
        self._cache: tuple[np.ndarray, np.ndarray] | None = None
        self._tables = {t: _Runs() for t in TABLES}
        self._meta: dict[str, str] = {}

    def n_docs(self) -> int:
        return len(self._ids)

    def known(self, article_ids: Sequence[str]) -> set[str]:
        return {a for a in article_ids if a in self._number}

    def add_docs(
        self,
        article_ids: Sequence[str],
        counts: np.ndarray,
        signatures: np.ndarray,
        has_sig: np.ndarray,
    ) -> None:
        for a in article_ids:
            self._number[a] = len(self._ids)
            self._ids.append(a)
        self._counts.append(np.asarray(counts, dtype=np.int64))
        self._sigs.append(np.asarray(signatures, dtype=np.uint32))
        self._cache = None

    def docs(self, numbers: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
        if self._cache is None:
            if self._counts:
                self._cache = (np.concatenate(self._counts), np.concatenate(self._sigs))
                self._counts, self._sigs = [self._cache[0]], [self._cache[1]]
            else:
                self._cache = (np.zeros((0, 0), np.int64), np.zeros((0, 0), np.uint32))
        counts, sigs = self._cache
        nums = np.asarray(numbers, dtype=np.int64)
        return [self._ids[i] for i in nums.tolist()], counts[nums], sigs[nums]

    def postings(self, table: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._tables[table].lookup(np.asarray(keys, dtype=np.int64))

    def add_postings(self, table: str, keys: np.ndarray, docs: np.ndarray) -> None:
        self._tables[table].add(np.asarray(keys), np.asarray(docs))

    def n_postings(self, table: str) -> int:
        return self._tables[table].size()

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value
