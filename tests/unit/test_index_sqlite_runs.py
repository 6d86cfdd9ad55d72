"""The SQLite backend's postings as stored sorted runs: persisted across connections,
consistent after a rolled-back batch, and converted from the B-tree rows of older stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from tests.unit.test_index import corpus, index

from newstrace.index import SQLiteBackend
from newstrace.index import sqlite_backend as sb
from newstrace.store.schema import MIGRATIONS


def file_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.isolation_level = None  # the test opens and ends transactions itself
    for _, sql in MIGRATIONS:
        conn.executescript(sql)
    return conn


def reopen(path: Path) -> sqlite3.Connection:
    sb._CACHE.clear()  # as a new process would: nothing but the file
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    return conn


def in_transaction(conn: sqlite3.Connection, arts: list, commit: bool = True) -> list:
    conn.execute("BEGIN")
    got = index(SQLiteBackend(conn)).add_and_query(arts)
    conn.execute("COMMIT" if commit else "ROLLBACK")
    return got


@pytest.fixture
def arts() -> list:
    return corpus(seed=11)


def test_runs_persist_across_connections(tmp_path: Path, arts: list) -> None:
    mem = index()
    path = tmp_path / "s.db"
    conn = file_conn(path)
    # small batches, so the runs merge several times on the way
    for lo in range(0, len(arts), 6):
        assert in_transaction(conn, arts[lo : lo + 6]) == mem.add_and_query(arts[lo : lo + 6])
        conn.close()
        conn = reopen(path)
    blocks = conn.execute("SELECT tbl, COUNT(DISTINCT run) FROM index_runs GROUP BY tbl").fetchall()
    assert dict(blocks)["shingle"] >= 1
    stored = sum(r[0] for r in conn.execute("SELECT n FROM index_runs WHERE tbl = 'shingle'"))
    assert stored == mem.backend.n_postings("shingle") == SQLiteBackend(conn).n_postings("shingle")


def test_rolled_back_batch_leaves_no_trace_in_the_cached_runs(tmp_path: Path, arts: list) -> None:
    conn = file_conn(tmp_path / "s.db")
    half = len(arts) // 2
    in_transaction(conn, arts[:half])
    in_transaction(conn, arts[half:], commit=False)  # crashed batch: rolled back
    # the same process indexes it again: the result is a clean run's
    mem = index()
    mem.add_and_query(arts[:half])
    assert in_transaction(conn, arts[half:]) == mem.add_and_query(arts[half:])


def test_old_btree_postings_are_converted_into_a_run(tmp_path: Path, arts: list) -> None:
    path = tmp_path / "s.db"
    conn = file_conn(path)
    half = len(arts) // 2
    in_transaction(conn, arts[:half])
    # rewrite the store as migration 7 left it: postings as B-tree rows, no runs
    for table, (name, col) in sb._LEGACY.items():
        runs = SQLiteBackend(conn)._runs().tables[table]
        rows = [(int(k), int(d)) for run in runs.runs for k, d in zip(*run.expanded(), strict=True)]
        conn.executemany(f"INSERT INTO {name} ({col}, doc) VALUES (?, ?)", rows)
    conn.execute("DELETE FROM index_runs")
    conn.execute("DELETE FROM index_meta WHERE key = ?", (sb._TOKEN_KEY,))
    conn.close()
    conn = reopen(path)
    mem = index()
    mem.add_and_query(arts[:half])
    assert in_transaction(conn, arts[half:]) == mem.add_and_query(arts[half:])
    for name, _ in sb._LEGACY.values():
        assert conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] == 0
    keys = np.concatenate([np.frombuffer(b, "<i8") for (b,) in conn.execute(
        "SELECT keys FROM index_runs WHERE tbl = 'shingle' ORDER BY run, block")])
    assert keys.size == mem.backend.n_postings("shingle")
