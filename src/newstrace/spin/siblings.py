"""Restore spun words from other spins of the same original ("sibling" copies).

Two spins of one article disagree word by word where each swapped a different
synonym ("constructive shifts" vs "optimistic shifts"). The texts are aligned
token by token (RapidFuzz's Levenshtein opcodes on lowercased word lists); at
each one-to-one replaced word the candidates for the original are the words of
all copies plus the synonyms they share, and the chosen original is the
candidate most copies agree on: a word a copy kept verbatim scores by how many
copies have it, a shared synonym by how many copies it is a synonym of, ties go
to the commoner word (spinners pick rarer synonyms). A span is reported only
where the chosen original differs from this text's word.

What it does NOT do: align texts that were reordered or heavily edited (use an
aligned source, ``source_substitutions``), or multiword swaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import tokenize
from newstrace.text import phrases, wordnet

__all__ = ["SiblingSuspect", "find_sibling_suspects"]


@dataclass(frozen=True)
class SiblingSuspect:
    start: int
    end: int
    text: str
    original: str
    confidence: float
    evidence: tuple[str, ...]


def _related(a: str, b: str) -> bool:
    return a == b or wordnet.are_synonyms(a, b)


def find_sibling_suspects(
    text: str, sibling_texts: Sequence[str], config: SpinConfig | None = None
) -> list[SiblingSuspect]:
    """Words of ``text`` whose sibling copies agree on another synonym, in text order."""
    from rapidfuzz.distance import Levenshtein

    cfg = config or SpinConfig()
    toks = tokenize(text)
    words = [t[2].lower() for t in toks]
    # position in text -> words the siblings have there
    seen: dict[int, list[str]] = {}
    for sib in sibling_texts:
        sw = [t[2].lower() for t in tokenize(sib)]
        for op in Levenshtein.opcodes(words, sw):
            if (
                op.tag == "equal"
                or op.tag == "replace"
                and op.src_end - op.src_start == op.dest_end - op.dest_start
            ):
                for k in range(op.src_end - op.src_start):
                    seen.setdefault(op.src_start + k, []).append(sw[op.dest_start + k])
    out: list[SiblingSuspect] = []
    for i, others in seen.items():
        mine = words[i]
        if not mine.isalpha() or all(o == mine for o in others):
            continue
        copies = [mine, *others]
        related = [o for o in others if _related(mine, o)]
        if not related:
            continue  # an edit, a name or a misalignment, not a synonym swap
        pool = set(copies)
        common = set(wordnet.synonyms(mine))
        for o in related:
            common &= set(wordnet.synonyms(o)) | {o}
        pool |= {c for c in common if c.isalpha()}

        left = words[i - 1] if i > 0 else ""
        right = words[i + 1] if i + 1 < len(words) else ""

        def support(
            c: str, copies: list[str] = copies, left: str = left, right: str = right
        ) -> tuple[float, int, float]:
            # One point per copy that has the word or a synonym of it; ties go to the word that
            # forms listed bigrams with its neighbours, then to the commoner word (spinners
            # pick rarer synonyms: chilly 3.5 vs cold 5.0 on the Zipf scale).
            fit = int(phrases.bigram_count(left, c) > 0) + int(phrases.bigram_count(c, right) > 0)
            return (sum(1.0 for x in copies if _related(c, x)), fit, phrases.zipf(c))

        best = max(sorted(pool), key=support)
        if best == mine:
            continue
        margin = support(best)[0] - support(mine)[0]
        if margin < 0:
            continue
        s, e, w = toks[i]
        orig = best[:1].upper() + best[1:] if w[:1].isupper() else best
        agree = sum(1 for x in others if x == best)
        ev = [
            f"sibling copies have {', '.join(repr(o) for o in others)} here",
            f"'{best}' is what the copies' synonym classes agree on ({agree} verbatim)",
        ]
        # A tie on agreement (decided by word frequency) is weaker evidence than a majority.
        conf = cfg.sibling_confidence if margin > 0 else cfg.sibling_tie_confidence
        conf = min(0.95, conf + 0.05 * max(0, agree - 1))
        out.append(SiblingSuspect(s, e, w, orig, round(conf, 3), tuple(ev)))
    out.sort(key=lambda x: x.start)
    return out
