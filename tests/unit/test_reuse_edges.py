"""Direction evidence and edge building from an alignment (the aligner is faked here)."""

from __future__ import annotations

from dataclasses import dataclass

from newstrace.reuse import build_edge, decide_direction
from newstrace.types import AlignedPassage, Article, Substitution


def article(aid: str, **kw: object) -> Article:
    return Article(id=aid, text="x" * 1000, **kw)  # type: ignore[arg-type]


def test_earlier_date_is_source() -> None:
    a = article("a", published="2024-03-02", outlet="Late Post")
    b = article("b", published="2024-03-01", outlet="Early Wire")
    side, ev = decide_direction(a, b, None)
    assert side == "b"
    assert "published earlier" in ev[0]


def test_same_day_dates_say_nothing() -> None:
    a = article("a", published="2024-03-01")
    b = article("b", published="2024-03-01")
    side, ev = decide_direction(a, b, None)
    assert side is None
    assert "no dates" in ev[0]


def test_credit_line_beats_text_evidence() -> None:
    wire = article("w", outlet="Meridian Press")
    copy = article("c", outlet="Harbour Daily", credits=("Meridian Press",))
    side, ev = decide_direction(copy, wire, "a", ("copy is longer",))
    assert side == "b"
    assert any("credits 'Meridian Press'" in e for e in ev)


def test_datetime_with_offsets_compared_in_utc() -> None:
    a = article("a", published="2024-03-01T10:00:00+02:00")  # 08:00 UTC
    b = article("b", published="2024-03-01T09:30:00+00:00")
    assert decide_direction(a, b, None)[0] == "a"


@dataclass
class FakeResult:
    relation: str
    score: float
    source: str | None
    passages: tuple[AlignedPassage, ...]
    substitutions: tuple[Substitution, ...]
    evidence: tuple[str, ...]
    coverage_a: float
    coverage_b: float


def test_edge_sides_swapped_when_b_is_source() -> None:
    a = article("a", published="2024-03-05")
    b = article("b", published="2024-03-01")
    res = FakeResult(
        "spun", 0.8, None, (AlignedPassage(0, 500, 100, 600, "spun", 0.7),),
        (Substitution(10, 14, 110, 116, "cold", "chilly"),), ("many synonym swaps",), 0.5, 0.6,
    )
    built = build_edge(a, b, res)
    assert built is not None
    edge, evidence = built
    assert (edge.source_id, edge.derived_id) == ("b", "a")
    assert edge.passages[0] == AlignedPassage(100, 600, 0, 500, "spun", 0.7)
    assert edge.substitutions[0].a_text == "chilly" and edge.substitutions[0].b_text == "cold"
    assert (edge.coverage_source, edge.coverage_derived) == (0.6, 0.5)
    assert edge.direction_known
    assert "many synonym swaps" in evidence


def test_no_edge_without_enough_aligned_text() -> None:
    a, b = article("a"), article("b")
    tiny = FakeResult("partial", 0.2, None, (AlignedPassage(0, 40, 0, 40, "verbatim", 1.0),), (), (), 0.04, 0.04)
    assert build_edge(a, b, tiny) is None
    none = FakeResult("unrelated", 0.0, None, (), (), (), 0.0, 0.0)
    assert build_edge(a, b, none) is None


def test_unknown_direction_is_canonical() -> None:
    a, b = article("zz"), article("aa")
    res = FakeResult("verbatim", 1.0, None, (AlignedPassage(0, 1000, 0, 1000, "verbatim", 1.0),), (), (), 1.0, 1.0)
    edge, _ = build_edge(a, b, res)  # type: ignore[misc]
    assert (edge.source_id, edge.derived_id) == ("aa", "zz")
    assert not edge.direction_known


def test_credit_to_an_outlet_does_not_point_at_its_later_follow_up() -> None:
    follow_up = article("f", outlet="Meridian Press", published="2024-03-13T11:20:00Z")
    copy = article("c", outlet="Harbour Gazette", published="2024-03-12", credits=("Meridian Press",))
    side, ev = decide_direction(follow_up, copy, None)
    assert side == "b"  # the copy came first; the credit is for an earlier Meridian story
    assert not any("credits" in e for e in ev)


def test_weak_links_are_not_edges() -> None:
    a, b = article("a"), article("b")
    weak_para = FakeResult("paraphrase", 0.4, None, (AlignedPassage(0, 300, 0, 300, "paraphrase", 0.4),), (), (), 0.3, 0.1)
    assert build_edge(a, b, weak_para) is None
    few_swaps = FakeResult("spun", 0.2, None, (AlignedPassage(0, 900, 0, 900, "spun", 0.5),), (), (), 0.9, 0.9)
    assert build_edge(a, b, few_swaps) is None
    loose = FakeResult("partial", 0.2, None, (AlignedPassage(0, 150, 0, 150, "partial", 0.6),), (), (), 0.15, 0.15)
    assert build_edge(a, b, loose) is None


def test_a_shared_quotation_alone_is_not_reuse() -> None:
    quote = "\"We will rebuild the harbour and we will do it within the year, whatever it costs us all, because this town has no future without its port.\""
    a = Article(id="a", text="The mayor spoke. " + quote + " Then she left." + " filler" * 200)
    b = Article(id="b", text="At the meeting, " + quote + " said the mayor." + " other" * 200)
    sa, sb = a.text.index(quote), b.text.index(quote)
    res = FakeResult("partial", 0.1, None, (AlignedPassage(sa, sa + len(quote), sb, sb + len(quote), "verbatim", 1.0),),
                     (), (), 0.08, 0.08)
    assert build_edge(a, b, res) is None
    # the same passage outside quotation marks is a (partial) copy
    a2 = Article(id="a", text=a.text.replace('"', "'"))
    b2 = Article(id="b", text=b.text.replace('"', "'"))
    assert build_edge(a2, b2, res) is not None
