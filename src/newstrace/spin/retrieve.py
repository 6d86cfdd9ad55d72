"""Phrase-level retrieval: the known original phrases nearest in meaning to a spun phrase.

Word-by-word candidates miss an original whenever one swapped word has no
thesaurus path back ("acceptable" -> "positive"), and they cannot change the
number of words. A spun phrase still means what its original meant, so the
lexicon's known original phrases are embedded once (all-MiniLM-L6-v2, int8
ONNX, ``newstrace.text.embed``) and the nearest ones to the spun phrase are
offered to the restorer as whole candidates ("profound neural organization" is
nearest to "deep neural network"), to be weighed by the re-ranker
(``newstrace.spin.rerank``) against the decoder's own.

Optional: without the ``embed`` extra (onnxruntime, tokenizers, the model
package) ``available()`` is False and restoration works as before. Embedding a
lexicon costs ~5 ms per phrase once per process (3,400 phrases: ~15 s);
a query ~5 ms.

What it does NOT do: retrieve from anything but the lexicon's originals (the
bigram lists and WordNet's 60k multiword entries would cost minutes to embed),
or decide whether a phrase is spun.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["available", "PhraseIndex"]


def available() -> bool:
    """True when the MiniLM embedder can run here (the ``embed`` extra is installed)."""
    from newstrace.text import embed

    return embed.available("minilm")


class PhraseIndex:
    """Known phrases embedded once; ``nearest`` gives the closest to a query phrase."""

    def __init__(self, phrases: Sequence[tuple[str, ...]]) -> None:
        from newstrace.text.embed import load_embedder

        self.phrases: list[tuple[str, ...]] = sorted(set(phrases))
        self._pos = {p: i for i, p in enumerate(self.phrases)}
        self._embedder = load_embedder("minilm")
        self._matrix: np.ndarray = self._embedder.encode([" ".join(p) for p in self.phrases])

    def similarities(self, words: Sequence[str]) -> np.ndarray:
        """Cosine of the query phrase with every indexed phrase (in ``self.phrases`` order)."""
        q = self._embedder.encode([" ".join(words)])[0]
        return self._matrix @ q

    def nearest(
        self, words: Sequence[str], k: int, sims: np.ndarray | None = None
    ) -> list[tuple[tuple[str, ...], float]]:
        """The ``k`` indexed phrases nearest to ``words``, with their cosines, nearest first."""
        import numpy as np

        if not self.phrases or k <= 0:
            return []
        s = self.similarities(words) if sims is None else sims
        k = min(k, len(self.phrases))
        top = np.argpartition(-s, k - 1)[:k]
        order = sorted(top.tolist(), key=lambda i: (-float(s[i]), self.phrases[i]))
        return [(self.phrases[i], float(s[i])) for i in order]

    def cosine_map(
        self, sims: np.ndarray, wanted: Sequence[tuple[str, ...]]
    ) -> Mapping[tuple[str, ...], float]:
        """Cosines (from ``similarities``) of those ``wanted`` phrases that are indexed."""
        return {p: float(sims[self._pos[p]]) for p in wanted if p in self._pos}
