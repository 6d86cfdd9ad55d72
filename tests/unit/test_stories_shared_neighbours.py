"""Shared-nearest-neighbour batch similarity: checked against a dense textbook version."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from newstrace.stories import StoryConfig, cluster_batch
from newstrace.stories.batch import shared_neighbour_rows, similarity_graph
from newstrace.stories.features import extract_many
from story_floods import floods as _floods  # tests/ is on sys.path (its conftest.py)


def _dense_snn(sim: np.ndarray, m: int) -> np.ndarray:
    """Textbook: each row keeps its m largest off-diagonal values (ties kept) and 1.0 on the
    diagonal, rows L2-normalised; the result is the rows' Gram matrix."""
    n = sim.shape[0]
    keep = np.zeros_like(sim)
    for i in range(n):
        others = [(sim[i, j], j) for j in range(n) if j != i and sim[i, j] > 0]
        others.sort(reverse=True)
        kth = others[m - 1][0] if len(others) >= m else 0.0
        for v, j in others:
            if v >= kth:
                keep[i, j] = v
        keep[i, i] = 1.0
        keep[i] /= np.linalg.norm(keep[i])
    return keep @ keep.T


def _rows(sim: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    n = sim.shape[0]
    out = []
    for i in range(n):
        js = np.array([j for j in range(n) if j != i and sim[i, j] > 0], dtype=np.int64)
        out.append((js, sim[i, js] if len(js) else np.zeros(0)))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_rows_equal_dense_mean_over_m(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 14
    raw = rng.random((n, n))
    raw = np.round((raw + raw.T) / 2, 2)  # rounding makes ties at the m-th value
    raw[raw < 0.3] = 0.0  # absent pairs
    np.fill_diagonal(raw, 0.0)
    ms = (3, 4, 6)
    want = np.mean([_dense_snn(raw, m) for m in ms], axis=0)
    got = np.zeros((n, n))
    for i, (js, vals) in enumerate(shared_neighbour_rows(_rows(raw), n, ms)):
        assert i not in set(js.tolist())  # the diagonal is left out
        got[i, js] = vals
    np.fill_diagonal(want, 0.0)
    assert np.allclose(got, want)
    assert np.allclose(got, got.T)


def test_no_articles_no_rows() -> None:
    assert shared_neighbour_rows([], 0, (6, 7)) == []


def test_isolated_article_gets_an_empty_row() -> None:
    raw = np.array([[0, 0.5, 0], [0.5, 0, 0], [0, 0, 0]], dtype=float)
    rows = shared_neighbour_rows(_rows(raw), 3, (2,))
    assert len(rows[2][0]) == 0
    # (1, .5) . (.5, 1) / 1.25: each keeps itself and the other, weighted differently
    assert rows[0][0].tolist() == [1] and rows[0][1][0] == pytest.approx(0.8)


def test_graph_uses_shared_neighbours_only_when_configured() -> None:
    arts = _floods()
    cfg = StoryConfig(ner="rules")
    feats = extract_many(sorted(arts, key=lambda a: a.id), cfg)
    plain = similarity_graph(feats, cfg)[0]
    snn = similarity_graph(feats, dataclasses.replace(cfg, shared_neighbours=(4,)))[0]
    assert plain != snn
    assert similarity_graph(feats, dataclasses.replace(cfg, shared_neighbours=()))[0] == plain


def test_shared_neighbours_separate_two_events_of_the_same_kind() -> None:
    """Twelve flood reports share every topic word; the shared-neighbour similarity must
    still split them by event, as the cosine does."""
    arts = _floods()
    cfg = StoryConfig(ner="rules", shared_neighbours=(3, 4, 5))
    got = {frozenset(s.article_ids) for s in cluster_batch(arts, config=cfg)}
    want = {frozenset(a.id for a in arts if a.id.startswith(f"e{e}-")) for e in range(2)}
    assert got == want


def test_config_takes_shared_neighbours_from_strings_and_rejects_bad_ones() -> None:
    from newstrace.config import build_config, parse_overrides
    from newstrace.errors import ConfigError

    cfg = build_config(StoryConfig, parse_overrides(["stories.shared_neighbours=6, 8"])["stories"])
    assert cfg.shared_neighbours == (6, 8)
    assert build_config(StoryConfig, {"shared_neighbours": [7]}).shared_neighbours == (7,)
    for bad in ("six", "0"):
        with pytest.raises(ConfigError, match="shared_neighbours"):
            build_config(StoryConfig, parse_overrides([f"stories.shared_neighbours={bad}"])["stories"])
