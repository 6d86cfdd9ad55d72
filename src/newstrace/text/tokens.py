"""Word tokens and sentences with exact character offsets into the original text.

Fast (vectorised with numpy over the characters, no spaCy): a word is a run
of letters, digits, underscores and combining marks, with inner apostrophes kept
("don't", "O'Neil"); ``WORD_RE`` is the same rule as a regex, without the marks.
Offsets are half-open ``[start, end)`` indexes into the string given, so
``text[start:end]`` is always the token or sentence itself, whatever the
script, the line endings (CRLF is left alone) or the characters outside the BMP.

Sentence splitting is punctuation-driven: ``.``, ``!``, ``?``, the Arabic
question mark ``؟`` and the Devanagari danda ``।``, each followed by whitespace;
the Urdu full stop ``۔`` and comma ``،`` (Urdu news sentences run long, and the
comma separates clauses that are reused on their own; Urdu typing often omits
the space after them) and the CJK ``。！？`` wherever they occur; and line breaks, except a single line break followed by
a lower-case word (a wrapped line, not a new sentence). Abbreviations ("Dr. Smith") do split;
callers that need it merge short sentences (see ``newstrace.align``). This
module does not stem, tag or detect languages (see ``newstrace.text.stopwords``
for the language-agnostic stopword fallback).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

__all__ = [
    "WORD_RE",
    "Tokens",
    "tokenize",
    "fold",
    "sentence_spans",
    "dominant_script",
]

# A word: letters/digits/underscore (any script), allowing inner apostrophes.
# Combining marks (\u0300-\u036f etc., Urdu diacritics) are part of \w in Python's re.
WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")

# Sentence ends: terminal punctuation (+ closing quotes/brackets) before whitespace,
# or a line break. CJK terminators need no following space.
_SENT_END_RE = re.compile(
    r"[.!?\u061f\u0964]+[\"'\u201d\u2019)\]]*(?=\s)|[\u06d4\u060c\u3002\uff01\uff1f]+|\n"
)


@dataclass(frozen=True, eq=False)
class Tokens:
    """Tokens of one text: token ``i`` is ``text[starts[i]:ends[i]]``, ``folded[i]`` its folded form.

    ``starts``/``ends`` are int64 numpy arrays (they feed vectorised code);
    ``words`` gives the tokens as written.
    """

    text: str
    starts: np.ndarray
    ends: np.ndarray
    folded: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.folded)

    @property
    def words(self) -> tuple[str, ...]:
        t = self.text
        return tuple(t[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True))


def fold(word: str) -> str:
    """Lower-case and map the typographic apostrophe to ASCII ("Don\u2019t" -> "don't")."""
    return word.lower().replace("\u2019", "'")


def _fold_text(text: str) -> str:
    """``fold`` applied to the whole text, keeping every character at its offset."""
    low = text.lower()
    if len(low) != len(text):  # rare: a character whose lower case is longer ("\u0130")
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if "\u2019" in low:
        low = low.replace("\u2019", "'")
    return low


def _is_word_char(ch: str) -> bool:
    # Letters, digits, underscore (as re's \w) plus combining marks, so that a word
    # written with diacritics (Urdu zer/zabar, Hindi matras) stays one token.
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


_ASCII_WORD = np.array([_is_word_char(chr(c)) for c in range(128)], dtype=bool)


def word_flags(folded_text: str) -> np.ndarray:
    """Boolean array: is each character part of a word (inner apostrophes included)?"""
    codes = np.frombuffer(folded_text.encode("utf-32-le"), dtype=np.uint32)
    isw = np.zeros(len(codes), dtype=bool)
    asc = codes < 128
    isw[asc] = _ASCII_WORD[codes[asc]]
    non = ~asc
    if non.any():
        uniq, inv = np.unique(codes[non], return_inverse=True)
        flags = np.fromiter(
            (_is_word_char(chr(c)) for c in uniq.tolist()), dtype=bool, count=len(uniq)
        )
        isw[non] = flags[inv]
    if len(codes) > 2:
        inner = (codes[1:-1] == 39) & isw[:-2] & isw[2:]
        isw[1:-1] |= inner
    return isw


def tokenize(text: str) -> Tokens:
    """Split ``text`` into word tokens with character offsets.

    A word is a maximal run of letters, digits, underscores and combining marks,
    with inner apostrophes ("don't"). Vectorised over the characters (numpy), on
    the folded text, which has the original's length, so offsets are the original's.

    >>> t = tokenize("Cold War, caf\u00e9\\r\\nended.")
    >>> t.words, t.starts.tolist(), t.ends.tolist(), t.folded[0]
    (('Cold', 'War', 'caf\u00e9', 'ended'), [0, 5, 10, 16], [4, 8, 14, 21], 'cold')
    """
    low = _fold_text(text)
    isw = word_flags(low)
    edges = np.diff(np.concatenate(([0], isw.view(np.int8), [0])))
    starts = np.nonzero(edges == 1)[0].astype(np.int64)
    ends = np.nonzero(edges == -1)[0].astype(np.int64)
    folded = tuple(map(low.__getitem__, map(slice, starts.tolist(), ends.tolist())))
    return Tokens(text, starts, ends, folded)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``, stripped of surrounding whitespace.

    Every non-whitespace character belongs to exactly one span; spans are in order
    and do not overlap.

    >>> sentence_spans("One. Two!\\nThree")
    [(0, 4), (5, 9), (10, 15)]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for m in _SENT_END_RE.finditer(text):
        end = m.end()
        if m.group() == "\n" and _continues(text, end):
            continue
        _add_span(text, pos, end, spans)
        pos = end
    if pos < n:
        _add_span(text, pos, n, spans)
    return spans


def _continues(text: str, pos: int) -> bool:
    """Is the line break before ``pos`` inside a sentence (next word starts lower-case)?"""
    n = len(text)
    while pos < n and text[pos].isspace():
        if text[pos] == "\n":
            return False  # a blank line always ends a sentence
        pos += 1
    return pos < n and text[pos].islower()


def _add_span(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def dominant_script(text: str, sample: int = 4000) -> str:
    """The Unicode script (first word of the character name, e.g. LATIN, ARABIC) of most letters.

    Looks at the first ``sample`` characters only; returns "" for a text without letters.

    >>> dominant_script("Hello"), dominant_script("\u0633\u0644\u0627\u0645")
    ('LATIN', 'ARABIC')
    """
    head = text[:sample]
    letters = _LETTER_RE.findall(head)
    if not letters:
        return ""
    ascii_letters = len(_ASCII_LETTER_RE.findall(head))
    if ascii_letters * 2 > len(letters):
        return "LATIN"
    counts: dict[str, int] = {}
    for ch in letters[:400]:
        if ch.isascii():
            script = "LATIN"
        else:
            try:
                script = unicodedata.name(ch).split(" ", 1)[0]
            except ValueError:
                continue
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return ""
    return max(counts.items(), key=lambda kv: kv[1])[0]


_LETTER_RE = re.compile(r"[^\W\d_]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
