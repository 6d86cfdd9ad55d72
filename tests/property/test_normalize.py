"""Property tests of newstrace.text.normalize: the offset map is monotone, in bounds,
and every normalised span maps back to the original characters it came from."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.text.normalize import QUOTE_DASH_MAP, normalize, normalize_char_map

# Characters that exercise every path: ASCII, whitespace of all kinds, typographic
# quotes and dashes, NFKC expansions (ligatures, fractions, full-width, ellipsis),
# combining marks (composition and reordering) and Hangul jamo (composition across
# code points), plus anything Hypothesis picks from the whole of Unicode.
_INTERESTING = (
    "aeiouAZ09 .,;'\"`-\t\n\r\x0b\x0c\x1c\x85\u00a0\u2009\u3000\u2028"
    + "".join(QUOTE_DASH_MAP)
    + "\ufb01\ufb02\u00bd\u2026\uff21\uff02\uff0d\u2011\u00b4\u0384\u1e9b"
    + "\u0301\u0323\u0307\u0308\u0327\u20dd\u093c\u0b3e\u0b47"
    + "\u1100\u1161\u11a8\uac00\u3131"
)
texts = st.text(alphabet=st.one_of(st.sampled_from(_INTERESTING), st.characters()), max_size=60)


def _reference(t: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", t).translate(str.maketrans(QUOTE_DASH_MAP)).split())


@settings(max_examples=400, deadline=None)
@given(texts)
def test_equals_whole_string_nfkc(t: str) -> None:
    assert normalize(t).text == _reference(t)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_map_is_monotone_and_in_bounds(t: str) -> None:
    nt = normalize(t)
    n = len(nt.text)
    assert len(nt.starts) == len(nt.ends) == n
    for i in range(n):
        assert 0 <= nt.starts[i] < nt.ends[i] <= len(t)
        if i:
            assert nt.starts[i - 1] <= nt.starts[i]
            assert nt.ends[i - 1] <= nt.ends[i]
    positions = [nt.to_original(i) for i in range(n + 1)]
    assert positions == sorted(positions)
    assert all(0 <= p <= len(t) for p in positions)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_each_character_comes_from_its_source(t: str) -> None:
    nt = normalize(t)
    for i, ch in enumerate(nt.text):
        src = t[nt.starts[i] : nt.ends[i]]
        if ch == " ":
            assert any(c.isspace() for c in normalize_char_map(src)), (i, src)
        else:
            assert ch in normalize_char_map(src), (i, ch, src)


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_span_round_trip(t: str, data: st.DataObject) -> None:
    nt = normalize(t)
    n = len(nt.text)
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    o1, o2 = nt.span_to_original(s, e)
    assert 0 <= o1 <= o2 <= len(t)
    if s == e:
        assert o1 == o2
        return
    # the original span, normalised on its own, contains what the normalised span shows
    assert nt.text[s:e].strip(" ") in normalize(t[o1:o2]).text
    # and nothing outside [o1, o2) contributed to it
    assert all(o1 <= nt.starts[i] and nt.ends[i] <= o2 for i in range(s, e))


def test_examples() -> None:
    t = "  PORT ALDER \u2014 \u201cWe\u2019ve never  seen\nthis,\u201d said the \ufb01re chief. "
    nt = normalize(t)
    assert nt.text == "PORT ALDER - \"We've never seen this,\" said the fire chief."
    i = nt.text.index("fire")
    s, e = nt.span_to_original(i, i + 4)
    assert t[s:e] == "\ufb01re"
    s, e = nt.span_to_original(nt.text.index("never seen"), nt.text.index("never seen") + 10)
    assert t[s:e] == "never  seen"
    assert nt.to_original(0) == 2 and nt.to_original(len(nt.text)) == len(t) - 1
    assert normalize("").text == "" and normalize(" \n\t ").text == ""
    assert normalize("e\u0301t\u00e9").text == "\u00e9t\u00e9"
