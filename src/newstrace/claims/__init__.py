"""Claims: who is quoted saying what, which numbers are reported, and where outlets differ.

Public API (stable names; the engine, store and CLI use them):

- ``extract_quotes(text, article_id="")`` -> ``list[Quote]``
- ``extract_figures(text, article_id="")`` -> ``list[Figure]``
- ``compare_claims(articles)`` -> ``ClaimsComparison`` (cross-outlet quote and
  figure groups with variant and disagreement flags)

Heavy libraries (spaCy, the sentence encoder) load lazily on first use.
"""

from __future__ import annotations

from newstrace.claims.compare import ClaimsComparison, FigureGroup, QuoteGroup, Variant, compare_claims
from newstrace.claims.config import ClaimsConfig
from newstrace.claims.figures import extract_figures
from newstrace.claims.quotes import extract_quotes

__all__ = [
    "ClaimsComparison",
    "ClaimsConfig",
    "FigureGroup",
    "QuoteGroup",
    "Variant",
    "compare_claims",
    "extract_figures",
    "extract_quotes",
]
