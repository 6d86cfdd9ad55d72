"""Online story clustering: each new article joins the best-matching story or starts one.

``StoryClusterer.add(article)`` computes the article's sparse features
(``stories.features``), shortlists candidate stories through an inverted index over the
stories' heaviest centroid terms (scanning only the most recent ``postings_scan`` stories
per term, so the cost per article stays bounded as the store grows), scores the shortlist
exactly (cosine to each story's centroid, blended with an embedding cosine when an
embedder is configured), drops stories more than ``max_gap_days`` away in time, and joins
the best one above ``join_threshold``. A copy (``linked_ids``: articles it reuses) always
joins its source's story. Same input in the same order gives the same stories and ids.

The clusterer's state is plain data (``to_dict``/``from_dict``) so the store can persist it
and a later batch can join existing stories. It keeps per-story centroids, not member
vectors. Arrival order matters: two same-kind events arriving interleaved can merge
(ECB+ event F1 0.84 here); ``stories.recluster.recluster_local`` re-partitions the stories
a batch of ``add`` touched with the batch method (0.95). Order-independent re-clustering
lives in ``stories.batch``; provenance trees and independent origins in
``stories.provenance``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newstrace.stories.config import StoryConfig
from newstrace.stories.features import (
    ArticleFeatures,
    IdfTable,
    _load_ner,
    cosine,
    extract_features,
    parse_date,
    tokenize,
)
from newstrace.types import Article, ReuseEdge, Story

__all__ = ["StoryClusterer", "story_id_for", "build_story", "load_embedder_or_none"]

_STATE_VERSION = 1


def story_id_for(first_article_id: str) -> str:
    """Deterministic story id from the id of the article that founded it."""
    return "st-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:16]


def load_embedder_or_none(cfg: StoryConfig) -> Any:
    """The configured embedder, or None when it is 'none' or not installed (degrade)."""
    if cfg.embedder in ("", "none"):
        return None
    from newstrace.errors import ResourceError
    from newstrace.text.embed import load_embedder

    try:
        return load_embedder(cfg.embedder)
    except ResourceError:
        return None


@dataclass(slots=True)
class _StoryState:
    id: str
    seq: int
    members: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    published: dict[str, str] = field(default_factory=dict)
    sum_vec: dict[str, float] = field(default_factory=dict)
    centroid: dict[str, float] = field(default_factory=dict)
    indexed: set[str] = field(default_factory=set)
    entities: Counter[str] = field(default_factory=Counter)
    lo: date | None = None
    hi: date | None = None
    emb_sum: np.ndarray | None = None
    links: list[list[str]] = field(default_factory=list)  # [derived, source] joins by reuse
    credits: dict[str, list[str]] = field(default_factory=dict)  # member -> wire credits

    def add_features(self, article_id: str, f: ArticleFeatures) -> None:
        """Count a member's features in: its terms, top entities and date range (what
        the centroid and the time gate are built from). Not titles, dates or credits."""
        self.members.append(article_id)
        for k, v in f.vec.items():
            self.sum_vec[k] = self.sum_vec.get(k, 0.0) + v
        self.entities.update(f.entities[:10])
        if f.date is not None:
            self.lo = f.date if self.lo is None or f.date < self.lo else self.lo
            self.hi = f.date if self.hi is None or f.date > self.hi else self.hi

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "members": self.members,
            "titles": self.titles,
            "published": self.published,
            "sum_vec": self.sum_vec,
            "entities": dict(self.entities),
            "lo": self.lo.isoformat() if self.lo else None,
            "hi": self.hi.isoformat() if self.hi else None,
            "emb_sum": None if self.emb_sum is None else [float(x) for x in self.emb_sum],
            "links": self.links,
            "credits": self.credits,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> _StoryState:
        s = cls(id=d["id"], seq=int(d["seq"]))
        s.members = list(d["members"])
        s.titles = dict(d.get("titles", {}))
        s.published = dict(d.get("published", {}))
        s.sum_vec = {k: float(v) for k, v in d["sum_vec"].items()}
        s.entities = Counter(d.get("entities", {}))
        s.lo = parse_date(d.get("lo"))
        s.hi = parse_date(d.get("hi"))
        emb = d.get("emb_sum")
        s.emb_sum = None if emb is None else np.asarray(emb, dtype=np.float32)
        s.links = [list(x) for x in d.get("links", [])]
        s.credits = {k: list(v) for k, v in d.get("credits", {}).items()}
        return s


def _normalised(vec: dict[str, float], keep: int) -> dict[str, float]:
    top = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {k: v / norm for k, v in top}


def _within_gap(d: date | None, lo: date | None, hi: date | None, gap: int) -> bool:
    if d is None or lo is None or hi is None:
        return True
    return (lo - d).days <= gap and (d - hi).days <= gap


def build_story(
    story_id: str,
    members: list[str],
    titles: dict[str, str],
    published: dict[str, str],
    centroid: dict[str, float],
    entities: Counter[str],
    cfg: StoryConfig,
    extra: dict[str, Any] | None = None,
    origins: int = 0,
) -> Story:
    """A ``Story`` value: label = key entities + the headline closest to the centroid."""

    def headline_score(aid: str) -> tuple[float, str]:
        words = set(tokenize(titles.get(aid, "")))
        return (-sum(centroid.get(w, 0.0) for w in words), aid)

    best = min(members, key=headline_score) if members else ""
    keys = [e for e, _ in sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.label_entities]]
    head = titles.get(best, "")
    label = (", ".join(keys) + " — " + head) if keys and head else (", ".join(keys) or head)
    dated = sorted(published[m] for m in members if published.get(m))
    order = sorted(members, key=lambda m: (published.get(m) or "9999", m))
    return Story(
        id=story_id,
        article_ids=tuple(order),
        label=label,
        first_seen=dated[0] if dated else None,
        last_seen=dated[-1] if dated else None,
        independent_origins=origins,
        extra={"key_entities": keys, "headline": head, "representative": best, **(extra or {})},
    )


class StoryClusterer:
    """Online, deterministic story assignment with bounded cost per article."""

    def __init__(self, config: StoryConfig | None = None, state: dict[str, Any] | None = None) -> None:
        self.config = config or StoryConfig()
        self._stories: dict[str, _StoryState] = {}
        self._order: list[str] = []  # story ids in creation order
        self._article_story: dict[str, str] = {}
        self._postings: dict[str, list[str]] = {}
        self._idf = IdfTable(self.config.max_idf)
        self._nlp: Any = None
        self._nlp_loaded = False
        self._embedder: Any = None
        self._embedder_loaded = False
        self.stats: Counter[str] = Counter()
        if state:
            self._load_state(state)

    # ----------------------------------------------------------------- state
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able state: enough to rebuild the clusterer and keep assigning."""
        return {
            "version": _STATE_VERSION,
            "config": dataclasses.asdict(self.config),
            "stories": [self._stories[sid].to_dict() for sid in self._order],
            "idf_df": dict(self._idf.df),
            "idf_n": self._idf.n_docs,
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any], config: StoryConfig | None = None) -> StoryClusterer:
        return cls(config=config, state=state)

    def _load_state(self, state: dict[str, Any]) -> None:
        if int(state.get("version", 0)) != _STATE_VERSION:
            raise ValueError(f"unsupported story state version {state.get('version')!r}")
        self._idf.df = Counter(state.get("idf_df", {}))
        self._idf.n_docs = int(state.get("idf_n", 0))
        for d in state["stories"]:
            s = _StoryState.from_dict(d)
            self._register(s)
            for m in s.members:
                self._article_story[m] = s.id
            self._refresh_centroid(s)

    # ------------------------------------------------------------- internals
    def _register(self, s: _StoryState) -> None:
        self._stories[s.id] = s
        self._order.append(s.id)

    def _refresh_centroid(self, s: _StoryState) -> None:
        keep = self.config.centroid_terms
        if len(s.sum_vec) > 2 * keep:  # bound memory: the tail never reaches the top again
            s.sum_vec = dict(sorted(s.sum_vec.items(), key=lambda kv: (-kv[1], kv[0]))[: keep * 2])
        s.centroid = _normalised(s.sum_vec, keep)
        # Index the heaviest terms; a term already indexed stays (stale postings are harmless).
        for term in list(s.centroid)[: self.config.query_terms * 2]:
            if term not in s.indexed:
                s.indexed.add(term)
                self._postings.setdefault(term, []).append(s.id)

    def _features(self, article: Article) -> ArticleFeatures:
        if not self._nlp_loaded:
            self._nlp = _load_ner(self.config.ner)
            self._nlp_loaded = True
        return extract_features(article, self.config, self._idf, self._nlp)

    def features_many(self, articles: list[Article]) -> list[ArticleFeatures]:
        """Features of ``articles`` in one batched NER pass (``extract_many``), for ``add``'s
        ``features``: the same values ``add`` would compute one by one, several times faster."""
        from newstrace.stories.features import extract_many

        return extract_many(articles, self.config, self._idf)

    def _embed(self, article: Article) -> np.ndarray | None:
        if not self._embedder_loaded:
            self._embedder = load_embedder_or_none(self.config)
            self._embedder_loaded = True
        if self._embedder is None:
            return None
        text = ((article.title or "") + "\n" + article.text)[:2000]
        return np.asarray(self._embedder.encode([text])[0], dtype=np.float32)

    def _similarity(self, f: ArticleFeatures, emb: np.ndarray | None, s: _StoryState) -> float:
        sim = cosine(f.vec, s.centroid)
        if emb is not None and s.emb_sum is not None:
            n = float(np.linalg.norm(s.emb_sum)) or 1.0
            w = self.config.embedding_weight
            sim = (1.0 - w) * sim + w * float(emb @ s.emb_sum) / n
        return sim

    def _shortlist(self, f: ArticleFeatures) -> list[_StoryState]:
        cfg = self.config
        score: dict[str, float] = {}
        for term, w in list(f.vec.items())[: cfg.query_terms]:  # vec is sorted, heaviest first
            posting = self._postings.get(term)
            if not posting:
                continue
            for sid in posting[-cfg.postings_scan :]:
                score[sid] = score.get(sid, 0.0) + w
        for sid in [sid for sid in score if sid not in self._stories]:  # merged away
            del score[sid]
        self.stats["shortlisted"] += len(score)
        best = heapq.nsmallest(cfg.max_candidates, score.items(), key=lambda kv: (-kv[1], kv[0]))
        return [self._stories[sid] for sid, _ in best]

    def _join(self, s: _StoryState, article: Article, f: ArticleFeatures, emb: np.ndarray | None) -> None:
        s.add_features(article.id, f)
        s.titles[article.id] = f.title
        if f.credits:
            s.credits[article.id] = list(f.credits)
        if article.published:
            s.published[article.id] = article.published
        if emb is not None:
            s.emb_sum = emb.copy() if s.emb_sum is None else s.emb_sum + emb
        self._article_story[article.id] = s.id
        self._refresh_centroid(s)

    # ------------------------------------------------------------------- API
    def story_of(self, article_id: str) -> str | None:
        return self._article_story.get(article_id)

    def __len__(self) -> int:
        return len(self._article_story)

    def add(
        self,
        article: Article,
        linked_ids: list[str] | tuple[str, ...] = (),
        features: ArticleFeatures | None = None,
        embedding: np.ndarray | None = None,
    ) -> str:
        """Assign ``article`` to a story and return the story's id.

        ``linked_ids``: ids of articles this one reuses (reuse edges); the article joins the
        best-matching of their stories whatever the thresholds say. Adding an article id
        already assigned is a no-op returning its story. ``features``/``embedding`` may be
        passed when already computed (``features.extract_many``, batched embedding).
        """
        known = self._article_story.get(article.id)
        if known is not None:
            return known
        f = features if features is not None else self._features(article)
        emb = embedding if embedding is not None else self._embed(article)
        cfg = self.config
        linked = sorted({self._article_story[i] for i in linked_ids if i in self._article_story})
        if linked:
            cands = [self._stories[sid] for sid in linked]
            best = max(cands, key=lambda s: (self._similarity(f, emb, s), -s.seq))
            src = next(i for i in linked_ids if self._article_story.get(i) == best.id)
            best.links.append([article.id, src])
            self._join(best, article, f, emb)
            self.stats["joined_by_link"] += 1
            return best.id
        best_s: _StoryState | None = None
        best_sim = cfg.join_threshold
        for s in self._shortlist(f):
            if not _within_gap(f.date, s.lo, s.hi, cfg.max_gap_days):
                self.stats["time_gated"] += 1
                continue
            sim = self._similarity(f, emb, s)
            if sim > best_sim or (best_s is not None and sim == best_sim and s.seq < best_s.seq):
                best_s, best_sim = s, sim
        if best_s is None:
            best_s = _StoryState(id=story_id_for(article.id), seq=len(self._order))
            self._register(best_s)
            self.stats["new_story"] += 1
        else:
            self.stats["joined"] += 1
        self._join(best_s, article, f, emb)
        return best_s.id

    def add_many(self, articles: list[Article]) -> list[str]:
        """``add`` each article in turn (same result as calling ``add`` in this order)."""
        return [self.add(a) for a in articles]

    def apply_edges(self, edges: list[ReuseEdge] | tuple[ReuseEdge, ...]) -> int:
        """Merge the stories of reuse edges found after both ends were assigned.

        The derived side's story is folded into the source's (the older story keeps its id
        when the direction is unknown). Returns how many merges happened.
        """
        merged = 0
        for e in edges:
            a, b = self._article_story.get(e.source_id), self._article_story.get(e.derived_id)
            if a is None or b is None or a == b:
                continue
            keep, gone = self._stories[a], self._stories[b]
            if not e.direction_known and gone.seq < keep.seq:
                keep, gone = gone, keep
            self._merge(keep, gone, [e.derived_id, e.source_id])
            merged += 1
        return merged

    def _merge(self, keep: _StoryState, gone: _StoryState, link: list[str]) -> None:
        keep.members.extend(gone.members)
        keep.titles.update(gone.titles)
        keep.published.update(gone.published)
        for k, v in gone.sum_vec.items():
            keep.sum_vec[k] = keep.sum_vec.get(k, 0.0) + v
        keep.entities.update(gone.entities)
        for d in (gone.lo, gone.hi):
            if d is not None:
                keep.lo = d if keep.lo is None or d < keep.lo else keep.lo
                keep.hi = d if keep.hi is None or d > keep.hi else keep.hi
        if gone.emb_sum is not None:
            keep.emb_sum = gone.emb_sum.copy() if keep.emb_sum is None else keep.emb_sum + gone.emb_sum
        keep.links.extend(gone.links + [link])
        keep.credits.update(gone.credits)
        for m in gone.members:
            self._article_story[m] = keep.id
        del self._stories[gone.id]
        self._order.remove(gone.id)
        self._refresh_centroid(keep)

    def stories(self) -> list[Story]:
        """Every story, in creation order.

        ``independent_origins`` counts what this clusterer knows: members joined by reuse
        links and members crediting the same wire count once (``provenance`` gives the tree).
        """
        from newstrace.stories.provenance import provenance

        out = []
        for sid in self._order:
            s = self._stories[sid]
            members = [
                Article(id=m, text="", published=s.published.get(m), credits=tuple(s.credits.get(m, ())))
                for m in s.members
            ]
            links = [ReuseEdge(src, der, "linked", 0.0, 0.0, 0.0, direction_known=True) for der, src in s.links]
            origins = int(provenance(members, links)["independent_origins"])
            out.append(
                build_story(
                    s.id,
                    s.members,
                    s.titles,
                    s.published,
                    s.centroid,
                    s.entities,
                    self.config,
                    {"links": [list(x) for x in s.links]} if s.links else None,
                    origins,
                )
            )
        return out
