"""Property: segmenting never loses, duplicates or shifts a character, whatever the marks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.report.segments import Mark, segment_text

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
marks = st.lists(
    st.tuples(st.integers(-5, 90), st.integers(-5, 90), st.sampled_from(["passage", "sub", "spin"])), max_size=8
)


@settings(max_examples=300, deadline=None)
@given(texts, marks)
def test_segments_partition_text_and_marks(text: str, raw: list[tuple[int, int, str]]) -> None:
    ms = [Mark(s, e, k, i) for i, (s, e, k) in enumerate(raw)]
    segs = segment_text(text, ms)
    assert "".join(s.text for s in segs) == text
    assert all(s.end > s.start for s in segs) or text == ""
    for i, m in enumerate(ms):
        lo, hi = max(0, min(m.start, len(text))), max(0, min(m.end, len(text)))
        got = "".join(s.text for s in segs if any(x.payload == i for x in s.marks))
        assert got == (text[lo:hi] if hi > lo else "")
