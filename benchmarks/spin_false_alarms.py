"""False alarms of spin detection on real, unspun news: reported spun spans per 1,000 words.

Data (read from ../shared/data, never copied): BASIL articles (body paragraphs),
ECB+ documents, Gender Gap Tracker quote-evaluation articles. No source and no
siblings are given, so only the lexical detector can fire: the worst case for
false alarms. Also reports how many articles get any span and how many are
called spun, and ("held back") the lexical suspects found but not reported
because their article as a whole did not look spun.

Thresholds were calibrated on MSRP training sentences, not on these sets.
Target: < 0.3 spans per 1,000 words.

    python benchmarks/spin_false_alarms.py [--limit N] [--show] [--lexicon FILE]

``--lexicon FILE`` runs detection with a user's list of known spins, as ``newstrace
spin --lexicon FILE`` does (its listed phrases are also found verbatim): e.g. ``../shared/data/tortured-phrases/pairs.jsonl``, whose 6,942
phrases come from scientific papers, to see how often a list collected elsewhere fires
on news.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _data import shared_data_dir  # noqa: E402
from newstrace.spin import detect_spin  # noqa: E402


def _basil(d: Path) -> Iterator[tuple[str, str]]:
    for f in sorted(glob.glob(str(d / "basil" / "articles" / "*" / "*.json"))):
        rec = json.loads(Path(f).read_text(encoding="utf-8"))
        paras = rec.get("body-paragraphs") or []
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        if text.strip():
            yield Path(f).stem, text


def _jsonl(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text", "").strip():
                yield str(rec.get("id")), rec["text"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="articles per set (0 = all)")
    ap.add_argument("--show", action="store_true", help="print every reported span")
    ap.add_argument("--lexicon", help="a list of known spins (newstrace spin --lexicon)")
    args = ap.parse_args()
    known = None
    if args.lexicon:
        from newstrace.spin.lexicon_file import read_lexicon

        lex_file = read_lexicon(args.lexicon)
        known = lex_file.known
        print(f"lexicon: {lex_file.pairs} pairs from {args.lexicon} ({lex_file.skipped} skipped)")
    d = shared_data_dir()
    sets = {
        "basil": _basil(d),
        "ecbplus": _jsonl(d / "ecbplus" / "docs.jsonl"),
        "ggt-quotes": _jsonl(d / "ggt-quotes" / "articles.jsonl"),
    }
    header = (
        f"{'set':12} {'articles':>8} {'words':>9} {'spans':>6} {'per 1k words':>12} "
        f"{'held back/1k':>12} {'docs w/ span':>12} {'called spun':>11} {'s':>6}"
    )
    print(header)
    print("-" * len(header))
    tot_w = tot_s = 0
    for name, docs in sets.items():
        n = words = spans = with_span = spun = held = 0
        t0 = time.perf_counter()
        for doc_id, text in docs:
            if args.limit and n >= args.limit:
                break
            rep = detect_spin(text, article_id=doc_id, known_spins=known)
            n += 1
            words += rep.words
            spans += len(rep.spans)
            held += rep.stats.get("lexical_held_back", 0)
            with_span += bool(rep.spans)
            spun += rep.spun
            if args.show:
                for f in rep.spans:
                    print(
                        f"  {name}/{doc_id}: {f.spun_text!r} -> {f.original_text!r} ({f.confidence})"
                    )
        dt = time.perf_counter() - t0
        tot_w += words
        tot_s += spans
        print(
            f"{name:12} {n:8d} {words:9d} {spans:6d} {1000 * spans / max(1, words):12.3f} "
            f"{1000 * held / max(1, words):12.3f} {with_span:12d} {spun:11d} {dt:6.1f}"
        )
    print("-" * len(header))
    print(f"{'all':12} {'':8} {tot_w:9d} {tot_s:6d} {1000 * tot_s / max(1, tot_w):12.3f}")
    print("target: < 0.3 spun spans per 1,000 words of unspun news")


if __name__ == "__main__":
    main()
