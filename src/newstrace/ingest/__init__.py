"""Ingestion: bytes in any supported format -> ``Article`` values with metadata.

Public API (the store, engine and CLI call exactly this)::

    from newstrace.ingest import read_paths, Skipped, IngestConfig
    for item in read_paths(["dir/", "a.jsonl", "x.warc.gz", "-"], config=IngestConfig()):
        ...  # an Article, or Skipped(path, reason, line)

Readers: plain text (``text``), JSON/JSONL (``jsonl``), HTML (``html``, trafilatura),
WARC (``warc``); format sniffing (``detect``); metadata (``metadata``), credit lines
(``credits``), ids (``ids``). Offset-preserving normalisation is
``newstrace.text.normalize``. Storing is ``newstrace.engine.ingest_stage``.
"""

from newstrace.ingest.base import Skipped, decode_bytes, make_article
from newstrace.ingest.config import IngestConfig
from newstrace.ingest.credits import credit_spans, extract_credits
from newstrace.ingest.ids import article_id
from newstrace.ingest.read import expand_paths, read_bytes, read_file, read_paths

__all__ = [
    "IngestConfig",
    "Skipped",
    "article_id",
    "credit_spans",
    "decode_bytes",
    "expand_paths",
    "extract_credits",
    "make_article",
    "read_bytes",
    "read_file",
    "read_paths",
]
