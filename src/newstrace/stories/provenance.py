"""A story's provenance tree and its number of independent origins.

``provenance(story_articles, edges)`` orders a story's members by publication time, names
the earliest source, gives each copy a parent (the source it reuses: the edge's own
direction when known, else the earlier-published end, else the canonical order flagged as
unknown), and groups members into origins: two members share an origin when one reuses the
other (any reuse edge between them, transitively) or when they credit the same wire
(``Article.credits``, e.g. "Reuters"). Ten outlets running one wire story are one origin.
Everything returned is JSON-able and carries evidence strings.

This module does not find reuse (``newstrace.reuse`` does) nor cluster stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newstrace.stories.features import parse_date
from newstrace.types import Article, ReuseEdge

__all__ = ["provenance"]


def _time_key(a: Article) -> tuple[str, str]:
    # Unknown dates sort last; ISO strings compare chronologically at equal precision.
    return (a.published or "9999-99-99", a.id)


def _orient(e: ReuseEdge, by_id: dict[str, Article]) -> tuple[str, str, str]:
    """(source, derived, why) for an edge between two members."""
    if e.direction_known:
        why = "; ".join(e.direction_evidence) or "direction given by the reuse edge"
        return e.source_id, e.derived_id, why
    a, b = by_id[e.source_id], by_id[e.derived_id]
    da, db = parse_date(a.published), parse_date(b.published)
    if da is not None and db is not None and da != db:
        src, der = (a, b) if da < db else (b, a)
        return src.id, der.id, f"direction from dates: {src.published} before {der.published}"
    return e.source_id, e.derived_id, "direction unknown (no dates, no evidence): canonical order"


def provenance(story_articles: Iterable[Article], edges: Iterable[ReuseEdge] = ()) -> dict[str, Any]:
    """Provenance tree + independent origins of one story (JSON-able, with evidence).

    Returns ``{"earliest", "members", "copies", "origins", "independent_origins",
    "evidence"}``; ``members`` is in time order, each with its ``parent`` (None for an
    original) and ``origin`` (the id of its origin group's earliest member).
    """
    arts = sorted({a.id: a for a in story_articles}.values(), key=_time_key)
    by_id = {a.id: a for a in arts}
    parent_of: dict[str, dict[str, Any]] = {}
    copies: list[dict[str, Any]] = []
    uf = {a.id: a.id for a in arts}

    def find(x: str) -> str:
        while uf[x] != x:
            uf[x] = uf[uf[x]]
            x = uf[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            # Root = the earlier member, so an origin is named by its first publication.
            first, second = sorted((rx, ry), key=lambda i: _time_key(by_id[i]))
            uf[second] = first

    why_joined: dict[str, list[str]] = {a.id: [] for a in arts}
    member_edges = sorted(
        (e for e in edges if e.source_id in by_id and e.derived_id in by_id and e.source_id != e.derived_id),
        key=lambda e: (-e.score, e.source_id, e.derived_id),
    )
    for e in member_edges:
        src, der, why = _orient(e, by_id)
        copies.append(
            {"source": src, "derived": der, "kind": e.kind, "score": round(e.score, 4), "direction": why}
        )
        # A copy's parent is its strongest source (edges sorted by score, strongest first).
        if der not in parent_of:
            parent_of[der] = {"id": src, "kind": e.kind, "score": round(e.score, 4), "direction": why}
        union(src, der)
        why_joined[der].append(f"reuses {src} ({e.kind}, score {e.score:.2f})")

    wires: dict[str, list[str]] = {}
    for a in arts:
        for c in sorted({c.strip().lower() for c in a.credits if c.strip()}):
            wires.setdefault(c, []).append(a.id)
    for wire, ids in sorted(wires.items()):
        for other in ids[1:]:
            union(ids[0], other)
            why_joined[other].append(f"credits the same wire as {ids[0]}: {wire}")

    groups: dict[str, list[str]] = {}
    for a in arts:
        groups.setdefault(find(a.id), []).append(a.id)
    origins = []
    for root, ids in sorted(groups.items(), key=lambda kv: _time_key(by_id[kv[0]])):
        ev = [f"{i}: {w}" for i in ids for w in why_joined[i]]
        credited = sorted({c for i in ids for c in (x.strip().lower() for x in by_id[i].credits) if c})
        origins.append({"id": root, "members": ids, "wires": credited, "evidence": ev or ["no reuse, no shared wire credit"]})

    members = [
        {
            "id": a.id,
            "outlet": a.outlet,
            "published": a.published,
            "title": a.title,
            "credits": list(a.credits),
            "parent": parent_of.get(a.id),
            "origin": find(a.id),
        }
        for a in arts
    ]
    earliest = next((a for a in arts if a.published), None)
    evidence = []
    if earliest is not None:
        evidence.append(f"earliest dated member: {earliest.id} ({earliest.published})")
    else:
        roots = [a.id for a in arts if a.id not in parent_of]
        earliest = by_id[roots[0]] if roots else (arts[0] if arts else None)
        if earliest is not None:
            evidence.append(f"no dates known: {earliest.id} copies no other member")
    evidence.append(
        f"{len(arts)} articles, {len(copies)} reuse links, {len(wires)} wire credits -> {len(origins)} independent origins"
    )
    return {
        "earliest": None if earliest is None else {"id": earliest.id, "outlet": earliest.outlet, "published": earliest.published},
        "members": members,
        "copies": copies,
        "origins": origins,
        "independent_origins": len(origins),
        "evidence": evidence,
    }
