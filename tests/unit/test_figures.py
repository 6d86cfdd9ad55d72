"""Figures on a table of invented sentences: value, range, unit, qualifier, counted thing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.claims import extract_figures
from newstrace.claims.figures import parse_number
from newstrace.text.nlp import has_model

needs_model = pytest.mark.skipif(not has_model(), reason="spaCy English model not installed")

# The shared table (tests/data/figures_table.json; benchmarks/figures_table.py reads it too):
# sentence, figure text, value, value_high, unit, qualifier, counted thing (None = not checked).
TABLE = json.loads((Path(__file__).resolve().parents[1] / "data" / "figures_table.json").read_text(encoding="utf-8"))
CASES = [
    (r["sentence"], r["text"], r["value"], r["value_high"], r["unit"], r["qualifier"], r["counts_what"])
    for r in TABLE["figures"]
]


@pytest.mark.parametrize("sentence,ftext,value,high,unit,qual,what", CASES)
def test_figure_table(sentence, ftext, value, high, unit, qual, what) -> None:  # type: ignore[no-untyped-def]
    figs = {f.text: f for f in extract_figures(sentence)}
    assert ftext in figs, f"{ftext!r} not among {list(figs)}"
    f = figs[ftext]
    assert f.value == pytest.approx(value)
    assert f.value_high == (pytest.approx(high) if high is not None else None)
    assert f.unit == unit
    assert f.qualifier == qual
    assert sentence[f.start : f.end] == f.text
    if what is not None and has_model():
        assert f.counts_what is not None and what in f.counts_what


@pytest.mark.parametrize("sentence", TABLE["not_figures"])
def test_not_figures(sentence: str) -> None:
    assert extract_figures(sentence) == []


def test_parse_number() -> None:
    assert parse_number("1.2 million") == 1.2e6
    assert parse_number("30,000") == 30000
    assert parse_number("US$3bn") == 3e9
    assert parse_number("eighty-six") == 86
    assert parse_number("not a number") is None


@needs_model
def test_bare_change_counts_the_subject_and_sentence_is_kept() -> None:
    text = "It rained. Car production fell 9.1 per cent to 1.5 million units last year."
    figs = {f.text: f for f in extract_figures(text)}
    f = figs["9.1 per cent"]
    assert f.counts_what is not None and "production" in f.counts_what
    assert f.value_high is None  # "fell X to Y" is a change and a level, not a range
    assert f.sentence_span is not None and text[f.sentence_span[0] : f.sentence_span[1]].startswith(
        "Car production"
    )
    assert figs["1.5 million"].counts_what == "units"
