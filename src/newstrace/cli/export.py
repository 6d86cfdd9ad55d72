"""``newstrace export``: every kind of record as JSONL, CSV or Parquet."""

from __future__ import annotations

import click

from newstrace.cli.app import db_option, main

WHATS = ("articles", "pairs", "stories", "spins", "quotes", "figures")


@main.command()
@db_option
@click.option("--what", type=click.Choice(WHATS), required=True, help="Which records to export.")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True
)
@click.option("-o", "--output", default=None, help="Output file (default stdout; required for parquet).")
def export(db: str, what: str, fmt: str, output: str | None) -> None:
    """Export records; each names its articles by id and origin (input path, record id)."""
    from newstrace.store import open_store
    from newstrace.store.export import export_records, write_records

    with open_store(db, readonly=True) as store:
        n = write_records(export_records(store, what), fmt, path=output)
    if output:
        click.echo(f"wrote {n} {what} records to {output}", err=True)
