"""Verbs over files: ``quotes FILE...`` and ``figures FILE...`` (no store needed).

Each file is read as UTF-8 text with newlines kept as they are (``newline=""``),
so every offset printed points into the file's text exactly. ``--json`` prints
one JSON array with an object per file; without it, a table per file.
The stored variants (``export --what quotes``, ``story-claims``) live with the
store verbs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from newstrace.cli.app import emit, main, read_text, settings_for, settings_options


def quote_row(q: Any) -> dict[str, Any]:
    """The JSON shape of one quote (shared with export)."""
    span = q.speaker_span
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_start": span[0] if span else None,
        "speaker_end": span[1] if span else None,
        "speaker_resolved": q.speaker_resolved,
        "role": q.role,
        "cue": q.cue,
        "direct": q.direct,
    }


def figure_row(f: Any) -> dict[str, Any]:
    """The JSON shape of one figure (shared with export)."""
    sent = f.sentence_span
    return {
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "value": f.value,
        "value_high": f.value_high,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "counts_what": f.counts_what,
        "sentence_start": sent[0] if sent else None,
        "sentence_end": sent[1] if sent else None,
    }


def _print_per_file(
    files: tuple[str, ...],
    key: str,
    rows_of: Callable[[str, str], list[dict[str, Any]]],
    columns: list[str],
    as_json: bool,
) -> None:
    """Run ``rows_of(text, path)`` on each file; print one JSON array or a table per file."""
    per_file = [(path, rows_of(read_text(path), path)) for path in files]
    if as_json:
        results = [{"file": path, key: rows} for path, rows in per_file]
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        return
    for path, rows in per_file:
        emit(rows, "table", columns=columns, title=f"{path}: {len(rows)} {key}")


@main.command("quotes")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per file.")
@settings_options("claims")
def quotes_cmd(files: tuple[str, ...], as_json: bool, config_path: str | None, overrides: tuple[str, ...]) -> None:
    """Direct and indirect quotes in FILE(s), with speaker, role and cue verb."""
    from newstrace.claims import extract_quotes

    config = settings_for(config_path, overrides, "claims").claims
    _print_per_file(
        files,
        "quotes",
        lambda text, path: [quote_row(q) for q in extract_quotes(text, article_id=path, config=config)],
        ["start", "end", "speaker", "speaker_resolved", "role", "cue", "direct", "text"],
        as_json,
    )


@main.command("figures")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per file.")
def figures_cmd(files: tuple[str, ...], as_json: bool) -> None:
    """Numbers in FILE(s): value, range, unit, qualifier and what they count."""
    from newstrace.claims import extract_figures

    _print_per_file(
        files,
        "figures",
        lambda text, path: [figure_row(f) for f in extract_figures(text, article_id=path)],
        ["start", "end", "text", "value", "value_high", "unit", "qualifier", "counts_what"],
        as_json,
    )
