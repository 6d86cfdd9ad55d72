"""Order-independent story re-clustering of a whole batch (average linkage, sparse graph).

``cluster_batch(articles, edges)`` gives the same stories whatever the input order: the
articles are sorted by id, every pairwise similarity is computed (exactly up to
``dense_limit`` articles, else the ``batch_neighbours`` best neighbours of each article via
a sparse product), dated pairs further apart than ``max_gap_days`` are pushed below zero
(different events of the same kind), reuse edges are must-links (a copy is in its source's
story), and average-linkage agglomeration merges clusters while their mean pairwise
similarity reaches ``merge_threshold``. Ties break on sorted member ids. Story ids hash the
sorted member ids.

This module does not assign articles one at a time (``stories.online``) nor build
provenance trees (``stories.provenance``).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable

import numpy as np

from newstrace.stories.config import StoryConfig
from newstrace.stories.features import ArticleFeatures, IdfTable, extract_many, tokenize
from newstrace.stories.online import build_story, load_embedder_or_none
from newstrace.types import Article, ReuseEdge, Story

__all__ = ["cluster_batch", "similarity_matrix", "average_linkage", "batch_features"]

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


def _sparse_matrix(feats: list[ArticleFeatures]) -> object:
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
    """Sparse pairwise similarities ``{(i, j): sim}`` for ``i < j`` (blended, time-gated)."""
    n = len(feats)
    x = _sparse_matrix(feats)
    pairs: dict[tuple[int, int], float] = {}
    w = cfg.embedding_weight if embeddings is not None else 0.0
    chunk = 1000
    for lo in range(0, n, chunk):
        block = (x[lo : lo + chunk] @ x.T).toarray()  # type: ignore[attr-defined]
        if embeddings is not None:
            block = (1.0 - w) * block + w * (embeddings[lo : lo + chunk] @ embeddings.T)
        for r in range(block.shape[0]):
            i = lo + r
            row = block[r]
            if n <= cfg.dense_limit:
                js = np.nonzero(row)[0] if embeddings is None else np.arange(n)
            else:
                k = min(n - 1, cfg.batch_neighbours + 1)
                js = np.argpartition(-row, k)[: k + 1] if k < n else np.arange(n)
            for j in js:
                j = int(j)
                if j == i:
                    continue
                a, b = (i, j) if i < j else (j, i)
                pairs[(a, b)] = float(row[j])
    gap = cfg.max_gap_days
    for (a, b) in list(pairs):
        da, db = feats[a].date, feats[b].date
        if da is not None and db is not None and abs((da - db).days) > gap:
            pairs[(a, b)] = _TIME_PENALTY
    return pairs


def average_linkage(
    n: int, pairs: dict[tuple[int, int], float], threshold: float, must_link: Iterable[tuple[int, int]] = ()
) -> list[list[int]]:
    """Average-linkage clusters of ``0..n-1``; missing pairs count as similarity 0.

    Must-link pairs are merged first. Deterministic: equal averages merge the pair whose
    smallest members are smallest first.
    """
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in must_link:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    # Cluster id = its smallest member; adjacency holds sums of pairwise similarities.
    adj: dict[int, dict[int, float]] = {c: {} for c in members}
    for (a, b), s in pairs.items():
        ca, cb = find(a), find(b)
        if ca == cb:
            continue
        adj[ca][cb] = adj[ca].get(cb, 0.0) + s
        adj[cb][ca] = adj[cb].get(ca, 0.0) + s
    heap: list[tuple[float, int, int]] = []
    for ca, nb in adj.items():
        for cb, s in nb.items():
            if ca < cb:
                avg = s / (len(members[ca]) * len(members[cb]))
                if avg >= threshold:
                    heap.append((-avg, ca, cb))
    heapq.heapify(heap)
    while heap:
        neg, ca, cb = heapq.heappop(heap)
        if ca not in members or cb not in members:
            continue
        s = adj[ca].get(cb)
        if s is None or abs(-neg - s / (len(members[ca]) * len(members[cb]))) > 1e-12:
            continue  # stale entry
        keep, gone = min(ca, cb), max(ca, cb)
        members[keep].extend(members.pop(gone))
        nb_gone = adj.pop(gone)
        nb_keep = adj[keep]
        nb_keep.pop(gone, None)
        nb_gone.pop(keep, None)
        for other, v in nb_gone.items():
            nb_keep[other] = nb_keep.get(other, 0.0) + v
            adj[other].pop(gone, None)
        for other, v in nb_keep.items():
            adj[other][keep] = v
            avg = v / (len(members[keep]) * len(members[other]))
            if avg >= threshold:
                a, b = min(keep, other), max(keep, other)
                heapq.heappush(heap, (-avg, a, b))
    return [sorted(m) for _, m in sorted(members.items())]


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
    pairs = similarity_matrix(feats, cfg, emb)
    index = {a.id: i for i, a in enumerate(arts)}
    must = [
        (index[e.source_id], index[e.derived_id])
        for e in edges
        if e.source_id in index and e.derived_id in index
    ]
    clusters = average_linkage(len(arts), pairs, cfg.merge_threshold, must)
    out = []
    for members in clusters:
        ids = [arts[i].id for i in members]
        centroid: dict[str, float] = {}
        ents: Counter[str] = Counter()
        for i in members:
            for k, v in feats[i].vec.items():
                centroid[k] = centroid.get(k, 0.0) + v
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
            )
        )
    out.sort(key=lambda s: (s.first_seen or "9999", s.article_ids[0]))
    return out
