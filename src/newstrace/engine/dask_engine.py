"""The Dask engine: ``analyze`` over partitioned Parquet on a Dask cluster, same results as local.

What it does: exports the store's articles in insertion order to Parquet partitions,
runs the stages as Dask tasks over a work dir (``dask_stages``: fingerprints ->
postings shuffle -> pair counts shuffle -> candidates -> text join -> alignment and
edges -> spin, quotes, figures), imports candidates, edges and findings into the
SQLite store, and then clusters stories with the local engine's own
``stage_stories`` (the online clusterer is order-dependent, so it is one sequential
pass over the articles in store insertion order, exactly as the local engine does).
``report``, ``serve`` and ``export`` then read the store as after a local run, and
``export --what pairs|stories`` are identical to a local run's once lines are sorted.

Resumable per partition: every task's output is written atomically and recorded
with the digest of its inputs; a rerun (after killing a worker or the whole run)
reuses every finished partition and recomputes the rest, with the same result.
The import into the store is idempotent (only pending candidates and articles not
yet marked done are written).

With no scheduler address it starts a ``distributed.LocalCluster`` (2 worker
processes, 1 thread each, a memory limit each). A remote cluster must see the work
dir at the same path (shared file system).

What it does not do: ingest (the CLI ingests into the store first), any algorithm
(``newstrace.index``, ``align``, ``reuse``, ``spin``, ``claims``, ``stories``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newstrace.engine.config import AnalyzeConfig
from newstrace.engine.dask_config import DaskConfig
from newstrace.engine.local import AnalyzeStats, stage_stories
from newstrace.engine.parquet_parts import (
    digest,
    dir_bytes,
    mark_unit,
    marker_info,
    unit_done,
    write_table,
)
from newstrace.engine.spin_lexicon import resolve_known
from newstrace.store.db import Store

__all__ = ["run_dask", "default_workdir", "dask_client"]

Event = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def default_workdir(store: Store) -> Path:
    """``<db>.dask/`` next to the database."""
    return Path(str(store.path) + ".dask")


@contextmanager
def dask_client(scheduler: str | None = None, dcfg: DaskConfig | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new LocalCluster."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        from newstrace.errors import ConfigError

        raise ConfigError("the Dask engine needs dask: pip install 'newstrace[dask]'") from exc
    dcfg = dcfg or DaskConfig()
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Worker processes must import this very newstrace (a source checkout is not installed).
    import newstrace

    src = str(Path(newstrace.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH", "")
    if src not in path.split(os.pathsep):
        os.environ["PYTHONPATH"] = src + (os.pathsep + path if path else "")
    with (
        LocalCluster(
            n_workers=dcfg.n_workers, threads_per_worker=dcfg.threads_per_worker, processes=dcfg.processes,
            memory_limit=dcfg.memory_limit, dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


# -- 1. articles out of the store ---------------------------------------------------------------
def _export_articles(store: Store, work: Path, per_part: int) -> list[str]:
    """Write article partitions (store insertion order); returns their digests. Skips intact ones."""
    import pyarrow as pa

    from newstrace.engine.dask_stages import part_name

    order = store.execute("SELECT rowid, id FROM articles ORDER BY rowid").fetchall()
    ids = [r[1] for r in order]
    digests: list[str] = []
    if not ids:
        return digests
    cols = "id, text, title, outlet, url, published, language, byline, credits, source_ref, source_record, source_offset"
    for i in range(0, max(1, -(-len(ids) // per_part))):
        chunk = ids[i * per_part : (i + 1) * per_part]
        unit = work / "articles" / part_name("part", i)
        inputs = digest("articles", i * per_part, chunk)
        if unit_done(unit, inputs):
            digests.append(marker_info(unit)["digest"])
            continue
        lo, hi = order[i * per_part][0], order[min(len(order), (i + 1) * per_part) - 1][0]
        rows = store.execute(
            f"SELECT {cols} FROM articles WHERE rowid BETWEEN ? AND ? ORDER BY rowid", (lo, hi)
        ).fetchall()
        data = {c: [r[c] for r in rows] for c in cols.split(", ")}
        data["doc"] = list(range(i * per_part, i * per_part + len(rows)))
        f = unit / "articles.parquet"
        write_table(pa.table(data), f)
        digests.append(mark_unit(unit, inputs, [f], {"counters": {"articles": len(rows)}}))
    return digests


# -- the run --------------------------------------------------------------------------------------
def _run_stage(
    client: Any, name: str, fn: Callable[..., dict[str, Any]], args: list[tuple[Any, ...]],
    stats: AnalyzeStats, on_event: Event,
) -> list[dict[str, Any]]:
    from distributed import as_completed

    futures = [client.submit(fn, *a, pure=False, key=f"{name}-{n}-{time.time_ns()}") for n, a in enumerate(args)]
    out: dict[str, dict[str, Any]] = {}
    for done, fut in enumerate(as_completed(futures), 1):
        out[fut.key] = fut.result()
        on_event(name, done, len(args))
    results = [out[f.key] for f in futures]
    for r in results:
        for k, v in r.items():
            if k != "digest" and isinstance(v, int):
                stats.add(k, v)
    return results


def run_dask(
    store: Store,
    cfg: AnalyzeConfig | None = None,
    on_event: Event = _noop,
    scheduler: str | None = None,
    workdir: str | Path | None = None,
    dcfg: DaskConfig | None = None,
    client: Any = None,
    profile: dict[str, dict[str, float]] | None = None,
    stop_after: str | None = None,
) -> AnalyzeStats:
    """Run stages 2-6 on Dask over everything in the store (see the module docstring).

    ``client``: an existing ``distributed.Client`` (else one is made from ``scheduler``).
    ``profile`` (optional) receives per-stage ``start``/``end`` times and ``disk`` bytes.
    ``stop_after="candidates"`` stops after candidate generation and imports the
    candidates as pending (the local ``verify`` stage can take over): for benchmarks.
    """

    cfg = cfg or AnalyzeConfig()
    dcfg = dcfg or DaskConfig()
    work = Path(workdir) if workdir else default_workdir(store)
    work.mkdir(parents=True, exist_ok=True)
    stats = AnalyzeStats()
    prof = profile if profile is not None else {}
    per = dcfg.articles_per_partition

    def mark(stage: str, start: float, sub: str | None = None) -> None:
        prof[stage] = {"start": start, "end": time.time(), "disk": float(dir_bytes(work / sub) if sub else 0)}

    t0 = time.time()
    art = _export_articles(store, work, per)
    n_articles = int(store.execute("SELECT count(*) FROM articles").fetchone()[0])
    mark("export", t0, "articles")
    if n_articles == 0:
        return stats
    n_parts, nb = len(art), dcfg.n_buckets(n_articles)
    w = str(work)
    if client is None:
        with dask_client(scheduler, dcfg) as c:
            return _pipeline(c, store, cfg, w, art, n_parts, nb, per, stats, on_event, prof, mark, stop_after)
    return _pipeline(client, store, cfg, w, art, n_parts, nb, per, stats, on_event, prof, mark, stop_after)


def _pipeline(
    client: Any, store: Store, cfg: AnalyzeConfig, w: str, art: list[str], n_parts: int, nb: int, per: int,
    stats: AnalyzeStats, on_event: Event, prof: dict[str, dict[str, float]], mark: Callable[..., None],
    stop_after: str | None = None,
) -> AnalyzeStats:
    from newstrace.engine import dask_stages as ds

    st = cfg.settings  # every task gets the stage settings; its digest includes those it uses
    t = time.time()
    fp = [r["digest"] for r in _run_stage(client, "fingerprint", ds.fingerprint_task, [(w, i, art[i], nb, st) for i in range(n_parts)], stats, on_event)]
    mark("fingerprint", t, "fp")
    t = time.time()
    co = [r["digest"] for r in _run_stage(client, "shuffle", ds.collide_task, [(w, j, fp, nb, st) for j in range(nb)], stats, on_event)]
    mark("shuffle", t, "pairs")
    t = time.time()
    sc = [r["digest"] for r in _run_stage(client, "candidates", ds.score_task, [(w, k, co, fp, per, st) for k in range(nb)], stats, on_event)]
    mark("candidates", t, "cand")
    if stop_after == "candidates":
        t = time.time()
        _import_candidates(store, Path(w), nb)
        mark("import", t)
        return stats
    t = time.time()
    ga = [r["digest"] for r in _run_stage(client, "join", ds.gather_task, [(w, i, art[i], sc, per) for i in range(n_parts)], stats, on_event)]
    mark("join", t, "texts")
    t = time.time()
    ve = [r["digest"] for r in _run_stage(client, "align", ds.verify_task, [(w, k, sc[k], ga, per, st) for k in range(nb)], stats, on_event)]
    mark("align", t, "edges")
    if cfg.spin or cfg.claims:
        t = time.time()
        # the list of known spins, as the local engine resolves it (and rechecks on change)
        known = resolve_known(store, cfg.spin_lexicon, cfg.spin_lexicon_drop) if cfg.spin else None
        _run_stage(client, "findings", ds.findings_task,
                   [(w, i, art[i], ve, cfg.spin, cfg.claims, known, st) for i in range(n_parts)], stats, on_event)
        mark("findings", t, "findings")
    t = time.time()
    _import(store, Path(w), nb, n_parts, cfg, on_event)
    mark("import", t)
    if cfg.stories:
        t = time.time()
        local = AnalyzeStats()
        stage_stories(store, local, cfg, on_event)
        stats.add("stories", local.counters.get("stories", 0))
        mark("stories", t)
    return stats


# -- import into the store --------------------------------------------------------------------------
def _import_candidates(store: Store, work: Path, nb: int) -> None:
    from newstrace.engine import dask_stages as ds
    from newstrace.store.reuse import save_candidates

    for k in range(nb):
        rows = ds.read_table(work / "cand" / ds.part_name("part", k) / "cand.parquet").to_pylist()
        with store.transaction():
            save_candidates(store, ((r["a_id"], r["b_id"], r["score"], json.loads(r["reasons"])) for r in rows))


def _import(store: Store, work: Path, nb: int, n_parts: int, cfg: AnalyzeConfig, on_event: Event) -> None:
    from newstrace.engine import dask_stages as ds
    from newstrace.store.articles import mark_done, pending_ids
    from newstrace.store.findings import save_figures, save_quotes, save_spin
    from newstrace.store.reuse import save_candidates, save_edge, set_candidate_status

    for k in range(nb):
        rows = ds.read_table(work / "edges" / ds.part_name("part", k) / "edges.parquet").to_pylist()
        with store.transaction():
            save_candidates(store, ((r["a_id"], r["b_id"], r["score"], json.loads(r["reasons"])) for r in rows))
            status = {
                (a, b): s for a, b, s in store.execute("SELECT a_id, b_id, status FROM candidate_pairs WHERE status = 'pending'")
            }
            for r in rows:
                if status.get((r["a_id"], r["b_id"])) != "pending":
                    continue  # imported before (a resumed run)
                if r["status"] == "linked":
                    save_edge(store, ds.edge_from_json(r["edge"]), json.loads(r["evidence"]))
                set_candidate_status(store, r["a_id"], r["b_id"], r["status"])
        on_event("import", k + 1, nb)
    if not (cfg.spin or cfg.claims):
        return
    todo_spin = set(pending_ids(store, "spin")) if cfg.spin else set()
    todo_claims = set(pending_ids(store, "claims")) if cfg.claims else set()
    for i in range(n_parts):
        rows = ds.read_table(work / "findings" / ds.part_name("part", i) / "findings.parquet").to_pylist()
        with store.transaction():
            for r in rows:
                aid = r["article_id"]
                if aid in todo_spin and r["spin_spans"] is not None:
                    save_spin(store, aid, r["spin_score"], r["spun"], ds.spin_findings_from_json(r["spin_spans"]))
                if aid in todo_claims and r["quotes"] is not None:
                    save_quotes(store, aid, ds.quotes_from_json(r["quotes"]))
                    save_figures(store, aid, ds.figures_from_json(r["figures"]))
            ids = [r["article_id"] for r in rows]
            if cfg.spin:
                mark_done(store, "spin", [a for a in ids if a in todo_spin])
            if cfg.claims:
                mark_done(store, "claims", [a for a in ids if a in todo_claims])
