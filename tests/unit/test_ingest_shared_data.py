"""Real data (../shared/data, skipped when absent): BASIL's JSON articles and ECB+'s JSONL
ingest with a field mapping, and every article keeps its original id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.ingest import IngestConfig, Skipped, read_paths
from newstrace.types import Article

pytestmark = pytest.mark.shared_data
CFG = IngestConfig(language=False)


def test_basil_json_articles_keep_uuid(shared_data: Path) -> None:
    root = shared_data / "basil" / "articles"
    cfg = CFG.with_fields({"id": "uuid", "text": "body-paragraphs", "outlet": "source"})
    items = list(read_paths([str(root)], cfg))
    assert [str(i) for i in items if isinstance(i, Skipped)] == []
    files = sorted(root.rglob("*.json"))
    assert len(items) == len(files) == 150
    for a, f in zip(items, files, strict=True):
        assert isinstance(a, Article)
        doc = json.loads(f.read_text(encoding="utf-8"))
        assert a.source_ref == str(f)
        assert a.source_record == doc["uuid"]
        assert (a.title, a.outlet, a.url, a.published) == (" ".join(doc["title"].split()) or None, doc["source"], doc["url"], doc["date"])
        first = " ".join(doc["body-paragraphs"][0]).strip()
        assert a.text.startswith(first)
        assert a.text.count("\n\n") == len([p for p in doc["body-paragraphs"] if " ".join(p).strip()]) - 1
    assert len({a.id for a in items if isinstance(a, Article)}) == 150


def test_ecbplus_jsonl_keeps_ids(shared_data: Path) -> None:
    path = shared_data / "ecbplus" / "docs.jsonl"
    cfg = CFG.with_fields({"id": "id", "text": "text"})
    items = list(read_paths([str(path)], cfg))
    assert [str(i) for i in items if isinstance(i, Skipped)] == []
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) == len(recs) == 772
    assert [a.source_record for a in items if isinstance(a, Article)] == [r["id"] for r in recs]
    assert all(isinstance(a, Article) and a.text == r["text"] for a, r in zip(items, recs, strict=True))
    # ECB+ has no date field, but some bodies carry a date line near the top
    dated = [a for a in items if isinstance(a, Article) and a.published]
    assert 100 < len(dated) < 772
