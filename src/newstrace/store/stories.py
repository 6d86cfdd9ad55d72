"""Stories and their members in the store (the clusterer's saved state: ``store.stages``).

``save_stories`` replaces the stored stories wholesale (the clusterer owns the
assignment; the store just mirrors its latest answer). Clustering lives in
``newstrace.stories``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from newstrace.store.db import Store
from newstrace.store.export import origin_of, register_export
from newstrace.types import Story

__all__ = ["save_stories", "iter_stories", "get_story", "story_of_article"]


def save_stories(store: Store, stories: Sequence[Story], provenance: dict[str, dict[str, Any]] | None = None) -> None:
    provenance = provenance or {}
    store.conn.execute("DELETE FROM story_members")
    store.conn.execute("DELETE FROM stories")
    for s in stories:
        store.conn.execute(
            "INSERT INTO stories(id, label, first_seen, last_seen, independent_origins, provenance)"
            " VALUES (?,?,?,?,?,?)",
            (s.id, s.label, s.first_seen, s.last_seen, s.independent_origins,
             json.dumps(provenance.get(s.id, {}), ensure_ascii=False, sort_keys=True)),
        )
        store.conn.executemany(
            "INSERT OR REPLACE INTO story_members(story_id, article_id) VALUES (?, ?)",
            [(s.id, a) for a in s.article_ids],
        )


def _story(store: Store, row: Any) -> Story:
    members = tuple(
        r[0]
        for r in store.execute(
            "SELECT m.article_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = ? ORDER BY COALESCE(a.published, ''), a.rowid",
            (row["id"],),
        )
    )
    return Story(
        id=row["id"], article_ids=members, label=row["label"], first_seen=row["first_seen"],
        last_seen=row["last_seen"], independent_origins=row["independent_origins"],
        extra={"provenance": json.loads(row["provenance"] or "{}")},
    )


def iter_stories(store: Store) -> Iterator[Story]:
    """Stories, largest first, then by first_seen and id."""
    rows = store.execute(
        "SELECT s.*, (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS n FROM stories s"
        " ORDER BY n DESC, COALESCE(first_seen, ''), id"
    ).fetchall()
    for row in rows:
        yield _story(store, row)


def get_story(store: Store, story_id: str) -> Story | None:
    row = store.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        rows = store.execute("SELECT * FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",)).fetchall()
        row = rows[0] if len(rows) == 1 else None
    return None if row is None else _story(store, row)


def story_of_article(store: Store, article_id: str) -> str | None:
    row = store.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    return None if row is None else row[0]


def _export_stories(store: Store) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    stories = sorted(iter_stories(store), key=lambda s: s.id)
    for s in stories:
        yield {
            "id": s.id, "label": s.label, "first_seen": s.first_seen, "last_seen": s.last_seen,
            "independent_origins": s.independent_origins, "size": len(s.article_ids),
            "members": [{"id": a, "origin": origin_of(store, a, cache)} for a in sorted(s.article_ids)],
            "provenance": s.extra.get("provenance", {}),
        }


register_export("stories", "stories", _export_stories)
