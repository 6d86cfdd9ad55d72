"""Tokens, sentences and stopwords used by the aligner: offsets are exact slices of the original."""

from __future__ import annotations

from newstrace.text.stopwords import ENGLISH, frequent_tokens, stopwords_for
from newstrace.text.tokens import dominant_script, sentence_spans, tokenize


def test_token_offsets_are_exact_slices() -> None:
    text = (
        "Naïve café-owners said: \u201cDon\u2019t panic!\u201d\r\nThe 2024 budget — €5m 😀 OK_go."
    )
    t = tokenize(text)
    for s, e, w in zip(t.starts.tolist(), t.ends.tolist(), t.words, strict=True):
        assert text[s:e] == w
    assert t.words[:4] == ("Naïve", "café", "owners", "said")
    assert "Don\u2019t" in t.words  # inner apostrophe kept
    assert t.folded[t.words.index("Don\u2019t")] == "don't"
    assert "OK_go" in t.words and "2024" in t.words


def test_combining_marks_stay_in_the_word() -> None:
    text = "e\u0301te\u0301 \u0634\u064e\u0647\u0652\u0631"  # decomposed été, Urdu with diacritics
    t = tokenize(text)
    assert len(t) == 2
    assert t.words[0] == "e\u0301te\u0301"


def test_fold_keeps_length_for_odd_characters() -> None:
    text = "\u0130stanbul and STRASSE"
    t = tokenize(text)
    for s, e, w in zip(t.starts.tolist(), t.ends.tolist(), t.words, strict=True):
        assert text[s:e] == w


def test_sentences() -> None:
    text = "First one. Second? Third!\nFourth line\nwraps here.\r\n\r\nLast ۔ Urdu۔ next"
    spans = sentence_spans(text)
    got = [text[s:e] for s, e in spans]
    assert got[:3] == ["First one.", "Second?", "Third!"]
    assert got[3] == "Fourth line\nwraps here."  # a line break before lower case continues
    assert all(g == g.strip() for g in got)
    # every non-whitespace character is in exactly one sentence
    assert "".join("".join(g.split()) for g in got) == "".join(text.split())


def test_stopwords() -> None:
    en = ["the", "cat", "sat", "on", "the", "mat", "with", "a", "hat", "and", "the", "dog"]
    assert stopwords_for(en) is ENGLISH
    ur = [
        "یہ",
        "کتاب",
        "میں",
        "ہے",
        "اور",
        "وہ",
        "کتاب",
        "میں",
        "نہیں",
        "ہے",
        "اور",
        "یہ",
        "2024",
        "میں",
    ]
    sw = stopwords_for(ur)
    assert "میں" in sw and "2024" not in sw
    assert frequent_tokens(["a", "a", "b"], k=1) == frozenset({"a"})


def test_dominant_script() -> None:
    assert dominant_script("Hello world") == "LATIN"
    assert dominant_script("یہ کتاب ہے") == "ARABIC"
    assert dominant_script("123 !!!") == ""
