"""View data: exact offsets, defensive claims, safe URLs, pictures."""

from __future__ import annotations

import re

import pytest

from newstrace.report.build import (
    ViewNotFound,
    article_view,
    list_stories,
    pair_view,
    safe_url,
    story_view,
)
from newstrace.report.claims import claims_view, flag_view
from newstrace.report.segments import Mark, segment_text
from newstrace.report.svg import provenance_svg, timeline_svg
from newstrace.store import Store

from .fixtures import Fixture


def _joined(segments: list, n: int) -> str:
    return "".join(s.text for s in segments if n in s.passages)


def test_segments_cover_text_and_each_mark_exactly() -> None:
    text = "ab\U0001f30acd\r\nef<g>"
    marks = [Mark(1, 5, "passage", 1), Mark(3, 9, "passage", 2), Mark(2, 3, "sub", "x"), Mark(-4, 2, "spin", "y"),
             Mark(7, 99, "quote", "z"), Mark(5, 5, "passage", 3), Mark(6, 4, "passage", 4)]
    segs = segment_text(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [s.start for s in segs][0] == 0 and segs[-1].end == len(text)
    assert _joined(segs, 1) == text[1:5]
    assert _joined(segs, 2) == text[3:9]
    assert not any(3 in s.passages or 4 in s.passages for s in segs)  # empty / inverted dropped
    assert "".join(s.text for s in segs if "spin" in s.kinds) == text[0:2]  # clamped at 0
    assert "".join(s.text for s in segs if "quote" in s.kinds) == text[7:]  # clamped at the end


def test_pair_segments_match_stored_offsets(store: Store, fx: Fixture) -> None:
    for name, edge in fx.edges.items():
        v = pair_view(store, edge.source_id, edge.derived_id)
        src_text = next(t for k, t in fx.texts.items() if fx.ids[k] == edge.source_id)
        der_text = next(t for k, t in fx.texts.items() if fx.ids[k] == edge.derived_id)
        assert "".join(s.text for s in v["source_segments"]) == src_text, name
        assert "".join(s.text for s in v["derived_segments"]) == der_text, name
        for i, p in enumerate(edge.passages, 1):
            assert _joined(v["source_segments"], i) == src_text[p.a_start:p.a_end]
            assert _joined(v["derived_segments"], i) == der_text[p.b_start:p.b_end]
            assert v["passages"][i - 1]["derived_text"] == der_text[p.b_start:p.b_end]


def test_spun_phrases_carry_their_restoration(store: Store, fx: Fixture) -> None:
    edge = fx.edges["spun"]
    v = pair_view(store, edge.derived_id, edge.source_id)  # either order finds the edge
    subs = [s for s in v["derived_segments"] if "sub" in s.kinds]
    assert [s.text for s in subs] == [b.b_text for b in edge.substitutions]
    for seg, b in zip(subs, edge.substitutions, strict=True):
        assert f"originally \u201c{b.a_text}\u201d" in seg.title()
    # The spin finding that is not a substitution shows too; the ones at a swap are not doubled.
    spins = [s for s in v["derived_segments"] if "spin" in s.kinds]
    assert [s.text for s in spins] == ["Ferry"] and "Boat" in spins[0].title()
    swaps = [s.text for s in v["source_segments"] if "swap" in s.kinds]
    assert swaps == [b.a_text for b in edge.substitutions]


def test_story_view(store: Store, fx: Fixture) -> None:
    v = story_view(store, "storybridge", )  # unique prefix
    assert v["id"] == "storybridge01" and v["size"] == 4
    assert [m["id"] for m in v["members"]] == [fx.ids[k] for k in ("wire", "verbatim", "spun", "partial")]
    assert len(v["edges"]) == 4
    assert v["edges"][0]["score"] >= v["edges"][-1]["score"]
    c = v["claims"]
    assert c["source"] == "comparison" and c["n_variants"] == 1
    assert [s["speaker"] for s in c["speakers"]] == ["Elena Sandoval"]
    assert len(c["speakers"][0]["groups"][0]["members"]) == 4
    disagree = [g["label"] for g in c["figure_groups"] if g["disagree"]]
    assert disagree == ["repair cost", "vehicles a day"]  # f2 has no flag but its values differ
    assert not next(g for g in c["figure_groups"] if g["label"] == "steel cables")["disagree"]
    assert ("summary", '{"speakers": 1}') in c["other"]


def test_unknown_ids_are_not_found(store: Store, fx: Fixture) -> None:
    for call in (lambda: story_view(store, "nope"), lambda: story_view(store, "<script>"),
                 lambda: article_view(store, "zzzzzz"), lambda: pair_view(store, fx.ids["wire"], fx.ids["evil"]),
                 lambda: article_view(store, "%_")):
        with pytest.raises(ViewNotFound):
            call()


def test_search_maps_articles_to_stories(store: Store) -> None:
    assert [s["id"] for s in list_stories(store, "corrosion")["stories"]] == ["storybridge01"]
    assert [s["id"] for s in list_stories(store, "flood story")["stories"]] == ["storypayload2"]  # label match
    assert list_stories(store, "nothingmatcheszz")["total"] == 0
    assert list_stories(store, '"unbalanced AND (')["total"] == 0  # FTS syntax cannot break it
    assert list_stories(store)["total"] == 2


@pytest.mark.parametrize(
    "url,ok",
    [("https://a.example/x?y=1#z", True), ("http://a.example", True), ("javascript:alert(1)", False),
     ("JAVASCRIPT:alert(1)", False), (" https://a.example", False), ("data:text/html,<b>", False),
     ("https://a.example/\"><script>", False), ("//a.example/x", False), ("https:///nohost", False),
     ("vbscript:x", False), (None, False), ("", False)],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_claims_view_tolerates_any_shape() -> None:
    arts = {"a1": {"name": "Outlet A"}}
    for data in (None, {}, {"quote_groups": None}, {"quote_groups": ["text only", 3, None]},
                 {"quote_groups": [{"members": "x", "flags": "cut short"}], "figure_groups": {"a": 1}},
                 {"figure_groups": [{"members": [{"value": 3}, {"value": 4, "unit": "km"}, "odd"]}]}):
        c = claims_view(data, arts)
        assert isinstance(c["speakers"], list) and isinstance(c["figure_groups"], list)
    c = claims_view({"figure_groups": [{"members": [{"article_id": "a1", "value": 3}, {"value": 4, "unit": "km"}]}]}, arts)
    g = c["figure_groups"][0]
    assert g["disagree"] and [m["outlet"] for m in g["members"]] == ["Outlet A", ""]
    assert flag_view({"type": "cut", "a": "x", "b": [1]}) == {"kind": "cut", "detail": "", "fields": [("a", "x"), ("b", "[1]")]}
    assert flag_view("plain")["detail"] == "plain"


def test_claims_fall_back_to_tables() -> None:
    quotes = [{"article_id": "a", "text": "hi", "speaker": "Ann", "group_id": None, "start": 0, "end": 2}]
    figures = [{"article_id": "a", "text": "3", "value": 3.0, "group_id": "g"},
               {"article_id": "b", "text": "4", "value": 4.0, "group_id": "g"}]
    c = claims_view(None, {}, quotes, figures)
    assert c["source"] == "tables" and c["speakers"][0]["speaker"] == "Ann" and c["n_disagree"] == 1
    assert claims_view(None, {}, [], [])["source"] == "none"


def test_provenance_svg_layout_and_escaping(store: Store, fx: Fixture) -> None:
    v = story_view(store, "storybridge01")
    svg = str(provenance_svg(v["members"], v["edges"], lambda m: "#a-" + m["id"], lambda e: f"#pair-{e['id']}"))
    xs = {m: float(x) for m, x in re.findall(r'data-article="([^"]+)"><title>[^<]*</title><rect x="([\d.]+)"', svg)}
    wire = fx.ids["wire"]
    assert xs[wire] < min(x for a, x in xs.items() if a != wire)  # the source stands on the left
    assert svg.count("<a class=\"edge\"") == 4 and svg.count("stroke-dasharray") == 1  # one undirected edge
    assert "spun 60%" in svg and "verbatim 100%" not in svg  # coverage of the copy on the arrow
    pv = story_view(store, "storypayload2")
    bad = str(provenance_svg(pv["members"], pv["edges"], lambda m: "#x", lambda e: "#y"))
    bad += str(timeline_svg(pv["members"], lambda m: "#x"))
    assert "<img" not in bad and "<script" not in bad and "&lt;img" in bad


def test_timeline_undated_and_lanes(store: Store) -> None:
    members = [{"id": "a", "outlet": "X", "published": "2026-01-01", "title": "t", "spun": False},
               {"id": "b", "outlet": "Y", "published": "2026-01-02T10:00:00Z", "title": "t", "spun": True},
               {"id": "c", "outlet": "Y", "published": None, "title": "t"},
               {"id": "d", "outlet": "Z", "published": "garbage", "title": "t"}]
    svg = str(timeline_svg(members, lambda m: "#" + m["id"]))
    assert svg.count("<circle") == 2 and "2 undated article(s)" in svg
    assert "No publication dates" in str(timeline_svg(members[2:], lambda m: "#"))


def test_article_view_marks(store: Store, fx: Fixture) -> None:
    v = article_view(store, fx.ids["partial"])
    assert "".join(s.text for s in v["segments"]) == fx.texts["partial"]
    figs = [s.text for s in v["segments"] if "figure" in s.kinds]
    assert figs == ["35,000 vehicles", "45 million dollars"]
    assert {e["role"] for e in v["edges"]} == {"derived"} and len(v["edges"]) == 2


def test_large_graphs_draw_each_articles_strongest_source() -> None:
    from newstrace.report.svg import backbone

    edges = [
        {"id": 1, "source_id": "a", "derived_id": "c", "score": 0.5, "coverage_derived": 0.5, "direction_known": True},
        {"id": 2, "source_id": "b", "derived_id": "c", "score": 0.9, "coverage_derived": 0.2, "direction_known": True},
        {"id": 3, "source_id": "a", "derived_id": "b", "score": 0.4, "coverage_derived": 0.9, "direction_known": True},
        {"id": 4, "source_id": "a", "derived_id": "d", "score": 0.9, "coverage_derived": 0.9, "direction_known": False},
    ]
    assert backbone(edges, 10) == edges
    assert [e["id"] for e in backbone(edges, 3)] == [2, 3]


def test_search_treats_like_and_fts_characters_as_text(store: Store) -> None:
    for q in ("%", "\\", "*", "NEAR(", "qqq OR zzz", "'"):
        assert list_stories(store, q)["total"] == 0, q
    assert [s["id"] for s in list_stories(store, "_")["stories"]] == ["storypayload2"]  # its label has "__"
    assert list_stories(store, "BRIDGE closes")["stories"][0]["id"] == "storybridge01"
