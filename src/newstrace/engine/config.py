"""Settings of a whole ``analyze`` run (which stages, how many processes, batch sizes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newstrace.engine.settings import RunSettings


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
    # Online stories with local re-clustering (``stories.recluster_local``): every
    # ``stories_recluster_every`` articles, the stories they touched and their closest
    # neighbours are re-partitioned with the batch method. ECB+ event BCubed F1, held-out
    # topics, at the shipped defaults: online 0.850 -> 0.947 (spaCy NER); BASIL 0.956 ->
    # 0.958. Off by default: it re-clusters at a few hundred articles per CPU-second
    # (benchmarks/stories_throughput.py: 166/s with 100k stored, against 3,463/s for
    # assignment alone) and keeps every article's features of the run in memory.
    stories_recluster: bool = False
    stories_recluster_every: int = 50
    spin: bool = True
    # A list of known spins (``analyze --lexicon FILE``) replacing the one stored; without it
    # the stored list (if any) is used; ``spin_lexicon_drop`` removes it (engine/spin_lexicon.py).
    spin_lexicon: str | None = None
    spin_lexicon_drop: bool = False
    claims: bool = True
    stories: bool = True
    # Every stage's own config (``analyze --config FILE --set SECTION.KEY=VALUE``); the CLI
    # resolves them against the settings recorded in the store (``engine.settings``).
    settings: RunSettings = field(default_factory=RunSettings)
