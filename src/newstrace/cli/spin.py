"""``newstrace spin FILE...``, ``despin FILE`` and ``restore PHRASE...``: spun spans,
restored text, and the likely originals of a phrase known to be spun.

A thin layer over ``newstrace.spin.detect_spin``. Files are read as UTF-8 text
(undecodable bytes replaced); offsets are into that decoded text. ``--against
SOURCE`` aligns each file with a source text (``newstrace.align``, or a word
diff for short texts) and uses its word substitutions as exact restorations;
``--sibling FILE`` adds other spins of the same original. ``--lexicon FILE`` adds
the user's own list of known spins (``newstrace.spin.lexicon_file``): in ``spin`` and
``despin`` each listed spun phrase found verbatim is a span; in ``restore PHRASE``
its word swaps, multiword rules and known originals feed restoration, and switch on
the learned re-ranker.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from newstrace.cli.app import main, read_text, settings_for, settings_options


def _read(path: str) -> str:
    return read_text(path, replace_invalid=True)


def _substitutions(source: str | None, text: str) -> list[Any] | None:
    if source is None:
        return None
    from newstrace.spin.source import source_substitutions

    return source_substitutions(_read(source), text)


def _lexicon(path: str | None) -> Any:
    """The ``LexiconFile`` read from ``path`` (None without one)."""
    if path is None:
        return None
    from newstrace.spin.lexicon_file import read_lexicon

    return read_lexicon(path)


def _report(
    path: str, against: str | None, siblings: tuple[str, ...], lexicon: Any = None, config: Any = None
) -> tuple[str, Any]:
    from newstrace.spin import detect_spin

    text = _read(path)
    sib_texts = [_read(s) for s in siblings if s != path]
    rep = detect_spin(
        text,
        article_id=path,
        source_substitutions=_substitutions(against, text),
        sibling_texts=sib_texts or None,
        # the list's phrases are found verbatim; its swaps are NOT handed to the lexical
        # detector, which is calibrated without them: with the 6,942 tortured phrases as
        # swaps it reports 4.3 spans per 1,000 words of unspun news instead of 0.014
        # (benchmarks/spin_false_alarms.py, passing lexicon= to detect_spin)
        known_spins=lexicon.known if lexicon is not None else None,
        config=config,
    )
    return text, rep


def _json(path: str, rep: Any, lexicon: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {
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
    if lexicon is not None:
        out["lexicon"] = {"file": lexicon.path, "pairs": lexicon.pairs, "skipped": lexicon.skipped}
    return out


_LEXICON_HELP = (
    "Known spins to learn from: JSONL with \"tortured\" (or \"spun\") and \"original\", "
    "or spun<TAB>original lines."
)


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
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False), help=_LEXICON_HELP)
@settings_options("spin")
def spin_cmd(
    files: tuple[str, ...],
    as_json: bool,
    against: str | None,
    siblings: tuple[str, ...],
    siblings_each_other: bool,
    lexicon_path: str | None,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> None:
    """Score FILEs for machine spinning and list the spun spans with their likely originals."""
    config = settings_for(config_path, overrides, "spin").spin
    lexicon = _lexicon(lexicon_path)
    out: list[dict[str, Any]] = []
    for path in files:
        sibs = siblings + (files if siblings_each_other else ())
        _, rep = _report(path, against, sibs, lexicon, config)
        out.append(_json(path, rep, lexicon))
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
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False), help=_LEXICON_HELP)
@settings_options("spin")
def despin_cmd(
    file: str,
    as_json: bool,
    against: str | None,
    siblings: tuple[str, ...],
    plain: bool,
    lexicon_path: str | None,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> None:
    """Print FILE with every spun span replaced by its likely original, each change marked."""
    from newstrace.spin import restore_text

    config = settings_for(config_path, overrides, "spin").spin
    lexicon = _lexicon(lexicon_path)
    text, rep = _report(file, against, siblings, lexicon, config)
    restored = restore_text(text, rep.spans, marked=not plain)
    if as_json:
        rec = _json(file, rep, lexicon)
        rec["restored"] = restore_text(text, rep.spans, marked=False)
        rec["marked"] = restore_text(text, rep.spans, marked=True)
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(restored if restored.endswith("\n") else restored + "\n")


@main.command("restore")
@click.argument("phrases", nargs=-1)
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False),
    help="Also read phrases from this file, one per line.",
)
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False), help=_LEXICON_HELP)
@click.option("--top", "-k", default=5, show_default=True, help="Candidate originals per phrase.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per phrase, in a list).")
@settings_options("spin")
def restore_cmd(
    phrases: tuple[str, ...],
    from_file: str | None,
    lexicon_path: str | None,
    top: int,
    as_json: bool,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> None:
    """Propose what each known-spun PHRASE originally said ("chilly warfare" -> "cold war"),
    best first, with the evidence for each candidate.

    Unlike `spin`, this does not decide whether a phrase is spun: it assumes it is.
    """
    from newstrace.errors import InputError
    from newstrace.spin import restore_phrase
    from newstrace.spin.lexical import tokenize

    todo = list(phrases)
    if from_file is not None:
        todo += [line.strip() for line in _read(from_file).splitlines() if line.strip()]
    if not todo:
        raise InputError(None, "no phrase given (pass PHRASE arguments or --from FILE)")
    if top < 1:
        raise click.BadParameter("must be at least 1", param_hint="--top")
    config = settings_for(config_path, overrides, "spin").spin
    lexicon = _lexicon(lexicon_path)
    out: list[dict[str, Any]] = []
    for phrase in todo:
        words = [t[2] for t in tokenize(phrase)]
        found = restore_phrase(words, config=config, lexicon=lexicon.lexicon if lexicon is not None else None)
        out.append(
            {
                "phrase": phrase,
                "restorations": [
                    {
                        "original": " ".join(r.words),
                        "score": round(r.score, 4),
                        "changed": list(r.changed),
                        "evidence": list(r.evidence),
                    }
                    for r in found[:top]
                ],
            }
        )
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    for rec in out:
        if not rec["restorations"]:
            click.echo(f"{rec['phrase']}: no candidate original")
            continue
        click.echo(f"{rec['phrase']}:")
        for i, r in enumerate(rec["restorations"], start=1):
            click.echo(f"  {i}. {r['original']}  (score {r['score']:.2f})")
            for ev in r["evidence"]:
                click.echo(f"       - {ev}")
