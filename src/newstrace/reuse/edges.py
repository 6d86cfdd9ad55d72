"""Build a ``ReuseEdge`` from an alignment of two articles.

The alignment's passages/substitutions use A/B sides; the edge uses
source/derived sides, so they are swapped when B is the source. An alignment
with no passages (or too little aligned text) gives no edge: newstrace never
links two articles without aligned passages. Does not align or store.
"""

from __future__ import annotations

import re
from typing import Any

from newstrace.reuse.config import ReuseConfig
from newstrace.reuse.direction import decide_direction
from newstrace.types import AlignedPassage, Article, ReuseEdge, Substitution

__all__ = ["build_edge"]


def _swap_passage(p: AlignedPassage) -> AlignedPassage:
    return AlignedPassage(p.b_start, p.b_end, p.a_start, p.a_end, p.kind, p.similarity)


def _swap_sub(s: Substitution) -> Substitution:
    return Substitution(s.b_start, s.b_end, s.a_start, s.a_end, s.b_text, s.a_text)


# Text between straight or curly double quotes, up to 600 characters (one quoted passage).
_QUOTED = re.compile(r'"[^"\n]{1,600}"|\u201c[^\u201d\n]{1,600}\u201d')


def _quoted_fraction(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the characters of ``spans`` that lie inside quotation marks in ``text``."""
    total = sum(e - s for s, e in spans)
    if total <= 0:
        return 0.0
    inside = 0
    for m in _QUOTED.finditer(text):
        for s, e in spans:
            inside += max(0, min(e, m.end()) - max(s, m.start()))
    return inside / total


def weak_link_reason(a: Article, b: Article, result: Any, cfg: ReuseConfig) -> str | None:
    """Why an alignment is too weak to be called reuse between news articles, or None."""
    cov = min(float(result.coverage_a), float(result.coverage_b))
    best_sim = max((p.similarity for p in result.passages), default=0.0)
    if result.relation == "paraphrase" and (
        result.score < cfg.min_paraphrase_score or cov < cfg.min_paraphrase_coverage
    ):
        return f"paraphrase too weak (score {result.score:.2f}, coverage {cov:.0%})"
    if result.relation == "spun" and result.score < cfg.min_spun_score:
        return f"spun-like swaps too few (score {result.score:.2f})"
    if result.relation == "partial" and best_sim < cfg.partial_verbatim_similarity and cov < cfg.min_partial_coverage:
        return f"partial overlap too loose (best passage similarity {best_sim:.2f}, coverage {cov:.0%})"
    if cov < cfg.min_partial_coverage:
        qa = _quoted_fraction(a.text, [(p.a_start, p.a_end) for p in result.passages])
        qb = _quoted_fraction(b.text, [(p.b_start, p.b_end) for p in result.passages])
        if min(qa, qb) >= cfg.shared_quote_fraction:
            return f"only a shared quotation ({min(qa, qb):.0%} of the aligned text is quoted speech)"
    return None


def build_edge(a: Article, b: Article, result: Any, config: ReuseConfig | None = None) -> tuple[ReuseEdge, list[str]] | None:
    """``result`` is an ``AlignmentResult`` of ``align_texts(a.text, b.text)``.

    Returns (edge, link evidence) or None when the texts are not linked: no passages, too
    little aligned text, or a link too weak to be reuse (``weak_link_reason``).
    """
    cfg = config or ReuseConfig()
    if result.relation == "unrelated" or not result.passages:
        return None
    aligned_a = sum(p.a_end - p.a_start for p in result.passages)
    aligned_b = sum(p.b_end - p.b_start for p in result.passages)
    shorter = min(len(a.text), len(b.text))
    if min(aligned_a, aligned_b) < min(cfg.min_aligned_chars, max(1, shorter // 2)):
        return None
    if weak_link_reason(a, b, result, cfg) is not None:
        return None
    direction, dir_evidence = decide_direction(a, b, result.source, tuple(result.evidence), cfg)
    passages = tuple(result.passages)
    subs = tuple(result.substitutions)
    cov_a, cov_b = float(result.coverage_a), float(result.coverage_b)
    if direction == "b":
        src, der = b, a
        passages = tuple(_swap_passage(p) for p in passages)
        subs = tuple(_swap_sub(s) for s in subs)
        cov_src, cov_der = cov_b, cov_a
    elif direction == "a" or a.id <= b.id:
        src, der = a, b
        cov_src, cov_der = cov_a, cov_b
    else:  # unknown direction: canonical order by id
        src, der = b, a
        passages = tuple(_swap_passage(p) for p in passages)
        subs = tuple(_swap_sub(s) for s in subs)
        cov_src, cov_der = cov_b, cov_a
    passages = tuple(sorted(passages, key=lambda p: (p.b_start, p.a_start)))
    subs = tuple(sorted(subs, key=lambda s: (s.b_start, s.a_start)))
    evidence = list(result.evidence) + [
        f"{len(passages)} aligned passage(s): {cov_src:.0%} of the source and {cov_der:.0%} of the derived text"
    ]
    edge = ReuseEdge(
        source_id=src.id,
        derived_id=der.id,
        kind=result.relation,
        coverage_source=cov_src,
        coverage_derived=cov_der,
        score=float(result.score),
        direction_evidence=tuple(dir_evidence),
        passages=passages,
        substitutions=subs,
        direction_known=direction is not None,
    )
    return edge, evidence
