"""The result of aligning two texts, and its JSON shape (the ``compare --json`` output).

Data only: computing it is ``newstrace.align.fast`` (and ``reference``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newstrace.types import AlignedPassage, Substitution, to_dict

__all__ = ["AlignmentResult", "to_json"]


@dataclass(frozen=True, slots=True)
class AlignmentResult:
    """How text B reuses text A.

    ``relation`` is one of ``newstrace.types.REUSE_KINDS``; ``score`` in 0..1;
    ``source`` is "a", "b" or None (which text is the likely source, from textual
    evidence only); ``passages`` are sorted by ``b_start`` and never overlap in B;
    offsets are half-open into the original texts.
    """

    relation: str
    score: float
    source: str | None
    passages: tuple[AlignedPassage, ...] = ()
    substitutions: tuple[Substitution, ...] = ()
    evidence: tuple[str, ...] = ()
    coverage_a: float = 0.0
    coverage_b: float = 0.0


def to_json(res: AlignmentResult) -> dict[str, Any]:
    """Plain JSON-able dict: relation, score, source, coverage_a/b, passages, substitutions, evidence.

    >>> to_json(AlignmentResult("unrelated", 0.0, None))["passages"]
    []
    """
    return {
        "relation": res.relation,
        "score": round(float(res.score), 4),
        "source": res.source,
        "coverage_a": round(float(res.coverage_a), 4),
        "coverage_b": round(float(res.coverage_b), 4),
        "passages": [
            {**to_dict(p), "similarity": round(float(p.similarity), 4)} for p in res.passages
        ],
        "substitutions": [to_dict(s) for s in res.substitutions],
        "evidence": list(res.evidence),
    }
