"""Figures on a table of invented sentences: value, range, unit, qualifier, counted thing."""

from __future__ import annotations

import pytest

from newstrace.claims import extract_figures
from newstrace.claims.figures import parse_number
from newstrace.text.nlp import has_model

needs_model = pytest.mark.skipif(not has_model(), reason="spaCy English model not installed")

# sentence, figure text, value, value_high, unit, qualifier, counted thing
CASES = [
    ("The navy fired 80 missiles overnight.", "80", 80, None, None, None, "missiles"),
    ("About 1.2 million people fled the valley.", "About 1.2 million", 1.2e6, None, None, "about", "people"),
    ("Some 30,000 soldiers crossed the river.", "Some 30,000", 30000, None, None, "some", "soldiers"),
    ("The survey found 86.6% support for the reform.", "86.6%", 86.6, None, "%", None, "support"),
    ("The fund pledged $4.5 billion in aid.", "$4.5 billion", 4.5e9, None, "$", None, "aid"),
    ("Between 20 and 30 villagers were injured.", "Between 20 and 30", 20, 30, None, None, "villagers"),
    ("Officials expect 20 to 30 trucks a day.", "20 to 30", 20, 30, None, None, "trucks"),
    ("More than 80 schools stayed closed.", "More than 80", 80, None, None, "more than", "schools"),
    ("At least 800 workers lost their jobs.", "At least 800", 800, None, None, "at least", "workers"),
    ("Nearly half of the residents voted.", "Nearly half", 50, None, "%", "nearly", "residents"),
    ("Turnout rose to 62 per cent of voters.", "62 per cent", 62, None, "%", None, "voters"),
    ("The club spent £12m on twenty-five players.", "£12m", 12e6, None, "GBP", None, None),
    ("The club spent £12m on twenty-five players.", "twenty-five", 25, None, None, None, "players"),
    ("The company lost €2.3bn last year.", "€2.3bn", 2.3e9, None, "EUR", None, None),
    ("Up to 5,000 homes lost power.", "Up to 5,000", 5000, None, None, "up to", "homes"),
    ("The storm dumped 40 centimetres of snow, or 15-20% more than usual.", "15-20%", 15, 20, "%", None, None),
    ("Rescuers walked 12 km to reach a dozen hikers.", "12 km", 12, None, "km", None, None),
    ("Rescuers walked 12 km to reach a dozen hikers.", "a dozen", 12, None, None, None, "hikers"),
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


@pytest.mark.parametrize(
    "sentence",
    [
        "The plant opened in 1998 and closed on Jan. 30, 2017.",
        "Leaders of the G7 met at 3:30 in School District No. 23.",
        "The 25-year-old driver finished 3rd.",
        "COVID-19 cases were reported.",
    ],
)
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
    assert f.sentence_span is not None and text[f.sentence_span[0] : f.sentence_span[1]].startswith("Car production")
    assert figs["1.5 million"].counts_what == "units"
