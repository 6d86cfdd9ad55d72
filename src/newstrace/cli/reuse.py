"""Reuse verbs: ``analyze`` (the main job), ``pairs`` and ``show-pair``."""

from __future__ import annotations

import click

from newstrace.cli.app import db_option, emit, format_option, main
from newstrace.cli.progress import ProgressBar, ingest_with_progress, parse_fields


@main.command()
@db_option
@click.option("--field", "fields", multiple=True, metavar="NAME=KEY", help="JSON/JSONL field mapping (see ingest).")
@click.option("--processes", type=int, default=2, show_default=True, help="Worker processes for alignment.")
@click.option("--no-spin", is_flag=True, help="Skip spin detection.")
@click.option("--no-claims", is_flag=True, help="Skip quote and figure extraction.")
@click.option("--no-stories", is_flag=True, help="Skip story clustering.")
@click.option("--recluster-online", is_flag=True,
              help="Re-cluster the stories each batch of new articles touched, with their neighbours "
              "(closer to `recluster`'s batch answer; slower).")
@click.option("--lexicon", "lexicon", type=click.Path(dir_okay=False), default=None,
              help="A list of known spins to find verbatim (as `spin --lexicon`). The store keeps it for "
                   "later runs; a new list rechecks every article.")
@click.option("--no-lexicon", is_flag=True, help="Drop the stored list of known spins (rechecks every article).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML file with a section per stage: [index] [align] [reuse] [spin] [claims] [stories] "
                   "(the fields of each stage's config dataclass). The store records the settings; later "
                   "runs continue with them.")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="One setting, after --config; repeatable (e.g. align.min_passage_words=20). A stage that "
                   "already has results in the store keeps its settings: a change is refused.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the stages in this process (local) or on a Dask cluster (pip install 'newstrace[dask]').")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a LocalCluster.")
@click.option("--workdir", default=None, metavar="DIR",
              help="Dask engine: Parquet partitions between stages (default: <db>.dask/ next to the database).")
@click.argument("paths", nargs=-1)
def analyze(
    db: str, fields: tuple[str, ...], processes: int, no_spin: bool, no_claims: bool,
    no_stories: bool, recluster_online: bool, lexicon: str | None, no_lexicon: bool,
    config_path: str | None, overrides: tuple[str, ...], quiet: bool, engine: str,
    scheduler: str | None, workdir: str | None, paths: tuple[str, ...],
) -> None:
    """Ingest PATHS (if any), then index, align, type and direct reuse, detect spin,
    extract quotes and figures, and cluster stories. Resumable and incremental:
    rerun it after a crash, or with new PATHS to match them against the store."""
    from newstrace.engine.config import AnalyzeConfig
    from newstrace.engine.local import run_analyze
    from newstrace.engine.settings import (
        build_settings,
        read_settings,
        record_settings,
        resolve_settings,
    )
    from newstrace.process_memory import avoid_huge_pages
    from newstrace.store import open_store

    avoid_huge_pages()  # a batch run: page faults that cost the same every run (``process_memory``)
    requested = read_settings(config_path, overrides)
    build_settings(requested)  # a bad file or value fails now, before the store is opened
    if lexicon is not None and no_lexicon:
        raise click.UsageError("--lexicon and --no-lexicon exclude each other")
    if lexicon is not None:
        from newstrace.spin.lexicon_file import read_lexicon

        read_lexicon(lexicon)  # a bad list fails now, not after ingest, index and align
    with open_store(db) as store:
        settings = resolve_settings(store, requested)  # refuses a change to a stage with results
        cfg = AnalyzeConfig(
            processes=processes, spin=not no_spin, claims=not no_claims, stories=not no_stories,
            stories_recluster=recluster_online, spin_lexicon=lexicon, spin_lexicon_drop=no_lexicon,
            settings=settings,
        )
        with store.transaction():
            record_settings(store, settings)
        described = settings.describe()
        if described:
            click.echo(f"settings: {described}")
        if paths:
            summary = ingest_with_progress(store, list(paths), parse_fields(fields), quiet=quiet)
            click.echo(f"ingest: {summary.line()}")
            for skip in summary.skips[:20]:
                click.echo(f"  skipped {skip}", err=True)
        bars: dict[str, ProgressBar] = {}

        def on_event(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = ProgressBar(stage, total, quiet=quiet)
            bar.count = done
            bar.advance(0, completed=done)

        try:
            if engine == "dask":
                from newstrace.engine.dask_engine import run_dask

                stats = run_dask(store, cfg, on_event, scheduler=scheduler, workdir=workdir)
            else:
                stats = run_analyze(store, cfg, on_event)
        finally:
            for bar in bars.values():
                bar.close()
    click.echo(f"analyze: {stats.line()}")


PAIR_COLUMNS = ("source", "derived", "kind", "coverage_source", "coverage_derived", "score", "direction")


@main.command()
@db_option
@format_option
@click.option("--kind", default=None, help="Only edges of this kind (verbatim, near_duplicate, partial, paraphrase, spun, translation).")
def pairs(db: str, fmt: str, kind: str | None) -> None:
    """List reuse edges: who reuses whom, how, how much, and which is the source."""
    from newstrace.store import open_store
    from newstrace.store.reuse import edge_record, iter_edges

    with open_store(db, readonly=True) as store:
        cache: dict[str, object] = {}
        records = [edge_record(store, e, ev, cache) for e, ev in iter_edges(store, kind)]  # type: ignore[arg-type]
        titles = {
            r[0]: (r[1] or "", r[2] or "")
            for r in store.execute("SELECT id, outlet, title FROM articles")
        }
    if fmt == "table":
        rows = []
        for r in records:
            s, d = r["source"]["id"], r["derived"]["id"]
            rows.append({
                "source": f"{s[:10]} {titles.get(s, ('', ''))[0]}",
                "derived": f"{d[:10]} {titles.get(d, ('', ''))[0]}",
                "kind": r["kind"],
                "coverage_source": r["coverage_source"],
                "coverage_derived": r["coverage_derived"],
                "score": r["score"],
                "direction": "known" if r["direction_known"] else "unknown",
            })
        emit(rows, "table", columns=PAIR_COLUMNS)
        return
    emit(records, fmt)


@main.command("show-pair")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the edge as JSON instead.")
@click.argument("a")
@click.argument("b")
def show_pair(db: str, as_json: bool, a: str, b: str) -> None:
    """Show two articles side by side with the reused passages highlighted and substitutions marked."""
    import json

    from newstrace.cli.sidebyside import render_side_by_side
    from newstrace.errors import StoreError
    from newstrace.store import open_store
    from newstrace.store.articles import get_article
    from newstrace.store.reuse import edge_record, get_edge_between

    with open_store(db, readonly=True) as store:
        art_a, art_b = get_article(store, a), get_article(store, b)
        found = get_edge_between(store, art_a.id, art_b.id)
        if found is None:
            raise StoreError(f"no reuse edge between {art_a.id} and {art_b.id}")
        edge, evidence = found
        if as_json:
            click.echo(json.dumps(edge_record(store, edge, evidence), ensure_ascii=False, indent=2))
            return
        src = art_a if edge.source_id == art_a.id else art_b
        der = art_b if src is art_a else art_a
    render_side_by_side(src, der, edge, evidence)
