"""A small thesaurus spinner, for making test data: swap content words for WordNet synonyms.

It does what cheap article spinners do: each content word (not a stopword, a
number or a capitalised name inside a sentence) is replaced, with probability
``rate``, by a random single-word WordNet synonym, inflected like the original
("weapons" -> "arms"), its case matched. Deterministic for a given ``seed``.
Returns the spun text and the ground truth: where each swap landed in the spun
text and what it replaced.

What it does NOT do: detect anything (``newstrace.spin.detect_spin`` does), or
imitate a particular commercial spinner's dictionary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from newstrace.spin.config import SpinConfig
from newstrace.spin.detect import STOPWORDS, _match_case, _sentence_initial
from newstrace.spin.lexical import _relations, tokenize

__all__ = ["Swap", "spin_text", "score_restoration"]


@dataclass(frozen=True)
class Swap:
    """``original`` became ``spun`` at ``[start, end)`` of the spun text."""

    start: int
    end: int
    spun: str
    original: str


def spin_text(text: str, seed: int = 0, rate: float = 0.5) -> tuple[str, list[Swap]]:
    """Spin ``text``; returns (spun text, swaps with offsets into the spun text)."""
    rng = random.Random(seed)
    cfg = SpinConfig()
    out: list[str] = []
    swaps: list[Swap] = []
    pos = 0
    length = 0
    for s, e, w in tokenize(text):
        out.append(text[pos:s])
        length += s - pos
        pos = e
        low = w.lower()
        is_name = w[:1].isupper() and not _sentence_initial(text, s)
        if not low.isalpha() or low in STOPWORDS or len(low) < 3 or is_name or w.isupper():
            out.append(w)
            length += len(w)
            continue
        choices = [c for c, rel in _relations(low, cfg.max_moby_per_word, 2.5) if rel == "wordnet"]
        if not choices or rng.random() >= rate:
            out.append(w)
            length += len(w)
            continue
        new = _match_case(rng.choice(sorted(choices)), w)
        swaps.append(Swap(length, length + len(new), new, w))
        out.append(new)
        length += len(new)
    out.append(text[pos:])
    return "".join(out), swaps


def score_restoration(
    spun_text: str, swaps: list[Swap], spans: list[tuple[int, int, str]]
) -> dict[str, float]:
    """Word-level precision/recall of restorations ``(start, end, original)`` against ``swaps``.

    A span's words are matched to the spun words one by one (spans whose
    original has another number of words count as wrong for every word). A
    restored word is correct when it equals the swapped-out original (case-blind).
    """
    truth = {sw.start: sw.original.lower() for sw in swaps}
    proposed: dict[int, str] = {}
    for start, end, original in spans:
        toks = [t for t in tokenize(spun_text[start:end])]
        new = [t[2] for t in tokenize(original)]
        if len(toks) != len(new):
            for t in toks:
                proposed[start + t[0]] = "\0"
            continue
        for t, n in zip(toks, new, strict=True):
            if t[2].lower() != n.lower():
                proposed[start + t[0]] = n.lower()
    correct = sum(1 for p, w in proposed.items() if truth.get(p) == w)
    return {
        "swaps": float(len(truth)),
        "proposed": float(len(proposed)),
        "correct": float(correct),
        "precision": correct / len(proposed) if proposed else 1.0,
        "recall": correct / len(truth) if truth else 1.0,
    }
