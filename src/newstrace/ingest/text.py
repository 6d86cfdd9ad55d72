"""Plain-text articles: optional metadata header, then the body, kept exactly as decoded.

Headers understood (at the very top of the file):

* a YAML front-matter block between ``---`` lines (keys: title, date/published,
  source/outlet/site, url/link, author/byline, id, language);
* metadata lines, one per line, until the first other line: ``Date: 2022-03-12``,
  ``date 2022-03-12``, ``Title: ...``, ``Source: ...``, ``URL: ...``, ``Author: ...``,
  ``By Ana Ruiz``, ``ID: ...``, ``Language: en``.

The body starts after the header and the blank lines following it; its offset in the
decoded file is ``Article.source_offset``. Without a header, a short first line that
does not end a sentence is taken as the title (it stays in the text).

Does not decode bytes (``base.decode_bytes``) or guess the format (``detect``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from newstrace.ingest.base import Item, Skipped, make_article
from newstrace.ingest.config import IngestConfig
from newstrace.ingest.metadata import parse_date

__all__ = ["read_text", "split_header"]

_KEYS = {
    "title": "title", "headline": "title",
    "date": "published", "published": "published", "pubdate": "published", "dateline": "published",
    "source": "outlet", "outlet": "outlet", "site": "outlet", "publisher": "outlet",
    "url": "url", "link": "url", "canonical": "url",
    "author": "byline", "authors": "byline", "byline": "byline", "by": "byline",
    "id": "record_id", "language": "language", "lang": "language",
}  # fmt: skip
_LINE = re.compile(r"[ \t]*(?P<key>[A-Za-z]+)[ \t]*(?::[ \t]*|[ \t]+)(?P<value>[^\n]*?)[ \t]*\r?(?:\n|$)")
_FRONT = re.compile(r"---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*\r?(?:\n|$)", re.S)
# A first line is a title when it is at most 25 words (longest BASIL headline: 21)
# and does not end like a sentence.
_TITLE_MAX_WORDS = 25


def _header_lines(text: str) -> tuple[dict[str, Any], int]:
    fields: dict[str, Any] = {}
    pos = 0
    while pos < len(text):
        m = _LINE.match(text, pos)
        if not m:
            break
        key = _KEYS.get(m["key"].lower())
        value = m["value"]
        if key is None or not value:
            break
        raw_colon = ":" in text[m.start("key") : m.start("value")]
        if not raw_colon:
            # "date 2022-03-12" and "By Ana Ruiz" need no colon; anything else does,
            # so a body starting "Source of the blast ..." is not a header.
            if key == "published" and parse_date(value) is None:
                break
            if key not in ("published", "byline"):
                break
            if key == "byline" and (m["key"].lower() != "by" or len(value.split()) > 8):
                break
        if key in fields:  # a repeated key ends the header (it is body text)
            break
        fields[key] = value
        pos = m.end()
    return fields, pos


def split_header(text: str) -> tuple[dict[str, Any], int]:
    """Metadata fields of the header and the offset where the body starts.

    >>> split_header("Date: 2022-03-12\\nTitle: Blast\\n\\nPORT ALDER - ...")
    ({'published': '2022-03-12', 'title': 'Blast'}, 31)
    >>> split_header("No header here.\\nJust text.")
    ({}, 0)
    """
    fields: dict[str, Any] = {}
    pos = 0
    lead = len(text) - len(text.lstrip("\ufeff"))
    m = _FRONT.match(text, lead)
    if m:
        import yaml

        try:
            data = yaml.safe_load(m["yaml"])
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            for k, v in data.items():
                key = _KEYS.get(str(k).lower())
                if key and v is not None and key not in fields:
                    fields[key] = v
            pos = m.end()
    if not fields:
        fields, pos = _header_lines(text)
        if not fields:
            return {}, 0
    # skip blank lines between header and body
    while True:
        nl = re.match(r"[ \t]*\r?\n", text[pos : pos + 200])
        if not nl:
            break
        pos += nl.end()
    return fields, pos


def _first_line_title(body: str) -> str | None:
    stripped = body.lstrip()
    line, nl, rest = stripped.partition("\n")
    line = line.strip()
    if not nl or not rest.strip() or not line:
        return None
    if len(line.split()) > _TITLE_MAX_WORDS or line[-1] in ".,;:\"'\u201d":
        return None
    return line


def read_text(text: str, source_ref: str, config: IngestConfig) -> Iterator[Item]:
    """One article from a decoded plain-text file (a generator, like every reader)."""
    fields, pos = split_header(text)
    body = text[pos:]
    if not body.strip():
        yield Skipped(source_ref, "no article text after the metadata header" if fields else "empty text")
        return
    title = fields.get("title") or _first_line_title(body)
    yield make_article(
        body,
        config,
        source_ref=source_ref,
        title=title,
        outlet=fields.get("outlet"),
        url=fields.get("url"),
        published=fields.get("published"),
        byline=fields.get("byline"),
        language=fields.get("language"),
        record_id=fields.get("record_id"),
        source_offset=pos,
    )
