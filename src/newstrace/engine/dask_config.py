"""Settings of the Dask engine (partition sizes, cluster shape), one frozen dataclass.

Sizes are chosen from the per-stage figures measured by ``benchmarks/scaling.py``
(see ``docs/scaling.md``); none of them changes a result, only how the work is cut.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DaskConfig"]


@dataclass(frozen=True)
class DaskConfig:
    # Articles per article partition (one fingerprint task, one spin/claims task each).
    # News articles average ~3 KB of text, so a partition is ~15 MB of text and its
    # fingerprints ~300 postings x 16 bytes x 5,000 = 24 MB: a few hundred MB of
    # working set per task at most, well inside a 2 GB worker.
    articles_per_partition: int = 5000
    # Articles per shuffle bucket (postings by key hash) and per candidate-pair
    # partition: ~20,000 articles' postings (~100 MB of int64 columns) per reduce task.
    # The bucket count is max(2, ceil(n_articles / this)).
    articles_per_bucket: int = 20000
    # LocalCluster shape when no scheduler address is given: this machine has 2 cores.
    n_workers: int = 2
    threads_per_worker: int = 1
    # Per-worker memory bound of the LocalCluster (Dask spills at 60%, pauses at 80%).
    memory_limit: str = "3GiB"
    # Worker processes (True) or threads in this process (False: quick tests).
    processes: bool = True

    def n_buckets(self, n_articles: int) -> int:
        return max(2, -(-n_articles // max(1, self.articles_per_bucket)))
