"""Flat export records for every kind of finding, each naming its articles by id AND origin.

One generator per ``--what``; each yields plain dicts with no run-specific
fields (no timestamps, no engine names), sorted deterministically, so exports
of two runs over the same corpus compare equal line by line. Writing files
(JSONL/CSV/Parquet) is ``write_records``. Does not compute anything.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from newstrace.errors import StoreError
from newstrace.store.db import Store

__all__ = ["EXPORTS", "export_records", "write_records", "origin_of"]


def origin_of(store: Store, article_id: str, cache: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``{"path": ..., "record": ...}``: where the article was first read from."""
    if cache is not None and article_id in cache:
        return cache[article_id]
    row = store.execute("SELECT source_ref, source_record FROM articles WHERE id = ?", (article_id,)).fetchone()
    origin = {"path": row[0], "record": row[1]} if row else {"path": None, "record": None}
    if cache is not None:
        cache[article_id] = origin
    return origin


def _table_exists(store: Store, name: str) -> bool:
    return store.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _articles(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.execute(
        "SELECT id, source_ref, source_record, title, outlet, url, published, language, byline, credits, text"
        " FROM articles ORDER BY id"
    ):
        origins = [
            {"path": o[0], "record": o[1] or None}
            for o in store.execute(
                "SELECT source_ref, source_record FROM article_origins WHERE article_id = ?"
                " ORDER BY source_ref, source_record",
                (r["id"],),
            )
        ]
        yield {
            "id": r["id"],
            "origin": {"path": r["source_ref"], "record": r["source_record"]},
            "origins": origins,
            "title": r["title"],
            "outlet": r["outlet"],
            "url": r["url"],
            "published": r["published"],
            "language": r["language"],
            "byline": r["byline"],
            "credits": json.loads(r["credits"] or "[]"),
            "text": r["text"],
        }


# Each capability registers its exporter here: what -> (required table, generator).
EXPORTS: dict[str, tuple[str, Callable[[Store], Iterator[dict[str, Any]]]]] = {
    "articles": ("articles", _articles),
}


def register_export(what: str, table: str, fn: Callable[[Store], Iterator[dict[str, Any]]]) -> None:
    EXPORTS[what] = (table, fn)


def export_records(store: Store, what: str) -> Iterator[dict[str, Any]]:
    _load_exporters()
    if what not in EXPORTS:
        raise StoreError(f"nothing to export as {what!r}: this store has no such records (run `newstrace analyze`)")
    table, fn = EXPORTS[what]
    if not _table_exists(store, table):
        raise StoreError(f"{store.path}: no {what} table yet (run `newstrace analyze` on it first)")
    return fn(store)


def _load_exporters() -> None:
    """Import the modules that register exporters (kept lazy so importing the store stays cheap)."""
    import importlib

    for mod in ("newstrace.store.reuse", "newstrace.store.findings", "newstrace.store.stories"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def _flatten(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: IO[str] | None = None, path: str | None = None) -> int:
    """Write records as JSONL, CSV (nested values as JSON) or Parquet (needs ``path`` and pyarrow)."""
    n = 0
    if fmt == "parquet":
        if not path:
            raise StoreError("parquet export needs an output file: -o FILE.parquet")
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise StoreError("parquet export needs pyarrow: pip install 'newstrace[parquet]'") from exc
        rows = [{k: _flatten(v) for k, v in r.items()} for r in records]
        pq.write_table(pa.Table.from_pylist(rows), path)
        return len(rows)
    fh: IO[str] = out or sys.stdout
    close = False
    if path:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in finally
        close = True
    try:
        if fmt == "jsonl":
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
        elif fmt == "csv":
            writer: Any = None
            for r in records:
                flat = {k: _flatten(v) for k, v in r.items()}
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(flat.keys()))
                    writer.writeheader()
                writer.writerow(flat)
                n += 1
        else:
            raise StoreError(f"unknown export format {fmt!r}")
    finally:
        if close:
            fh.close()
    return n
