"""Ingest throughput: articles/s and MB/s per input format, with peak memory.

Generates a corpus of invented articles (default 55,000: 20,000 text files, 30,000
JSONL records in 3 files, 5,000 HTML pages) in a temporary directory, then times
``newstrace.ingest.read_paths`` on each format, and (when ``newstrace.store`` is
present) ``engine.ingest_stage.ingest_into_store`` into a fresh SQLite store. Each
measurement runs in its own subprocess so the peak RSS (``ru_maxrss``) is that
phase's own. Language detection is on (the default), as in a real ingest.

    python benchmarks/ingest_throughput.py [--text N] [--jsonl N] [--html N] [--no-store]

Not collected by pytest. The issue sets no anchor figure for ingest speed; the
"peer" column is a plain-Python floor for the same bytes (read + decode + json.loads
for JSONL, read + decode for text, trafilatura alone for HTML), so the table shows
what our metadata/id/credit/language work costs on top.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

_WORDS = (  # noqa: SIM905 (a word list reads better as prose)
    "the port city officials said blast fuel depot minister council river flood emergency "
    "residents police report government budget inquiry union workers harbour night morning "
    "ship tanker quay warehouse damage families hospital injured killed evacuated rain water "
    "road bridge village mayor spokesman statement investigation valve pipeline safety audit "
    "election parliament opposition vote market prices energy imports exports bank rate "
    "school library museum team match season coach players league final goal stadium"
).split()
_NAMES = ["Ana Ruiz", "Tom Beck", "Jonas Reel", "Dana Voss", "Ilse Marten", "Pavel Ostrow", "Mira Kestel"]
_PLACES = ["PORT ALDER", "BRENNICK", "ORSK", "VELMAR", "TARN", "LAKESIDE"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def make_article(rng: random.Random, i: int) -> dict[str, str]:
    place = rng.choice(_PLACES)
    y, m, d = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
    paras = [
        f"{place}, Veldania, {_MONTHS[m - 1]} {d}, {y} (Meridian Press) \u2014 "
        + " ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + "."
    ]
    for _ in range(rng.randint(4, 9)):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(25, 60)))
        n = rng.randint(2, 5000)
        if rng.random() < 0.5:
            paras.append(f'"{words.capitalize()}," said {rng.choice(_NAMES)}, adding that {n} people were affected.')
        else:
            paras.append(f"{words.capitalize()}, with at least {n} cases and ${rng.randint(1, 99)}.{rng.randint(1, 9)} million.")
    if rng.random() < 0.3:
        paras.append("With information from Reuters and AFP agencies.")
    return {
        "id": f"gen-{i}",
        "title": " ".join(rng.choice(_WORDS) for _ in range(8)).capitalize(),
        "date": f"{y:04d}-{m:02d}-{d:02d}",
        "url": f"https://outlet{i % 50}.example/news/{y}/{i}",
        "source": f"Outlet {i % 50}",
        "text": "\n\n".join(paras),
    }


def generate(root: Path, n_text: int, n_jsonl: int, n_html: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    i = 0
    tdir = root / "text"
    for k in range(n_text):
        sub = tdir / f"{k // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        a = make_article(rng, i)
        i += 1
        (sub / f"a{k:06d}.txt").write_text(
            f"Title: {a['title']}\nDate: {a['date']}\nSource: {a['source']}\nURL: {a['url']}\n\n{a['text']}\n",
            encoding="utf-8",
        )
    jdir = root / "jsonl"
    jdir.mkdir(parents=True, exist_ok=True)
    per_file = max(1, -(-n_jsonl // 3))
    for f in range(3):
        with (jdir / f"feed{f}.jsonl").open("w", encoding="utf-8") as fh:
            for _ in range(min(per_file, n_jsonl - f * per_file)):
                fh.write(json.dumps(make_article(rng, i)) + "\n")
                i += 1
    hdir = root / "html"
    for k in range(n_html):
        sub = hdir / f"{k // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        a = make_article(rng, i)
        i += 1
        body = "".join(f"<p>{p}</p>\n" for p in a["text"].split("\n\n"))
        (sub / f"p{k:06d}.html").write_text(
            f'<!DOCTYPE html><html><head><title>{a["title"]} | {a["source"]}</title>'
            f'<link rel="canonical" href="{a["url"]}"><meta property="og:site_name" content="{a["source"]}">'
            f'<meta property="article:published_time" content="{a["date"]}"></head><body>'
            f'<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>'
            f'<article><h1>{a["title"]}</h1>{body}</article>'
            f"<footer>Copyright {a['source']}. All rights reserved.</footer></body></html>",
            encoding="utf-8",
        )


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def phase(kind: str, path: str, db: str | None) -> dict[str, float]:
    """Run one measurement in this process; prints JSON (called in a subprocess)."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    n = skipped = 0
    if kind == "read":
        from newstrace.ingest import Skipped, read_paths

        for item in read_paths([path]):
            if isinstance(item, Skipped):
                skipped += 1
            else:
                n += 1
    elif kind == "store":
        from newstrace.engine.ingest_stage import ingest_into_store
        from newstrace.store.db import Store

        store = Store(db or os.path.join(tempfile.mkdtemp(), "bench.db"))
        summary = ingest_into_store(store, [path])
        n, skipped = summary.stored, summary.skipped
    elif kind == "floor":
        from newstrace.ingest.detect import split_ext

        for f in sorted(Path(path).rglob("*")):
            if not f.is_file():
                continue
            ext = split_ext(str(f))[0]
            if ext == ".jsonl":
                with f.open("rb") as fh:
                    for line in fh:
                        json.loads(line.decode("utf-8"))
                        n += 1
            elif ext == ".html":
                from trafilatura import bare_extraction

                bare_extraction(f.read_bytes().decode("utf-8"), with_metadata=True)
                n += 1
            else:
                f.read_bytes().decode("utf-8")
                n += 1
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    return {"n": n, "skipped": skipped, "secs": secs, "cpu": cpu, "peak_mb": peak_kb / 1024}


def run_phase(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", kind, "--path", str(path)],
        check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=20_000)
    ap.add_argument("--jsonl", type=int, default=30_000)
    ap.add_argument("--html", type=int, default=5_000)
    ap.add_argument("--no-store", action="store_true")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.path, None)))
        return
    try:
        import newstrace.store.db  # noqa: F401

        with_store = not args.no_store
    except ImportError:
        with_store = False
    with tempfile.TemporaryDirectory(prefix="newstrace-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        generate(root, args.text, args.jsonl, args.html)
        total = args.text + args.jsonl + args.html
        print(f"generated {total:,} articles ({_size(root) / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s "
              f"on {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        load = os.getloadavg()[0]
        print(f"load average at start: {load:.1f} (rates by wall clock AND by CPU time of the phase:\n"
              "on a shared machine the CPU-time rate is the one that says what the code costs)\n")
        header = (f"{'format':<7}{'stage':<22}{'articles':>9}{'wall s':>8}{'art/s':>8}{'MB/s':>7}"
                  f"{'cpu s':>8}{'art/cpu-s':>10}{'MB/cpu-s':>9}{'peak MB':>8}")
        print(header)
        print("-" * len(header))
        for fmt in ("text", "jsonl", "html"):
            path = root / fmt
            mb = _size(path) / 1e6
            stages = [("floor (decode/parse)", "floor"), ("read_paths", "read")]
            if with_store:
                stages.append(("read_paths + store", "store"))
            for label, kind in stages:
                r = run_phase(kind, path)
                rate = r["n"] / r["secs"] if r["secs"] else 0.0
                crate = r["n"] / r["cpu"] if r["cpu"] else 0.0
                print(f"{fmt:<7}{label:<22}{int(r['n']):>9,}{r['secs']:>8.1f}{rate:>8,.0f}{mb / r['secs']:>7.1f}"
                      f"{r['cpu']:>8.1f}{crate:>10,.0f}{mb / r['cpu']:>9.1f}{r['peak_mb']:>8.0f}", flush=True)
        print("\nfloor = the same bytes read and decoded (json.loads for JSONL, trafilatura alone for HTML):")
        print("the gap to read_paths is metadata, dates, credits, language detection and ids.")


if __name__ == "__main__":
    main()
