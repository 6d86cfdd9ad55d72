"""Word substitutions read off an aligned source: PAN 2013 ``03-random-obfuscation`` pairs.

For each pair (A = source document, B = suspicious document) the source
evidence of ``detect_spin`` is computed from
``newstrace.spin.source.source_substitutions`` (``newstrace.align.align_texts``
plus a word diff), with the lexical detector off, so only substitutions are
scored.

PAN gives gold *passages*, not gold word swaps, so the reference swaps are
derived: inside each gold passage pair a word-level diff (RapidFuzz Levenshtein
opcodes on lowercased tokens) gives one-to-one replaced words; those that are
WordNet or Moby synonyms are the reference synonym swaps (random obfuscation
also shuffles, inserts and deletes words, so the diff's other replacements are
mostly noise). Measures:

- location precision: reported spans lying inside a gold suspicious passage;
- synonym-swap precision / recall: reported synonym spans (confidence >= 0.9)
  whose offsets and original equal a reference swap, over reported synonym
  spans / over reference swaps.

No published anchor exists for this measure (PAN scores passages: see
``benchmarks/pan13_alignment.py``).

    python benchmarks/spin_pan_substitutions.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _data import shared_data_dir  # noqa: E402
from newstrace.spin import detect_spin  # noqa: E402
from newstrace.spin.lexical import tokenize  # noqa: E402
from newstrace.spin.source import source_substitutions  # noqa: E402
from newstrace.text import wordnet  # noqa: E402

CAT = "03-random-obfuscation"


def _read(p: Path) -> str:
    with open(p, encoding="utf-8", newline="") as fh:
        return fh.read()


def reference_swaps(a: str, b: str, a_off: int, b_off: int) -> set[tuple[int, int, str]]:
    """(b_start, b_end, original) of synonym swaps in a word diff of a gold passage pair."""
    from rapidfuzz.distance import Levenshtein

    ta, tb = tokenize(a), tokenize(b)
    wa = [t[2].lower() for t in ta]
    wb = [t[2].lower() for t in tb]
    out: set[tuple[int, int, str]] = set()
    for op in Levenshtein.opcodes(wa, wb):
        if op.tag != "replace":
            continue
        for k in range(min(op.src_end - op.src_start, op.dest_end - op.dest_start)):
            x, y = ta[op.src_start + k], tb[op.dest_start + k]
            if wordnet.are_synonyms(x[2].lower(), y[2].lower()):
                out.add((b_off + y[0], b_off + y[1], x[2].lower()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200, help="pairs to score (0 = all 1,000)")
    args = ap.parse_args()
    root = shared_data_dir() / "pan13-train"
    pairs = [ln.split() for ln in (root / CAT / "pairs").read_text().splitlines() if ln.strip()]
    if args.limit:
        pairs = pairs[: args.limit]
    ref_n = rep_n = rep_in = syn_n = syn_ok = ref_found = 0
    t0 = time.perf_counter()
    for susp, src in pairs:
        a = _read(root / "src" / src)
        b = _read(root / "susp" / susp)
        xml = root / CAT / f"{susp[:-4]}-{src[:-4]}.xml"
        gold: list[tuple[int, int]] = []
        ref: set[tuple[int, int, str]] = set()
        for feat in ET.parse(xml).getroot().iter("feature"):
            if feat.get("name") != "plagiarism":
                continue
            so, sl = int(feat.get("source_offset", 0)), int(feat.get("source_length", 0))
            to, tl = int(feat.get("this_offset", 0)), int(feat.get("this_length", 0))
            gold.append((to, to + tl))
            ref |= reference_swaps(a[so : so + sl], b[to : to + tl], so, to)
        rep = detect_spin(
            b, article_id=susp, source_substitutions=source_substitutions(a, b), lexical=False
        )
        ref_n += len(ref)
        rep_n += len(rep.spans)
        rep_in += sum(1 for f in rep.spans if any(s <= f.start and f.end <= e for s, e in gold))
        syn = [f for f in rep.spans if f.confidence >= 0.9]
        syn_n += len(syn)
        got = {(f.start, f.end, f.original_text.lower()) for f in syn}
        syn_ok += len(got & ref)
        ref_found += len(ref & got)
    dt = time.perf_counter() - t0
    print(f"PAN 2013 {CAT}: {len(pairs)} pairs, {dt:.0f} s ({len(pairs) / dt:.1f} pairs/s)")
    print(f"{'measure':44} {'value':>8} {'count':>14}")
    print(f"{'reported substitution spans':44} {rep_n:8d}")
    print(
        f"{'location precision (inside a gold passage)':44} {rep_in / max(1, rep_n):8.1%} {rep_in:>6d}/{rep_n:<7d}"
    )
    print(
        f"{'synonym-swap precision (conf >= 0.9)':44} {syn_ok / max(1, syn_n):8.1%} {syn_ok:>6d}/{syn_n:<7d}"
    )
    print(
        f"{'synonym-swap recall':44} {ref_found / max(1, ref_n):8.1%} {ref_found:>6d}/{ref_n:<7d}"
    )
    print("anchor: none published for word substitutions (PAN scores passages)")


if __name__ == "__main__":
    main()
