"""Tokenise and hash a batch of texts in numpy, without a Python object per token.

What it does: lowercases each text, encodes the batch as one UTF-8 byte array,
marks the bytes that belong to words, and hashes every maximal run of word bytes
(a token) 8 bytes at a time with splitmix64's mixer. Work is
a few vectorised passes over the bytes: about 3x faster than ``re.findall`` plus
a hash call per token (the index's former path), and no list of 5 million
strings for the PAN corpus.

Word bytes: ASCII letters, digits and ``_`` (as ``\\w``), and non-ASCII bytes
except those of Latin-1 punctuation and symbols (U+0080-U+00BF: no-break space,
guillemets, degree, pound ...), general punctuation (U+2000-U+206F: curly quotes,
dashes, ellipsis, thin spaces) and CJK punctuation (U+3000-U+303F). So "don't"
and "don’t" both give "don", "t", and "São" is one token. This differs from
Python's ``\\w`` only on rare symbols (a non-ASCII symbol outside those blocks
counts as a word character here). Consistency is what the index needs: every
text and every word list is hashed by this module.

With compiled kernels (``newstrace.index.fast``), ``hash_batch`` runs the same steps as
one compiled loop (``hash_tokens``; the Cython kernels' ``hash_texts`` reads the strings
in place), giving the same hashes.

What it does not do: stem, normalise Unicode (NFC vs NFD forms hash apart), or
give offsets (the index does not need them; the aligner has its own tokeniser).

>>> h, n = hash_batch(["Don’t STOP", "don't stop"])
>>> n.tolist(), bool((h[:3] == h[3:]).all())
([3, 3], True)
>>> bool((hash_words(["stop"]) == h[2]).all())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from newstrace.index.fast import kernels
from newstrace.index.minhash import mix64

__all__ = ["TOKENIZER", "hash_batch", "hash_words"]

# Names this tokeniser and hash: part of the index's settings key, so an index whose
# fingerprints came from another tokeniser (the regex + xxh3 one before) is refused.
TOKENIZER = "utf8-runs-mix64-v1"

_P = np.uint64(0x100000001B3)  # FNV prime (odd)
_SEED = np.uint64(0xCBF29CE484222325)  # FNV offset basis
_LEN_MUL = np.uint64(0x9E3779B97F4A7C15)

_WORD = np.zeros(256, dtype=bool)
for _c in b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_":
    _WORD[_c] = True
_WORD[0x80:] = True


def _word_mask(buf: np.ndarray) -> np.ndarray:
    word = _WORD[buf]
    if buf.size < 2:
        return word
    # 2-byte sequences C2 80..C2 BF: U+0080-U+00BF, Latin-1 punctuation and symbols
    lead = np.flatnonzero(buf[:-1] == 0xC2)
    word[lead] = False
    word[lead + 1] = False
    if buf.size >= 3:
        # 3-byte sequences E2 80/81 xx (U+2000-U+207F) and E3 80 xx (U+3000-U+303F)
        e = np.flatnonzero(((buf[:-2] == 0xE2) & ((buf[1:-1] == 0x80) | (buf[1:-1] == 0x81)))
                           | ((buf[:-2] == 0xE3) & (buf[1:-1] == 0x80)))
        word[e] = False
        word[e + 1] = False
        word[e + 2] = False
    return word


_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _hash_runs(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash of each byte run ``buf[starts[i] : starts[i] + lengths[i]]``.

    Reads a run 8 bytes at a time as a little-endian uint64 (an unaligned view of the
    buffer), masks the bytes past its end, and mixes each word into the run's state:
    most English tokens take one step.
    """
    pad = np.zeros(buf.size + 8, dtype=np.uint8)
    pad[: buf.size] = buf
    words = np.ndarray((buf.size + 1,), dtype="<u8", buffer=pad, strides=(1,))
    with np.errstate(over="ignore"):
        h = _SEED ^ (lengths.astype(np.uint64) * _LEN_MUL)
        off = 0
        if lengths.size and lengths.min() > 0:
            # the first step over every run at once, without gathering and scattering
            # through an index (all are active): 2,000 PAN documents 50 -> 38 ms
            h ^= words[starts] & _MASKS[np.minimum(lengths, 8)]
            h *= _P
            h = mix64(h)
            off = 8
        active = np.flatnonzero(lengths > off)
        while active.size:
            left = np.minimum(lengths[active] - off, 8)
            w = words[starts[active] + off] & _MASKS[left]
            h[active] = mix64((h[active] ^ w) * _P)
            off += 8
            active = active[lengths[active] > off]
    return mix64(h)


def _runs(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    word = _word_mask(buf)
    edge = np.diff(np.concatenate(([False], word, [False])).view(np.int8))
    starts = np.flatnonzero(edge == 1)
    ends = np.flatnonzero(edge == -1)
    return starts, ends - starts


def hash_batch(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Token hashes of all texts, concatenated in order (uint64), and tokens per text."""
    if not texts:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    k = kernels()
    if k is not None and hasattr(k, "hash_texts"):
        # the Cython kernels read the strings themselves (an ASCII one in place): no
        # lowering, encoding or joining of the whole batch (PAN: 0.08 of ~1 CPU-s)
        h, counts = k.hash_texts(texts if isinstance(texts, list) else list(texts))
        return h, counts
    if k is not None:
        # the kernel folds ASCII capitals itself: only non-ASCII texts need str.lower
        # (whose result has no ASCII capitals left, so folding them again changes nothing)
        parts = [t.encode("utf-8", "surrogatepass") if t.isascii() else t.lower().encode("utf-8", "surrogatepass")
                 for t in texts]
        ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) + 1) - 1
        h, counts = k.hash_tokens(np.frombuffer(b"\n".join(parts), dtype=np.uint8), ends)
        return h, counts
    parts = [t.lower().encode("utf-8", "surrogatepass") for t in texts]
    # a newline between texts: never a word byte, so no token spans two texts
    buf = np.frombuffer(b"\n".join(parts), dtype=np.uint8)
    starts, lengths = _runs(buf)
    sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    bounds = np.cumsum(sizes + 1)[:-1]  # where each text after the first begins
    # tokens per text: where each text's first token falls among the token starts
    first = np.searchsorted(starts, bounds)
    counts = np.diff(np.concatenate(([0], first, [starts.size]))).astype(np.int64)
    return _hash_runs(buf, starts, lengths), counts


def hash_words(words: Iterable[str]) -> np.ndarray:
    """Hash of each word exactly as ``hash_batch`` hashes it as a token (a word is
    taken whole: pass single tokens)."""
    ws = [w.lower().encode("utf-8", "surrogatepass") for w in words]
    if not ws:
        return np.zeros(0, np.uint64)
    lengths = np.fromiter(map(len, ws), dtype=np.int64, count=len(ws))
    buf = np.frombuffer(b"".join(ws), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    return _hash_runs(buf, starts, lengths)
