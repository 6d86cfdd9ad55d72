"""Thresholds and sizes of the HTML report and the web app (one frozen dataclass).

Each number says why it is what it is; change them here, never inline.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReportConfig"]


@dataclass(frozen=True)
class ReportConfig:
    # Side-by-side views rendered into the static report per story. Each view costs
    # about the two articles' text (~5-10 KB); 2,000 views of 2,500-char articles
    # made a ~14 MB file that chromium parsed in ~1 s (benchmarks/report_scale.py),
    # so the whole of a large story fits; past this, the strongest edges get a view and
    # the rest point to `newstrace serve`.
    max_pair_views_per_story: int = 2500
    # Rows per page of a story's edge table (client-side pagination): 50 rows keeps
    # the visible table short enough to scan without a scrollbar on a laptop screen.
    edges_page_size: int = 50
    # Stories listed per page in the web app.
    stories_page_size: int = 50
    # Search hits (articles) mapped to stories in the web app's search.
    search_limit: int = 200
    # Provenance graph geometry (pixels): a 170 px box holds a 24-char label at 12 px, and
    # the 90 px gap between columns leaves room for the arrows and their "kind NN%" labels;
    # 26 px rows keep 200 nodes within ~5,200 px of height in the worst (single-layer) case.
    graph_col_width: int = 260
    graph_col_gap: int = 90
    graph_row_height: int = 26
    graph_node_label_chars: int = 24
    # Past this many edges the graph draws only each article's strongest source (a
    # spanning forest): 300 curves is about where a 200-node drawing stops being legible.
    graph_max_edges: int = 300
    # Edge labels (kind, coverage) are drawn on the arrows only up to this many edges;
    # beyond it they would overprint each other, and they stay in each arrow's tooltip.
    graph_max_edge_labels: int = 60
    # Timeline: width of the time axis and the number of outlet lanes drawn before the
    # rest are folded into one "other outlets" lane (a lane is 22 px high).
    timeline_width: int = 760
    timeline_max_lanes: int = 24
