"""Spin detection and restoration: lexical, sibling copies, aligned source, combination."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.spin import Lexicon, SpinConfig, detect_spin, restore_phrase, restore_text
from newstrace.spin.detect import find_lexical_suspects
from newstrace.spin.spinner import score_restoration, spin_text
from newstrace.text import phrases, wordnet
from newstrace.types import SpinFinding, Substitution

pytestmark = pytest.mark.skipif(
    not (wordnet.available() and phrases.available()), reason="wn/nltk/wordsegment missing"
)

ARTICLES = [
    a.strip()
    for a in (Path(__file__).resolve().parents[1] / "data" / "spin" / "invented_articles.txt")
    .read_text(encoding="utf-8")
    .split("\n---\n")
]


# --- lexical restoration of a known-spun phrase ---------------------------------------------


@pytest.mark.parametrize(
    ("spun", "original"),
    [
        ("chilly warfare", "cold war"),
        ("native time", "local time"),
        ("white clamor", "white noise"),
    ],
)
def test_restore_phrase_top1(spun: str, original: str) -> None:
    top = restore_phrase(spun.split())
    assert top and " ".join(top[0].words) == original
    assert top[0].evidence  # says why


def test_restore_phrase_never_returns_identity_unless_asked() -> None:
    assert all(r.words != ("cold", "war") for r in restore_phrase(["cold", "war"]))
    kept = restore_phrase(["cold", "war"], exclude_identity=False)
    assert kept[0].words == ("cold", "war")


def test_lexicon_swaps_generalise_to_new_phrases() -> None:
    lex = Lexicon.from_pairs([("counterfeit consciousness", "artificial intelligence")])
    assert lex.word_swaps["counterfeit"] == {"artificial": 1}
    # "counterfeit" -> "artificial" learned from one pair restores an unseen phrase.
    top = restore_phrase(["counterfeit", "sweeteners"], lexicon=lex)
    assert top[0].words == ("artificial", "sweeteners")


def test_corpus_counts_promote_a_restoration() -> None:
    cfg = SpinConfig()
    base = restore_phrase(["chilly", "warfare"], cfg)
    boosted = restore_phrase(["chilly", "warfare"], cfg, corpus_phrase_counts={"cold war": 50})
    assert boosted[0].words == ("cold", "war")
    assert boosted[0].score > base[0].score
    assert any("corpus" in e for e in boosted[0].evidence)


# --- lexical detection in running text ------------------------------------------------------


def test_lexical_suspect_offsets_and_case() -> None:
    text = "During the Chilly Warfare, both sides built up their arsenals."
    found = find_lexical_suspects(text)
    assert [(f.text, f.original) for f in found] == [("Chilly Warfare", "Cold War")]
    assert text[found[0].start : found[0].end] == "Chilly Warfare"
    assert 0.5 <= found[0].confidence <= 0.95


@pytest.mark.parametrize("text", ARTICLES)
def test_unspun_articles_get_no_spans(text: str) -> None:
    rep = detect_spin(text, article_id="clean")
    assert rep.spans == ()
    assert not rep.spun
    assert rep.score < 0.5


def test_numbers_and_names_stay() -> None:
    text = "The 2019 Warsaw Pact summit drew 40 delegates from Orsk and Brask."
    assert find_lexical_suspects(text) == []


# --- evidence from an aligned source --------------------------------------------------------


def test_source_substitutions_are_exact_restorations() -> None:
    text = "The talks ended at 9 p.m. native time after the envoys left."
    i = text.index("native")
    subs = [
        Substitution(30, 35, i, i + 6, "local", "native"),
        Substitution(0, 1, text.index("9"), text.index("9") + 1, "8", "9"),  # a number: not spin
    ]
    rep = detect_spin(text, article_id="a", source_substitutions=subs)
    assert len(rep.spans) == 1
    f = rep.spans[0]
    assert isinstance(f, SpinFinding)
    assert (f.start, f.end, f.spun_text, f.original_text) == (i, i + 6, "native", "local")
    assert f.confidence >= 0.9
    assert "evidence: source" in f.evidence
    assert restore_text(text, rep.spans) == text.replace("native", "[native→local]")
    assert restore_text(text, rep.spans, marked=False) == text.replace("native", "local")


# --- evidence from sibling spins ------------------------------------------------------------


def test_siblings_agree_on_the_original() -> None:
    text = "Officials reported optimistic shifts in the jobless figures."
    sibs = [
        "Officials reported constructive shifts in the jobless figures.",
        "Officials reported positive shifts in the jobless figures.",
    ]
    rep = detect_spin(text, sibling_texts=sibs)
    found = {(f.spun_text, f.original_text) for f in rep.spans}
    assert ("optimistic", "positive") in found
    assert all(f.confidence >= 0.5 for f in rep.spans)


def test_identical_sibling_gives_nothing() -> None:
    text = ARTICLES[1]
    assert detect_spin(text, sibling_texts=[text]).spans == ()


# --- the spinner and end-to-end restoration -------------------------------------------------


def test_spinner_is_deterministic_and_offsets_hold() -> None:
    a, swaps = spin_text(ARTICLES[0], seed=7)
    b, _ = spin_text(ARTICLES[0], seed=7)
    assert a == b and a != ARTICLES[0]
    assert swaps and all(a[s.start : s.end] == s.spun for s in swaps)
    assert all(s.spun.lower() != s.original.lower() for s in swaps)
    assert "Helga Marrin" in a and "9 p.m." in a  # names and numbers stay


def test_score_restoration() -> None:
    spun, swaps = spin_text(ARTICLES[2], seed=3)
    perfect = [(s.start, s.end, s.original) for s in swaps]
    assert score_restoration(spun, swaps, perfect)["recall"] == 1.0
    assert score_restoration(spun, swaps, [])["recall"] == 0.0


def test_spun_article_restored_from_two_siblings() -> None:
    spun, swaps = spin_text(ARTICLES[0], seed=11)
    sibs = [spin_text(ARTICLES[0], seed=s)[0] for s in (12, 13)]
    rep = detect_spin(spun, sibling_texts=sibs)
    assert rep.spun and rep.score > 0.9
    sc = score_restoration(spun, swaps, [(f.start, f.end, f.original_text) for f in rep.spans])
    # Measured 67% recall / 68% precision over 30 spins (benchmarks/spin_invented.py).
    assert sc["recall"] > 0.4 and sc["precision"] > 0.5
    for f in rep.spans:
        assert spun[f.start : f.end] == f.spun_text


def test_spun_article_flagged_without_source() -> None:
    text = (
        "During the Chilly Warfare, the two powers built up huge arsenals. The prime minister "
        "called a insistence conference and said the atomic weapons would stay in their silos. "
        "Human rights groups said the nipping war had cost the region dearly."
    )
    rep = detect_spin(text)
    assert rep.score > 0.5
    assert any(f.original_text == "Cold War" for f in rep.spans)


def test_word_diff_substitutions_and_lexical_off() -> None:
    from newstrace.spin.source import source_substitutions, word_diff_substitutions

    src = "The envoys met at noon local time to discuss biological weapons."
    spun = "The envoys met at noon native time to discuss organic weapons."
    subs = word_diff_substitutions(src, spun)
    assert [(s.a_text, s.b_text) for s in subs] == [("local", "native"), ("biological", "organic")]
    assert all(spun[s.b_start : s.b_end] == s.b_text for s in subs)
    assert word_diff_substitutions(src, "Completely different words here, nothing alike.") == []
    rep = detect_spin(spun, source_substitutions=source_substitutions(src, spun), lexical=False)
    assert [(f.spun_text, f.original_text) for f in rep.spans] == [
        ("native", "local"),
        ("organic", "biological"),
    ]
    assert rep.stats["lexical"] == 0
