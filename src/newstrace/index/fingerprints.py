"""Fingerprints of a batch of texts: winnowed word n-grams, stopword n-grams, MinHash.

What it does: tokenise and hash tokens (``tokens``: lowercase runs of word
characters, hashed in numpy over the whole batch), and compute
for every text of a batch, vectorised over the whole batch with numpy:

- word shingles: hashed word ``n``-grams, winnowed (minimum of every window of
  ``w`` consecutive n-grams) so the index holds ~2/(w+1) of them;
- stopword n-grams: the text projected onto its function words (English list,
  or for a non-English text its own most frequent tokens), shingled and winnowed:
  they survive machine spinning, which swaps content words only;
- content-word n-grams: the text without its function words, as unordered
  n-grams (a commutative hash of each run of ``n`` content words), winnowed:
  they survive inserted/deleted function words and local reordering;
- rare-word n-grams: the text projected onto its rare words (not in the English
  list of words above ``rare_max_zipf`` on wordfreq's Zipf scale: names, technical
  terms, unusual figures), as unordered n-grams, not winnowed (they are few):
  summaries, translations and rewrites keep the rare words of a passage when
  every phrase around them changes;
- a one-permutation MinHash signature of the word ``minhash_ngram``-grams and its
  LSH band keys.

A fingerprint is an int64 whose low 2 bits say its kind (``KIND_WORD``,
``KIND_STOP``, ``KIND_CONTENT``, ``KIND_RARE``). Consecutive repeats are dropped; a document may
still carry the same fingerprint twice (a repeated phrase): ``candidates``
removes those when it pairs documents.

With numba installed (``newstrace.index.fast``), ``fingerprint_batch`` computes the same
arrays in one compiled pass per document (``_kernels.fingerprints``).

What it does not do: store anything or pair documents (``candidates`` and the
backends), or align passages (``newstrace.align``).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

from newstrace.index.config import IndexConfig
from newstrace.index.fast import i64, kernels, u64
from newstrace.index.minhash import band_keys, mix64, signatures
from newstrace.index.tokens import hash_batch, hash_words

__all__ = [
    "KIND_WORD",
    "KIND_STOP",
    "KIND_CONTENT",
    "KIND_RARE",
    "N_KINDS",
    "KIND_NAMES",
    "Fingerprints",
    "StopwordTable",
    "tokenize",
    "token_hashes",
    "fingerprint_batch",
    "default_stopwords",
    "frequent_english",
    "common_english",
]

KIND_WORD = 0
KIND_STOP = 1
KIND_CONTENT = 2
KIND_RARE = 3
N_KINDS = 4
KIND_NAMES = ("word", "stop", "content", "rare")
_KIND_MASK = np.uint64(3)
_POLY = np.uint64(
    0x100000001B3
)  # FNV prime: odd, so the n-gram combination is a bijection per step
_WORD_SALT = np.uint64(0x5BD1E9955BD1E995)
_STOP_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
_CONTENT_SALT = np.uint64(0x27D4EB2F165667C5)
_MH_SALT = np.uint64(0x165667B19E3779F9)
_RARE_SALT = np.uint64(0x85EBCA77C2B2AE63)

_TOKEN = re.compile(r"\w+")
# a line holding exactly one token (``tokenize`` of it has length 1), and that token
_ONE_TOKEN = re.compile(r"^[^\w\n]*(\w+)[^\w\n]*$", re.MULTILINE)

def tokenize(text: str) -> list[str]:
    """Lowercased ``\\w+`` tokens.

    >>> tokenize("The U.N. said: 42 ships!")
    ['the', 'u', 'n', 'said', '42', 'ships']
    """
    return _TOKEN.findall(text.lower())


def token_hashes(tokens: Iterable[str], count: int = -1) -> np.ndarray:
    """Hash of each token, as ``tokens.hash_batch`` hashes it in a text (stable across runs)."""
    return hash_words(tokens)


def _english_buckets(depth: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The first ``depth`` (all if None) of wordfreq's English frequency buckets: read
    once for every depth up to ``_READ_DEPTH`` (the frequent and the common words need
    600 and 551: one decompression of the file instead of two, 0.012 CPU-s)."""
    want = None if depth is None or depth > _READ_DEPTH else _READ_DEPTH
    got = _read_english_buckets(want)
    return got if depth is None else got[:depth]


_READ_DEPTH = 600


@functools.lru_cache(maxsize=4)
def _read_english_buckets(depth: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The first ``depth`` (all if None) of wordfreq's English frequency buckets (bucket
    i: frequency 10^(-i/100)), or nothing without wordfreq.

    Read straight from wordfreq's data file, whose "cBpack" format its ``read_cBpack``
    documents (gzipped msgpack: one array of a header ``{"format": "cB", "version": 1}``,
    then the buckets), and streamed: the index needs the first 551 of 800 buckets
    (17,121 words), and the other 300k words are most of the file. Reading those 551
    costs 0.01 CPU-s; loading the whole file cost 0.26 s, and importing wordfreq 0.11 s
    more (langcodes, ftfy, regex): together 10% of candidate generation over the 5,057
    PAN documents. Anything unexpected in the file (another layout or version) falls
    back to wordfreq's own reader.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("wordfreq")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return ()
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"
    try:
        import gzip

        import msgpack  # wordfreq's own dependency

        with gzip.open(path, "rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False)
            n = unpacker.read_array_header() - 1
            header = unpacker.unpack()
            if not (isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1):
                raise ValueError(f"unexpected wordfreq header {header!r}")
            take = n if depth is None else min(n, depth)
            return tuple(tuple(unpacker.unpack()) for _ in range(take))
    except (OSError, ValueError, ImportError, IndexError, TypeError, _msgpack_errors()):
        import wordfreq

        return tuple(tuple(b) for b in wordfreq.get_frequency_list("en", "best"))[:depth]


def _msgpack_errors() -> type[Exception]:
    """msgpack's base exception for a truncated or malformed file (``ValueError`` if
    msgpack is missing: the ``except`` above then falls back on ``ImportError``)."""
    try:
        from msgpack.exceptions import UnpackException
    except ImportError:
        return ValueError
    return UnpackException


# wordfreq's ``top_n_list`` leaves out words starting with a multi-digit sequence
# (``numbers.MULTI_DIGIT_RE``): their frequencies are estimated apart
_MULTI_DIGIT = re.compile(r"\d[\d.,]+")


def frequent_english(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words (wordfreq's ``top_n_list("en", n)``), or
    nothing if wordfreq is not installed."""
    if n <= 0:
        return frozenset()
    # the top n words lie in the first buckets (the top 2,000 end near bucket 390 of 800):
    # read 600, and all of them only when that is not enough
    for depth in (600, None):
        out: list[str] = []
        for w in itertools.chain.from_iterable(_english_buckets(depth)):
            if not _MULTI_DIGIT.match(w):
                out.append(w)
                if len(out) >= n:
                    return frozenset(out)
    return frozenset(out)


def common_english(max_zipf: float) -> frozenset[str]:
    """English words at or above ``max_zipf`` on wordfreq's Zipf scale (log10 of uses
    per billion words): everything that is not rare. Empty without wordfreq."""
    # bucket i holds the words of Zipf 9 - i/100: read them down to the floor (the same
    # 15,145 words as filtering wordfreq's 321k-word frequency dict)
    last = math.floor((9 - max_zipf) * 100 + 1e-9)
    return frozenset(itertools.chain.from_iterable(_english_buckets(max(0, last + 1))))


def default_stopwords() -> frozenset[str]:
    """The English stopword list of ``newstrace.text.stopwords`` (the aligner's list)."""
    from newstrace.text.stopwords import ENGLISH

    return frozenset(ENGLISH)


def _slot_table(h: np.ndarray) -> tuple[int, int, np.ndarray] | None:
    """An open-addressing table for exact membership in a few gathers: ``(mask, probes,
    table)``, ``x`` is in ``h`` iff ``table[(x + i) & mask] == x`` for some ``i <=
    probes``. At most 1/64 full, so probe runs stay short. Empty slots hold ``h[0]``:
    only a query equal to ``h[0]`` can match one, and it is a member anyway."""
    if not h.size:
        return None
    size = 1 << max(12, (64 * h.size - 1).bit_length())
    mask = size - 1
    table = np.full(size, h[0], dtype=np.uint64)
    used = np.zeros(size, dtype=bool)
    # linear probing, all pending words at once: each round, every word tries slot
    # (x + p) & mask; of several claiming one free slot the first takes it, the others
    # probe on (a Python loop over the 17k common words took 0.04 s, this 2 ms)
    pending = h.copy()  # token hashes are mixed: their low bits are uniform
    probes = p = 0
    while pending.size:
        slot = ((pending + np.uint64(p)) & np.uint64(mask)).astype(np.intp)
        free = ~used[slot]
        first = np.zeros(pending.size, dtype=bool)
        _, idx = np.unique(slot[free], return_index=True)
        first[np.flatnonzero(free)[idx]] = True
        used[slot[first]] = True
        table[slot[first]] = pending[first]
        if first.any():
            probes = p
        pending = pending[~first]
        p += 1
    return mask, probes, table


@dataclass(frozen=True)
class StopwordTable:
    """A stopword list as sorted token hashes (for vectorised membership tests)."""

    hashes: np.ndarray
    digest: str
    slots: tuple[int, int, np.ndarray] | None = None

    @classmethod
    def build(cls, words: Iterable[str]) -> StopwordTable:
        # Split entries the way texts are tokenised ("aren't" -> "aren", "t") and keep
        # single-token ones, so membership is tested on the same units.
        words = list(words)
        if any("\n" in w for w in words):
            toks = sorted({parts[0] for w in words if len(parts := tokenize(w)) == 1})
        else:
            # one regex over the lines of all words instead of ``tokenize`` per word (the
            # same tokens: lowercasing is per word, a newline is no word character): the
            # 17k words of the default lists 0.018 -> 0.004 CPU-s, once per process
            toks = sorted(set(_ONE_TOKEN.findall("\n".join(words).lower())))
        h = _sorted_unique(token_hashes(toks)) if toks else np.zeros(0, np.uint64)
        digest = hashlib.sha1("\n".join(toks).encode()).hexdigest()[:16]
        return cls(h, digest)

    def contains(self, h: np.ndarray) -> np.ndarray:
        if not self.hashes.size or not h.size:
            return np.zeros(h.size, dtype=bool)
        if self.slots is None:
            # built on first use: the compiled kernels use their own table, never this one
            object.__setattr__(self, "slots", _slot_table(self.hashes))
        if self.slots is not None:
            mask, probes, table = self.slots
            base = (h & np.uint64(mask)).astype(np.intp)
            found = table[base] == h
            for p in range(1, probes + 1):
                found |= table[(base + p) & mask] == h
            return found
        i = np.searchsorted(self.hashes, h)
        i[i == self.hashes.size] = 0
        return self.hashes[i] == h


@dataclass(frozen=True)
class Fingerprints:
    """Fingerprints of a batch of ``n_docs`` texts (document index 0..n_docs-1)."""

    n_docs: int
    keys: np.ndarray  # int64 fingerprints, kind in the low 2 bits
    docs: np.ndarray  # int64 document index of each key
    counts: np.ndarray  # (n_docs, N_KINDS) int64 fingerprints per kind
    signatures: np.ndarray  # (n_docs, perm) uint32 MinHash signatures
    has_signature: np.ndarray  # (n_docs,) bool
    bands: np.ndarray  # (n_docs, bands) int64 LSH bucket keys (meaningless without signature)
    fallback: np.ndarray  # (n_docs,) bool: projected on its own frequent tokens (not English)
    n_tokens: np.ndarray  # (n_docs,) int64


def _ngrams(
    h: np.ndarray, doc: np.ndarray, n: int, salt: np.uint64
) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of every n-gram that lies inside one document (docs contiguous, ascending)."""
    m = h.size - n + 1
    if m <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    acc = h[:m] ^ salt
    for j in range(1, n):
        acc = acc * _POLY + h[j : j + m]
    ok = doc[:m] == doc[n - 1 : n - 1 + m]
    return mix64(acc[ok]), doc[:m][ok]


def _bag_ngrams(
    h: np.ndarray, doc: np.ndarray, n: int, salt: np.uint64
) -> tuple[np.ndarray, np.ndarray]:
    """Order-free hashes of every run of ``n`` tokens inside one document.

    The sum (mod 2^64) of the members' mixed hashes is a multiset hash: "court
    ruled appeal" and "appeal court ruled" get the same value.
    """
    m = h.size - n + 1
    if m <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    x = mix64(h ^ salt)
    acc = x[:m].copy()
    for j in range(1, n):
        acc += x[j : j + m]
    ok = doc[:m] == doc[n - 1 : n - 1 + m]
    return mix64(acc[ok]), doc[:m][ok]


def _winnow(g: np.ndarray, gdoc: np.ndarray, w: int, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """Minimum of every window of ``w`` consecutive hashes inside a document.

    A document with fewer than ``w`` hashes keeps its minimum (one window spanning it).
    """
    if w <= 1 or not g.size:
        return g, gdoc
    parts_k: list[np.ndarray] = []
    parts_d: list[np.ndarray] = []
    m = g.size - w + 1
    if m > 0:
        win = g[:m].copy()  # minimum of each window, by w - 1 shifted in-place minimums
        for j in range(1, w):
            np.minimum(win, g[j : j + m], out=win)
        ok = gdoc[:m] == gdoc[w - 1 :]
        # consecutive windows usually share their minimum: keep it once
        ok[1:] &= (win[1:] != win[:-1]) | (gdoc[1:m] != gdoc[: m - 1])
        parts_k.append(win[ok])
        parts_d.append(gdoc[:m][ok])
    counts = np.bincount(gdoc, minlength=n_docs)
    short = (counts > 0) & (counts < w)
    if short.any():
        nonempty = np.flatnonzero(counts)
        starts = np.concatenate(([0], np.cumsum(counts[nonempty])[:-1]))
        mins = np.minimum.reduceat(g, starts)
        sel = short[nonempty]
        parts_k.append(mins[sel])
        parts_d.append(nonempty[sel].astype(np.int64))
    return np.concatenate(parts_k), np.concatenate(parts_d)


def _fallback_stopwords(
    is_stop: np.ndarray, h: np.ndarray, lengths: np.ndarray, fallback: np.ndarray, cfg: IndexConfig
) -> np.ndarray:
    """For each non-empty document flagged in ``fallback`` (not English, or too few English
    stopwords), replace its stopword flags in ``is_stop`` by its own most frequent tokens;
    returns the documents so treated."""
    fallback = fallback & (lengths > 0)
    if fallback.any():
        bounds = np.concatenate(([0], np.cumsum(lengths)))
        for d in np.flatnonzero(fallback):
            s, e = bounds[d], bounds[d + 1]
            is_stop[s:e] = _frequent_mask(h[s:e], cfg.fallback_stopwords)
    return fallback


def _frequent_mask(h: np.ndarray, k: int) -> np.ndarray:
    """Tokens among the text's own ``k`` most frequent types (ties: smaller hash first)."""
    if not h.size:
        return np.zeros(0, dtype=bool)
    uniq, cnt = _unique_counts(h)
    order = np.lexsort((uniq, -cnt))[:k]
    top = np.sort(uniq[order])
    i = np.searchsorted(top, h)
    i[i == top.size] = 0
    return top[i] == h


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    """``np.unique(x)`` by sorting (``np.unique`` imports ``numpy.ma`` on first use:
    0.024 CPU-s of a process's start)."""
    s = np.sort(x)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if s.size else s


def _unique_counts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_counts=True)`` by sorting (see ``_sorted_unique``)."""
    s = np.sort(x)
    if not s.size:
        return s, np.zeros(0, np.intp)
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    return s[starts], np.diff(np.append(starts, s.size))


def _tagged(keys: np.ndarray, kind: int) -> np.ndarray:
    return (keys & ~_KIND_MASK) | np.uint64(kind)


def fingerprint_batch(
    texts: Sequence[str],
    languages: Sequence[str | None],
    cfg: IndexConfig,
    stop: StopwordTable,
    frequent: StopwordTable | None = None,
    tokens: Sequence[Sequence[str]] | None = None,
    common: StopwordTable | None = None,
) -> Fingerprints:
    """Fingerprint a batch of texts (``tokens``: their ``tokenize`` output, if already known;
    ``common``: the words that are not rare; without it, no rare-word n-grams)."""
    n_docs = len(texts)
    if tokens is None:
        h, lengths = hash_batch(texts)
    else:
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=n_docs)
        h = token_hashes(itertools.chain.from_iterable(tokens))
    foreign = np.array(
        [bool(lang) and not str(lang).lower().startswith("en") for lang in languages], dtype=bool
    )
    k = kernels()
    if k is not None:
        return _fingerprint_fast(k, h, lengths, foreign, cfg, stop, frequent, common)
    tdoc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)

    # word shingles
    wk, wd = _ngrams(h, tdoc, cfg.word_ngram, _WORD_SALT)
    wk, wd = _winnow(wk, wd, cfg.word_window, n_docs)

    # stopword projection: English list, or the text's own most frequent tokens
    is_stop = stop.contains(h)
    ratio = np.bincount(tdoc, weights=is_stop, minlength=n_docs) / np.maximum(lengths, 1)
    fallback = _fallback_stopwords(is_stop, h, lengths, foreign | (ratio < cfg.english_min_ratio), cfg)
    sk, sd = _ngrams(h[is_stop], tdoc[is_stop], cfg.stop_ngram, _STOP_SALT)
    sk, sd = _winnow(sk, sd, cfg.stop_window, n_docs)
    content = ~is_stop
    if frequent is not None and frequent.hashes.size:
        # English texts only: a fallback text's content is what its own frequent tokens are not
        content &= ~(frequent.contains(h) & ~fallback[tdoc])
    ck, cd = _bag_ngrams(h[content], tdoc[content], cfg.content_ngram, _CONTENT_SALT)
    ck, cd = _winnow(ck, cd, cfg.content_window, n_docs)

    # rare words: content words of English texts that are not common English words
    if common is not None and common.hashes.size and cfg.rare_ngram > 0:
        cpos = np.flatnonzero(content & ~fallback[tdoc])
        rpos = cpos[~common.contains(h[cpos])]
        rk, rd = _bag_ngrams(h[rpos], tdoc[rpos], cfg.rare_ngram, _RARE_SALT)
    else:
        rk, rd = np.zeros(0, np.uint64), np.zeros(0, np.int64)

    keys = np.concatenate(
        (_tagged(wk, KIND_WORD), _tagged(sk, KIND_STOP), _tagged(ck, KIND_CONTENT), _tagged(rk, KIND_RARE))
    ).view(np.int64)
    docs = np.concatenate((wd, sd, cd, rd))
    kinds = np.repeat(np.arange(N_KINDS), [wk.size, sk.size, ck.size, rk.size])
    counts = np.bincount(docs * N_KINDS + kinds, minlength=n_docs * N_KINDS).reshape(
        n_docs, N_KINDS
    )

    # MinHash over word minhash_ngram-grams
    mk, md = _ngrams(h, tdoc, cfg.minhash_ngram, _MH_SALT)
    sig, ok = signatures(mk, md, n_docs, cfg.minhash_perm, cfg.minhash_min_shingles)
    bands = band_keys(sig, cfg.minhash_bands)
    return Fingerprints(n_docs, keys, docs, counts, sig, ok, bands, fallback, lengths)


_SALTS = np.array([_WORD_SALT, _STOP_SALT, _CONTENT_SALT, _RARE_SALT, _MH_SALT], dtype=np.uint64)
_NO_TABLE = (0, -1, np.zeros(2, np.uint64))  # a table nothing is a member of (probes < 0)
_KERNEL_TABLES: dict[tuple[str, int], tuple[int, int, np.ndarray]] = {}


def _kernel_table(k: ModuleType, words: StopwordTable | None) -> tuple[int, int, np.ndarray]:
    """The kernels' membership table of a word list (``_kernels.build_table``), built once
    per list (by its digest)."""
    if words is None or not words.hashes.size:
        return _NO_TABLE
    key = (words.digest, int(words.hashes.size))
    if key not in _KERNEL_TABLES:
        h = u64(words.hashes)
        empty = 0
        while bool((h == np.uint64(empty)).any()):
            empty += 1  # the empty marker: any value that is not a member
        mask, table = k.build_table(h, np.uint64(empty))
        _KERNEL_TABLES[key] = (int(mask), 0, table)
    return _KERNEL_TABLES[key]


def _fingerprint_fast(
    k: ModuleType,
    h: np.ndarray,
    lengths: np.ndarray,
    foreign: np.ndarray,
    cfg: IndexConfig,
    stop: StopwordTable,
    frequent: StopwordTable | None,
    common: StopwordTable | None,
) -> Fingerprints:
    """``fingerprint_batch`` after tokenising, by the numba kernels (``newstrace.index.fast``):
    the same arrays as the numpy code above, in one pass over each document's tokens."""
    n_docs = lengths.size
    h = u64(h)
    lengths = i64(lengths)
    is_stop, n_stop = k.stop_flags(h, lengths, *_kernel_table(k, stop))
    ratio = n_stop / np.maximum(lengths, 1)
    fallback = _fallback_stopwords(is_stop, h, lengths, foreign | (ratio < cfg.english_min_ratio), cfg)
    fm, fp_, ft = _kernel_table(k, frequent)
    use_rare = common is not None and common.hashes.size and cfg.rare_ngram > 0
    cm, cp, ct = _kernel_table(k, common) if use_rare else _NO_TABLE
    params = np.array(
        [cfg.word_ngram, cfg.word_window, cfg.stop_ngram, cfg.stop_window, cfg.content_ngram,
         cfg.content_window, cfg.rare_ngram if use_rare else 0, cfg.minhash_ngram, cfg.minhash_perm,
         cfg.minhash_min_shingles, cfg.minhash_bands],
        dtype=np.int64,
    )
    keys, docs, counts, sig, ok, bands = k.fingerprints(
        h, lengths, is_stop, fallback, params, _SALTS, fm, fp_, ft, cm, cp, ct
    )
    return Fingerprints(n_docs, keys, docs, counts, sig, ok, bands, fallback, lengths)
