"""SQLite index backend: the index lives in tables of the newstrace store.

What it does: stores documents (``index_docs``, with a TEMP table joined on the
document number for lookups) and the settings the index was built with
(``index_meta``), and keeps the postings (fingerprints and MinHash LSH buckets)
as ``MemoryBackend``'s sorted runs, saved in ``index_runs`` as blocks of
little-endian int64 arrays (migration ``0008_index_runs``). A run is written
once and deleted when merged, so a batch writes its own postings plus the runs
its merges replace: each posting is rewritten O(log n) times, as sequential blobs.

Why runs and not one B-tree row per posting (the layout before): a B-tree lookup
and insert per posting outgrew the page cache, and the index stage took 666 s of
the 1,738 s of ``analyze`` at 100k articles against ~35 s in memory
(docs/scaling.md). The runs of a store are loaded once per process and kept (a
module-level cache checked against a token in ``index_meta`` on every call, so a
rolled-back transaction or another process's write is noticed and the runs are
read again): the postings must fit in RAM, 16 bytes each (~0.4 GB at 100k
articles); beyond that, the Dask engine (Parquet runs) is the one to use. A
store whose postings are still B-tree rows (``index_postings``, before migration
8) has them converted to a run by the first call, inside the caller's
transaction.

What it does not do: commit or open transactions. It works inside the
caller's transaction (the store's ``with store.transaction():``), so indexing a
batch is all-or-nothing together with the rest of ``analyze``'s batch.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence

import numpy as np

from newstrace.index.backend import TABLES
from newstrace.index.memory_backend import _Run, _Runs
from newstrace.index.scoring import sorted_unique

__all__ = ["SQLiteBackend"]

# B-tree tables of the layout before runs: read once, to convert a store's old postings
_LEGACY = {"shingle": ("index_postings", "hash"), "band": ("index_minhash", "bucket")}
_CHUNK = 500  # ids per IN (...) query: well under SQLite's 32,766 bound variables
# Postings per stored block: 2^22 x 8 bytes = 32 MB per blob, far under SQLite's default
# 1 GB limit on a value, and small enough to write without a second copy in memory.
_BLOCK = 1 << 22
_TOKEN_KEY = "runs-token"  # index_meta: changes with every write of runs


class _Cached:
    """The runs of one store as last read or written, and the token they match."""

    def __init__(self, token: str | None, tables: dict[str, _Runs]) -> None:
        self.token = token
        self.tables = tables


# database file -> its runs, for the last few stores used in this process
_CACHE: dict[str, _Cached] = {}
_CACHE_STORES = 2


def _chunks(seq: Sequence[str], n: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


class SQLiteBackend:
    """Index tables inside an open ``sqlite3.Connection`` (migration ``0002_index`` applied)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS index_query (key INTEGER PRIMARY KEY)")

    def n_docs(self) -> int:
        row = self.conn.execute("SELECT COALESCE(MAX(doc) + 1, 0) FROM index_docs").fetchone()
        return int(row[0])

    def known(self, article_ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for part in _chunks(list(article_ids), _CHUNK):
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                f"SELECT article_id FROM index_docs WHERE article_id IN ({marks})", part
            )
            out.update(r[0] for r in rows)
        return out

    def add_docs(
        self,
        article_ids: Sequence[str],
        counts: np.ndarray,
        signatures: np.ndarray,
        has_sig: np.ndarray,
    ) -> None:
        base = self.n_docs()
        sigs = np.ascontiguousarray(signatures, dtype="<u4")
        rows = (
            (
                base + i,
                a,
                counts[i].astype("<i8").tobytes(),
                sigs[i].tobytes() if has_sig[i] else None,
            )
            for i, a in enumerate(article_ids)
        )
        self.conn.executemany(
            "INSERT INTO index_docs (doc, article_id, counts, signature) VALUES (?, ?, ?, ?)", rows
        )

    def docs(self, numbers: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
        nums = np.asarray(numbers, dtype=np.int64).tolist()
        found: dict[int, tuple[str, bytes, bytes | None]] = {}
        for row in self._join(
            "SELECT d.doc, d.article_id, d.counts, d.signature FROM temp.index_query q "
            "JOIN index_docs d ON d.doc = q.key",
            sorted_unique(np.asarray(nums, np.int64)),
        ):
            found[row[0]] = (row[1], row[2], row[3])
        ids = [found[n][0] for n in nums]
        width = len(found[nums[0]][1]) // 8 if nums else 0
        counts = np.frombuffer(b"".join(found[n][1] for n in nums), dtype="<i8").reshape(
            len(nums), width
        )
        perm = max((len(s) // 4 for _, _, s in found.values() if s), default=0)
        zero = bytes(4 * perm)
        sigs = np.frombuffer(b"".join(found[n][2] or zero for n in nums), dtype="<u4").reshape(
            len(nums), perm
        )
        return ids, counts.astype(np.int64), sigs.astype(np.uint32)

    def _join(self, sql: str, keys: np.ndarray) -> list[tuple]:
        self.conn.execute("DELETE FROM temp.index_query")
        self.conn.executemany(
            "INSERT INTO temp.index_query (key) VALUES (?)", ((k,) for k in keys.tolist())
        )
        return self.conn.execute(sql).fetchall()

    # -- postings: sorted runs, cached -------------------------------------------------
    def _store_key(self) -> str:
        row = self.conn.execute("PRAGMA database_list").fetchone()
        path = row[2] if row is not None else ""
        return path or f"memory:{id(self.conn)}"  # an in-memory database is its connection

    def _runs(self) -> _Cached:
        key = self._store_key()
        token = self.get_meta(_TOKEN_KEY)
        cached = _CACHE.get(key)
        if cached is not None and token is not None and cached.token == token:
            return cached
        cached = _Cached(token, {t: self._read_runs(t) for t in TABLES})
        if self._convert_legacy(cached):
            cached.token = self._new_token()
        _CACHE.pop(key, None)
        _CACHE[key] = cached
        while len(_CACHE) > _CACHE_STORES:  # the least recently loaded store goes first
            del _CACHE[next(iter(_CACHE))]
        return cached

    def _read_runs(self, table: str) -> _Runs:
        parts: dict[int, tuple[list[bytes], list[bytes]]] = {}
        for run, keys, docs in self.conn.execute(
            "SELECT run, keys, docs FROM index_runs WHERE tbl = ? ORDER BY run, block", (table,)
        ):
            k, d = parts.setdefault(run, ([], []))
            k.append(keys)
            d.append(docs)
        runs = []
        for run, (k, d) in parts.items():
            keys_arr = np.frombuffer(b"".join(k), dtype="<i8").astype(np.int64)
            docs_arr = np.frombuffer(b"".join(d), dtype="<i8").astype(np.int64)
            runs.append((run, _Run(keys_arr, docs_arr, presorted=True)))
        return _Runs(runs)

    def _write_run(self, table: str, run_id: int, run: _Run) -> None:
        keys, docs = run.expanded()
        keys = keys.astype("<i8", copy=False)
        docs = docs.astype("<i8", copy=False)
        self.conn.executemany(
            "INSERT INTO index_runs (tbl, run, block, n, keys, docs) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (table, run_id, b, int(min(_BLOCK, keys.size - i)),
                 keys[i : i + _BLOCK].tobytes(), docs[i : i + _BLOCK].tobytes())
                for b, i in enumerate(range(0, keys.size, _BLOCK))
            ),
        )

    def _new_token(self) -> str:
        token = uuid.uuid4().hex
        self.set_meta(_TOKEN_KEY, token)
        return token

    def _convert_legacy(self, cached: _Cached) -> bool:
        """Turn postings stored as B-tree rows (before migration 8) into one oldest run."""
        converted = False
        for table, (name, col) in _LEGACY.items():
            if self.conn.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() is None:
                continue
            cur = self.conn.execute(f"SELECT {col}, doc FROM {name} ORDER BY {col}, doc")
            parts = []  # a million rows at a time: Python tuples of all 24M (100k) would take GBs
            while rows := cur.fetchmany(1 << 20):
                parts.append(np.array(rows, dtype=np.int64).reshape(-1, 2))
            arr = np.concatenate(parts)
            runs = cached.tables[table]
            run_id = min(runs.ids, default=0) - 1  # older than any run already there
            legacy = _Run(arr[:, 0].copy(), arr[:, 1].copy(), presorted=True)
            cached.tables[table] = _Runs([(run_id, legacy), *zip(runs.ids, runs.runs, strict=True)])
            self._write_run(table, run_id, legacy)
            self.conn.execute(f"DELETE FROM {name}")
            converted = True
        return converted

    def postings(self, table: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._runs().tables[table].lookup(np.asarray(keys, dtype=np.int64))

    def release(self) -> None:
        """Drop this store's cached runs (the next call reads them again): ``analyze``
        calls it after its index stage, so the ~0.8 GB of runs at 100k articles is not
        held through the later stages, nor copied into their worker processes."""
        _CACHE.pop(self._store_key(), None)

    def add_postings(self, table: str, keys: np.ndarray, docs: np.ndarray) -> None:
        cached = self._runs()
        # the cached runs change before the rows do: should a write fail (and the caller's
        # transaction roll back), the next call must read the runs again
        cached.token = None
        runs = cached.tables[table]
        before = set(runs.ids)
        runs.add(np.asarray(keys), np.asarray(docs))
        gone = before - set(runs.ids)
        if gone:
            marks = ",".join("?" * len(gone))
            self.conn.execute(
                f"DELETE FROM index_runs WHERE tbl = ? AND run IN ({marks})", (table, *sorted(gone))
            )
        for run_id, run in zip(runs.ids, runs.runs, strict=True):
            if run_id not in before:
                self._write_run(table, run_id, run)
        cached.token = self._new_token()

    def n_postings(self, table: str) -> int:
        return self._runs().tables[table].size()

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM index_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO index_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
