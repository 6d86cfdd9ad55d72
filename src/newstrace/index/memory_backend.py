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

__all__ = ["MemoryBackend"]


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(lo[i], hi[i])`` for all i, vectorised."""
    cnt = hi - lo
    total = int(cnt.sum())
    if not total:
        return np.zeros(0, np.int64)
    before = np.cumsum(cnt) - cnt
    return np.repeat(lo - before, cnt) + np.arange(total, dtype=np.int64)


class _Runs:
    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, keys: np.ndarray, docs: np.ndarray) -> None:
        if not keys.size:
            return
        order = np.argsort(keys, kind="stable")
        self.runs.append((keys[order].astype(np.int64), docs[order].astype(np.int64)))
        while len(self.runs) >= 2 and self.runs[-1][0].size * 2 >= self.runs[-2][0].size:
            (k1, d1), (k2, d2) = self.runs[-2], self.runs[-1]
            k, d = np.concatenate((k1, k2)), np.concatenate((d1, d2))
            order = np.argsort(k, kind="stable")
            self.runs[-2:] = [(k[order], d[order])]

    def lookup(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ks: list[np.ndarray] = []
        ds: list[np.ndarray] = []
        for k, d in self.runs:
            idx = expand_ranges(np.searchsorted(k, q, "left"), np.searchsorted(k, q, "right"))
            ks.append(k[idx])
            ds.append(d[idx])
        if not ks:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(ks), np.concatenate(ds)

    def size(self) -> int:
        return sum(k.size for k, _ in self.runs)


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
