"""Story verbs over the store: ``stories``, ``story``, ``story-claims``."""

from __future__ import annotations

import json
from typing import Any

import click

from newstrace.cli.app import db_option, emit, format_option, main


def _story_rows(store: Any) -> list[dict[str, Any]]:
    from newstrace.store.stories import iter_stories

    rows = []
    for s in iter_stories(store):
        rows.append({
            "id": s.id, "label": s.label, "size": len(s.article_ids),
            "independent_origins": s.independent_origins,
            "first_seen": s.first_seen, "last_seen": s.last_seen,
            "article_ids": list(s.article_ids),
        })
    return rows


@main.command("stories")
@db_option
@format_option
def stories_cmd(db: str, fmt: str) -> None:
    """List stories: label, size, independent origins, time span."""
    from newstrace.store import open_store

    with open_store(db, readonly=True) as store:
        rows = _story_rows(store)
    cols = ("id", "size", "independent_origins", "first_seen", "last_seen", "label")
    emit(rows, fmt, columns=cols if fmt in ("table", "csv") else None)


def story_detail(store: Any, story_id: str) -> dict[str, Any]:
    """A story with its members in time order and how each relates to the others (edges)."""
    from newstrace.errors import StoreError
    from newstrace.store.articles import iter_articles
    from newstrace.store.export import origin_of
    from newstrace.store.reuse import edges_of_articles
    from newstrace.store.stories import get_story

    story = get_story(store, story_id)
    if story is None:
        raise StoreError(f"no story with id {story_id!r} in {store.path}")
    edges = edges_of_articles(store, story.article_ids)
    members = []
    for art in iter_articles(store, story.article_ids):
        rel = []
        for e in edges:
            if e.derived_id == art.id:
                rel.append({"relation": "reuses" if e.direction_known else "shares text with",
                            "other": e.source_id, "kind": e.kind, "coverage": round(e.coverage_derived, 3)})
            elif e.source_id == art.id:
                rel.append({"relation": "reused by" if e.direction_known else "shares text with",
                            "other": e.derived_id, "kind": e.kind, "coverage": round(e.coverage_source, 3)})
        members.append({
            "id": art.id, "origin": origin_of(store, art.id), "published": art.published,
            "outlet": art.outlet, "title": art.title, "credits": list(art.credits), "relations": rel,
        })
    return {
        "id": story.id, "label": story.label, "first_seen": story.first_seen, "last_seen": story.last_seen,
        "independent_origins": story.independent_origins, "members": members,
        "provenance": story.extra.get("provenance", {}),
    }


@main.command("recluster")
@db_option
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML file whose [stories] section sets the clustering (see StoryConfig), on top of "
                   "the stories settings `analyze` recorded in the store.")
@click.option("--set", "overrides", multiple=True, metavar="stories.KEY=VALUE",
              help="One setting, after --config; repeatable. E.g. tuned on ECB+-like topics: "
                   "stories.shared_neighbours=6,7,8,9,10 stories.relative_k=10 stories.merge_threshold=-0.54.")
def recluster_cmd(db: str, config_path: str | None, overrides: tuple[str, ...]) -> None:
    """Re-cluster every stored article into stories, order-independently (batch clustering;
    reuse edges are must-links), replacing the online assignment `analyze` made."""
    from newstrace.config import build_config, load_toml, parse_overrides
    from newstrace.engine.local import recluster_stories
    from newstrace.engine.settings import recorded_settings
    from newstrace.errors import ConfigError
    from newstrace.store import open_store
    from newstrace.stories.config import StoryConfig

    sets = parse_overrides(overrides)
    unknown = sorted(set(sets) - {"stories"})
    if unknown:
        raise ConfigError(f"--set {unknown[0]}.*: recluster takes only stories.* settings")
    toml = load_toml(config_path).get("stories", {})
    build_config(StoryConfig, toml, sets.get("stories", {}), where="stories")  # fails before the store opens
    with open_store(db) as store:
        base = recorded_settings(store).get("stories", {})
        cfg = build_config(StoryConfig, base, toml, sets.get("stories", {}), where="stories")
        stories = recluster_stories(store, config=cfg)
    sizes = sorted((len(s.article_ids) for s in stories), reverse=True)
    click.echo(f"recluster: {len(stories)} stories (largest {sizes[:5]})")


@main.command("story")
@db_option
@format_option
@click.argument("story_id")
def story_cmd(db: str, fmt: str, story_id: str) -> None:
    """One story: members in time order, with how each relates to the others."""
    from newstrace.store import open_store

    with open_store(db, readonly=True) as store:
        detail = story_detail(store, story_id)
    if fmt != "table":
        if fmt == "csv":
            emit(detail["members"], "csv")
        else:
            click.echo(json.dumps(detail, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    click.echo(f"{detail['label']}")
    click.echo(
        f"story {detail['id']}: {len(detail['members'])} articles, {detail['independent_origins']} independent "
        f"origin(s), {detail['first_seen'] or '?'} .. {detail['last_seen'] or '?'}"
    )
    rows = []
    for m in detail["members"]:
        rel = "; ".join(f"{r['relation']} {r['other'][:10]} ({r['kind']}, {r['coverage']:.0%})" for r in m["relations"])
        rows.append({"published": m["published"], "id": m["id"][:12], "outlet": m["outlet"],
                     "title": m["title"], "relations": rel or "-"})
    emit(rows, "table", columns=("published", "id", "outlet", "title", "relations"))


@main.command("story-claims")
@db_option
@format_option
@click.argument("story_id")
def story_claims_cmd(db: str, fmt: str, story_id: str) -> None:
    """Speakers and their quotes across the story's outlets (variants marked), and figures that disagree."""
    from newstrace.errors import StoreError
    from newstrace.store import open_store
    from newstrace.store.findings import story_claims_of
    from newstrace.store.stories import get_story

    with open_store(db, readonly=True) as store:
        story = get_story(store, story_id)
        if story is None:
            raise StoreError(f"no story with id {story_id!r} in {store.path}")
        data = story_claims_of(store, story.id)
        outlets = {r[0]: r[1] or r[0][:10] for r in store.execute("SELECT id, outlet FROM articles")}
    if data is None:
        raise StoreError(f"story {story.id} has no claim comparison (it needs 2+ articles and `analyze`)")
    if fmt != "table":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2 if fmt == "json" else None))
        return
    from newstrace.cli.claims_view import print_claims

    print_claims(data, outlets)
