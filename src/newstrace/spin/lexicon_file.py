"""Read a user's list of known spins (spun phrase -> original) into a ``Lexicon``
(restoration knowledge) and ``KnownSpins`` (phrases to find verbatim).

Two formats, chosen by the file's first non-blank, non-comment line:

- JSON Lines, one object per line with the spun phrase under ``"tortured"`` or
  ``"spun"`` and the original under ``"original"`` (the Problematic Paper Screener's
  tortured-phrase list has this shape);
- tab-separated text, ``spun<TAB>original`` per line.

Blank lines and lines starting with ``#`` are skipped. Each side is normalised the way
restoration sees words: lowercased ``\\w+`` tokens, a parenthesised acronym dropped
("integrated services digital network (isdn)" -> "integrated services digital
network"), and of slash alternatives ("tumor/cancer") the first kept. A pair whose
sides are empty after that is skipped and counted, not an error: lists collected by
hand hold such entries.

What it does NOT do: check that the pairs are true spins, or merge several files (call
it per file and pass the concatenated pairs to ``Lexicon.from_pairs``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newstrace.errors import FormatError
from newstrace.ingest.base import read_utf8
from newstrace.spin.known import KnownSpins
from newstrace.spin.lexical import Lexicon, tokenize

__all__ = ["LexiconFile", "read_lexicon", "normalise_phrase"]

_PAREN = re.compile(r"\([^)]*\)")
_ALTERNATIVE = re.compile(r"(\w+)/\w+")


def normalise_phrase(phrase: str) -> str:
    """Lowercased words of ``phrase`` without parenthesised parts, first of "a/b" kept.

    >>> normalise_phrase("Integrated Services Digital Network (ISDN)")
    'integrated services digital network'
    >>> normalise_phrase("benign tumor/cancer")
    'benign tumor'
    """
    s = _ALTERNATIVE.sub(r"\1", _PAREN.sub(" ", phrase.lower()))
    return " ".join(t[2] for t in tokenize(s))


@dataclass(frozen=True)
class LexiconFile:
    """A list of known spins read from a file: as phrases to find verbatim (``known``) and
    as restoration knowledge (``lexicon``), with how many pairs were read and skipped."""

    path: str
    entries: tuple[tuple[str, str], ...]  # (spun, original), normalised
    known: KnownSpins
    skipped: int

    @property
    def pairs(self) -> int:
        return len(self.entries)

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """Built on first use: only restoration needs it, and aligning the 6,942 tortured
        phrases into swaps and rules takes ~1.5 CPU-s (``spin``, ``despin`` and ``analyze``
        use ``known`` alone)."""
        return Lexicon.from_pairs(self.entries)


def _pair_from_json(path: str, line_no: int, line: str) -> tuple[str, str]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(path, f"not a JSON object: {exc.msg}", line_no) from exc
    if not isinstance(obj, dict):
        raise FormatError(path, "expected a JSON object per line", line_no)
    spun = obj.get("tortured", obj.get("spun"))
    original = obj.get("original")
    if not isinstance(spun, str) or not isinstance(original, str):
        raise FormatError(
            path, 'needs string fields "tortured" (or "spun") and "original"', line_no
        )
    return spun, original


def _pair_from_tsv(path: str, line_no: int, line: str) -> tuple[str, str]:
    parts = line.split("\t")
    if len(parts) != 2:
        raise FormatError(
            path, f"expected spun<TAB>original, found {len(parts)} tab-separated field(s)", line_no
        )
    return parts[0], parts[1]


def read_lexicon(path: str | Path) -> LexiconFile:
    """The file's pairs (see the module docstring for the formats).

    Raises ``InputError`` when the file cannot be read or is not UTF-8, ``FormatError``
    (naming the line) when a line does not fit the file's format, or when no pair is left.
    """
    name = str(path)
    text = read_utf8(path)
    pairs: list[tuple[str, str]] = []
    skipped = 0
    parse = None
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if parse is None:
            parse = _pair_from_json if line.lstrip().startswith("{") else _pair_from_tsv
        spun, original = parse(name, line_no, line)
        s, o = normalise_phrase(spun), normalise_phrase(original)
        if not s or not o:
            skipped += 1
            continue
        pairs.append((s, o))
    if not pairs:
        raise FormatError(name, "no spun/original pair in the file")
    return LexiconFile(name, tuple(pairs), KnownSpins.from_pairs(pairs, source=name), skipped)
