"""Extension: grow seeds (sentence pairs) into passages.

Seeds that lie close together in *both* texts belong to one passage. We
cluster by alternately splitting the seed set where consecutive seeds (sorted
by their sentence in B, then in A) are more than ``max_gap`` sentences apart,
until no group splits. Each group spans a range of sentences in A and in B;
a group whose two sides are not similar enough as bags of words (tf-idf
cosine) is clustered again with a smaller gap, down to 0, and dropped if it
never validates.

Passages here are sentence-index ranges; ``newstrace.align.filters`` resolves
overlaps and turns them into character offsets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newstrace.align.seeds import PairMatrices

__all__ = ["SentPassage", "cluster", "extend", "split_by"]

Seed = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SentPassage:
    """Sentences ``a0..a1`` of A aligned with ``b0..b1`` of B (inclusive ranges)."""

    a0: int
    a1: int
    b0: int
    b1: int
    similarity: float
    n_seeds: int


def split_by(group: list[Seed], key: int, max_gap: int) -> list[list[Seed]]:
    """Sort seeds by side ``key`` (0 = A, 1 = B) and cut where consecutive ones are > ``max_gap`` apart."""
    group = sorted(group, key=lambda s: (s[key], s[1 - key]))
    parts: list[list[Seed]] = [[group[0]]]
    for s in group[1:]:
        if s[key] - parts[-1][-1][key] > max_gap + 1:
            parts.append([s])
        else:
            parts[-1].append(s)
    return parts


def cluster(seeds: list[Seed], max_gap: int) -> list[list[Seed]]:
    """Split ``seeds`` into groups whose members are within ``max_gap`` sentences in A and B."""
    if not seeds:
        return []
    todo = [list(seeds)]
    done: list[list[Seed]] = []
    while todo:
        g = todo.pop()
        parts = []
        for p in split_by(g, 1, max_gap):
            parts.extend(split_by(p, 0, max_gap))
        if len(parts) == 1:
            done.append(parts[0])
        else:
            todo.extend(parts)
    return done


def extend(
    seeds: list[Seed],
    m: PairMatrices,
    max_gap: int,
    min_cosine: float,
    alt_valid: Callable[[int, int, int, int], float] | None = None,
    alt_min: float = 1.0,
) -> list[SentPassage]:
    """Cluster seeds into validated passages (see the module docstring).

    ``alt_valid`` is a second test for passages the cosine rejects (the
    function-word sequence similarity that survives spinning): a passage passes
    when it reaches ``alt_min``; its similarity is then reported as that value.
    """
    out: list[SentPassage] = []
    todo: list[tuple[list[Seed], int]] = [(g, max_gap) for g in cluster(seeds, max_gap)]
    while todo:
        group, gap = todo.pop()
        a0 = min(s[0] for s in group)
        a1 = max(s[0] for s in group)
        b0 = min(s[1] for s in group)
        b1 = max(s[1] for s in group)
        sim = m.range_cosine(a0, a1, b0, b1)
        if sim < min_cosine and alt_valid is not None:
            alt = alt_valid(a0, a1, b0, b1)
            if alt >= alt_min:
                sim = max(sim, alt * min_cosine)
        if sim >= min_cosine:
            out.append(SentPassage(a0, a1, b0, b1, sim, len(group)))
        elif gap > 0 and len(group) > 1:
            todo.extend((g, gap - 1) for g in cluster(group, gap - 1))
    return out
