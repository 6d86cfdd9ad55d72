"""Candidate generation over the whole corpus (never all pairs).

``CandidateIndex(backend).add_and_query(articles)`` returns the pairs worth
aligning, with the reasons; backends: ``MemoryBackend`` and ``SQLiteBackend``.
"""

from __future__ import annotations

from newstrace.index.candidates import Candidate, CandidateIndex, IndexStats
from newstrace.index.config import IndexConfig
from newstrace.index.memory_backend import MemoryBackend
from newstrace.index.sqlite_backend import SQLiteBackend

__all__ = [
    "Candidate",
    "CandidateIndex",
    "IndexConfig",
    "IndexStats",
    "MemoryBackend",
    "SQLiteBackend",
]
