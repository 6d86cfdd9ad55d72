"""Inline SVG pictures of a story: the provenance graph and the timeline.

Provenance graph: one box per article, laid out in layers by reuse direction
(an article's column is one more than that of the latest source it copies, so
sources stand on the left), and by publication time inside a column. An arrow
runs from source to copy, coloured by edge kind, as thick as the copy's
coverage, dashed and headless when the direction is unknown; its label and
tooltip give the kind and coverage. Timeline: one dot per article on a time
axis, one lane per outlet.

Every string that comes from the store is escaped here (``markupsafe.escape``)
before it enters the SVG markup, and links are built only from callables the
caller gives (never from stored URLs). Does not decide directions or kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup, escape

from newstrace.report.config import ReportConfig

__all__ = ["provenance_svg", "timeline_svg", "KIND_COLOURS", "parse_time"]

KIND_COLOURS = {
    "verbatim": "#1f5fa8",
    "near_duplicate": "#2f7d4a",
    "partial": "#a86a00",
    "paraphrase": "#6b46c1",
    "spun": "#c0392b",
    "translation": "#00838f",
}
_OTHER = "#666666"


def _trunc(s: str, n: int) -> str:
    return s if len(s) <= n else s[: max(1, n - 1)] + "\u2026"


def parse_time(value: str | None) -> float | None:
    """Seconds since the epoch (UTC) of an ISO 8601 date or datetime, or None."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def _layers(members: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, int]:
    """Longest-path layer of every article over the directed edges (cycles broken by time order)."""
    ids = [m["id"] for m in members]
    known = set(ids)
    preds: dict[str, list[str]] = {i: [] for i in ids}
    succs: dict[str, list[str]] = {i: [] for i in ids}
    for e in edges:
        s, d = e["source_id"], e["derived_id"]
        if e.get("direction_known") and s in known and d in known and s != d:
            preds[d].append(s)
            succs[s].append(d)
    indeg = {i: len(preds[i]) for i in ids}
    rank = {i: n for n, i in enumerate(ids)}
    ready = sorted((i for i in ids if indeg[i] == 0), key=rank.__getitem__)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(ids):
        if not ready:
            # A cycle (contradictory directions): take the earliest unplaced article.
            ready = [min((i for i in ids if i not in placed), key=rank.__getitem__)]
        n = ready.pop(0)
        if n in placed:
            continue
        placed.add(n)
        order.append(n)
        for d in succs[n]:
            indeg[d] -= 1
            if indeg[d] == 0 and d not in placed:
                ready.append(d)
        ready.sort(key=rank.__getitem__)
    layer: dict[str, int] = {}
    for n in order:
        layer[n] = max((layer[p] + 1 for p in preds[n] if p in layer), default=0)
    return layer


def backbone(edges: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """All edges when there are at most ``limit``; else each article's strongest source only.

    A story of 200 articles and 2,000 edges drawn whole is a hairball; the strongest
    incoming edge of every copy (a spanning forest of the provenance) is what a reader
    follows, and the table below the graph still lists every edge.
    """
    if len(edges) <= limit:
        return edges
    best: dict[str, dict[str, Any]] = {}
    for e in edges:
        if not e.get("direction_known"):
            continue
        d = e["derived_id"]
        if d not in best or (e["score"], e["coverage_derived"]) > (best[d]["score"], best[d]["coverage_derived"]):
            best[d] = e
    return sorted(best.values(), key=lambda e: e["id"])


def provenance_svg(
    members: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    node_href: Callable[[dict[str, Any]], str],
    edge_href: Callable[[dict[str, Any]], str],
    cfg: ReportConfig | None = None,
) -> Markup:
    """The provenance graph of a story as an inline ``<svg>`` (members in time order)."""
    cfg = cfg or ReportConfig()
    if not members:
        return Markup("")
    total = len(edges)
    edges = backbone(edges, cfg.graph_max_edges)
    layer = _layers(members, edges)
    cols: dict[int, list[str]] = {}
    for m in members:  # members come in time order, so each column is time-ordered
        cols.setdefault(layer[m["id"]], []).append(m["id"])
    cw, rh, pad = cfg.graph_col_width, cfg.graph_row_height, 16
    box_w, box_h = cw - cfg.graph_col_gap, rh - 6
    pos: dict[str, tuple[float, float]] = {}
    for c, ids in cols.items():
        for r, aid in enumerate(ids):
            pos[aid] = (pad + c * cw, pad + 18 + r * rh)
    width = pad * 2 + (max(cols) + 1) * cw - cfg.graph_col_gap + 110  # room for same-column loops
    height = pad * 2 + 18 + max(len(v) for v in cols.values()) * rh
    by_id = {m["id"]: m for m in members}
    out: list[str] = [
        f'<svg class="provenance" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="provenance graph">',
        "<defs>",
    ]
    for kind, colour in [*KIND_COLOURS.items(), ("other", _OTHER)]:
        out.append(
            f'<marker id="arr-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9"'
            f' markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    for c in sorted(cols):
        label = "sources" if c == 0 else f"copies, step {c}"
        out.append(f'<text class="colhead" x="{pad + c * cw}" y="{pad + 6}">{escape(label)}</text>')
    show_labels = len(edges) <= cfg.graph_max_edge_labels
    for e in edges:
        s, d = e["source_id"], e["derived_id"]
        if s not in pos or d not in pos:
            continue
        (x1, y1), (x2, y2) = pos[s], pos[d]
        kind = e["kind"] if e["kind"] in KIND_COLOURS else "other"
        colour = KIND_COLOURS.get(e["kind"], _OTHER)
        cov = max(0.0, min(1.0, float(e.get("coverage_derived") or 0.0)))
        sw = 1.0 + 3.0 * cov
        ya, yb = y1 + box_h / 2, y2 + box_h / 2
        if layer[s] == layer[d]:
            # Same column (direction unknown or contradictory): a loop out to the right.
            xa, xb = x1 + box_w, x2 + box_w
            bulge = 30 + abs(yb - ya) / 4
            path = f"M{xa:.1f},{ya:.1f} C{xa + bulge:.1f},{ya:.1f} {xb + bulge:.1f},{yb:.1f} {xb:.1f},{yb:.1f}"
            mx, my = xa + bulge * 0.75, (ya + yb) / 2
        else:
            xa, xb = x1 + box_w, x2
            mid = (xa + xb) / 2
            path = f"M{xa:.1f},{ya:.1f} C{mid:.1f},{ya:.1f} {mid:.1f},{yb:.1f} {xb:.1f},{yb:.1f}"
            # Label just before the arrow head: copies of one source fan out, so labels
            # near the source would overprint each other; near each copy they do not.
            mx, my = xb - cfg.graph_col_gap + 8, yb
        directed = bool(e.get("direction_known"))
        dash = "" if directed else ' stroke-dasharray="5,4"'
        marker = f' marker-end="url(#arr-{kind})"' if directed else ""
        src_name = by_id[s]["name"]
        der_name = by_id[d]["name"]
        tip = (
            f"{src_name} \u2192 {der_name}: {e['kind']}, coverage {cov:.0%} of the copy, "
            f"{float(e.get('coverage_source') or 0):.0%} of the source, score {float(e.get('score') or 0):.2f}"
            + ("" if directed else " (direction unknown)")
        )
        out.append(
            f'<a class="edge" href="{escape(edge_href(e))}" data-edge="{escape(str(e["id"]))}">'
            f"<title>{escape(tip)}</title>"
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{sw:.2f}" stroke-opacity="0.8"{dash}{marker}/>'
        )
        if show_labels:
            out.append(
                f'<text class="elabel" x="{mx:.1f}" y="{my - 4:.1f}" fill="{colour}">'
                f"{escape(e['kind'])} {cov:.0%}</text>"
            )
        out.append("</a>")
    for m in members:
        x, y = pos[m["id"]]
        tip = " \u00b7 ".join(str(v) for v in (m["outlet"], m["published"], m["title"], m["id"]) if v)
        spun = " spun" if m.get("spun") else ""
        out.append(
            f'<a class="node{spun}" href="{escape(node_href(m))}" data-article="{escape(m["id"])}">'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="4"/>'
            f'<text x="{x + 6}" y="{y + box_h / 2 + 4:.1f}">'
            f"{escape(_trunc(str(m['name']), cfg.graph_node_label_chars))}</text></a>"
        )
    out.append("</svg>")
    if len(edges) < total:
        out.append(
            f'<p class="muted">Showing each article\'s strongest source: {len(edges)} of {total} edges '
            "(every edge is in the table below).</p>"
        )
    return Markup("".join(out))


def timeline_svg(
    members: list[dict[str, Any]], node_href: Callable[[dict[str, Any]], str], cfg: ReportConfig | None = None
) -> Markup:
    """Publication times of a story's articles: one lane per outlet, undated ones counted apart."""
    cfg = cfg or ReportConfig()
    dated = [(t, m) for m in members if (t := parse_time(m.get("published"))) is not None]
    undated = len(members) - len(dated)
    if not dated:
        return Markup(f'<p class="muted">No publication dates ({undated} undated article(s)).</p>')
    lanes: list[str] = []
    for _t, m in sorted(dated, key=lambda tm: tm[0]):
        o = m.get("outlet") or "(no outlet)"
        if o not in lanes:
            lanes.append(o)
    folded = lanes[cfg.timeline_max_lanes :]
    lanes = lanes[: cfg.timeline_max_lanes] + (["(other outlets)"] if folded else [])
    lane_of = {o: i for i, o in enumerate(lanes)}
    t0 = min(t for t, _ in dated)
    t1 = max(t for t, _ in dated)
    span = max(t1 - t0, 1.0)
    left, axis_w, lane_h, top = 170, cfg.timeline_width, 22, 10
    height = top + len(lanes) * lane_h + 34
    width = left + axis_w + 30
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="timeline">'
    ]
    for o, i in lane_of.items():
        y = top + i * lane_h + lane_h / 2
        out.append(f'<line class="lane" x1="{left}" y1="{y}" x2="{left + axis_w}" y2="{y}"/>')
        out.append(f'<text class="lanelabel" x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(_trunc(o, 24))}</text>')
    for t, m in dated:
        o = m.get("outlet") or "(no outlet)"
        i = lane_of.get(o, len(lanes) - 1)
        x = left + (t - t0) / span * axis_w if t1 > t0 else left + axis_w / 2
        y = top + i * lane_h + lane_h / 2
        spun = " spun" if m.get("spun") else ""
        tip = " \u00b7 ".join(str(v) for v in (m.get("published"), m.get("outlet"), m.get("title")) if v)
        out.append(
            f'<a class="tdot{spun}" href="{escape(node_href(m))}"><title>{escape(tip)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5"/></a>'
        )
    ay = top + len(lanes) * lane_h + 8
    out.append(f'<line class="axis" x1="{left}" y1="{ay}" x2="{left + axis_w}" y2="{ay}"/>')
    for frac in (0.0, 0.5, 1.0):
        t = t0 + frac * (t1 - t0)
        label = datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M")
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[frac]
        out.append(f'<text class="tick" x="{left + frac * axis_w:.1f}" y="{ay + 16}" text-anchor="{anchor}">{label}</text>')
    out.append("</svg>")
    if undated:
        out.append(f'<p class="muted">{undated} undated article(s) not on the timeline.</p>')
    return Markup("".join(out))
