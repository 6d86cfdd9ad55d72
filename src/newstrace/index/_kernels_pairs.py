"""Numba kernels of the candidate index, second half: pairing documents (the sort,
the merge with stored postings, the grouping of collisions) and the memory backend's
sorted runs. Each mirrors the numpy function named in its docstring, bit for bit;
``_kernels`` re-exports them (load them through ``newstrace.index.fast.kernels()``).

What it does not do: fingerprint texts (``_kernels``) or decide which pairs qualify
(``scoring``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

U = np.uint64
_SIGN = U(1 << 63)  # flips int64 order into uint64 order


@njit(cache=True, nogil=True)
def _insertion_sort(keys: np.ndarray, payload: np.ndarray, lo: int, hi: int) -> None:
    """Sort ``keys[lo:hi]`` in place, stably, moving ``payload`` along (for the few
    elements of one key or bucket, where it beats a call to argsort)."""
    for t in range(lo + 1, hi):
        v = keys[t]
        if v >= keys[t - 1]:
            continue
        pv = payload[t]
        q = t
        while q > lo and keys[q - 1] > v:
            keys[q] = keys[q - 1]
            payload[q] = payload[q - 1]
            q -= 1
        keys[q] = v
        payload[q] = pv


@njit(cache=True, nogil=True)
def unique_sorted(s: np.ndarray) -> np.ndarray:
    """Distinct values of a sorted array (``s[first-of-each-run]``)."""
    out = np.empty(_n_distinct(s), s.dtype)
    m = 0
    for i in range(s.size):
        if i == 0 or s[i] != s[i - 1]:
            out[m] = s[i]
            m += 1
    return out


@njit(cache=True, nogil=True)
def collide(
    s: np.ndarray, dk: np.ndarray, old_k: np.ndarray, old_d: np.ndarray, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """``candidates._collide`` after the sort and the lookup: the batch's keys ``s``
    (sorted, stably) with their documents ``dk``, the stored postings of those keys
    ``old_k``/``old_d`` (by key; a key's holders oldest first). Returns the collisions
    (left, right, key, rank), the postings to store (key order), the repeats dropped and
    how many new postings the cap skipped, in numpy's order."""
    n = s.size
    no = old_k.size
    gkey = np.empty(n, np.int64)
    md = np.empty(n + no, np.int64)
    mnew = np.empty(n + no, np.bool_)
    gstart = np.empty(n + 1, np.int64)
    gsingle = np.empty(n, np.bool_)
    rep_k = np.empty(n, np.int64)
    rep_d = np.empty(n, np.int64)
    nrep = 0
    ng = 0
    m = 0
    p = 0
    i = 0
    total = 0
    skipped = 0
    n_store = 0
    while i < n:
        key = s[i]
        j = i + 1
        while j < n and s[j] == key:
            j += 1
        while p < no and old_k[p] < key:
            p += 1
        q = p
        while q < no and old_k[q] == key:
            q += 1
        g0 = m
        gstart[ng] = g0
        gkey[ng] = key
        if j - i == 1 and q == p:  # held once, in the batch only: stored, pairs nothing
            md[m] = dk[i]
            mnew[m] = True
            m += 1
            gsingle[ng] = True
            ng += 1
            n_store += 1
            i = j
            continue
        for t in range(p, q):  # the stored holders first: they are older
            md[m] = old_d[t]
            mnew[m] = False
            m += 1
        for t in range(i, j):
            md[m] = dk[t]
            mnew[m] = True
            m += 1
        # holders doc-ascending (numpy: a stable lexsort when any key is out of order;
        # here a stable insertion sort of this key's few holders)
        _insertion_sort(md, mnew, g0, m)
        # a document holding the key twice: the repeat is dropped (and reported if new)
        w = g0
        for t in range(g0, m):
            if t > g0 and md[t] == md[t - 1]:
                if mnew[t]:
                    rep_k[nrep] = key
                    rep_d[nrep] = md[t]
                    nrep += 1
                continue
            md[w] = md[t]
            mnew[w] = mnew[t]
            w += 1
        m = w
        for r in range(m - g0):
            if mnew[g0 + r]:
                if r < cap:
                    n_store += 1
                    total += r
                else:
                    skipped += 1
        gsingle[ng] = False
        ng += 1
        p = q
        i = j
    gstart[ng] = m
    left = np.empty(total, np.int64)
    right = np.empty(total, np.int64)
    ckey = np.empty(total, np.int64)
    rank = np.empty(total, np.int64)
    store_k = np.empty(n_store, np.int64)
    store_d = np.empty(n_store, np.int64)
    c = 0
    o = 0
    for g in range(ng):
        g0 = gstart[g]
        key = gkey[g]
        if gsingle[g]:
            store_k[o] = key
            store_d[o] = md[g0]
            o += 1
            continue
        for r in range(gstart[g + 1] - g0):
            e = g0 + r
            if mnew[e] and r < cap:
                store_k[o] = key
                store_d[o] = md[e]
                o += 1
                for t in range(r):
                    left[c] = md[g0 + t]
                    right[c] = md[e]
                    ckey[c] = key
                    rank[c] = r
                    c += 1
    return left, right, ckey, rank, store_k, store_d, rep_k[:nrep], rep_d[:nrep], skipped




@njit(cache=True, nogil=True)
def key_order(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``candidates._key_order``: the stable argsort of int64 ``keys``, and the sorted keys.

    A bucket sort on the top bits (the keys are hashes: uniform), then a stable insertion
    sort of each bucket (~16 keys); a bucket that grows large (many equal keys, a skewed
    input) is sorted by a stable merge sort instead. The stable argsort is unique, so
    this is exactly numpy's ``argsort(kind="stable")``."""
    n = keys.size
    if n < 2:
        return np.arange(n), keys.copy()
    order = np.empty(n, np.int64)
    bits = 1
    while (1 << bits) < n // 16 and bits < 24:
        bits += 1
    nb = 1 << bits
    shift = U(64 - bits)
    cnt = np.zeros(nb + 1, np.int64)
    for i in range(n):
        cnt[np.int64((U(keys[i]) ^ _SIGN) >> shift) + 1] += 1
    for b in range(nb):
        cnt[b + 1] += cnt[b]
    sk = np.empty(n, np.int64)  # the keys in bucket order, then sorted
    for i in range(n):
        bk = np.int64((U(keys[i]) ^ _SIGN) >> shift)  # buckets follow the signed order
        pos = cnt[bk]
        cnt[bk] = pos + 1
        order[pos] = i
        sk[pos] = keys[i]
    start = 0
    for b in range(nb):
        end = cnt[b]
        if end - start > 64:
            o = np.argsort(sk[start:end], kind="mergesort")
            sk[start:end] = sk[start:end][o]
            order[start:end] = order[start:end][o]
        else:
            _insertion_sort(sk, order, start, end)
        start = end
    return order, sk


@njit(cache=True, nogil=True)
def key_sort(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The keys sorted (stably) and each one's document: ``key_order`` and ``docs[order]``."""
    order, sk = key_order(keys)
    return sk, docs[order]


@njit(cache=True, nogil=True)
def merge_runs(
    k1: np.ndarray, d1: np.ndarray, k2: np.ndarray, d2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``memory_backend.merge_runs``: two key-sorted runs merged (equal keys: run 1 first)."""
    n1 = k1.size
    n2 = k2.size
    keys = np.empty(n1 + n2, np.int64)
    docs = np.empty(n1 + n2, np.int64)
    i = 0
    j = 0
    o = 0
    while i < n1 and j < n2:
        if k2[j] < k1[i]:
            keys[o] = k2[j]
            docs[o] = d2[j]
            j += 1
        else:
            keys[o] = k1[i]
            docs[o] = d1[i]
            i += 1
        o += 1
    while i < n1:
        keys[o] = k1[i]
        docs[o] = d1[i]
        i += 1
        o += 1
    while j < n2:
        keys[o] = k2[j]
        docs[o] = d2[j]
        j += 1
        o += 1
    return keys, docs


@njit(cache=True, nogil=True)
def sorted_lookup(keys: np.ndarray, docs: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``memory_backend._Run.lookup`` for ascending queries ``q`` in a run sorted by key
    (``keys`` with repeats, ``docs`` beside): each query's rows, in query order, by a
    galloping merge of the queries with the keys instead of a binary search per query."""
    nk = keys.size
    lo_of = np.empty(q.size, np.int64)
    hi_of = np.empty(q.size, np.int64)
    nh = 0
    total = 0
    p = 0
    for t in range(q.size):
        x = q[t]
        if p >= nk:
            break
        if keys[p] < x:
            step = 1  # gallop to a bracket, then binary search inside it
            lo = p
            hi = p + 1
            while hi < nk and keys[hi] < x:
                lo = hi
                step *= 2
                hi = min(nk, hi + step)
            lo += 1
            while lo < hi:
                mid = (lo + hi) >> 1
                if keys[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            p = lo
        e = p
        while e < nk and keys[e] == x:
            e += 1
        if e > p:
            lo_of[nh] = p
            hi_of[nh] = e
            nh += 1
            total += e - p
    out_k = np.empty(total, np.int64)
    out_d = np.empty(total, np.int64)
    o = 0
    for t in range(nh):
        for j in range(lo_of[t], hi_of[t]):
            out_k[o] = keys[j]
            out_d[o] = docs[j]
            o += 1
    return out_k, out_d


@njit(cache=True, nogil=True)
def _n_distinct(k: np.ndarray) -> int:
    m = 0
    for i in range(k.size):
        if i == 0 or k[i] != k[i - 1]:
            m += 1
    return m


@njit(cache=True, nogil=True)
def group_collisions(
    left: np.ndarray, right: np.ndarray, keys: np.ndarray, ranks: np.ndarray, free: int, one: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``scoring._group_collisions``: per (pair, kind), in (pair, kind) order, the pair
    code ``left << 32 | right``, the kind, the number of collisions and the sum of their
    weights ``one * min(rank, free) // rank``. Two stable counting sorts (by ``right``,
    then by ``left``) carrying each collision's right document, kind and weight packed in
    one int64, instead of numpy's comparison sort of every collision."""
    nc = left.size
    top = 0
    for i in range(nc):
        top = max(top, right[i], left[i])
    n = top + 1
    f = max(1, free)
    # pass 1: by right document; payload: left, and (right, kind, weight) packed
    cnt = np.zeros(n + 1, np.int64)
    for i in range(nc):
        cnt[right[i] + 1] += 1
    for d in range(n):
        cnt[d + 1] += cnt[d]
    a_left = np.empty(nc, np.int64)
    a_pack = np.empty(nc, np.int64)
    for i in range(nc):
        r = max(ranks[i], 1)
        w = one * min(r, f) // r
        p = cnt[right[i]]
        cnt[right[i]] = p + 1
        a_left[p] = left[i]
        a_pack[p] = (right[i] << 24) | ((keys[i] & 3) << 22) | w  # w <= one = 2^16
    # pass 2: by left document, stable: (left, right) order, kinds in collision order
    start = np.zeros(n + 1, np.int64)
    for i in range(nc):
        start[a_left[i] + 1] += 1
    for d in range(n):
        start[d + 1] += start[d]
    fill = start[:-1].copy()
    b_pack = np.empty(nc, np.int64)
    for t in range(nc):
        p = fill[a_left[t]]
        fill[a_left[t]] = p + 1
        b_pack[p] = a_pack[t]
    out_p = np.empty(nc, np.int64)
    out_k = np.empty(nc, np.int64)
    out_c = np.empty(nc, np.int64)
    out_w = np.empty(nc, np.int64)
    m = 0
    cs = np.zeros(4, np.int64)
    ws = np.zeros(4, np.int64)
    wmask = (1 << 22) - 1
    for a in range(n):
        t = start[a]
        end = start[a + 1]
        while t < end:
            b = b_pack[t] >> 24
            for kd in range(4):
                cs[kd] = 0
                ws[kd] = 0
            while t < end and (b_pack[t] >> 24) == b:
                kd = (b_pack[t] >> 22) & 3
                cs[kd] += 1
                ws[kd] += b_pack[t] & wmask
                t += 1
            for kd in range(4):
                if cs[kd]:
                    out_p[m] = (a << 32) | b
                    out_k[m] = kd
                    out_c[m] = cs[kd]
                    out_w[m] = ws[kd]
                    m += 1
    return out_p[:m], out_k[:m], out_c[:m], out_w[:m]
