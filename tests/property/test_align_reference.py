"""Property tests: the fast aligner held against the slow reference aligner on random edits.

Texts are random sentences over a small invented vocabulary; B is A after random
word edits (substitute, insert, delete) and sentence moves. Whatever the edits:
passages lie in bounds, are half-open and non-empty, are sorted by their start
in B and never overlap there; every long exact run the reference aligner finds
is covered by the fast aligner's passages on both sides; a verbatim copy is
found whole.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align_vocab import CONTENT as _ALL_CONTENT  # tests/ is on sys.path (its conftest.py)
from align_vocab import FUNCTION as _ALL_FUNCTION
from newstrace.align import align_texts
from newstrace.align.reference import reference_passages

# the first 43 content and 18 function words: the vocabulary these properties were
# written and first run with (a smaller vocabulary repeats words more: harder runs)
CONTENT = _ALL_CONTENT[:43]
FUNCTION = _ALL_FUNCTION[:18]

# Reference runs at least this long (tokens) must be covered by the fast aligner:
# two to three full sentences of the generated text.
LONG_RUN = 30


def _text(rng: random.Random, n_sent: int) -> list[list[str]]:
    sents = []
    for _ in range(n_sent):
        n = rng.randint(8, 15)
        words = [rng.choice(FUNCTION) if k % 2 else rng.choice(CONTENT) for k in range(n)]
        words[0] = words[0].capitalize()
        sents.append(words)
    return sents


def _join(sents: list[list[str]], sep: str) -> str:
    return sep.join(" ".join(s) + "." for s in sents)


def _edit(rng: random.Random, sents: list[list[str]], n_edits: int, move: bool) -> list[list[str]]:
    out = [list(s) for s in sents]
    for _ in range(n_edits):
        s = rng.choice(out)
        k = rng.randrange(1, len(s))
        op = rng.random()
        if op < 0.4:
            s[k] = rng.choice(CONTENT)
        elif op < 0.7:
            s.insert(k, rng.choice(CONTENT))
        elif len(s) > 4:
            del s[k]
    if move and len(out) > 2:
        i = rng.randrange(len(out))
        out.insert(rng.randrange(len(out)), out.pop(i))
    return out


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    n_sent=st.integers(3, 10),
    n_edits=st.integers(0, 12),
    move=st.booleans(),
    sep=st.sampled_from([" ", "\n", "\r\n", "\n\n"]),
    prefix=st.sampled_from(["", "Résumé — ", "Breaking: "]),
)
def test_fast_against_reference(
    seed: int, n_sent: int, n_edits: int, move: bool, sep: str, prefix: str
) -> None:
    rng = random.Random(seed)
    sents = _text(rng, n_sent)
    a = _join(sents, sep)
    b = prefix + _join(_edit(rng, sents, n_edits, move), sep)
    res = align_texts(a, b)

    # in bounds, half-open, non-empty; sorted and disjoint in B
    prev_end = -1
    for p in res.passages:
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
        assert p.b_start >= prev_end
        prev_end = p.b_end
        assert 0.0 <= p.similarity <= 1.0
    for s in res.substitutions:
        assert a[s.a_start : s.a_end] == s.a_text and b[s.b_start : s.b_end] == s.b_text
    assert 0.0 <= res.score <= 1.0 and 0.0 <= res.coverage_a <= 1.0 and 0.0 <= res.coverage_b <= 1.0

    # every long exact run of the reference is covered by the fast passages (both sides)
    a_spans = [(p.a_start, p.a_end) for p in res.passages]
    b_spans = [(p.b_start, p.b_end) for p in res.passages]
    for r in reference_passages(a, b, min_tokens=LONG_RUN):
        assert _covered(a_spans, r.a_start, r.a_end) >= 0.9 * (r.a_end - r.a_start)
        assert _covered(b_spans, r.b_start, r.b_end) >= 0.9 * (r.b_end - r.b_start)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10**6), n_sent=st.integers(2, 12), sep=st.sampled_from([" ", "\n", "\r\n"])
)
def test_verbatim_copy_found_whole(seed: int, n_sent: int, sep: str) -> None:
    a = _join(_text(random.Random(seed), n_sent), sep)
    res = align_texts(a, a)
    assert res.relation == "verbatim"
    assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in res.passages] == [
        (0, len(a), 0, len(a))
    ]
    ref = reference_passages(a, a, min_tokens=8)
    assert [(p.a_start, p.a_end) for p in ref] == [
        (0, len(a) - 1)
    ]  # reference ends at the last token
