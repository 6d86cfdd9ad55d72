"""The click group every verb hangs on, and the shared options and output helpers.

Verbs live in sibling modules (``cli/ingest.py``, ``cli/compare.py`` ...), each
importing ``main`` from here and decorating its commands; ``cli/__init__.py``
imports them all. Heavy libraries are imported inside the command bodies.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from newstrace.errors import NewstraceError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "newstrace.db"
FORMATS = ("table", "json", "jsonl", "csv")


class NewstraceGroup(click.Group):
    """Turns a NewstraceError into one clear line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewstraceError as exc:
            click.echo(f"newstrace: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=NewstraceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newstrace")
def main() -> None:
    """Trace news to its sources: stories, reuse, spin, quotes and independent origins."""


def db_option(f: F) -> F:
    """``--db DB``: the SQLite store (default ./newstrace.db)."""
    return click.option(
        "--db",
        "db",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="SQLite store file.",
    )(f)


def format_option(f: F, choices: Sequence[str] = FORMATS, default: str = "table") -> F:
    """``--format table|json|jsonl|csv`` for every listing."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )(f)


def settings_options(*sections: str) -> Callable[[F], F]:
    """``--config FILE`` and ``--set SECTION.KEY=VALUE`` for a verb that runs the stages
    ``sections`` on files (as ``analyze --config/--set``; see ``settings_for``)."""
    names = " ".join(f"[{s}]" for s in sections)

    def deco(f: F) -> F:
        f = click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
                         help=f"One {'/'.join(sections)} setting, after --config; repeatable.")(f)
        return click.option("--config", "config_path", type=click.Path(dir_okay=False),
                            help=f"TOML file (as for analyze); its {names} section applies.")(f)

    return deco


def settings_for(config_path: str | None, overrides: tuple[str, ...], *sections: str) -> Any:
    """The ``RunSettings`` of a file verb: the TOML file's ``sections`` (its other sections,
    for other stages, are left alone) and ``--set`` overrides, which must be of ``sections``."""
    from newstrace.config import parse_overrides
    from newstrace.engine.settings import build_settings, read_settings
    from newstrace.errors import ConfigError

    other = sorted(set(parse_overrides(overrides)) - set(sections))
    if other:
        raise ConfigError(f"--set {other[0]}.*: this command takes only {', '.join(s + '.*' for s in sections)} settings")
    raw = read_settings(config_path, overrides)
    return build_settings({k: v for k, v in raw.items() if k in sections})


def read_text(path: str | Path, replace_invalid: bool = False) -> str:
    """A file's text exactly as stored, so offsets printed by the file verbs (``compare``,
    ``spin``, ``quotes``) index it exactly: ``newstrace.ingest.base.read_utf8`` (imported
    here, not at the top, to keep ``newstrace --help`` from loading the ingest package)."""
    from newstrace.ingest.base import read_utf8

    return read_utf8(path, replace_invalid)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    out: Any = None,
) -> None:
    """Print records as a rich table, a JSON array, JSON lines or CSV.

    ``columns`` limits and orders the table/CSV columns; JSON formats always
    carry every key. Does not page or truncate.
    """
    out = out or sys.stdout
    rows = list(rows)
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        out.write(buf.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    Console(file=out, soft_wrap=False, width=max(100, _terminal_width())).print(table)


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((140, 40)).columns
