"""Candidate generation: newstrace.index vs datasketch MinHashLSH (and rensa), in one run.

    python benchmarks/candidates_vs_datasketch.py                 # PAN 2013 + generated 100k
    python benchmarks/candidates_vs_datasketch.py --gen-n 10000 --no-pan
    python benchmarks/candidates_vs_datasketch.py --no-pan --gen-n 100000 --repeat 1

Corpora: (a) every PAN 2013 training document (``src/`` and ``susp/``, read via
``_data.py``); gold = the pairs of ``02-``..``05-*/pairs`` (recall per category),
``01-no-plagiarism`` pairs are reported as proposed negatives; (b) a generated
news corpus (``corpus_gen.py``, seed 1) with its planted pairs (recall per kind).

Every method runs in its own fresh process, one after the other, over the same
texts in the same order, and is timed from raw text to candidate pairs in CPU
seconds of its process (the machine is shared, so wall time is printed too but
is not used for the ratios; all methods are single-threaded): tokenisation is inside
every timing (the peers: the lowercase ``\\w+`` regex; newstrace: its own
tokeniser, ``newstrace.index.tokens``), and so is newstrace's loading of its word
lists (wordfreq).

newstrace runs its compiled kernels (``newstrace.index.fast``): the Cython ones when
built (``pip install`` compiles them where a C compiler is), else numba's (the ``fast``
extra), else its numpy code. By default (``--kernels all``) it is timed on every path
that loads here, each in its own fresh processes (``cython``, ``numba``, ``numpy``, in
that order, chosen with ``NEWSTRACE_NO_CKERNELS`` / ``NEWSTRACE_NO_NUMBA``); every row
says which path it ran (the child reports ``fast.backend_name()``) and its digest of
the candidate pair set, and the output says whether all paths found identical pairs.
The speed ratio to the peers is taken for the first row (the default path). The
Cython kernels cost a process ~1 ms to load; numba's row includes numba's own start-up
(~0.75 CPU-s: its typing and target registries, and scipy.linalg, which numba imports
to look for BLAS); numba's one-time compilation (~15 CPU-s, on first use after
installing or changing the kernels) falls in the first run only, so the best of
``--repeat`` runs leaves it out: run with ``--repeat`` >= 2, or once beforehand.

newstrace's own modules are byte-compiled before the timings (``compileall``): the
peers are installed packages whose ``.pyc`` files exist, while a source checkout run
with ``PYTHONDONTWRITEBYTECODE=1`` (as on the shared machine) would otherwise compile
newstrace's modules from source in every timed process (0.03 CPU-s on PAN).

Output: newstrace's ``Candidate`` objects, gathered as a set of id pairs; the peers append each pair to an ``array`` as one int (8 bytes a pair, so
100M pairs of a low threshold fit in memory; each is found once, when its later
document queries). Peak memory = the process's peak RSS
minus its RSS after loading the texts. datasketch gets xxhash (xxh32) as its
hash function (RESOURCES.md: 2.4x faster than its default), 128 permutations,
and its own recall-leaning optimiser weights (false negatives weighted 0.9).

Each method's process first turns NumPy's huge-page requests off, as ``newstrace
analyze`` does (``newstrace.process_memory``; NumPy is then imported before the timing,
for every method alike): on this VM, faulting huge pages swung newstrace's CPU time by
up to 60% from run to run; datasketch's arrays are too small for huge pages.
``--numpy-huge-pages`` leaves them on.

CPU time is the fastest of ``--repeat`` runs (default 3) of each method and setting,
each in a fresh process: on a shared machine other work only ever adds time.

The peer's setting is chosen honestly, per corpus: its settings are tried per
shingle size from the highest LSH threshold down, stopping at the first that
reaches newstrace's recall of the gold pairs (lower thresholds only cost more);
the speed ratio is taken against the cheapest setting (CPU seconds) that reaches
our recall, or, when none does, against the best-recall one, and the table says
so. The anchors of issues #3 and #7 are printed beside the figures.
"""

from __future__ import annotations

import argparse
import glob
import json
import multiprocessing as mp
import os
import re
import sys
import time
from array import array
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

_TOKEN = re.compile(r"\w+")


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def load_pan() -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    from _data import shared_data_dir

    d = shared_data_dir() / "pan13-train"
    docs = []
    for sub in ("src", "susp"):
        for f in sorted(os.listdir(d / sub)):
            docs.append((f, (d / sub / f).read_text(encoding="utf-8")))
    gold: dict[tuple[str, str], str] = {}
    for cat in sorted(glob.glob(str(d / "0*"))):
        name = os.path.basename(cat)
        for line in Path(cat, "pairs").read_text(encoding="utf-8").splitlines():
            a, b = line.split()
            gold[(min(a, b), max(a, b))] = name
    return docs, gold


def load_generated(directory: Path) -> tuple[list[tuple[str, str]], dict[tuple[str, str], str]]:
    docs = []
    with (directory / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            docs.append((a["id"], a["text"]))
    gold = {}
    with (directory / "gold_pairs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            gold[(min(g["a"], g["b"]), max(g["a"], g["b"]))] = g["kind"]
    return docs, gold


# --- methods: each returns the set of candidate pairs -----------------------------------


def run_newstrace(docs: list[tuple[str, str]], opts: dict[str, Any]) -> set[tuple[str, str]]:
    from newstrace.index import CandidateIndex, MemoryBackend, SQLiteBackend
    from newstrace.types import Article

    if opts.get("sqlite"):
        import sqlite3

        from newstrace.store.schema import MIGRATIONS

        path = os.path.join(opts["tmp"], "index.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")  # as newstrace.store opens it
        conn.execute("PRAGMA synchronous = NORMAL")
        for _, sql in MIGRATIONS:
            conn.executescript(sql)
        backend: Any = SQLiteBackend(conn)
    else:
        backend = MemoryBackend()
    idx = CandidateIndex(backend)
    arts = [Article(i, t) for i, t in docs]
    out: set[tuple[str, str]] = set()
    for i in range(0, len(arts), 10_000):  # batches, as `analyze` would feed them
        out.update((c.a_id, c.b_id) for c in idx.add_and_query(arts[i : i + 10_000]))
        if opts.get("sqlite"):
            backend.conn.commit()  # the caller commits each batch, as `analyze` does
    opts["stats"] = {k: v for k, v in idx.stats.as_dict().items() if k != "by_reason"}
    from newstrace.index import fast

    opts["stats"]["kernels"] = fast.backend_name()  # which code path ran: cython, numba or numpy
    return out


def _shingles(tokens: list[str], n: int) -> set[str]:
    if n == 1:
        return set(tokens)
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def run_datasketch(docs: list[tuple[str, str]], opts: dict[str, Any]) -> array:
    import xxhash
    from datasketch import MinHash, MinHashLSH

    def hf(b: bytes) -> int:
        return xxhash.xxh32_intdigest(b)

    n, thr, perm = opts["ngram"], opts["threshold"], opts.get("perm", 128)
    lsh = MinHashLSH(threshold=thr, num_perm=perm, weights=(0.1, 0.9))
    out = array("q")  # pair codes (earlier doc << 32 | later doc): 8 bytes a pair
    add = out.append
    for i, (_, text) in enumerate(docs):
        sh = _shingles(_TOKEN.findall(text.lower()), n)
        m = MinHash(num_perm=perm, hashfunc=hf)
        m.update_batch([s.encode("utf-8") for s in sh])
        for j in lsh.query(m):  # each pair is found once: when its later document queries
            add(j << 32 | i)
        lsh.insert(i, m)
    return out


def run_rensa(docs: list[tuple[str, str]], opts: dict[str, Any]) -> array:
    from rensa import RMinHash, RMinHashLSH

    n, thr, perm = opts["ngram"], opts["threshold"], opts.get("perm", 128)
    # rensa takes the band count, not a threshold: pick the (bands, rows) of ``perm``
    # permutations whose LSH threshold (1/b)^(1/r) is nearest to the asked one (128
    # permutations: 0.1 -> 64x2, 0.5 -> 32x4)
    choices = [b for b in (128, 64, 32, 16, 8, 4) if b <= perm and perm % b == 0]
    bands = min(choices, key=lambda b: abs((1 / b) ** (b / perm) - thr))
    lsh = RMinHashLSH(threshold=thr, num_perm=perm, num_bands=bands)
    out = array("q")
    add = out.append
    for i, (_, text) in enumerate(docs):
        m = RMinHash(num_perm=perm, seed=42)
        m.update(list(_shingles(_TOKEN.findall(text.lower()), n)))
        for j in lsh.query(m):
            add(j << 32 | i)
        lsh.insert(i, m)
    return out


def _hits(
    docs: list[tuple[str, str]], gold: dict[tuple[str, str], str], found: set[tuple[str, str]] | array
) -> tuple[int, Counter[str]]:
    """Number of distinct candidate pairs and gold pairs found per category. ``found``:
    id pairs (newstrace) or pair codes ``i << 32 | j`` of document positions (peers)."""
    if isinstance(found, set):
        return len(found), Counter(k for p, k in gold.items() if p in found)
    import numpy as np

    codes = np.unique(np.frombuffer(found, dtype=np.int64))
    pos = {d: i for i, (d, _) in enumerate(docs)}
    gcodes = np.array([min(pos[a], pos[b]) << 32 | max(pos[a], pos[b]) for a, b in gold], dtype=np.int64)
    # codes are sorted and unique: a binary search per gold pair (np.isin would sort all
    # the codes again, minutes for the 131M pairs of a low threshold at 100k)
    at = np.minimum(np.searchsorted(codes, gcodes), max(codes.size - 1, 0))
    inside = codes[at] == gcodes if codes.size else np.zeros(gcodes.size, dtype=bool)
    return int(codes.size), Counter(k for k, ok in zip(gold.values(), inside.tolist(), strict=True) if ok)


METHODS: dict[str, Any] = {"newstrace": run_newstrace, "datasketch": run_datasketch, "rensa": run_rensa}


# A peer's process may use at most this much address space (``--peer-mem-gb``): low LSH
# thresholds on 100k articles propose hundreds of millions of pairs, and the machine is
# shared. A setting that hits the cap is reported as failed, not run to an OOM kill.
PEER_MEM_GB = 12.0


def _child(corpus: str, gen_dir: str, method: str, opts: dict[str, Any], q: Any) -> None:
    path = opts.get("path")  # the index's code path (newstrace.index.fast): cython, numba, numpy
    if path in ("numba", "numpy"):
        os.environ["NEWSTRACE_NO_CKERNELS"] = "1"
    if path == "numpy":
        os.environ["NEWSTRACE_NO_NUMBA"] = "1"
    docs, gold = load_pan() if corpus == "pan" else load_generated(Path(gen_dir))
    cap = float(opts.get("mem_gb", PEER_MEM_GB))
    if method != "newstrace" and cap > 0:
        import resource

        limit = int(cap * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # both methods' processes turn NumPy's huge pages off, as ``newstrace analyze`` does:
    # newstrace's CPU time is then steady (PAN, 8 interleaved runs: median 0.82 -> 0.69 s)
    if not os.environ.get("NEWSTRACE_BENCH_HUGE_PAGES"):
        from newstrace.process_memory import avoid_huge_pages

        avoid_huge_pages()
    base = _rss_kb("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        found = METHODS[method](docs, opts)
    except MemoryError:
        found = None
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _rss_kb("VmHWM") - base  # before counting hits (their sort is the harness's)
    if found is not None:
        try:
            n_pairs, hit = _hits(docs, gold, found)
        except MemoryError:  # the pair codes fit, their sort did not
            found = None
    if found is None:
        q.put(
            {
                "seconds": float("inf"), "wall": dt, "docs": len(docs), "pairs": 0,
                "peak_mb": peak / 1024, "hit": {}, "tot": dict(Counter(gold.values())),
                "stats": None, "failed": f"out of memory after {cpu:.0f} CPU s (cap {cap:g} GB)",
            }
        )
        return
    tot = Counter(gold.values())
    q.put(
        {
            "seconds": cpu,
            "wall": dt,
            "docs": len(docs),
            "pairs": n_pairs,
            "peak_mb": peak / 1024,
            "hit": dict(hit),
            "tot": dict(tot),
            "stats": opts.get("stats"),
            # the candidate pairs themselves, as a digest: every code path's row must agree
            "digest": _digest(found) if isinstance(found, set) else None,
        }
    )


def _digest(found: set[tuple[str, str]]) -> str:
    import hashlib

    return hashlib.sha1("\n".join(f"{a}\t{b}" for a, b in sorted(found)).encode()).hexdigest()[:16]


REPEAT = 3  # set from --repeat


def measure(corpus: str, gen_dir: str, method: str, opts: dict[str, Any]) -> dict[str, Any]:
    """Run ``method`` ``REPEAT`` times, each in a fresh process, and keep the run with
    the least CPU time (as ``timeit`` does: on a shared machine, other processes only
    ever add time). The CPU seconds of every run are kept in ``runs``."""
    results = []
    for _ in range(max(1, REPEAT)):
        results.append(_measure_once(corpus, gen_dir, method, {**opts, "mem_gb": PEER_MEM_GB}))
        if results[-1].get("failed"):
            return results[-1]
    best = min(results, key=lambda r: r["seconds"])
    best["runs"] = [r["seconds"] for r in results]
    return best


def _measure_once(corpus: str, gen_dir: str, method: str, opts: dict[str, Any]) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(corpus, gen_dir, method, opts, q))
    p.start()
    while True:
        try:
            res = q.get(timeout=5)
            break
        except Exception:
            if not p.is_alive():
                raise SystemExit(f"{method} {opts} failed (exit code {p.exitcode})") from None
    p.join()
    return dict(res)


def table(
    title: str, rows: list[tuple[str, dict[str, Any]]], cats: list[str], neg: str | None
) -> None:
    print(f"\n## {title}\n")
    head = ["method", "docs/s (CPU)", "CPU s", "wall s", "candidates", "cand/doc", "peak MB"]
    head += [f"recall {c}" for c in cats] + ["recall all", "pairs digest"]
    if neg:
        head.append(f"proposed {neg}")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, r in rows:
        if r.get("failed"):
            print(f"| {name} | failed: {r['failed']} |" + " |" * (len(head) - 2))
            continue
        tot = sum(r["tot"].get(c, 0) for c in cats)
        hit = sum(r["hit"].get(c, 0) for c in cats)
        cells = [
            name,
            f"{r['docs'] / r['seconds']:,.0f}",
            f"{r['seconds']:.2f}",
            f"{r['wall']:.2f}",
            f"{r['pairs']:,}",
            f"{r['pairs'] / r['docs']:.2f}",
            f"{r['peak_mb']:,.0f}",
        ]
        cells += [f"{r['hit'].get(c, 0) / max(1, r['tot'].get(c, 0)):.3f}" for c in cats]
        cells.append(f"{hit / max(1, tot):.3f}")
        cells.append(r.get("digest") or "-")
        if neg:
            cells.append(f"{r['hit'].get(neg, 0)} / {r['tot'].get(neg, 0)}")
        print("| " + " | ".join(cells) + " |")


def recall(r: dict[str, Any], cats: list[str]) -> float:
    return sum(r["hit"].get(c, 0) for c in cats) / max(1, sum(r["tot"].get(c, 0) for c in cats))


def ratios(rows: list[tuple[str, dict[str, Any]]], cats: list[str]) -> tuple[str, dict[str, Any]] | None:
    """Print the speed ratios; return the peer row the headline ratio is taken against."""
    ours = rows[0][1]
    mine = recall(ours, cats)
    peers = [(n, r) for n, r in rows[1:] if "newstrace" not in n and not r.get("failed")]
    if not peers:
        print("\nno peer setting ran: no speed ratio")
        return None
    reach = [(n, r) for n, r in peers if recall(r, cats) >= mine]
    if reach:
        name, peer = min(reach, key=lambda nr: nr[1]["seconds"])
        what = f"the cheapest peer setting that reaches our recall ({name}, recall {recall(peer, cats):.3f})"
    else:
        name, peer = max(peers, key=lambda nr: (recall(nr[1], cats), -nr[1]["seconds"]))
        what = f"NO peer setting tried reaches our recall; best-recall one ({name}, recall {recall(peer, cats):.3f})"
    print(
        f"\nspeed ratio vs {what}: {peer['seconds'] / ours['seconds']:.1f}x, our recall {mine:.3f} "
        f"(target: >= 5x at equal or better recall)"
    )
    for n, r in peers:
        print(f"  vs {n}: {r['seconds'] / ours['seconds']:.1f}x (its recall {recall(r, cats):.3f})")
    for n, r in rows[1:]:
        if "newstrace" in n and not r.get("failed"):
            print(f"  {n}: {peer['seconds'] / r['seconds']:.1f}x {name} ({r['seconds']:.2f} CPU-s)")
    return name, peer


def interleaved(corpus: str, gen_dir: str, ours: dict[str, Any], name: str, peer: dict[str, Any], n: int) -> None:
    """The headline ratio again from ``n`` alternating runs of newstrace and the peer setting,
    each in a fresh process: on a shared machine (a VM here, whose CPU time for the same work
    varies by up to ~40% from run to run) slow spells then hit both sides alike, where
    ``--repeat``'s runs of one method come one after the other."""
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(n):
        mine.append(_measure_once(corpus, gen_dir, "newstrace", {**ours["opts"], "mem_gb": PEER_MEM_GB})["seconds"])
        theirs.append(_measure_once(corpus, gen_dir, peer["method"], {**peer["opts"], "mem_gb": PEER_MEM_GB})["seconds"])
    import statistics

    print(f"\ninterleaved, {n} runs each: newstrace CPU s {[round(x, 2) for x in mine]}; {name} "
          f"{[round(x, 2) for x in theirs]}")
    print(f"  ratio of the fastest runs {min(theirs) / min(mine):.2f}x, of the medians "
          f"{statistics.median(theirs) / statistics.median(mine):.2f}x (target: >= 5x)")


def sweep(
    corpus: str, gen_dir: str, method: str, specs: list[tuple[int, float, int]], cats: list[str], target: float
) -> list[tuple[str, dict[str, Any]]]:
    """Run the peer's settings; per (shingle size, permutations), from the highest threshold
    down, stop once one reaches ``target`` recall (a lower threshold only proposes more pairs)."""
    out: list[tuple[str, dict[str, Any]]] = []
    reached: set[tuple[int, int]] = set()
    for n, thr, perm in sorted(specs, key=lambda s: (s[0], -s[2], -s[1])):
        if (n, perm) in reached:
            continue
        r = measure(corpus, gen_dir, method, {"ngram": n, "threshold": thr, "perm": perm})
        r["method"], r["opts"] = method, {"ngram": n, "threshold": thr, "perm": perm}
        name = f"{method} word-{n}-gram t={thr}" + (f" perm={perm}" if perm != 128 else "")
        out.append((name, r))
        if r.get("failed"):
            print(f"  ({name}: failed, {r['failed']})", flush=True)
            continue
        runs = ", ".join(f"{x:.1f}" for x in r["runs"])
        print(f"  ({name}: recall {recall(r, cats):.3f}, CPU s of each run: {runs})", flush=True)
        if recall(r, cats) >= target:
            reached.add((n, perm))
    return out


def newstrace_rows(corpus: str, gen_dir: str, kernels: str) -> list[tuple[str, dict[str, Any]]]:
    """newstrace's row(s): its default path (``auto``: Cython kernels when built, else
    numba's, else numpy), one given path, or (``all``) every path that loads here, each
    with its digest of the candidate pairs and whether they all agree."""
    first = measure(corpus, gen_dir, "newstrace", {"path": None if kernels in ("auto", "all") else kernels})
    first["method"], first["opts"] = "newstrace", {"path": None if kernels in ("auto", "all") else kernels}
    path = (first.get("stats") or {}).get("kernels", "?")
    rows = [(f"newstrace (memory, {path})", first)]
    print(f"  (newstrace index kernels: {path}; CPU s of each run: {first.get('runs')}; "
          f"pairs digest {first.get('digest')})", flush=True)
    if kernels != "all":
        return rows
    import importlib.util

    others = {"cython": ["numba", "numpy"], "numba": ["numpy"]}.get(path, [])
    if "numba" in others and importlib.util.find_spec("numba") is None:
        others.remove("numba")
    for other in others:
        r = measure(corpus, gen_dir, "newstrace", {"path": other})
        got = (r.get("stats") or {}).get("kernels", "?")
        rows.append((f"newstrace (memory, {got})", r))
        same = r.get("digest") == first.get("digest") and r["pairs"] == first["pairs"]
        print(
            f"  (newstrace {got}: CPU s of each run {r.get('runs')}; pairs digest {r.get('digest')}; "
            f"{path} / {got} CPU {first['seconds'] / r['seconds']:.2f}; identical candidates: "
            f"{'yes' if same else 'NO'})",
            flush=True,
        )
    return rows


def _configs(spec: str) -> list[tuple[int, float, int]]:
    """``n:threshold[:permutations]`` items, comma-separated (128 permutations by default:
    datasketch's own default; fewer make each signature cheaper and the LSH coarser)."""
    out = []
    for item in spec.split(","):
        if item.strip():
            n, thr, *perm = item.split(":")
            out.append((int(n), float(thr), int(perm[0]) if perm else 128))
    return out


def main() -> None:
    global REPEAT, PEER_MEM_GB
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-pan", action="store_true")
    ap.add_argument("--gen-n", type=int, default=100_000, help="0 to skip the generated corpus")
    ap.add_argument("--gen-dir", default=None, help="corpus_gen.py output (generated when missing)")
    ap.add_argument("--sqlite", action="store_true", help="also time the SQLite backend")
    ap.add_argument("--no-rensa", action="store_true")
    ap.add_argument(
        "--kernels", choices=("auto", "cython", "numba", "numpy", "all"), default="all",
        help="newstrace's code path: its default (auto: Cython kernels when built, else numba, "
        "else numpy), one of them, or every one that loads here side by side (default; the "
        "ratio to the peers uses the first, the default path)",
    )
    # Peer settings as "NGRAM:THRESHOLD,...", swept per n-gram size from the highest
    # threshold down until one reaches our recall (see ``sweep``). Low thresholds on word
    # sets are the peers' best recall on PAN (whose reuse is a passage inside long
    # documents); on the generated corpus at 100k, thresholds below 0.4 propose hundreds of
    # pairs per article (quadratic: 434 per article at t=0.2 on 10k already; GBs of pairs),
    # so the default sweep goes lower only at --gen-n <= 20000.
    # fewer permutations (64, 32, 16) as well: a cheaper signature might reach our recall
    ap.add_argument(
        "--pan-ds",
        default="1:0.3,1:0.2,1:0.17,1:0.15,1:0.1,1:0.05,3:0.1,3:0.05,1:0.2:64,1:0.15:64,1:0.2:32,1:0.15:32,1:0.2:16",
    )
    ap.add_argument("--pan-rensa", default="1:0.15,1:0.1")
    ap.add_argument("--gen-ds", default=None, help="default: 3:0.5,3:0.4 (and 3:0.3 ... 3:0.1 at <= 20k)")
    ap.add_argument("--gen-rensa", default=None, help="default: as --gen-ds")
    ap.add_argument(
        "--peer-mem-gb", type=float, default=PEER_MEM_GB,
        help="address-space cap of a peer's process; a setting that exceeds it is reported as failed (0: none)",
    )
    ap.add_argument(
        "--interleave", type=int, default=0,
        help="PAN: then time newstrace and the headline peer setting this many times each, alternating",
    )
    ap.add_argument(
        "--repeat", type=int, default=3,
        help="runs per method and setting, the fastest kept (default 3; 1 for the 100k corpus saves an hour)",
    )
    ap.add_argument(
        "--numpy-huge-pages", action="store_true",
        help="leave NumPy's huge pages on in every method's process (`newstrace analyze` "
        "turns them off: newstrace.process_memory)",
    )
    args = ap.parse_args()
    if args.numpy_huge_pages:
        os.environ["NEWSTRACE_BENCH_HUGE_PAGES"] = "1"  # read by each method's spawned process
    REPEAT = args.repeat
    PEER_MEM_GB = args.peer_mem_gb
    import compileall

    # newstrace's modules byte-compiled once, outside every timing (see the docstring)
    compileall.compile_dir(str(HERE.parent / "src" / "newstrace"), quiet=1)
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "newstrace-bench"
    tmp.mkdir(parents=True, exist_ok=True)
    print(
        "# Candidate generation: newstrace.index vs datasketch MinHashLSH"
        + ("" if args.no_rensa else " / rensa")
    )
    print(
        f"\nmachine: {os.cpu_count()} cores; every method in its own process, sequentially; "
        "tokenisation inside every timing (peers: lowercase \\w+ regex; newstrace: its own tokeniser, "
        "Cython or numba kernels, or numpy); "
        f"CPU time: the fastest of {args.repeat} runs of each"
    )

    if not args.no_pan:
        rows: list[tuple[str, dict[str, Any]]] = []
        rows += newstrace_rows("pan", "", args.kernels)
        if args.sqlite:
            rows.append(
                (
                    "newstrace (SQLite)",
                    measure("pan", "", "newstrace", {"sqlite": True, "tmp": str(tmp)}),
                )
            )
        cats = [
            "02-no-obfuscation",
            "03-random-obfuscation",
            "04-translation-obfuscation",
            "05-summary-obfuscation",
        ]
        target = recall(rows[0][1], cats)
        rows += sweep("pan", "", "datasketch", _configs(args.pan_ds), cats, target)
        if not args.no_rensa:
            rows += sweep("pan", "", "rensa", _configs(args.pan_rensa), cats, target)
        table("PAN 2013 training corpus, all documents (5,057)", rows, cats, "01-no-plagiarism")
        rows = [r for r in rows if "SQLite" not in r[0]]
        headline = ratios(rows, cats)
        if headline is not None and args.interleave > 0:
            interleaved("pan", "", rows[0][1], headline[0], headline[1], args.interleave)
        print(f"newstrace CPU s of each run: {rows[0][1]['runs']}; stats: {rows[0][1]['stats']}")
        print(
            "anchor (before per-article selection, 2026-11-23): newstrace 1,024 docs/s, recall "
            "0.740, 4.6 candidates/doc; datasketch 1-gram t=0.05 231 docs/s recall 0.995"
        )

    if args.gen_n:
        gen_dir = Path(args.gen_dir) if args.gen_dir else tmp / f"gen-{args.gen_n}-seed1"
        if not (gen_dir / "articles.jsonl").exists():
            import corpus_gen

            corpus_gen.main(["--n", str(args.gen_n), "--out", str(gen_dir), "--seed", "1"])
        rows = newstrace_rows("gen", str(gen_dir), args.kernels)
        if args.sqlite:
            rows.append(
                (
                    "newstrace (SQLite)",
                    measure("gen", str(gen_dir), "newstrace", {"sqlite": True, "tmp": str(tmp)}),
                )
            )
        cats = ["verbatim", "near_duplicate", "partial", "spun", "paraphrase"]
        target = recall(rows[0][1], cats)
        gen_ds = args.gen_ds or (
            "3:0.5,3:0.4,3:0.3,3:0.2,3:0.1" if args.gen_n <= 20_000 else "3:0.5,3:0.4"
        )
        rows += sweep("gen", str(gen_dir), "datasketch", _configs(gen_ds), cats, target)
        if not args.no_rensa:
            rows += sweep("gen", str(gen_dir), "rensa", _configs(args.gen_rensa or gen_ds), cats, target)
        table(
            f"generated news corpus, {args.gen_n:,} articles (corpus_gen.py --seed 1)",
            rows,
            cats,
            None,
        )
        rows = [r for r in rows if "SQLite" not in r[0]]
        ratios(rows, cats)
        print(f"newstrace CPU s of each run: {rows[0][1]['runs']}; stats: {rows[0][1]['stats']}")
        print(
            "anchor (before per-article selection, 100k): recall 1.000 at 1.19M pairs (~12 per "
            "article), 0.8x datasketch 3-gram t=0.5 (recall 0.775); issue #7 budget: <= ~1.5 "
            "candidates per article at recall >= 0.99"
        )


if __name__ == "__main__":
    main()
