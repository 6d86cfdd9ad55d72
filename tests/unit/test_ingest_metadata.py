"""Metadata helpers: dates in every common form, datelines, outlets from URLs, bylines."""

from __future__ import annotations

import pytest

from newstrace.ingest.metadata import (
    byline_from_text,
    clean_byline,
    dateline_date,
    detect_language,
    outlet_from_url,
    parse_date,
)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-03-12", "2024-03-12"),
        ("2024-03-12T07:40:00Z", "2024-03-12T07:40:00Z"),
        ("2024-03-12 07:40", "2024-03-12T07:40:00"),
        ("2024-03-12T07:40:00.123+01:00", "2024-03-12T07:40:00+01:00"),
        ("2024-03-12T07:40:00+0100", "2024-03-12T07:40:00+01:00"),
        ("March 12, 2024", "2024-03-12"),
        ("Tuesday, March 12, 2024", "2024-03-12"),
        ("Mar. 12 2024", "2024-03-12"),
        ("12 March 2024", "2024-03-12"),
        ("12th March, 2024", "2024-03-12"),
        ("2024/03/12", "2024-03-12"),
        ("12.03.2024", "2024-03-12"),
        ("Tue, 12 Mar 2024 07:40:00 GMT", "2024-03-12T07:40:00Z"),
        ("20240312074000", "2024-03-12T07:40:00Z"),
        (1710229200, "2024-03-12T07:40:00Z"),
        (1710229200000, "2024-03-12T07:40:00Z"),
        ("2024-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_parse_date(raw: object, iso: str | None) -> None:
    assert parse_date(raw) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("WASHINGTON, March 12, 2022 (AP) \u2014 The Senate voted on Tuesday...", "2022-03-12"),
        ("PORT ALDER, Veldania, 12 March 2024 - At least 40 people...", "2024-03-12"),
        ("Headline here\nMay 03, 2013\nAfter skipping out on rehab...", "2013-05-03"),
        ("Headline\nFirst Published: June 13, 2013 4:11PM EDT\nBody", "2013-06-13"),
        ("Posted on 2021-07-01\n\nText of the story.", "2021-07-01"),
        ("The minister said on March 12, 2022 that prices would rise.", None),
        ("BRENNICK (Continental Wire) \u2014 More than 1,200 people were evacuated.", None),
    ],
)
def test_dateline_date(text: str, iso: str | None) -> None:
    assert dateline_date(text) == iso


def test_dateline_only_near_the_top() -> None:
    text = "x " * 400 + "\nMarch 12, 2022\n"
    assert dateline_date(text) is None
    assert dateline_date(text, max_chars=2000) == "2022-03-12"


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.harbourgazette.example/news/a.html", "harbourgazette.example"),
        ("http://m.bbc.co.uk/news/1", "bbc.co.uk"),
        ("https://amp.theguardian.com/x", "theguardian.com"),
        ("https://www2.example.com/", "example.com"),
        ("HTTPS://News.Example.ORG:8080/path", "news.example.org"),
        ("not a url", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_bylines() -> None:
    assert clean_byline("By Ana Ruiz") == "Ana Ruiz"
    assert clean_byline(["Ana Ruiz", "Tom Beck"]) == "Ana Ruiz, Tom Beck"
    assert clean_byline({"name": "Ana Ruiz"}) == "Ana Ruiz"
    assert clean_byline("  ") is None
    assert byline_from_text("Blast kills 40\nBy Ana Ruiz and Tom Beck\nPORT ALDER ...") == "Ana Ruiz and Tom Beck"
    assert byline_from_text("By the time firefighters arrived, the quay was gone.") is None


def test_language_needs_enough_letters() -> None:
    assert detect_language("12 34 56") is None
    assert detect_language("Der Hafen bleibt bis mindestens Freitag geschlossen, sagte die Behörde.") == "de"
