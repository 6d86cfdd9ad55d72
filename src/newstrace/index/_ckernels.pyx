# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False, nonecheck=False
"""Cython kernels of the candidate index: the same functions, arguments and arrays as the
numba kernels (``_kernels`` and ``_kernels_pairs``), compiled ahead of time by
``pip install`` (``setup.py``: an optional extension), so a process pays no start-up
for them (importing this module: ~1 ms; numba's start-up: ~0.75 CPU-s).

Each function mirrors the numba kernel of the same name bit for bit (same hashes, same
order of outputs); ``tests/unit/test_index_kernels.py`` holds every compiled backend
equal to the numpy code. The pairing kernels are in ``_ckernels_pairs.pxi``, included
here (one extension module). Some do less work than their numba twins (PAN 2013,
5,057 documents, CPU-s of the whole run):

- ``key_order``/``key_sort``: a most-significant-digit radix sort (8 bits, then ~log2(n)
  bits a level in cache, insertion sort below 17 keys) instead of a bucket sort of single
  keys scattered over the whole array; ``key_sort`` carries each key's document, so no
  gather follows: 4.4M keys 0.143 -> 0.066;
- ``hash_texts`` (no numba twin; ``tokens.hash_batch`` uses it when present) tokenises
  the Python strings themselves (an ASCII string's own bytes; any other lowered and
  encoded here unless ``str.lower`` has more to do than fold capitals), not one joined
  ``bytes`` of them: the lowering, encoding and joining cost 0.08;
- ``group_collisions``: an LSD radix sort of the collisions packed in one int64, not two
  counting sorts by whole document numbers: 2.9M collisions 0.062 -> 0.035;
- ``fingerprints``: winnowing and stopword projection without data-dependent branches,
  scratch buffers advised onto huge pages like numpy's large arrays: 0.25 -> 0.15; the
  scratch kept over the chunks of one ``add_and_query`` (``keep_scratch``), freed on
  return otherwise;
- ``_scan`` (the tokeniser of ``hash_texts``/``hash_tokens``): ASCII 8 bytes at a time.

What it does not do: decide anything (thresholds come from ``IndexConfig`` via the
callers), or read the numpy fallbacks: ``newstrace.index.fast`` picks the backend.
"""

import numpy as np

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.stdint cimport int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memcpy, memset

cdef extern from *:
    """
    #ifndef NEWSTRACE_CKERNELS_DIGEST
    #define NEWSTRACE_CKERNELS_DIGEST ""
    #endif
    """
    const char* NEWSTRACE_CKERNELS_DIGEST

# sha256[:16] of the .pyx and .pxi this module was compiled from (setup.py; "" when built
# another way): newstrace.index.fast skips the module when its sources have changed since
SOURCE_DIGEST = (<bytes>NEWSTRACE_CKERNELS_DIGEST).decode("ascii")

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
    /* Scratch buffers kept between calls while a caller asks for it (keep_scratch): a
       batch of chunks then faults in its scratch pages once, not once per chunk (PAN
       2013, three chunks: fingerprints' system time 0.02-0.17 CPU-s -> 0.01-0.04; the
       faults of a run 31k -> 26k with collide_grouped). One slot per buffer: 0-1
       fingerprints, 2-3 the packed collisions and their sort, 4-7 collide's holders,
       8 the groups, 9-10 key_sort_inplace. Taken and given back with the GIL held (the kernels call these
       outside their nogil sections), so two Python threads never share a buffer: a
       taken slot is empty until it is given back. */
    #define NT_SLOTS 11
    static void* nt_slot_ptr[NT_SLOTS];
    static size_t nt_slot_cap[NT_SLOTS];
    static int nt_keep = 0;
    static void* nt_take(int slot, size_t n, size_t* cap) {
        void* p = nt_slot_ptr[slot];
        if (p != NULL && nt_slot_cap[slot] >= n) {
            *cap = nt_slot_cap[slot];
            nt_slot_ptr[slot] = NULL;
            return p;
        }
        if (p != NULL) {
            free(p);
            nt_slot_ptr[slot] = NULL;
        }
        *cap = nt_keep ? n + n / 4 : n;  /* room for a somewhat larger next chunk */
        return nt_big_malloc(*cap);
    }
    static void nt_give(int slot, void* p, size_t cap) {
        if (p == NULL)
            return;
        if (nt_keep && nt_slot_ptr[slot] == NULL) {
            nt_slot_ptr[slot] = p;
            nt_slot_cap[slot] = cap;
        } else {
            free(p);
        }
    }
    static void nt_release_all(void) {
        int i;
        for (i = 0; i < NT_SLOTS; i++) {
            free(nt_slot_ptr[i]);
            nt_slot_ptr[i] = NULL;
        }
    }
    """
    void* nt_big_malloc(size_t n) nogil
    void* nt_take(int slot, size_t n, size_t* cap)
    void nt_give(int slot, void* p, size_t cap)
    void nt_release_all()
    int nt_keep

BACKEND = "cython"


def keep_scratch(bint keep):
    """Keep the kernels' scratch buffers between calls (``True``), or free them now and
    after every call (``False``, the default). ``CandidateIndex.add_and_query`` keeps them
    over its chunks: PAN 2013's three chunks then fault in their scratch pages once."""
    global nt_keep
    nt_keep = 1 if keep else 0
    if not keep:
        nt_release_all()

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


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define nt_ctz64(x) __builtin_ctzll(x)
    #else
    static int nt_ctz64(unsigned long long x) { int n = 0; while (!(x & 1ULL)) { x >>= 1; n++; } return n; }
    #endif
    """
    int nt_ctz64(uint64_t x) nogil


cdef inline uint64_t _ascii_word_bytes(uint64_t x) noexcept nogil:
    """0x80 in each byte of ``x`` that is an ASCII word byte (``[0-9A-Za-z_]``), else 0.
    SWAR range tests (byte + (0x80 - lo) has its top bit set iff byte >= lo): exact for
    every byte below the first one >= 0x80, whose sums carry into the bytes above it, so
    callers mask those off."""
    cdef uint64_t low = x | 0x2020202020202020ULL  # A-Z -> a-z (moves no other byte into a-z)
    cdef uint64_t letter = (low + 0x1F1F1F1F1F1F1F1FULL) & ~(low + 0x0505050505050505ULL)
    cdef uint64_t digit = (x + 0x5050505050505050ULL) & ~(x + 0x4646464646464646ULL)
    cdef uint64_t under = (x + 0x2121212121212121ULL) & ~(x + 0x2020202020202020ULL)
    return (letter | digit | under) & _HI1


cdef inline int64_t _ascii_prefix(uint64_t x) noexcept nogil:
    """How many of the 8 bytes of ``x`` (little-endian) come before its first byte >= 0x80."""
    cdef uint64_t hi = x & _HI1
    return 8 if hi == 0 else nt_ctz64(hi) >> 3


cdef inline bint _skip_ascii(const uint8_t* buf, int64_t* i, int64_t n, bint to_word) noexcept nogil:
    """Move ``i[0]`` over ASCII bytes 8 at a time, to the next word byte (``to_word``) or
    the next non-word byte; True when it stopped on one. False when it met a byte >= 0x80
    or fewer than 8 bytes are left: ``i[0]`` is then where ``_scan``'s byte loop goes on.
    Does not look at the punctuation rule: ``_scan`` calls it only outside a ``kill``
    sequence (``to_word`` is a literal at both calls: inlined, the test folds away)."""
    cdef uint64_t x, w
    cdef int64_t k
    while i[0] + 8 <= n:
        memcpy(&x, buf + i[0], 8)
        k = _ascii_prefix(x)
        w = _ascii_word_bytes(x)
        if not to_word:
            w = ~w & _HI1  # the non-word bytes
        if k < 8:
            w &= (1ULL << (8 * k)) - 1
        if w != 0:
            i[0] += nt_ctz64(w) >> 3
            return True
        i[0] += k
        if k < 8:
            return False
    return False


cdef int64_t _scan(const uint8_t* buf, int64_t n, uint64_t* out, int64_t nt,
                   const int64_t* ends, int64_t n_ends, int64_t* counts) noexcept nogil:
    """Hash every token of ``buf[:n]`` into ``out[nt:]``; a token starting at or after
    ``ends[d]`` counts for a later text. Returns the new ``nt``.

    ASCII bytes go 8 at a time (a word-byte mask per 8 bytes, the next boundary by a
    count of trailing zeros), the rest one at a time through ``_CLS`` and the punctuation
    rule (``_kill_at``): the same tokens as a byte loop, with two well-predicted branches
    per token instead of a branch per byte (PAN 2013's 30 MB: ``hash_texts`` 0.115 ->
    0.093 CPU-s, best of 5, for about as many instructions). Reads 8 bytes at ``i`` only
    while ``i + 8 <= n``, and never while a punctuation sequence (``kill``) is open.
    Assumes a little-endian machine, as ``_hash_run`` does."""
    cdef int64_t i = 0, start, kill = 0, d = 0
    cdef uint8_t c
    while True:
        while True:  # to the next word byte
            if i >= kill and _skip_ascii(buf, &i, n, True):
                break
            if i >= n:
                return nt
            c = _CLS[buf[i]]
            if c == 2:
                kill = _kill_at(buf, i, n, kill)
            if c != 0 and i >= kill:
                break
            i += 1
        start = i
        i += 1
        while True:  # to the end of the token
            if i >= kill and _skip_ascii(buf, &i, n, False):
                break
            if i >= n:
                break
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
    an eighth full (``_kernels.build_table``'s are half full): a non-member then almost
    always ends at its first slot, where half full sent ~half of them on probing with an
    unpredictable branch (``stop_flags`` on 2,000 PAN documents 0.0114 -> 0.0071 CPU-s;
    16x: no faster). The stopword table (193 words) is 2,048 slots; the common-word one
    (14,919) 131,072, 1 MB."""
    cdef int64_t size = 64, i, p, mask
    cdef int64_t n = h.shape[0]
    while size < 8 * n:
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
    """fingerprints._ngrams of one document's ``m`` token hashes into ``out``. The default
    sizes (3, 5, 8) are written out, so the compiler unrolls their loops."""
    cdef int64_t k = m - n + 1, i, j
    cdef uint64_t acc
    if n == 5:
        for i in range(k):
            out[i] = _mix(((((seq[i] ^ salt) * _POLY + seq[i + 1]) * _POLY + seq[i + 2]) * _POLY
                           + seq[i + 3]) * _POLY + seq[i + 4])
        return k if k > 0 else 0
    if n == 3:
        for i in range(k):
            out[i] = _mix(((seq[i] ^ salt) * _POLY + seq[i + 1]) * _POLY + seq[i + 2])
        return k if k > 0 else 0
    if n == 8:
        for i in range(k):
            acc = ((((seq[i] ^ salt) * _POLY + seq[i + 1]) * _POLY + seq[i + 2]) * _POLY + seq[i + 3]) * _POLY
            out[i] = _mix((((acc + seq[i + 4]) * _POLY + seq[i + 5]) * _POLY + seq[i + 6]) * _POLY + seq[i + 7])
        return k if k > 0 else 0
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
    if w == 6:  # the defaults' windows written out (6, 4, 2), so the compiler unrolls them
        for i in range(1, m - w + 1):
            v = _min(_min(_min(g[i], g[i + 1]), _min(g[i + 2], g[i + 3])), _min(g[i + 4], g[i + 5]))
            ok[nk] = v
            od[nk] = d
            nk += v != prev
            prev = v
    elif w == 4:
        for i in range(1, m - w + 1):
            v = _min(_min(g[i], g[i + 1]), _min(g[i + 2], g[i + 3]))
            ok[nk] = v
            od[nk] = d
            nk += v != prev
            prev = v
    elif w == 2:
        for i in range(1, m - w + 1):
            v = _min(g[i], g[i + 1])
            ok[nk] = v
            od[nk] = d
            nk += v != prev
            prev = v
    else:
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
    cdef size_t kcap = 0, dcap = 0
    cdef uint64_t* kbuf = <uint64_t*>nt_take(0, 4 * (cap + n_docs + 1) * sizeof(uint64_t), &kcap)
    cdef int64_t* dbuf = <int64_t*>nt_take(1, 4 * (cap + n_docs + 1) * sizeof(int64_t), &dcap)
    if kbuf == NULL or dbuf == NULL:
        nt_give(0, kbuf, kcap)
        nt_give(1, dbuf, dcap)
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
    nt_give(0, kbuf, kcap)
    nt_give(1, dbuf, dcap)
    return keys_a, docs_a, kcount_a, sig_a, has_a, bands_a


# the pairing kernels (``_kernels_pairs``' twins), kept in their own file
include "_ckernels_pairs.pxi"
