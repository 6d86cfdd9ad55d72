"""Readers and read_paths on well-formed inputs: text headers, JSON shapes, field mapping,
HTML, WARC, directories, globs, stdin, ids."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from newstrace.errors import ConfigError
from newstrace.ingest import IngestConfig, Skipped, article_id, read_bytes, read_paths
from newstrace.types import Article

BODY = (
    "PORT ALDER, Veldania, March 12, 2024 (Meridian Press) \u2014 At least 40 people were killed "
    "when a fuel depot exploded at the port early on Tuesday, officials said.\n\n"
    '"We have never seen anything like this," Harbour Master Jonas Reel said.\n'
)
NOLANG = IngestConfig(language=False)


def articles(items: list[Article | Skipped]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def skips(items: list[Article | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


def test_text_with_metadata_lines_keeps_body_exact(tmp_path: Path) -> None:
    raw = (
        "Title: Blast kills 40\nDate: 2024-03-12\nSource: Harbour Gazette\n"
        "URL: https://www.harbourgazette.example/a\nAuthor: Ana Ruiz\n\n" + BODY
    )
    p = tmp_path / "a.txt"
    p.write_text(raw, encoding="utf-8")
    (a,) = list(read_paths([str(p)], NOLANG))
    assert isinstance(a, Article)
    assert a.title == "Blast kills 40" and a.published == "2024-03-12"
    assert a.outlet == "Harbour Gazette" and a.url == "https://www.harbourgazette.example/a"
    assert a.byline == "Ana Ruiz"
    assert a.text == BODY
    assert raw[a.source_offset :] == a.text
    assert a.source_ref == str(p) and a.source_record is None
    assert a.credits == ("Meridian Press",)


def test_text_date_line_without_colon_and_by_line(tmp_path: Path) -> None:
    p = tmp_path / "b.txt"
    p.write_text("date 2022-03-12\nBy Ana Ruiz\n" + BODY, encoding="utf-8")
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert a.published == "2022-03-12" and a.byline == "Ana Ruiz" and a.text == BODY


def test_body_starting_like_a_key_is_not_a_header(tmp_path: Path) -> None:
    text = "Source of the blast is still unknown, the fire chief Tomas Brandt said on Tuesday.\n" + BODY
    p = tmp_path / "c.txt"
    p.write_text(text, encoding="utf-8")
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert a.text == text and a.source_offset == 0 and a.outlet is None


def test_yaml_front_matter(tmp_path: Path) -> None:
    raw = "---\ntitle: Orsk library reopens\ndate: 2024-03-11\nsource: The Northern Ledger\nid: nl-7\n---\n" + BODY
    p = tmp_path / "d.md"
    p.write_text(raw, encoding="utf-8")
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert (a.title, a.published, a.outlet, a.source_record) == (
        "Orsk library reopens", "2024-03-11", "The Northern Ledger", "nl-7"
    )
    assert raw[a.source_offset :] == a.text == BODY


def test_dateline_gives_date_and_first_line_gives_title(tmp_path: Path) -> None:
    p = tmp_path / "e.txt"
    p.write_text("Port blast kills 40\n" + BODY, encoding="utf-8")
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert a.published == "2024-03-12" and a.title == "Port blast kills 40"
    assert a.text.startswith("Port blast kills 40\n")


def test_jsonl_default_fields_and_record_ids(tmp_path: Path) -> None:
    recs = [
        {"id": "r1", "title": "One", "date": "2024-03-12", "url": "https://m.example.org/1", "text": BODY},
        {"id": 2, "headline": "Two", "published": "March 13, 2024", "source": "Coastal Times", "body": BODY + "More."},
        {"id": "r3", "content": BODY + "Third.", "outlet": "X"},
    ]
    p = tmp_path / "f.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    got = articles(list(read_paths([str(p)], NOLANG)))
    assert [a.source_record for a in got] == ["r1", "2", "r3"]
    assert [a.title for a in got] == ["One", "Two", None]
    assert got[0].outlet == "example.org"  # from the URL host, "m." dropped
    assert got[1].published == "2024-03-13" and got[1].outlet == "Coastal Times"
    assert got[0].id == article_id(BODY, "https://m.example.org/1", "example.org", "r1")


def test_field_mapping(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps({"doc": "k-9", "story": BODY, "when": "2024-03-12", "meta": {"site": "Gazette"}}) + "\n")
    cfg = NOLANG.with_fields({"text": "story", "id": "doc", "date": "when", "outlet": "meta.site"})
    (a,) = articles(list(read_paths([str(p)], cfg)))
    assert (a.text, a.source_record, a.published, a.outlet) == (BODY, "k-9", "2024-03-12", "Gazette")
    # without the mapping the record has no text field: skipped, with the keys it has
    (s,) = list(read_paths([str(p)], NOLANG))
    assert isinstance(s, Skipped) and s.line == 1 and "no text field" in s.reason and "story" in s.reason
    with pytest.raises(ConfigError):
        IngestConfig().with_fields({"colour": "x"})
    assert IngestConfig().with_fields({"source": "site, outlet"}).outlet_fields == ("site", "outlet")


def test_json_single_object_with_paragraph_lists(tmp_path: Path) -> None:
    doc = {
        "uuid": "6d99", "title": "T", "date": "2014-04-25", "source": "fox", "url": "http://www.foxnews.example/x",
        "body-paragraphs": [["First sentence of para one.", "Second sentence."], ["Para two is here, long enough."]],
    }
    p = tmp_path / "h.json"
    p.write_text(json.dumps(doc))
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert a.text == "First sentence of para one. Second sentence.\n\nPara two is here, long enough."
    assert a.source_record == "6d99" and a.outlet == "fox"


def test_json_array_and_container(tmp_path: Path) -> None:
    (tmp_path / "arr.json").write_text(json.dumps([{"text": BODY, "id": "a"}, {"text": BODY + "x", "id": "b"}, 5]))
    (tmp_path / "box.json").write_text(json.dumps({"articles": [{"text": BODY, "id": "c"}]}))
    items = list(read_paths([str(tmp_path)], NOLANG))
    assert [a.source_record for a in articles(items)] == ["a", "b", "c"]
    (s,) = skips(items)
    assert "record 3" in s.reason and "int" in s.reason


def test_html_page(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Blast | Gazette</title>"
        '<link rel="canonical" href="https://gazette.example/blast"><meta property="og:site_name" content="Gazette">'
        '<meta name="author" content="Ana Ruiz"><meta property="article:published_time" content="2024-03-12T08:00:00Z">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Blast</h1>"
        + "".join(f"<p>{para}</p>" for para in BODY.split("\n") if para)
        + "</article><footer>Copyright 2024</footer></body></html>"
    )
    p = tmp_path / "page.html"
    p.write_text(html)
    (a,) = articles(list(read_paths([str(p)], NOLANG)))
    assert a.url == "https://gazette.example/blast" and a.outlet == "Gazette" and a.byline == "Ana Ruiz"
    assert a.published == "2024-03-12" and a.title == "Blast"
    assert a.text.startswith("PORT ALDER") and "Copyright" not in a.text and "Home | World" not in a.text


def test_warc_records_get_uri_and_record_id() -> None:
    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "crawl.warc.gz"
    got = list(read_paths([str(corpus)], NOLANG))
    assert all(isinstance(a, Article) for a in got)  # robots.txt and the 404 are ignored silently
    assert [a.source_record for a in got] == [
        "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0001>",
        "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0002>",
    ]
    assert got[0].url == "https://dailynewshub.example/2024/03/13/gas-storehouse-impact-port-alder/"


def test_directory_glob_dedup_and_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden/x.txt", ".dot.txt"):
        (tmp_path / name).write_text(BODY + name)
    refs = [a.source_ref for a in articles(list(read_paths([str(tmp_path), str(tmp_path / "*.txt")], NOLANG)))]
    assert refs == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.txt")]
    assert list(read_paths([str(tmp_path / "nope*.txt")], NOLANG)) == [
        Skipped(str(tmp_path / "nope*.txt"), "no file matches this pattern")
    ]
    # source_ref is normalised
    (a,) = articles(list(read_paths([str(tmp_path) + "/sub/../a.txt"], NOLANG)))
    assert a.source_ref == str(tmp_path / "a.txt")


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(json.dumps({"id": "s1", "text": BODY}).encode() + b"\n")

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    (a,) = list(read_paths(["-"], NOLANG))
    assert isinstance(a, Article) and a.source_ref == "-" and a.source_record == "s1"


def test_gzip_wrapped_jsonl_and_text(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "z", "text": BODY}).encode() + b"\n"))
    (tmp_path / "y.txt.gz").write_bytes(gzip.compress(("Date: 2024-03-12\n\n" + BODY).encode()))
    got = articles(list(read_paths([str(tmp_path)], NOLANG)))
    assert [a.source_record for a in got] == ["z", None]
    assert got[1].text == BODY and got[1].published == "2024-03-12"


def test_ids_are_deterministic_and_source_sensitive(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(BODY)
    first = [a.id for a in articles(list(read_paths([str(p)], NOLANG)))]
    second = [a.id for a in articles(list(read_paths([str(p)], NOLANG)))]
    assert first == second and len(first[0]) == 16
    assert article_id(BODY) != article_id(BODY, url="https://a.example/")
    assert article_id(BODY, outlet="A") != article_id(BODY, record_id="A")
    # moving the file does not change the id (the path is not part of it)
    q = tmp_path / "moved.txt"
    q.write_text(BODY)
    assert [a.id for a in articles(list(read_paths([str(q)], NOLANG)))] == first


def test_language_detection() -> None:
    en = list(read_bytes(BODY.encode(), "en.txt", IngestConfig()))[0]
    es_text = (
        "El ministro del Interior dijo el martes que al menos cuarenta personas murieron en la "
        "explosión del depósito de combustible del puerto, y que la investigación comenzará mañana."
    )
    es = list(read_bytes(es_text.encode(), "es.txt", IngestConfig()))[0]
    assert isinstance(en, Article) and isinstance(es, Article)
    assert (en.language, es.language) == ("en", "es")


def test_config_from_overrides() -> None:
    from newstrace.config import build_config, parse_overrides

    section = parse_overrides(["ingest.max_file_bytes=1000", "ingest.text_fields=body,text", "ingest.language=false"])
    cfg = build_config(IngestConfig, section["ingest"])
    assert (cfg.max_file_bytes, cfg.text_fields, cfg.language) == (1000, ("body", "text"), False)
