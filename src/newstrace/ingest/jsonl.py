"""JSON inputs: JSONL (one record per line), a JSON array of records, or one JSON object per
file (BASIL's ``articles/<year>/*.json``), with configurable field names.

Field names come from ``IngestConfig`` (``text_fields``, ``title_fields`` ...; a dotted
name reads a nested key). A list body (``body-paragraphs``: a list of paragraphs, each a
string or a list of sentences) is joined: sentences with a space, paragraphs with a
blank line. JSONL is streamed line by line; a malformed line becomes a ``Skipped`` with
its line number and reading goes on with the next line.

Does not open files or handle gzip (``read``), nor parse dates (``metadata``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from newstrace.ingest.base import Item, Skipped, decode_bytes, make_article
from newstrace.ingest.config import IngestConfig

__all__ = ["read_jsonl", "read_json_document", "record_to_article", "join_body"]

# Keys under which a JSON document keeps its list of records ({"articles": [...]}).
_CONTAINER_KEYS = ("articles", "data", "items", "records", "docs", "documents", "results")


def _lookup(record: dict[str, Any], name: str) -> Any:
    if name in record:
        return record[name]
    if "." in name:
        cur: Any = record
        for part in name.split("."):
            if not isinstance(cur, dict) or part not in cur:
                return None
            cur = cur[part]
        return cur
    return None


def _first(record: dict[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = _lookup(record, name)
        if value not in (None, "", [], {}):
            return value
    return None


def join_body(value: Any) -> str | None:
    """A body field as text: strings as they are, lists of paragraphs joined.

    >>> join_body([["First sentence.", "Second one."], ["New paragraph."]])
    'First sentence. Second one.\\n\\nNew paragraph.'
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        paras = []
        for p in value:
            if isinstance(p, (list, tuple)):
                para = " ".join(str(s).strip() for s in p if s is not None and str(s).strip())
            elif isinstance(p, dict):
                para = join_body(p.get("text") or p.get("content")) or ""
            elif p is None:
                continue
            else:
                para = str(p).strip()
            if para:
                paras.append(para)
        return "\n\n".join(paras)
    if isinstance(value, dict):
        return join_body(value.get("text") or value.get("content") or value.get("body"))
    if isinstance(value, (int, float)):
        return None
    return str(value)


def record_to_article(record: dict[str, Any], source_ref: str, config: IngestConfig, line: int | None = None, where: str = "") -> Item:
    """One JSON object -> ``Article`` (or ``Skipped`` saying which field was missing)."""
    raw_text = _first(record, config.text_fields)
    text = join_body(raw_text)
    if not text or not text.strip():
        keys = ", ".join(list(record)[:8])
        return Skipped(
            source_ref,
            f"{where}no text field (tried {', '.join(config.text_fields)}; record has {keys or 'no keys'})",
            line,
        )
    rid = _first(record, config.id_fields)
    return make_article(
        text,
        config,
        source_ref=source_ref,
        title=_first(record, config.title_fields),
        outlet=_first(record, config.outlet_fields),
        url=_first(record, config.url_fields),
        published=_first(record, config.date_fields),
        byline=_first(record, config.byline_fields),
        language=_first(record, ("language", "lang")),
        record_id=None if rid is None else str(rid),
        line=line,
    )


def _describe(err: json.JSONDecodeError) -> str:
    return f"malformed JSON ({err.msg} at column {err.colno})"


def read_jsonl(lines: Iterable[bytes], source_ref: str, config: IngestConfig) -> Iterator[Item]:
    """Records of a JSONL stream (an iterable of byte lines); never raises on bad lines.

    A truncated compressed stream raises ``EOFError`` from the iterable: the caller
    (``read``) turns it into a ``Skipped`` after the records already yielded.
    """
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if raw == OVERSIZED_LINE:
            yield Skipped(source_ref, f"line is above ingest.max_file_bytes={config.max_file_bytes:,} bytes", lineno)
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = decode_bytes(raw)[0]
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(source_ref, _describe(err), lineno)
            continue
        except RecursionError:
            yield Skipped(source_ref, "malformed JSON (nested too deeply)", lineno)
            continue
        if not isinstance(record, dict):
            yield Skipped(source_ref, f"line is a JSON {type(record).__name__}, not an object", lineno)
            continue
        yield record_to_article(record, source_ref, config, line=lineno)


def read_json_document(text: str, source_ref: str, config: IngestConfig) -> Iterator[Item]:
    """Records of a whole JSON document: an array, a single record, or ``{"articles": [...]}``.

    A document that is really JSONL (several objects, one per line) is read as JSONL.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            yield from read_jsonl(_lines(text), source_ref, config)
            return
        yield Skipped(source_ref, f"{_describe(err)} at line {err.lineno}")
        return
    except RecursionError:
        yield Skipped(source_ref, "malformed JSON (nested too deeply)")
        return
    records: list[Any]
    if isinstance(doc, list):
        records = doc
    elif isinstance(doc, dict):
        container = next((doc[k] for k in _CONTAINER_KEYS if isinstance(doc.get(k), list)), None)
        records = container if container is not None and _first(doc, config.text_fields) is None else [doc]
    else:
        yield Skipped(source_ref, f"JSON document is a {type(doc).__name__}, not an object or array")
        return
    if not records:
        yield Skipped(source_ref, "JSON document holds no records")
        return
    single = len(records) == 1
    for i, rec in enumerate(records, 1):
        where = "" if single else f"record {i}: "
        if not isinstance(rec, dict):
            yield Skipped(source_ref, f"{where}a JSON {type(rec).__name__}, not an object")
            continue
        yield record_to_article(rec, source_ref, config, where=where)


def _lines(text: str) -> Iterator[bytes]:
    for line in text.split("\n"):  # not splitlines(): JSON strings may hold a raw U+2028
        yield line.encode("utf-8", "surrogatepass")


# What ``iter_lines`` yields in place of a line above its limit (never valid JSON, so
# ``read_jsonl`` reports it as a skipped line with its number and the reason).
OVERSIZED_LINE = b"\x00newstrace: line above ingest.max_file_bytes"


def iter_lines(fh: IO[bytes], max_line: int | None = None) -> Iterator[bytes]:
    """Byte lines of a binary stream (kept separate so ``read`` can catch truncation).

    A line longer than ``max_line`` bytes is not held in memory: it is read through in
    chunks and replaced by ``OVERSIZED_LINE``, so the line numbers stay right.
    """
    if max_line is None:
        yield from fh
        return
    while True:
        line = fh.readline(max_line + 1)
        if not line:
            return
        if len(line) > max_line and not line.endswith(b"\n"):
            while True:  # skip the rest of the line, a bounded chunk at a time
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield OVERSIZED_LINE
            continue
        yield line
