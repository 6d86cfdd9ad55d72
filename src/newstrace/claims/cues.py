"""Cue words of attribution: the inflected forms of reporting verbs, and pronouns.

``cue_forms(config)`` maps every surface form ("said", "tells", "adding") to its
base verb, so cue detection works the same with and without a tagger/lemmatizer.
Does not decide whether a cue governs a quote (``quotes.py`` does).
"""

from __future__ import annotations

from functools import lru_cache

from newstrace.claims.config import ClaimsConfig

__all__ = ["cue_forms", "PRONOUNS", "PERSON_PRONOUNS", "SKIP_SUBJECTS", "MALE", "FEMALE"]

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "feel": ("felt",),
    "know": ("knew", "known"),
    "read": ("read",),
    "find": ("found",),
    "show": ("showed", "shown"),
    "forecast": ("forecast", "forecasted"),
    "foresee": ("foresaw", "foreseen"),
}
# Verbs that double their final consonant (admit -> admitted).
_DOUBLING = frozenset({"admit", "quip", "commit", "regret", "refer", "prefer", "submit"})

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE | FEMALE
PRONOUNS = PERSON_PRONOUNS | frozenset({"they", "them", "it", "we", "i", "you", "this"})
# Subjects outside quotation marks that do not make a quote: the author ("I
# think"), the reader ("you know"), dummy subjects.
SKIP_SUBJECTS = frozenset({"i", "we", "you", "there", "one", "that", "this", "which", "who"})


def _inflect(base: str) -> set[str]:
    forms = {base}
    stem = base
    if base in _DOUBLING:
        stem = base + base[-1]
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", stem + "ed", stem + "ing"}
    if base in _IRREGULAR:
        forms -= {base + "ed", stem + "ed", base + "d"}
        forms |= set(_IRREGULAR[base])
    return forms


@lru_cache(maxsize=8)
def cue_forms(config: ClaimsConfig) -> dict[str, str]:
    """Surface form (lower case) -> base verb, for every cue verb of ``config``."""
    out: dict[str, str] = {}
    for base in sorted(config.cue_lemmas()):
        for form in _inflect(base):
            out.setdefault(form, base)
    return out
