"""Candidate pairs and reuse edges (with passages and substitutions) in the store.

Edges are stored with the source side first; ``s_*`` offsets point into the
source article's text and ``d_*`` into the derived one's. Re-saving an edge for
the same pair replaces it (so a re-verification is idempotent). Deciding
edges is ``newstrace.reuse``; this module only reads and writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from newstrace.store.db import Store
from newstrace.store.export import origin_of, register_export
from newstrace.types import AlignedPassage, ReuseEdge, Substitution

__all__ = [
    "save_candidates",
    "pending_candidates",
    "set_candidate_status",
    "save_edge",
    "iter_edges",
    "get_edge_between",
    "edge_record",
    "edges_of_articles",
]


def save_candidates(store: Store, candidates: Iterable[tuple[str, str, float, Iterable[str]]]) -> int:
    """Insert new candidate pairs (a_id < b_id) as pending; known pairs are left as they are."""
    n = 0
    for a, b, score, reasons in candidates:
        a, b = (a, b) if a < b else (b, a)
        cur = store.conn.execute(
            "INSERT OR IGNORE INTO candidate_pairs(a_id, b_id, score, reasons) VALUES (?,?,?,?)",
            (a, b, float(score), json.dumps(list(reasons), ensure_ascii=False)),
        )
        n += cur.rowcount
    return n


def pending_candidates(store: Store) -> list[tuple[str, str, list[str]]]:
    rows = store.execute(
        "SELECT a_id, b_id, reasons FROM candidate_pairs WHERE status = 'pending' ORDER BY a_id, b_id"
    ).fetchall()
    return [(r[0], r[1], json.loads(r[2])) for r in rows]


def set_candidate_status(store: Store, a_id: str, b_id: str, status: str) -> None:
    a, b = (a_id, b_id) if a_id < b_id else (b_id, a_id)
    store.conn.execute("UPDATE candidate_pairs SET status = ? WHERE a_id = ? AND b_id = ?", (status, a, b))


def save_edge(store: Store, edge: ReuseEdge, evidence: Iterable[str] = ()) -> int:
    """Write (or replace) the edge between its two articles; returns its row id."""
    store.conn.execute(
        "DELETE FROM reuse_edges WHERE (source_id = ? AND derived_id = ?) OR (source_id = ? AND derived_id = ?)",
        (edge.source_id, edge.derived_id, edge.derived_id, edge.source_id),
    )
    cur = store.conn.execute(
        "INSERT INTO reuse_edges(source_id, derived_id, kind, coverage_source, coverage_derived, score,"
        " direction_known, direction_evidence, evidence) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            edge.source_id, edge.derived_id, edge.kind, edge.coverage_source, edge.coverage_derived,
            edge.score, int(edge.direction_known),
            json.dumps(list(edge.direction_evidence), ensure_ascii=False),
            json.dumps(list(evidence), ensure_ascii=False),
        ),
    )
    edge_id = int(cur.lastrowid or 0)
    store.conn.executemany(
        "INSERT INTO reuse_passages(edge_id, s_start, s_end, d_start, d_end, kind, similarity)"
        " VALUES (?,?,?,?,?,?,?)",
        [(edge_id, p.a_start, p.a_end, p.b_start, p.b_end, p.kind, p.similarity) for p in edge.passages],
    )
    store.conn.executemany(
        "INSERT INTO reuse_substitutions(edge_id, s_start, s_end, d_start, d_end, s_text, d_text)"
        " VALUES (?,?,?,?,?,?,?)",
        [(edge_id, s.a_start, s.a_end, s.b_start, s.b_end, s.a_text, s.b_text) for s in edge.substitutions],
    )
    return edge_id


def _edge_from_row(store: Store, row: Any) -> tuple[ReuseEdge, list[str]]:
    passages = tuple(
        AlignedPassage(r[0], r[1], r[2], r[3], r[4], r[5])
        for r in store.execute(
            "SELECT s_start, s_end, d_start, d_end, kind, similarity FROM reuse_passages"
            " WHERE edge_id = ? ORDER BY d_start, s_start",
            (row["id"],),
        )
    )
    subs = tuple(
        Substitution(r[0], r[1], r[2], r[3], r[4], r[5])
        for r in store.execute(
            "SELECT s_start, s_end, d_start, d_end, s_text, d_text FROM reuse_substitutions"
            " WHERE edge_id = ? ORDER BY d_start",
            (row["id"],),
        )
    )
    edge = ReuseEdge(
        source_id=row["source_id"],
        derived_id=row["derived_id"],
        kind=row["kind"],
        coverage_source=row["coverage_source"],
        coverage_derived=row["coverage_derived"],
        score=row["score"],
        direction_evidence=tuple(json.loads(row["direction_evidence"])),
        passages=passages,
        substitutions=subs,
        direction_known=bool(row["direction_known"]),
    )
    return edge, json.loads(row["evidence"])


_EDGE_SELECT = (
    "SELECT id, source_id, derived_id, kind, coverage_source, coverage_derived, score, direction_known,"
    " direction_evidence, evidence FROM reuse_edges"
)


def iter_edges(store: Store, kind: str | None = None) -> Iterator[tuple[ReuseEdge, list[str]]]:
    """All edges (optionally of one kind) with their link evidence, in a stable order."""
    sql = _EDGE_SELECT + (" WHERE kind = ?" if kind else "") + " ORDER BY source_id, derived_id"
    for row in store.execute(sql, (kind,) if kind else ()).fetchall():
        yield _edge_from_row(store, row)


def get_edge_between(store: Store, x: str, y: str) -> tuple[ReuseEdge, list[str]] | None:
    row = store.execute(
        _EDGE_SELECT + " WHERE (source_id = ? AND derived_id = ?) OR (source_id = ? AND derived_id = ?)",
        (x, y, y, x),
    ).fetchone()
    return None if row is None else _edge_from_row(store, row)


def edges_of_articles(store: Store, ids: Iterable[str]) -> list[ReuseEdge]:
    """Edges whose both ends are among ``ids``, in ``iter_edges`` order (one indexed query,
    not a scan of every edge in the store)."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = store.execute(
        _EDGE_SELECT + f" WHERE source_id IN ({marks}) AND derived_id IN ({marks}) ORDER BY source_id, derived_id",
        (*wanted, *wanted),
    ).fetchall()
    return [_edge_from_row(store, row)[0] for row in rows]


def edge_record(store: Store, edge: ReuseEdge, evidence: list[str], cache: dict[str, Any] | None = None) -> dict[str, Any]:
    """The export/JSON shape of an edge: both articles by id and origin."""
    return {
        "source": {"id": edge.source_id, "origin": origin_of(store, edge.source_id, cache)},
        "derived": {"id": edge.derived_id, "origin": origin_of(store, edge.derived_id, cache)},
        "kind": edge.kind,
        "coverage_source": round(edge.coverage_source, 4),
        "coverage_derived": round(edge.coverage_derived, 4),
        "score": round(edge.score, 4),
        "direction_known": edge.direction_known,
        "direction_evidence": list(edge.direction_evidence),
        "evidence": evidence,
        "passages": [
            {"source_start": p.a_start, "source_end": p.a_end, "derived_start": p.b_start,
             "derived_end": p.b_end, "kind": p.kind, "similarity": round(p.similarity, 4)}
            for p in edge.passages
        ],
        "substitutions": [
            {"source_start": s.a_start, "source_end": s.a_end, "derived_start": s.b_start,
             "derived_end": s.b_end, "source_text": s.a_text, "derived_text": s.b_text}
            for s in edge.substitutions
        ],
    }


def _export_pairs(store: Store) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    for edge, evidence in iter_edges(store):
        yield edge_record(store, edge, evidence, cache)


register_export("pairs", "reuse_edges", _export_pairs)
