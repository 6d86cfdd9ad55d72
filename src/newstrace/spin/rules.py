"""Substitution rules learned from known (spun, original) phrase pairs.

A pair is split into aligned segments: words both sides share ("coronary" in
"coronary sickness" / "coronary artery disease") anchor the alignment, and
what lies between anchors is a swap. A swap of as many words as it replaces is
read word by word ("profound learning" -> "deep learning" gives the word rule
profound -> deep); a swap that changes the word count is kept whole as a
phrase rule ("sickness" -> "artery disease", "unique finger impression" ->
"fingerprint"), and runs of two or more swapped words are kept whole as well
("joined along" -> "united"), so a restorer can apply rules learned on one
phrase to the parts of another ("profound neural organization" -> "deep
neural network" from profound -> deep and organization -> network).

Pairs of equal length are aligned position by position (a spinner swaps one
word for one word); pairs of different length through the longest common
word blocks (``difflib``).

What it does NOT do: score or apply the rules (``newstrace.spin.lexical``
does), learn from unaligned text, or guess rules for words never seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Segment", "align_pair", "phrase_rules"]


@dataclass(frozen=True)
class Segment:
    """One aligned piece of a pair: ``spun`` words stand for ``original`` words."""

    spun: tuple[str, ...]
    original: tuple[str, ...]

    @property
    def kept(self) -> bool:
        return self.spun == self.original


def align_pair(spun: Sequence[str], original: Sequence[str]) -> list[Segment]:
    """Aligned segments of a pair, in order (kept words are one-word segments).

    Equal lengths: one segment per position. Different lengths: kept words are
    the longest common blocks; each gap between them is one segment (a gap with
    no spun words, an insertion, is dropped: there is nothing to rewrite).
    """
    sw, ow = tuple(spun), tuple(original)
    if len(sw) == len(ow):
        return [Segment((s,), (o,)) for s, o in zip(sw, ow, strict=True)]
    out: list[Segment] = []
    sm = SequenceMatcher(None, sw, ow, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(Segment((w,), (w,)) for w in sw[i1:i2])
        elif i2 > i1:
            if i2 - i1 == j2 - j1:
                out.extend(Segment((s,), (o,)) for s, o in zip(sw[i1:i2], ow[j1:j2], strict=True))
            else:
                out.append(Segment(sw[i1:i2], ow[j1:j2]))
    return out


def phrase_rules(segments: Sequence[Segment]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Multiword rules of an aligned pair: length-changing segments and runs of >= 2 swaps.

    Single word-for-word swaps are not returned (they are word rules).
    """
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    run_s: list[str] = []
    run_o: list[str] = []

    def flush() -> None:
        rule = (tuple(run_s), tuple(run_o))
        if len(run_s) >= 2 and rule not in out:
            out.append(rule)
        run_s.clear()
        run_o.clear()

    for seg in segments:
        if seg.kept:
            flush()
            continue
        if len(seg.spun) != len(seg.original):
            out.append((seg.spun, seg.original))
        run_s.extend(seg.spun)
        run_o.extend(seg.original)
    flush()
    return out
