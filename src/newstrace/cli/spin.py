"""``newstrace spin FILE...`` and ``newstrace despin FILE``: spun spans and restored text.

A thin layer over ``newstrace.spin.detect_spin``. Files are read as UTF-8 text
(undecodable bytes replaced); offsets are into that decoded text. ``--against
SOURCE`` aligns each file with a source text (``newstrace.align``, or a word
diff for short texts) and uses its word substitutions as exact restorations;
``--sibling FILE`` adds other spins of the same original.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from newstrace.cli.app import main, read_text


def _read(path: str) -> str:
    return read_text(path, replace_invalid=True)


def _substitutions(source: str | None, text: str) -> list[Any] | None:
    if source is None:
        return None
    from newstrace.spin.source import source_substitutions

    return source_substitutions(_read(source), text)


def _report(path: str, against: str | None, siblings: tuple[str, ...]) -> tuple[str, Any]:
    from newstrace.spin import detect_spin

    text = _read(path)
    sib_texts = [_read(s) for s in siblings if s != path]
    rep = detect_spin(
        text,
        article_id=path,
        source_substitutions=_substitutions(against, text),
        sibling_texts=sib_texts or None,
    )
    return text, rep


def _json(path: str, rep: Any) -> dict[str, Any]:
    return {
        "file": path,
        "score": rep.score,
        "spun": rep.spun,
        "spans": [
            {
                "start": f.start,
                "end": f.end,
                "text": f.spun_text,
                "original": f.original_text,
                "confidence": f.confidence,
                "evidence": list(f.evidence),
            }
            for f in rep.spans
        ],
    }


@main.command("spin")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (one object per file, in a list)."
)
@click.option("--against", type=click.Path(dir_okay=False), help="A source text to align with.")
@click.option(
    "--sibling",
    "siblings",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Another spin of the same original (repeatable). With several FILEs, each is the others' sibling when --siblings-each-other is set.",
)
@click.option(
    "--siblings-each-other", is_flag=True, help="Treat all FILEs as spins of one original."
)
def spin_cmd(
    files: tuple[str, ...],
    as_json: bool,
    against: str | None,
    siblings: tuple[str, ...],
    siblings_each_other: bool,
) -> None:
    """Score FILEs for machine spinning and list the spun spans with their likely originals."""
    out: list[dict[str, Any]] = []
    for path in files:
        sibs = siblings + (files if siblings_each_other else ())
        _, rep = _report(path, against, sibs)
        out.append(_json(path, rep))
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    for rec in out:
        verdict = "SPUN" if rec["spun"] else "not spun"
        click.echo(
            f"{rec['file']}: score {rec['score']:.2f} ({verdict}), {len(rec['spans'])} span(s)"
        )
        for s in rec["spans"]:
            click.echo(
                f"  {s['start']}-{s['end']}  {s['text']!r} -> {s['original']!r}  "
                f"conf {s['confidence']:.2f}  [{s['evidence'][0].removeprefix('evidence: ')}]"
            )


@main.command("despin")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON: restored text plus the spans.")
@click.option("--against", type=click.Path(dir_okay=False), help="A source text to align with.")
@click.option("--sibling", "siblings", multiple=True, type=click.Path(dir_okay=False))
@click.option(
    "--plain", is_flag=True, help="Print the restored text without [spun→original] marks."
)
def despin_cmd(
    file: str, as_json: bool, against: str | None, siblings: tuple[str, ...], plain: bool
) -> None:
    """Print FILE with every spun span replaced by its likely original, each change marked."""
    from newstrace.spin import restore_text

    text, rep = _report(file, against, siblings)
    restored = restore_text(text, rep.spans, marked=not plain)
    if as_json:
        rec = _json(file, rep)
        rec["restored"] = restore_text(text, rep.spans, marked=False)
        rec["marked"] = restore_text(text, rep.spans, marked=True)
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(restored if restored.endswith("\n") else restored + "\n")
