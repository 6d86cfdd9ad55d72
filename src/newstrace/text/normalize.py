"""Offset-preserving normalisation: NFKC, straight quotes, ASCII dashes, one space per
whitespace run, stripped ends; with a map from every normalised offset back to the
original text.

Later stages fingerprint and align the normalised text but must report offsets in
``Article.text``: ``NormalizedText.span_to_original(start, end)`` gives the original
characters a normalised span came from (a span inside one expanded character, such
as the "f" of "ﬁ" -> "fi", maps to that whole character; a space maps to the whole
whitespace run it replaced).

NFKC is applied per cluster (a character plus the combining marks and Hangul
vowel/final jamo after it), which equals NFKC of the whole string: composition
never crosses such a boundary (property-tested against ``unicodedata``).

Does not lower-case, tokenise or remove punctuation (``newstrace.text`` tokenisers
do that on top of this), and never changes ``Article.text`` itself.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

__all__ = ["NormalizedText", "normalize", "normalize_char_map", "QUOTE_DASH_MAP"]

# Typographic quotes and dashes -> ASCII (applied after NFKC, which already folds the
# full-width forms: "＂" -> '"', "－" -> "-", "‑" -> "‐").
QUOTE_DASH_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02bc\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\u2e3a\u2e3b", "-"),
}
_TRANS = str.maketrans(QUOTE_DASH_MAP)
# Whitespace runs, or one non-ASCII character, or an ASCII backtick (mapped to "'").
_SPECIAL = re.compile(r"\s+|[^\x00-\x5f\x61-\x7f]")


def _is_mark(ch: str) -> bool:
    o = ord(ch)
    if o < 0x300:
        return False
    # combining marks compose with what precedes them; so do Hangul medial vowels and
    # final consonants (U+1160-U+11FF) with a leading consonant or LV syllable.
    return 0x1160 <= o <= 0x11FF or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def normalize_char_map(chunk: str) -> str:
    """NFKC + quote/dash folding of one cluster (whitespace left as NFKC gives it)."""
    return unicodedata.normalize("NFKC", chunk).translate(_TRANS)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised text and, for each of its characters, the original span it came from."""

    text: str
    original_length: int
    starts: array  # type: ignore[type-arg]
    ends: array  # type: ignore[type-arg]

    def __len__(self) -> int:
        return len(self.text)

    def to_original(self, i: int) -> int:
        """Original offset of normalised position ``i`` (0 <= i <= len(text)).

        Position ``len(text)`` maps to the end of the last character's source.
        """
        n = len(self.text)
        if i < 0 or i > n:
            raise IndexError(f"offset {i} outside 0..{n}")
        if i == n:
            return int(self.ends[n - 1]) if n else 0
        return int(self.starts[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original half-open span covering every character of normalised ``[start, end)``.

        >>> nt = normalize("The \u201cChilly  Warfare\u201d \u2014 over")
        >>> nt.text
        'The "Chilly Warfare" - over'
        >>> s, e = nt.span_to_original(5, 19)
        >>> "The \u201cChilly  Warfare\u201d \u2014 over"[s:e]
        'Chilly  Warfare'
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span {start}:{end} outside 0..{n}")
        if start == end:
            p = self.to_original(start)
            return p, p
        return int(self.starts[start]), int(self.ends[end - 1])


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` keeping a map back to its offsets.

    >>> normalize("  \ufb01nal   \u2018word\u2019 ").text
    "final 'word'"
    """
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    last_space = False  # is the last emitted character a collapsed space?
    n = len(text)
    pos = 0

    def emit_plain(a: int, b: int) -> None:
        nonlocal last_space
        if a >= b:
            return
        out.append(text[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))
        last_space = False

    def emit_space(a: int, b: int) -> None:
        nonlocal last_space
        if last_space:
            ends[-1] = b  # widen the previous space to cover this run too
        elif starts:  # leading whitespace is dropped
            out.append(" ")
            starts.append(a)
            ends.append(b)
            last_space = True

    while pos < n:
        m = _SPECIAL.search(text, pos)
        if m is None:
            emit_plain(pos, n)
            break
        a = m.start()
        if m.group().isspace():
            emit_plain(pos, a)
            emit_space(a, m.end())
            pos = m.end()
            continue
        # a non-ASCII character (or backtick): take its cluster of following marks; a
        # mark right after an ASCII letter belongs to that letter ("e" + U+0301 -> "é")
        if _is_mark(text[a]) and a > pos:
            a -= 1
        emit_plain(pos, a)
        b = m.end()
        while b < n and _is_mark(text[b]):
            b += 1
        for ch in normalize_char_map(text[a:b]):
            if ch.isspace():
                emit_space(a, b)
            else:
                out.append(ch)
                starts.append(a)
                ends.append(b)
                last_space = False
        pos = b
    result = "".join(out)
    if last_space:  # trailing whitespace is dropped
        result = result[:-1]
        del starts[-1]
        del ends[-1]
    return NormalizedText(result, n, starts, ends)
