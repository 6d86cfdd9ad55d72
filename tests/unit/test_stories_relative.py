"""Batch neighbourhood offset, NER lead, batched features: checked against brute force."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from newstrace.stories import StoryClusterer, StoryConfig, cluster_batch
from newstrace.stories.batch import cut_merges, linkage_merges, similarity_graph
from newstrace.stories.features import _lead, extract_features, extract_many
from story_floods import floods as _floods  # tests/ is on sys.path (its conftest.py)


def _brute_average_linkage(n: int, sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Textbook UPGMA over a full matrix (O(n^3)); ties to the smallest member ids."""
    clusters = [[i] for i in range(n)]
    while True:
        best = None
        for a, b in itertools.combinations(range(len(clusters)), 2):
            avg = float(np.mean([sim[i, j] for i in clusters[a] for j in clusters[b]]))
            key = (avg, -min(clusters[a]), -min(clusters[b]))
            if avg >= threshold and (best is None or key > best[0]):
                best = (key, a, b)
        if best is None:
            return sorted(sorted(c) for c in clusters)
        _, a, b = best
        clusters[a] = clusters[a] + clusters[b]
        del clusters[b]


@pytest.mark.parametrize("seed", range(6))
def test_offset_linkage_equals_brute_force_over_all_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 9
    raw = rng.random((n, n))
    raw = (raw + raw.T) / 2
    # Some pairs are absent from the sparse graph: their similarity counts as 0.
    present = {(i, j): float(raw[i, j]) for i in range(n) for j in range(i + 1, n) if raw[i, j] > 0.35}
    p, q = rng.random(n) * 0.5, 0.5 + rng.random(n)
    full = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                full[i, j] = present.get((min(i, j), max(i, j)), 0.0) - 0.5 * (p[i] * q[j] + q[i] * p[j])
    for t in (-0.3, -0.1, 0.0, 0.2):
        got = cut_merges(n, linkage_merges(n, present, t, offset=(p, q)), t)
        assert sorted(got) == _brute_average_linkage(n, full, t)




def test_offset_separates_two_events_of_the_same_kind() -> None:
    """Twelve flood reports share every topic word; only the town/mayor/river differ."""
    arts = _floods()
    got = {frozenset(s.article_ids) for s in cluster_batch(arts, config=StoryConfig(ner="rules"))}
    want = {frozenset(a.id for a in arts if a.id.startswith(f"e{e}-")) for e in range(2)}
    assert got == want


def test_offset_is_off_at_relative_k_zero() -> None:
    arts = _floods()
    cfg = StoryConfig(ner="rules")
    feats = extract_many(arts, cfg)
    _, p0, _ = similarity_graph(feats, StoryConfig(ner="rules", relative_k=0))
    _, p1, q1 = similarity_graph(feats, cfg)
    assert not p0.any()
    assert (p1 > 0).all() and (q1 > 0).all()


def test_lead_cuts_at_sentence_end_or_space() -> None:
    text = "First sentence here. Second one follows. Third sentence is long enough"
    assert _lead(text, 1000) == text
    assert _lead(text, 45) == "First sentence here. Second one follows."
    assert _lead("word " * 20, 12) == "word word"


def test_features_many_equals_one_by_one() -> None:
    rng = random.Random(3)
    arts = _floods()
    rng.shuffle(arts)
    cfg = StoryConfig(ner="rules", ner_chars=120)
    c = StoryClusterer(cfg)
    batched = c.features_many(arts)
    single = [extract_features(a, cfg) for a in arts]
    assert batched == single
    # add() with precomputed features gives the stories add() computes itself.
    c2 = StoryClusterer(cfg)
    assert [c.add(a, features=f) for a, f in zip(arts, batched, strict=True)] == c2.add_many(arts)
