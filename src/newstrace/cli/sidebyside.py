"""Terminal side-by-side view of a reuse edge (rich): passages highlighted, swaps marked.

Passage n is drawn in the same colour on both sides with a ``[n`` marker at its
start; substituted words are underlined on the derived side with the source's
word after it in brackets. Does not wrap long texts into pages: pipe to ``less -R``.
"""

from __future__ import annotations

from newstrace.types import Article, ReuseEdge

__all__ = ["render_side_by_side", "styled_text"]

COLOURS = ("on dark_green", "on dark_blue", "on dark_magenta", "on dark_cyan", "on grey37", "on dark_orange3")


def styled_text(text: str, spans: list[tuple[int, int, str, str]], marks: list[tuple[int, int, str]]) -> object:
    """A rich ``Text`` with ``spans`` (start, end, style, label) and ``marks`` (start, end, note)."""
    from rich.text import Text

    out = Text()
    points = sorted({0, len(text), *[s for s, _e, _st, _l in spans], *[e for _s, e, _st, _l in spans],
                     *[s for s, _e, _n in marks], *[e for _s, e, _n in marks]})
    starts = {s: lab for s, _e, _st, lab in spans}
    notes = {e: n for _s, e, n in marks}
    for lo, hi in zip(points, points[1:], strict=False):
        if lo in starts:
            out.append(f"[{starts[lo]}", style="bold yellow")
        style = ""
        for s, e, st, _lab in spans:
            if s <= lo < e:
                style = st
                break
        if any(s <= lo < e for s, e, _n in marks):
            style += " underline bold"
        out.append(text[lo:hi], style=style.strip() or None)
        if hi in notes:
            out.append(f" (was: {notes[hi]})", style="italic bright_red")
    return out


def render_side_by_side(src: Article, der: Article, edge: ReuseEdge, evidence: list[str]) -> None:
    from rich.columns import Columns
    from rich.console import Console
    from rich.panel import Panel

    console = Console()
    head = (
        f"[bold]{edge.kind}[/bold]  score {edge.score:.2f}  coverage source {edge.coverage_source:.0%} / "
        f"derived {edge.coverage_derived:.0%}  direction {'known' if edge.direction_known else 'unknown'}"
    )
    console.print(head)
    for line in edge.direction_evidence:
        console.print(f"  direction: {line}", highlight=False)
    for line in evidence:
        console.print(f"  link: {line}", highlight=False)
    s_spans, d_spans = [], []
    for i, p in enumerate(edge.passages, 1):
        colour = COLOURS[(i - 1) % len(COLOURS)]
        s_spans.append((p.a_start, p.a_end, colour, str(i)))
        d_spans.append((p.b_start, p.b_end, colour, str(i)))
    marks = [(s.b_start, s.b_end, s.a_text) for s in edge.substitutions]
    left = Panel(styled_text(src.text, s_spans, []), title=f"SOURCE {src.id[:10]} {src.outlet or ''}")  # type: ignore[arg-type]
    right = Panel(styled_text(der.text, d_spans, marks), title=f"DERIVED {der.id[:10]} {der.outlet or ''}")  # type: ignore[arg-type]
    console.print(Columns([left, right], equal=True, expand=True))
