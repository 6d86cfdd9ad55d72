"""Word tokens and sentences with exact character offsets into the original text.

Regex-based and fast (one ``re.finditer`` pass per text, no spaCy): a word is a
run of Unicode word characters, with inner apostrophes kept ("don't", "O'Neil").
Offsets are half-open ``[start, end)`` indexes into the string given, so
``text[start:end]`` is always the token or sentence itself, whatever the
script, the line endings (CRLF is left alone) or the characters outside the BMP.

Sentence splitting is punctuation-driven: ``.``, ``!``, ``?``, the Urdu/Arabic
full stop ``۔``, ``؟``, the Devanagari danda ``।`` and the CJK ``。！？``, each
followed by whitespace, and line breaks. Abbreviations ("Dr. Smith") do split;
callers that need it merge short sentences (see ``newstrace.align``). This
module does not stem, tag or detect languages (see ``newstrace.text.stopwords``
for the language-agnostic stopword fallback).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    r"[.!?\u06d4\u061f\u0964]+[\"'\u201d\u2019)\]]*(?=\s)|[\u3002\uff01\uff1f]+|\n"
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Tokens of one text: ``words[i] == text[starts[i]:ends[i]]``; ``folded`` is lower-cased."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]
    folded: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.words)


def fold(word: str) -> str:
    """Case-fold and map the typographic apostrophe to ASCII ("Don\u2019t" -> "don't")."""
    return word.casefold().replace("\u2019", "'")


def tokenize(text: str) -> Tokens:
    """Split ``text`` into word tokens with character offsets.

    >>> t = tokenize("Cold War, caf\u00e9\\r\\nended.")
    >>> t.words, t.starts, t.ends
    (('Cold', 'War', 'caf\u00e9', 'ended'), (0, 5, 10, 16), (4, 8, 14, 21))
    """
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for m in WORD_RE.finditer(text):
        s, e = m.span()
        starts.append(s)
        ends.append(e)
        words.append(m.group())
    folded = tuple(fold(w) for w in words)
    return Tokens(tuple(starts), tuple(ends), tuple(words), folded)


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
        _add_span(text, pos, end, spans)
        pos = end
    if pos < n:
        _add_span(text, pos, n, spans)
    return spans


def _add_span(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def dominant_script(text: str, sample: int = 2000) -> str:
    """The Unicode script (first word of the character name, e.g. LATIN, ARABIC) of most letters.

    Looks at the first ``sample`` letters only; returns "" for a text without letters.
    """
    counts: dict[str, int] = {}
    seen = 0
    for ch in text:
        if not ch.isalpha():
            continue
        try:
            script = unicodedata.name(ch).split(" ", 1)[0]
        except ValueError:
            continue
        counts[script] = counts.get(script, 0) + 1
        seen += 1
        if seen >= sample:
            break
    if not counts:
        return ""
    return max(counts.items(), key=lambda kv: kv[1])[0]
