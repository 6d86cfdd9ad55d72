"""Which of two linked articles is the likely source, and why.

Votes, each with a weight and a sentence of evidence:
- publication dates (the earlier one is the source, when they differ by more than
  ``min_date_gap_hours``);
- credit lines ("(Meridian Press)", "With information from Reuters"): an article that
  credits the other's outlet is derived;
- textual evidence from the aligner (the spun side is derived; the side with added
  material around a contained copy is derived).
The direction is unknown when the votes are silent or cancel out. Does not align
texts nor read the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from newstrace.reuse.config import ReuseConfig
from newstrace.types import Article

__all__ = ["DirectionVote", "decide_direction", "parse_when"]


@dataclass(frozen=True)
class DirectionVote:
    source: str  # "a" or "b": which article this vote says is the source
    weight: float
    evidence: str


def parse_when(value: str | None) -> datetime | None:
    """Parse an ISO date/datetime (naive or with offset); None when absent or unparseable."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        try:
            dt = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = dt.replace(tzinfo=None) - (dt.utcoffset() or (dt - dt))
    return dt


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _credits_other(credits: tuple[str, ...], other: Article) -> str | None:
    """The credit naming the other article's outlet (or host), if any."""
    names = {_norm(x) for x in (other.outlet,) if x}
    if other.url:
        host = re.sub(r"^https?://(www\.)?", "", other.url).split("/")[0]
        names.add(_norm(host.split(".")[0]))
    names.discard("")
    for c in credits:
        nc = _norm(c)
        if not nc:
            continue
        for n in names:
            if nc == n or (len(nc) >= 3 and (nc in n.split() or n.startswith(nc + " ") or nc.startswith(n + " "))):
                return c
    return None


def _date_votes(a: Article, b: Article, cfg: ReuseConfig) -> list[DirectionVote]:
    da, db = parse_when(a.published), parse_when(b.published)
    if da is None or db is None:
        return []
    gap_h = (db - da).total_seconds() / 3600.0
    date_only = len(a.published or "") <= 10 or len(b.published or "") <= 10
    threshold = 24.0 if date_only else cfg.min_date_gap_hours
    if abs(gap_h) < threshold:
        return []
    first = "a" if gap_h > 0 else "b"
    early, late = (a, b) if first == "a" else (b, a)
    return [
        DirectionVote(
            first, cfg.weight_date,
            f"published earlier: {early.published} ({early.outlet or early.id}) before "
            f"{late.published} ({late.outlet or late.id})",
        )
    ]


def _published_after(x: Article, y: Article, cfg: ReuseConfig) -> bool:
    """True when x was clearly published after y (so y cannot have copied x)."""
    dx, dy = parse_when(x.published), parse_when(y.published)
    if dx is None or dy is None:
        return False
    date_only = len(x.published or "") <= 10 or len(y.published or "") <= 10
    threshold = 24.0 if date_only else cfg.min_date_gap_hours
    return (dx - dy).total_seconds() / 3600.0 >= threshold


def _credit_votes(a: Article, b: Article, cfg: ReuseConfig) -> list[DirectionVote]:
    """A credit to the other's outlet points at that outlet, not necessarily at this article:
    when the credited article was published clearly later (a follow-up by the same agency),
    the credit cannot be for it and casts no vote."""
    votes = []
    cb = _credits_other(b.credits, a)
    if cb and not _published_after(a, b, cfg):
        votes.append(DirectionVote("a", cfg.weight_credit, f"{b.outlet or b.id} credits {cb!r} ({a.outlet or a.id})"))
    ca = _credits_other(a.credits, b)
    if ca and not _published_after(b, a, cfg):
        votes.append(DirectionVote("b", cfg.weight_credit, f"{a.outlet or a.id} credits {ca!r} ({b.outlet or b.id})"))
    return votes


def decide_direction(
    a: Article,
    b: Article,
    text_source: str | None,
    text_evidence: tuple[str, ...] = (),
    config: ReuseConfig | None = None,
) -> tuple[str | None, list[str]]:
    """Return (``"a"``/``"b"``/None, evidence sentences) for which article is the source.

    ``text_source`` is the aligner's own verdict from the texts alone (spin, containment).
    """
    cfg = config or ReuseConfig()
    votes = _credit_votes(a, b, cfg) + _date_votes(a, b, cfg)
    if text_source in ("a", "b"):
        why = "; ".join(text_evidence) if text_evidence else "textual evidence"
        votes.append(DirectionVote(text_source, cfg.weight_text, f"text: {why}"))
    total = sum(v.weight if v.source == "a" else -v.weight for v in votes)
    evidence = [f"{'A' if v.source == 'a' else 'B'} is source ({v.weight:g}): {v.evidence}" for v in votes]
    if not votes:
        return None, ["no dates, credits or textual evidence of direction"]
    if total == 0:
        return None, evidence + ["the evidence conflicts evenly: direction unknown"]
    return ("a" if total > 0 else "b"), evidence
