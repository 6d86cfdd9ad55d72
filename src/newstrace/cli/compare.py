"""``newstrace compare``: align two files, or a list of pairs (JSONL, on all cores).

    newstrace compare A B [--json]
    newstrace compare --pairs PAIRS.tsv --json [--processes 2]

Texts are read as UTF-8 with no newline translation, so the offsets printed
index the files exactly as they are on disk. A is the candidate source, B the
candidate copy; the passages are those of B that reuse A. The alignment itself
is ``newstrace.align``; this module only reads, dispatches and prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from newstrace.cli.app import main, read_text, settings_for, settings_options
from newstrace.errors import InputError

_EXCERPT = 70


def _excerpt(text: str, start: int, end: int) -> str:
    s = " ".join(text[start:end].split())
    return s if len(s) <= _EXCERPT else s[: _EXCERPT - 3] + "..."


def _summary(res: Any, a_text: str, b_text: str, a_name: str, b_name: str) -> str:
    lines = [
        f"A: {a_name}",
        f"B: {b_name}",
        f"relation: {res.relation}   score: {res.score:.3f}   source: {res.source or 'unknown'}",
        f"coverage: A {res.coverage_a:.1%}   B {res.coverage_b:.1%}   passages: {len(res.passages)}",
    ]
    for k, p in enumerate(res.passages, 1):
        lines.append(
            f"  [{k}] {p.kind} {p.similarity:.2f}  A[{p.a_start}:{p.a_end}]  B[{p.b_start}:{p.b_end}]"
        )
        lines.append(f"      A: {_excerpt(a_text, p.a_start, p.a_end)}")
        lines.append(f"      B: {_excerpt(b_text, p.b_start, p.b_end)}")
    if res.substitutions:
        lines.append(f"substitutions ({len(res.substitutions)}):")
        for s in res.substitutions[:15]:
            lines.append(
                f"  A[{s.a_start}:{s.a_end}] {s.a_text!r} -> B[{s.b_start}:{s.b_end}] {s.b_text!r}"
            )
        if len(res.substitutions) > 15:
            lines.append(f"  ... {len(res.substitutions) - 15} more (use --json)")
    lines.append("evidence:")
    lines.extend(f"  - {e}" for e in res.evidence)
    return "\n".join(lines)


def read_pairs(path: str) -> list[tuple[str, str]]:
    """Lines of two paths (tab or whitespace separated); blank lines and ``#`` comments skipped.

    A relative path that does not exist from the working directory is looked up
    next to the pairs file.
    """
    base = Path(path).parent
    out: list[tuple[str, str]] = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) != 2:
            raise InputError(path, "expected two paths (A then B)", line=n)
        resolved = []
        for part in parts:
            p = Path(part.strip())
            if not p.is_absolute() and not p.exists() and (base / p).exists():
                p = base / p
            resolved.append(str(p))
        out.append((resolved[0], resolved[1]))
    return out


def _align_pair(pair: tuple[str, str], config: Any = None) -> dict[str, Any]:
    from newstrace.align import align_texts, to_json

    a, b = pair
    try:
        out = to_json(align_texts(read_text(a), read_text(b), config))
    except InputError as exc:
        return {"a": a, "b": b, "error": str(exc)}
    return {"a": a, "b": b, **out}


@main.command("compare")
@click.argument("a", required=False, type=click.Path(dir_okay=False))
@click.argument("b", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--pairs", "pairs_file", type=click.Path(dir_okay=False), help="File of 'A<TAB>B' path pairs."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (JSONL with --pairs).")
@click.option(
    "--processes", type=int, default=2, show_default=True, help="Worker processes for --pairs."
)
@settings_options("align")
def compare(
    a: str | None, b: str | None, pairs_file: str | None, as_json: bool, processes: int,
    config_path: str | None, overrides: tuple[str, ...],
) -> None:
    """Align B against A: the passages of B that reuse A, typed, with exact offsets."""
    from functools import partial

    from newstrace.align import align_texts, to_json

    config = settings_for(config_path, overrides, "align").align
    if pairs_file:
        if a or b:
            raise click.UsageError("give either A B or --pairs, not both")
        pairs = read_pairs(pairs_file)
        if processes > 1 and len(pairs) > 1:
            from multiprocessing import Pool

            with Pool(processes) as pool:
                rows = pool.imap(partial(_align_pair, config=config), pairs, chunksize=4)
                _print_rows(rows, as_json)
        else:
            _print_rows((_align_pair(p, config) for p in pairs), as_json)
        return
    if not a or not b:
        raise click.UsageError("give two files A B, or --pairs FILE")
    a_text, b_text = read_text(a), read_text(b)
    res = align_texts(a_text, b_text, config)
    if as_json:
        click.echo(json.dumps({"a": a, "b": b, **to_json(res)}, ensure_ascii=False, indent=2))
    else:
        click.echo(_summary(res, a_text, b_text, a, b))


def _print_rows(rows: Any, as_json: bool) -> None:
    out = sys.stdout
    for r in rows:
        if as_json:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif "error" in r:
            out.write(f"{r['a']}\t{r['b']}\terror: {r['error']}\n")
        else:
            out.write(
                f"{r['a']}\t{r['b']}\t{r['relation']}\t{r['score']:.3f}\t{len(r['passages'])} passage(s)\n"
            )
        out.flush()
