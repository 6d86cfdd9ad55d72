"""The index's compiled kernels (Cython, numba) against its numpy code: the same
fingerprints, collisions, evidence and candidates on random and edge-case inputs (each
backend skipped where it is not built or installed), and the fallbacks: Cython -> numba ->
numpy when one is disabled, missing or broken."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_index import corpus, make_article, sqlite_conn

from newstrace.index import CandidateIndex, IndexConfig, MemoryBackend, SQLiteBackend, fast
from newstrace.index import candidates as cand
from newstrace.index.fingerprints import (
    StopwordTable,
    common_english,
    default_stopwords,
    fingerprint_batch,
    tokenize,
)
from newstrace.index.memory_backend import _Run, merge_runs
from newstrace.index.scoring import minimums, pair_evidence, prefilter
from newstrace.index.tokens import hash_batch
from newstrace.types import Article

COMPILED = fast.available()  # the compiled backends that load here
fast.disable(False)

# Pieces that stress the tokeniser: ASCII and non-ASCII capitals, punctuation blocks it
# must cut at (Latin-1 symbols, general punctuation, CJK punctuation), letters of several
# scripts, characters whose lowercase changes length, an astral emoji, a lone surrogate.
PIECES = [
    "the", "of", "and", "Zebra", "ZEBRA", "São", "don’t", "«quoted»", "—", "İstanbul", "naïve",
    "東京", "、", "a", "1,000", "\u00a0", "ẞtraße", "ﬁne", "\U0001f600", "K\u212a", "Ωmega", "x_y",
    "said", "...", "\u2026", "\u00b0C", "\ud800", "\t", "\n", "Привет", "مرحبا", "Ǆemal",
]


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = ["", "word", "The", "\u00c2", "a\u00c2", " ", "x" * 40, "\u2014\u2014"]
    for _ in range(n):
        k = rng.choice([0, 1, 3, 30, 300])
        out.append(rng.choice([" ", "", "  ", "-"]).join(rng.choice(PIECES) for _ in range(k)))
    out.append(make_article(rng, 12))
    return out


@pytest.fixture(params=["cython", "numba"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each compiled backend in turn (skipped where it does not load)."""
    if request.param not in COMPILED:
        pytest.skip(f"the {request.param} kernels are not available here")
    yield request.param
    fast.disable(False)


@pytest.fixture
def kern(backend: str) -> Any:
    """The module of the backend under test."""
    fast.use(backend)
    return fast.kernels()


@pytest.fixture
def both(backend: str) -> Iterator[Callable[[Callable[[], Any]], tuple[Any, Any]]]:
    """Run a function on the numpy path, then on the compiled backend under test."""

    def run(fn: Callable[[], Any]) -> tuple[Any, Any]:
        fast.use("numpy")
        a = fn()
        fast.use(backend)
        assert fast.backend_name() == backend
        return a, fn()

    yield run
    fast.disable(False)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and bool((a == b).all())


@pytest.fixture(scope="module")
def tables() -> tuple[StopwordTable, StopwordTable, StopwordTable]:
    return (
        StopwordTable.build(default_stopwords()),
        StopwordTable.build(["said", "year", "people", "new", "zebra"]),
        StopwordTable.build(common_english(3.5)),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hash_batch_same(both: Any, seed: int) -> None:
    texts = _texts(seed, 60)
    (h1, n1), (h2, n2) = both(lambda: hash_batch(texts))
    assert _same(h1, h2) and _same(n1, n2)
    assert n1.sum() > 1000


def test_hash_batch_edge_cases(both: Any) -> None:
    for texts in ([], [""], ["", ""], ["one"], ["ONE two"], ["\u00c2"], ["a\u00e2\u0080"], ["x" * 100_000],
                  ["ΟΔΟΣ ΟΔΟΣΣ Σ aΣ", "İstanbul İ", "ÀÉÎÕÜ×ÞßÿµÀ", "\u00c0" * 9, ("x" * 7 + "É") * 3],
                  ("a",), ["abcdefgh", "ABCDEFGHIJKLMNOP", "Zz@[`{"]):
        (h1, n1), (h2, n2) = both(lambda t=texts: hash_batch(t))  # type: ignore[misc]
        assert _same(h1, h2) and _same(n1, n2), texts


def test_hash_batch_every_code_point(both: Any) -> None:
    """Every Unicode code point, alone between letters and between spaces, in texts of
    each string kind: the tokeniser's word bytes and the lowercasing agree everywhere
    (the Cython kernels lower Latin-1 texts themselves and read ASCII ones in place)."""
    chars = [chr(c) for c in range(0x110000)]
    texts = []
    for i in range(0, len(chars), 4096):
        block = chars[i : i + 4096]
        texts.append(" ".join(f"a{c}B" for c in block))
        texts.append(" ".join(block))
    # blocks without a character that str.lower changes: the kernels encode those
    # themselves; then every such character, which str.lower lowers
    same = [c for c in chars if c.lower() == c]
    texts += [" ".join(f"a{c}b" for c in same[i : i + 4096]) for i in range(0, len(same), 4096)]
    texts.append(" ".join(f"a{c}b" for c in chars if c.lower() != c))
    texts.append(" ".join(f"Q{chr(c)}q" for c in range(256)))  # a Latin-1 string
    texts.append("".join(chr(c) for c in range(128)))  # an ASCII one
    (h1, n1), (h2, n2) = both(lambda: hash_batch(texts))
    assert _same(h1, h2) and _same(n1, n2)


def test_hash_batch_random_bytes_near_word_boundaries(both: Any) -> None:
    """Short random strings over every ASCII character and a few punctuation and letter
    sequences: tokens that start and end at every offset of the Cython tokeniser's 8-byte
    steps, and runs that cross from ASCII into non-ASCII bytes inside one step."""
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(128)] + ["é", "’", "\u00a0", "—", "、", "Ж", "\u00c2", "ẞ"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    texts += ["".join(rng.choice("aZ_9 .") for _ in range(rng.randrange(1, 30))) for _ in range(1000)]
    (h1, n1), (h2, n2) = both(lambda: hash_batch(texts))
    assert _same(h1, h2) and _same(n1, n2)
    assert n1.sum() > 10_000


FIELDS = ("keys", "docs", "counts", "signatures", "has_signature", "bands", "fallback", "n_tokens")


@pytest.mark.parametrize(
    "cfg",
    [
        IndexConfig(),
        IndexConfig(word_window=1, stop_window=1, content_window=1, rare_ngram=0, minhash_min_shingles=1),
        IndexConfig(word_ngram=1, stop_ngram=1, content_ngram=1, minhash_ngram=1, minhash_perm=16, minhash_bands=4),
        IndexConfig(word_window=9, stop_window=11, content_window=7, english_min_ratio=0.6, fallback_stopwords=3),
    ],
)
def test_fingerprints_same(both: Any, tables: Any, cfg: IndexConfig) -> None:
    stop, freq, common = tables
    texts = _texts(4, 80)
    langs: list[str | None] = [None] * len(texts)
    langs[9] = "fr"
    langs[10] = "en-GB"
    f1, f2 = both(lambda: fingerprint_batch(texts, langs, cfg, stop, freq, common=common))
    for name in FIELDS:
        assert _same(getattr(f1, name), getattr(f2, name)), name
    assert f1.keys.size > 100 and f1.fallback.any() and f1.has_signature.any()
    # given tokens (the regex tokeniser) and without the frequent/common lists
    toks = [tokenize(t) for t in texts]
    g1, g2 = both(lambda: fingerprint_batch(texts, langs, cfg, stop, tokens=toks))
    for name in FIELDS:
        assert _same(getattr(g1, name), getattr(g2, name)), name


def test_fingerprints_long_and_empty(both: Any, tables: Any) -> None:
    stop, freq, common = tables
    rng = random.Random(5)
    texts = ["", " ".join(make_article(rng, 40) for _ in range(40)), "", "one", "two words"]
    f1, f2 = both(lambda: fingerprint_batch(texts, [None] * 5, IndexConfig(), stop, freq, common=common))
    for name in FIELDS:
        assert _same(getattr(f1, name), getattr(f2, name)), name
    e1, e2 = both(lambda: fingerprint_batch([], [], IndexConfig(), stop, freq, common=common))
    for name in FIELDS:
        assert _same(getattr(e1, name), getattr(e2, name)), name


def test_fingerprints_with_kept_scratch(tables: Any) -> None:
    """The Cython kernels' kept scratch buffers (``keep_scratch``, over the chunks of one
    ``add_and_query``): reused by a smaller batch, replaced for a larger one, freed after;
    every batch fingerprints as the numpy code does."""
    if "cython" not in COMPILED:
        pytest.skip("the Cython kernels are not available here")
    stop, freq, common = tables
    rng = random.Random(11)
    batches = [_texts(6, 80), _texts(7, 20), [" ".join(make_article(rng, 30) for _ in range(30))] * 3, ["x"]]
    fast.use("numpy")
    want = [fingerprint_batch(t, [None] * len(t), IndexConfig(), stop, freq, common=common) for t in batches]
    fast.use("cython")
    k = fast.kernels()
    try:
        k.keep_scratch(True)
        got = [fingerprint_batch(t, [None] * len(t), IndexConfig(), stop, freq, common=common) for t in batches]
    finally:
        k.keep_scratch(False)
        fast.disable(False)
    for w, g in zip(want, got, strict=True):
        for name in FIELDS:
            assert _same(getattr(w, name), getattr(g, name)), name


@pytest.mark.parametrize("n", [0, 1, 2, 33, 40_000])
def test_key_sort_inplace_is_key_sort(n: int) -> None:
    """The Cython kernels' in-place key sort (through kept scratch) gives ``key_sort``'s
    arrays, with the scratch kept or not."""
    if "cython" not in COMPILED:
        pytest.skip("the Cython kernels are not available here")
    fast.use("cython")
    k = fast.kernels()
    rng = np.random.default_rng(n)
    try:
        for keep in (False, True, True):
            k.keep_scratch(keep)
            keys = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64)
            keys[: n // 3] = rng.integers(-3, 3, n // 3)  # repeats: the sort must be stable
            docs = rng.integers(0, 1000, n, dtype=np.int64)
            want_k, want_d = k.key_sort(keys, docs)
            k.key_sort_inplace(keys, docs)
            assert _same(keys, want_k) and _same(docs, want_d)
    finally:
        k.keep_scratch(False)
        fast.disable(False)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 17, 33, 5000, 40_000, 300_000])
def test_key_order_is_the_stable_argsort(kern: Any, n: int) -> None:
    k = kern
    rng = np.random.default_rng(n)
    keys = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64)
    if n > 10:
        keys[rng.integers(0, n, n // 3)] = keys[0]  # many equal keys: one bucket overflows
        keys[: n // 10] = rng.integers(-5, 5, n // 10)  # small keys, negative and positive
    order, s = k.key_order(keys)
    assert _same(order, np.argsort(keys, kind="stable")) and _same(s, np.sort(keys))
    if n >= 2:
        assert _same(order, cand._key_order(keys))
    docs = rng.integers(0, 1000, n)
    sk, sd = k.key_sort(keys, docs)
    assert _same(sk, s) and _same(sd, docs[order])


def test_key_order_skewed(kern: Any) -> None:
    """Keys agreeing on their high bits (one radix bucket), all equal, or few values."""
    rng = np.random.default_rng(7)
    for keys in (rng.integers(0, 1 << 20, 50_000), np.full(10_000, -3), rng.integers(-2, 2, 70_000),
                 (rng.integers(0, 4, 20_000) << 40) | rng.integers(0, 1 << 30, 20_000),
                 np.array([2**63 - 1, -(2**63), 0, -1, 1] * 20)):
        keys = keys.astype(np.int64)
        order, s = kern.key_order(keys)
        assert _same(order, np.argsort(keys, kind="stable")) and _same(s, np.sort(keys))


def test_membership_table_is_exact(kern: Any) -> None:
    """The kernels' half-full table with an empty marker: members found, non-members not,
    including the marker itself (1 here: 0 is a member) and values probing past wraps."""
    k = kern
    rng = np.random.default_rng(4)
    members = np.unique(np.concatenate((rng.integers(0, 2**63, 3000).astype(np.uint64), np.array([0, 63, 64, 127], np.uint64))))
    mask, table = k.build_table(members, np.uint64(1))
    queries = np.concatenate((members, rng.integers(0, 2**63, 5000).astype(np.uint64), np.arange(0, 300, dtype=np.uint64)))
    found, n = k.stop_flags(queries, np.array([queries.size], np.int64), mask, 0, table)
    assert _same(found, np.isin(queries, members)) and n[0] == found.sum()
    none, _ = k.stop_flags(queries, np.array([queries.size], np.int64), mask, -1, table)
    assert not none.any()


def test_merge_runs_same(both: Any) -> None:
    rng = np.random.default_rng(3)
    for n1, n2 in ((0, 0), (5, 0), (0, 5), (1000, 10), (300, 400)):
        k1, k2 = np.sort(rng.integers(0, 200, n1)), np.sort(rng.integers(0, 200, n2))
        d1, d2 = np.arange(n1), np.arange(n2) + 10_000
        (a, b), (c, d) = both(lambda k1=k1, k2=k2, d1=d1, d2=d2: merge_runs(k1, d1, k2, d2))  # type: ignore[misc]
        assert _same(a, c) and _same(b, d)


def test_run_lookup_same(both: Any) -> None:
    """A run's lookup: ascending queries (the kernels' galloping merge), repeated and
    missing ones, and unordered ones (numpy's binary search on both paths)."""
    rng = np.random.default_rng(5)
    keys = np.sort(rng.integers(0, 300, 2000))
    run = _Run(keys, np.arange(2000) * 3, presorted=True)
    for q in (np.sort(rng.integers(-5, 310, 200)), np.array([4, 4, 4, 299, 299, 1000]), rng.integers(0, 300, 50),
              np.zeros(0, np.int64), np.array([-1])):
        (a, b), (c, d) = both(lambda q=q: run.lookup(q))  # type: ignore[misc]
        assert _same(a, c) and _same(b, d)
        assert _same(a, np.repeat(q, [int((keys == x).sum()) for x in q]))


@pytest.mark.parametrize("seed", [1, 2])
def test_collide_same(both: Any, seed: int) -> None:
    """Batches of keys against a memory index holding earlier batches (several runs):
    the same collisions, postings to store, repeats and skipped counts."""
    def run() -> list[Any]:
        rng = np.random.default_rng(seed)
        backend = MemoryBackend()
        out = []
        base = 0
        for size in (300, 200, 500, 50, 400):
            n_docs = size // 10
            keys = rng.integers(0, 60, size) * 4 + rng.integers(0, 4, size)  # many shared keys
            docs = np.sort(rng.integers(0, n_docs, size)) + base
            # a few out of document order (a short document's lone minimum comes last)
            docs[-3:] = base + np.array([0, 1, 0])
            c = cand._collide(backend, "shingle", keys, docs, 5)
            backend.add_postings("shingle", c.store_keys, c.store_docs)
            out.append(c)
            base += n_docs
        return out

    a, b = both(run)
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        for f in x.__dataclass_fields__:
            u, v = getattr(x, f), getattr(y, f)
            assert _same(u, v) if isinstance(u, np.ndarray) else u == v, f
    assert sum(c.left.size for c in a) > 100 and sum(c.repeated.size for c in a) > 0
    assert sum(c.skipped for c in a) > 0


@pytest.mark.parametrize("base", [0, 1 << 25])
@pytest.mark.parametrize("mins", [(0, 0, 0, 0), (3, 6, 2, 2)])
def test_collide_grouped_same(both: Any, base: int, mins: tuple[int, ...]) -> None:
    """``_collide`` asked for grouped collisions (``_Grouping``; the Cython kernels'
    ``collide_grouped``, which never writes the collisions as arrays and leaves out the
    pairs ``prefilter`` would drop) gives the evidence the numpy path's collision arrays
    give after ``prefilter``, and the same postings, repeats and skips; with document
    numbers past 2^20 too (no packing: collide, then the counting sorts). Minimums of 0:
    nothing is left out, so the evidence before ``prefilter`` is the same too."""
    cfg = IndexConfig(min_shared_word=mins[0], min_shared_stop=mins[1], min_shared_content=mins[2],
                      min_shared_rare=mins[3], min_specific_percent=100)

    def run() -> list[Any]:
        rng = np.random.default_rng(3)
        backend = MemoryBackend()
        out = []
        b = base
        for size in (300, 0, 500, 50, 400):
            n_docs = max(1, size // 10)
            keys = rng.integers(0, 60, size) * 4 + rng.integers(0, 4, size)
            docs = np.sort(rng.integers(0, n_docs, size)) + b
            bl = np.sort(rng.integers(b - 20 if b > 20 else 0, b + n_docs, 30))
            br = bl + rng.integers(1, 5, 30)
            band_pairs = np.unique((bl << 32) | br)
            group = cand._Grouping(4, minimums(cfg), cfg.min_specific_percent, band_pairs)
            c = cand._collide(backend, "shingle", keys, docs, 5, group)
            if size and fast.backend_name() == "cython":
                assert c.grouped is not None and not c.left.size
            backend.add_postings("shingle", c.store_keys, c.store_docs)
            ev = pair_evidence(c.left, c.right, c.keys, c.ranks, bl, br, 4, c.grouped)
            kept = prefilter(ev, cfg)
            raw = (ev.pair, ev.shared, ev.weight) if not any(mins) else ()
            out.append((c.store_keys, c.store_docs, c.repeated, c.repeated_docs, c.skipped,
                        kept.pair, kept.shared, kept.weight, kept.band, *raw))
            b += n_docs
        return out

    a, b = both(run)
    for x, y in zip(a, b, strict=True):
        for u, v in zip(x, y, strict=True):
            assert _same(u, v) if isinstance(u, np.ndarray) else u == v
    assert sum(x[5].size for x in a) > 30 and sum(x[4] for x in a) > 0


def test_pair_evidence_same(both: Any) -> None:
    rng = np.random.default_rng(9)
    n = 20_000
    left = rng.integers(0, 300, n)
    right = left + rng.integers(1, 50, n)
    keys = rng.integers(0, 2**40, n)
    ranks = rng.integers(0, 25, n)
    bl = rng.integers(0, 300, 500)
    br = bl + rng.integers(1, 9, 500)
    far = left + (1 << 25)  # document numbers past 2^20: the kernels' other grouping
    for args in ((left, right, keys, ranks, bl, br, 4), (left[:0], right[:0], keys[:0], ranks[:0], bl, br, 1),
                 (far, right + (1 << 25), keys, ranks, bl, br, 3),
                 (left, right, keys, ranks, bl[:0], br[:0], 1), (left[:1], right[:1], keys[:1], ranks[:1], bl, br, 2)):
        e1, e2 = both(lambda a=args: pair_evidence(*a))  # type: ignore[misc]
        for f in ("pair", "shared", "weight", "band"):
            assert _same(getattr(e1, f), getattr(e2, f)), f
        assert e1.pair.size > (1000 if args[0].size > 1 else 0)


@pytest.mark.parametrize("chunk", [7, 2000])
def test_candidates_same(both: Any, chunk: int) -> None:
    """End to end on the invented corpus with planted reuse, memory and SQLite backends,
    in several batches: the same candidates (scores and reasons too) and statistics."""
    arts = corpus(seed=11, n=60)
    arts += [Article("empty", ""), Article("one", "word"), Article("uni", "Ünïcödé — «текст» 東京、" * 30)]

    def run(backend_of: Callable[[], Any]) -> tuple[Any, ...]:
        idx = CandidateIndex(backend_of(), IndexConfig(chunk_size=chunk))
        out = []
        for i in range(0, len(arts), 25):
            out += idx.add_and_query(arts[i : i + 25])
        q = idx.query([Article("probe", arts[3].text + " and more")])
        return out, q, idx.stats.as_dict()

    for backend_of in (MemoryBackend, lambda: SQLiteBackend(sqlite_conn())):
        a, b = both(lambda f=backend_of: run(f))  # type: ignore[misc]
        assert a == b
        assert len(a[0]) >= 20 and a[1]


def test_disabled_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """NEWSTRACE_NO_CKERNELS skips the Cython kernels (numba, if there, runs instead);
    NEWSTRACE_NO_NUMBA as well leaves the numpy code."""
    monkeypatch.setenv("NEWSTRACE_NO_CKERNELS", "1")
    fast.disable(False)
    try:
        assert fast.backend_name() == ("numba" if "numba" in COMPILED else "numpy")
        monkeypatch.setenv("NEWSTRACE_NO_NUMBA", "1")
        fast.disable(False)
        assert fast.kernels() is None and fast.backend_name() == "numpy"
        h, n = hash_batch(["Two words"])
        assert n.tolist() == [2]
    finally:
        monkeypatch.delenv("NEWSTRACE_NO_CKERNELS")
        monkeypatch.delenv("NEWSTRACE_NO_NUMBA")
        fast.disable(False)
    assert fast.backend_name() == (COMPILED[0] if COMPILED else "numpy")


def test_use_refuses_what_does_not_load() -> None:
    with pytest.raises(ValueError):
        fast.use("fortran")
    for name in ("cython", "numba"):
        if name not in COMPILED:
            with pytest.raises(ValueError):
                fast.use(name)
    fast.disable(False)


def test_broken_cython_kernels_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cython kernels that fail their self-check (a stale build) warn, and the next path
    (numba or numpy) runs, with the same candidates."""
    if "cython" not in COMPILED:
        pytest.skip("the Cython kernels are not built here")
    real = fast._self_check

    def broken(k: Any) -> None:
        if k.__name__.endswith("_ckernels"):
            raise RuntimeError("simulated stale build")
        real(k)

    monkeypatch.setattr(fast, "_self_check", broken)
    fast.disable(False)
    try:
        with pytest.warns(RuntimeWarning, match="Cython kernels unavailable"):
            assert fast.backend_name() == ("numba" if "numba" in COMPILED else "numpy")
        a = CandidateIndex(MemoryBackend()).add_and_query(corpus(seed=3, n=10))
    finally:
        monkeypatch.undo()
        fast.disable(False)
    assert fast.backend_name() == "cython"
    assert a == CandidateIndex(MemoryBackend()).add_and_query(corpus(seed=3, n=10))


def test_missing_cython_kernels_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """An install without a C compiler has no ``_ckernels`` module: no warning, the next
    path runs."""
    import builtins

    real_import = builtins.__import__

    def no_ckernels(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        if "_ckernels" in (fromlist or ()) or name.endswith("_ckernels"):
            raise ImportError("simulated: not built")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_ckernels)
    fast.disable(False)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert fast.backend_name() == ("numba" if "numba" in COMPILED else "numpy")
    finally:
        monkeypatch.undo()
        fast.disable(False)


def test_broken_numba_kernels_fall_back_to_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing numba (here: its compiler refusing the code) warns and leaves numpy."""
    if "numba" not in COMPILED:
        pytest.skip("numba is not installed")
    from numba.core.errors import NumbaError

    def broken(_k: object) -> None:
        raise NumbaError("simulated")

    monkeypatch.setenv("NEWSTRACE_NO_CKERNELS", "1")
    monkeypatch.setattr(fast, "_self_check", broken)
    fast.disable(False)
    try:
        with pytest.warns(RuntimeWarning, match="numba kernels unavailable"):
            assert fast.kernels() is None
        a = CandidateIndex(MemoryBackend()).add_and_query(corpus(seed=3, n=10))
    finally:
        monkeypatch.undo()
        fast.disable(False)
    assert a == CandidateIndex(MemoryBackend()).add_and_query(corpus(seed=3, n=10))


def test_unreadable_numba_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A numba cache that fails to load (not a compiler error) is flushed and checked again."""
    if "numba" not in COMPILED:
        pytest.skip("numba is not installed")
    calls = []
    real = fast._self_check

    def flaky(k: object) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise EOFError("simulated truncated cache file")
        real(k)  # type: ignore[arg-type]

    monkeypatch.setenv("NEWSTRACE_NO_CKERNELS", "1")
    monkeypatch.setattr(fast, "_self_check", flaky)
    flushed = []
    from newstrace.index import _kernels

    monkeypatch.setattr(type(_kernels.collide._cache), "flush", lambda self: flushed.append(self))
    fast.disable(False)
    try:
        assert fast.kernels() is not None and len(calls) == 2 and flushed
    finally:
        monkeypatch.undo()
        fast.disable(False)


def test_a_stale_cython_build_is_told_from_its_sources(tmp_path: Path) -> None:
    """The digest baked into the module at build time must match the .pyx/.pxi beside it;
    after an edit without a rebuild the index warns and runs the next path, not old code."""
    import types

    from newstrace.index import fast

    here = Path(fast.__file__).parent
    now = fast.ckernels_source_digest(here)
    assert now is not None and len(now) == 16
    fake = types.ModuleType("newstrace.index._ckernels")
    fake.__file__ = str(here / "_ckernels.so")
    fake.SOURCE_DIGEST = now  # type: ignore[attr-defined]
    assert fast._stale(fake) == ""
    fake.SOURCE_DIGEST = "0" * 16  # type: ignore[attr-defined]
    assert "sources now " + now in fast._stale(fake)
    fake.SOURCE_DIGEST = ""  # type: ignore[attr-defined]  # built without setup.py: cannot tell
    assert fast._stale(fake) == ""
    fake.__file__ = str(tmp_path / "_ckernels.so")  # an installed wheel: no sources beside it
    fake.SOURCE_DIGEST = "0" * 16  # type: ignore[attr-defined]
    assert fast._stale(fake) == ""
    if "cython" in fast.available():  # the real build matches the sources it was built from
        from newstrace.index import _ckernels  # type: ignore[attr-defined]

        assert now == _ckernels.SOURCE_DIGEST
