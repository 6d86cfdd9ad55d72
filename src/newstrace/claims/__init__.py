"""Claims: who is quoted saying what, which numbers are reported, and where outlets differ.

Public API (stable names; the engine, store and CLI use them):

- ``extract_quotes(text, article_id="")`` -> ``list[Quote]``
- ``extract_figures(text, article_id="")`` -> ``list[Figure]``
- ``extract_claims(text, article_id="")`` -> ``(quotes, figures)`` from one parse
  (half the time of calling both extractors)
- ``compare_claims(articles)`` -> ``ClaimsComparison`` (cross-outlet quote and
  figure groups with variant and disagreement flags)

Heavy libraries (spaCy, the sentence encoder) load lazily on first use.
"""

from __future__ import annotations

from newstrace.claims.compare import (
    ClaimsComparison,
    FigureGroup,
    QuoteGroup,
    Variant,
    compare_claims,
)
from newstrace.claims.config import ClaimsConfig
from newstrace.claims.figures import extract_figures
from newstrace.claims.quotes import extract_quotes
from newstrace.types import Figure, Quote


def extract_claims(
    text: str, article_id: str = "", config: ClaimsConfig | None = None
) -> tuple[list[Quote], list[Figure]]:
    """Quotes and figures of ``text`` from a single spaCy parse (``config``: the quotes'
    settings; figures have none)."""
    from newstrace.claims.figures import figures_from_doc
    from newstrace.claims.quotes import parse_article, quotes_from_doc

    doc = parse_article(text)
    return quotes_from_doc(doc, article_id, config), figures_from_doc(doc, article_id)


__all__ = [
    "ClaimsComparison",
    "ClaimsConfig",
    "FigureGroup",
    "QuoteGroup",
    "Variant",
    "compare_claims",
    "extract_claims",
    "extract_figures",
    "extract_quotes",
]
