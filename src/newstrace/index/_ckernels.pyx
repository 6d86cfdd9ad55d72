# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False, nonecheck=False
"""Cython kernels of the candidate index: the same functions, arguments and arrays as the
numba kernels (``_kernels`` and ``_kernels_pairs``), compiled ahead of time by
``pip install`` (``setup.py``: an optional extension), so a process pays no start-up
for them (importing this module: ~1 ms; numba's start-up: ~0.75 CPU-s).

Each function mirrors the numba kernel of the same name bit for bit (same hashes, same
order of outputs); ``tests/unit/test_index_kernels.py`` holds every compiled backend
equal to the numpy code. Three do more work per pass than their numba twins:
``key_order`` is a most-significant-digit radix sort (11 then 8 bits a level, insertion
sort below 33 keys) instead of numba's bucket sort of single keys: 4.4M PAN keys
0.143 -> ~0.05 CPU-s; ``key_sort`` is the same sort carrying each key's document (no
gather afterwards); ``hash_texts`` tokenises the Python strings themselves (an ASCII
string's own bytes; any other lowered and encoded here unless ``str.lower`` has more to
do than fold ASCII and Latin-1 capitals), not one joined ``bytes`` of them, which cost
PAN 0.08 CPU-s of lowering, encoding and joining.

What it does not do: decide anything (thresholds come from ``IndexConfig`` via the
callers), or read the numpy fallbacks: ``newstrace.index.fast`` picks the backend.
"""

import numpy as np

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    # as C integers (Cython's own Py_UCS4 is a character type)
    uint32_t Py_UNICODE_TOLOWER(uint32_t ch) nogil
    uint32_t PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil
    int PyUnicode_IS_ASCII(object o)
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)

cdef extern from *:
    """
    #include <stdint.h>
    #include <stdlib.h>
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* malloc, and for 4 MB or more the advice to back it with huge pages, as numpy gives
       for its own arrays: where transparent huge pages are "madvise" (the default of many
       distributions), a scratch buffer otherwise takes a fault per 4 KB page, and PAN's
       scratch buffers took ~20k of them, more system time than they saved in copies */
    static void* nt_big_malloc(size_t n) {
        void* p = malloc(n);
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (p != NULL && n >= ((size_t)1 << 22)) {
            uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
            size_t len = (n - (size_t)(a - (uintptr_t)p)) & ~(size_t)4095;
            madvise((void*)a, len, MADV_HUGEPAGE);
        }
    #endif
        return p;
    }
    """
    void* nt_big_malloc(size_t n) nogil

BACKEND = "cython"

cdef uint64_t _P = 0x100000001B3ULL  # tokens._P
cdef uint64_t _SEED = 0xCBF29CE484222325ULL  # tokens._SEED
cdef uint64_t _LEN_MUL = 0x9E3779B97F4A7C15ULL  # tokens._LEN_MUL
cdef uint64_t _POLY = 0x100000001B3ULL  # fingerprints._POLY
cdef uint64_t _M1 = 0xBF58476D1CE4E5B9ULL
cdef uint64_t _M2 = 0x94D049BB133111EBULL
cdef uint64_t _EMPTY = 1ULL << 32  # minhash._EMPTY
cdef uint64_t _LOW32 = 0xFFFFFFFFULL
cdef uint64_t _ROT = 0x9E3779B1ULL  # minhash._ROT
cdef uint64_t _BAND_MUL = 0x100000001B3ULL
cdef uint64_t _KIND_CLEAR = ~3ULL
cdef uint64_t _SIGN = 1ULL << 63  # flips int64 order into uint64 order
cdef uint64_t _LO7 = 0x7F7F7F7F7F7F7F7FULL
cdef uint64_t _HI1 = 0x8080808080808080ULL

# byte classes of tokens._WORD: 0 not a word byte, 1 a word byte, 2 a lead byte (C2, E2,
# E3) that starts a punctuation sequence when the next byte says so (tokens._word_mask)
cdef uint8_t _CLS[256]
_init = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
cdef int _c
for _c in range(256):
    _CLS[_c] = 1 if (_c >= 0x80 or _c in _init) else 0
_CLS[0xC2] = 2
_CLS[0xE2] = 2
_CLS[0xE3] = 2


cdef inline uint64_t _mix(uint64_t x) noexcept nogil:
    """minhash.mix64 on one value."""
    x = x ^ (x >> 30)
    x = x * _M1
    x = x ^ (x >> 27)
    x = x * _M2
    return x ^ (x >> 31)


cdef inline uint64_t _fold8(uint64_t x) noexcept nogil:
    """ASCII capitals of the 8 bytes of ``x`` lowercased (bytes >= 0x80 untouched)."""
    cdef uint64_t t = x & _LO7
    cdef uint64_t ge_a = t + 0x3F3F3F3F3F3F3F3FULL  # bit 7 set where byte >= 'A'
    cdef uint64_t ge_z = t + 0x2525252525252525ULL  # bit 7 set where byte > 'Z'
    return x | (((ge_a & ~ge_z & ~x) & _HI1) >> 2)


cdef inline uint64_t _hash_run(const uint8_t* buf, int64_t start, int64_t length, int64_t n) noexcept nogil:
    """tokens._hash_runs of one token ``buf[start : start + length]`` (``n``: the end of
    readable memory), 8 bytes a step, ASCII capitals folded."""
    cdef uint64_t h = _SEED ^ (<uint64_t>length * _LEN_MUL)
    cdef uint64_t x
    cdef int64_t off = 0, k, j
    while off < length:
        k = length - off
        if k > 8:
            k = 8
        x = 0
        if start + off + 8 <= n:
            memcpy(&x, buf + start + off, 8)  # little-endian, like numpy's "<u8" view
            if k < 8:
                x &= (1ULL << (8 * k)) - 1
        else:
            for j in range(k):
                x |= (<uint64_t>buf[start + off + j]) << (8 * j)
        h = _mix((h ^ _fold8(x)) * _P)
        off += 8
    return _mix(h)


cdef inline int64_t _kill_at(const uint8_t* buf, int64_t i, int64_t n, int64_t kill) noexcept nogil:
    """The punctuation-sequence bound after lead byte ``buf[i]`` (tokens._word_mask)."""
    cdef uint8_t b = buf[i]
    if b == 0xC2:
        if i < n - 1 and kill < i + 2:
            return i + 2
    elif i < n - 2:
        if (b == 0xE2 and (buf[i + 1] == 0x80 or buf[i + 1] == 0x81)) or (b == 0xE3 and buf[i + 1] == 0x80):
            if kill < i + 3:
                return i + 3
    return kill


cdef int64_t _scan(const uint8_t* buf, int64_t n, uint64_t* out, int64_t nt,
                   const int64_t* ends, int64_t n_ends, int64_t* counts) noexcept nogil:
    """Hash every token of ``buf[:n]`` into ``out[nt:]``; a token starting at or after
    ``ends[d]`` counts for a later text. Returns the new ``nt``."""
    cdef int64_t i = 0, start, kill = 0, d = 0
    cdef uint8_t c
    while True:
        while i < n:  # to the next word byte
            c = _CLS[buf[i]]
            if c == 2:
                kill = _kill_at(buf, i, n, kill)
            if c != 0 and i >= kill:
                break
            i += 1
        if i >= n:
            return nt
        start = i
        i += 1
        while i < n:  # to the end of the token
            c = _CLS[buf[i]]
            if c == 2:
                kill = _kill_at(buf, i, n, kill)
            if c == 0 or i < kill:
                break
            i += 1
        out[nt] = _hash_run(buf, start, i - start, n)
        nt += 1
        while d < n_ends - 1 and start >= ends[d]:
            d += 1
        counts[d] += 1


def hash_tokens(const uint8_t[::1] buf, const int64_t[::1] ends):
    """``tokens.hash_batch`` after the encoding: token hashes of the texts joined by
    ``\\n`` in ``buf`` (text ``d`` ends at ``ends[d]``), and tokens per text. ASCII
    capitals are folded here (the caller lowercases only non-ASCII texts)."""
    cdef int64_t n = buf.shape[0]
    out = np.empty(n // 2 + 1, np.uint64)
    counts = np.zeros(ends.shape[0], np.int64)
    cdef uint64_t[::1] o = out
    cdef int64_t[::1] cn = counts
    cdef int64_t nt = 0
    if n and ends.shape[0]:
        with nogil:
            nt = _scan(&buf[0], n, &o[0], 0, &ends[0], ends.shape[0], &cn[0])
    return out[:nt], counts


cdef bytes _latin1_lower_utf8(object t):
    """A Latin-1 (1-byte kind) string lowercased and encoded as UTF-8, as
    ``t.lower().encode()``: lowering is per character below U+0100 (A-Z and U+00C0-U+00DE
    but U+00D7 move up by 0x20; nothing else changes)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), i
    cdef const uint8_t* s = <const uint8_t*>PyUnicode_DATA(t)
    cdef Py_ssize_t m = n
    for i in range(n):
        if s[i] >= 0x80:
            m += 1
    out = bytes(m)  # a fresh object: written once here, immutable after
    cdef uint8_t* o = <uint8_t*>PyBytes_AS_STRING(out)
    cdef Py_ssize_t j = 0
    cdef uint8_t c
    for i in range(n):
        c = s[i]
        if c < 0x80:
            o[j] = c
            j += 1
        else:
            if 0xC0 <= c <= 0xDE and c != 0xD7:
                c += 0x20
            o[j] = 0xC0 | (c >> 6)
            o[j + 1] = 0x80 | (c & 0x3F)
            j += 2
    return out


cdef object _wide_lower_utf8(object t):
    """A 2- or 4-byte kind string lowercased and encoded as UTF-8 (surrogates as 3 bytes,
    like ``surrogatepass``), as ``t.lower().encode("utf-8", "surrogatepass")``, encoded
    here when no character but ASCII capitals has a lowercase form (then ``lower`` only
    folds those, which the hashing does): a text with curly quotes is 2-byte kind, and
    ``str.lower`` of PAN's 879 such texts cost 0.027 CPU-s. None when one has (``str.lower``
    is the authority: final sigma, dotted I)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), i, m = 0, j = 0
    cdef int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef uint32_t c
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c < 0x80:
            m += 1
        elif Py_UNICODE_TOLOWER(c) != c:
            return None
        elif c < 0x800:
            m += 2
        elif c < 0x10000:
            m += 3
        else:
            m += 4
    out = bytes(m)  # a fresh object: written once here, immutable after
    cdef uint8_t* o = <uint8_t*>PyBytes_AS_STRING(out)
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c < 0x80:
            o[j] = <uint8_t>c
            j += 1
        elif c < 0x800:
            o[j] = 0xC0 | (c >> 6)
            o[j + 1] = 0x80 | (c & 0x3F)
            j += 2
        elif c < 0x10000:
            o[j] = 0xE0 | (c >> 12)
            o[j + 1] = 0x80 | ((c >> 6) & 0x3F)
            o[j + 2] = 0x80 | (c & 0x3F)
            j += 3
        else:
            o[j] = 0xF0 | (c >> 18)
            o[j + 1] = 0x80 | ((c >> 12) & 0x3F)
            o[j + 2] = 0x80 | ((c >> 6) & 0x3F)
            o[j + 3] = 0x80 | (c & 0x3F)
            j += 4
    return out


def hash_texts(list texts):
    """``tokens.hash_batch(texts)`` on the strings themselves: an ASCII string is read in
    place (its capitals are folded while hashing), a Latin-1 one lowered and encoded here,
    any other ``t.lower().encode("utf-8", "surrogatepass")``. The same hashes and counts
    as ``hash_tokens`` over the joined texts (no token spans two texts)."""
    cdef Py_ssize_t nd = len(texts), d
    keep = [None] * nd
    cdef const uint8_t** ptr = <const uint8_t**>malloc((nd + 1) * sizeof(uint8_t*))
    cdef int64_t* size = <int64_t*>malloc((nd + 1) * sizeof(int64_t))
    if ptr == NULL or size == NULL:
        free(ptr)
        free(size)
        raise MemoryError()
    cdef int64_t cap = 1, nt = 0
    try:
        for d in range(nd):
            t = texts[d]
            if not isinstance(t, str):
                raise TypeError(f"texts[{d}] is {type(t).__name__}, not str")
            if PyUnicode_IS_ASCII(t):
                ptr[d] = <const uint8_t*>PyUnicode_DATA(t)
                size[d] = PyUnicode_GET_LENGTH(t)
                keep[d] = t
            else:
                if PyUnicode_KIND(t) == 1:
                    b = _latin1_lower_utf8(t)
                else:
                    b = _wide_lower_utf8(t)
                    if b is None:
                        b = t.lower().encode("utf-8", "surrogatepass")
                keep[d] = b
                ptr[d] = <const uint8_t*>PyBytes_AS_STRING(b)
                size[d] = PyBytes_GET_SIZE(b)
            cap += size[d] // 2 + 1
        out = np.empty(cap, np.uint64)
        counts = np.zeros(nd, np.int64)
        nt = _hash_all(ptr, size, nd, out, counts)
    finally:
        free(ptr)
        free(size)
    return out[:nt], counts


cdef int64_t _hash_all(const uint8_t** ptr, const int64_t* size, Py_ssize_t nd, object out, object counts):
    cdef uint64_t[::1] o = out
    cdef int64_t[::1] cn = counts
    cdef int64_t nt = 0
    cdef Py_ssize_t d
    if nd == 0:
        return 0
    with nogil:
        for d in range(nd):
            nt = _scan(ptr[d], size[d], &o[0], nt, &size[d], 1, &cn[d])
    return nt


cdef inline bint _member(uint64_t x, int64_t mask, int64_t probes, const uint64_t* table) noexcept nogil:
    """Whether ``x`` is in a ``build_table`` table (``probes`` < 0: the empty set)."""
    if probes < 0:
        return False
    cdef uint64_t empty = table[mask + 1], v
    cdef int64_t p = <int64_t>(x & <uint64_t>mask)
    if x == empty:  # the marker is no member (and would match an empty slot below)
        return False
    v = table[p]
    while v != x and v != empty:  # one exit test a probe: usually the first ends it
        p = (p + 1) & mask
        v = table[p]
    return v == x


def build_table(const uint64_t[::1] h, uint64_t empty):
    """An open-addressing table of the distinct hashes ``h`` for ``_member``, at most
    half full (see ``_kernels.build_table``)."""
    cdef int64_t size = 64, i, p, mask
    cdef int64_t n = h.shape[0]
    while size < 2 * n:
        size *= 2
    mask = size - 1
    table = np.full(size + 1, empty, np.uint64)
    cdef uint64_t[::1] t = table
    cdef uint64_t x
    for i in range(n):
        x = h[i]
        p = <int64_t>(x & <uint64_t>mask)
        while t[p] != empty and t[p] != x:
            p = (p + 1) & mask
        t[p] = x
    return mask, table


def stop_flags(const uint64_t[::1] h, const int64_t[::1] counts, int64_t mask, int64_t probes,
               const uint64_t[::1] table):
    """Stopword membership of each token and the number of stopwords per document."""
    flags = np.zeros(h.shape[0], np.bool_)
    per_doc = np.zeros(counts.shape[0], np.int64)
    cdef uint8_t[::1] f = flags.view(np.uint8)
    cdef int64_t[::1] pd = per_doc
    cdef int64_t t = 0, d, j, c
    if h.shape[0] == 0:
        return flags, per_doc
    cdef const uint64_t* hp = &h[0]
    cdef const uint64_t* tp = &table[0]
    with nogil:
        for d in range(counts.shape[0]):
            c = 0
            for j in range(counts[d]):
                f[t] = _member(hp[t], mask, probes, tp)
                c += f[t]
                t += 1
            pd[d] = c
    return flags, per_doc


cdef inline int64_t _ngrams(const uint64_t* seq, int64_t m, int64_t n, uint64_t salt, uint64_t* out) noexcept nogil:
    """fingerprints._ngrams of one document's ``m`` token hashes into ``out``."""
    cdef int64_t k = m - n + 1, i, j
    cdef uint64_t acc
    for i in range(k):
        acc = seq[i] ^ salt
        for j in range(1, n):
            acc = acc * _POLY + seq[i + j]
        out[i] = _mix(acc)
    return k if k > 0 else 0


cdef inline int64_t _bag_ngrams(const uint64_t* seq, int64_t m, int64_t n, uint64_t salt, uint64_t* mixed,
                                uint64_t* out) noexcept nogil:
    """fingerprints._bag_ngrams of one document's ``m`` token hashes into ``out``."""
    cdef int64_t i, j, k = m - n + 1
    cdef uint64_t acc
    for i in range(m):
        mixed[i] = _mix(seq[i] ^ salt)
    for i in range(k):
        acc = mixed[i]
        for j in range(1, n):
            acc = acc + mixed[i + j]
        out[i] = _mix(acc)
    return k if k > 0 else 0


cdef struct _Out:
    uint64_t* k  # window keys of one kind
    int64_t* d
    int64_t nk
    uint64_t* sk  # the short documents' lone minimums
    int64_t* sd
    int64_t ns


cdef inline uint64_t _min(uint64_t a, uint64_t b) noexcept nogil:
    return b if b < a else a  # a conditional move: comparing two hashes is a coin toss


cdef inline void _emit(const uint64_t* g, int64_t m, int64_t d, int64_t w, _Out* o) noexcept nogil:
    """fingerprints._winnow on one document's ``m`` hashes (see ``_kernels._emit``).
    Branch-free: each window's minimum is written, and kept (the count advances) when it
    differs from the one before: an unpredictable branch per window cost a third of the
    kernel."""
    cdef int64_t i, j, nk
    cdef uint64_t v, prev
    cdef uint64_t* ok
    cdef int64_t* od
    if m == 0:
        return
    if w <= 1:
        for i in range(m):
            o.k[o.nk + i] = g[i]
            o.d[o.nk + i] = d
        o.nk += m
        return
    if m < w:
        v = g[0]
        for i in range(1, m):
            v = _min(v, g[i])
        o.sk[o.ns] = v
        o.sd[o.ns] = d
        o.ns += 1
        return
    ok = o.k
    od = o.d
    nk = o.nk
    v = g[0]
    for j in range(1, w):
        v = _min(v, g[j])
    ok[nk] = v
    od[nk] = d
    nk += 1
    prev = v
    for i in range(1, m - w + 1):
        v = g[i]
        for j in range(1, w):
            v = _min(v, g[i + j])
        ok[nk] = v
        od[nk] = d
        nk += v != prev
        prev = v
    o.nk = nk


def fingerprints(
    const uint64_t[::1] h,
    const int64_t[::1] counts,
    is_stop,
    fallback,
    const int64_t[::1] params,
    const uint64_t[::1] salts,
    int64_t f_mask,
    int64_t f_probes,
    const uint64_t[::1] f_table,
    int64_t c_mask,
    int64_t c_probes,
    const uint64_t[::1] c_table,
):
    """The rest of ``fingerprints.fingerprint_batch`` once stopwords are known (see
    ``_kernels.fingerprints``): keys, their documents, counts per kind, MinHash
    signatures, which have one, and LSH band keys."""
    cdef const uint8_t[::1] stop = np.ascontiguousarray(is_stop).view(np.uint8)
    cdef const uint8_t[::1] fbk = np.ascontiguousarray(fallback).view(np.uint8)
    cdef int64_t n_docs = counts.shape[0]
    cdef int64_t word_n = params[0], word_w = params[1], stop_n = params[2], stop_w = params[3]
    cdef int64_t cont_n = params[4], cont_w = params[5], rare_n = params[6], mh_n = params[7]
    cdef int64_t perm = params[8], min_sh = params[9], n_bands = params[10]
    cdef int64_t total = h.shape[0], cap = total + 1
    cdef int64_t longest = 1, d, i, j, t, m, s, r, c, lo, b, o, rows
    for d in range(n_docs):
        if counts[d] > longest:
            longest = counts[d]
    # per kind: window keys and docs, then the short documents' lone minimums; scratch
    # memory (not numpy's), touched only as far as each kind fills it
    cdef uint64_t* kbuf = <uint64_t*>nt_big_malloc(4 * (cap + n_docs + 1) * sizeof(uint64_t))
    cdef int64_t* dbuf = <int64_t*>nt_big_malloc(4 * (cap + n_docs + 1) * sizeof(int64_t))
    if kbuf == NULL or dbuf == NULL:
        free(kbuf)
        free(dbuf)
        raise MemoryError()
    scratch = np.empty((3, longest), np.uint64)
    kcount_a = np.zeros((n_docs, 4), np.int64)
    sig64_a = np.full((n_docs, perm), _EMPTY, np.uint64)
    has_a = np.zeros(n_docs, np.bool_)
    cdef uint64_t[:, ::1] scv = scratch
    cdef int64_t[:, ::1] kcount = kcount_a
    cdef uint64_t[:, ::1] sig64 = sig64_a
    cdef uint8_t[::1] has_sig = has_a.view(np.uint8)
    cdef _Out outs[4]
    for t in range(4):
        outs[t].k = kbuf + t * cap
        outs[t].d = dbuf + t * cap
        outs[t].nk = 0
        outs[t].sk = kbuf + 4 * cap + t * (n_docs + 1)
        outs[t].sd = dbuf + 4 * cap + t * (n_docs + 1)
        outs[t].ns = 0
    cdef uint64_t* seq = &scv[0, 0]
    cdef uint64_t* grams = &scv[1, 0]
    cdef uint64_t* mixed = &scv[2, 0]
    cdef const uint64_t* hp = &h[0] if total else NULL
    cdef const uint64_t* ft = &f_table[0]
    cdef const uint64_t* ct = &c_table[0]
    cdef int bits = 0
    while (1 << (bits + 1)) <= perm:
        bits += 1
    cdef uint64_t x, v, acc
    cdef uint64_t* row
    cdef bint fb
    cdef int64_t min_mh = min_sh if min_sh > 1 else 1
    with nogil:
        lo = 0
        for d in range(n_docs):
            c = counts[d]
            fb = fbk[d] != 0
            # word shingles
            m = _ngrams(hp + lo, c, word_n, salts[0], grams)
            _emit(grams, m, d, word_w, &outs[0])
            # MinHash over word mh_n-grams
            m = _ngrams(hp + lo, c, mh_n, salts[4], grams)
            if m >= min_mh:
                has_sig[d] = 1
                row = &sig64[d, 0]
                for i in range(m):
                    x = grams[i]
                    b = <int64_t>(x >> (64 - bits)) if bits else 0
                    row[b] = _min(row[b], (x >> 8) & _LOW32)
            # stopword projection
            s = 0
            for i in range(c):  # branch-free: half the tokens are stopwords
                seq[s] = hp[lo + i]
                s += stop[lo + i] != 0
            m = _ngrams(seq, s, stop_n, salts[1], grams)
            _emit(grams, m, d, stop_w, &outs[1])
            # content words: not stopwords, and (English texts) not frequent English words
            s = 0
            if fb or f_probes < 0:
                for i in range(c):
                    seq[s] = hp[lo + i]
                    s += stop[lo + i] == 0
            else:
                for i in range(c):  # branch-free: membership is a coin toss
                    seq[s] = hp[lo + i]
                    s += (stop[lo + i] == 0) & (not _member(hp[lo + i], f_mask, f_probes, ft))
            m = _bag_ngrams(seq, s, cont_n, salts[2], mixed, grams)
            _emit(grams, m, d, cont_w, &outs[2])
            # rare words: content words of English texts that are not common words
            if rare_n > 0 and not fb:
                r = 0
                for i in range(s):
                    x = seq[i]
                    seq[r] = x
                    r += not _member(x, c_mask, c_probes, ct)
                m = _bag_ngrams(seq, r, rare_n, salts[3], mixed, grams)
                _emit(grams, m, d, 1, &outs[3])
            lo += c
    # densify (minhash.signatures) and band keys (minhash.band_keys)
    sig_a = np.zeros((n_docs, perm), np.uint32)
    rows = perm // n_bands
    bands_a = np.empty((n_docs, n_bands), np.int64)
    cdef uint32_t[:, ::1] sig = sig_a
    cdef int64_t[:, ::1] bands = bands_a
    cdef int64_t n_out = 0
    for t in range(4):
        n_out += outs[t].nk + outs[t].ns
    keys_a = np.empty(n_out, np.int64)
    docs_a = np.empty(n_out, np.int64)
    cdef int64_t[::1] keys = keys_a
    cdef int64_t[::1] docs = docs_a
    cdef uint64_t tag
    with nogil:
        for d in range(n_docs):
            if has_sig[d]:
                for j in range(perm):
                    v = sig64[d, j]
                    if v == _EMPTY:
                        for t in range(1, perm):
                            x = sig64[d, (j + t) % perm]
                            if x != _EMPTY:
                                v = (x + <uint64_t>t * _ROT) & _LOW32
                                break
                    sig[d, j] = <uint32_t>v
            for b in range(n_bands):
                acc = <uint64_t>(b + 1)
                for j in range(rows):
                    acc = acc * _BAND_MUL + <uint64_t>sig[d, b * rows + j]
                bands[d, b] = <int64_t>_mix(acc)
        o = 0
        for t in range(4):
            tag = <uint64_t>t
            for i in range(outs[t].nk):
                keys[o] = <int64_t>((outs[t].k[i] & _KIND_CLEAR) | tag)
                docs[o] = outs[t].d[i]
                kcount[outs[t].d[i], t] += 1
                o += 1
            for i in range(outs[t].ns):
                keys[o] = <int64_t>((outs[t].sk[i] & _KIND_CLEAR) | tag)
                docs[o] = outs[t].sd[i]
                kcount[outs[t].sd[i], t] += 1
                o += 1
    free(kbuf)
    free(dbuf)
    return keys_a, docs_a, kcount_a, sig_a, has_a, bands_a


# --- pairing: the sort, collisions, the memory backend's runs (``_kernels_pairs``) ---------


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


def collide(const int64_t[::1] s, const int64_t[::1] dk, const int64_t[::1] old_k,
            const int64_t[::1] old_d, int64_t cap):
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
    cdef int64_t* md = <int64_t*>nt_big_malloc((n + no + 1) * sizeof(int64_t))
    cdef int64_t* mnew = <int64_t*>nt_big_malloc((n + no + 1) * sizeof(int64_t))
    cdef int64_t* gstart = <int64_t*>nt_big_malloc((n + 1) * sizeof(int64_t))
    cdef int64_t* gkey = <int64_t*>nt_big_malloc((n + 1) * sizeof(int64_t))
    if md == NULL or mnew == NULL or gstart == NULL or gkey == NULL:
        free(md)
        free(mnew)
        free(gstart)
        free(gkey)
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
    free(md)
    free(mnew)
    free(gstart)
    free(gkey)
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
    cdef int db = 1
    while (1LL << db) <= top:
        db += 1
    if 2 * db + 24 > 63 or one >= (1 << 22):
        return _group_by_docs(left, right, keys, ranks, free_, one)
    cdef int64_t f = free_ if free_ > 1 else 1
    cdef int nbits = 2 * db, passes = (nbits + 10) // 11
    cdef int digit = (nbits + passes - 1) // passes
    cdef int64_t nb = 1LL << digit
    cdef uint64_t* src = <uint64_t*>nt_big_malloc((nc + 1) * sizeof(uint64_t))
    cdef uint64_t* dst = <uint64_t*>nt_big_malloc((nc + 1) * sizeof(uint64_t))
    cdef int64_t* cnt = <int64_t*>malloc((nb + 1) * sizeof(int64_t))
    cdef int64_t* out = <int64_t*>nt_big_malloc((4 * nc + 4) * sizeof(int64_t))
    if src == NULL or dst == NULL or cnt == NULL or out == NULL:
        free(src)
        free(dst)
        free(cnt)
        free(out)
        raise MemoryError()
    cdef int64_t r, w, pos, t, m = 0, b, kd
    cdef int ps, sh
    cdef uint64_t x, pair, dmask = <uint64_t>(nb - 1)
    cdef uint64_t* tmp
    cdef int64_t cs[4]
    cdef int64_t ws[4]
    cdef uint64_t rmask = (1ULL << db) - 1
    with nogil:
        for i in range(nc):
            r = ranks[i] if ranks[i] > 1 else 1
            w = one * (r if r < f else f) // r
            src[i] = ((<uint64_t>left[i] << (db + 24)) | (<uint64_t>right[i] << 24)
                      | (<uint64_t>(keys[i] & 3) << 22) | <uint64_t>w)
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
            for kd in range(4):
                if cs[kd]:
                    out[4 * m] = <int64_t>(((pair >> db) << 32) | (pair & rmask))
                    out[4 * m + 1] = kd
                    out[4 * m + 2] = cs[kd]
                    out[4 * m + 3] = ws[kd]
                    m += 1
    free(src)
    free(dst)
    free(cnt)
    out_a = np.empty((4, m), np.int64)
    cdef int64_t[:, ::1] o = out_a
    for i in range(m):
        o[0, i] = out[4 * i]
        o[1, i] = out[4 * i + 1]
        o[2, i] = out[4 * i + 2]
        o[3, i] = out[4 * i + 3]
    free(out)
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
