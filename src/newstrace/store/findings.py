"""Per-article findings in the store: spin scores and spans, quotes, figures, story claims.

Saving a stage's findings for an article replaces that article's previous
findings of the same kind (idempotent re-runs). Extraction lives in
``newstrace.spin`` and ``newstrace.claims``; this module only stores and reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from newstrace.store.db import Store
from newstrace.store.export import origin_of, register_export
from newstrace.types import Figure, Quote, SpinFinding

__all__ = [
    "save_spin",
    "spin_findings_of",
    "spin_score_of",
    "save_quotes",
    "save_figures",
    "quotes_of",
    "figures_of",
    "set_groups",
    "save_story_claims",
    "story_claims_of",
]


def save_spin(store: Store, article_id: str, score: float, spun: bool, findings: Sequence[SpinFinding]) -> None:
    store.conn.execute("DELETE FROM spin_findings WHERE article_id = ?", (article_id,))
    store.conn.execute(
        "INSERT OR REPLACE INTO spin_scores(article_id, score, spun) VALUES (?,?,?)",
        (article_id, float(score), int(spun)),
    )
    store.conn.executemany(
        "INSERT OR REPLACE INTO spin_findings(article_id, start, end, spun_text, original_text, evidence, confidence)"
        " VALUES (?,?,?,?,?,?,?)",
        [
            (article_id, f.start, f.end, f.spun_text, f.original_text,
             json.dumps(list(f.evidence), ensure_ascii=False), float(f.confidence))
            for f in findings
        ],
    )


def spin_findings_of(store: Store, article_id: str) -> list[SpinFinding]:
    return [
        SpinFinding(article_id, r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5])
        for r in store.execute(
            "SELECT start, end, spun_text, original_text, evidence, confidence FROM spin_findings"
            " WHERE article_id = ? ORDER BY start",
            (article_id,),
        )
    ]


def spin_score_of(store: Store, article_id: str) -> tuple[float, bool] | None:
    row = store.execute("SELECT score, spun FROM spin_scores WHERE article_id = ?", (article_id,)).fetchone()
    return None if row is None else (float(row[0]), bool(row[1]))


def save_quotes(store: Store, article_id: str, quotes: Sequence[Quote]) -> None:
    store.conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    store.conn.executemany(
        "INSERT OR REPLACE INTO quotes(article_id, start, end, text, speaker, speaker_start, speaker_end,"
        " speaker_resolved, role, cue, direct) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (article_id, q.start, q.end, q.text, q.speaker,
             q.speaker_span[0] if q.speaker_span else None, q.speaker_span[1] if q.speaker_span else None,
             q.speaker_resolved, q.role, q.cue, int(q.direct))
            for q in quotes
        ],
    )


def save_figures(store: Store, article_id: str, figures: Sequence[Figure]) -> None:
    store.conn.execute("DELETE FROM figures WHERE article_id = ?", (article_id,))
    store.conn.executemany(
        "INSERT OR REPLACE INTO figures(article_id, start, end, text, value, value_high, unit, counts_what,"
        " qualifier, sentence_start, sentence_end) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (article_id, f.start, f.end, f.text, float(f.value), f.value_high, f.unit, f.counts_what, f.qualifier,
             f.sentence_span[0] if f.sentence_span else None, f.sentence_span[1] if f.sentence_span else None)
            for f in figures
        ],
    )


def quotes_of(store: Store, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = list(article_ids)
    if not ids:
        return []
    rows = store.execute(
        f"SELECT * FROM quotes WHERE article_id IN ({','.join('?' * len(ids))}) ORDER BY article_id, start",
        ids,
    ).fetchall()
    return [dict(r) for r in rows]


def figures_of(store: Store, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = list(article_ids)
    if not ids:
        return []
    rows = store.execute(
        f"SELECT * FROM figures WHERE article_id IN ({','.join('?' * len(ids))}) ORDER BY article_id, start",
        ids,
    ).fetchall()
    return [dict(r) for r in rows]


def set_groups(store: Store, table: str, groups: Iterable[tuple[str, int, int, str]]) -> None:
    """Set ``group_id`` of quotes/figures identified by (article_id, start, end)."""
    if table not in ("quotes", "figures"):
        raise ValueError(table)
    store.conn.executemany(
        f"UPDATE {table} SET group_id = ? WHERE article_id = ? AND start = ? AND end = ?",
        [(g, a, s, e) for a, s, e, g in groups],
    )


def save_story_claims(store: Store, story_id: str, comparison: dict[str, Any]) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO story_claims(story_id, comparison) VALUES (?, ?)",
        (story_id, json.dumps(comparison, ensure_ascii=False, sort_keys=True)),
    )


def story_claims_of(store: Store, story_id: str) -> dict[str, Any] | None:
    row = store.execute("SELECT comparison FROM story_claims WHERE story_id = ?", (story_id,)).fetchone()
    return None if row is None else json.loads(row[0])


def _export_spins(store: Store) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    for r in store.execute(
        "SELECT s.article_id, s.score, s.spun, f.start, f.end, f.spun_text, f.original_text, f.evidence, f.confidence"
        " FROM spin_scores s LEFT JOIN spin_findings f ON f.article_id = s.article_id"
        " WHERE f.start IS NOT NULL ORDER BY s.article_id, f.start"
    ):
        yield {
            "article_id": r[0], "origin": origin_of(store, r[0], cache), "article_score": round(r[1], 4),
            "article_spun": bool(r[2]), "start": r[3], "end": r[4], "text": r[5], "original": r[6],
            "evidence": json.loads(r[7]), "confidence": round(r[8], 4),
        }


def _export_quotes(store: Store) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    for r in store.execute("SELECT * FROM quotes ORDER BY article_id, start, end"):
        yield {
            "article_id": r["article_id"], "origin": origin_of(store, r["article_id"], cache),
            "start": r["start"], "end": r["end"], "text": r["text"], "speaker": r["speaker"],
            "speaker_start": r["speaker_start"], "speaker_end": r["speaker_end"],
            "speaker_resolved": r["speaker_resolved"], "role": r["role"], "cue": r["cue"],
            "direct": bool(r["direct"]), "group": r["group_id"],
        }


def _export_figures(store: Store) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    for r in store.execute("SELECT * FROM figures ORDER BY article_id, start, end"):
        yield {
            "article_id": r["article_id"], "origin": origin_of(store, r["article_id"], cache),
            "start": r["start"], "end": r["end"], "text": r["text"], "value": r["value"],
            "value_high": r["value_high"], "unit": r["unit"], "counts_what": r["counts_what"],
            "qualifier": r["qualifier"], "group": r["group_id"],
        }


register_export("spins", "spin_findings", _export_spins)
register_export("quotes", "quotes", _export_quotes)
register_export("figures", "figures", _export_figures)
