"""The slow, obviously correct reference aligner: exact shared token runs by dynamic programming.

``reference_passages(a, b)`` fills the full (len A + 1) x (len B + 1) table of
common-suffix lengths of the two token lists, reads off every *maximal* run of
at least ``min_tokens`` identical (case-folded) tokens, and keeps them greedily,
longest first, while they overlap nothing already kept in A or in B. O(n*m)
time and memory: meant for tests (texts of a few hundred tokens), where the
fast aligner is held against it (see ``tests/property/test_align_reference.py``).

It finds verbatim reuse only: no stemming, no sentence similarity, no
synonyms. Offsets are those of ``newstrace.text.tokens.tokenize``: from the
first token's start to the last token's end.
"""

from __future__ import annotations

from newstrace.align.config import AlignConfig
from newstrace.align.fast import default_aligner
from newstrace.align.filters import CharPassage
from newstrace.align.relation import finish
from newstrace.align.result import AlignmentResult
from newstrace.text.stopwords import stopwords_for
from newstrace.text.tokens import tokenize

__all__ = ["reference_passages", "reference_align"]


def reference_passages(a_text: str, b_text: str, min_tokens: int = 8) -> list[CharPassage]:
    """Maximal exact token runs shared by A and B, non-overlapping, sorted by start in B."""
    ta, tb = tokenize(a_text), tokenize(b_text)
    fa, fb = ta.folded, tb.folded
    n, m = len(fa), len(fb)
    # suffix[i][j] = number of equal tokens ending at a[i-1], b[j-1]
    suffix = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = suffix[i], suffix[i - 1]
        for j in range(1, m + 1):
            if fa[i - 1] == fb[j - 1]:
                row[j] = prev[j - 1] + 1
    runs: list[tuple[int, int, int]] = []  # (length, end in A, end in B), exclusive ends
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            k = suffix[i][j]
            maximal = i == n or j == m or fa[i] != fb[j]
            if k >= min_tokens and maximal:
                runs.append((k, i, j))
    runs.sort(key=lambda r: (-r[0], r[2], r[1]))
    used_a: list[tuple[int, int]] = []
    used_b: list[tuple[int, int]] = []
    kept: list[tuple[int, int, int, int]] = []
    for k, ia, jb in runs:
        a0, b0 = ia - k, jb - k
        if any(a0 < e and s < ia for s, e in used_a) or any(b0 < e and s < jb for s, e in used_b):
            continue
        used_a.append((a0, ia))
        used_b.append((b0, jb))
        kept.append((a0, ia, b0, jb))
    out = [
        CharPassage(
            int(ta.starts[a0]), int(ta.ends[a1 - 1]), int(tb.starts[b0]), int(tb.ends[b1 - 1]), 1.0
        )
        for a0, a1, b0, b1 in kept
    ]
    return sorted(out, key=lambda p: (p.b_start, p.a_start))


def reference_align(
    a_text: str, b_text: str, min_tokens: int = 8, config: AlignConfig | None = None
) -> AlignmentResult:
    """``reference_passages`` turned into a full result (kinds, relation, substitutions)."""
    aligner = default_aligner()
    cfg = config or aligner.config
    pa, pb = aligner.prepare(a_text), aligner.prepare(b_text)
    stop = stopwords_for(pa.folded, pb.folded)
    return finish(reference_passages(a_text, b_text, min_tokens), pa, pb, stop, cfg)
