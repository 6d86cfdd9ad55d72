"""Terminal rendering of a story's claim comparison (``story-claims``).

The comparison is the JSON document ``newstrace.claims.compare_claims(...).to_dict()``
produces; this module reads it defensively (missing keys print as nothing).
"""

from __future__ import annotations

from typing import Any

__all__ = ["print_claims"]


def print_claims(data: dict[str, Any], outlets: dict[str, str]) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    groups = data.get("quote_groups", [])
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        by_speaker.setdefault(g.get("speaker") or "(unattributed)", []).append(g)
    console.print(f"[bold]Quotes[/bold]: {len(groups)} group(s), {len(by_speaker)} speaker(s)")
    for speaker, gs in sorted(by_speaker.items()):
        console.print(f"\n[bold cyan]{speaker}[/bold cyan]")
        for g in gs:
            for m in g.get("members", []):
                who = outlets.get(m.get("article_id", ""), m.get("article_id", ""))
                console.print(f"  {who:<22} \u201c{m.get('text', '')}\u201d")
            for flag in g.get("flags", []) or g.get("variants", []):
                console.print(f"    [yellow]variant[/yellow] {_flag_text(flag)}")
    fgroups = data.get("figure_groups", [])
    disagree = [g for g in fgroups if g.get("flags") or g.get("disagree")]
    console.print(f"\n[bold]Figures[/bold]: {len(fgroups)} group(s), {len(disagree)} disagreeing")
    for g in disagree:
        console.print(f"\n  [bold]{g.get('counts_what') or g.get('label') or ''}[/bold]")
        for m in g.get("members", []):
            who = outlets.get(m.get("article_id", ""), m.get("article_id", ""))
            console.print(f"    {who:<22} {m.get('text', '')}")
        for flag in g.get("flags", []):
            console.print(f"    [red]disagreement[/red] {_flag_text(flag)}")


def _flag_text(flag: Any) -> str:
    if isinstance(flag, dict):
        kind = flag.get("kind") or flag.get("type") or ""
        detail = flag.get("detail") or flag.get("diff") or flag.get("description") or ""
        return f"{kind}: {detail}".strip(": ")
    return str(flag)
