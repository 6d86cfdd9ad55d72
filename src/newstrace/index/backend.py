"""The storage seam of the candidate index: what a backend must provide.

Documents get dense integer numbers (0, 1, 2 ... in indexing order); postings
are (key, doc) rows in two tables: ``"shingle"`` (word and stopword
fingerprints) and ``"band"`` (MinHash LSH buckets). Backends store and look up;
all the logic (caps, pairing, scoring) lives in ``candidates``. Two
implementations: ``MemoryBackend`` (numpy, in RAM) and ``SQLiteBackend`` (the same
sorted runs, saved in the newstrace store and cached in RAM: 16 bytes a posting).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

__all__ = ["IndexBackend", "TABLES"]

TABLES = ("shingle", "band")


class IndexBackend(Protocol):
    def n_docs(self) -> int:
        """How many documents are indexed (the next document number)."""
        ...

    def known(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these article ids are already indexed."""
        ...

    def add_docs(
        self,
        article_ids: Sequence[str],
        counts: np.ndarray,
        signatures: np.ndarray,
        has_sig: np.ndarray,
    ) -> None:
        """Append documents numbered ``n_docs() ...`` in the given order."""
        ...

    def docs(self, numbers: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Article ids, fingerprint counts ``(n, kinds)`` and signatures ``(n, perm)`` of docs."""
        ...

    def postings(self, table: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All stored (key, doc) rows whose key is in ``keys`` (unique int64)."""
        ...

    def add_postings(self, table: str, keys: np.ndarray, docs: np.ndarray) -> None:
        """Store (key, doc) rows."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...
