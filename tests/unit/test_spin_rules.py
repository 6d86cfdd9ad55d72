"""Lexicon rules learned from spun/original pairs (invented pairs only)."""

from __future__ import annotations

import math

from newstrace.spin import Lexicon, SpinConfig, restore_phrase
from newstrace.spin.lexical import candidates
from newstrace.spin.rules import Segment, align_pair, phrase_rules
from newstrace.spin.source import word_diff_substitutions


def test_equal_length_pairs_align_word_by_word() -> None:
    segs = align_pair(["profound", "learning"], ["deep", "learning"])
    assert segs == [Segment(("profound",), ("deep",)), Segment(("learning",), ("learning",))]
    assert phrase_rules(segs) == []


def test_length_changing_pairs_anchor_on_shared_words() -> None:
    segs = align_pair(["coronary", "sickness"], ["coronary", "artery", "disease"])
    assert segs[0].kept and segs[1] == Segment(("sickness",), ("artery", "disease"))
    assert phrase_rules(segs) == [(("sickness",), ("artery", "disease"))]
    whole = align_pair(["joined", "along", "states"], ["united", "states"])
    assert phrase_rules(whole) == [(("joined", "along"), ("united",))]


def test_runs_of_swaps_are_kept_whole_too() -> None:
    segs = align_pair(["chilly", "warfare", "era"], ["cold", "war", "era"])
    assert phrase_rules(segs) == [(("chilly", "warfare"), ("cold", "war"))]


def test_lexicon_counts_rules_and_kept_words() -> None:
    lex = Lexicon.from_pairs(
        [
            ("joined along states", "united states"),
            ("profound learning", "deep learning"),
            ("profound neural organization", "deep neural network"),
        ]
    )
    assert lex.phrase_rules[("joined", "along")] == {("united",): 1}
    assert lex.word_swaps["profound"] == {"deep": 2}
    assert lex.word_seen["profound"] == 2 and lex.word_kept.get("profound", 0) == 0
    # Swapped twice, never kept: log((0 + 1) / (2 + 2) / 0.5).
    assert math.isclose(lex.word_keep_logratio("profound"), math.log(0.5))
    assert lex.word_keep_logratio("learning") > 0  # kept both times it was seen
    assert lex.word_keep_logratio("unseen") == 0.0


def test_rules_apply_compositionally_and_change_the_word_count() -> None:
    lex = Lexicon.from_pairs([("joined along states", "united states")])
    top = restore_phrase(["joined", "along", "kingdom"], lexicon=lex)
    assert top[0].words == ("united", "kingdom")
    assert top[0].changed == (0, 1)
    assert any("joined along" in e and "united" in e for e in top[0].evidence)


def test_known_original_matches_through_a_shared_stem() -> None:
    lex = Lexicon.from_pairs([("alluring reverberation imaging", "magnetic resonance imaging")])
    cfg = SpinConfig(soft_match=True)
    top = restore_phrase(["alluring", "resonation", "imaging"], cfg, lexicon=lex)
    assert top[0].words == ("magnetic", "resonance", "imaging")
    assert any("known original phrase" in e for e in top[0].evidence)


def test_lemma_ing_forms_keep_their_own_synonyms() -> None:
    # "backing" is a noun of its own (~ "support"), not only the -ing form of "back".
    cands = candidates("backing", SpinConfig())
    assert cands["support"][1] == "wordnet"
    assert "backups" not in cands  # the verb's synonyms are still re-inflected, not pluralised


def test_sibling_swaps_propose_what_a_synonym_was_swapped_for() -> None:
    # The lexicon saw "organization" -> "network"; "association" (a synonym of "organization")
    # gets "network" as a candidate only with sibling swaps on.
    lex = Lexicon.from_pairs([("neural organization", "neural network")])
    assert "network" not in candidates("association", SpinConfig(sibling_bonus=None), lex)
    got = candidates("association", SpinConfig(sibling_bonus=-0.5), lex)
    assert got["network"][1] == "lexicon sibling: saw synonym organization -> network 1x"


def test_passage_word_diff_offsets_point_into_the_whole_texts() -> None:
    src = "Officials said the ancient fortress was closed after the storm hit the coast."
    spun = "Officials said the old fortress was shut after the storm hit the coast."
    subs = word_diff_substitutions(src[15:], spun[15:], 15, 15)
    assert {(s.a_text, s.b_text) for s in subs} == {("ancient", "old"), ("closed", "shut")}
    for s in subs:
        assert src[s.a_start : s.a_end] == s.a_text and spun[s.b_start : s.b_end] == s.b_text
