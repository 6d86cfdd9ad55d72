"""End to end from the CLI on the example corpus: analyze, pairs, stories, export, show-pair."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def analyzed(example_db: Path) -> Path:
    return example_db


def export(db: Path, what: str) -> list[dict]:
    out = run("export", "--db", str(db), "--what", what)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def titles(db: Path) -> dict[str, str]:
    return {a["id"]: a["outlet"] for a in export(db, "articles")}


def test_every_article_ingested_with_origin(analyzed: Path) -> None:
    arts = export(analyzed, "articles")
    assert len(arts) == 9
    for a in arts:
        assert a["origin"]["path"].startswith(str(CORPUS)) or "examples/corpus" in a["origin"]["path"]
        assert a["published"] and a["outlet"]


def test_wire_copies_are_linked_with_their_kind_and_direction(analyzed: Path) -> None:
    outlets = titles(analyzed)
    pairs = export(analyzed, "pairs")
    by_outlets = {(outlets[p["source"]["id"]], outlets[p["derived"]["id"]]): p for p in pairs}
    straight = by_outlets[("Meridian Press", "The Harbour Gazette")]
    assert straight["kind"] in ("verbatim", "near_duplicate")
    assert straight["direction_known"]
    spun = by_outlets[("Meridian Press", "DailyNewsHub")]
    assert spun["kind"] == "spun"
    assert spun["substitutions"], "a spun copy reports its word swaps"
    for p in pairs:
        assert p["passages"], "no link without aligned passages"
        assert p["source"]["origin"]["path"] and p["derived"]["origin"]["path"]
    # the unrelated library story reuses nothing and is reused by nothing
    assert "The Northern Ledger" not in {o for pair in by_outlets for o in pair}


def test_passages_and_substitutions_point_into_the_texts(analyzed: Path) -> None:
    texts = {a["id"]: a["text"] for a in export(analyzed, "articles")}
    for p in export(analyzed, "pairs"):
        src, der = texts[p["source"]["id"]], texts[p["derived"]["id"]]
        for ps in p["passages"]:
            assert 0 <= ps["source_start"] < ps["source_end"] <= len(src)
            assert 0 <= ps["derived_start"] < ps["derived_end"] <= len(der)
        for s in p["substitutions"]:
            assert src[s["source_start"] : s["source_end"]] == s["source_text"]
            assert der[s["derived_start"] : s["derived_end"]] == s["derived_text"]


def test_stories_group_the_event_and_count_one_origin(analyzed: Path) -> None:
    outlets = titles(analyzed)
    stories = export(analyzed, "stories")
    blast = next(s for s in stories if any(outlets[m["id"]] == "DailyNewsHub" for m in s["members"]))
    members = {outlets[m["id"]] for m in blast["members"]}
    assert {"Meridian Press", "The Harbour Gazette", "DailyNewsHub", "Coastal Times"} <= members
    assert "The Northern Ledger" not in members and "Continental Wire" not in members
    assert blast["independent_origins"] == 1


def test_rerun_is_a_no_op(analyzed: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    shutil.copy(analyzed, db)
    before = {w: export(db, w) for w in ("articles", "pairs", "stories")}
    out = run("analyze", "-q", "--db", str(db), "--processes", "1", str(CORPUS))
    assert "stored 0, duplicates 9" in out
    assert {w: export(db, w) for w in ("articles", "pairs", "stories")} == before


def test_incremental_batches_give_the_same_edges(analyzed: Path, tmp_path: Path) -> None:
    db = tmp_path / "inc.db"
    files = sorted(CORPUS.iterdir())
    run("analyze", "-q", "--db", str(db), "--processes", "1", *[str(f) for f in files[:3]])
    run("analyze", "-q", "--db", str(db), "--processes", "2", *[str(f) for f in files[3:]])
    key = lambda p: (p["source"]["id"], p["derived"]["id"], p["kind"])  # noqa: E731
    assert sorted(map(key, export(db, "pairs"))) == sorted(map(key, export(analyzed, "pairs")))


def test_listings_in_every_format(analyzed: Path) -> None:
    for verb in ("articles", "pairs", "stories"):
        data = json.loads(run(verb, "--db", str(analyzed), "--format", "json"))
        assert isinstance(data, list) and data
        assert run(verb, "--db", str(analyzed), "--format", "csv").count("\n") == len(data) + 1
    story_id = json.loads(run("stories", "--db", str(analyzed), "--format", "json"))[0]["id"]
    detail = json.loads(run("story", "--db", str(analyzed), story_id, "--format", "json"))
    assert detail["members"] and all("relations" in m for m in detail["members"])
    # the largest story is the blast: its copies say whom they reuse, with the edge's kind
    relations = [r for m in detail["members"] for r in m["relations"]]
    assert {"reuses", "reused by"} <= {r["relation"] for r in relations}
    assert {"verbatim", "spun"} <= {r["kind"] for r in relations}


def test_show_pair_and_search(analyzed: Path) -> None:
    pair = export(analyzed, "pairs")[0]
    out = run("show-pair", "--db", str(analyzed), pair["source"]["id"], pair["derived"]["id"])
    assert "SOURCE" in out and "DERIVED" in out
    hits = json.loads(run("search", "--db", str(analyzed), "Port Alder", "--format", "json"))
    assert hits and all("Port Alder" in (h["title"] or "") or "[Port]" in h["snippet"] for h in hits)


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["pairs", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no such store" in result.output


def test_recluster_gives_the_order_independent_stories(analyzed: Path, tmp_path: Path) -> None:
    db = tmp_path / "re.db"
    shutil.copy(analyzed, db)
    out = run("recluster", "--db", str(db))
    assert out.startswith("recluster: ")
    outlets = titles(db)
    groups = sorted(sorted(outlets[m["id"]] for m in s["members"]) for s in export(db, "stories"))
    assert any({"Meridian Press", "DailyNewsHub", "The Harbour Gazette"} <= set(g) for g in groups)
    assert ["The Northern Ledger"] in groups
    # a second batch run gives exactly the same stories
    run("recluster", "--db", str(db))
    assert sorted(sorted(outlets[m["id"]] for m in s["members"]) for s in export(db, "stories")) == groups


def test_recluster_takes_story_settings_from_set_and_config(analyzed: Path, tmp_path: Path) -> None:
    db = tmp_path / "re.db"
    shutil.copy(analyzed, db)
    run("recluster", "--db", str(db))
    default = len(export(db, "stories"))
    # A threshold every pair reaches merges stories that share any word.
    run("recluster", "--db", str(db), "--set", "stories.merge_threshold=-50")
    loose = export(db, "stories")
    assert len(loose) < default
    conf = tmp_path / "stories.toml"
    conf.write_text("[stories]\nmerge_threshold = -50.0\nshared_neighbours = [3, 4]\n", encoding="utf-8")
    run("recluster", "--db", str(db), "--config", str(conf))
    assert len(export(db, "stories")) == len(loose)
    # --set comes after --config
    run("recluster", "--db", str(db), "--config", str(conf), "--set", "stories.merge_threshold=-0.1",
        "--set", "stories.shared_neighbours=")
    assert len(export(db, "stories")) == default


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "stories.no_such=1"], "unknown setting 'no_such'"),
        (["--set", "stories.shared_neighbours=0"], "shared_neighbours"),
        (["--set", "align.min_words=3"], "only stories.* settings"),
        (["--config", "missing.toml"], "missing.toml: config file not found"),
    ],
)
def test_recluster_rejects_bad_settings_and_keeps_the_stories(
    analyzed: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "re.db"
    shutil.copy(analyzed, db)
    before = export(db, "stories")
    result = CliRunner().invoke(main, ["recluster", "--db", str(db), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert export(db, "stories") == before
