"""Word-level analysis inside an aligned passage: similarity, substitutions, spin statistics.

The two sides of a passage are aligned token by token with RapidFuzz's
``Levenshtein.opcodes`` on the case-folded token lists (about 1 ms for 2,000
tokens). From the opcodes we read

* the word similarity: 2 * LCS tokens / (tokens of A + tokens of B);
* substitutions: ``replace`` blocks of at most ``max_tokens`` tokens per side,
  reported with character offsets into both original texts (from the first
  replaced token's start to the last one's end, so "Cold War" -> "Chilly Warfare"
  is one substitution);
* what spinning leaves behind: the share of A's content words replaced
  one-for-one, and the share of A's function words kept.

Optionally a synonym test (``are_synonyms(a, b) -> bool``, e.g. from
``newstrace.text.wordnet``) counts how many one-word substitutions are synonyms.
This module does not decide the passage kind or the pair relation (``relation``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel, Levenshtein

from newstrace.align.prep import Prepared
from newstrace.types import Substitution

__all__ = ["WordStats", "word_stats", "token_range"]

Synonyms = Callable[[str, str], bool]


@dataclass(frozen=True, slots=True)
class WordStats:
    similarity: float  # 2 * equal / (n_a + n_b)
    n_a: int
    n_b: int
    equal: int
    content_a: int  # content tokens of A in the passage
    content_replaced: int  # ... replaced one-for-one (block of equal length on both sides)
    stop_a: int  # function-word tokens of A
    stop_kept: int  # ... aligned to an identical token
    synonym_pairs: int  # one-word substitutions that the synonym test accepts
    tested_pairs: int  # one-word substitutions tested
    substitutions: tuple[Substitution, ...]


def token_range(prep: Prepared, start: int, end: int) -> tuple[int, int]:
    """Tokens lying inside ``[start, end)``: the half-open token index range."""
    t0 = int(np.searchsorted(prep.tok_start, start, side="left"))
    t1 = int(np.searchsorted(prep.tok_end, end, side="right"))
    return t0, max(t0, t1)


def word_stats(
    pa: Prepared,
    pb: Prepared,
    span_a: tuple[int, int],
    span_b: tuple[int, int],
    stop: frozenset[str],
    max_tokens: int,
    synonyms: Synonyms | None = None,
    max_substitutions: int = 500,
    spin_gate: tuple[float, float] = (0.0, 0.0),
    max_synonym_tests: int = 40,
) -> WordStats:
    """Align the tokens of ``A[span_a]`` with those of ``B[span_b]`` (see module docstring).

    The synonym test (a WordNet lookup costs up to milliseconds) runs only when
    the passage looks spun without it: at least ``spin_gate[0]`` of A's content
    words replaced one-for-one and ``spin_gate[1]`` of its function words kept;
    then on at most ``max_synonym_tests`` word pairs.
    """
    ta0, ta1 = token_range(pa, *span_a)
    tb0, tb1 = token_range(pb, *span_b)
    wa = pa.folded[ta0:ta1]
    wb = pb.folded[tb0:tb1]
    n_a, n_b = len(wa), len(wb)
    if n_a == 0 or n_b == 0:
        return WordStats(0.0, n_a, n_b, 0, 0, 0, 0, 0, 0, 0, ())
    ops = Levenshtein.opcodes(list(wa), list(wb))
    equal = 0
    content_a = sum(1 for w in wa if w not in stop)
    stop_a = n_a - content_a
    content_replaced = 0
    stop_kept = 0
    syn = 0
    tested = 0
    subs: list[Substitution] = []
    candidates: list[tuple[str, str]] = []
    a_text, b_text = pa.text, pb.text
    for op in ops:
        tag = op.tag
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            equal += i2 - i1
            stop_kept += sum(1 for w in wa[i1:i2] if w in stop)
        elif tag == "replace":
            if i2 - i1 == j2 - j1:
                content_replaced += sum(1 for w in wa[i1:i2] if w not in stop)
            if i2 - i1 <= max_tokens and j2 - j1 <= max_tokens and len(subs) < max_substitutions:
                ca0 = int(pa.tok_start[ta0 + i1])
                ca1 = int(pa.tok_end[ta0 + i2 - 1])
                cb0 = int(pb.tok_start[tb0 + j1])
                cb1 = int(pb.tok_end[tb0 + j2 - 1])
                subs.append(Substitution(ca0, ca1, cb0, cb1, a_text[ca0:ca1], b_text[cb0:cb1]))
                if synonyms is not None and i2 - i1 == j2 - j1:
                    for k in range(i2 - i1):
                        x, y = wa[i1 + k], wb[j1 + k]
                        if x not in stop and y not in stop:
                            candidates.append((x, y))
    if (
        synonyms is not None
        and candidates
        and content_replaced >= spin_gate[0] * max(1, content_a)
        and stop_kept >= spin_gate[1] * max(1, stop_a)
    ):
        for x, y in candidates[:max_synonym_tests]:
            tested += 1
            if synonyms(x, y):
                syn += 1
    # Levenshtein opcodes may substitute where deleting would match more words when
    # the sides differ in length; the similarity uses the longest common subsequence.
    equal = (n_a + n_b - Indel.distance(wa, wb)) // 2
    sim = 2.0 * equal / (n_a + n_b)
    return WordStats(
        sim,
        n_a,
        n_b,
        equal,
        content_a,
        content_replaced,
        stop_a,
        stop_kept,
        syn,
        tested,
        tuple(subs),
    )
