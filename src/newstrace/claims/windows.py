"""Text windows around a quotation where its attribution may sit.

Pure string functions over the article text (no parser): the stretch after a
quote up to its sentence end (", said Kirby."), the stretch before it back to
the previous sentence end ("Kirby said, “..."), a line before ending in a colon
("Kirby said:"), and a short next sentence that only attributes ("Kirby told
reporters."). ``quotes.py`` looks for cues and speakers inside them.
"""

from __future__ import annotations

import re

from newstrace.claims.config import ClaimsConfig
from newstrace.claims.marks import QuotedSpan

__all__ = [
    "mid_sentence",
    "window_after",
    "window_before",
    "line_before_colon",
    "short_next_sentence",
    "sentence_end",
]

_MARK_CHARS = set('"“”„«»‹›')


def mid_sentence(text: str, pos: int) -> bool:
    """True when ``pos`` continues a sentence (a word, not a sentence end or colon, precedes it)."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return bool(before) and (before[-1].isalnum() or before[-1] in "’'%$)")


def window_after(text: str, s: QuotedSpan, direct: list[QuotedSpan]) -> tuple[int, int]:
    nxt = min([d.start for d in direct if d.start >= s.end] + [len(text)])
    lo = s.end
    rest = text[lo : lo + 3].lstrip(" \t")
    if text[s.end - 2 : s.end - 1] in (".", "!", "?") and rest[:1].isupper():
        return lo, lo  # the quote ended its sentence; what follows is a new one
    hi = min(nxt, sentence_end(text, lo))
    para_end = text.find("\n", lo)
    if para_end != -1:
        hi = min(hi, para_end)
    return lo, hi


_ABBREV = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Jr|Sr|Lt|Col|Capt|Sgt|Insp|Const|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])\."
)


def sentence_end(text: str, pos: int) -> int:
    for m in re.finditer(r"[.!?](?=\s|$)", text[pos : pos + 400]):
        # "Mr." / "Dr." / initials are not sentence ends.
        word = re.search(r"(\S+)$", text[pos : pos + m.start() + 1])
        w = word.group(1) if word else ""
        if _ABBREV.fullmatch(w):
            continue
        return pos + m.end()
    return min(len(text), pos + 400)


def window_before(text: str, s: QuotedSpan, direct: list[QuotedSpan]) -> tuple[int, int]:
    prev = max([d.end for d in direct if d.end <= s.start] + [0])
    para_start = text.rfind("\n", 0, s.start) + 1
    lo = max(prev, para_start)
    seg = text[lo : s.start]
    # Start after the last sentence end inside the window.
    cut = 0
    for m in re.finditer(r"[.!?](?=\s)", seg):
        word = re.search(r"(\S+)$", seg[: m.start() + 1])
        w = word.group(1) if word else ""
        if not _ABBREV.fullmatch(w):
            cut = m.end()
    return lo + cut, s.start


def line_before_colon(text: str, s: QuotedSpan) -> tuple[int, int] | None:
    para_start = text.rfind("\n", 0, s.start) + 1
    if text[para_start : s.start].strip():
        return None
    end = para_start - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end <= 0 or text[end - 1] != ":":
        return None
    line_start = text.rfind("\n", 0, end) + 1
    seg_start = max(line_start, end - 300)
    return seg_start, end


def short_next_sentence(text: str, s: QuotedSpan, cfg: ClaimsConfig) -> tuple[int, int] | None:
    if text[s.end - 2 : s.end - 1] not in (".", "!", "?"):
        return None
    lo = s.end
    while lo < len(text) and text[lo] in " \t":
        lo += 1
    hi = sentence_end(text, lo)
    seg = text[lo:hi]
    if not seg or "\n" in seg.strip() or any(ch in _MARK_CHARS for ch in seg):
        return None
    if len(seg.split()) > cfg.max_attribution_sentence:
        return None
    if re.search(r"\b(?:that|if|whether)\b", seg):
        return None
    return lo, hi
