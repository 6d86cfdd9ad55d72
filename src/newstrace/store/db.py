"""Opening the SQLite store: WAL, migrations, one writer, read-only readers.

``Store`` wraps one ``sqlite3.Connection``. A writer applies pending
migrations on open; a reader (``readonly=True``) opens the file with
``mode=ro`` and refuses a database whose schema is behind or ahead of this
code. Transactions are explicit (``with store.transaction():``) so a batch is
all-or-nothing: a SIGKILL mid-batch leaves the last committed state, which
the next run resumes from. Table-level reads and writes live in sibling
modules (``articles.py`` ...), not here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newstrace.errors import StoreError
from newstrace.store.schema import MIGRATIONS

__all__ = ["Store", "open_store"]

# 30 s: a second writer (another newstrace process) waits this long for the lock
# before failing with a clear error instead of "database is locked" at once.
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 256 * 1024  # page cache per connection (see Store.__init__)


class Store:
    """A newstrace SQLite database (one file, WAL)."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        if readonly and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store (run `newstrace ingest` or `analyze` first)")
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                parent = Path(self.path).resolve().parent
                parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across process crashes in WAL mode (only an OS crash may
                # lose the last transaction), and about 2x faster for batch ingest.
                self.conn.execute("PRAGMA synchronous = NORMAL")
            # SQLite's default page cache is 2 MB. 256 MB (an upper bound, allocated only as
            # pages are used) was chosen when the candidate index kept its postings in
            # B-trees (~450 MB at 30k articles, rewritten at random keys: the 30k index stage
            # went from 93 to 83 s). The index now keeps sorted runs in blobs, cached in RAM
            # (index/sqlite_backend.py); the setting stays for the tables stages read in
            # batches (articles, candidates, edges) and has not been re-measured since.
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._check_and_migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc

    # -- schema ---------------------------------------------------------------
    def _applied(self) -> list[str]:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if not exists:
            return []
        return [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]

    def _check_and_migrate(self) -> None:
        applied = self._applied()
        known = [name for name, _ in MIGRATIONS]
        unknown = [a for a in applied if a not in known]
        if unknown:
            raise StoreError(
                f"{self.path}: written by a newer newstrace (unknown migrations {unknown}); upgrade newstrace"
            )
        pending = [(n, sql) for n, sql in MIGRATIONS if n not in applied]
        if not pending:
            return
        if self.readonly:
            raise StoreError(f"{self.path}: store schema is out of date; open it once for writing to migrate")
        with self.transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied TEXT)")
            for name, sql in pending:
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations(name, applied) VALUES (?, datetime('now'))", (name,)
                )

    def migrations(self) -> list[str]:
        return self._applied()

    # -- transactions -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""
        if self.readonly:
            raise StoreError(f"{self.path}: store opened read-only")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf: list[str] = []
    in_trigger = False
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            in_trigger = True
        if in_trigger:
            if upper == "END;":
                statements.append("\n".join(buf))
                buf, in_trigger = [], False
        elif stripped.endswith(";"):
            statements.append("\n".join(buf))
            buf = []
    if buf:
        statements.append("\n".join(buf))
    return statements


def open_store(path: str | Path, readonly: bool = False) -> Store:
    """Open (creating and migrating when writable) the store at ``path``."""
    return Store(path, readonly=readonly)
