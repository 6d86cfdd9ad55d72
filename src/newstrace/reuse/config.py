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
