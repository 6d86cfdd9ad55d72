"""Numba kernels of the candidate index: the numpy passes of ``tokens``, ``fingerprints``,
``minhash`` and ``candidates`` fused into compiled loops, giving the same arrays.

Pairing kernels (sort, collide, group collisions, the memory backend's runs) live in
``_kernels_pairs`` and are re-exported here. Imported only through
``newstrace.index.fast.kernels()``, which falls back to the
numpy code when numba is missing, disabled (``NEWSTRACE_NO_NUMBA=1``) or broken.
Every kernel here mirrors a numpy function named in its docstring, bit for bit
(same hashes, same order of outputs); ``tests/unit/test_index_kernels.py`` holds
the two paths equal on random and edge-case inputs.

What it does not do: decide anything (thresholds come from ``IndexConfig`` via the
callers), read texts, or store anything.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from newstrace.index._kernels_pairs import (  # noqa: F401  (re-exported: one module for callers)
    collide,
    group_collisions,
    key_order,
    key_sort,
    merge_runs,
    sorted_lookup,
    unique_sorted,
)

BACKEND = "numba"
U = np.uint64
_P = U(0x100000001B3)  # tokens._P
_SEED = U(0xCBF29CE484222325)  # tokens._SEED
_LEN_MUL = U(0x9E3779B97F4A7C15)  # tokens._LEN_MUL
_POLY = U(0x100000001B3)  # fingerprints._POLY
_M1 = U(0xBF58476D1CE4E5B9)
_M2 = U(0x94D049BB133111EB)
_S30 = U(30)
_S27 = U(27)
_S31 = U(31)
_EMPTY = U(1 << 32)  # minhash._EMPTY
_LOW32 = U(0xFFFFFFFF)
_ROT = U(0x9E3779B1)  # minhash._ROT
_BAND_MUL = U(0x100000001B3)
_KIND_CLEAR = ~U(3)

_WORD = np.zeros(256, dtype=np.bool_)  # tokens._WORD
for _c in b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_":
    _WORD[_c] = True
_WORD[0x80:] = True


@njit(cache=True, inline="always")
def _mix(x: np.uint64) -> np.uint64:
    """minhash.mix64 on one value."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


@njit(cache=True, nogil=True)
def hash_tokens(buf: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``tokens.hash_batch`` after the encoding: token hashes of the texts joined by
    ``\\n`` in ``buf`` (text ``d`` ends at ``ends[d]``), and tokens per text. ASCII
    capitals are folded here (the caller lowercases only non-ASCII texts)."""
    n = buf.size
    out = np.empty(n // 2 + 1, np.uint64)
    counts = np.zeros(ends.size, np.int64)
    nt = 0
    kill = 0  # bytes before this belong to a punctuation sequence (tokens._word_mask)
    d = 0
    start = -1
    for i in range(n + 1):
        w = False
        if i < n:
            b = buf[i]
            if b == 0xC2 and i < n - 1:
                kill = max(kill, i + 2)
            elif i < n - 2 and ((b == 0xE2 and (buf[i + 1] == 0x80 or buf[i + 1] == 0x81))
                                or (b == 0xE3 and buf[i + 1] == 0x80)):
                kill = max(kill, i + 3)
            w = _WORD[b] and i >= kill
        if w:
            if start < 0:
                start = i
            continue
        if start < 0:
            continue
        length = i - start
        h = _SEED ^ (U(length) * _LEN_MUL)
        off = 0
        while off < length:
            x = U(0)
            k = min(8, length - off)
            for j in range(k):
                c = buf[start + off + j]
                if 65 <= c <= 90:
                    c += 32
                x |= U(c) << U(8 * j)
            h = _mix((h ^ x) * _P)
            off += 8
        out[nt] = _mix(h)
        nt += 1
        while start >= ends[d]:
            d += 1
        counts[d] += 1
        start = -1
    return out[:nt], counts


@njit(cache=True, nogil=True)
def _member(x: np.uint64, mask: int, probes: int, table: np.ndarray) -> bool:
    """Whether ``x`` is in a ``build_table`` table (``probes`` < 0: the empty set). Linear
    probing that stops at the first empty slot (``table[mask + 1]`` is the empty marker,
    a value not in the set, tested first so that a query equal to it is not found)."""
    if probes < 0:
        return False
    empty = table[mask + 1]
    p = np.int64(x & U(mask))
    while True:
        v = table[p]
        if v == empty:
            return False
        if v == x:
            return True
        p = (p + 1) & mask


@njit(cache=True, nogil=True)
def build_table(h: np.ndarray, empty: np.uint64) -> tuple[int, np.ndarray]:
    """An open-addressing table of the distinct hashes ``h`` for ``_member``: at most
    half full (a miss probes ~2.5 slots), so the 15k common English words take 256 KB,
    not the 8 MB of the numpy path's table (made for probing without early exit)."""
    size = 64
    while size < 2 * h.size:
        size *= 2
    mask = size - 1
    table = np.full(size + 1, empty, np.uint64)
    for i in range(h.size):
        x = h[i]
        p = np.int64(x & U(mask))
        while table[p] != empty and table[p] != x:
            p = (p + 1) & mask
        table[p] = x
    return mask, table


@njit(cache=True, nogil=True)
def stop_flags(
    h: np.ndarray, counts: np.ndarray, mask: int, probes: int, table: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Stopword membership of each token and the number of stopwords per document."""
    flags = np.zeros(h.size, np.bool_)
    per_doc = np.zeros(counts.size, np.int64)
    t = 0
    for d in range(counts.size):
        for _ in range(counts[d]):
            if _member(h[t], mask, probes, table):
                flags[t] = True
                per_doc[d] += 1
            t += 1
    return flags, per_doc


@njit(cache=True, nogil=True)
def _emit(
    g: np.ndarray, m: int, d: int, w: int, out_k: np.ndarray, out_d: np.ndarray, nk: int,
    short_k: np.ndarray, short_d: np.ndarray, ns: int,
) -> tuple[int, int]:
    """``fingerprints._winnow`` on one document's ``m`` hashes ``g[:m]``: window minimums
    (consecutive repeats once) appended to ``out``, or, for fewer than ``w`` hashes, the
    lone minimum appended to ``short`` (numpy appends those after every window)."""
    if m == 0:
        return nk, ns
    if w <= 1:
        for i in range(m):
            out_k[nk] = g[i]
            out_d[nk] = d
            nk += 1
        return nk, ns
    if m < w:
        v = g[0]
        for i in range(1, m):
            v = min(v, g[i])
        short_k[ns] = v
        short_d[ns] = d
        return nk, ns + 1
    prev = U(0)
    for i in range(m - w + 1):
        v = g[i]
        for j in range(1, w):  # min(), not a branch: a hash comparison is a coin toss
            v = min(v, g[i + j])
        if i == 0 or v != prev:
            out_k[nk] = v
            out_d[nk] = d
            nk += 1
        prev = v
    return nk, ns


@njit(cache=True, nogil=True)
def _ngrams(seq: np.ndarray, m: int, n: int, salt: np.uint64, out: np.ndarray) -> int:
    """``fingerprints._ngrams`` of one document's ``m`` token hashes into ``out``."""
    k = m - n + 1
    for i in range(k):
        acc = seq[i] ^ salt
        for j in range(1, n):
            acc = acc * _POLY + seq[i + j]
        out[i] = _mix(acc)
    return max(k, 0)


@njit(cache=True, nogil=True)
def _bag_ngrams(seq: np.ndarray, m: int, n: int, salt: np.uint64, mixed: np.ndarray, out: np.ndarray) -> int:
    """``fingerprints._bag_ngrams`` of one document's ``m`` token hashes into ``out``."""
    for i in range(m):
        mixed[i] = _mix(seq[i] ^ salt)
    k = m - n + 1
    for i in range(k):
        acc = mixed[i]
        for j in range(1, n):
            acc = acc + mixed[i + j]
        out[i] = _mix(acc)
    return max(k, 0)


@njit(cache=True, nogil=True)
def fingerprints(
    h: np.ndarray,
    counts: np.ndarray,
    is_stop: np.ndarray,
    fallback: np.ndarray,
    params: np.ndarray,
    salts: np.ndarray,
    f_mask: int,
    f_probes: int,
    f_table: np.ndarray,
    c_mask: int,
    c_probes: int,
    c_table: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rest of ``fingerprints.fingerprint_batch`` once stopwords are known: keys
    (kind-tagged, in numpy's order), their documents, counts per kind, MinHash
    signatures, which have one, and LSH band keys.

    ``params``: word_ngram, word_window, stop_ngram, stop_window, content_ngram,
    content_window, rare_ngram (0: no rare-word n-grams), minhash_ngram, perm,
    min_shingles, bands. ``salts``: word, stop, content, rare, minhash. ``f_*``: the
    frequent-word table (``f_probes`` < 0: none), ``c_*``: the common-word table.
    """
    n_docs = counts.size
    word_n, word_w, stop_n, stop_w = params[0], params[1], params[2], params[3]
    cont_n, cont_w, rare_n, mh_n = params[4], params[5], params[6], params[7]
    perm, min_sh, n_bands = params[8], params[9], params[10]
    total = h.size
    cap = total + 1
    # per kind: window keys and docs, then the short documents' lone minimums
    ok_k = np.empty((4, cap), np.uint64)
    ok_d = np.empty((4, cap), np.int64)
    sh_k = np.empty((4, n_docs + 1), np.uint64)
    sh_d = np.empty((4, n_docs + 1), np.int64)
    nk = np.zeros(4, np.int64)
    ns = np.zeros(4, np.int64)
    kcount = np.zeros((n_docs, 4), np.int64)
    longest = 1
    for d in range(n_docs):
        longest = max(longest, counts[d])
    seq = np.empty(longest, np.uint64)
    grams = np.empty(longest, np.uint64)
    mixed = np.empty(longest, np.uint64)
    bits = 0
    while (1 << (bits + 1)) <= perm:
        bits += 1
    sig64 = np.full((n_docs, perm), _EMPTY, np.uint64)
    has_sig = np.zeros(n_docs, np.bool_)
    lo = 0
    for d in range(n_docs):
        c = counts[d]
        hd = h[lo : lo + c]
        fb = fallback[d]
        # word shingles
        m = _ngrams(hd, c, word_n, salts[0], grams)
        nk[0], ns[0] = _emit(grams, m, d, word_w, ok_k[0], ok_d[0], nk[0], sh_k[0], sh_d[0], ns[0])
        # MinHash over word mh_n-grams
        m = _ngrams(hd, c, mh_n, salts[4], grams)
        if m >= max(1, min_sh):
            has_sig[d] = True
            for i in range(m):
                x = grams[i]
                b = np.int64(x >> U(64 - bits)) if bits else 0
                v = (x >> U(8)) & _LOW32
                if v < sig64[d, b]:
                    sig64[d, b] = v
        # stopword projection
        s = 0
        for i in range(c):
            if is_stop[lo + i]:
                seq[s] = hd[i]
                s += 1
        m = _ngrams(seq, s, stop_n, salts[1], grams)
        nk[1], ns[1] = _emit(grams, m, d, stop_w, ok_k[1], ok_d[1], nk[1], sh_k[1], sh_d[1], ns[1])
        # content words: not stopwords, and (English texts) not frequent English words
        s = 0
        for i in range(c):
            if is_stop[lo + i]:
                continue
            if not fb and f_probes >= 0 and _member(hd[i], f_mask, f_probes, f_table):
                continue
            seq[s] = hd[i]
            s += 1
        m = _bag_ngrams(seq, s, cont_n, salts[2], mixed, grams)
        nk[2], ns[2] = _emit(grams, m, d, cont_w, ok_k[2], ok_d[2], nk[2], sh_k[2], sh_d[2], ns[2])
        # rare words: content words of English texts that are not common words
        if rare_n > 0 and not fb:
            r = 0
            for i in range(s):
                if not _member(seq[i], c_mask, c_probes, c_table):
                    seq[r] = seq[i]
                    r += 1
            m = _bag_ngrams(seq, r, rare_n, salts[3], mixed, grams)
            nk[3], ns[3] = _emit(grams, m, d, 1, ok_k[3], ok_d[3], nk[3], sh_k[3], sh_d[3], ns[3])
        lo += c
    # densify (minhash.signatures) and band keys (minhash.band_keys)
    sig = np.zeros((n_docs, perm), np.uint32)
    rows = perm // n_bands
    bands = np.empty((n_docs, n_bands), np.int64)
    for d in range(n_docs):
        if has_sig[d]:
            for j in range(perm):
                v = sig64[d, j]
                if v == _EMPTY:
                    for t in range(1, perm):
                        o = sig64[d, (j + t) % perm]
                        if o != _EMPTY:
                            v = (o + U(t) * _ROT) & _LOW32
                            break
                sig[d, j] = np.uint32(v)
        for b in range(n_bands):
            acc = U(b + 1)
            for j in range(rows):
                acc = acc * _BAND_MUL + U(sig[d, b * rows + j])
            bands[d, b] = np.int64(_mix(acc))
    n_out = 0
    for t in range(4):
        n_out += nk[t] + ns[t]
    keys = np.empty(n_out, np.int64)
    docs = np.empty(n_out, np.int64)
    o = 0
    for t in range(4):
        tag = U(t)
        for i in range(nk[t]):
            keys[o] = np.int64((ok_k[t, i] & _KIND_CLEAR) | tag)
            docs[o] = ok_d[t, i]
            kcount[ok_d[t, i], t] += 1
            o += 1
        for i in range(ns[t]):
            keys[o] = np.int64((sh_k[t, i] & _KIND_CLEAR) | tag)
            docs[o] = sh_d[t, i]
            kcount[sh_d[t, i], t] += 1
            o += 1
    return keys, docs, kcount, sig, has_sig, bands
