"""Slice an article's text into segments at the stored offsets of everything marked on it.

A mark is a half-open ``[start, end)`` range of the ORIGINAL text with a kind
(``passage``, ``sub``, ``spin``, ``quote``, ``figure``) and a payload. The text is
cut at every mark boundary; each segment lists the marks covering it, so the
templates can render one escaped ``<span>`` per segment and concatenating the
segments of a mark gives exactly ``text[start:end]``. Offsets outside the text are
clamped; empty or inverted ranges are dropped (a bad offset never raises here).

Does not escape (the templates' autoescape does) and does not decide what to mark
(``build.py`` does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Mark", "Segment", "segment_text"]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    # Passage number for ``passage``; replacement/original text for ``sub``/``spin``;
    # speaker for ``quote``; value for ``figure``.
    payload: Any = None
    note: str = ""


@dataclass
class Segment:
    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def passages(self) -> list[int]:
        return sorted({int(m.payload) for m in self.marks if m.kind == "passage"})

    @property
    def kinds(self) -> list[str]:
        return sorted({m.kind for m in self.marks})

    def first(self, kind: str) -> Mark | None:
        for m in self.marks:
            if m.kind == kind:
                return m
        return None

    @property
    def marked(self) -> bool:
        return bool(self.marks)

    def classes(self) -> str:
        """CSS classes: one per mark kind, plus a colour (``pc0``..``pc5``) of the first passage."""
        names = [f"m-{k}" for k in self.kinds]
        ps = self.passages
        if ps:
            # Six colours cycle: neighbouring passages always differ in colour.
            names.append(f"pc{(ps[0] - 1) % 6}")
        return " ".join(names)

    def title(self, kinds: tuple[str, ...] | None = None) -> str:
        """Hover text: every note of the marks (of these kinds) covering this segment, in a stable order."""
        notes: list[str] = []
        for m in sorted(self.marks, key=lambda m: (m.kind, m.start, m.end)):
            if kinds is not None and m.kind not in kinds:
                continue
            if m.note and m.note not in notes:
                notes.append(m.note)
        return "\n".join(notes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text, "kinds": self.kinds,
            "passages": self.passages, "title": self.title(),
        }


def segment_text(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each segment carries the marks covering it.

    >>> [(s.text, s.kinds) for s in segment_text("Cold War era", [Mark(0, 8, "passage", 1)])]
    [('Cold War', ['passage']), (' era', [])]
    """
    n = len(text)
    clean: list[Mark] = []
    for m in marks:
        s, e = max(0, min(int(m.start), n)), max(0, min(int(m.end), n))
        if e > s:
            clean.append(Mark(s, e, m.kind, m.payload, m.note) if (s, e) != (m.start, m.end) else m)
    points = sorted({0, n, *(m.start for m in clean), *(m.end for m in clean)})
    # Sweep: marks sorted by start enter the active set; those ending at or before a
    # segment's start leave it. O((segments + marks) * active) — active sets are small.
    by_start = sorted(clean, key=lambda m: (m.start, m.end))
    active: list[Mark] = []
    i = 0
    out: list[Segment] = []
    for lo, hi in zip(points, points[1:], strict=False):
        while i < len(by_start) and by_start[i].start <= lo:
            active.append(by_start[i])
            i += 1
        active = [m for m in active if m.end > lo]
        out.append(Segment(lo, hi, text[lo:hi], [m for m in active if m.start <= lo < m.end]))
    return out
