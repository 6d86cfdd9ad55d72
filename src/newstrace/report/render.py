"""Render the static report: one self-contained HTML file over a store.

``make_env()`` is the one Jinja2 environment (autoescape on for every template,
StrictUndefined so a template bug fails loudly) shared with the web app;
``render_report`` fills ``report.html`` with every story (or one): facts,
provenance graph, timeline, edge table, claims, and a side-by-side view of each
edge assembled on demand by the page's script from ``<template>`` elements: each
article's text once (already cut and escaped here, at the stored offsets) and each
edge's marks (see ``deferred_pairs``), so a story with 2,000 edges stays small and
opens quickly. The page carries a Content-Security-Policy
with a per-file nonce: only its own script runs, whatever the data holds.

Does not compute findings and does not write to the store.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from newstrace.report.build import (
    ViewNotFound,
    _resolve_story,
    list_stories,
    side_marks,
    story_texts,
    story_view,
)
from newstrace.report.config import ReportConfig
from newstrace.report.segments import Mark, segment_text
from newstrace.report.svg import KIND_COLOURS, provenance_svg, timeline_svg
from newstrace.store.db import Store

__all__ = ["make_env", "render_report", "write_report", "ReportLinks", "AppLinks"]

TEMPLATES = Path(__file__).parent / "templates"


def _text_filter(value: Any) -> Markup:
    """Escape a text segment; keep a carriage return as ``&#13;`` (the HTML parser would
    otherwise turn it into a newline and the page's text would drift from the offsets)."""
    return Markup(str(escape("" if value is None else str(value))).replace("\r", "&#13;"))


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["nt"] = _text_filter
    env.globals["kind_colours"] = KIND_COLOURS
    return env


def _anchor(prefix: str, value: str) -> str:
    # Ids go into id="" attributes and #fragments: keep them to a safe alphabet.
    return prefix + "".join(c if c.isalnum() or c in "-_" else "_" for c in value)


class ReportLinks:
    """Links inside the single-file report (fragments only)."""

    def __init__(self, pair_ids: set[int] | None = None) -> None:
        self.pair_ids = pair_ids if pair_ids is not None else set()

    def story(self, sid: str) -> str:
        return "#" + self.story_anchor(sid)

    def story_anchor(self, sid: str) -> str:
        return _anchor("story-", sid)

    def article(self, aid: str) -> str:
        return "#" + self.member_anchor(aid)

    def member_anchor(self, aid: str) -> str:
        return _anchor("art-", aid)

    def pair(self, edge: dict[str, Any]) -> str:
        return f"#pair-{int(edge['id'])}"

    def has_pair(self, edge: dict[str, Any]) -> bool:
        return int(edge["id"]) in self.pair_ids


class AppLinks:
    """Links of the web app (paths)."""

    def story(self, sid: str) -> str:
        return "/stories/" + quote(sid, safe="")

    def story_anchor(self, sid: str) -> str:
        return _anchor("story-", sid)

    def article(self, aid: str) -> str:
        return "/articles/" + quote(aid, safe="")

    def member_anchor(self, aid: str) -> str:
        return _anchor("art-", aid)

    def pair(self, edge: dict[str, Any]) -> str:
        return f"/pairs/{quote(edge['source_id'], safe='')}/{quote(edge['derived_id'], safe='')}"

    def has_pair(self, edge: dict[str, Any]) -> bool:
        return True


def story_pictures(view: dict[str, Any], links: Any, cfg: ReportConfig) -> tuple[Markup, Markup]:
    graph = provenance_svg(
        view["members"], view["edges"], lambda m: links.article(m["id"]), links.pair, cfg
    )
    return graph, timeline_svg(view["members"], lambda m: links.article(m["id"]), cfg)


def deferred_pairs(
    store: Store, view: dict[str, Any], n_story: int, cfg: ReportConfig
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Pair views that the page assembles on demand, and the article texts they share.

    Each article's text is written once, cut at every boundary that any of its edges
    (and its spin findings) needs, with each segment's offset in ``data-o``; a pair
    view carries only its marks (``[start, end, kind, passage, note]`` per side), which
    the page's script applies to the cloned article by comparing offsets. So a story
    with 2,000 edges costs its 200 texts once, not 4,000 times.
    """
    # Edges come strongest first (score), so a cap keeps the most telling views.
    chosen = view["edges"][: cfg.max_pair_views_per_story]
    ids = sorted({x for e in chosen for x in (e["source_id"], e["derived_id"])})
    texts, spins = story_texts(store, ids)
    key = {aid: f"{n_story}-{i}" for i, aid in enumerate(ids)}
    cuts: dict[str, list[Mark]] = {aid: list(spins.get(aid, [])) for aid in ids}
    pairs = []
    for e in chosen:
        s_id, d_id = e["source_id"], e["derived_id"]
        if s_id not in texts or d_id not in texts:
            continue
        side = {"source": side_marks(e, "source"), "derived": side_marks(e, "derived")}
        cuts[s_id].extend(side["source"])
        cuts[d_id].extend(side["derived"])
        pairs.append({
            "edge": {k: v for k, v in e.items() if k not in ("source", "derived", "passages")},
            "passages": list(range(1, len(e["passages"]) + 1)),
            "source": e.get("source"), "derived": e.get("derived"), "story_id": view["id"],
            "deferred": True, "source_key": key[s_id], "derived_key": key[d_id],
            "source_marks": [_mark_row(m) for m in side["source"]],
            "derived_marks": [_mark_row(m) for m in side["derived"]],
        })
    articles = [{"key": key[aid], "segments": segment_text(texts[aid], cuts[aid])} for aid in ids if aid in texts]
    return pairs, articles


def _mark_row(m: Mark) -> list[Any]:
    return [m.start, m.end, m.kind, int(m.payload) if m.kind == "passage" else 0, m.note]


def render_report(store: Store, story_id: str | None = None, cfg: ReportConfig | None = None) -> str:
    """The whole report as one HTML string (``story_id``: only that story)."""
    cfg = cfg or ReportConfig()
    if story_id is not None:
        row = _resolve_story(store, story_id)
        listing = [s for s in list_stories(store, cfg=cfg)["stories"] if s["id"] == row["id"]]
    else:
        listing = list_stories(store, cfg=cfg)["stories"]
    pair_ids: set[int] = set()
    links = ReportLinks(pair_ids)
    sections = []
    n_edges = 0
    for n_story, s in enumerate(listing):
        view = story_view(store, s["id"], cfg)
        n_edges += len(view["edges"])
        pairs, articles = deferred_pairs(store, view, n_story, cfg)
        pair_ids.update(int(p["edge"]["id"]) for p in pairs)
        graph, timeline = story_pictures(view, links, cfg)
        sections.append({
            "view": view, "graph": graph, "timeline": timeline, "pairs": pairs, "articles": articles,
            "omitted": len(view["edges"]) - len(pairs),
        })
    n_articles = int(store.execute("SELECT count(*) FROM articles").fetchone()[0])
    tpl = make_env().get_template("report.html")
    return tpl.render(
        stories=listing, sections=sections, links=links, nonce=secrets.token_urlsafe(16),
        page_size=cfg.edges_page_size, n_articles=n_articles, n_edges=n_edges,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), only_story=story_id or "",
    )


def write_report(store: Store, out: str | Path, story_id: str | None = None, cfg: ReportConfig | None = None) -> Path:
    """Render and write the report; returns the path written."""
    html = render_report(store, story_id, cfg)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


__all__ += ["ViewNotFound"]
