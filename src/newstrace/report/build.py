"""The data behind every view, shared by the static report and the web app.

Each ``*_view`` function reads the store (read-only) and returns plain dicts and
lists: story list, story (members, edges, graph, timeline, claims), pair
(side-by-side segments of both articles) and article. The templates render these;
the web app's ``.json`` twins serialise them with ``to_json``. Article text,
titles, outlets and URLs are carried as plain strings: escaping is the templates'
job (autoescape), and ``safe_url`` decides whether a URL may become a link.

Does not render HTML (``render.py``, ``svg.py`` and the templates do) and does
not compute findings (the analyze stages do): it only reads what they stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from newstrace.report.claims import claims_view
from newstrace.report.config import ReportConfig
from newstrace.report.segments import Mark, Segment, segment_text
from newstrace.store.db import Store

__all__ = [
    "ViewNotFound",
    "safe_url",
    "list_stories",
    "story_view",
    "pair_view",
    "article_view",
    "load_edges",
    "article_rows",
    "side_segments",
    "side_marks",
    "without_doubles",
    "edge_pair_view",
    "pair_from",
    "story_texts",
    "to_json",
    "open_readonly",
]

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-:.]{0,127}$")


class ViewNotFound(LookupError):
    """The story, article or pair asked for is not in the store."""


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no whitespace or quotes; else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    """
    if not url or len(url) > 2000 or any(c.isspace() or ord(c) < 32 or c in "\"'<>`\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _short(aid: str) -> str:
    return aid[:10]


# -- articles -----------------------------------------------------------------------
_ART_COLS = "a.id, a.title, a.outlet, a.url, a.published, a.language, a.byline, a.credits, a.n_chars, a.rowid"


def _article_row(r: Any, spin: dict[str, tuple[float, bool]]) -> dict[str, Any]:
    aid = r["id"]
    score = spin.get(aid)
    return {
        "id": aid,
        "short": _short(aid),
        "title": r["title"],
        "outlet": r["outlet"],
        "url": r["url"],
        "href": safe_url(r["url"]),
        "published": r["published"],
        "language": r["language"],
        "byline": r["byline"],
        "credits": _json_list(r["credits"]),
        "n_chars": r["n_chars"],
        "spin_score": None if score is None else round(score[0], 3),
        "spun": None if score is None else score[1],
        "name": r["outlet"] or r["title"] or _short(aid),
    }


def _json_list(raw: Any) -> list[Any]:
    try:
        val = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return [str(raw)]
    return list(val) if isinstance(val, list) else ([] if val is None else [val])


def _spin_scores(store: Store, ids: list[str]) -> dict[str, tuple[float, bool]]:
    out: dict[str, tuple[float, bool]] = {}
    for chunk in _chunks(ids, 500):
        for r in store.execute(
            f"SELECT article_id, score, spun FROM spin_scores WHERE article_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            out[r[0]] = (float(r[1]), bool(r[2]))
    return out


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def article_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Summaries (no text) of these articles, in time order (published, then insertion)."""
    rows: list[Any] = []
    for chunk in _chunks(ids, 500):
        rows.extend(
            store.execute(f"SELECT {_ART_COLS} FROM articles a WHERE a.id IN ({','.join('?' * len(chunk))})", chunk)
        )
    rows.sort(key=lambda r: (r["published"] or "", r["rowid"]))
    spin = _spin_scores(store, [r["id"] for r in rows])
    return [_article_row(r, spin) for r in rows]


def _resolve_article(store: Store, article_id: str) -> str:
    if not ID_RE.match(article_id):
        raise ViewNotFound(f"not an article id: {article_id!r}")
    row = store.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None and len(article_id) >= 4:
        rows = store.execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (_like_prefix(article_id),)
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise ViewNotFound(f"no article {article_id!r}")
    return str(row[0])


def _like_prefix(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _article_text(store: Store, aid: str) -> str:
    row = store.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()
    if row is None:
        raise ViewNotFound(f"no article {aid!r}")
    return str(row[0])


# -- stories -------------------------------------------------------------------------
def _story_row(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"], "label": r["label"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
        "independent_origins": r["independent_origins"], "size": r["n"],
    }


_STORY_SELECT = (
    "SELECT s.id, s.label, s.first_seen, s.last_seen, s.independent_origins,"
    " (SELECT count(*) FROM story_members m WHERE m.story_id = s.id) AS n FROM stories s"
)


def list_stories(
    store: Store, query: str | None = None, offset: int = 0, limit: int | None = None,
    cfg: ReportConfig | None = None,
) -> dict[str, Any]:
    """Stories, largest first; with ``query``, those whose label or member articles match (FTS5).

    Returns ``{"stories": [...], "total": n, "query": q, "hits": {story_id: [article hits]}}``.
    """
    cfg = cfg or ReportConfig()
    hits: dict[str, list[dict[str, Any]]] = {}
    if query and query.strip():
        from newstrace.store.articles import search_articles

        found = search_articles(store, query, limit=cfg.search_limit)
        order: list[str] = []
        for h in found:
            row = store.execute("SELECT story_id FROM story_members WHERE article_id = ?", (h["id"],)).fetchone()
            if row is None:
                continue
            sid = row[0]
            if sid not in hits:
                hits[sid] = []
                order.append(sid)
            hits[sid].append({"id": h["id"], "title": h["title"], "outlet": h["outlet"], "snippet": h["snippet"]})
        words = [w for w in query.split() if w][:10]
        where = " AND ".join("label LIKE ? ESCAPE '\\'" for _ in words)
        for r in store.execute(
            f"SELECT id FROM stories WHERE {where} ORDER BY id LIMIT ?",
            [*("%" + _like_prefix(w) for w in words), cfg.search_limit],
        ):
            if r["id"] not in hits:
                hits[r["id"]] = []
                order.append(r["id"])
        rows = []
        for sid in order:
            r = store.execute(_STORY_SELECT + " WHERE s.id = ?", (sid,)).fetchone()
            if r is not None:
                rows.append(_story_row(r))
        total = len(rows)
        page = rows[offset : offset + limit] if limit is not None else rows[offset:]
    else:
        # Paged in SQL: a store with 100,000 stories must not build them all per request.
        total = int(store.execute("SELECT count(*) FROM stories").fetchone()[0])
        page = [
            _story_row(r)
            for r in store.execute(
                _STORY_SELECT + " ORDER BY n DESC, COALESCE(first_seen, ''), id LIMIT ? OFFSET ?",
                (-1 if limit is None else limit, offset),
            )
        ]
    return {"stories": page, "total": total, "query": query or "", "offset": offset, "hits": hits}


def _resolve_story(store: Store, story_id: str) -> Any:
    if not ID_RE.match(story_id):
        raise ViewNotFound(f"not a story id: {story_id!r}")
    row = store.execute(_STORY_SELECT + " WHERE s.id = ?", (story_id,)).fetchone()
    if row is None and len(story_id) >= 4:
        rows = store.execute(
            _STORY_SELECT + " WHERE s.id LIKE ? ESCAPE '\\' LIMIT 2", (_like_prefix(story_id),)
        ).fetchall()
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise ViewNotFound(f"no story {story_id!r}")
    return row


def load_edges(store: Store, story_id: str | None = None, edge_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Edges (with passages and substitutions) between members of a story, or with these row ids."""
    base = (
        "SELECT e.id, e.source_id, e.derived_id, e.kind, e.coverage_source, e.coverage_derived, e.score,"
        " e.direction_known, e.direction_evidence, e.evidence FROM reuse_edges e"
    )
    if story_id is not None:
        rows = store.execute(
            base + " JOIN story_members ms ON ms.article_id = e.source_id AND ms.story_id = ?"
            " JOIN story_members md ON md.article_id = e.derived_id AND md.story_id = ?"
            " ORDER BY e.score DESC, e.id",
            (story_id, story_id),
        ).fetchall()
    else:
        ids = [int(i) for i in edge_ids or []]
        rows = []
        for chunk in _chunks([str(i) for i in ids], 500):
            rows.extend(store.execute(base + f" WHERE e.id IN ({','.join('?' * len(chunk))})", chunk))
    edges: dict[int, dict[str, Any]] = {}
    for r in rows:
        edges[r["id"]] = {
            "id": r["id"], "source_id": r["source_id"], "derived_id": r["derived_id"], "kind": r["kind"],
            "coverage_source": round(float(r["coverage_source"]), 4),
            "coverage_derived": round(float(r["coverage_derived"]), 4), "score": round(float(r["score"]), 4),
            "direction_known": bool(r["direction_known"]),
            "direction_evidence": _json_list(r["direction_evidence"]), "evidence": _json_list(r["evidence"]),
            "passages": [], "substitutions": [],
        }
    for chunk in _chunks([str(i) for i in edges], 500):
        marks = ",".join("?" * len(chunk))
        for p in store.execute(
            f"SELECT edge_id, s_start, s_end, d_start, d_end, kind, similarity FROM reuse_passages"
            f" WHERE edge_id IN ({marks}) ORDER BY edge_id, d_start, s_start",
            chunk,
        ):
            edges[p[0]]["passages"].append({
                "source_start": p[1], "source_end": p[2], "derived_start": p[3], "derived_end": p[4],
                "kind": p[5], "similarity": round(float(p[6]), 4),
            })
        for s in store.execute(
            f"SELECT edge_id, s_start, s_end, d_start, d_end, s_text, d_text FROM reuse_substitutions"
            f" WHERE edge_id IN ({marks}) ORDER BY edge_id, d_start",
            chunk,
        ):
            edges[s[0]]["substitutions"].append({
                "source_start": s[1], "source_end": s[2], "derived_start": s[3], "derived_end": s[4],
                "source_text": s[5], "derived_text": s[6],
            })
    return list(edges.values())


def story_view(store: Store, story_id: str, cfg: ReportConfig | None = None) -> dict[str, Any]:
    """A story: meta, members (time order), edges, quotes/figures comparison, provenance."""
    cfg = cfg or ReportConfig()
    row = _resolve_story(store, story_id)
    sid = row["id"]
    full = store.execute("SELECT provenance FROM stories WHERE id = ?", (sid,)).fetchone()
    try:
        provenance = json.loads(full[0] or "{}")
    except ValueError:
        provenance = {}
    member_ids = [r[0] for r in store.execute("SELECT article_id FROM story_members WHERE story_id = ?", (sid,))]
    members = article_rows(store, member_ids)
    edges = load_edges(store, story_id=sid)
    by_id = {m["id"]: m for m in members}
    for e in edges:
        e["source"] = by_id.get(e["source_id"])
        e["derived"] = by_id.get(e["derived_id"])
    claims_row = store.execute("SELECT comparison FROM story_claims WHERE story_id = ?", (sid,)).fetchone()
    claims_data: Any = None
    if claims_row is not None:
        try:
            claims_data = json.loads(claims_row[0])
        except ValueError:
            claims_data = None
    quotes = _table_rows(store, "quotes", member_ids)
    figures = _table_rows(store, "figures", member_ids)
    return {
        **_story_row(row),
        "provenance": provenance if isinstance(provenance, dict) else {"value": provenance},
        "members": members,
        "edges": edges,
        "claims": claims_view(claims_data, by_id, quotes, figures),
    }


def _table_rows(store: Store, table: str, ids: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(ids, 500):
        out.extend(
            dict(r)
            for r in store.execute(
                f"SELECT * FROM {table} WHERE article_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY article_id, start",
                chunk,
            )
        )
    return out


# -- pairs -----------------------------------------------------------------------------
def _spin_marks(store: Store, aid: str) -> list[Mark]:
    return [
        Mark(r[0], r[1], "spin", r[3], _spin_note(r[2], r[3]))
        for r in store.execute(
            "SELECT start, end, spun_text, original_text FROM spin_findings WHERE article_id = ? ORDER BY start",
            (aid,),
        )
    ]


def side_marks(edge: dict[str, Any], side: str) -> list[Mark]:
    """The marks of one side (``source`` or ``derived``) of an edge: its passages and swaps."""
    other = "derived" if side == "source" else "source"
    marks: list[Mark] = []
    for i, p in enumerate(edge["passages"], 1):
        marks.append(Mark(p[f"{side}_start"], p[f"{side}_end"], "passage", i,
                          f"passage {i}: {p['kind']}, similarity {p['similarity']:.2f}"))
    for s in edge["substitutions"]:
        start, end = s[f"{side}_start"], s[f"{side}_end"]
        if side == "derived":
            note = f"spun: \u201c{s['derived_text']}\u201d \u2192 originally \u201c{s['source_text']}\u201d"
            marks.append(Mark(start, end, "sub", s[f"{other}_text"], note))
        else:
            note = f"replaced: \u201c{s['source_text']}\u201d became \u201c{s['derived_text']}\u201d"
            marks.append(Mark(start, end, "swap", s[f"{other}_text"], note))
    return marks


def without_doubles(spin: list[Mark], marks: list[Mark]) -> list[Mark]:
    """Spin findings not at the very span of a swap (which would say the same thing twice)."""
    taken = {(m.start, m.end) for m in marks if m.kind in ("sub", "swap")}
    return [m for m in spin if (m.start, m.end) not in taken]


def side_segments(
    text: str, edge: dict[str, Any], side: str, spin: list[Mark]
) -> list[Segment]:
    """Segments of one side (``source`` or ``derived``) of an edge: passages, swaps, spin."""
    marks = side_marks(edge, side)
    return segment_text(text, marks + without_doubles(spin, marks))


def pair_view(store: Store, a_id: str, b_id: str) -> dict[str, Any]:
    """The edge between two articles (either order), with both sides segmented for highlighting."""
    a, b = _resolve_article(store, a_id), _resolve_article(store, b_id)
    row = store.execute(
        "SELECT id FROM reuse_edges WHERE (source_id = ? AND derived_id = ?) OR (source_id = ? AND derived_id = ?)",
        (a, b, b, a),
    ).fetchone()
    if row is None:
        raise ViewNotFound(f"no reuse edge between {a!r} and {b!r}")
    return edge_pair_view(store, load_edges(store, edge_ids=[int(row[0])])[0])


def edge_pair_view(store: Store, edge: dict[str, Any]) -> dict[str, Any]:
    """The side-by-side data of one loaded edge (reads both texts and their spin findings)."""
    src, der = edge["source_id"], edge["derived_id"]
    arts = {r["id"]: r for r in article_rows(store, [src, der])}
    story = store.execute("SELECT story_id FROM story_members WHERE article_id = ?", (der,)).fetchone()
    return pair_from(
        edge, _article_text(store, src), _article_text(store, der), arts.get(src), arts.get(der),
        _spin_marks(store, src), _spin_marks(store, der), None if story is None else story[0],
    )


def pair_from(
    edge: dict[str, Any], s_text: str, d_text: str, src: dict[str, Any] | None, der: dict[str, Any] | None,
    s_spin: list[Mark], d_spin: list[Mark], story_id: str | None,
) -> dict[str, Any]:
    """Pure: the side-by-side data of an edge from its two texts (used in bulk by the report)."""
    passages = [
        {**p, "number": i, "source_text": s_text[p["source_start"]:p["source_end"]],
         "derived_text": d_text[p["derived_start"]:p["derived_end"]]}
        for i, p in enumerate(edge["passages"], 1)
    ]
    return {
        "edge": {k: v for k, v in edge.items() if k not in ("source", "derived", "passages")},
        "passages": passages,
        "source": src, "derived": der, "story_id": story_id,
        "source_segments": side_segments(s_text, edge, "source", s_spin),
        "derived_segments": side_segments(d_text, edge, "derived", d_spin),
    }


def story_texts(store: Store, ids: list[str]) -> tuple[dict[str, str], dict[str, list[Mark]]]:
    """Texts and spin marks of many articles at once (for the report's bulk pair views)."""
    texts: dict[str, str] = {}
    spins: dict[str, list[Mark]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        q = ",".join("?" * len(chunk))
        for r in store.execute(f"SELECT id, text FROM articles WHERE id IN ({q})", chunk):
            texts[r[0]] = r[1]
        for r in store.execute(
            f"SELECT article_id, start, end, spun_text, original_text FROM spin_findings"
            f" WHERE article_id IN ({q}) ORDER BY article_id, start",
            chunk,
        ):
            spins[r[0]].append(Mark(r[1], r[2], "spin", r[4], _spin_note(r[3], r[4])))
    return texts, spins


def _spin_note(spun: str, original: str) -> str:
    return f"spun: \u201c{spun}\u201d \u2192 originally \u201c{original}\u201d"


# -- articles ----------------------------------------------------------------------------
def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """One article: metadata, text segmented by spin findings, quotes and figures, its edges."""
    aid = _resolve_article(store, article_id)
    meta = article_rows(store, [aid])[0]
    text = _article_text(store, aid)
    quotes = _table_rows(store, "quotes", [aid])
    figures = _table_rows(store, "figures", [aid])
    marks = _spin_marks(store, aid)
    for q in quotes:
        who = q.get("speaker_resolved") or q.get("speaker") or "unattributed"
        marks.append(Mark(q["start"], q["end"], "quote", who, f"quote ({'direct' if q['direct'] else 'indirect'}): {who}"))
    for f in figures:
        what = " ".join(str(x) for x in (f.get("value"), f.get("unit") or "", f.get("counts_what") or "") if x)
        marks.append(Mark(f["start"], f["end"], "figure", f.get("value"), f"figure: {what}"))
    edges = []
    for r in store.execute(
        "SELECT id FROM reuse_edges WHERE source_id = ? OR derived_id = ? ORDER BY score DESC, id", (aid, aid)
    ):
        edges.append(int(r[0]))
    loaded = load_edges(store, edge_ids=edges)
    others = {e["source_id"] for e in loaded} | {e["derived_id"] for e in loaded}
    other_rows = {r["id"]: r for r in article_rows(store, sorted(others))}
    for e in loaded:
        e["source"] = other_rows.get(e["source_id"])
        e["derived"] = other_rows.get(e["derived_id"])
        e["role"] = "source" if e["source_id"] == aid else "derived"
        e["other"] = other_rows.get(e["derived_id"] if e["source_id"] == aid else e["source_id"])
    story = store.execute("SELECT story_id FROM story_members WHERE article_id = ?", (aid,)).fetchone()
    origins = [dict(r) for r in store.execute(
        "SELECT source_ref, NULLIF(source_record, '') AS source_record FROM article_origins WHERE article_id = ?"
        " ORDER BY source_ref, source_record", (aid,))]
    return {
        "article": meta, "text": text, "segments": segment_text(text, marks), "quotes": quotes,
        "figures": figures, "edges": loaded, "story_id": None if story is None else story[0],
        "origins": origins,
    }


def to_json(value: Any, drop: Callable[[str], bool] | None = None) -> Any:
    """Plain JSON-able data from a view dict (segments become dicts)."""
    if isinstance(value, Segment):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: to_json(v, drop) for k, v in value.items() if not (drop and drop(k))}
    if isinstance(value, (list, tuple)):
        return [to_json(v, drop) for v in value]
    return value


def open_readonly(path: str) -> Store:
    """A read-only store (the web app and the report never write)."""
    from newstrace.store import open_store

    return open_store(path, readonly=True)
