# Included by _ckernels.pyx (one extension module): the pairing kernels, the twins of
# ``_kernels_pairs`` (the sort, collisions, the memory backend's runs, the grouping of
# collisions). Not a module of its own: it shares the .pyx's imports and helpers.

cdef inline void _insertion_sort(int64_t* keys, int64_t* payload, int64_t lo, int64_t hi) noexcept nogil:
    """Sort ``keys[lo:hi]`` in place, stably, moving ``payload`` along."""
    cdef int64_t t, q, v, pv
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


cdef struct _Rec:
    int64_t k  # a key
    int64_t p  # its payload (document, or position)


cdef inline void _insertion_sort_rec(_Rec* r, int64_t n) noexcept nogil:
    """Stable insertion sort of ``r[:n]`` by key."""
    cdef int64_t t, q
    cdef _Rec v
    for t in range(1, n):
        v = r[t]
        if v.k >= r[t - 1].k:
            continue
        q = t
        while q > 0 and r[q - 1].k > v.k:
            r[q] = r[q - 1]
            q -= 1
        r[q] = v


cdef inline int64_t _digit(int64_t k, int shift, uint64_t mask) noexcept nogil:
    return <int64_t>(((<uint64_t>k ^ _SIGN) >> shift) & mask)


cdef void _msd(_Rec* r, _Rec* tmp, int64_t n, int shift) noexcept nogil:
    """Stable sort of ``r[:n]``, all equal on their key bits above ``shift`` (of the
    sign-flipped key), by one counting pass on the next digit and recursion into each
    bucket; up to 16 records an insertion sort. The digit has ~log2(n) - 1 bits (4 to
    11), so buckets hold ~2 records: an insertion sort of ~27 records (one 8-bit digit
    under the first) took half of the sort. ``tmp``: scratch of ``n``."""
    cdef int64_t cnt[2049]
    cdef int64_t i, b, pos, lo, nb
    cdef int bits, s
    cdef uint64_t mask
    if n <= 16:
        _insertion_sort_rec(r, n)
        return
    while shift > 0:
        bits = 4
        while bits < 11 and (2LL << bits) < n:
            bits += 1
        if bits > shift:
            bits = shift
        s = shift - bits
        mask = (1ULL << bits) - 1
        nb = 1 << bits
        memset(cnt, 0, (nb + 1) * sizeof(int64_t))
        for i in range(n):
            cnt[_digit(r[i].k, s, mask) + 1] += 1
        shift = s
        if cnt[_digit(r[0].k, s, mask) + 1] == n:
            continue  # one bucket (equal keys): nothing moves, go one digit down
        for b in range(nb):
            cnt[b + 1] += cnt[b]
        for i in range(n):
            b = _digit(r[i].k, s, mask)
            pos = cnt[b]
            cnt[b] = pos + 1
            tmp[pos] = r[i]
        memcpy(r, tmp, n * sizeof(_Rec))
        lo = 0
        for b in range(nb):  # cnt[b] is now the end of bucket b
            if cnt[b] - lo > 1:
                _msd(r + lo, tmp, cnt[b] - lo, s)
            lo = cnt[b]
        return


cdef int _radix_sort(const int64_t* keys, const int64_t* payload, int64_t* out_k, int64_t* out_p,
                     int64_t n) noexcept nogil:
    """Stable sort of ``keys`` carrying ``payload`` (NULL: the positions 0..n-1) into
    ``out_k``/``out_p``: scattered by their first 8 bits straight from the input (256
    buckets: few enough write streams for the TLB), then each bucket copied into a
    scratch of (key, payload) records, sorted there in cache by ``_msd``, and copied
    back. Returns -1 when out of memory."""
    cdef int64_t cnt[257]
    cdef int64_t i, b, pos, lo, m, big = 0
    cdef int s = 56
    cdef uint64_t mask = 255
    cdef _Rec* r
    memset(cnt, 0, sizeof(cnt))
    for i in range(n):
        cnt[_digit(keys[i], s, mask) + 1] += 1
    for b in range(256):
        if cnt[b + 1] > big:
            big = cnt[b + 1]
        cnt[b + 1] += cnt[b]
    r = <_Rec*>malloc(2 * (big + 1) * sizeof(_Rec))
    if r == NULL:
        return -1
    for i in range(n):
        b = _digit(keys[i], s, mask)
        pos = cnt[b]
        cnt[b] = pos + 1
        out_k[pos] = keys[i]
        out_p[pos] = payload[i] if payload != NULL else i
    lo = 0
    for b in range(256):
        m = cnt[b] - lo
        if m > 1:
            for i in range(m):
                r[i].k = out_k[lo + i]
                r[i].p = out_p[lo + i]
            _msd(r, r + big + 1, m, s)
            for i in range(m):
                out_k[lo + i] = r[i].k
                out_p[lo + i] = r[i].p
        lo = cnt[b]
    free(r)
    return 0


cdef tuple _sorted_with(const int64_t[::1] keys, const int64_t* payload):
    cdef int64_t n = keys.shape[0]
    sk_a = np.empty(n, np.int64)
    sp_a = np.empty(n, np.int64)
    if n == 0:
        return sk_a, sp_a
    cdef int64_t[::1] sk = sk_a
    cdef int64_t[::1] sp = sp_a
    cdef int err
    with nogil:
        err = _radix_sort(&keys[0], payload, &sk[0], &sp[0], n)
    if err:
        raise MemoryError()
    return sk_a, sp_a


def key_order(const int64_t[::1] keys):
    """``candidates._key_order``: the stable argsort of int64 ``keys``, and the sorted
    keys (a radix sort: see the module docstring; the stable argsort is unique)."""
    cdef int64_t n = keys.shape[0]
    if n < 2:
        return np.arange(n, dtype=np.int64), np.array(keys, dtype=np.int64)
    sk, order = _sorted_with(keys, NULL)
    return order, sk


def key_sort(const int64_t[::1] keys, const int64_t[::1] docs):
    """The keys sorted (stably) and each one's document: ``key_order`` and the gather
    ``docs[order]`` in one pass over memory."""
    if keys.shape[0] == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return _sorted_with(keys, &docs[0])


def key_sort_inplace(int64_t[::1] keys, int64_t[::1] docs):
    """``key_sort`` into the arrays given: sorted through kept scratch (``keep_scratch``)
    and copied back, so a batch of chunks faults in no fresh pages for its sorted keys
    (PAN 2013: two arrays of 4.3M int64 over a run, ~69 MB)."""
    cdef int64_t n = keys.shape[0]
    if n < 2:
        return
    cdef size_t ck = 0, cp = 0
    cdef int64_t* sk = <int64_t*>nt_take(9, n * sizeof(int64_t), &ck)
    cdef int64_t* sp = <int64_t*>nt_take(10, n * sizeof(int64_t), &cp)
    cdef int err = 0
    if sk == NULL or sp == NULL:
        nt_give(9, sk, ck)
        nt_give(10, sp, cp)
        raise MemoryError()
    with nogil:
        err = _radix_sort(&keys[0], &docs[0], sk, sp, n)
        if not err:
            memcpy(&keys[0], sk, n * sizeof(int64_t))
            memcpy(&docs[0], sp, n * sizeof(int64_t))
    nt_give(9, sk, ck)
    nt_give(10, sp, cp)
    if err:
        raise MemoryError()


def unique_sorted(const int64_t[::1] s):
    """Distinct values of a sorted array (``s[first-of-each-run]``)."""
    cdef int64_t n = s.shape[0], i, m = 0
    out_a = np.empty(n, np.int64)
    if n == 0:
        return out_a
    cdef int64_t[::1] out = out_a
    with nogil:
        for i in range(n):
            if i == 0 or s[i] != s[i - 1]:
                out[m] = s[i]
                m += 1
    return out_a[:m]


cdef void _give_collide(int64_t* md, size_t c_md, int64_t* mnew, size_t c_mnew, int64_t* gstart,
                        size_t c_gstart, int64_t* gkey, size_t c_gkey):
    nt_give(4, md, c_md)
    nt_give(5, mnew, c_mnew)
    nt_give(6, gstart, c_gstart)
    nt_give(7, gkey, c_gkey)


def collide(const int64_t[::1] s, const int64_t[::1] dk, const int64_t[::1] old_k,
            const int64_t[::1] old_d, int64_t cap):
    return _collide(s, dk, old_k, old_d, cap, -1, 0, None, 0, None)


def collide_grouped(const int64_t[::1] s, const int64_t[::1] dk, const int64_t[::1] old_k,
                    const int64_t[::1] old_d, int64_t cap, int64_t free_, int64_t one,
                    mins=None, int64_t percent=0, keep_pairs=None):
    """``collide`` then ``group_collisions`` (of the collisions' kinds, ``key & 3``) without
    the collisions as arrays: each is written packed, as ``group_collisions`` packs it,
    into scratch memory and grouped there. PAN 2013's last chunk has 2.2M collisions:
    four int64 arrays of them were 71 MB of fresh pages a run, and their faults the
    noisiest system time of candidate generation. Returns the postings to store, the
    repeats, the skipped count, then the four grouped arrays (``collide`` and
    ``group_collisions`` when the documents' numbers do not fit the packing).

    ``mins`` (int64, one per kind) and ``percent``: the groups of a pair are left out
    when none of its kinds passes ``scoring._qualifies`` and the pair is not in
    ``keep_pairs`` (sorted pair codes: the MinHash band pairs), i.e. exactly the pairs
    ``scoring.prefilter`` would drop next. At 100k generated articles 99% of the pairs
    sharing a key are such (one stock phrase in common): grouped, then dropped by numpy,
    they were a quarter of candidate generation. Without ``mins``, every pair."""
    return _collide(s, dk, old_k, old_d, cap, free_, one, mins, percent, keep_pairs)


cdef object _collide(const int64_t[::1] s, const int64_t[::1] dk, const int64_t[::1] old_k,
                     const int64_t[::1] old_d, int64_t cap, int64_t free_, int64_t one,
                     object mins, int64_t percent, object keep_pairs):
    """``candidates._collide`` after the sort and the lookup (see ``_kernels_pairs.collide``):
    the collisions (left, right, key, rank), the postings to store (key order), the
    repeats dropped and how many new postings the cap skipped, in numpy's order.

    One pass stores the keys held once (most of them) straight away and gathers the
    holders of the others; a second pass over those writes the collisions, whose number
    is then known."""
    cdef int64_t n = s.shape[0], no = old_k.shape[0]
    store_k_a = np.empty(n, np.int64)
    store_d_a = np.empty(n, np.int64)
    rep_k_a = np.empty(n, np.int64)
    rep_d_a = np.empty(n, np.int64)
    cdef int64_t[::1] store_k = store_k_a
    cdef int64_t[::1] store_d = store_d_a
    cdef int64_t[::1] rep_k = rep_k_a
    cdef int64_t[::1] rep_d = rep_d_a
    cdef size_t c_md = 0, c_mnew = 0, c_gstart = 0, c_gkey = 0
    cdef int64_t* md = <int64_t*>nt_take(4, (n + no + 1) * sizeof(int64_t), &c_md)
    cdef int64_t* mnew = <int64_t*>nt_take(5, (n + no + 1) * sizeof(int64_t), &c_mnew)
    cdef int64_t* gstart = <int64_t*>nt_take(6, (n + 1) * sizeof(int64_t), &c_gstart)
    cdef int64_t* gkey = <int64_t*>nt_take(7, (n + 1) * sizeof(int64_t), &c_gkey)
    if md == NULL or mnew == NULL or gstart == NULL or gkey == NULL:
        _give_collide(md, c_md, mnew, c_mnew, gstart, c_gstart, gkey, c_gkey)
        raise MemoryError()
    cdef int64_t i = 0, j, p = 0, q, t, w, r, g, g0, e, key, c
    cdef int64_t m = 0, ng = 0, nrep = 0, total = 0, skipped = 0, o = 0
    with nogil:
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
            if j - i == 1 and q == p:  # held once, in the batch only: stored, pairs nothing
                store_k[o] = key
                store_d[o] = dk[i]
                o += 1
                i = j
                continue
            g0 = m
            for t in range(p, q):  # the stored holders first: they are older
                md[m] = old_d[t]
                mnew[m] = 0
                m += 1
            for t in range(i, j):
                md[m] = dk[t]
                mnew[m] = 1
                m += 1
            _insertion_sort(md, mnew, g0, m)  # holders doc-ascending, stably
            w = g0
            for t in range(g0, m):  # a document holding the key twice: the repeat is dropped
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
                        store_k[o] = key
                        store_d[o] = md[g0 + r]
                        o += 1
                        total += r
                    else:
                        skipped += 1
            gstart[ng] = g0
            gkey[ng] = key
            ng += 1
            p = q
            i = j
        gstart[ng] = m
    if free_ >= 0:  # grouped (collide_grouped)
        grouped = _collide_packed(md, mnew, gstart, gkey, ng, cap, total, free_, one, mins, percent,
                                  keep_pairs)
        if grouped is not None:
            _give_collide(md, c_md, mnew, c_mnew, gstart, c_gstart, gkey, c_gkey)
            return (store_k_a[:o], store_d_a[:o], rep_k_a[:nrep], rep_d_a[:nrep], skipped) + grouped
    left_a = np.empty(total, np.int64)
    right_a = np.empty(total, np.int64)
    ckey_a = np.empty(total, np.int64)
    rank_a = np.empty(total, np.int64)
    cdef int64_t[::1] left = left_a
    cdef int64_t[::1] right = right_a
    cdef int64_t[::1] ckey = ckey_a
    cdef int64_t[::1] rank = rank_a
    c = 0
    with nogil:
        for g in range(ng):
            g0 = gstart[g]
            key = gkey[g]
            for r in range(1, gstart[g + 1] - g0):
                e = g0 + r
                if mnew[e] and r < cap:
                    for t in range(r):
                        left[c] = md[g0 + t]
                        right[c] = md[e]
                        ckey[c] = key
                        rank[c] = r
                        c += 1
    _give_collide(md, c_md, mnew, c_mnew, gstart, c_gstart, gkey, c_gkey)
    if free_ >= 0:  # grouped, the documents' numbers too large to pack
        return (store_k_a[:o], store_d_a[:o], rep_k_a[:nrep], rep_d_a[:nrep], skipped) + tuple(
            group_collisions(left_a, right_a, ckey_a, rank_a, free_, one))
    return (left_a, right_a, ckey_a, rank_a, store_k_a[:o], store_d_a[:o], rep_k_a[:nrep],
            rep_d_a[:nrep], skipped)


def merge_runs(const int64_t[::1] k1, const int64_t[::1] d1, const int64_t[::1] k2, const int64_t[::1] d2):
    """``memory_backend.merge_runs``: two key-sorted runs merged (equal keys: run 1 first)."""
    cdef int64_t n1 = k1.shape[0], n2 = k2.shape[0], i = 0, j = 0, o = 0
    keys_a = np.empty(n1 + n2, np.int64)
    docs_a = np.empty(n1 + n2, np.int64)
    if n1 + n2 == 0:
        return keys_a, docs_a
    cdef int64_t[::1] keys = keys_a
    cdef int64_t[::1] docs = docs_a
    with nogil:
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
        if i < n1:
            memcpy(&keys[o], &k1[i], (n1 - i) * sizeof(int64_t))
            memcpy(&docs[o], &d1[i], (n1 - i) * sizeof(int64_t))
        if j < n2:
            memcpy(&keys[o], &k2[j], (n2 - j) * sizeof(int64_t))
            memcpy(&docs[o], &d2[j], (n2 - j) * sizeof(int64_t))
    return keys_a, docs_a


def sorted_lookup(const int64_t[::1] keys, const int64_t[::1] docs, const int64_t[::1] q):
    """``memory_backend._Run.lookup`` for ascending queries ``q`` in a key-sorted run: each
    query's rows, in query order (see ``_kernels_pairs.sorted_lookup``)."""
    cdef int64_t nk = keys.shape[0], nq = q.shape[0]
    cdef int64_t nh = 0, total = 0, p = 0, t, x, step, lo, hi, mid, e, o = 0
    lo_a = np.empty(nq, np.int64)
    hi_a = np.empty(nq, np.int64)
    cdef int64_t[::1] lo_of = lo_a
    cdef int64_t[::1] hi_of = hi_a
    with nogil:
        for t in range(nq):
            x = q[t]
            if p >= nk:
                break
            if keys[p] < x:
                step = 1
                lo = p
                hi = p + 1
                while hi < nk and keys[hi] < x:
                    lo = hi
                    step *= 2
                    hi = hi + step
                    if hi > nk:
                        hi = nk
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
    out_k_a = np.empty(total, np.int64)
    out_d_a = np.empty(total, np.int64)
    if total == 0:
        return out_k_a, out_d_a
    cdef int64_t[::1] out_k = out_k_a
    cdef int64_t[::1] out_d = out_d_a
    with nogil:
        for t in range(nh):
            memcpy(&out_k[o], &keys[lo_of[t]], (hi_of[t] - lo_of[t]) * sizeof(int64_t))
            memcpy(&out_d[o], &docs[lo_of[t]], (hi_of[t] - lo_of[t]) * sizeof(int64_t))
            o += hi_of[t] - lo_of[t]
    return out_k_a, out_d_a


cdef inline int _packed_doc_bits(int64_t top, int64_t one) noexcept nogil:
    """Bits per document number (up to ``top``) in ``group_collisions``' packing (left,
    right, then 2 bits of kind and 22 of weight), or 0 when a collision would not fit in
    63 bits: the caller then takes a path that does not pack."""
    cdef int db = 1
    while (1LL << db) <= top:
        db += 1
    if 2 * db + 24 > 63 or one >= (1 << 22):
        return 0
    return db


cdef inline int64_t _weight(int64_t rank, int64_t f, int64_t one) noexcept nogil:
    """A collision's weight, ``one * min(rank, f) // rank`` (rank 0 counts as 1;
    ``scoring._group_collisions``)."""
    cdef int64_t r = rank if rank > 1 else 1
    return one * (r if r < f else f) // r


cdef struct _Filter:
    int on  # 0: keep every pair
    int64_t mins[4]
    int64_t percent
    int64_t one
    const int64_t* keep  # sorted pair codes kept regardless
    int64_t nkeep


cdef object _collide_packed(const int64_t* md, const int64_t* mnew, const int64_t* gstart,
                            const int64_t* gkey, int64_t ng, int64_t cap, int64_t total,
                            int64_t free_, int64_t one, object mins, int64_t percent,
                            object keep_pairs):
    """The second pass of ``_collide`` writing each collision packed for ``_group_packed``
    (the layout of ``group_collisions``), then grouped. None when it does not fit."""
    cdef int64_t top = 0, g, g0, r, e, t, c = 0, w
    cdef int64_t f = free_ if free_ > 1 else 1
    if total == 0:
        z = np.zeros(0, np.int64)
        return z, z, z, z
    for g in range(gstart[ng]):
        if md[g] > top:
            top = md[g]
    cdef int db = _packed_doc_bits(top, one)
    if db == 0:
        return None
    cdef size_t c_src = 0
    cdef uint64_t* src = <uint64_t*>nt_take(2, (total + 1) * sizeof(uint64_t), &c_src)
    if src == NULL:
        raise MemoryError()
    cdef uint64_t kind, lo_doc
    with nogil:
        for g in range(ng):
            g0 = gstart[g]
            kind = <uint64_t>(gkey[g] & 3) << 22
            for r in range(1, gstart[g + 1] - g0):
                e = g0 + r
                if mnew[e] and r < cap:
                    w = _weight(r, f, one)  # one weight for every collision of e
                    lo_doc = (<uint64_t>md[e] << 24) | kind | <uint64_t>w
                    for t in range(r):
                        src[c] = (<uint64_t>md[g0 + t] << (db + 24)) | lo_doc
                        c += 1
    cdef const int64_t[::1] mv
    cdef const int64_t[::1] kv
    cdef _Filter flt
    flt.on = 0
    if mins is not None:
        mv = np.ascontiguousarray(mins, dtype=np.int64)
        kv = np.ascontiguousarray(keep_pairs if keep_pairs is not None else np.zeros(0, np.int64), dtype=np.int64)
        flt.on = 1
        for t in range(4):
            flt.mins[t] = mv[t]
        flt.percent = percent
        flt.one = one
        flt.keep = &kv[0] if kv.shape[0] else NULL
        flt.nkeep = kv.shape[0]
    try:
        return _group_packed(src, total, db, &flt)
    finally:
        nt_give(2, src, c_src)


def group_collisions(const int64_t[::1] left, const int64_t[::1] right, const int64_t[::1] keys,
                     const int64_t[::1] ranks, int64_t free_, int64_t one):
    """``scoring._group_collisions``: per (pair, kind), in (pair, kind) order, the pair
    code ``left << 32 | right``, the kind, the number of collisions and the sum of their
    weights ``one * min(rank, free) // rank``.

    Each collision packed in one int64 (left, right, kind, weight), sorted by its
    (left, right) bits with a least-significant-digit radix sort of 9-11 bit digits,
    then summed per run: numba's two counting sorts by whole document numbers scatter
    to one write position per document (5,057 on PAN, 100k at 100k articles) and missed
    the cache on every write: PAN's 2.9M collisions 0.062 -> ~0.02 CPU-s. Documents
    numbered beyond 2^20 take the counting sorts (``_group_by_docs``)."""
    cdef int64_t nc = left.shape[0], top = 0, i
    for i in range(nc):
        if right[i] > top:
            top = right[i]
        if left[i] > top:
            top = left[i]
    cdef int db = _packed_doc_bits(top, one)
    if db == 0:
        return _group_by_docs(left, right, keys, ranks, free_, one)
    cdef int64_t f = free_ if free_ > 1 else 1
    cdef uint64_t* src = <uint64_t*>nt_big_malloc((nc + 1) * sizeof(uint64_t))
    if src == NULL:
        raise MemoryError()
    cdef int64_t w
    with nogil:
        for i in range(nc):
            w = _weight(ranks[i], f, one)
            src[i] = ((<uint64_t>left[i] << (db + 24)) | (<uint64_t>right[i] << 24)
                      | (<uint64_t>(keys[i] & 3) << 22) | <uint64_t>w)
    cdef _Filter flt
    flt.on = 0
    try:
        return _group_packed(src, nc, db, &flt)
    finally:
        free(src)


cdef tuple _group_packed(uint64_t* src, int64_t nc, int db, const _Filter* flt):
    """``group_collisions`` of ``nc`` collisions packed in ``src`` (which it sorts, in
    place or through its own scratch: ``src`` is left unspecified, the caller's to free),
    leaving out the pairs ``flt`` rejects (see ``collide_grouped``)."""
    cdef int nbits = 2 * db, passes = (nbits + 10) // 11
    cdef int digit = (nbits + passes - 1) // passes
    cdef int64_t nb = 1LL << digit
    cdef size_t c_dst = 0
    cdef uint64_t* dst = <uint64_t*>nt_take(3, (nc + 1) * sizeof(uint64_t), &c_dst)
    cdef uint64_t* dst0 = dst
    cdef int64_t* cnt = <int64_t*>malloc((nb + 1) * sizeof(int64_t))
    cdef size_t c_out = 0
    cdef int64_t* out = <int64_t*>nt_take(8, (4 * nc + 4) * sizeof(int64_t), &c_out)
    if dst == NULL or cnt == NULL or out == NULL:
        nt_give(3, dst, c_dst)
        free(cnt)
        nt_give(8, out, c_out)
        raise MemoryError()
    cdef int64_t i, pos, t, m = 0, b, kd
    cdef int ps, sh
    cdef uint64_t x, pair, dmask = <uint64_t>(nb - 1)
    cdef uint64_t* tmp
    cdef int64_t cs[4]
    cdef int64_t ws[4]
    cdef uint64_t rmask = (1ULL << db) - 1
    cdef int64_t code, kp = 0
    cdef bint ok
    with nogil:
        for ps in range(passes):
            sh = 24 + ps * digit
            memset(cnt, 0, (nb + 1) * sizeof(int64_t))
            for i in range(nc):
                cnt[((src[i] >> sh) & dmask) + 1] += 1
            for b in range(nb):
                cnt[b + 1] += cnt[b]
            for i in range(nc):
                x = src[i]
                pos = cnt[(x >> sh) & dmask]
                cnt[(x >> sh) & dmask] = pos + 1
                dst[pos] = x
            tmp = src
            src = dst
            dst = tmp
        t = 0
        while t < nc:
            pair = src[t] >> 24
            for kd in range(4):
                cs[kd] = 0
                ws[kd] = 0
            while t < nc and (src[t] >> 24) == pair:
                kd = (src[t] >> 22) & 3
                cs[kd] += 1
                ws[kd] += <int64_t>(src[t] & 0x3FFFFF)
                t += 1
            code = <int64_t>(((pair >> db) << 32) | (pair & rmask))
            if flt.on:  # scoring._qualifies of any kind, or a kept pair (codes ascend)
                ok = False
                for kd in range(4):
                    if cs[kd] >= flt.mins[kd] and ws[kd] * 100 >= flt.mins[kd] * flt.one * flt.percent:
                        ok = True
                while kp < flt.nkeep and flt.keep[kp] < code:
                    kp += 1
                if not ok and not (kp < flt.nkeep and flt.keep[kp] == code):
                    continue
            for kd in range(4):
                if cs[kd]:
                    out[4 * m] = code
                    out[4 * m + 1] = kd
                    out[4 * m + 2] = cs[kd]
                    out[4 * m + 3] = ws[kd]
                    m += 1
    nt_give(3, dst0, c_dst)
    free(cnt)
    out_a = np.empty((4, m), np.int64)
    cdef int64_t[:, ::1] o = out_a
    for i in range(m):
        o[0, i] = out[4 * i]
        o[1, i] = out[4 * i + 1]
        o[2, i] = out[4 * i + 2]
        o[3, i] = out[4 * i + 3]
    nt_give(8, out, c_out)
    return out_a[0], out_a[1], out_a[2], out_a[3]


cdef tuple _group_by_docs(const int64_t[::1] left, const int64_t[::1] right, const int64_t[::1] keys,
                         const int64_t[::1] ranks, int64_t free_, int64_t one):
    """``scoring._group_collisions``: per (pair, kind), in (pair, kind) order, the pair
    code, the kind, the number of collisions and the sum of their weights (two stable
    counting sorts: see ``_kernels_pairs.group_collisions``). The sorted collisions live
    in scratch memory, and the groups are counted before the outputs are allocated: PAN's
    last batch has 2.2M collisions and 0.2M groups, and nine arrays the size of the
    collisions cost more in page faults than the sorting."""
    cdef int64_t nc = left.shape[0], top = 0, i, d, r, w, pos, t, a, end, b, kd, m = 0
    for i in range(nc):
        if right[i] > top:
            top = right[i]
        if left[i] > top:
            top = left[i]
    cdef int64_t n = top + 1
    cdef int64_t f = free_ if free_ > 1 else 1
    cdef int64_t* cnt = <int64_t*>calloc(n + 1, sizeof(int64_t))
    cdef int64_t* start = <int64_t*>calloc(n + 1, sizeof(int64_t))
    cdef int64_t* a_left = <int64_t*>nt_big_malloc((nc + 1) * sizeof(int64_t))
    cdef int64_t* a_pack = <int64_t*>nt_big_malloc((nc + 1) * sizeof(int64_t))
    if cnt == NULL or start == NULL or a_left == NULL or a_pack == NULL:
        free(cnt)
        free(start)
        free(a_left)
        free(a_pack)
        raise MemoryError()
    cdef int64_t* b_pack = a_left  # pass 2 reads a_left while writing: its own buffer below
    cdef int64_t cs[4]
    cdef int64_t ws[4]
    cdef int64_t wmask = (1 << 22) - 1
    with nogil:
        # pass 1: by right document; payload: left, and (right, kind, weight) packed
        for i in range(nc):
            cnt[right[i] + 1] += 1
        for d in range(n):
            cnt[d + 1] += cnt[d]
        for i in range(nc):
            r = ranks[i] if ranks[i] > 1 else 1
            w = one * (r if r < f else f) // r
            pos = cnt[right[i]]
            cnt[right[i]] = pos + 1
            a_left[pos] = left[i]
            a_pack[pos] = (right[i] << 24) | ((keys[i] & 3) << 22) | w
        # pass 2: by left document, stable
        for i in range(nc):
            start[a_left[i] + 1] += 1
        for d in range(n):
            start[d + 1] += start[d]
        for d in range(n):  # cnt: the fill positions
            cnt[d] = start[d]
        b_pack = <int64_t*>nt_big_malloc((nc + 1) * sizeof(int64_t))
        if b_pack != NULL:
            for t in range(nc):
                pos = cnt[a_left[t]]
                cnt[a_left[t]] = pos + 1
                b_pack[pos] = a_pack[t]
            # the groups: (pair, kind) runs, counted first
            for a in range(n):
                t = start[a]
                end = start[a + 1]
                while t < end:
                    b = b_pack[t] >> 24
                    for kd in range(4):
                        cs[kd] = 0
                    while t < end and (b_pack[t] >> 24) == b:
                        cs[(b_pack[t] >> 22) & 3] = 1
                        t += 1
                    m += cs[0] + cs[1] + cs[2] + cs[3]
    free(a_left)
    free(a_pack)
    if b_pack == NULL:
        free(cnt)
        free(start)
        raise MemoryError()
    out_p_a = np.empty(m, np.int64)
    out_k_a = np.empty(m, np.int64)
    out_c_a = np.empty(m, np.int64)
    out_w_a = np.empty(m, np.int64)
    cdef int64_t[::1] out_p = out_p_a
    cdef int64_t[::1] out_k = out_k_a
    cdef int64_t[::1] out_c = out_c_a
    cdef int64_t[::1] out_w = out_w_a
    m = 0
    with nogil:
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
    free(b_pack)
    free(cnt)
    free(start)
    return out_p_a, out_k_a, out_c_a, out_w_a
