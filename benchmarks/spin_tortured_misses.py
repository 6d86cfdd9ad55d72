"""Why the right original is missing from the restorer's list: a breakdown on the dev split.

Data and split as ``benchmarks/spin_tortured.py`` (``--dev`` there): the lexicon part of
the tortured phrases is cut in two; the first half builds the lexicon (and fits the word
model, as the benchmark does), the second half is restored. For every dev phrase whose
right original is not anywhere in the decoder's full list (re-ranker off, every
candidate kept), this says why:

- ``length``: no accepted original has the tortured phrase's word count. Sub-buckets:
  a lexicon rule rewrites some span of the phrase into the right words ("rule fits"),
  or none does.
- ``pruned``: same length, every right word is a candidate at its position, yet the
  search did not output the phrase.
- ``1 word`` / ``2+ words``: same length, this many right words are not candidates at
  their position. Each such (observed, original) word pair is then classed by the first
  source that links them, in this order:
  ``forward, filtered`` (the original is in the observed word's WordNet or Moby entry,
  dropped by the per-word Moby cap or the Zipf floor), ``inflection`` (another
  inflection of the original is a candidate: "film" for "films"), ``moby backward``
  (the observed word, or its base form, is in the original's Moby entry, or its base
  form's), ``wordnet backward`` (shared synset through a base form of either), ``known
  original word`` (the lexicon saw it as the original of another word's swap),
  ``related`` (they share thesaurus neighbours: ``complete.relatedness`` > 0),
  ``none``.

    python benchmarks/spin_tortured_misses.py [--limit N] [--examples K]

Only the lexicon part is read (never the evaluation part).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newstrace.spin.complete import completions, relatedness  # noqa: E402
from newstrace.spin.config import SpinConfig  # noqa: E402
from newstrace.spin.lexical import Lexicon, _inflect, candidates  # noqa: E402
from newstrace.spin.restore import restore_phrase  # noqa: E402
from newstrace.text import thesaurus, wordnet  # noqa: E402
from spin_tortured import (  # noqa: E402
    config_overrides,
    fit_node_model,
    gold_variants,
    lexicon_pairs,
    norm,
    split_rows,
)


def _forms(word: str) -> set[str]:
    """``word``, its WordNet base forms, and their regular inflections."""
    out = {word} | set(wordnet.base_forms(word))
    for b in list(out):
        out |= {_inflect(b, k) for k in ("s", "ed", "ing")}
    return out


def word_source(s: str, o: str, cands: dict[str, tuple[float, str]], lex: Lexicon) -> str:
    """The first source (see the module docstring) that links observed ``s`` to original ``o``."""
    bs, bo = {s} | set(wordnet.base_forms(s)), {o} | set(wordnet.base_forms(o))
    fwd: set[str] = set()
    for b in bs:
        fwd |= thesaurus.moby_synonyms(b) | wordnet.synonyms(b)
    if bo & fwd:
        return "forward, filtered"
    if _forms(o) & set(cands):
        return "inflection"
    if any(b in thesaurus.moby_synonyms(x) for b in bs for x in bo):
        return "moby backward"
    if any(wordnet.are_synonyms(a, b) for a in bs for b in bo):
        return "wordnet backward"
    if o in lex.spun_as:
        return "known original word"
    if relatedness(s, o) > 0:
        return "related"
    return "none"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="restore only the first N dev phrases")
    ap.add_argument("--examples", type=int, default=6, help="examples printed per bucket")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a SpinConfig field (Python literal), e.g. --set reverse_moby_k=10",
    )
    args = ap.parse_args()
    _rows, lex_rows, dev_rows = split_rows(dev=True)
    if args.limit:
        dev_rows = dev_rows[: args.limit]
    lex = Lexicon.from_pairs(lexicon_pairs(lex_rows))
    cfg = dataclasses.replace(SpinConfig(), rerank_weights=None, node_weights=None, **config_overrides(args.set))
    cfg = fit_node_model(lex_rows, cfg)
    cfg = dataclasses.replace(cfg, top_k=10_000)

    buckets: Counter[str] = Counter()
    word_buckets: Counter[tuple[str, str]] = Counter()
    examples: dict[str, list[str]] = {}
    list_sizes: list[int] = []
    n = present = 0
    t0 = time.process_time()
    for r in dev_rows:
        gold = gold_variants(r["original"])
        if not gold:
            continue
        n += 1
        words = norm(r["tortured"]).split()
        items = restore_phrase(words, cfg, lexicon=lex)
        list_sizes.append(len(items))
        if any(" ".join(x.words) in gold for x in items):
            present += 1
            continue
        same = [g.split() for g in gold if len(g.split()) == len(words)]
        ex = f"{' '.join(words)} -> {sorted(gold)[0]}"
        if "(?)" in r["original"]:
            key = "unknown original (?)"
        elif not same:
            covered = False
            for g in gold:
                gs = " ".join(g.split())
                for span, rules in lex.phrase_rules.items():
                    sp = " ".join(span)
                    if f" {sp} " in f" {' '.join(words)} " and any(
                        f" {' '.join(o)} " in f" {gs} " for o in rules
                    ):
                        covered = True
            key = "length, rule fits" if covered else "length, no rule"
        else:
            cands = [candidates(w, cfg, lex) for w in words]
            for slot, added in zip(cands, completions(words, cands, cfg, lex), strict=True):
                slot.update(added)
            best: list[tuple[str, str]] | None = None
            for g in same:
                miss = [
                    (s, o)
                    for i, (s, o) in enumerate(zip(words, g, strict=True))
                    if o not in cands[i]
                ]
                if best is None or len(miss) < len(best):
                    best = miss
            assert best is not None
            if not best:
                key = "pruned (all words candidates)"
            else:
                key = "1 word missing" if len(best) == 1 else "2+ words missing"
                for s, o in best:
                    i = words.index(s)
                    src = word_source(s, o, cands[i], lex)
                    word_buckets[(key, src)] += 1
                    examples.setdefault(f"{key} / {src}", []).append(f"{s} -> {o}   ({ex})")
        buckets[key] += 1
        examples.setdefault(key, []).append(ex)
    cpu = time.process_time() - t0

    print(f"dev phrases {n}; right original in the list: {present} ({present / n:.1%})")
    print(
        f"mean list size {sum(list_sizes) / max(1, len(list_sizes)):.1f}; CPU {1000 * cpu / n:.0f} ms/phrase"
    )
    print()
    print(f"{'bucket (right original missing)':40} {'phrases':>8} {'% of dev':>9}")
    print("-" * 59)
    for k, v in buckets.most_common():
        print(f"{k:40} {v:8d} {v / n:9.1%}")
    print()
    print(f"{'missing word: first source linking it':48} {'words':>6}")
    print("-" * 55)
    for (k, src), v in sorted(word_buckets.items(), key=lambda t: (t[0][0], -t[1])):
        print(f"{k + ' / ' + src:48} {v:6d}")
    if args.examples:
        print()
        for k in sorted(examples):
            print(f"== {k}")
            for e in examples[k][: args.examples]:
                print(f"   {e}")


if __name__ == "__main__":
    main()
