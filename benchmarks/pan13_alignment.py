"""PAN 2013 text alignment (training corpus): plagdet per obfuscation category, speed, memory.

    python benchmarks/pan13_alignment.py [--limit N] [--sample K] [--processes 2] [--dump FILE]

Reads ``../shared/data/pan13-train`` (pairs ``suspicious-documentX.txt
source-documentY.txt`` per category folder, gold passages in one XML per
pair). Each pair is aligned with A = source document, B = suspicious document,
in ``--processes`` worker processes; every passage becomes a detection.

Measures, implemented here from Potthast, Stein, Barrón-Cedeño & Rosso,
"An Evaluation Framework for Plagiarism Detection" (COLING 2010): cases and
detections are sets of characters in the suspicious *and* the source document;
a detection detects a case when they overlap in both documents;

* macro recall = mean over cases of |case ∩ (union of detections detecting it)| / |case|;
* macro precision = mean over detections of |det ∩ (union of cases it detects)| / |det|;
* granularity = mean over detected cases of the number of detections detecting it;
* plagdet = F1 / log2(1 + granularity).

"overall" pools every case and detection of the five folders (detections in
01-no-plagiarism count against precision). For 01 we print the number of
false detections. ``--limit N`` takes the first N pairs of each folder,
``--sample K`` every K-th pair (quick runs). Anchors (Sanchez-Perez, Sidorov &
Gelbukh 2014, same training corpus) are printed beside our figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _data import shared_data_dir  # noqa: E402

CATEGORIES = [
    "01-no-plagiarism",
    "02-no-obfuscation",
    "03-random-obfuscation",
    "04-translation-obfuscation",
    "05-summary-obfuscation",
]
ANCHOR = {
    "02-no-obfuscation": 0.894,
    "03-random-obfuscation": 0.889,
    "04-translation-obfuscation": 0.884,
    "05-summary-obfuscation": 0.577,
    "overall": 0.877,
}
ANCHOR_PAIRS_PER_S = 21.0


@dataclass(frozen=True)
class Ann:
    """A case or a detection: [s_off, s_off+s_len) in the suspicious doc, [r_off, ...) in the source."""

    pair: str
    s_off: int
    s_len: int
    r_off: int
    r_len: int


def load_category(root: Path, cat: str) -> tuple[list[tuple[str, str]], list[Ann]]:
    pairs: list[tuple[str, str]] = []
    cases: list[Ann] = []
    for line in (root / cat / "pairs").read_text().split("\n"):
        if not line.strip():
            continue
        susp, src = line.split()
        pairs.append((susp, src))
    return pairs, cases


def load_gold(root: Path, cat: str, pairs: list[tuple[str, str]]) -> list[Ann]:
    cases: list[Ann] = []
    for susp, src in pairs:
        key = f"{susp[:-4]}-{src[:-4]}"
        tree = ET.parse(root / cat / f"{key}.xml")
        for f in tree.getroot().iter("feature"):
            if f.get("name") != "plagiarism":
                continue
            cases.append(
                Ann(
                    key,
                    int(f.get("this_offset", 0)),
                    int(f.get("this_length", 0)),
                    int(f.get("source_offset", 0)),
                    int(f.get("source_length", 0)),
                )
            )
    return cases


_ROOT: Path | None = None
_ALIGNER = None


def _init(root: str, overrides: list[str]) -> None:
    global _ROOT, _ALIGNER
    from newstrace.align import AlignConfig, Aligner
    from newstrace.config import build_config, parse_overrides

    _ROOT = Path(root)
    cfg = build_config(AlignConfig, parse_overrides(overrides).get("align", {}), where="align")
    _ALIGNER = Aligner(cfg)


def _read(p: Path) -> str:
    with open(p, encoding="utf-8", newline="") as fh:
        return fh.read()


def _align(
    pair: tuple[str, str],
) -> tuple[str, list[tuple[int, int, int, int]], str, float, list[tuple[str, float]]]:
    assert _ROOT is not None and _ALIGNER is not None
    susp, src = pair
    a = _read(_ROOT / "src" / src)
    b = _read(_ROOT / "susp" / susp)
    c0 = time.process_time()
    res = _ALIGNER.align(a, b)
    cpu = time.process_time() - c0
    key = f"{susp[:-4]}-{src[:-4]}"
    dets = [(p.b_start, p.b_end - p.b_start, p.a_start, p.a_end - p.a_start) for p in res.passages]
    kinds = [(p.kind, round(float(p.similarity), 4)) for p in res.passages]
    return key, dets, res.relation, cpu, kinds


def _union_len(iv: list[tuple[int, int]]) -> int:
    total = 0
    cur0 = cur1 = -1
    for s, e in sorted(iv):
        if s >= cur1:
            total += max(0, cur1 - cur0)
            cur0, cur1 = s, e
        else:
            cur1 = max(cur1, e)
    total += max(0, cur1 - cur0)
    return total


def _overlaps(x: Ann, y: Ann) -> bool:
    return (
        x.pair == y.pair
        and x.s_off < y.s_off + y.s_len
        and y.s_off < x.s_off + x.s_len
        and x.r_off < y.r_off + y.r_len
        and y.r_off < x.r_off + x.r_len
    )


def _covered(target: Ann, others: list[Ann]) -> int:
    """Characters of ``target`` (both documents) covered by the ``others`` that overlap it."""
    s_iv = []
    r_iv = []
    for o in others:
        s_iv.append(
            (max(target.s_off, o.s_off), min(target.s_off + target.s_len, o.s_off + o.s_len))
        )
        r_iv.append(
            (max(target.r_off, o.r_off), min(target.r_off + target.r_len, o.r_off + o.r_len))
        )
    return _union_len(s_iv) + _union_len(r_iv)


def measures(cases: list[Ann], dets: list[Ann]) -> dict[str, float]:
    by_pair_d: dict[str, list[Ann]] = defaultdict(list)
    by_pair_c: dict[str, list[Ann]] = defaultdict(list)
    for d in dets:
        by_pair_d[d.pair].append(d)
    for c in cases:
        by_pair_c[c.pair].append(c)
    rec_sum = 0.0
    gran_sum = 0
    detected = 0
    for c in cases:
        ds = [d for d in by_pair_d.get(c.pair, []) if _overlaps(c, d)]
        if ds:
            rec_sum += _covered(c, ds) / (c.s_len + c.r_len)
            gran_sum += len(ds)
            detected += 1
    prec_sum = 0.0
    for d in dets:
        cs = [c for c in by_pair_c.get(d.pair, []) if _overlaps(c, d)]
        if cs:
            prec_sum += _covered(d, cs) / (d.s_len + d.r_len)
    rec = rec_sum / len(cases) if cases else float("nan")
    prec = prec_sum / len(dets) if dets else (1.0 if cases else float("nan"))
    gran = gran_sum / detected if detected else 1.0
    f1 = 2 * prec * rec / (prec + rec) if cases and prec + rec > 0 else 0.0
    plagdet = f1 / math.log2(1 + gran) if cases else float("nan")
    return {
        "precision": prec,
        "recall": rec,
        "granularity": gran,
        "plagdet": plagdet,
        "cases": len(cases),
        "detections": len(dets),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="first N pairs of each folder")
    ap.add_argument(
        "--only", default="", help="comma-separated folder prefixes to run (e.g. 03,05)"
    )
    ap.add_argument("--sample", type=int, default=1, help="every K-th pair of each folder")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="align.KEY=VALUE",
        help="override an AlignConfig threshold (repeatable)",
    )
    ap.add_argument("--dump", type=Path, default=None, help="write detections as JSON lines")
    args = ap.parse_args()
    root = args.data or shared_data_dir() / "pan13-train"

    all_pairs: list[tuple[str, tuple[str, str]]] = []
    gold: dict[str, list[Ann]] = {}
    cats = [c for c in CATEGORIES if not args.only or c[:2] in args.only.split(",")]
    for cat in cats:
        pairs, _ = load_category(root, cat)
        pairs = pairs[:: max(1, args.sample)]
        if args.limit:
            pairs = pairs[: args.limit]
        gold[cat] = load_gold(root, cat, pairs)
        all_pairs.extend((cat, p) for p in pairs)
    # Align in suspicious-document order: neighbours share documents (the prepared-text cache).
    order = sorted(all_pairs, key=lambda cp: cp[1])
    t0 = time.perf_counter()
    with Pool(args.processes, initializer=_init, initargs=(str(root), args.set)) as pool:
        results = pool.map(_align, [p for _, p in order], chunksize=8)
    elapsed = time.perf_counter() - t0
    cat_of = {f"{s[:-4]}-{r[:-4]}": c for c, (s, r) in all_pairs}
    dets: dict[str, list[Ann]] = defaultdict(list)
    relations: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, ds, rel, _, _ in results:
        cat = cat_of[key]
        relations[cat][rel] += 1
        for s_off, s_len, r_off, r_len in ds:
            dets[cat].append(Ann(key, s_off, s_len, r_off, r_len))
    if args.dump:
        with args.dump.open("w") as fh:
            for key, ds, rel, cpu, kinds in results:
                row = {"pair": key, "cat": cat_of[key], "relation": rel, "detections": ds}
                row.update(cpu=round(cpu, 5), kinds=kinds)
                fh.write(json.dumps(row) + "\n")

    print(f"PAN 2013 text alignment, training corpus ({root})")
    print(
        f"{'category':<28}{'pairs':>6}{'cases':>6}{'dets':>6}{'prec':>8}{'rec':>8}{'gran':>8}{'plagdet':>9}{'anchor':>8}"
    )
    all_cases: list[Ann] = []
    all_dets: list[Ann] = []
    for cat in cats:
        n_pairs = sum(1 for c, _ in all_pairs if c == cat)
        all_cases += gold[cat]
        all_dets += dets[cat]
        m = measures(gold[cat], dets[cat])
        if cat == "01-no-plagiarism":
            print(
                f"{cat:<28}{n_pairs:>6}{0:>6}{len(dets[cat]):>6}   false detections: {len(dets[cat])}"
                f" in {sum(1 for d in {d.pair for d in dets[cat]})} pairs"
            )
            continue
        anchor = ANCHOR.get(cat)
        print(
            f"{cat:<28}{n_pairs:>6}{m['cases']:>6}{m['detections']:>6}{m['precision']:>8.3f}{m['recall']:>8.3f}"
            f"{m['granularity']:>8.3f}{m['plagdet']:>9.3f}{anchor if anchor else '':>8}"
        )
    m = measures(all_cases, all_dets)
    print(
        f"{'overall':<28}{len(all_pairs):>6}{m['cases']:>6}{m['detections']:>6}{m['precision']:>8.3f}{m['recall']:>8.3f}"
        f"{m['granularity']:>8.3f}{m['plagdet']:>9.3f}{ANCHOR['overall']:>8}"
    )
    print()
    rate = len(all_pairs) / elapsed if elapsed > 0 else float("inf")
    print(
        f"alignment: {len(all_pairs)} pairs in {elapsed:.1f} s with {args.processes} processes = "
        f"{rate:.1f} pairs/s (anchor: PAN 2014 winner's Python code ~{ANCHOR_PAIRS_PER_S:.0f} pairs/s; "
        f"ratio {rate / ANCHOR_PAIRS_PER_S:.1f}x)"
    )
    cpu = sum(r[3] for r in results)
    cpu_rate = len(all_pairs) / cpu * args.processes if cpu > 0 else float("inf")
    per_cpu_s = len(all_pairs) / cpu if cpu > 0 else float("inf")
    print(
        f"alignment CPU time: {cpu:.1f} s = {per_cpu_s:.1f} pairs per CPU-second = "
        f"{cpu_rate:.1f} pairs/s for {args.processes} busy cores "
        f"(what an otherwise idle machine gives; ratio {cpu_rate / ANCHOR_PAIRS_PER_S:.1f}x the "
        f"anchor; load average now {os.getloadavg()[0]:.1f})"
    )
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak memory: parent {self_kb / 1024:.0f} MB, largest worker {child_kb / 1024:.0f} MB")
    print()
    print("relations reported per folder:")
    for cat in cats:
        rel = relations[cat]
        print(
            f"  {cat:<28}"
            + ", ".join(f"{k} {v}" for k, v in sorted(rel.items(), key=lambda kv: -kv[1]))
        )


if __name__ == "__main__":
    main()
