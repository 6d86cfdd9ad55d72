"""Core value types of newstrace: immutable, hashable, JSON-friendly.

Text is stored once, in ``Article.text``; every other type points into it with
half-open character offsets ``[start, end)`` (RapidFuzz's convention), so a
report can highlight exactly what a finding rests on.

This module holds data only: no I/O, no algorithms. Conversion to and from
plain dicts (for JSON, SQLite rows and Parquet) is here because every stage
needs the same shapes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Article",
    "Span",
    "AlignedPassage",
    "Substitution",
    "ReuseEdge",
    "SpinFinding",
    "Quote",
    "Figure",
    "Story",
    "to_dict",
]

# Reuse kinds, from strongest to weakest textual evidence. ``unrelated`` is a
# verdict of ``compare`` only: no edge is ever stored with it.
REUSE_KINDS = (
    "verbatim",
    "near_duplicate",
    "partial",
    "paraphrase",
    "spun",
    "translation",
    "unrelated",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested.

    ``id`` is deterministic (see ``newstrace.ingest.ids``). ``source_ref`` is the
    input path the article came from; ``source_record`` the record's own id
    inside that input (JSONL ``id`` field, WARC-Record-ID), or None.
    ``source_offset`` is where ``text`` starts inside the decoded input file
    (non-zero when a metadata header was stripped), so offsets can be mapped
    back to the user's file.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as precise as known
    language: str | None = None  # ISO 639-1 code
    byline: str | None = None
    credits: tuple[str, ...] = ()
    source_ref: str | None = None
    source_record: str | None = None
    source_offset: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """A passage of A (``a_start:a_end``) reused in B (``b_start:b_end``)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Substitution:
    """A word-level swap inside an aligned passage: A's ``a_text`` became B's ``b_text``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


@dataclass(frozen=True, slots=True)
class ReuseEdge:
    """``derived_id`` reuses ``source_id``.

    When the direction is unknown, ``direction_known`` is False and the ids are
    in a canonical (sorted) order; ``direction_evidence`` then says why not.
    """

    source_id: str
    derived_id: str
    kind: str
    coverage_source: float
    coverage_derived: float
    score: float
    direction_evidence: tuple[str, ...] = ()
    passages: tuple[AlignedPassage, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    direction_known: bool = False


@dataclass(frozen=True, slots=True)
class SpinFinding:
    article_id: str
    start: int
    end: int
    spun_text: str
    original_text: str
    evidence: tuple[str, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class Quote:
    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    direct: bool
    speaker_resolved: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    article_id: str
    start: int
    end: int
    value: float
    unit: str | None
    counts_what: str | None
    text: str = ""
    value_high: float | None = None  # upper bound of a range ("20 to 30")
    qualifier: str | None = None  # "more than", "at least", "about", ...
    sentence_span: tuple[int, int] | None = None  # [start, end) of the sentence it occurs in


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    label: str
    first_seen: str | None
    last_seen: str | None
    independent_origins: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def to_dict(value: Any) -> Any:
    """Convert a core value (or a list/tuple of them) to plain JSON-able data.

    >>> to_dict(Span("a1", 0, 5))
    {'article_id': 'a1', 'start': 0, 'end': 5}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items()}
    return value
