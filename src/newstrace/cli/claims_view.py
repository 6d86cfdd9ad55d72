"""Terminal rendering of a story's claim comparison (``story-claims``).

The comparison is the JSON document ``newstrace.claims.compare_claims(...).to_dict()``
produces; this module reads it defensively (missing keys print as nothing).
"""

from __future__ import annotations

from typing import Any

__all__ = ["print_claims"]


def print_claims(data: dict[str, Any], outlets: dict[str, str]) -> None:
    """Quotes grouped by speaker (each group's wordings by outlet, variants with their
    difference), then the figure groups whose outlets disagree, with the evidence."""
    from rich.console import Console

    console = Console(highlight=False)
    groups = data.get("quote_groups", [])
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        by_speaker.setdefault(g.get("speaker") or "(unattributed)", []).append(g)
    n_var = sum(len(g.get("variants", [])) for g in groups)
    console.print(f"[bold]Quotes[/bold]: {len(groups)} group(s), {len(by_speaker)} speaker(s), {n_var} variant(s)")
    for speaker, gs in sorted(by_speaker.items()):
        console.print(f"\n[bold cyan]{speaker}[/bold cyan]")
        for g in gs:
            console.print(f"  [dim]{g.get('id', '')}[/dim]")
            for m in g.get("members", []):
                who = m.get("label") or outlets.get(m.get("article_id", ""), m.get("article_id", ""))
                console.print(f"    {who:<22} {m.get('text', '')}")
            for v in g.get("variants", []):
                console.print(f"    [yellow]{v.get('kind', 'variant')}[/yellow] in {v.get('label', '')}: "
                              + "; ".join(v.get("difference", [])))
    fgroups = data.get("figure_groups", [])
    disagree = [g for g in fgroups if g.get("disagreement")]
    console.print(f"\n[bold]Figures[/bold]: {len(fgroups)} group(s), {len(disagree)} with disagreeing values")
    for g in disagree:
        unit = f" ({g['unit']})" if g.get("unit") else ""
        console.print(f"\n  [bold]{g.get('counts_what') or ''}{unit}[/bold] [dim]{g.get('id', '')}[/dim]")
        for m in g.get("members", []):
            who = m.get("label") or outlets.get(m.get("article_id", ""), m.get("article_id", ""))
            console.print(f"    {who:<22} {m.get('text', '')}")
        for line in g.get("evidence", [])[:6]:
            console.print(f"    [red]differs[/red] {line}")
