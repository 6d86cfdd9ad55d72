"""Restoration accuracy on invented news spun by our own thesaurus spinner.

The six invented articles of ``tests/data/spin/invented_articles.txt`` are spun
(``newstrace.spin.spinner.spin_text``, rate 0.5, seeds 1..5 per article) and
restored by ``detect_spin`` with each kind of evidence:

- no source (lexical knowledge only),
- one / two sibling spins of the same original (other seeds),
- the original in the corpus, aligned by ``newstrace.spin.source.source_substitutions``
  (``newstrace.align.align_texts`` plus a word diff).

Word-level precision and recall of the restorations are reported, plus the
document verdicts on the spun texts and on the six originals (which must not
be called spun). No anchor exists for this set; it checks each evidence path.

    python benchmarks/spin_invented.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newstrace.spin import detect_spin  # noqa: E402
from newstrace.spin.source import source_substitutions  # noqa: E402
from newstrace.spin.spinner import score_restoration, spin_text  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "spin" / "invented_articles.txt"
SEEDS = (1, 2, 3, 4, 5)


def main() -> None:
    arts = [a.strip() for a in ARTICLES.read_text(encoding="utf-8").split("\n---\n") if a.strip()]
    try:
        from newstrace.align import align_texts
    except ImportError:  # pragma: no cover - align is part of the package
        align_texts = None  # type: ignore[assignment]
    modes = ["no source (lexical)", "1 sibling spin", "2 sibling spins"]
    if align_texts is not None:
        modes.append("original (align_texts + word diff)")
    totals = {m: [0.0, 0.0, 0.0, 0, 0] for m in modes}  # swaps, proposed, correct, spun, docs
    t0 = time.perf_counter()
    for ai, art in enumerate(arts):
        for seed in SEEDS:
            spun, swaps = spin_text(art, seed=seed + 10 * ai)
            sibs = [spin_text(art, seed=1000 + seed + 10 * ai + k)[0] for k in (1, 2)]
            for m in modes:
                kw: dict[str, object] = {}
                if m == "1 sibling spin":
                    kw["sibling_texts"] = sibs[:1]
                elif m == "2 sibling spins":
                    kw["sibling_texts"] = sibs
                elif m.startswith("original") and align_texts is not None:
                    kw["source_substitutions"] = source_substitutions(art, spun)
                rep = detect_spin(spun, article_id=f"a{ai}s{seed}", **kw)  # type: ignore[arg-type]
                sc = score_restoration(
                    spun, swaps, [(f.start, f.end, f.original_text) for f in rep.spans]
                )
                t = totals[m]
                t[0] += sc["swaps"]
                t[1] += sc["proposed"]
                t[2] += sc["correct"]
                t[3] += int(rep.spun)
                t[4] += 1
    clean_spun = sum(detect_spin(a).spun for a in arts)
    clean_spans = sum(len(detect_spin(a).spans) for a in arts)
    header = f"{'evidence':32} {'swaps':>6} {'proposed':>8} {'precision':>9} {'recall':>7} {'called spun':>11}"
    print(f"{len(arts)} invented articles x {len(SEEDS)} spins (rate 0.5)")
    print(header)
    print("-" * len(header))
    for m, (sw, pr, co, sp, n) in totals.items():
        prec = co / pr if pr else 1.0
        print(f"{m:32} {sw:6.0f} {pr:8.0f} {prec:9.1%} {co / sw:7.1%} {sp:5d}/{n:<5d}")
    print(f"originals called spun: {clean_spun}/{len(arts)}, spans on originals: {clean_spans}")
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
