"""Reading and writing articles, their origins, ingest runs and stage progress.

Writes are batched: ``add_articles`` inserts a whole batch in one transaction
(INSERT OR IGNORE on the deterministic id), so re-ingesting is a no-op and a
kill mid-batch loses only that uncommitted batch. Does not read input files
(that is ``newstrace.ingest``) nor decide ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newstrace.errors import StoreError
from newstrace.store.db import Store
from newstrace.types import Article

__all__ = [
    "AddResult",
    "add_articles",
    "get_article",
    "iter_articles",
    "count_articles",
    "search_articles",
    "article_origins",
    "start_ingest_run",
    "finish_ingest_run",
    "record_skip",
    "mark_done",
    "pending_ids",
    "ARTICLE_COLUMNS",
]

ARTICLE_COLUMNS = (
    "id", "text", "title", "outlet", "url", "published", "language", "byline",
    "credits", "source_ref", "source_record", "source_offset",
)


@dataclass
class AddResult:
    stored: int = 0
    duplicates: int = 0
    new_ids: list[str] = field(default_factory=list)  # ids stored by this call, in input order


def add_articles(store: Store, articles: Sequence[Article]) -> AddResult:
    """Insert a batch in one transaction; existing ids count as duplicates (their new origin is kept)."""
    result = AddResult()
    if not articles:
        return result
    with store.transaction() as conn:
        for a in articles:
            cur = conn.execute(
                "INSERT OR IGNORE INTO articles(id, text, title, outlet, url, published, language, byline,"
                " credits, source_ref, source_record, source_offset, n_chars)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id, a.text, a.title, a.outlet, a.url, a.published, a.language, a.byline,
                    json.dumps(list(a.credits), ensure_ascii=False), a.source_ref, a.source_record,
                    a.source_offset, len(a.text),
                ),
            )
            if cur.rowcount == 1:
                result.stored += 1
                result.new_ids.append(a.id)
            else:
                result.duplicates += 1
            if a.source_ref is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO article_origins(article_id, source_ref, source_record) VALUES (?,?,?)",
                    (a.id, a.source_ref, a.source_record or ""),
                )
    return result


def row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        language=row["language"],
        byline=row["byline"],
        credits=tuple(json.loads(row["credits"] or "[]")),
        source_ref=row["source_ref"],
        source_record=row["source_record"],
        source_offset=row["source_offset"] or 0,
    )


_SELECT = "SELECT " + ", ".join(ARTICLE_COLUMNS) + " FROM articles"


def get_article(store: Store, article_id: str) -> Article:
    """The article with this id, or a unique id prefix (at least 4 characters)."""
    row = store.execute(_SELECT + " WHERE id = ?", (article_id,)).fetchone()
    if row is None and len(article_id) >= 4:
        rows = store.execute(_SELECT + " WHERE id LIKE ? LIMIT 2", (article_id + "%",)).fetchall()
        if len(rows) == 1:
            row = rows[0]
        elif len(rows) > 1:
            raise StoreError(f"article id prefix {article_id!r} is ambiguous")
    if row is None:
        raise StoreError(f"no article with id {article_id!r} in {store.path}")
    return row_to_article(row)


def iter_articles(store: Store, ids: Iterable[str] | None = None, after_rowid: int = 0) -> Iterator[Article]:
    """Articles in insertion order (or the given ids, in the given order)."""
    if ids is not None:
        for aid in ids:
            row = store.execute(_SELECT + " WHERE id = ?", (aid,)).fetchone()
            if row is not None:
                yield row_to_article(row)
        return
    for row in store.execute(_SELECT + " WHERE rowid > ? ORDER BY rowid", (after_rowid,)):
        yield row_to_article(row)


def count_articles(store: Store) -> int:
    return int(store.execute("SELECT count(*) FROM articles").fetchone()[0])


def search_articles(store: Store, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over title + text (FTS5, bm25 order), with a highlighted snippet.

    The query is taken as plain words (each quoted), so FTS5 syntax errors cannot happen;
    use ``fts_query=True`` semantics by calling SQLite directly if you need operators.
    """
    words = [w for w in query.replace('"', " ").split() if w]
    if not words:
        return []
    match = " ".join(f'"{w}"' for w in words)
    rows = store.execute(
        "SELECT a.id, a.title, a.outlet, a.published, a.source_ref, a.source_record,"
        " snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS rank"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
        (match, limit),
    ).fetchall()
    return [dict(r) for r in rows]


def article_origins(store: Store, article_id: str) -> list[dict[str, Any]]:
    rows = store.execute(
        "SELECT source_ref, NULLIF(source_record, '') AS source_record FROM article_origins"
        " WHERE article_id = ? ORDER BY source_ref, source_record",
        (article_id,),
    ).fetchall()
    return [dict(r) for r in rows]


def start_ingest_run(store: Store, paths: Sequence[str]) -> int:
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO ingest_runs(started, paths) VALUES (datetime('now'), ?)", (json.dumps(list(paths)),)
        )
        return int(cur.lastrowid or 0)


def record_skip(store: Store, run_id: int, path: str, reason: str, line: int | None) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO ingest_skips(run_id, path, line, reason) VALUES (?,?,?,?)", (run_id, path, line, reason)
        )


def finish_ingest_run(store: Store, run_id: int, read: int, stored: int, duplicates: int, skipped: int) -> None:
    with store.transaction() as conn:
        conn.execute(
            "UPDATE ingest_runs SET finished = datetime('now'), read = ?, stored = ?, duplicates = ?, skipped = ?"
            " WHERE id = ?",
            (read, stored, duplicates, skipped, run_id),
        )


def mark_done(store: Store, stage: str, article_ids: Iterable[str]) -> None:
    """Record that ``stage`` has finished these articles (call inside the stage's own transaction)."""
    store.conn.executemany(
        "INSERT OR IGNORE INTO stage_done(stage, article_id) VALUES (?, ?)", ((stage, a) for a in article_ids)
    )


def pending_ids(store: Store, stage: str) -> list[str]:
    """Ids of articles ``stage`` has not finished, in insertion order."""
    rows = store.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM stage_done WHERE stage = ?) ORDER BY rowid",
        (stage,),
    ).fetchall()
    return [r[0] for r in rows]
