"""``settings``: the stage settings a store was analysed with, as TOML that ``--config`` reads back."""

from __future__ import annotations

import json
from typing import Any

import click

from newstrace.cli.app import db_option, main


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a TOML basic string


def to_toml(sections: dict[str, dict[str, Any]]) -> str:
    """``{section: {key: value}}`` as TOML (scalars and flat lists only: all a stage config holds)."""
    out = []
    for name, fields in sections.items():
        out.append(f"[{name}]")
        out.extend(f"{k} = {_toml_value(v)}" for k, v in sorted(fields.items()))
        out.append("")
    return "\n".join(out)


@main.command("settings")
@db_option
@click.option("--all", "show_all", is_flag=True, help="Every setting, defaults included (else only those changed).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of TOML.")
def settings_cmd(db: str, show_all: bool, as_json: bool) -> None:
    """The stage settings the store was analysed with (`analyze --config/--set`), as TOML that
    `analyze --config` reads back. Nothing is printed for a store made with the defaults,
    unless --all."""
    import dataclasses

    from newstrace.engine.settings import SECTIONS, resolve_settings
    from newstrace.store import open_store

    with open_store(db, readonly=True) as store:
        settings = resolve_settings(store)
    if show_all:
        sections = {
            name: {f.name: getattr(getattr(settings, name), f.name) for f in dataclasses.fields(cls)}
            for name, cls in SECTIONS.items()
        }
    else:
        sections = settings.changed()
    if as_json:
        click.echo(json.dumps(sections, ensure_ascii=False, indent=2, sort_keys=True))
    elif sections:
        click.echo(to_toml(sections), nl=False)
