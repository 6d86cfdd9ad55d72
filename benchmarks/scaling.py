"""How the cost of ``analyze`` grows with the corpus, local engine vs Dask engine.

    python benchmarks/scaling.py --sizes 2000,5000            # quick check
    python benchmarks/scaling.py --sizes 10000,30000,100000   # the issue's sizes (long: use nohup)
    python benchmarks/scaling.py --sizes 10000 --datasketch   # + candidates vs datasketch, same corpus

For each size it generates a corpus with ``benchmarks/corpus_gen.py`` (planted reuse of
every kind, gold pairs), loads it into a fresh store, and runs

- the local engine stage by stage (index, verify, spin, claims, stories), and
- the Dask engine (``LocalCluster``: 2 worker processes, 1 thread each) on a copy,

printing per stage: wall seconds, peak RSS of the whole process tree (this process plus
workers / pool children, sampled every 0.1 s), and disk (store + work dir). Then recall of
the planted pairs by kind (edges, and candidates), whether the two engines' ``export
--what pairs|stories`` are identical once sorted, and the growth of each figure relative
to the smallest size (the issue: 100k within 12x of 10k; 100k end to end < 30 min).

``--stages`` limits the stages (e.g. ``index,verify``): stages whose libraries have not
landed are skipped and said so.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

ANCHOR_GROWTH = 12.0  # 100k within 12x of 10k (issue #7)
ANCHOR_MINUTES = 30.0  # 100k end to end on 2 cores
# The pipeline is ingest -> fingerprints -> candidates -> alignment -> edges -> stories;
# spin and claims (the Dask engine's "findings") are extra stages, timed but shown apart.
OPTIONAL_STAGES = {"spin", "claims", "findings"}


class Sampler:
    """Peak RSS and CPU seconds of this process and all its descendants, sampled in a thread.

    CPU time is what the stage costs whatever else runs on the machine (wall time is only
    meaningful on an idle one): each process's last seen user+system time is summed, so a
    worker that ends loses at most one interval (0.1 s) of its time."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            with contextlib.suppress(Exception):  # a child that just ended
                total += p.memory_info().rss
                t = p.cpu_times()
                self._cpu[p.pid] = t.user + t.system
        return total

    def cpu(self) -> float:
        """CPU seconds of the process tree so far (call after ``_rss`` ran at least once)."""
        return sum(self._cpu.values())

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(self.interval)

    def __enter__(self) -> Sampler:
        self.peak = self._rss()
        self.cpu0 = self.cpu()
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self._rss()
        self.cpu_seconds = self.cpu() - self.cpu0


def _available(mod: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(mod), name)
    except ImportError:
        return False


def _disk(*paths: Path) -> int:
    from newstrace.engine.parquet_parts import dir_bytes

    total = 0
    for p in paths:
        if p.is_dir():
            total += dir_bytes(p)
        else:
            for suffix in ("", "-wal", "-shm"):
                q = Path(str(p) + suffix)
                if q.exists():
                    total += q.stat().st_size
    return total


def make_corpus(n: int, out: Path, seed: int = 1) -> tuple[Path, dict[tuple[str, str], str], dict[str, float]]:
    """corpus_gen output in ``out`` and a store holding it, ingested through the real ``ingest``
    path (JSONL reader, normalisation, ids, batches); returns (db, gold pairs by store id,
    the ingest stage's figures). Both engines start from a copy of this store: the Dask
    engine does not ingest (the CLI ingests into the store first), so the one ingest time is
    part of both engines' end-to-end totals."""
    import corpus_gen

    out.mkdir(parents=True, exist_ok=True)
    src = out / "articles.jsonl"
    if not src.exists():
        corpus_gen.main(["--n", str(n), "--out", str(out), "--seed", str(seed)])
    from newstrace.engine.ingest_stage import ingest_into_store
    from newstrace.store import open_store

    db = out / "articles.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with Sampler() as s, open_store(str(db)) as store:
        t0 = time.perf_counter()
        summary = ingest_into_store(store, [str(src)])
        dt = time.perf_counter() - t0
        if summary.stored != n:
            raise SystemExit(f"{src}: stored {summary.stored} of {n} articles ({summary.skips[:3]})")
        by_record = dict(store.execute("SELECT source_record, article_id FROM article_origins"))
    gold: dict[tuple[str, str], str] = {}
    for line in (out / "gold_pairs.jsonl").open(encoding="utf-8"):
        g = json.loads(line)
        a, b = by_record[g["a"]], by_record[g["b"]]
        gold[(min(a, b), max(a, b))] = g["kind"]
    return db, gold, {"seconds": dt, "cpu_s": s.cpu_seconds, "peak_mb": s.peak / 2**20, "disk_mb": _disk(db) / 2**20}


def run_local(db: Path, stages: list[str]) -> dict[str, dict[str, float]]:
    from newstrace.engine import local
    from newstrace.engine.config import AnalyzeConfig
    from newstrace.store import open_store

    cfg = AnalyzeConfig(spin="spin" in stages, claims="claims" in stages, stories="stories" in stages)
    fns = {"index": local.stage_index, "verify": local.stage_verify, "spin": local.stage_spin,
           "claims": local.stage_claims, "stories": local.stage_stories}
    out: dict[str, dict[str, float]] = {}
    stats = local.AnalyzeStats()
    with open_store(str(db)) as store:
        for name in stages:
            with Sampler() as s:
                t0 = time.perf_counter()
                fns[name](store, stats, cfg)
                dt = time.perf_counter() - t0
            out[name] = {"seconds": dt, "cpu_s": s.cpu_seconds, "peak_mb": s.peak / 2**20, "disk_mb": _disk(db) / 2**20}
    return out


def run_dask(db: Path, work: Path, stages: list[str]) -> dict[str, dict[str, float]]:
    from newstrace.engine.config import AnalyzeConfig
    from newstrace.engine.dask_config import DaskConfig
    from newstrace.engine.dask_engine import dask_client
    from newstrace.engine.dask_engine import run_dask as run
    from newstrace.store import open_store

    cfg = AnalyzeConfig(spin="spin" in stages, claims="claims" in stages, stories="stories" in stages)
    prof: dict[str, dict[str, float]] = {}
    peaks: list[tuple[float, int, float]] = []
    with Sampler() as s, dask_client(None, DaskConfig()) as client, open_store(str(db)) as store:
        # record (time, rss) so peaks can be split by stage afterwards
        stop = threading.Event()

        def trace() -> None:
            while not stop.is_set():
                peaks.append((time.time(), s._rss(), s.cpu()))
                time.sleep(0.1)

        tt = threading.Thread(target=trace, daemon=True)
        tt.start()
        until = None if "verify" in stages else "candidates"
        stats = run(store, cfg, client=client, workdir=work, profile=prof, stop_after=until)
        stop.set()
        print("\ndask counters: " + json.dumps(stats.counters, sort_keys=True))
        tt.join()
    out: dict[str, dict[str, float]] = {}
    for name, p in prof.items():
        in_stage = [(r, c) for t, r, c in peaks if p["start"] <= t <= p["end"] + 0.1]
        cpu = in_stage[-1][1] - in_stage[0][1] if len(in_stage) > 1 else 0.0
        out[name] = {"seconds": p["end"] - p["start"], "cpu_s": cpu,
                     "peak_mb": max((r for r, _c in in_stage), default=0) / 2**20, "disk_mb": p["disk"] / 2**20}
    out["(total disk)"] = {"seconds": 0.0, "cpu_s": 0.0, "peak_mb": 0.0, "disk_mb": _disk(db, work) / 2**20}
    return out


def verify_sample(db: Path, k: int) -> tuple[int, float]:
    """(pending candidates, seconds per pair) over ``k`` pending candidates, one process."""
    from newstrace.engine.local import verify_pair
    from newstrace.store import open_store
    from newstrace.store.articles import iter_articles
    from newstrace.store.reuse import pending_candidates

    with open_store(str(db), readonly=True) as store:
        pend = pending_candidates(store)
        step = max(1, len(pend) // max(k, 1))
        sample = pend[::step][:k]
        jobs = [(list(iter_articles(store, [a, b])), r) for a, b, r in sample]
    if jobs:  # first call loads the aligner's word lists: not timed
        verify_pair(jobs[0][0][0], jobs[0][0][1], jobs[0][1])
    t0 = time.perf_counter()
    for (x, y), r in jobs:
        verify_pair(x, y, r)
    return len(pend), (time.perf_counter() - t0) / max(len(jobs), 1)


def recall(db: Path, gold: dict[tuple[str, str], str]) -> dict[str, tuple[int, int, int]]:
    """kind -> (gold pairs, found as candidates, found as edges)."""
    from newstrace.store import open_store

    with open_store(str(db), readonly=True) as store:
        cands = {(a, b) for a, b in store.execute("SELECT a_id, b_id FROM candidate_pairs")}
        edges = {(min(a, b), max(a, b)) for a, b in store.execute("SELECT source_id, derived_id FROM reuse_edges")}
    tot: Counter[str] = Counter(gold.values())
    hc: Counter[str] = Counter()
    he: Counter[str] = Counter()
    for p, k in gold.items():
        hc[k] += p in cands
        he[k] += p in edges
    return {k: (tot[k], hc[k], he[k]) for k in sorted(tot)}


def exports(db: Path) -> dict[str, list[str]]:
    from newstrace.errors import StoreError
    from newstrace.store import open_store
    from newstrace.store.export import export_records

    out = {}
    with open_store(str(db), readonly=True) as store:
        for what in ("pairs", "stories"):
            try:
                out[what] = sorted(json.dumps(r, sort_keys=True) for r in export_records(store, what))
            except StoreError:
                out[what] = []
    return out


def candidates(db: Path) -> set[tuple[str, str, float, str]]:
    from newstrace.store import open_store

    with open_store(str(db), readonly=True) as store:
        return {tuple(r) for r in store.execute("SELECT a_id, b_id, score, reasons FROM candidate_pairs")}  # type: ignore[misc]


def print_stage_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(f"\n### {title}\n\n| stage | wall s | CPU s (tree) | peak RSS MB (tree) | disk MB |\n|---|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(f"| {name} | {r['seconds']:.1f} | {r.get('cpu_s', 0.0):.1f} | {r['peak_mb']:.0f} | {r['disk_mb']:.1f} |")
    total = sum(r["seconds"] for r in rows.values())
    cpu = sum(r.get("cpu_s", 0.0) for r in rows.values())
    core = [r for name, r in rows.items() if name not in OPTIONAL_STAGES]
    print(f"| issue #7 pipeline (all but {', '.join(sorted(OPTIONAL_STAGES & set(rows))) or 'nothing'}) "
          f"| {sum(r['seconds'] for r in core):.1f} | {sum(r.get('cpu_s', 0.0) for r in core):.1f} | | |")
    print(f"| **total** | **{total:.1f}** | {cpu:.1f} | {max(r['peak_mb'] for r in rows.values()):.0f} | |")
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[2]:.1f} (15 min):"
          " wall seconds are only meaningful near 2 or below on this 2-core machine; CPU seconds always are")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--stages", default="index,verify,spin,claims,stories")
    ap.add_argument("--engines", default="local,dask")
    ap.add_argument("--dir", default=None, help="where corpora, stores and work dirs go (kept)")
    ap.add_argument("--verify-sample", type=int, default=300,
                    help="without the verify stage: time this many candidate alignments and extrapolate")
    ap.add_argument("--datasketch", action="store_true", help="also candidates vs datasketch MinHashLSH (same corpus)")
    ap.add_argument("--numpy-huge-pages", action="store_true",
                    help="leave NumPy's huge pages on (`newstrace analyze` turns them off: newstrace.process_memory)")
    args = ap.parse_args()
    if not args.numpy_huge_pages:  # as `newstrace analyze` does before it starts (this process only)
        from newstrace.process_memory import avoid_huge_pages

        avoid_huge_pages()
    sizes = [int(x) for x in args.sizes.split(",")]
    wanted = [s for s in args.stages.split(",") if s]
    libs = {"spin": ("newstrace.spin", "detect_spin"), "claims": ("newstrace.claims", "extract_figures")}
    stages = [s for s in wanted if s not in libs or _available(*libs[s])]
    engines = args.engines.split(",")
    base = Path(args.dir or tempfile.mkdtemp(prefix="newstrace-scaling-"))
    print(f"# newstrace scaling: {os.cpu_count()} cores, stages {', '.join(stages)}")
    for s in wanted:
        if s not in stages:
            print(f"(stage {s} skipped: its library has not landed in this checkout)")
    totals: dict[str, dict[int, dict[str, float]]] = {e: {} for e in engines}
    for n in sizes:
        d = base / f"n{n}"
        db0, gold, ingest = make_corpus(n, d)
        print(f"\n## {n:,} articles ({len(gold):,} planted pairs; ingest {ingest['seconds']:.1f} s, shared by both engines)")
        results: dict[str, Path] = {}
        for eng in engines:
            db = d / f"{eng}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            shutil.copy(db0, db)
            work = d / f"{eng}.work"
            shutil.rmtree(work, ignore_errors=True)
            rows = {"ingest": ingest} | (run_local(db, stages) if eng == "local" else run_dask(db, work, stages))
            print_stage_table(f"{eng} engine", rows)
            totals[eng][n] = {
                "seconds": sum(r["seconds"] for r in rows.values()),
                "cpu_s": sum(r.get("cpu_s", 0.0) for r in rows.values()),
                "peak_mb": max(r["peak_mb"] for r in rows.values()),
                "disk_mb": _disk(db, work) / 2**20,
            }
            results[eng] = db
            if "verify" not in stages and args.verify_sample and eng == engines[0]:
                npend, spp = verify_sample(db, args.verify_sample)
                print(f"\nverify (not run; sampled {args.verify_sample} pairs): {spp * 1000:.1f} ms per pair on one core;"
                      f" {npend:,} candidates -> {npend * spp / 2 / 60:.1f} min on 2 cores (extrapolated)")
                totals[eng][n]["verify_extrapolated_s"] = npend * spp / 2
            print(f"\nrecall of planted pairs ({eng}):\n\n| kind | gold | candidates | edges |\n|---|---:|---:|---:|")
            for kind, (t, c, e) in recall(db, gold).items():
                print(f"| {kind} | {t} | {c / max(t, 1):.3f} | {e / max(t, 1):.3f} |")
        if len(results) == 2:
            ca, cb = candidates(results["local"]), candidates(results["dask"])
            same_c = "identical" if ca == cb else "DIFFERENT"
            print(f"\ncandidate pairs with scores and reasons: local {len(ca):,}, dask {len(cb):,}: {same_c}")
            a, b = exports(results["local"]), exports(results["dask"])
            for what in ("pairs", "stories"):
                same = "identical" if a[what] == b[what] else "DIFFERENT"
                print(f"\nexport --what {what}: local {len(a[what])} lines, dask {len(b[what])} lines: {same}")
        if args.datasketch:
            import candidates_vs_datasketch as cvd

            rows_c = [("newstrace (memory)", cvd.measure("gen", str(d), "newstrace", {}))]
            for ng, thr in ((3, 0.3), (1, 0.3)):
                rows_c.append((f"datasketch word-{ng}-gram t={thr}", cvd.measure("gen", str(d), "datasketch", {"ngram": ng, "threshold": thr})))
            cats = sorted(set(gold.values()))
            cvd.table(f"candidates vs datasketch, {n:,} generated articles", rows_c, cats, None)
            cvd.ratios(rows_c, cats)
    print("\n## growth (relative to the smallest size)\n")
    print("| engine | articles | wall s | x wall | CPU s | x CPU | x articles | peak MB | disk MB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for eng, by_n in totals.items():
        if not by_n:
            continue
        n0 = min(by_n)
        for n, r in sorted(by_n.items()):
            print(f"| {eng} | {n:,} | {r['seconds']:.0f} | {r['seconds'] / by_n[n0]['seconds']:.2f} | {r['cpu_s']:.0f} "
                  f"| {r['cpu_s'] / max(by_n[n0]['cpu_s'], 1e-9):.2f} | {n / n0:.1f} | {r['peak_mb']:.0f} | {r['disk_mb']:.0f} |")
    print(f"\nanchors: 100k within {ANCHOR_GROWTH:.0f}x of 10k; 100k end to end < {ANCHOR_MINUTES:.0f} min on 2 cores")


if __name__ == "__main__":
    main()
