"""Settings of a whole ``analyze`` run (which stages, how many processes, batch sizes)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnalyzeConfig:
    # 2 worker processes: this machine (and CI) has 2 cores; more only adds overhead.
    processes: int = 2
    # Candidate pairs aligned per committed transaction: ~1-2 s of work, so a kill
    # loses little and progress shows often.
    align_batch: int = 200
    # Articles per committed transaction for the per-article stages (spin, claims).
    article_batch: int = 200
    # The online stories stage is one ordered pass; it saves the clusterer's state and marks
    # the articles it has assigned at most this often (seconds of work), so a kill redoes at
    # most about this much of it (the stage took 11 minutes at 100k articles). The state is
    # rewritten whole each time and grows with the store, hence time-based, not per chunk.
    stories_checkpoint_seconds: float = 120.0
    spin: bool = True
    claims: bool = True
    stories: bool = True
