"""Format sniffing: which reader an input needs, from its first bytes and its name.

Content decides first (a WARC named ``.txt`` is a WARC), the extension breaks ties
(JSON vs JSONL) and names the formats we refuse (``.pdf``, ``.docx``, images ...).
Binary content is recognised by magic numbers and by control-character density.

Does not read more than the sniffed head and never raises.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

__all__ = ["Sniff", "sniff", "split_ext", "is_binary", "TEXT_EXTS", "KNOWN_EXTS"]

TEXT_EXTS = {"", ".txt", ".text", ".md", ".markdown", ".rst", ".story", ".article"}
JSONL_EXTS = {".jsonl", ".ndjson", ".jsonlines", ".ldjson"}
JSON_EXTS = {".json"}
HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
WARC_EXTS = {".warc", ".arc"}
KNOWN_EXTS = TEXT_EXTS | JSONL_EXTS | JSON_EXTS | HTML_EXTS | WARC_EXTS
# Formats people keep next to their articles that are not articles to us.
_REFUSED = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "RTF",
    ".xls": "Excel", ".xlsx": "Excel", ".csv": "CSV", ".tsv": "TSV", ".xml": "XML",
    ".parquet": "Parquet", ".zip": "ZIP", ".tar": "tar", ".7z": "7-Zip", ".rar": "RAR",
    ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd", ".db": "database", ".sqlite": "SQLite",
    ".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image",
    ".webp": "WebP image", ".mp3": "audio", ".mp4": "video", ".epub": "EPUB",
    ".py": "Python source", ".js": "JavaScript", ".css": "CSS", ".yaml": "YAML", ".yml": "YAML",
    ".toml": "TOML", ".ini": "INI", ".log": "log",
}  # fmt: skip
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"), (b"7z\xbc\xaf", "7-Zip"), (b"Rar!", "RAR"), (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"SQLite format 3", "SQLite"), (b"PAR1", "Parquet"), (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "OLE/Office"), (b"ID3", "audio"), (b"OggS", "audio"),
    (b"RIFF", "RIFF media"), (b"\x00\x00\x00\x18ftyp", "video"), (b"\x00\x00\x00\x20ftyp", "video"),
]  # fmt: skip
GZIP_MAGIC = b"\x1f\x8b"
_UTF_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_HEAD = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|article[\s>]|meta\s|title>|div[\s>]|p>)", re.I)
_CONTROL_BYTES = bytes(sorted(set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}))


@dataclass(frozen=True, slots=True)
class Sniff:
    """``kind`` is text | json | jsonl | html | warc | gzip | binary | unknown."""

    kind: str
    detail: str = ""


def split_ext(path: str) -> tuple[str, bool]:
    """Lower-case extension without a trailing ``.gz``, and whether ``.gz`` was there.

    >>> split_ext("a/b.warc.gz"), split_ext("x.JSONL"), split_ext("README")
    (('.warc', True), ('.jsonl', False), ('', False))
    """
    name = os.path.basename(path).lower()
    gz = name.endswith(".gz") or name.endswith(".gzip")
    if gz:
        name = name[: name.rfind(".")]
    return os.path.splitext(name)[1], gz


def is_binary(head: bytes, control_ratio: float = 0.10) -> str | None:
    """What binary thing ``head`` is (a name), or None if it looks like text.

    >>> is_binary(b"%PDF-1.7 ..."), is_binary(b"Plain words."), is_binary(bytes(range(40)))
    ('PDF', None, 'binary data')
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(_UTF_BOMS) or head.startswith(b"\x00\x00\xfe\xff"):
        return None
    if not head:
        return None
    if b"\x00" in head:
        # UTF-16 without BOM: every other byte NUL in ASCII-range text
        # (ASCII-range UTF-16 has NULs at >= 70% of one parity and < 5% of the other)
        odd, even = head[1::2], head[0::2]
        for a, b in ((odd, even), (even, odd)):
            if a and b and a.count(0) >= 0.7 * len(a) and b.count(0) <= 0.05 * len(b):
                return None
        return "binary data"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C
    if controls > control_ratio * len(head):
        return "binary data"
    return None


def sniff(path: str, head: bytes, control_ratio: float = 0.10) -> Sniff:
    """Decide the reader for an input from its name and first bytes (after gunzip if any).

    >>> sniff("x.jsonl", b'{"text": "a"}\\n').kind, sniff("p.html", b"<!DOCTYPE html><html>").kind
    ('jsonl', 'html')
    >>> sniff("story", b"WARC/1.1\\r\\nWARC-Type: warcinfo").kind
    'warc'
    >>> sniff("data.csv", b"a,b,c\\n1,2,3").detail
    'CSV'
    """
    ext, _gz = split_ext(path)
    if head.startswith(GZIP_MAGIC):
        return Sniff("gzip")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return Sniff("warc")
    binary = is_binary(head, control_ratio)
    if binary:
        return Sniff("binary", binary)
    if stripped[:1] in (b"{", b"["):
        if ext in JSONL_EXTS:
            return Sniff("jsonl")
        if ext in JSON_EXTS or ext not in TEXT_EXTS:
            return Sniff("json")
        # a .txt file starting with "[" or "{" is text unless it parses as JSON (read decides)
        return Sniff("json" if stripped[:1] == b"{" and b'":' in stripped[:200] else "text")
    if _HTML_HEAD.search(stripped[:2048]) and (ext in HTML_EXTS or ext not in TEXT_EXTS or stripped[:1] == b"<"):
        return Sniff("html")
    if ext in _REFUSED:
        return Sniff("unknown", _REFUSED[ext])
    if ext in JSONL_EXTS or ext in JSON_EXTS:
        return Sniff("json")  # the JSON reader reports why it is malformed
    if ext in HTML_EXTS:
        return Sniff("html")
    if ext[1:].isdigit() or len(ext) > 9:  # "story.2022", "notes.backup-old": not extensions
        return Sniff("text")
    if ext in TEXT_EXTS or ext in WARC_EXTS:
        return Sniff("text") if ext in TEXT_EXTS else Sniff("unknown", "not a WARC (no WARC/ header)")
    return Sniff("unknown", f"{ext} file")
