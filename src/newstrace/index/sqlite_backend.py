"""SQLite index backend: the index lives in tables of the newstrace store.

What it does: stores documents (``index_docs``), fingerprint postings
(``index_postings``, clustered on (hash, doc)), MinHash LSH buckets
(``index_minhash``) and the settings the index was built with
(``index_meta``); the tables come from migration ``0002_index`` in
``newstrace.store.schema``. Lookups go through a TEMP table joined on the
clustered key, so a batch of 100k keys is one query. The index grows with each
batch and need not fit in RAM.

What it does not do: commit or open transactions. It works inside the
caller's transaction (the store's ``with store.transaction():``), so indexing a
batch is all-or-nothing together with the rest of ``analyze``'s batch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

import numpy as np

from newstrace.index.scoring import sorted_unique

__all__ = ["SQLiteBackend"]

_TABLE = {"shingle": ("index_postings", "hash"), "band": ("index_minhash", "bucket")}
_CHUNK = 500  # ids per IN (...) query: well under SQLite's 32,766 bound variables


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

    def postings(self, table: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        name, col = _TABLE[table]
        rows = self._join(
            f"SELECT p.{col}, p.doc FROM temp.index_query q JOIN {name} p ON p.{col} = q.key",
            sorted_unique(np.asarray(keys, dtype=np.int64)),
        )
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        arr = np.array(rows, dtype=np.int64)
        return arr[:, 0].copy(), arr[:, 1].copy()

    def add_postings(self, table: str, keys: np.ndarray, docs: np.ndarray) -> None:
        name, col = _TABLE[table]
        self.conn.executemany(
            f"INSERT INTO {name} ({col}, doc) VALUES (?, ?)",
            zip(
                np.asarray(keys, np.int64).tolist(),
                np.asarray(docs, np.int64).tolist(),
                strict=True,
            ),
        )

    def n_postings(self, table: str) -> int:
        name, _ = _TABLE[table]
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM index_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO index_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
