"""``read_paths``: every input the user names -> a stream of ``Article`` and ``Skipped``.

Accepts files, directories (walked recursively in sorted order, hidden entries
ignored), glob patterns and ``-`` for stdin. It never raises on bad input: a
missing path, binary/empty/oversized file, undecodable bytes, malformed JSON
line, truncated gzip or WARC, page without an article or unknown format each
becomes a ``Skipped`` with a one-line reason, and reading goes on. Records read
before a truncation are kept.

Does not store anything (``newstrace.engine.ingest_stage`` does) and does not
dedupe across inputs beyond reading each file once (ids make storing idempotent).
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from newstrace.ingest.base import Item, Skipped, decode_bytes
from newstrace.ingest.config import IngestConfig
from newstrace.ingest.detect import GZIP_MAGIC, Sniff, sniff
from newstrace.ingest.jsonl import iter_lines, read_json_document, read_jsonl
from newstrace.ingest.text import read_text

__all__ = ["read_paths", "read_file", "read_bytes", "expand_paths"]

_GLOB_CHARS = set("*?[")
_TRUNCATED = (EOFError, zlib.error, gzip.BadGzipFile)


def _fmt_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def expand_paths(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Input names -> file paths in a deterministic order (or ``Skipped`` for a bad name)."""
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            found: list[str] = []
            for root, dirs, files in os.walk(p, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files if not f.startswith("."))
            if not found:
                yield Skipped(os.path.normpath(p), "directory holds no files")
            yield from sorted(found)
        elif os.path.exists(p):
            yield p
        elif _GLOB_CHARS & set(p):
            matches = sorted(m for m in glob.glob(p, recursive=True) if os.path.isfile(m))
            if not matches:
                yield Skipped(p, "no file matches this pattern")
            yield from matches
        else:
            yield Skipped(p, "no such file or directory")


def read_paths(paths: Iterable[str] | str, config: IngestConfig | None = None) -> Iterator[Item]:
    """Read every article under ``paths``; yields ``Article`` or ``Skipped``, never raises on input.

    Each file is read once even when named twice (by a directory and a glob, say).
    """
    config = config or IngestConfig()
    if isinstance(paths, str):
        paths = [paths]
    seen: set[tuple[int, int] | str] = set()
    for p in expand_paths(paths):
        if isinstance(p, Skipped):
            yield p
            continue
        if p != "-":
            try:
                st = os.stat(p)
                key: tuple[int, int] | str = (st.st_dev, st.st_ino)  # one syscall; realpath costs one per path part
            except OSError:
                key = os.path.normpath(p)
            if key in seen:
                continue
            seen.add(key)
        yield from read_file(p, config)


def read_file(path: str, config: IngestConfig | None = None) -> Iterator[Item]:
    """Articles of one file (or ``-`` for stdin)."""
    config = config or IngestConfig()
    ref = "-" if path == "-" else os.path.normpath(path)
    try:
        if path == "-":
            data = sys.stdin.buffer.read(config.max_file_bytes + 1)
            if len(data) > config.max_file_bytes:
                yield Skipped(ref, f"standard input is above ingest.max_file_bytes={_fmt_size(config.max_file_bytes)}")
                return
            yield from read_bytes(data, ref, config, name="-")
            return
        if not os.path.isfile(path):
            yield Skipped(ref, "not a regular file")
            return
        size = os.path.getsize(path)
        if size == 0:
            yield Skipped(ref, "empty file")
            return
        with open(path, "rb") as fh:
            head = fh.read(config.sniff_bytes)
            fh.seek(0)
            kind = sniff(path, head, config.binary_control_ratio)
            if kind.kind == "warc" or _gz_warc(path, head):
                name, limit = "max_warc_bytes", config.max_warc_bytes
            elif kind.kind in ("jsonl", "gzip"):
                # streamed; a gzip holding a whole-file format is held to max_file_bytes
                # of decompressed data when it is read (``_read_gzip``)
                name, limit = "max_jsonl_bytes", config.max_jsonl_bytes
            else:
                name, limit = "max_file_bytes", config.max_file_bytes
            if size > limit:
                yield Skipped(ref, f"file is {_fmt_size(size)}, above ingest.{name}={_fmt_size(limit)}")
                return
            yield from _read_stream(fh, head, kind, ref, path, config)
    except PermissionError:
        yield Skipped(ref, "permission denied")
    except IsADirectoryError:
        yield Skipped(ref, "is a directory")
    except OSError as exc:
        yield Skipped(ref, f"cannot read: {exc.strerror or exc}")


def _gz_warc(path: str, head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC) and ".warc" in os.path.basename(path).lower()


def read_bytes(data: bytes, ref: str, config: IngestConfig | None = None, name: str = "-") -> Iterator[Item]:
    """Articles of an in-memory input (stdin, tests); ``name`` hints the format by extension."""
    config = config or IngestConfig()
    if not data:
        yield Skipped(ref, "empty input")
        return
    head = data[: config.sniff_bytes]
    yield from _read_stream(io.BytesIO(data), head, sniff(name, head, config.binary_control_ratio), ref, name, config)


def _read_stream(fh: IO[bytes], head: bytes, kind: Sniff, ref: str, name: str, config: IngestConfig) -> Iterator[Item]:
    if kind.kind == "gzip":
        yield from _read_gzip(fh, ref, name, config)
        return
    if kind.kind == "warc":
        from newstrace.ingest.warc import read_warc

        yield from read_warc(fh, ref, config)
        return
    if kind.kind == "binary":
        yield Skipped(ref, f"binary file ({kind.detail}), not text, JSON, HTML or WARC")
        return
    if kind.kind == "unknown":
        yield Skipped(ref, f"unknown format ({kind.detail}): not text, JSON(L), HTML or WARC")
        return
    if kind.kind == "jsonl":
        n = 0
        try:
            for item in read_jsonl(iter_lines(fh, config.max_file_bytes), ref, config):
                n += 1
                yield item
        except _TRUNCATED as exc:
            yield Skipped(ref, f"truncated or corrupt compressed data after {n} records ({exc})")
        return
    data = fh.read(config.max_file_bytes + 1)
    if len(data) > config.max_file_bytes:
        yield Skipped(ref, f"decompressed size is above ingest.max_file_bytes={_fmt_size(config.max_file_bytes)}")
        return
    yield from _read_decoded(data, kind, ref, config)


def _read_decoded(data: bytes, kind: Sniff, ref: str, config: IngestConfig) -> Iterator[Item]:
    if not data.strip():
        yield Skipped(ref, "empty file (only whitespace)")
        return
    text, _enc = decode_bytes(data)
    if kind.kind == "html":
        from newstrace.ingest.html import read_html

        yield from read_html(text, ref, config)
    elif kind.kind == "json":
        items = list(read_json_document(text, ref, config))
        # "[Reuters] ..." or "{aside}" opening a .txt: not JSON after all, read it as text
        if (
            len(items) == 1
            and isinstance(items[0], Skipped)
            and items[0].reason.startswith("malformed JSON")
            and not ref.lower().endswith((".json", ".jsonl", ".ndjson"))
            and text.lstrip()[:1] == "["
        ):
            yield from read_text(text, ref, config)
        else:
            yield from items
    else:
        yield from read_text(text, ref, config)


def _read_gzip(fh: IO[bytes], ref: str, name: str, config: IngestConfig) -> Iterator[Item]:
    inner_name = name[: name.lower().rfind(".g")] if name.lower().endswith((".gz", ".gzip")) else name
    # Sniff with a raw decompressor: it returns what it can of a truncated stream (and
    # stops at the first member), where GzipFile.read would raise before the head.
    try:
        head = zlib.decompressobj(wbits=31).decompress(fh.read(65536), config.sniff_bytes)
    except zlib.error as exc:
        yield Skipped(ref, f"corrupt gzip ({exc})")
        return
    if not head:
        yield Skipped(ref, "empty gzip file")
        return
    kind = sniff(inner_name, head, config.binary_control_ratio)
    if kind.kind == "gzip":
        yield Skipped(ref, "gzip inside gzip is not supported")
        return
    fh.seek(0)
    if kind.kind == "warc":
        from newstrace.ingest.warc import read_warc

        yield from read_warc(fh, ref, config)
        return
    gz = gzip.GzipFile(fileobj=fh, mode="rb")
    if kind.kind == "jsonl":
        yield from _read_stream(gz, head, kind, ref, inner_name, config)  # type: ignore[arg-type]
        return
    try:
        data = gz.read(config.max_file_bytes + 1)
    except _TRUNCATED as exc:
        yield Skipped(ref, f"truncated or corrupt gzip ({exc}); its article is incomplete and was not read")
        return
    if len(data) > config.max_file_bytes:
        yield Skipped(ref, f"decompressed size is above ingest.max_file_bytes={_fmt_size(config.max_file_bytes)}")
        return
    if kind.kind in ("binary", "unknown"):
        yield from _read_stream(io.BytesIO(data), head, kind, ref, inner_name, config)
        return
    yield from _read_decoded(data, kind, ref, config)
