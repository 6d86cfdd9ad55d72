"""Credit lines -> credited agencies/people, with spans into the untouched text."""

from __future__ import annotations

import pytest

from newstrace.ingest.credits import credit_spans, extract_credits, normalize_agency


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        ("Body.\nWith information from Reuters and AFP agencies.", ("Reuters", "AFP")),
        ("Body.\nWith files from The Canadian Press", ("The Canadian Press",)),
        ("WASHINGTON, March 12, 2022 (AP) \u2014 The Senate voted.", ("AP",)),
        ("PORT ALDER (Meridian Press) \u2014 A blast.", ("Meridian Press",)),
        ("Body.\nReuters contributed to this report.", ("Reuters",)),
        ("Body.\nThe Associated Press contributed to this report.", ("AP",)),
        ("Body.\nMichael Xu contributed to this reporting.", ("Michael Xu",)),
        ("Body.\nAna Ruiz and Tom Beck contributed to this report.", ("Ana Ruiz", "Tom Beck")),
        ("Caption. Photo: AP", ("AP",)),
        ("Caption. Photograph: Reuters/Ana Ruiz", ("Reuters", "Ana Ruiz")),
        ("Body.\n-- Agence France-Presse\n", ("AFP",)),
        ("Body.\n\u2014 dpa", ("dpa",)),
        ("Reporting by Ana Ruiz in Port Alder; Editing by Tom Beck", ("Ana Ruiz", "Tom Beck")),
        ("Additional reporting by Lena Okafor.", ("Lena Okafor",)),
        ("Officials said (Reuters) the toll rose.", ("Reuters",)),
        # not credits
        ("The North Atlantic Treaty Organization (NATO) said on Monday - that", ()),
        ("The minister said the plan would work, and the port would reopen on Friday.", ()),
        ("He cited (Smith 2019) - a study.", ()),
    ],
)
def test_credits(text: str, credits: tuple[str, ...]) -> None:
    assert extract_credits(text) == credits


def test_spans_point_into_the_text() -> None:
    text = (
        "PORT ALDER, Veldania, March 12, 2024 (Meridian Press) \u2014 At least 40 people died.\n\n"
        "\"It is too early,\" Brandt said.\n\nWith information from Meridian Press and Reuters agencies."
    )
    spans = credit_spans(text)
    assert [(text[s:e], n) for s, e, n in spans] == [
        ("Meridian Press", "Meridian Press"),
        ("Meridian Press", "Meridian Press"),
        ("Reuters", "Reuters"),
    ]
    assert spans == sorted(spans)
    assert extract_credits(text) == ("Meridian Press", "Reuters")


def test_normalize_agency() -> None:
    assert normalize_agency("The Associated Press") == "AP"
    assert normalize_agency("Agence France Presse") == "AFP"
    assert normalize_agency("Reuters agencies") == "Reuters"
    assert normalize_agency("Deutsche Presse-Agentur") == "dpa"
    assert normalize_agency("Meridian Press") == "Meridian Press"
