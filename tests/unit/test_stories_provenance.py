"""Provenance trees and independent origins on invented stories."""

from __future__ import annotations

import json

from newstrace.stories import provenance
from newstrace.types import Article, ReuseEdge

WIRE = "Flooding closed the northern rail line on Friday, the transport ministry said."


def test_ten_wire_copies_are_one_origin() -> None:
    arts = [
        Article(id=f"w{i:02d}", text=WIRE, outlet=f"paper{i}", published=f"2022-04-0{1 + i % 3}", credits=("Reuters",))
        for i in range(10)
    ]
    own = Article(id="own", text="Our reporter at the station saw stranded passengers.", published="2022-04-02")
    p = provenance(arts + [own], [])
    assert p["independent_origins"] == 2
    wire = next(o for o in p["origins"] if "reuters" in o["wires"])
    assert len(wire["members"]) == 10
    assert any("reuters" in e for e in wire["evidence"])
    json.dumps(p)  # JSON-able


def test_reuse_edges_build_tree_and_merge_origins() -> None:
    a = Article(id="a", text="original", published="2022-01-01", outlet="A")
    b = Article(id="b", text="copy", published="2022-01-02", outlet="B")
    c = Article(id="c", text="copy of copy", published="2022-01-03", outlet="C")
    d = Article(id="d", text="independent", published="2022-01-02", outlet="D")
    edges = [
        ReuseEdge("a", "b", "near_duplicate", 0.9, 0.9, 0.9, ("b is later",), direction_known=True),
        # Unknown direction in canonical order: dates decide (c is later than b).
        ReuseEdge("b", "c", "spun", 0.7, 0.7, 0.6),
        ReuseEdge("x", "a", "verbatim", 1, 1, 1, direction_known=True),  # x not a member: ignored
    ]
    p = provenance([c, b, d, a], edges)
    assert p["earliest"]["id"] == "a"
    by = {m["id"]: m for m in p["members"]}
    assert by["a"]["parent"] is None
    assert by["b"]["parent"]["id"] == "a"
    assert by["c"]["parent"]["id"] == "b" and "dates" in by["c"]["parent"]["direction"]
    assert [m["id"] for m in p["members"]] == ["a", "b", "d", "c"]
    assert p["independent_origins"] == 2
    assert {o["id"] for o in p["origins"]} == {"a", "d"}


def test_undated_story_names_uncopied_article_earliest() -> None:
    a = Article(id="zz", text="source")
    b = Article(id="aa", text="copy")
    p = provenance([a, b], [ReuseEdge("zz", "aa", "verbatim", 1, 1, 1, direction_known=True)])
    assert p["earliest"]["id"] == "zz"
    assert p["independent_origins"] == 1


def test_clusterer_and_batch_count_origins() -> None:
    from newstrace.stories import StoryClusterer, StoryConfig, cluster_batch

    text = "Flooding closed the northern rail line of Velmark on Friday, the transport ministry of Velmark said."
    arts = [
        Article(id=f"w{i}", text=text, published="2022-04-01", credits=("Reuters",) if i < 4 else ())
        for i in range(6)
    ]
    cfg = StoryConfig(ner="rules")
    c = StoryClusterer(cfg)
    for a in arts:
        c.add(a)
    (story,) = c.stories()
    assert story.independent_origins == 3  # four Reuters copies + two uncredited
    edge = ReuseEdge("w4", "w5", "verbatim", 1, 1, 1, direction_known=True)
    (bstory,) = cluster_batch(arts, [edge], cfg)
    assert bstory.independent_origins == 2
