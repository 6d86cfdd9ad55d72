"""Candidate generation: newstrace.index vs datasketch MinHashLSH (and rensa), in one run.

    python benchmarks/candidates_vs_datasketch.py                 # PAN 2013 + generated 100k
    python benchmarks/candidates_vs_datasketch.py --gen-n 10000 --no-pan

Corpora: (a) every PAN 2013 training document (``src/`` and ``susp/``, read via
``_data.py``); gold = the pairs of ``02-``..``05-*/pairs`` (recall per category),
``01-no-plagiarism`` pairs are reported as proposed negatives; (b) a generated
news corpus (``corpus_gen.py``, seed 1) with its planted pairs (recall per kind).

Every method runs in its own fresh process, one after the other, over the same
texts in the same order, and is timed from raw text to candidate pairs in CPU
seconds of its process (the machine is shared, so wall time is printed too but
is not used for the ratios; all methods are single-threaded): the same lowercase ``\\w+`` regex
tokenisation is inside every timing. Peak memory = the process's peak RSS
minus its RSS after loading the texts. datasketch gets xxhash (xxh32) as its
hash function (RESOURCES.md: 2.4x faster than its default), 128 permutations,
and its own recall-leaning optimiser weights (false negatives weighted 0.9).
For each corpus the speed ratio is taken against the datasketch setting with the
best recall. The anchors of issue #3 are printed beside the figures.
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
    return out


def _shingles(tokens: list[str], n: int) -> set[str]:
    if n == 1:
        return set(tokens)
    return {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def run_datasketch(docs: list[tuple[str, str]], opts: dict[str, Any]) -> set[tuple[str, str]]:
    import xxhash
    from datasketch import MinHash, MinHashLSH

    def hf(b: bytes) -> int:
        return xxhash.xxh32_intdigest(b)

    n, thr = opts["ngram"], opts["threshold"]
    lsh = MinHashLSH(threshold=thr, num_perm=128, weights=(0.1, 0.9))
    out: set[tuple[str, str]] = set()
    for i, (did, text) in enumerate(docs):
        sh = _shingles(_TOKEN.findall(text.lower()), n)
        m = MinHash(num_perm=128, hashfunc=hf)
        m.update_batch([s.encode("utf-8") for s in sh])
        for j in lsh.query(m):
            other = docs[j][0]
            out.add((min(did, other), max(did, other)))
        lsh.insert(i, m)
    return out


def run_rensa(docs: list[tuple[str, str]], opts: dict[str, Any]) -> set[tuple[str, str]]:
    from rensa import RMinHash, RMinHashLSH

    n, thr = opts["ngram"], opts["threshold"]
    lsh = RMinHashLSH(threshold=thr, num_perm=128, num_bands=opts.get("bands", 32))
    out: set[tuple[str, str]] = set()
    for i, (did, text) in enumerate(docs):
        m = RMinHash(num_perm=128, seed=42)
        m.update(list(_shingles(_TOKEN.findall(text.lower()), n)))
        for j in lsh.query(m):
            other = docs[j][0]
            out.add((min(did, other), max(did, other)))
        lsh.insert(i, m)
    return out


METHODS = {"newstrace": run_newstrace, "datasketch": run_datasketch, "rensa": run_rensa}


def _child(corpus: str, gen_dir: str, method: str, opts: dict[str, Any], q: Any) -> None:
    docs, gold = load_pan() if corpus == "pan" else load_generated(Path(gen_dir))
    base = _rss_kb("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    pairs = METHODS[method](docs, opts)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _rss_kb("VmHWM") - base
    hit = Counter(k for p, k in gold.items() if p in pairs)
    tot = Counter(gold.values())
    q.put(
        {
            "seconds": cpu,
            "wall": dt,
            "docs": len(docs),
            "pairs": len(pairs),
            "peak_mb": peak / 1024,
            "hit": dict(hit),
            "tot": dict(tot),
            "stats": opts.get("stats"),
        }
    )


def measure(corpus: str, gen_dir: str, method: str, opts: dict[str, Any]) -> dict[str, Any]:
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
    head += [f"recall {c}" for c in cats] + ["recall all"]
    if neg:
        head.append(f"proposed {neg}")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, r in rows:
        tot = sum(r["tot"].get(c, 0) for c in cats)
        hit = sum(r["hit"].get(c, 0) for c in cats)
        cells = [
            name,
            f"{r['docs'] / r['seconds']:,.0f}",
            f"{r['seconds']:.1f}",
            f"{r['wall']:.1f}",
            f"{r['pairs']:,}",
            f"{r['pairs'] / r['docs']:.2f}",
            f"{r['peak_mb']:,.0f}",
        ]
        cells += [f"{r['hit'].get(c, 0) / max(1, r['tot'].get(c, 0)):.3f}" for c in cats]
        cells.append(f"{hit / max(1, tot):.3f}")
        if neg:
            cells.append(f"{r['hit'].get(neg, 0)} / {r['tot'].get(neg, 0)}")
        print("| " + " | ".join(cells) + " |")


def ratios(rows: list[tuple[str, dict[str, Any]]], cats: list[str]) -> None:
    ours = rows[0][1]

    def rec(r: dict[str, Any]) -> float:
        return sum(r["hit"].get(c, 0) for c in cats) / max(1, sum(r["tot"].get(c, 0) for c in cats))

    others = rows[1:]
    best_name, best = max(others, key=lambda nr: (rec(nr[1]), -nr[1]["seconds"]))
    print(
        f"\nspeed ratio vs the best-recall peer ({best_name}, recall {rec(best):.3f}): "
        f"{best['seconds'] / ours['seconds']:.1f}x at recall {rec(ours):.3f} "
        f"(target: >= 5x at equal or better recall)"
    )
    for name, r in others:
        print(f"  vs {name}: {r['seconds'] / ours['seconds']:.1f}x (its recall {rec(r):.3f})")


def _configs(spec: str) -> list[tuple[int, float]]:
    out = []
    for item in spec.split(","):
        if item.strip():
            n, thr = item.split(":")
            out.append((int(n), float(thr)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-pan", action="store_true")
    ap.add_argument("--gen-n", type=int, default=100_000, help="0 to skip the generated corpus")
    ap.add_argument("--gen-dir", default=None, help="corpus_gen.py output (generated when missing)")
    ap.add_argument("--sqlite", action="store_true", help="also time the SQLite backend")
    ap.add_argument("--no-rensa", action="store_true")
    # Peer settings as "NGRAM:THRESHOLD,...". Low thresholds on word sets are the peers' best
    # recall on PAN (whose reuse is a passage inside long documents); on the generated corpus
    # at 100k, thresholds below 0.5 propose hundreds of pairs per article (quadratic: 434 per
    # article at t=0.2 on 10k already), so they are run at --gen-n 10000 only.
    ap.add_argument("--pan-ds", default="3:0.05,1:0.1,1:0.05")
    ap.add_argument("--pan-rensa", default="1:0.1")
    ap.add_argument("--gen-ds", default="3:0.5")
    ap.add_argument("--gen-rensa", default="3:0.5")
    args = ap.parse_args()
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / "newstrace-bench"
    tmp.mkdir(parents=True, exist_ok=True)
    print(
        "# Candidate generation: newstrace.index vs datasketch MinHashLSH"
        + ("" if args.no_rensa else " / rensa")
    )
    print(
        f"\nmachine: {os.cpu_count()} cores; every method in its own process, sequentially; "
        "tokenisation (lowercase \\w+ regex) inside every timing"
    )

    if not args.no_pan:
        rows: list[tuple[str, dict[str, Any]]] = []
        rows.append(("newstrace (memory)", measure("pan", "", "newstrace", {})))
        if args.sqlite:
            rows.append(
                (
                    "newstrace (SQLite)",
                    measure("pan", "", "newstrace", {"sqlite": True, "tmp": str(tmp)}),
                )
            )
        for n, thr in _configs(args.pan_ds):
            rows.append(
                (
                    f"datasketch word-{n}-gram t={thr}",
                    measure("pan", "", "datasketch", {"ngram": n, "threshold": thr}),
                )
            )
        for n, thr in [] if args.no_rensa else _configs(args.pan_rensa):
            rows.append(
                (
                    f"rensa word-{n}-gram t={thr}",
                    measure("pan", "", "rensa", {"ngram": n, "threshold": thr}),
                )
            )
        cats = [
            "02-no-obfuscation",
            "03-random-obfuscation",
            "04-translation-obfuscation",
            "05-summary-obfuscation",
        ]
        table("PAN 2013 training corpus, all documents (5,057)", rows, cats, "01-no-plagiarism")
        if args.sqlite:
            rows = [r for r in rows if "SQLite" not in r[0]]
        ratios(rows, cats)
        print(f"newstrace stats: {rows[0][1]['stats']}")

    if args.gen_n:
        gen_dir = Path(args.gen_dir) if args.gen_dir else tmp / f"gen-{args.gen_n}-seed1"
        if not (gen_dir / "articles.jsonl").exists():
            import corpus_gen

            corpus_gen.main(["--n", str(args.gen_n), "--out", str(gen_dir), "--seed", "1"])
        rows = [("newstrace (memory)", measure("gen", str(gen_dir), "newstrace", {}))]
        if args.sqlite:
            rows.append(
                (
                    "newstrace (SQLite)",
                    measure("gen", str(gen_dir), "newstrace", {"sqlite": True, "tmp": str(tmp)}),
                )
            )
        for n, thr in _configs(args.gen_ds):
            rows.append(
                (
                    f"datasketch word-{n}-gram t={thr}",
                    measure("gen", str(gen_dir), "datasketch", {"ngram": n, "threshold": thr}),
                )
            )
        for n, thr in [] if args.no_rensa else _configs(args.gen_rensa):
            rows.append(
                (
                    f"rensa word-{n}-gram t={thr}",
                    measure("gen", str(gen_dir), "rensa", {"ngram": n, "threshold": thr}),
                )
            )
        cats = ["verbatim", "near_duplicate", "partial", "spun", "paraphrase"]
        table(
            f"generated news corpus, {args.gen_n:,} articles (corpus_gen.py --seed 1)",
            rows,
            cats,
            None,
        )
        if args.sqlite:
            rows = [r for r in rows if "SQLite" not in r[0]]
        ratios(rows, cats)
        print(f"newstrace stats: {rows[0][1]['stats']}")


if __name__ == "__main__":
    main()
