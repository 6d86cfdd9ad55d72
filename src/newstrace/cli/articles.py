"""Verbs over stored articles: ``ingest``, ``articles``, ``show``, ``search``."""

from __future__ import annotations

import json
import sys

import click

from newstrace.cli.app import db_option, emit, format_option, main
from newstrace.cli.progress import ingest_with_progress, parse_fields


@main.command()
@db_option
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=KEY",
    help="JSON/JSONL field mapping, e.g. --field text=body --field date=published_at (repeatable).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.argument("paths", nargs=-1, required=True)
def ingest(db: str, fields: tuple[str, ...], quiet: bool, paths: tuple[str, ...]) -> None:
    """Read articles from PATHS (files, directories, globs, - for stdin) into the store.

    Formats: plain text (with optional metadata header), JSON/JSONL, HTML, WARC(.gz).
    Re-ingesting the same input is a no-op; bad inputs are skipped with a reason.
    """
    from newstrace.store import open_store

    with open_store(db) as store:
        summary = ingest_with_progress(store, list(paths), parse_fields(fields), quiet=quiet)
    click.echo(summary.line(), err=False)
    for skip in summary.skips[:20]:
        click.echo(f"  skipped {skip}", err=True)
    if len(summary.skips) > 20:
        click.echo(f"  ... and {len(summary.skips) - 20} more (see the ingest_skips table)", err=True)


ARTICLE_LIST_COLUMNS = ("id", "published", "outlet", "title", "language", "n_chars", "source_ref")


@main.command("articles")
@db_option
@format_option
@click.option("--limit", type=int, default=None, help="Show at most N articles.")
def articles_cmd(db: str, fmt: str, limit: int | None) -> None:
    """List stored articles in insertion order."""
    from newstrace.store import open_store

    with open_store(db, readonly=True) as store:
        sql = (
            "SELECT id, published, outlet, title, language, n_chars, credits, source_ref, source_record, url"
            " FROM articles ORDER BY rowid"
        )
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        rows = [dict(r) for r in store.execute(sql, params)]
    for r in rows:
        r["credits"] = json.loads(r["credits"] or "[]")
    emit(rows, fmt, columns=ARTICLE_LIST_COLUMNS if fmt in ("table",) else None)


@main.command()
@db_option
@format_option
@click.argument("article_id")
def show(db: str, fmt: str, article_id: str) -> None:
    """Show one article (an id or a unique id prefix): metadata, origins and text."""
    from newstrace.store import open_store
    from newstrace.store.articles import article_origins, get_article
    from newstrace.types import to_dict

    with open_store(db, readonly=True) as store:
        article = get_article(store, article_id)
        origins = article_origins(store, article.id)
    record = to_dict(article)
    record["origins"] = origins
    if fmt in ("json", "jsonl"):
        click.echo(json.dumps(record, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    if fmt == "csv":
        emit([record], "csv")
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{article.title or '(no title)'}[/bold]")
    meta = [
        ("id", article.id), ("outlet", article.outlet), ("published", article.published),
        ("url", article.url), ("language", article.language), ("byline", article.byline),
        ("credits", ", ".join(article.credits) or None),
    ]
    for k, v in meta:
        if v:
            console.print(f"[dim]{k:>9}[/dim] {v}", markup=True, highlight=False)
    for o in origins:
        rec = f" (record {o['source_record']})" if o["source_record"] else ""
        console.print(f"[dim]{'origin':>9}[/dim] {o['source_ref']}{rec}", highlight=False)
    console.print()
    sys.stdout.write(article.text.rstrip() + "\n")


@main.command()
@db_option
@format_option
@click.option("--limit", type=int, default=20, show_default=True)
@click.argument("query")
def search(db: str, fmt: str, limit: int, query: str) -> None:
    """Full-text search over titles and texts (all words must occur)."""
    from newstrace.store import open_store
    from newstrace.store.articles import search_articles

    with open_store(db, readonly=True) as store:
        rows = search_articles(store, query, limit=limit)
    emit(rows, fmt, columns=("id", "published", "outlet", "title", "snippet") if fmt == "table" else None)
