"""Find a user's listed spins in running text: exact matches of known spun phrases.

The Problematic Paper Screener flags papers by exactly this: a tortured phrase
from its list ("counterfeit consciousness") appearing verbatim. With a list of
known spins (``newstrace.spin.lexicon_file``), every occurrence of a listed spun
phrase of two or more words is a finding whose original is the listed one (the
most often listed original when a phrase has several).

Matching is on lowercased word tokens: "Shrewd  Contracts" matches "shrewd
contracts"; words must be separated by spaces or a hyphen only, so a match never
runs across a sentence or clause boundary. Longest match first, left to right, no
overlaps.

Confidence (``SpinConfig.known_spin_confidence``, 0.85): a listed phrase seen verbatim
is strong evidence, but lists collected from the wild contain phrases that ordinary
prose also uses. One listed phrase alone does not make a document spun:
``combine`` weighs it like any other span.

What it does NOT do: single-word entries (one word is too often ordinary prose:
"organic", "vital"), fuzzy or inflected matches (restoration's job), or decide that
the list is right.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newstrace.spin.detect import LexicalSuspect, _match_case
from newstrace.spin.lexical import tokenize

__all__ = ["KnownSpins", "find_known_spins"]

_JOINERS = frozenset({" ", "-"})


@dataclass(frozen=True)
class KnownSpins:
    """Listed spun phrases (as word tuples) -> their original and how often it was listed."""

    originals: Mapping[tuple[str, ...], tuple[str, int]]
    source: str = "the lexicon"

    @functools.cached_property
    def max_words(self) -> int:
        """Words in the longest listed phrase (how far a match can reach)."""
        return max((len(w) for w in self.originals), default=0)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], source: str = "the lexicon") -> KnownSpins:
        votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        for spun, original in pairs:
            words = tuple(t[2].lower() for t in tokenize(spun))
            if len(words) >= 2 and original.strip():
                votes[words][original.strip()] += 1
        best: dict[tuple[str, ...], tuple[str, int]] = {}
        for words, c in votes.items():
            original, n = min(c.items(), key=lambda kv: (-kv[1], kv[0]))
            if original.split() != list(words):
                best[words] = (original, n)
        return cls(best, source)

    def digest(self) -> str:
        """A fingerprint of the listed phrases and originals (not of ``source``): a store
        records it to notice when its articles were checked against another list."""
        h = hashlib.sha1()
        for words, (original, count) in sorted(self.originals.items()):
            h.update(f"{' '.join(words)}\t{original}\t{count}\n".encode())
        return h.hexdigest()[:16]


def find_known_spins(
    text: str, known: KnownSpins, confidence: float = 0.85
) -> list[LexicalSuspect]:
    """Listed spun phrases found in ``text``, in text order, with offsets into ``text``."""
    if not known.originals:
        return []
    toks = tokenize(text)
    lower = [w.lower() for _, _, w in toks]
    out: list[LexicalSuspect] = []
    i = 0
    while i < len(toks):
        hit = None
        # the longest listed phrase starting here whose words are only space/hyphen apart
        n_max = 1
        while (
            n_max < known.max_words
            and i + n_max < len(toks)
            and set(text[toks[i + n_max - 1][1] : toks[i + n_max][0]]) <= _JOINERS
            and text[toks[i + n_max - 1][1] : toks[i + n_max][0]] != ""
        ):
            n_max += 1
        for n in range(n_max, 1, -1):
            entry = known.originals.get(tuple(lower[i : i + n]))
            if entry is not None:
                hit = (n, entry)
                break
        if hit is None:
            i += 1
            continue
        n, (original, count) = hit
        start, end = toks[i][0], toks[i + n - 1][1]
        observed = text[start:end]
        listed = " ".join(lower[i : i + n])
        times = "once" if count == 1 else f"{count} times"
        out.append(
            LexicalSuspect(
                start,
                end,
                observed,
                _match_case(original, observed),
                confidence,
                (f"'{listed}' is listed as a spin of '{original}' in {known.source} ({times})",),
            )
        )
        i += n
    return out
