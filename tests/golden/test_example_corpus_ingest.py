"""Golden test: the example corpus ingests to exactly these articles, ids and metadata.

Ids are pinned (like trafilatura pins fingerprints): a change here means every store
built from the examples gets new ids, so it must be deliberate. HTML texts come from
trafilatura, so an upgrade of it may move the HTML/WARC ids: re-pin them then.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.ingest import Skipped, read_paths
from newstrace.types import Article

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

# file, id, record id, title, outlet, published, byline, credits, words
EXPECTED = [
    ("continental-wire_brennick-floods.txt", "1cc90ce3d4a4781f", None, "River Sala bursts its banks in Brennick, 1,200 evacuated", "Continental Wire", "2024-03-14", None, ("Continental Wire",), 245),
    ("crawl.warc.gz", "c69e2c977f072758", "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0001>", "Gas storehouse impact at Port Alder slaughters no less than 40", "DailyNewsHub", "2024-03-13", None, ("Meridian Press",), 329),
    ("crawl.warc.gz", "c5aba734a875a832", "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0002>", 'Brennick under water: "We started knocking on doors at two in the morning"', "Brennick Courier", "2024-03-14", "Sofie Marr", ("Continental Wire",), 250),
    ("harbour-gazette_port-alder-mourns.html", "e7f5a94f5ad1da7a", None, "Port Alder mourns as depot explosion leaves 40 dead", "The Harbour Gazette", "2024-03-12", "Harbour Gazette staff", ("Meridian Press",), 316),
    ("meridian-press_port-alder-blast.txt", "e9e0c36158fa0369", None, "Fuel depot blast at Port Alder kills at least 40", "Meridian Press", "2024-03-12T07:40:00Z", "Nadia Corvo", ("Meridian Press",), 316),
    ("news-feed.jsonl", "f01cf58feb147bee", "ct-2024-0312-001", "Anger grows in Port Alder after deadly depot blast", "Coastal Times", "2024-03-12T14:00:00+01:00", "Ruben Aske", ("Meridian Press",), 346),
    ("news-feed.jsonl", "565a59b3b19608bd", "mp-2024-0313-017", "Death toll in Port Alder depot blast rises to 43", "Meridian Press", "2024-03-13T11:20:00Z", "Nadia Corvo", ("Meridian Press",), 256),
    ("northern-ledger_orsk-library.txt", "1cbe6e8364a5cda0", None, "Orsk library reopens after six-year restoration", "The Northern Ledger", "2024-03-11", "Tove Lindqvist", (), 244),
    ("veldania-weekly_fuel-safety-warnings.html", "42550e91f909afe9", None, "Port Alder blast exposes years of warnings over fuel terminal safety", "Veldania Weekly", "2024-03-15", "Elin Sorvik", ("Lena Okafor",), 454),
]  # fmt: skip


@pytest.fixture(scope="module")
def items() -> list[Article | Skipped]:
    return list(read_paths([str(CORPUS)]))


def test_corpus_reads_cleanly(items: list[Article | Skipped]) -> None:
    assert [str(i) for i in items if isinstance(i, Skipped)] == []
    assert len(items) == len(EXPECTED) == 9


def test_pinned_ids_and_metadata(items: list[Article | Skipped]) -> None:
    got = [
        (Path(a.source_ref or "").name, a.id, a.source_record, a.title, a.outlet, a.published, a.byline, a.credits, len(a.text.split()))
        for a in items
        if isinstance(a, Article)
    ]
    assert got == EXPECTED


def test_every_article_has_date_outlet_url_and_language(items: list[Article | Skipped]) -> None:
    for a in items:
        assert isinstance(a, Article)
        assert a.published and a.outlet and a.url and a.language == "en", a.id
        assert 200 <= len(a.text.split()) <= 600
        assert len({a.id for a in items if isinstance(a, Article)}) == len(items)


def test_text_files_keep_body_exact_with_offset(items: list[Article | Skipped]) -> None:
    for a in items:
        assert isinstance(a, Article)
        if a.source_ref and a.source_ref.endswith(".txt"):
            raw = Path(a.source_ref).read_text(encoding="utf-8")
            assert a.source_offset > 0 and raw[a.source_offset :] == a.text


def test_jsonl_records_keep_their_text(items: list[Article | Skipped]) -> None:
    recs = [json.loads(line) for line in (CORPUS / "news-feed.jsonl").read_text().splitlines()]
    got = {a.source_record: a.text for a in items if isinstance(a, Article) and a.source_ref.endswith(".jsonl")}  # type: ignore[union-attr]
    assert got == {r["id"]: r.get("body") or r.get("text") for r in recs}


def test_reingest_and_other_spellings_of_the_path_give_the_same_ids(items: list[Article | Skipped], monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [a.id for a in items if isinstance(a, Article)]
    monkeypatch.chdir(CORPUS.parent)
    again = [a.id for a in read_paths(["corpus/", "corpus/*.jsonl"]) if isinstance(a, Article)]
    assert again == ids  # the glob names files already read: read once
    refs = {a.source_ref for a in read_paths(["./corpus//news-feed.jsonl"]) if isinstance(a, Article)}
    assert refs == {"corpus/news-feed.jsonl"}


def test_story_shape_of_the_corpus(items: list[Article | Skipped]) -> None:
    """The corpus has what later stages need: one wire story and its copies, a second
    event, and an unrelated story."""
    arts = [a for a in items if isinstance(a, Article)]
    blast = [a for a in arts if "Port Alder" in a.text]
    flood = [a for a in arts if "Brennick" in a.text]
    assert len(blast) == 6 and len(flood) == 2
    wire = next(a for a in arts if a.outlet == "Meridian Press" and a.published and a.published.startswith("2024-03-12"))
    copy = next(a for a in arts if a.outlet == "The Harbour Gazette")
    assert copy.text.strip() == wire.text.strip().replace("\n\n", "\n")  # verbatim copy, new headline
    assert copy.title != wire.title
