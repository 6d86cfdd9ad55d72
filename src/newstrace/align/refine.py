"""Boundary refinement: trim a sentence-level passage to where its words actually align.

Sentence-level extension both over- and under-reaches: a copy may start in the middle of a
sentence, and a passage may drag in a neighbouring sentence that only shares
topic words. We align the passage's two token lists (RapidFuzz
``Levenshtein.opcodes``), take the chain of ``equal`` blocks, and keep the
best-scoring run of consecutive blocks (Kadane's maximum-sum segment), where a
block gains its content tokens (+1 each) and function tokens (+``stop_gain``)
and the gap before it costs ``gap_cost`` per token (the larger of its two sides).
Chance matches of "of the" across unrelated sentences are far apart and never
pay for their gaps; the blocks of a copy, even an obfuscated one, are close.

The trimmed passage runs from the first kept token to the last, extended over
punctuation glued to the last token ("area." keeps its full stop).
``grow_exact`` then extends a passage outwards, token by token, while both
texts agree (a copy cut mid-sentence by the sentence splitter is found whole).
A trim that would remove fewer than ``min_trim`` tokens at an edge is not made:
small unaligned edges are obfuscation (shuffled or swapped words), not overreach;
nor is one whose content words mostly (``max_shared``) occur on the other side.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import Indel

from newstrace.align.filters import CharPassage
from newstrace.align.prep import PairView, Prepared
from newstrace.align.words import token_range

__all__ = ["trim_passage", "grow_exact", "glued_end"]


def glued_end(text: str, end: int, limit: int = 3) -> int:
    """Extend ``end`` over up to ``limit`` non-space, non-word characters (closing punctuation)."""
    k = end
    while k < len(text) and k - end < limit and not text[k].isspace() and not text[k].isalnum():
        k += 1
    return k


def trim_passage(
    p: CharPassage,
    view: PairView,
    gap_cost: float,
    stop_gain: float,
    min_density: float,
    min_trim: int = 8,
    max_shared: float = 0.5,
    keep: tuple[bool, bool, bool, bool] | None = None,
) -> CharPassage | None:
    """The best-aligned stretch of ``p``, or None when no tokens align at all.

    Passages whose aligned tokens are fewer than ``min_density`` of the shorter
    side (shuffled, paraphrased or translated text) are returned unchanged:
    their order-based word alignment is too sparse to place a boundary.
    ``keep`` (first A, last A, first B, last B sentence) marks edge sentences that
    may be trimmed into but not dropped whole.
    """
    pa, pb, ids_a, ids_b = view.a, view.b, view.ids_a, view.ids_b
    content_a, content_b = view.content_a, view.content_b
    ta0, ta1 = token_range(pa, p.a_start, p.a_end)
    tb0, tb1 = token_range(pb, p.b_start, p.b_end)
    if ta1 <= ta0 or tb1 <= tb0:
        return None
    ops = Indel.opcodes(pa.folded[ta0:ta1], pb.folded[tb0:tb1])
    blocks = [(o.src_start, o.src_end, o.dest_start, o.dest_end) for o in ops if o.tag == "equal"]
    if not blocks:
        return None
    n_equal = sum(b[1] - b[0] for b in blocks)
    if n_equal < min_density * min(ta1 - ta0, tb1 - tb0):
        return p
    cw = content_a[ta0:ta1]
    best = -1.0
    best_span = (0, 0)
    cur = 0.0
    cur_start = 0
    prev_i2 = prev_j2 = -1
    for k, (i1, i2, j1, j2) in enumerate(blocks):
        n_content = int(cw[i1:i2].sum())
        gain = n_content + stop_gain * ((i2 - i1) - n_content)
        if k == 0:
            cur, cur_start = gain, 0
        else:
            gap = max(i1 - prev_i2, j1 - prev_j2)
            cont = cur - gap_cost * gap + gain
            if cont >= gain:
                cur = cont
            else:
                cur, cur_start = gain, k
        if cur > best:
            best, best_span = cur, (cur_start, k)
        prev_i2, prev_j2 = i2, j2
    first, last = blocks[best_span[0]], blocks[best_span[1]]
    bag_a = set(ids_a[ta0:ta1][content_a[ta0:ta1]].tolist())
    bag_b = set(ids_b[tb0:tb1][content_b[tb0:tb1]].tolist())

    def unrelated(ids: np.ndarray, content: np.ndarray, lo: int, hi: int, other: set[int]) -> bool:
        # An edge is cut only when its content words are mostly absent from the
        # other side: words present there were moved (reordering), not added.
        words = ids[lo:hi][content[lo:hi]].tolist()
        return bool(words) and sum(1 for w in words if w in other) < max_shared * len(words)

    a0, a1, b0, b1 = p.a_start, p.a_end, p.b_start, p.b_end
    if first[0] >= min_trim and unrelated(ids_a, content_a, ta0, ta0 + first[0], bag_b):
        a0 = int(pa.tok_start[ta0 + first[0]])
    if first[2] >= min_trim and unrelated(ids_b, content_b, tb0, tb0 + first[2], bag_a):
        b0 = int(pb.tok_start[tb0 + first[2]])
    if (ta1 - ta0) - last[1] >= min_trim and unrelated(ids_a, content_a, ta0 + last[1], ta1, bag_b):
        a1 = glued_end(pa.text, int(pa.tok_end[ta0 + last[1] - 1]))
    if (tb1 - tb0) - last[3] >= min_trim and unrelated(ids_b, content_b, tb0 + last[3], tb1, bag_a):
        b1 = glued_end(pb.text, int(pb.tok_end[tb0 + last[3] - 1]))
    s = p.sent
    if s is not None and keep is not None:
        # An edge sentence that is similar to a sentence on the other side (``keep``) is
        # not dropped whole: shuffled sentences (PAN's random obfuscation) put the
        # aligned word blocks in the middle of both sides although every sentence is
        # copied, and cutting there lost whole cases.
        if keep[0] and a0 >= int(pa.sent_char1[s.a0]):
            a0 = p.a_start
        if keep[1] and a1 <= int(pa.sent_char0[s.a1]):
            a1 = p.a_end
        if keep[2] and b0 >= int(pb.sent_char1[s.b0]):
            b0 = p.b_start
        if keep[3] and b1 <= int(pb.sent_char0[s.b1]):
            b1 = p.b_end
    return CharPassage(a0, a1, b0, b1, p.similarity, p.sent)


def grow_exact(p: CharPassage, pa: Prepared, pb: Prepared, limit: int = 400) -> CharPassage:
    """Extend ``p`` outwards token by token while the folded tokens of A and B agree."""
    ta0, ta1 = token_range(pa, p.a_start, p.a_end)
    tb0, tb1 = token_range(pb, p.b_start, p.b_end)
    fa, fb = pa.folded, pb.folded
    k = 0
    while k < limit and ta1 + k < len(fa) and tb1 + k < len(fb) and fa[ta1 + k] == fb[tb1 + k]:
        k += 1
    j = 0
    while j < limit and ta0 - j > 0 and tb0 - j > 0 and fa[ta0 - j - 1] == fb[tb0 - j - 1]:
        j += 1
    if not k and not j:
        return p
    a0, b0, a1, b1 = p.a_start, p.b_start, p.a_end, p.b_end
    if k:
        a1 = glued_end(pa.text, int(pa.tok_end[ta1 + k - 1]))
        b1 = glued_end(pb.text, int(pb.tok_end[tb1 + k - 1]))
    if j:
        a0 = int(pa.tok_start[ta0 - j])
        b0 = int(pb.tok_start[tb0 - j])
    return CharPassage(a0, a1, b0, b1, p.similarity, p.sent)
