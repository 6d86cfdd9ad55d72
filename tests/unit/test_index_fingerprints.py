"""Fingerprints and MinHash of the candidate index: pinned values (a stored index
depends on them), winnowing's guarantee, order-free content n-grams, Jaccard estimates."""

from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest

from newstrace.index.config import IndexConfig
from newstrace.index.fingerprints import (
    KIND_CONTENT,
    KIND_RARE,
    KIND_STOP,
    KIND_WORD,
    StopwordTable,
    fingerprint_batch,
    token_hashes,
    tokenize,
)
from newstrace.index.minhash import band_keys, estimate_jaccard, mix64, signatures

STOP = [
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "that",
    "this",
    "it",
    "is",
    "was",
    "were",
    "be",
    "has",
    "have",
    "had",
]
TEXT = (
    "The harbour board said on Monday that the new ferry terminal in Kestrel Bay would open in the "
    "spring of next year, two years later than planned, because the contractor had gone bankrupt."
)


def fp(texts: list[str], cfg: IndexConfig | None = None, langs: list[str | None] | None = None):  # type: ignore[no-untyped-def]
    return fingerprint_batch(
        texts,
        langs or [None] * len(texts),
        cfg or IndexConfig(),
        StopwordTable.build(STOP),
        StopwordTable.build([]),
    )


def test_pinned_values() -> None:
    # A stored SQLite index is only valid while these stay the same: a change here must come
    # with a new settings key (IndexConfig.shape_key) so old indexes are refused, not mixed.
    assert tokenize("Don't STOP-me now_1") == ["don", "t", "stop", "me", "now_1"]
    assert int(token_hashes(["the"])[0]) == 9346420186190811773
    f = fp([TEXT])
    assert f.counts.tolist() == [[7, 1, 13, 0]]  # no common-word list: no rare-word n-grams
    assert hashlib.sha1(np.sort(f.keys).tobytes()).hexdigest()[:16] == "99d0f84dcaa1249f"
    assert hashlib.sha1(f.signatures.tobytes()).hexdigest()[:16] == "afacdebe92bef54c"


def test_kinds_are_tagged_in_low_bits() -> None:
    f = fp([TEXT])
    kinds = set((f.keys & 3).tolist())
    assert kinds == {KIND_WORD, KIND_STOP, KIND_CONTENT}


def _words(rng: random.Random, n: int) -> list[str]:
    return [f"w{rng.randrange(100_000)}" for _ in range(n)]


def test_winnowing_guarantee_any_shared_run_of_w_plus_n_minus_1_tokens() -> None:
    cfg = IndexConfig()
    run = cfg.word_window + cfg.word_ngram - 1  # 10 tokens
    rng = random.Random(1)
    for _ in range(30):
        shared = _words(rng, run)
        a = " ".join(_words(rng, 200) + shared + _words(rng, 200))
        b = " ".join(_words(rng, 50) + shared + _words(rng, 300))
        f = fp([a, b])
        word = (f.keys & 3) == KIND_WORD
        ka = set(f.keys[word & (f.docs == 0)].tolist())
        kb = set(f.keys[word & (f.docs == 1)].tolist())
        assert ka & kb


def test_sampling_keeps_about_two_in_w_plus_one() -> None:
    rng = random.Random(2)
    text = " ".join(_words(rng, 20_000))
    f = fp([text])
    density = f.counts[0, KIND_WORD] / (20_000 - 4)
    assert abs(density - 2 / (IndexConfig().word_window + 1)) < 0.03


def test_content_ngrams_ignore_local_order_and_function_words() -> None:
    a = "the ministers approved the budget reform quickly"
    b = "the budget ministers approved a reform quickly"  # reordered, function words added
    f = fp([a, b], IndexConfig(content_window=1))
    content = (f.keys & 3) == KIND_CONTENT
    ka = set(f.keys[content & (f.docs == 0)].tolist())
    kb = set(f.keys[content & (f.docs == 1)].tolist())
    assert ka & kb  # {ministers, approved, budget} is a content 3-set of both


def test_empty_and_tiny_texts() -> None:
    f = fp(["", "one", TEXT])
    assert f.counts[0].tolist() == [0, 0, 0, 0]
    assert not f.has_signature[0] and not f.has_signature[1] and f.has_signature[2]


def test_minhash_estimates_jaccard() -> None:
    rng = np.random.default_rng(0)
    for j in (0.2, 0.5, 0.8):
        n = 2000
        common = int(round(2 * n * j / (1 + j)))  # |A|=|B|=n, |A&B|=common -> J = c/(2n-c)
        base = rng.integers(1, 2**62, 2 * n, dtype=np.int64).astype(np.uint64)
        a = mix64(base[:n])
        b = mix64(np.concatenate((base[:common], base[n : 2 * n - common])))
        hashes = np.concatenate((a, b))
        docs = np.repeat(np.arange(2), n)
        sig, ok = signatures(hashes, docs, 2, 64, 10)
        assert ok.all()
        est = float(estimate_jaccard(sig[0], sig[1]))
        assert abs(est - j) < 0.2  # 3 std. errors at 64 bins
        keys = band_keys(sig, 16)
        assert keys.shape == (2, 16)
        assert (keys[0] == band_keys(sig[:1], 16)[0]).all()  # deterministic


def test_rare_word_ngrams_pair_consecutive_rare_words_in_any_order() -> None:
    common = StopwordTable.build(["harbour", "board", "said", "monday", "new", "would", "open",
                                  "spring", "next", "year", "two", "years", "later", "than",
                                  "planned", "because", "had", "gone", "bay"])
    def rare(text: str) -> set[int]:
        f = fingerprint_batch([text], [None], IndexConfig(), StopwordTable.build(STOP), StopwordTable.build([]),
                              common=common)
        return {int(k) for k in f.keys if k & 3 == KIND_RARE}
    keys = rare(TEXT)
    # rare words: ferry terminal kestrel contractor bankrupt -> 4 consecutive pairs
    assert len(keys) == 4
    # a summary keeping the rare words in another order, every phrase around them new
    summary = "The bankrupt contractor has delayed the ferry terminal in Kestrel by two years, the board said."
    shared = keys & rare(summary)
    assert len(shared) >= 2  # {bankrupt, contractor} and {ferry, terminal}
    assert not rare("The board said on Monday that the year would open later than planned.")


def test_numpy_tokens_match_the_regex_tokeniser_on_words_and_punctuation() -> None:
    from newstrace.index.tokens import hash_batch

    texts = [
        "The U.N. said: 42 ships! Don’t “quote” me — x_y…",
        "",
        "São Paulo's MAYOR\u00a0met «them» at 3°C; naïve café.",
        "line one\nline two\ttab",
    ]
    h, n = hash_batch(texts)
    want = [tokenize(t) for t in texts]
    assert n.tolist() == [len(w) for w in want]
    assert h.tolist() == token_hashes([x for w in want for x in w]).tolist()


def test_docstring_examples() -> None:
    import doctest
    import importlib

    for name in ("newstrace.index.tokens", "newstrace.index.minhash", "newstrace.index.candidates"):
        result = doctest.testmod(importlib.import_module(name))
        assert result.attempted > 0 and result.failed == 0, name


def test_english_word_lists_equal_wordfreqs_own_api() -> None:
    """The index reads wordfreq's data file directly (to skip importing wordfreq): the
    lists must be exactly what wordfreq's API gives, or stored indexes would be refused
    (their settings key holds the lists' digests)."""
    wordfreq = pytest.importorskip("wordfreq")
    from newstrace.index.fingerprints import common_english, frequent_english

    for n in (1, 300, 2000):
        assert frequent_english(n) == frozenset(wordfreq.top_n_list("en", n))
    floor = 10 ** (3.5 - 9)
    expected = frozenset(w for w, f in wordfreq.get_frequency_dict("en").items() if f >= floor)
    assert common_english(3.5) == expected
    assert frequent_english(0) == frozenset()
