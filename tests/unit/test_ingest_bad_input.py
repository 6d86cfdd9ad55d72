"""Every bad input becomes a one-line ``Skipped`` naming the file (and line), and reading
goes on with the next input; records read before a truncation are kept."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from pathlib import Path

from newstrace.ingest import IngestConfig, Skipped, read_bytes, read_paths
from newstrace.types import Article

CFG = IngestConfig(language=False)
BODY = "PORT ALDER (Meridian Press) \u2014 At least 40 people were killed when a fuel depot exploded on Tuesday.\n"
CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def run(*paths: Path | str, config: IngestConfig = CFG) -> tuple[list[Article], list[Skipped]]:
    items = list(read_paths([str(p) for p in paths], config))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def good(tmp_path: Path) -> Path:
    p = tmp_path / "zz_good.txt"
    p.write_text(BODY)
    return p


def assert_one_line(s: Skipped) -> None:
    assert s.reason and "\n" not in s.reason and len(str(s)) < 300


def test_binary_files(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(500)))
    (tmp_path / "blob").write_bytes(bytes(random.Random(2).randrange(256) for _ in range(4000)))
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    arts, sk = run(tmp_path / "photo.txt", tmp_path / "blob", tmp_path / "doc.pdf", good(tmp_path))
    assert len(arts) == 1
    reasons = {Path(s.path).name: s.reason for s in sk}
    assert "binary file (PNG image)" in reasons["photo.txt"]
    assert "binary file (binary data)" in reasons["blob"]
    assert "PDF" in reasons["doc.pdf"]
    for s in sk:
        assert_one_line(s)


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n")
    (tmp_path / "header_only.txt").write_text("Title: Nothing\nDate: 2024-03-12\n\n")
    arts, sk = run(tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "header_only.txt", good(tmp_path))
    assert len(arts) == 1
    assert [s.reason for s in sk] == [
        "empty file",
        "empty file (only whitespace)",
        "no article text after the metadata header",
    ]


def test_file_above_size_limit_is_skipped_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # a sparse 200 MB file: instant, no disk used
        fh.truncate(200 * 1024 * 1024)
    arts, sk = run(big, good(tmp_path))
    assert len(arts) == 1
    (s,) = sk
    assert s.path == str(big) and "200.0 MB" in s.reason and "max_file_bytes=100.0 MB" in s.reason
    # the limit is a setting
    small = IngestConfig(language=False, max_file_bytes=50)
    _, sk = run(good(tmp_path), config=small)
    assert "above ingest.max_file_bytes" in sk[0].reason


def test_invalid_utf8_is_decoded_not_fatal(tmp_path: Path) -> None:
    latin = "Le ministre a déclaré que l'explosion du dépôt avait tué au moins quarante personnes à Port Alder."
    (tmp_path / "latin1.txt").write_bytes(latin.encode("cp1252"))
    (tmp_path / "mixed.txt").write_bytes(BODY.encode() + b"caf\xe9 \xff\xfe broken bytes " + "é".encode() * 5)
    (tmp_path / "utf16.txt").write_bytes(BODY.encode("utf-16"))
    arts, sk = run(tmp_path / "latin1.txt", tmp_path / "mixed.txt", tmp_path / "utf16.txt")
    assert sk == []
    assert arts[0].text == latin
    assert arts[1].text.startswith(BODY) and "\ufffd" in arts[1].text
    assert arts[2].text == BODY


def test_malformed_jsonl_lines_report_line_and_go_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": BODY}),
        '{"id": "b", "text": "unterminated',
        "",
        "[1, 2, 3]",
        json.dumps({"id": "c", "title": "no body"}),
        b"\xff\xfe not json at all".decode("latin-1"),
        json.dumps({"id": "d", "text": BODY + " again"}),
        json.dumps({"id": "e", "text": "\ud800 lone surrogate " + BODY}),
    ]
    p = tmp_path / "feed.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    arts, sk = run(p)
    assert [a.source_record for a in arts] == ["a", "d", "e"]
    assert "\ufffd" in arts[2].text  # the lone surrogate is replaced: SQLite would refuse it
    assert [(s.line, s.reason.split(" (")[0]) for s in sk] == [
        (2, "malformed JSON"),
        (4, "line is a JSON list, not an object"),
        (5, "no text field"),
        (6, "malformed JSON"),
    ]
    assert all(s.path == str(p) for s in sk)
    assert str(sk[0]).startswith(f"{p}:2: malformed JSON")


def test_malformed_json_document(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"text": "abc", ')
    _, (s,) = run(tmp_path / "bad.json")
    assert s.reason.startswith("malformed JSON") and "line 1" in s.reason


def test_truncated_gzip_jsonl_keeps_records_before_the_cut(tmp_path: Path) -> None:
    rng = random.Random(3)
    recs = [json.dumps({"id": f"r{i}", "text": BODY + " ".join(str(rng.random()) for _ in range(200))}) for i in range(50)]
    data = gzip.compress(("\n".join(recs) + "\n").encode())
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    arts, sk = run(p, good(tmp_path))
    assert 5 < len(arts) < 50
    assert [a.source_record for a in arts[:-1]] == [f"r{i}" for i in range(len(arts) - 1)]
    assert arts[-1].source_ref.endswith("zz_good.txt")
    assert any("truncated or corrupt compressed data" in s.reason for s in sk)


def test_truncated_and_corrupt_gzip_text(tmp_path: Path) -> None:
    data = gzip.compress((BODY * 200).encode())
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.gz").write_bytes(b"\x1f\x8b\x08\x00garbage garbage garbage")
    _, sk = run(tmp_path / "cut.txt.gz", tmp_path / "junk.gz")
    assert len(sk) == 2 and all("gzip" in s.reason for s in sk)


def test_truncated_warc_keeps_records_before_the_cut(tmp_path: Path) -> None:
    data = (CORPUS / "crawl.warc.gz").read_bytes()
    # cut inside the second HTML response: the first page survives
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[: int(len(data) * 0.8)])
    arts, sk = run(p, good(tmp_path))
    assert [a.source_record for a in arts[:1]] == ["<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0001>"]
    assert len(arts) == 2  # the page before the cut, and the next input
    (s,) = sk
    assert "truncated" in s.reason or "corrupt" in s.reason
    # an uncompressed WARC cut mid-record
    raw = gzip.GzipFile(fileobj=(CORPUS / "crawl.warc.gz").open("rb")).read()
    q = tmp_path / "cut.warc"
    q.write_bytes(raw[: int(len(raw) * 0.8)])
    arts, sk = run(q)
    assert len(arts) == 1 and "truncated WARC" in sk[0].reason


def test_html_without_article(tmp_path: Path) -> None:
    (tmp_path / "404.html").write_text("<html><head><title>Not found</title></head><body><h1>404</h1><p>Not found</p></body></html>")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/a'>A</a></nav></body></html>")
    arts, sk = run(tmp_path / "404.html", tmp_path / "nav.html", good(tmp_path))
    assert len(arts) == 1 and len(sk) == 2
    assert all(s.reason == "no article text found in HTML page" for s in sk)


def test_unknown_formats(tmp_path: Path) -> None:
    (tmp_path / "table.csv").write_text("a,b,c\n1,2,3\n")
    (tmp_path / "notes.xml").write_text("<notes><n>plain words here for a while</n></notes>")
    (tmp_path / "data.weird").write_text("some text that is not in any format we know about")
    (tmp_path / "fake.warc").write_text("this is not a warc file at all, just words")
    arts, sk = run(tmp_path)
    assert arts == []
    reasons = {Path(s.path).name: s.reason for s in sk}
    assert reasons["table.csv"].startswith("unknown format (CSV)")
    assert reasons["notes.xml"].startswith("unknown format (XML)")
    assert reasons["data.weird"].startswith("unknown format (.weird file)")
    assert "not a WARC" in reasons["fake.warc"]


def test_missing_paths_and_empty_dirs(tmp_path: Path) -> None:
    (tmp_path / "emptydir").mkdir()
    arts, sk = run(tmp_path / "nope.txt", tmp_path / "emptydir", good(tmp_path))
    assert len(arts) == 1
    assert [s.reason for s in sk] == ["no such file or directory", "directory holds no files"]


def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(BODY)
    os.chmod(p, 0)
    try:
        if os.access(p, os.R_OK):  # running as root: permissions do not apply
            return
        _, (s,) = run(p)
        assert s.reason == "permission denied"
    finally:
        os.chmod(p, 0o644)


def test_oversized_record_and_empty_stdin() -> None:
    cfg = IngestConfig(language=False, max_text_chars=50)
    (s,) = list(read_bytes(json.dumps({"text": BODY}).encode(), "x.jsonl", cfg, name="x.jsonl"))
    assert isinstance(s, Skipped) and "max_text_chars" in s.reason and s.line == 1
    assert list(read_bytes(b"", "-", cfg)) == [Skipped("-", "empty input")]


def test_never_raises_on_random_bytes(tmp_path: Path) -> None:
    rng = random.Random(7)
    seeds = [b"{", b"[", b"<html>", b"WARC/1.0\r\n", b"\x1f\x8b", b"---\n", b"Title: x\n", b""]
    for i in range(60):
        junk = rng.choice(seeds) + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        p = tmp_path / f"junk{i}{rng.choice(['.txt', '.json', '.jsonl', '.html', '.warc', '.gz', ''])}"
        p.write_bytes(junk)
    items = list(read_paths([str(tmp_path)], CFG))
    assert len(items) >= 60
    shutil.rmtree(tmp_path)


def test_every_cut_of_the_warc_is_reported(tmp_path: Path) -> None:
    """Cut the example WARC (gzip and plain) at many points: what is read is always a prefix
    of the full read, and a truncation is always reported."""
    gz = (CORPUS / "crawl.warc.gz").read_bytes()
    raw = gzip.decompress(gz)
    for data, name in ((gz, "c.warc.gz"), (raw, "c.warc")):
        full = [a.id for a in read_bytes(data, name, CFG, name=name) if isinstance(a, Article)]
        assert len(full) == 2
        for cut in range(1, len(data), max(1, len(data) // 90)):
            items = list(read_bytes(data[:cut], name, CFG, name=name))
            ids = [a.id for a in items if isinstance(a, Article)]
            assert ids == full[: len(ids)], (name, cut)
            assert isinstance(items[-1], Skipped), (name, cut)


def test_jsonl_is_streamed_past_the_whole_file_limit_but_each_line_is_capped(tmp_path: Path) -> None:
    """A JSONL export bigger than max_file_bytes is read (it is streamed); one line above
    the limit is skipped with its line number, and the lines after it are still read."""
    rec = json.dumps({"id": "r1", "text": BODY})
    huge = json.dumps({"id": "r2", "text": "x " * 400})
    path = tmp_path / "export.jsonl"
    path.write_text(f"{rec}\n{huge}\n{rec.replace('r1', 'r3')}\n", encoding="utf-8")
    cfg = IngestConfig(language=False, max_file_bytes=len(rec) + 10)
    assert path.stat().st_size > cfg.max_file_bytes
    arts, sk = run(path, config=cfg)
    assert [a.source_record for a in arts] == ["r1", "r3"]
    (s,) = sk
    assert s.line == 2 and "above ingest.max_file_bytes" in s.reason
    # the whole-file limit of a streamed format is its own setting
    _, sk = run(path, config=IngestConfig(language=False, max_jsonl_bytes=100))
    assert "above ingest.max_jsonl_bytes" in sk[0].reason
