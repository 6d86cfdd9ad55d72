"""Verbs that show the store to a person: ``report`` (one HTML file) and ``serve`` (web app).

Both only read the store. ``serve`` binds 127.0.0.1 unless ``--host`` says otherwise.
The work is in ``newstrace.report`` and ``newstrace.web``; this is the thin CLI layer.
"""

from __future__ import annotations

import click

from newstrace.cli.app import db_option, main


@main.command("report")
@db_option
@click.option("-o", "--output", "output", default="report.html", show_default=True,
              type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--story", "story_id", default=None, help="Only this story (id or unique id prefix).")
def report_cmd(db: str, output: str, story_id: str | None) -> None:
    """Write a self-contained HTML report (stories, provenance, side-by-side reuse, claims)."""
    from newstrace.errors import StoreError
    from newstrace.report import write_report
    from newstrace.report.build import ViewNotFound
    from newstrace.store import open_store

    with open_store(db, readonly=True) as store:
        try:
            path = write_report(store, output, story_id)
        except ViewNotFound as exc:
            raise StoreError(str(exc)) from exc
        n = store.execute("SELECT count(*) FROM stories").fetchone()[0]
    shown = 1 if story_id else n
    click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB, {shown} stor{'y' if shown == 1 else 'ies'}); "
               f"open it in a browser: file://{path.resolve()}")


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (default: this machine only).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
def serve_cmd(db: str, host: str, port: int) -> None:
    """Serve a read-only web app over the store (story list, search, stories, articles, pairs)."""
    try:
        import uvicorn
    except ImportError as exc:  # the optional [web] extra
        from newstrace.errors import ResourceError

        raise ResourceError("`newstrace serve` needs the web extra: pip install 'newstrace[web]'") from exc
    from newstrace.web import create_app

    app = create_app(db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: other machines can read this store", err=True)
    click.echo(f"newstrace: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
