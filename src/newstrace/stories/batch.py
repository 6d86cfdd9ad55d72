"""Order-independent story re-clustering of a whole batch (average linkage, sparse graph).

``cluster_batch(articles, edges)`` gives the same stories whatever the input order: the
articles are sorted by id, every pairwise similarity is computed (exactly up to
``dense_limit`` articles, else the ``batch_neighbours`` best neighbours of each article via
a sparse product), dated pairs further apart than ``max_gap_days`` are pushed below zero
(different events of the same kind), each article's mean similarity to its
``relative_k`` nearest neighbours is subtracted (the topic's shared words; see
``similarity_graph``), reuse edges are must-links (a copy is in its source's
story), and average-linkage agglomeration merges clusters while their mean pairwise
similarity reaches ``merge_threshold``. Ties break on sorted member ids. Story ids hash the
sorted member ids.

This module does not assign articles one at a time (``stories.online``) nor build
provenance trees (``stories.provenance``).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from newstrace.stories.config import StoryConfig
from newstrace.stories.features import ArticleFeatures, IdfTable, extract_many, tokenize
from newstrace.stories.online import build_story, load_embedder_or_none
from newstrace.stories.provenance import provenance
from newstrace.types import Article, ReuseEdge, Story

__all__ = [
    "cluster_batch",
    "similarity_matrix",
    "similarity_graph",
    "shared_neighbour_rows",
    "average_linkage",
    "linkage_merges",
    "cut_merges",
    "batch_features",
]

# Dated pairs further apart than max_gap_days get this similarity: strongly negative so
# one such pair outweighs many positive ones in an average (a cannot-link in practice).
_TIME_PENALTY = -2.0


def batch_features(articles: list[Article], cfg: StoryConfig) -> list[ArticleFeatures]:
    """Features in id order; without wordfreq the corpus idf is fitted on the whole batch first."""
    arts = sorted(articles, key=lambda a: a.id)
    idf = IdfTable(cfg.max_idf)
    if not idf.background:
        for a in arts:
            idf.observe(set(tokenize(a.text[: cfg.max_chars])) | set(tokenize(a.title or "")))
        idf = _Frozen(idf)
    return extract_many(arts, cfg, idf)


class _Frozen(IdfTable):
    """An IdfTable that no longer counts documents (batch: fitted once, then read)."""

    def __init__(self, base: IdfTable) -> None:
        super().__init__(base.max_idf, base.df, base.n_docs)

    def observe(self, words: set[str]) -> None:
        return None


def _sparse_matrix(feats: list[ArticleFeatures]) -> Any:
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, f in enumerate(feats):
        for k, v in f.vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
            vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(feats), max(1, len(vocab))))


def similarity_matrix(
    feats: list[ArticleFeatures], cfg: StoryConfig, embeddings: np.ndarray | None = None
) -> dict[tuple[int, int], float]:
    """Sparse pairwise similarities ``{(i, j): sim}`` for ``i < j`` (see ``similarity_graph``;
    without the neighbourhood offset)."""
    return similarity_graph(feats, cfg, embeddings)[0]


def similarity_graph(
    feats: list[ArticleFeatures], cfg: StoryConfig, embeddings: np.ndarray | None = None
) -> tuple[dict[tuple[int, int], float], np.ndarray, np.ndarray]:
    """Sparse pairwise similarities ``{(i, j): sim}`` for ``i < j``: blended, locally
    scaled, time-gated.

    Local scaling (Zelnik-Manor & Perona, "Self-tuning spectral clustering", 2004):
    ``sim(i, j) / sqrt(s_i * s_j)`` where ``s_i`` is i's similarity to its k-th nearest
    neighbour. Stories differ in how tightly their articles agree (a celebrity's rehab
    stay vs a patch Tuesday), so one global threshold either merges the two events of a
    dense topic or splits a loose one; dividing by each article's neighbourhood scale
    lets one threshold serve both (ECB+: event F1 0.87 -> 0.93 at the best threshold).

    Neighbourhood offset (``relative_k`` > 0): the similarity that linkage sees is
    ``(sim(i, j) - (mu_i + mu_j) / 2) / sqrt(s_i * s_j)`` where ``mu_i`` is i's mean
    similarity to its ``relative_k`` nearest neighbours: how much closer j is than i's usual
    neighbourhood (the topic). Two events of the same kind share the topic's words, which
    lifts every cross-event pair; subtracting the neighbourhood mean removes that lift
    (ECB+ within-topic same-event AUC 0.89 -> 0.97 when centring on the true topic). The
    offset term is separable, so it is returned as two per-article vectors rather than
    stored per pair: ``p_i = mu_i / sqrt(s_i)`` and ``q_i = 1 / sqrt(s_i)``; the offset
    summed over the pairs of clusters A and B is ``-(P_A Q_B + Q_A P_B) / 2``, exactly, for
    every pair including those not in ``pairs`` (their cosine counts as 0).

    Returns ``(pairs, p, q)``; ``p`` is all zeros when the offset is off.
    """
    n = len(feats)
    x = _sparse_matrix(feats)
    w = cfg.embedding_weight if embeddings is not None else 0.0
    chunk = 1000
    k_scale = cfg.local_scaling_k
    keep = n if n <= cfg.dense_limit else min(n, cfg.batch_neighbours + 1)
    rows: list[tuple[np.ndarray, np.ndarray]] = []  # per article: neighbours, similarities
    scale = np.ones(n)
    k_rel = cfg.relative_k
    mu = np.zeros(n)
    for lo in range(0, n, chunk):
        block = (x[lo : lo + chunk] @ x.T).toarray()
        if embeddings is not None:
            block = (1.0 - w) * block + w * (embeddings[lo : lo + chunk] @ embeddings.T)
        for r in range(block.shape[0]):
            i = lo + r
            row = block[r]
            row[i] = -np.inf
            if keep >= n:
                js = np.nonzero(row > 0)[0]
            else:
                js = np.argpartition(-row, keep - 1)[:keep]
                js = js[row[js] > 0]
            rows.append((js, row[js]))
    if cfg.shared_neighbours:
        rows = shared_neighbour_rows(rows, n, cfg.shared_neighbours)
    for i, (_, vals) in enumerate(rows):
        if k_scale > 0 or k_rel > 0:
            top = np.sort(vals)[::-1]
        if k_scale > 0:
            kth = top[k_scale - 1] if len(top) >= k_scale else (top[-1] if len(top) else 0.0)
            scale[i] = max(float(kth), cfg.min_scale)
        if k_rel > 0:
            # Mean over the k_rel nearest (fewer in a small batch: dividing by k_rel there
            # would shrink the offset towards 0 and merge same-kind events).
            mu[i] = float(top[:k_rel].mean()) if len(top) else 0.0
    pairs: dict[tuple[int, int], float] = {}
    gap = cfg.max_gap_days
    for i, (js, vals) in enumerate(rows):
        for j, v in zip(js.tolist(), vals.tolist(), strict=True):
            a, b = (i, j) if i < j else (j, i)
            if (a, b) in pairs:
                continue
            sim = v / np.sqrt(scale[a] * scale[b]) if k_scale > 0 else v
            da, db = feats[a].date, feats[b].date
            if da is not None and db is not None and abs((da - db).days) > gap:
                sim = _TIME_PENALTY
            pairs[(a, b)] = float(sim)
    if k_scale > 0:
        q = 1.0 / np.sqrt(scale)
    else:
        q = np.ones(n)
    return pairs, mu * q, q


def shared_neighbour_rows(
    rows: list[tuple[np.ndarray, np.ndarray]], n: int, ms: tuple[int, ...]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shared-nearest-neighbour similarity (Jarvis & Patrick 1973, as a cosine) of each row.

    ``rows[i] = (js, sims)`` holds article i's positive similarities to other articles (not
    itself). For one ``m``: article i's vector keeps its ``m`` largest similarities (ties at
    the m-th all kept) plus 1.0 for itself, L2-normalised; the similarity of i and j is the
    dot product of their vectors, so two articles are alike when their nearest neighbours
    are, even when their own cosine is middling. With several ``m`` the result is their
    mean (one m is brittle: on ECB+, m = 6, 7, 8, 10 gave held-out event F1 0.945, 0.943,
    0.958, 0.941; the mean of m = 6..10 held 0.943-0.955 over 6 fold splits in both entity
    modes, benchmarks/stories_ecbplus_structural.py). Why it helps: two events of the same
    kind share the topic's words, so a cross-event pair can have a fair cosine; but each
    article's nearest few are mostly its own event, so the neighbour lists overlap far less
    across events (ECB+ within-topic same-event AUC 0.90 -> 0.95).

    Returns rows of the same shape (diagonal left out). Sparse throughout: each vector has
    at most ``m`` + 1 (+ ties) entries, so a row of the product has at most ~(m + 1)^2; this
    does not look beyond the neighbours ``rows`` already holds. Cost, measured on 20,000
    random rows of 41 neighbours with m = 6..10: 1.3 CPU-s, ~120 neighbours per row out (3x
    the 40 a large batch keeps per article), so linkage over a big store costs more too.
    """
    from scipy.sparse import csr_matrix

    if n == 0:
        return []
    total = None
    for m in ms:
        r_idx: list[np.ndarray] = []
        c_idx: list[np.ndarray] = []
        v_all: list[np.ndarray] = []
        for i, (js, vals) in enumerate(rows):
            pos = vals > 0
            js, vals = js[pos], vals[pos]
            if len(vals) > m:
                kth = np.partition(vals, len(vals) - m)[len(vals) - m]
                keep = vals >= kth
                js, vals = js[keep], vals[keep]
            cols = np.concatenate([js, [i]])
            v = np.concatenate([vals, [1.0]])
            r_idx.append(np.full(len(cols), i))
            c_idx.append(cols)
            v_all.append(v / np.linalg.norm(v))
        k = csr_matrix(
            (np.concatenate(v_all), (np.concatenate(r_idx), np.concatenate(c_idx))), shape=(n, n)
        )
        prod = (k @ k.T).tocsr()
        total = prod if total is None else total + prod
    assert total is not None
    total = (total / len(ms)).tocsr()
    total.setdiag(0.0)
    total.eliminate_zeros()
    return [
        (total.indices[total.indptr[i] : total.indptr[i + 1]].astype(np.int64),
         np.asarray(total.data[total.indptr[i] : total.indptr[i + 1]], dtype=float))
        for i in range(n)
    ]


def linkage_merges(
    n: int,
    pairs: dict[tuple[int, int], float],
    floor: float,
    must_link: Iterable[tuple[int, int]] = (),
    offset: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[float, int, int]]:
    """Average-linkage merges ``(similarity, a, b)`` of ``0..n-1`` down to ``floor``.

    Missing pairs count as similarity 0. ``offset = (p, q)`` adds ``-(p_i q_j + q_i p_j) / 2``
    to every pair's similarity, present or missing (``similarity_graph``'s neighbourhood
    offset); only clusters joined by at least one present pair are merge candidates
    (the offset is never positive). Must-link pairs come first with similarity
    ``inf``. Average linkage (UPGMA) has no inversions, so the clusters at any threshold
    ``t >= floor`` are exactly the merges with similarity ``>= t`` (``cut_merges``).
    Deterministic: equal averages merge the pair whose smallest members are smallest.
    """
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    merges: list[tuple[float, int, int]] = []
    for a, b in sorted(must_link):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            merges.append((math.inf, min(ra, rb), max(ra, rb)))
    size: dict[int, int] = {}
    psum: dict[int, float] = {}
    qsum: dict[int, float] = {}
    pv = offset[0] if offset is not None else np.zeros(n)
    qv = offset[1] if offset is not None else np.zeros(n)
    for i in range(n):
        r = find(i)
        size[r] = size.get(r, 0) + 1
        psum[r] = psum.get(r, 0.0) + float(pv[i])
        qsum[r] = qsum.get(r, 0.0) + float(qv[i])

    def avg(ca: int, cb: int, s: float) -> float:
        base = -0.5 * (psum[ca] * qsum[cb] + qsum[ca] * psum[cb])
        return (s + base) / (size[ca] * size[cb])

    # Cluster id = its smallest member; adjacency holds sums of pairwise similarities.
    adj: dict[int, dict[int, float]] = {c: {} for c in size}
    for (a, b), s in pairs.items():
        ca, cb = find(a), find(b)
        if ca == cb:
            continue
        adj[ca][cb] = adj[ca].get(cb, 0.0) + s
        adj[cb][ca] = adj[cb].get(ca, 0.0) + s
    heap: list[tuple[float, int, int]] = []
    for ca, nb in adj.items():
        for cb, s in nb.items():
            if ca < cb and avg(ca, cb, s) >= floor:
                heap.append((-avg(ca, cb, s), ca, cb))
    heapq.heapify(heap)
    while heap:
        neg, ca, cb = heapq.heappop(heap)
        if ca not in size or cb not in size:
            continue
        cur = adj[ca].get(cb)
        if cur is None or abs(-neg - avg(ca, cb, cur)) > 1e-12:
            continue  # stale entry
        merges.append((-neg, ca, cb))
        keep, gone = min(ca, cb), max(ca, cb)
        size[keep] += size.pop(gone)
        psum[keep] += psum.pop(gone)
        qsum[keep] += qsum.pop(gone)
        nb_gone = adj.pop(gone)
        nb_keep = adj[keep]
        nb_keep.pop(gone, None)
        nb_gone.pop(keep, None)
        for other, v in nb_gone.items():
            nb_keep[other] = nb_keep.get(other, 0.0) + v
            adj[other].pop(gone, None)
        for other, v in nb_keep.items():
            adj[other][keep] = v
            a_new = avg(keep, other, v)
            if a_new >= floor:
                heapq.heappush(heap, (-a_new, min(keep, other), max(keep, other)))
    return merges


def cut_merges(n: int, merges: list[tuple[float, int, int]], threshold: float) -> list[list[int]]:
    """Clusters of ``0..n-1`` after the merges whose similarity reaches ``threshold``."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for s, a, b in merges:
        if s < threshold:
            break  # merges are in non-increasing similarity order
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [groups[k] for k in sorted(groups)]


def average_linkage(
    n: int,
    pairs: dict[tuple[int, int], float],
    threshold: float,
    must_link: Iterable[tuple[int, int]] = (),
    offset: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[list[int]]:
    """Average-linkage clusters of ``0..n-1`` at ``threshold`` (see ``linkage_merges``)."""
    return cut_merges(n, linkage_merges(n, pairs, threshold, must_link, offset), threshold)


def cluster_batch(
    articles: list[Article] | tuple[Article, ...],
    edges: Iterable[ReuseEdge] = (),
    config: StoryConfig | None = None,
) -> list[Story]:
    """Order-independent stories of ``articles``; ``edges`` are must-links."""
    cfg = config or StoryConfig()
    arts = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    if not arts:
        return []
    feats = batch_features(arts, cfg)
    emb = None
    embedder = load_embedder_or_none(cfg)
    if embedder is not None:
        emb = embedder.encode([((a.title or "") + "\n" + a.text)[:2000] for a in arts])
    pairs, p, q = similarity_graph(feats, cfg, emb)
    index = {a.id: i for i, a in enumerate(arts)}
    edges = list(edges)
    must = [
        (index[e.source_id], index[e.derived_id])
        for e in edges
        if e.source_id in index and e.derived_id in index
    ]
    clusters = average_linkage(len(arts), pairs, cfg.merge_threshold, must, (p, q))
    cluster_of = {arts[i].id: k for k, members in enumerate(clusters) for i in members}
    edges_of: dict[int, list[ReuseEdge]] = {}
    for e in edges:
        k = cluster_of.get(e.source_id, -1)
        if k >= 0 and cluster_of.get(e.derived_id) == k:
            edges_of.setdefault(k, []).append(e)
    out = []
    for ck, members in enumerate(clusters):
        ids = [arts[i].id for i in members]
        centroid: dict[str, float] = {}
        ents: Counter[str] = Counter()
        for i in members:
            for term, v in feats[i].vec.items():
                centroid[term] = centroid.get(term, 0.0) + v
            ents.update(feats[i].entities[:10])
        sid = "st-" + hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:16]
        out.append(
            build_story(
                sid,
                ids,
                {arts[i].id: feats[i].title for i in members},
                {arts[i].id: arts[i].published for i in members if arts[i].published},  # type: ignore[misc]
                centroid,
                ents,
                cfg,
                origins=int(provenance([arts[i] for i in members], edges_of.get(ck, []))["independent_origins"]),
            )
        )
    out.sort(key=lambda s: (s.first_seen or "9999", s.article_ids[0]))
    return out
