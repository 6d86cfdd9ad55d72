"""The SQLite store: migrations, idempotent batch writes, origins, FTS, read-only readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newstrace.errors import StoreError
from newstrace.store import open_store
from newstrace.store.articles import (
    add_articles,
    article_origins,
    count_articles,
    get_article,
    iter_articles,
    mark_done,
    pending_ids,
    search_articles,
)
from newstrace.store.schema import MIGRATIONS
from newstrace.types import Article


def art(i: int, text: str | None = None, ref: str = "in.txt") -> Article:
    return Article(
        id=f"id{i:04d}",
        text=text or f"Article number {i} about the harbour of Vell.",
        title=f"Title {i}",
        outlet="Example Post",
        credits=("Reuters",),
        source_ref=ref,
    )


def test_migrations_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as s:
        assert s.migrations() == [name for name, _ in MIGRATIONS]
    with open_store(db) as s:  # reopening applies nothing twice
        assert s.migrations() == [name for name, _ in MIGRATIONS]
        assert s.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations(name, applied) VALUES ('9999_future', 'now')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer newstrace"):
        open_store(db)


def test_add_is_idempotent_and_keeps_every_origin(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        r1 = add_articles(s, [art(1), art(2)])
        r2 = add_articles(s, [art(1), art(2, ref="copy.txt")])
        assert (r1.stored, r1.duplicates, r1.new_ids) == (2, 0, ["id0001", "id0002"])
        assert (r2.stored, r2.duplicates, r2.new_ids) == (0, 2, [])
        assert count_articles(s) == 2
        assert [o["source_ref"] for o in article_origins(s, "id0002")] == ["copy.txt", "in.txt"]
        a = get_article(s, "id0001")
        assert a == art(1)


def test_failed_batch_leaves_store_unchanged(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        add_articles(s, [art(1)])
        bad = Article(id="idbad", text=object())  # type: ignore[arg-type]  # cannot be bound
        with pytest.raises((sqlite3.Error, TypeError)):
            add_articles(s, [art(2), bad])
        assert [a.id for a in iter_articles(s)] == ["id0001"]


def test_prefix_lookup_and_errors(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        add_articles(s, [art(1), art(2)])
        assert get_article(s, "id0001").id == "id0001"
        with pytest.raises(StoreError, match="ambiguous"):
            get_article(s, "id00")
        with pytest.raises(StoreError, match="no article"):
            get_article(s, "nope")


def test_fts_search_ranks_and_tolerates_syntax(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        add_articles(s, [art(1, "Ferry strike in Vell harbour"), art(2, "Budget vote in the capital")])
        hits = search_articles(s, "harbour")
        assert [h["id"] for h in hits] == ["id0001"]
        assert "[harbour]" in hits[0]["snippet"]
        assert search_articles(s, 'vote AND "(') == []  # operators are taken as plain words


def test_readonly_reader(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with pytest.raises(StoreError, match="no such store"):
        open_store(db, readonly=True)
    with open_store(db) as w:
        add_articles(w, [art(1)])
    with open_store(db, readonly=True) as r:
        assert count_articles(r) == 1
        with pytest.raises(StoreError, match="read-only"):
            add_articles(r, [art(2)])


def test_stage_progress(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        add_articles(s, [art(1), art(2), art(3)])
        with s.transaction():
            mark_done(s, "index", ["id0002"])
        assert pending_ids(s, "index") == ["id0001", "id0003"]
        assert pending_ids(s, "align") == ["id0001", "id0002", "id0003"]


def test_corrupt_file_is_a_store_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(db)
