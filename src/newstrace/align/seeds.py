"""Seeds: pairs of sentences (one in A, one in B) that are evidence of reuse.

Three kinds of evidence, all computed with numpy/scipy over the whole pair at once:

* **sentence similarity**: tf-idf cosine and Dice overlap of the content stems
  of every sentence of A against every sentence of B (a sparse matrix product;
  idf is computed over the sentences of both texts, so words frequent in this
  pair weigh little);
* **exact runs**: shared runs of ``exact_run_tokens`` consecutive tokens
  (rolling hashes of the folded tokens), which pin verbatim copying even when a
  sentence was cut in the middle;
* **stopword n-grams**: shared runs of function words, which survive the
  synonym swaps of machine spinning.

This module neither groups seeds into passages (``extend``) nor filters them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newstrace.align.prep import PairView, Prepared

__all__ = ["PairMatrices", "build_matrices", "sentence_seeds", "ngram_seeds", "sentence_of_token"]

_P = np.int64(1_000_003)


@dataclass(frozen=True, eq=False)
class PairMatrices:
    """Sentence x vocabulary tf-idf matrices of both texts in a shared pair vocabulary.

    ``cosine`` and ``dice`` are dense float32 (sentences of A x sentences of B):
    4 bytes a cell, 9 MB for the largest PAN pair (6,796 x 335 sentences). No
    A x A or B x B matrix is ever built (the Gram matrices of a 6,796-sentence
    text took 370 MB); the norm of a range of sentences is computed from the
    sparse rows when asked (``range_cosine``).
    """

    tfidf_a: sp.csr_matrix
    tfidf_b: sp.csr_matrix
    cosine: np.ndarray  # (sentences of A, sentences of B), float32
    dice: np.ndarray  # float32
    vocab_size: int

    def range_vector(self, side: int, s0: int, s1: int) -> np.ndarray:
        """Summed tf-idf vector of sentences ``s0..s1`` (inclusive) of A (side 0) or B (side 1)."""
        w = self.tfidf_a if side == 0 else self.tfidf_b
        lo, hi = int(w.indptr[s0]), int(w.indptr[s1 + 1])
        return np.bincount(w.indices[lo:hi], weights=w.data[lo:hi], minlength=self.vocab_size)

    def range_cosine(self, a0: int, a1: int, b0: int, b1: int) -> float:
        """Cosine of the summed tf-idf vectors of sentences ``a0..a1`` of A and ``b0..b1`` of B."""
        va = self.range_vector(0, a0, a1)
        vb = self.range_vector(1, b0, b1)
        na = float(va @ va)
        nb = float(vb @ vb)
        if na <= 0.0 or nb <= 0.0:
            return 0.0
        return float(va @ vb) / float(np.sqrt(na * nb))


def sentence_of_token(prep: Prepared) -> np.ndarray:
    """Index of the sentence each token belongs to."""
    if prep.n_sentences == 0:
        return np.zeros(prep.n_tokens, dtype=np.int64)
    return np.searchsorted(prep.sent_tok0, np.arange(prep.n_tokens), side="right") - 1


def _term_counts(
    rows: np.ndarray, cols: np.ndarray, n_rows: int, v: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR pieces of a count matrix: (row, column, count) of each distinct cell, and indptr."""
    key = rows.astype(np.int64) * v + cols
    cells, counts = np.unique(key, return_counts=True)
    r = cells // v
    c = cells - r * v
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=n_rows), out=indptr[1:])
    return r, c, counts.astype(np.float64), indptr


def build_matrices(view: PairView) -> PairMatrices:
    """tf-idf (tf = raw count, idf = log((N + 1) / df) over the N sentences of both texts).

    The +1 keeps a word present in every sentence (a text repeating itself) from
    weighing exactly zero, which would make identical sentences dissimilar.
    """
    pa, pb, content_a, content_b = view.a, view.b, view.content_a, view.content_b
    sa, sb = pa.n_sentences, pb.n_sentences
    ids_a = view.ids_a[content_a]
    ids_b = view.ids_b[content_b]
    vocab, inv = np.unique(np.concatenate([ids_a, ids_b]), return_inverse=True)
    v = max(len(vocab), 1)
    # Plain numpy for the per-text work (scipy's constructors and element-wise ops cost
    # more than the arithmetic at these sizes); scipy only for the two sparse products.
    rows_a, cols_a, tf_a, ptr_a = _term_counts(
        sentence_of_token(pa)[content_a], inv[: len(ids_a)], sa, v
    )
    rows_b, cols_b, tf_b, ptr_b = _term_counts(
        sentence_of_token(pb)[content_b], inv[len(ids_a) :], sb, v
    )
    df = np.bincount(cols_a, minlength=v) + np.bincount(cols_b, minlength=v)
    n = max(sa + sb, 1)
    idf = np.log((n + 1) / np.maximum(df, 1.0))
    data_a = tf_a * idf[cols_a]
    data_b = tf_b * idf[cols_b]
    w_a = sp.csr_matrix((data_a, cols_a, ptr_a), shape=(sa, v))
    w_b = sp.csr_matrix((data_b, cols_b, ptr_b), shape=(sb, v))
    norm_a = np.sqrt(np.bincount(rows_a, weights=data_a * data_a, minlength=sa))
    norm_b = np.sqrt(np.bincount(rows_b, weights=data_b * data_b, minlength=sb))
    len_a = np.bincount(rows_a, minlength=sa).astype(np.float64)
    len_b = np.bincount(rows_b, minlength=sb).astype(np.float64)
    inv_a = np.divide(1.0, norm_a, out=np.zeros_like(norm_a), where=norm_a > 0)
    inv_b = np.divide(1.0, norm_b, out=np.zeros_like(norm_b), where=norm_b > 0)
    bin_a = sp.csr_matrix((np.ones(len(cols_a)), cols_a, ptr_a), shape=(sa, v))
    bin_b = sp.csr_matrix((np.ones(len(cols_b)), cols_b, ptr_b), shape=(sb, v))
    # Only the (sparse) nonzero products are scaled; the dense float32 matrices are
    # filled from them. idf > 0 for every word, so the tf-idf and the binary products
    # have the same nonzero pattern.
    dot = (w_a @ w_b.T).tocoo()
    shared = (bin_a @ bin_b.T).tocoo()
    cosine = np.zeros((sa, sb), dtype=np.float32)
    dice = np.zeros((sa, sb), dtype=np.float32)
    cosine[dot.row, dot.col] = dot.data * inv_a[dot.row] * inv_b[dot.col]
    dice[shared.row, shared.col] = 2.0 * shared.data / (len_a[shared.row] + len_b[shared.col])
    return PairMatrices(w_a, w_b, cosine, dice, v)


def sentence_seeds(
    m: PairMatrices, min_cosine: float, min_dice: float, relative: float = 0.0
) -> set[tuple[int, int]]:
    """Sentence pairs passing both thresholds.

    With ``relative`` > 0, a pair must also reach that fraction of the best
    cosine of its B sentence: a B sentence copied from one A sentence is not
    also a seed with that sentence's topical neighbours.
    """
    ok = (m.cosine > min_cosine) & (m.dice > min_dice)
    if relative > 0 and m.cosine.size:
        ok &= m.cosine >= relative * m.cosine.max(axis=0, keepdims=True)
    ii, jj = np.nonzero(ok)
    return set(zip(ii.tolist(), jj.tolist(), strict=True))


def _gram_hashes(ids: np.ndarray, n: int) -> np.ndarray:
    """Polynomial rolling hash of every window of ``n`` ids (wrapping int64 arithmetic)."""
    if len(ids) < n:
        return np.zeros(0, dtype=np.int64)
    h = np.zeros(len(ids) - n + 1, dtype=np.int64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * _P + ids[k : len(ids) - n + 1 + k]
    return h


def ngram_seeds(
    ids_a: np.ndarray, ids_b: np.ndarray, n: int, max_hits: int = 20
) -> list[tuple[int, int]]:
    """Token positions ``(i, j)`` where ``ids_a[i:i+n] == ids_b[j:j+n]`` (by hash).

    N-grams occurring more than ``max_hits`` times in either text (boilerplate)
    are ignored. Positions are indexes into the given id arrays.
    """
    ha = _gram_hashes(ids_a, n)
    hb = _gram_hashes(ids_b, n)
    if len(ha) == 0 or len(hb) == 0:
        return []
    in_b = np.isin(ha, hb)
    if not in_b.any():  # most pairs: nothing shared, one sort-based test
        return []
    pos_a = np.nonzero(in_b)[0]
    pos_b = np.nonzero(np.isin(hb, ha[pos_a]))[0]
    by_hash: dict[int, list[int]] = {}
    for i in pos_a.tolist():
        by_hash.setdefault(int(ha[i]), []).append(i)
    out: list[tuple[int, int]] = []
    for j in pos_b.tolist():
        lst = by_hash.get(int(hb[j]))
        if lst is None or len(lst) > max_hits:
            continue
        for i in lst:
            out.append((i, j))
    return out
