"""Thresholds for edge building and direction (every number says why)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReuseConfig:
    # Dates closer than this (hours) say nothing about direction: wire copies are often
    # published within the same hour, and many feeds only give the day.
    min_date_gap_hours: float = 1.0
    # Vote weights: a credit line naming the other outlet is the strongest single signal
    # (the derived text says so itself); a clear date gap next; textual signals (spin,
    # containment, added material) are weaker because summaries and rewrites can invert them.
    weight_credit: float = 3.0
    weight_date: float = 2.0
    weight_text: float = 1.0
    # An edge needs at least this many aligned characters on the shorter side (about one
    # sentence): shorter overlaps are usually shared boilerplate or a shared quote.
    min_aligned_chars: int = 120
    # News about one event shares names, facts and quotes without any copying. Measured on
    # BASIL (150 independently written Fox/NYT/HuffPost articles, 2010-2014), the aligner's
    # weak links there are: paraphrase links with one passage covering < 20% of a side, and
    # "spun" links scoring < 0.3 (the example corpus's real spun copy scores 0.69, its real
    # rewrites 0.18-0.43 with >= 29% coverage on both sides). Below these floors no edge is stored.
    min_paraphrase_score: float = 0.15
    min_paraphrase_coverage: float = 0.2
    min_spun_score: float = 0.3
    # A partial link needs one near-verbatim passage (word similarity >= 0.8) or 20% coverage.
    partial_verbatim_similarity: float = 0.8
    min_partial_coverage: float = 0.2
    # Passages that are mostly (>= 70%) text inside quotation marks are a shared quote, which
    # independent reports of one statement all carry: alone they link nothing.
    shared_quote_fraction: float = 0.7
