"""Pair quotation marks into quoted spans, paragraph by paragraph.

Handles straight (``"``), curly (``“ ”``), low-high (``„ “``), guillemets
(``« »``) and TeX-style (````` ... ``''``) double marks. Pairing restarts at
every paragraph so one stray mark spoils at most one paragraph (textacy gives up
on a whole document with an odd number of marks). A quotation left open at the
end of a paragraph continues into the next paragraph when that one opens with a
quotation mark (the news convention for multi-paragraph quotes); otherwise it is
closed at the paragraph end.

Single quotes are not paired: ``’`` is also the apostrophe, and nested single
quotes live inside a double-quoted span anyway. Does not decide whether a span
is a quotation or a scare quote (``quotes.py`` does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuotedSpan", "find_quoted_spans", "paragraph_bounds"]

OPENERS = "“„«‹"
CLOSERS = "”»›"
STRAIGHT = '"'
_MARK = re.compile(r"``|''|[\"“”„«»‹›]")
_PARA = re.compile(r"\n")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """``[start, end)`` includes the marks; ``closed`` is False when no closing mark was found."""

    start: int
    end: int
    closed: bool
    paragraphs: int = 1


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the non-empty lines of ``text`` (news puts one paragraph per line)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _kind(text: str, pos: int, mark: str, is_open: bool) -> str:
    """'open', 'close' or 'either' for one mark in context."""
    if mark in OPENERS or mark == "``":
        # "“" closes a German „...“ pair: an opener while a quote is open is
        # treated by the caller.
        return "open"
    if mark in CLOSERS or mark == "''":
        return "close"
    # Straight quote: decide from the neighbours.
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if is_open:
        return "close"
    if before.isalnum() and (after.isspace() or after in ".,;:!?)"):
        return "close"  # stray closer: caller ignores it
    return "open"


def _stripped_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """All double-quoted spans of ``text`` in order, marks included.

    >>> [text[s.start:s.end] for text in ['He said "yes, we will" and left.']
    ...  for s in find_quoted_spans(text)]
    ['"yes, we will"']
    """
    paras = paragraph_bounds(text)
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_mark = ""
    n_paras = 1
    for pi, (p_start, p_end) in enumerate(paras):
        continuing = open_at is not None
        first_mark = True
        for m in _MARK.finditer(text, p_start, p_end):
            mark = m.group()
            if continuing and first_mark and not text[p_start : m.start()].strip():
                # Continuation opener of a multi-paragraph quote: consume it.
                first_mark = False
                if mark not in CLOSERS and mark != "''":
                    continue
            first_mark = False
            kind = _kind(text, m.start(), mark, open_at is not None)
            if open_at is None:
                if kind == "open":
                    open_at, open_mark, n_paras = m.start(), mark, 1
                continue
            if kind == "close" or (open_mark == "„" and mark == "“"):
                spans.append(QuotedSpan(open_at, m.end(), True, n_paras))
                open_at = None
            elif kind == "open" and mark != STRAIGHT:
                # A second opener: the first one was stray (or its closer is
                # missing); restart here.
                open_at, open_mark, n_paras = m.start(), mark, 1
            continuing = False
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            lead = text[nxt[0] : nxt[1]].lstrip()[:2] if nxt else ""
            if nxt and (lead[:1] in OPENERS + STRAIGHT or lead == "``"):
                n_paras += 1
                continue
            spans.append(QuotedSpan(open_at, _stripped_end(text, open_at, p_end), False, n_paras))
            open_at = None
    return spans
