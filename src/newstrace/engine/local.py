"""The local engine: run every stage of ``analyze`` over a store, resumably.

Stages, in order, each reading what it needs from the store and writing what it
found in committed batches (a kill loses at most one batch; rerunning resumes; the
stories stage checkpoints its clusterer every ``stories_checkpoint_seconds``):

1. ingest   new input paths -> articles            (``engine.ingest_stage``)
2. index    articles not yet indexed -> candidate pairs (``newstrace.index``)
3. verify   pending candidates -> aligned, typed, directed edges (``align`` + ``reuse``)
4. spin     articles not yet checked -> spin scores and spans (``newstrace.spin``)
5. claims   articles not yet read -> quotes and figures (``newstrace.claims``)
6. stories  articles not yet clustered -> stories, provenance, claim comparison

Every stage is incremental: a new batch of articles is matched against all that
is stored. Stage functions take a ``Store`` and report counters through
``on_event``; the CLI draws progress from those. The Dask engine reuses the same
per-item functions (``verify_pair``, ``spin_article``,
``claims_article``: ``engine.dask_engine``).

Parallelism: the per-item work (alignment, spin, quotes and figures, story features) runs
on a pool of ``AnalyzeConfig.processes`` workers, in order; whatever writes the store or
depends on order (indexing, the story assignment) runs in this process.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newstrace.engine.config import AnalyzeConfig
from newstrace.engine.settings import RunSettings
from newstrace.store.articles import iter_articles, mark_done, pending_ids
from newstrace.store.db import Store
from newstrace.types import Article, ReuseEdge

if TYPE_CHECKING:
    from newstrace.claims.config import ClaimsConfig
    from newstrace.reuse.config import ReuseConfig
    from newstrace.spin.config import SpinConfig
    from newstrace.stories.config import StoryConfig

__all__ = [
    "AnalyzeStats", "run_analyze", "stage_index", "stage_verify", "stage_spin", "stage_claims", "stage_stories",
    "edge_from_alignment", "verify_pair", "spin_article", "claims_article",
]

Event = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class AnalyzeStats:
    counters: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counters[key] = self.counters.get(key, 0) + n

    def line(self) -> str:
        keys = ("articles_indexed", "candidates", "edges", "rejected", "spun_articles", "quotes", "figures", "stories")
        return ", ".join(f"{k.replace('_', ' ')} {self.counters.get(k, 0)}" for k in keys)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@contextmanager
def _worker_pool(
    cfg: AnalyzeConfig,
    n_items: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``cfg.processes`` workers for the per-item stages, or None when one process
    is asked for or the work is too small to pay for starting workers (each loads its own
    models: spaCy's small English pipeline takes ~1 s to load). ``initializer(*initargs)``
    runs in each worker, and here too (for the no-pool case)."""
    if initializer is not None:
        initializer(*initargs)
    use_pool = cfg.processes > 1 and n_items > 8
    pool = ProcessPoolExecutor(cfg.processes, initializer=initializer, initargs=initargs) if use_pool else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown()


def _pmap(pool: ProcessPoolExecutor | None, fn: Callable[[Any], Any], items: list[Any], chunksize: int = 4) -> Iterator[Any]:
    """``map`` in order, on the pool when there is one (results arrive as they are ready)."""
    return pool.map(fn, items, chunksize=chunksize) if pool is not None else map(fn, items)


# -- 2. index ------------------------------------------------------------------
def stage_index(store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, on_event: Event = _noop) -> None:
    from newstrace.index import CandidateIndex
    from newstrace.index.sqlite_backend import SQLiteBackend

    todo = pending_ids(store, "index")
    if not todo:
        return
    on_event("index", 0, len(todo))
    # one index for the stage: its word tables take ~0.05 s to build, 5 s over the 100
    # batches of 100k articles (the backend reads the store through the same connection
    # that each batch's transaction uses); its cached runs are dropped when the stage ends
    backend = SQLiteBackend(store.conn)
    index = CandidateIndex(backend, config=cfg.settings.index)
    try:
        _index_batches(store, stats, cfg, index, todo, on_event)
    finally:
        backend.release()


def _index_batches(
    store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, index: Any, todo: list[str], on_event: Event
) -> None:
    from newstrace.store.reuse import save_candidates

    done = 0
    for chunk in _chunks(todo, cfg.article_batch * 5):
        articles = list(iter_articles(store, chunk))
        with store.transaction():
            cands = index.add_and_query(articles)
            stats.add(
                "candidates",
                save_candidates(store, ((c.a_id, c.b_id, c.score, c.reasons) for c in cands)),
            )
            mark_done(store, "index", chunk)
        done += len(chunk)
        stats.add("articles_indexed", len(chunk))
        on_event("index", done, len(todo))


# -- 3. verify -----------------------------------------------------------------
_WORKER_SETTINGS = RunSettings()  # this run's stage settings, set in each worker by _set_settings


def _set_settings(settings: RunSettings) -> None:
    """Pool initializer: the run's settings, sent to each worker once."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _align_pair(args: tuple[str, str]) -> Any:
    from newstrace.align import align_texts

    return align_texts(args[0], args[1], _WORKER_SETTINGS.align)


def edge_from_alignment(
    a: Article, b: Article, reasons: Sequence[str], result: Any, config: ReuseConfig | None = None
) -> tuple[ReuseEdge, list[str]] | None:
    """The typed, directed edge of one aligned candidate pair with its link evidence, or None.

    Pure (one pair in, one edge out): the local and the Dask engine both call it.
    """
    from newstrace.reuse import build_edge

    built = build_edge(a, b, result, config)
    if built is None:
        return None
    edge, evidence = built
    return edge, [f"candidate: {r}" for r in reasons] + evidence


def verify_pair(
    a: Article, b: Article, reasons: Sequence[str], settings: RunSettings | None = None
) -> tuple[ReuseEdge, list[str]] | None:
    """Align one candidate pair and build its edge (``edge_from_alignment`` of ``align_texts``)."""
    from newstrace.align import align_texts

    s = settings or RunSettings()
    return edge_from_alignment(a, b, reasons, align_texts(a.text, b.text, s.align), s.reuse)


def stage_verify(store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, on_event: Event = _noop) -> None:
    from newstrace.store.reuse import pending_candidates, save_edge, set_candidate_status

    pending = pending_candidates(store)
    if not pending:
        return
    on_event("align", 0, len(pending))
    done = 0
    with _worker_pool(cfg, len(pending), _set_settings, (cfg.settings,)) as pool:
        for chunk in _chunks(pending, cfg.align_batch):
            ids = sorted({x for a, b, _ in chunk for x in (a, b)})
            arts = {a.id: a for a in iter_articles(store, ids)}
            jobs = [(arts[a].text, arts[b].text) for a, b, _ in chunk]
            results = []
            for res in _pmap(pool, _align_pair, jobs, chunksize=8):  # in order: progress as they arrive
                results.append(res)
                on_event("align", done + len(results), len(pending))
            with store.transaction():
                for (a_id, b_id, reasons), res in zip(chunk, results, strict=True):
                    built = edge_from_alignment(arts[a_id], arts[b_id], reasons, res, cfg.settings.reuse)
                    if built is None:
                        set_candidate_status(store, a_id, b_id, "rejected")
                        stats.add("rejected")
                        continue
                    edge, evidence = built
                    save_edge(store, edge, evidence)
                    set_candidate_status(store, a_id, b_id, "linked")
                    stats.add("edges")
            done += len(chunk)
            on_event("align", done, len(pending))


def _edges_by_article(store: Store, edges: Iterable[ReuseEdge] | None = None) -> dict[str, list[ReuseEdge]]:
    """The stored edges (or ``edges``, when the caller has read them already) by article."""
    from newstrace.store.reuse import iter_edges

    out: dict[str, list[ReuseEdge]] = {}
    for edge in (e for e, _ev in iter_edges(store)) if edges is None else edges:
        out.setdefault(edge.source_id, []).append(edge)
        out.setdefault(edge.derived_id, []).append(edge)
    return out


# -- 4. spin -------------------------------------------------------------------
def spin_article(
    art: Article, edges: Sequence[ReuseEdge], text_of: Callable[[str], str], known: Any = None,
    config: SpinConfig | None = None,
) -> Any:
    """``detect_spin`` of one article given the edges touching it (in ``iter_edges`` order).

    ``text_of(article_id)`` returns another article's text (a spun sibling's); ``known``:
    the user's list of known spins (``spin.known.KnownSpins``), found verbatim. Pure per
    article: the local and the Dask engine both call it.
    """
    from newstrace.spin import detect_spin

    # Edge substitutions are stored source side first (a_*) and this, the
    # derived side, second (b_*): the shape detect_spin takes.
    subs: list[Any] = []
    siblings: list[str] = []
    for e in edges:
        if e.kind != "spun":
            continue  # a rewrite's word changes are not spinner swaps
        if e.derived_id == art.id and e.direction_known:
            subs.extend(e.substitutions)
        elif not e.direction_known:
            # Two spins of one original, neither known to be the source: compare them.
            other = e.source_id if e.derived_id == art.id else e.derived_id
            siblings.append(text_of(other))
    return detect_spin(
        art.text, article_id=art.id, source_substitutions=subs or None, sibling_texts=siblings or None,
        known_spins=known, config=config,
    )


def _spin_siblings(art_id: str, edges: Sequence[ReuseEdge]) -> list[str]:
    """Ids of the articles ``spin_article`` will ask ``text_of`` for (undirected spun edges)."""
    return [e.source_id if e.derived_id == art_id else e.derived_id
            for e in edges if e.kind == "spun" and not e.direction_known]


_WORKER_KNOWN: Any = None  # the list of known spins, set in each worker by _set_known


def _set_known(known: Any, settings: RunSettings) -> None:
    """Pool initializer: the list is sent to each worker once, not pickled into every job
    (the 6,942 tortured phrases pickle to 0.4 MB: ~13% of the stage's time, per job)."""
    global _WORKER_KNOWN
    _WORKER_KNOWN = known
    _set_settings(settings)


def _spin_job(job: tuple[Article, list[ReuseEdge], dict[str, str]]) -> Any:
    art, edges, sibling_texts = job
    return spin_article(art, edges, sibling_texts.__getitem__, _WORKER_KNOWN, _WORKER_SETTINGS.spin)


def stage_spin(store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, on_event: Event = _noop) -> None:
    from newstrace.engine.spin_lexicon import resolve_known
    from newstrace.store.findings import save_spin

    known = resolve_known(store, cfg.spin_lexicon, cfg.spin_lexicon_drop)
    todo = pending_ids(store, "spin")
    if not todo:
        return
    by_article = _edges_by_article(store)
    on_event("spin", 0, len(todo))
    done = 0
    with _worker_pool(cfg, len(todo), _set_known, (known, cfg.settings)) as pool:
        for chunk in _chunks(todo, cfg.article_batch):
            arts = list(iter_articles(store, chunk))
            jobs = []
            for art in arts:
                edges = by_article.get(art.id, [])
                wanted = _spin_siblings(art.id, edges)
                siblings = {a.id: a.text for a in iter_articles(store, sorted(set(wanted)))} if wanted else {}
                jobs.append((art, edges, siblings))
            reports = []
            for rep in _pmap(pool, _spin_job, jobs):
                reports.append(rep)
                on_event("spin", done + len(reports), len(todo))
            with store.transaction():
                for art, rep in zip(arts, reports, strict=True):
                    save_spin(store, art.id, rep.score, rep.spun, rep.spans)
                    if rep.spun:
                        stats.add("spun_articles")
                mark_done(store, "spin", chunk)
            done += len(chunk)
            on_event("spin", done, len(todo))


# -- 5. claims -----------------------------------------------------------------
def claims_article(art: Article, config: ClaimsConfig | None = None) -> tuple[list[Any], list[Any]]:
    """Quotes and figures of one article (pure per article: both engines call it)."""
    from newstrace.claims import extract_claims

    quotes, figures = extract_claims(art.text, article_id=art.id, config=config)  # one spaCy parse for both
    return list(quotes), list(figures)


def _claims_job(art: Article) -> tuple[list[Any], list[Any]]:
    return claims_article(art, _WORKER_SETTINGS.claims)


def stage_claims(store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, on_event: Event = _noop) -> None:
    from newstrace.store.findings import save_figures, save_quotes

    todo = pending_ids(store, "claims")
    if todo:
        on_event("claims", 0, len(todo))
    done = 0
    with _worker_pool(cfg, len(todo), _set_settings, (cfg.settings,)) as pool:
        for chunk in _chunks(todo, cfg.article_batch):
            arts = list(iter_articles(store, chunk))
            found = []
            for res in _pmap(pool, _claims_job, arts):
                found.append(res)
                on_event("claims", done + len(found), len(todo))
            with store.transaction():
                for art, (quotes, figures) in zip(arts, found, strict=True):
                    save_quotes(store, art.id, quotes)
                    save_figures(store, art.id, figures)
                    stats.add("quotes", len(quotes))
                    stats.add("figures", len(figures))
                mark_done(store, "claims", chunk)
            done += len(chunk)
            on_event("claims", done, len(todo))


# -- 6. stories ----------------------------------------------------------------
# Articles per feature job sent to a worker: big enough for spaCy's batching (nlp.pipe),
# small enough that the 1,000-article chunk still splits evenly over 2 workers.
_FEATURE_JOB = 50


def _story_features_are_pure() -> bool:
    """True when an article's story features depend on the article alone (background idf
    from wordfreq), so workers may compute them ahead of the ordered assignment. Without
    wordfreq the idf is learnt from the articles seen so far, in order: one process only."""
    from newstrace.stories.features import IdfTable

    return IdfTable().background


def _story_features(job: tuple[list[Article], Any]) -> list[Any]:
    from newstrace.stories.features import extract_many

    articles, story_cfg = job
    return extract_many(articles, story_cfg)


def stage_stories(store: Store, stats: AnalyzeStats, cfg: AnalyzeConfig, on_event: Event = _noop) -> None:
    """Online clustering: each new article joins the best story or starts one (order-dependent,
    deterministic); the clusterer's state is saved so the next batch joins existing stories."""
    from newstrace.store.stages import clear_state, load_state, save_state
    from newstrace.stories import StoryClusterer

    todo = pending_ids(store, "stories")
    if not todo and load_state(store, "stories") is not None:
        return
    by_article = _edges_by_article(store)
    clusterer = StoryClusterer(config=cfg.settings.stories, state=load_state(store, "stories"))
    # Articles assigned by an interrupted run (saved at a checkpoint): their late reuse edges
    # are applied with this run's, as one uninterrupted run would have applied them.
    checkpointed = list((load_state(store, _STORIES_CHECKPOINTED) or {}).get("ids", []))
    since_save: list[str] = []
    last_save = time.monotonic()
    recluster = _LocalRecluster(store, clusterer) if cfg.stories_recluster else None
    done = 0
    on_event("stories", 0, len(todo))
    with _worker_pool(cfg, len(todo) if _story_features_are_pure() else 0) as pool:
        chunks = list(_chunks(todo, cfg.article_batch * 5))

        def start(chunk: list[str]) -> tuple[list[Article], Iterator[list[Any]] | None]:
            """Read a chunk and submit its features to the workers (None: one process)."""
            arts = list(iter_articles(store, chunk))
            if pool is None:
                return arts, None
            jobs = [(arts[i : i + _FEATURE_JOB], clusterer.config) for i in range(0, len(arts), _FEATURE_JOB)]
            return arts, pool.map(_story_features, jobs, chunksize=1)  # submitted now, read later

        ahead = start(chunks[0]) if chunks else None
        for k in range(len(chunks)):
            assert ahead is not None
            arts, running = ahead
            # The next chunk's features are submitted before this chunk is assigned, so the
            # workers compute them while this process assigns (one ordered pass, so the result
            # does not depend on them). Without the overlap, stories at 100k took 654 s of wall
            # time for 1,163 CPU-s on 2 cores: the workers idled during each assignment.
            ahead = start(chunks[k + 1]) if k + 1 < len(chunks) else None
            if running is not None:
                feats: list[Any] = [f for part in running for f in part]
            else:  # one process: still one batched NER pass per chunk
                feats = clusterer.features_many(arts)
            touched: set[str] = set()
            for i, (art, f) in enumerate(zip(arts, feats, strict=True), 1):
                on_event("stories", done + i, len(todo))
                linked = sorted(
                    {e.source_id if e.derived_id == art.id else e.derived_id for e in by_article.get(art.id, [])}
                )
                touched.add(clusterer.add(art, linked_ids=linked, features=f))
                if recluster is not None:
                    recluster.features[art.id] = f
                    # counted from the chunk's start, so a run resumed at a checkpoint (a
                    # chunk boundary) re-clusters at the same places as an uninterrupted one
                    if i % cfg.stories_recluster_every == 0 or i == len(arts):
                        recluster.run(touched)
                        touched = set()
            done += len(arts)
            on_event("stories", done, len(todo))
            since_save.extend(a.id for a in arts)
            if ahead is not None and time.monotonic() - last_save >= cfg.stories_checkpoint_seconds:
                # Checkpoint: the state and the articles it holds, in one transaction. The
                # stories table itself is written at the end (provenance needs them all).
                checkpointed.extend(since_save)
                with store.transaction():
                    save_state(store, "stories", clusterer.to_dict())
                    save_state(store, _STORIES_CHECKPOINTED, {"ids": checkpointed})
                    mark_done(store, "stories", since_save)
                since_save = []
                last_save = time.monotonic()
    # A copy always belongs to its source's story, even when the edge was found after both
    # ends had been assigned (e.g. an old article matched by a later batch's index query).
    new = set(todo) | set(checkpointed)
    clusterer.apply_edges(
        sorted({(e.source_id, e.derived_id): e for a in new for e in by_article.get(a, [])}.values(),
               key=lambda e: (e.source_id, e.derived_id))
    )
    with store.transaction():
        save_story_results(store, clusterer.stories(), by_article, stats, cfg.settings.claims)
        save_state(store, "stories", clusterer.to_dict())
        clear_state(store, _STORIES_CHECKPOINTED)
        mark_done(store, "stories", todo)


class _LocalRecluster:
    """``stories.recluster_local`` for the stories stage: the features of this run's
    articles are kept; an older member's are recomputed from the store when a
    neighbourhood reaches it. That assumes features depend on the article alone (the
    background idf from wordfreq, a core dependency: ``_story_features_are_pure``);
    without wordfreq a recomputed vector may differ from the one assigned."""

    def __init__(self, store: Store, clusterer: Any) -> None:
        self.store, self.clusterer = store, clusterer
        self.features: dict[str, Any] = {}

    def _features_of(self, ids: list[str]) -> list[Any]:
        missing = [a for a in ids if a not in self.features]
        if missing:
            arts = list(iter_articles(self.store, missing))
            self.features.update(zip((a.id for a in arts), self.clusterer.features_many(arts), strict=True))
        return [self.features[a] for a in ids]

    def run(self, touched: set[str]) -> None:
        from newstrace.stories import recluster_local

        if touched:
            recluster_local(self.clusterer, sorted(touched), self._features_of)


# stage_state key: ids of the articles an interrupted stories run saved at a checkpoint
_STORIES_CHECKPOINTED = "stories-checkpointed"


def recluster_stories(
    store: Store, stats: AnalyzeStats | None = None, config: StoryConfig | None = None
) -> list[Any]:
    """The order-independent answer: batch-cluster every stored article (reuse edges are
    must-links) and replace the stored stories with it. The online clusterer's saved state is
    left as it was: a later ``analyze`` of new articles returns to online assignment.
    ``config`` (default: the stories settings recorded in the store, ``engine.settings``) is
    used for this run only; it is not stored."""
    from newstrace.engine.settings import resolve_settings
    from newstrace.store.reuse import iter_edges
    from newstrace.stories import cluster_batch

    recorded = resolve_settings(store)
    config = config or recorded.stories
    stats = stats or AnalyzeStats()
    edges = [e for e, _ev in iter_edges(store)]
    by_article = _edges_by_article(store, edges)
    articles = list(iter_articles(store))
    stories = cluster_batch(articles, edges, config)
    with store.transaction():
        final = save_story_results(store, stories, by_article, stats, recorded.claims)
        mark_done(store, "stories", [a.id for a in articles])
    return final


def save_story_results(
    store: Store, stories: list[Any], by_article: dict[str, list[ReuseEdge]], stats: AnalyzeStats,
    claims_config: ClaimsConfig | None = None,
) -> list[Any]:
    """Provenance per story, then the stories and their claim comparison (inside a transaction)."""
    from dataclasses import replace

    from newstrace.store.stories import save_stories
    from newstrace.stories import provenance

    prov: dict[str, dict[str, Any]] = {}
    final = []
    for s in stories:
        members = list(iter_articles(store, s.article_ids))
        ids = set(s.article_ids)
        edges = sorted(
            {(e.source_id, e.derived_id): e for a in s.article_ids for e in by_article.get(a, [])
             if e.source_id in ids and e.derived_id in ids}.values(),
            key=lambda e: (e.source_id, e.derived_id),
        )
        p = provenance(members, edges)
        prov[s.id] = p
        final.append(replace(s, independent_origins=int(p.get("independent_origins", s.independent_origins))))
    save_stories(store, final, prov)
    _compare_story_claims(store, final, stats, claims_config)
    stats.add("stories", len(final))
    return final


def _compare_story_claims(
    store: Store, stories: list[Any], stats: AnalyzeStats, config: ClaimsConfig | None = None
) -> None:
    """Cross-outlet quote/figure comparison for every story with 2+ members (inside a transaction)."""
    try:
        from newstrace.claims import compare_claims
    except ImportError:
        return
    from newstrace.store.findings import figures_of, quotes_of, save_story_claims, set_groups
    from newstrace.types import Figure, Quote

    for s in stories:
        if len(s.article_ids) < 2:
            continue
        rows: list[tuple[str, str, list[Quote], list[Figure]]] = []
        texts: dict[str, str] = {}
        for art in iter_articles(store, s.article_ids):
            qs = [
                Quote(art.id, q["start"], q["end"], q["text"], q["speaker"],
                      (q["speaker_start"], q["speaker_end"]) if q["speaker_start"] is not None else None,
                      q["cue"], bool(q["direct"]), q["speaker_resolved"], q["role"])
                for q in quotes_of(store, [art.id])
            ]
            fs = [
                Figure(art.id, f["start"], f["end"], f["value"], f["unit"], f["counts_what"], f["text"],
                       f["value_high"], f["qualifier"],
                       sentence_span=(f["sentence_start"], f["sentence_end"])
                       if f["sentence_start"] is not None else None)
                for f in figures_of(store, [art.id])
            ]
            rows.append((art.id, art.outlet or art.id, qs, fs))
            texts[art.id] = art.text
        # With the texts, figures are compared only when their sentences are about the same thing.
        comparison = compare_claims(rows, config=config, texts=texts)
        data = comparison.to_dict()
        save_story_claims(store, s.id, data)
        q_groups, f_groups = _group_members(data)
        set_groups(store, "quotes", q_groups)
        set_groups(store, "figures", f_groups)


def _group_members(data: dict[str, Any]) -> tuple[list[tuple[str, int, int, str]], list[tuple[str, int, int, str]]]:
    out_q: list[tuple[str, int, int, str]] = []
    out_f: list[tuple[str, int, int, str]] = []
    for key, out in (("quote_groups", out_q), ("figure_groups", out_f)):
        for g in data.get(key, []):
            gid = g.get("id") or g.get("group")
            for m in g.get("members", []):
                out.append((m["article_id"], m["start"], m["end"], gid))
    return out_q, out_f


# -- the whole run -------------------------------------------------------------
def run_analyze(
    store: Store,
    cfg: AnalyzeConfig | None = None,
    on_event: Event = _noop,
) -> AnalyzeStats:
    """Run stages 2-6 over everything in the store that a stage has not finished yet."""
    cfg = cfg or AnalyzeConfig()
    stats = AnalyzeStats()
    stage_index(store, stats, cfg, on_event)
    stage_verify(store, stats, cfg, on_event)
    if cfg.spin:
        stage_spin(store, stats, cfg, on_event)
    if cfg.claims:
        stage_claims(store, stats, cfg, on_event)
    if cfg.stories:
        stage_stories(store, stats, cfg, on_event)
    return stats


def stats_json(stats: AnalyzeStats) -> str:
    return json.dumps(stats.counters, sort_keys=True)
