"""What every reader shares: the ``Skipped`` record, byte decoding, and turning loose
fields into a complete ``Article`` (metadata fallbacks, credits, language, id).

Does not know any file format (``text``, ``jsonl``, ``html``, ``warc`` do) and does
not walk paths (``newstrace.ingest.read_paths``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.ingest.config import IngestConfig
from newstrace.ingest.credits import extract_credits
from newstrace.ingest.ids import article_id
from newstrace.ingest.metadata import (
    byline_from_text,
    clean_byline,
    dateline_date,
    detect_language,
    outlet_from_url,
    parse_date,
)
from newstrace.types import Article

__all__ = ["Skipped", "decode_bytes", "read_utf8", "make_article", "clean_str", "Item"]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input (or one record of it) that was not read, and why, in one line."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


Item = Article | Skipped

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_utf8(path: str | Path, replace_invalid: bool = False) -> str:
    """A file's text exactly as stored (UTF-8, no newline translation), so offsets into it
    index the file exactly: for files a user names directly (``compare``, ``spin``, a list
    of known spins), not for ingest, which guesses encodings (``decode_bytes``).

    An unreadable file, or invalid UTF-8 unless ``replace_invalid`` (then each invalid
    sequence becomes U+FFFD), is an ``InputError`` naming the file (and the byte).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8", errors="replace" if replace_invalid else "strict")
    except UnicodeDecodeError as exc:
        raise InputError(str(p), f"not valid UTF-8 at byte {exc.start}") from exc


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` whatever its encoding; never raises. Returns ``(text, encoding)``.

    UTF-8 (the common case) is tried strictly first; a BOM decides UTF-16/32; otherwise
    charset-normalizer guesses, and undecodable bytes become U+FFFD.

    >>> decode_bytes("caf\\u00e9".encode("latin-1"))[0]
    'café'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes (a cut multi-byte character, one pasted cp1252
    # quote): more valid non-ASCII characters than bad bytes means UTF-8 is right.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if sum(1 for c in loose if c > "\x7f") - bad > bad:
        return loose, "utf-8"
    enc = "utf-8"
    try:
        from charset_normalizer import from_bytes

        # Without NUL bytes the text cannot be UTF-16/32 (ASCII would carry NULs there);
        # excluding them stops the detector calling short Latin-1 snippets UTF-16.
        exclude = [] if b"\x00" in data else ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
        matches = list(from_bytes(data[:1_000_000], cp_exclusion=exclude))
        if matches:
            best = matches[0]
            enc = best.encoding
            # On a tie (same chaos and coherence within 0.01: short texts often tie across
            # a dozen code pages) prefer cp1252, the legacy encoding of most Western news.
            for m in matches:
                if ("cp1252" in (m.could_be_from_charset or [m.encoding]) and abs(m.chaos - best.chaos) <= 0.01
                        and abs(m.coherence - best.coherence) <= 0.01):
                    enc = "cp1252"
    except Exception:  # a detector failure falls back to UTF-8 with replacement
        enc = "utf-8"
    try:
        return data.decode(enc, errors="replace"), enc
    except LookupError:
        return loose, "utf-8"


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_str(value: Any) -> str | None:
    """A metadata value as a single-line string (lone surrogates from JSON replaced), or None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value if v is not None)
    s = fix_surrogates(str(value))
    s = " ".join(s.split())
    return s or None


def fix_surrogates(text: str) -> str:
    """Replace lone surrogates (JSON ``"\\ud800"``) by U+FFFD: SQLite and UTF-8 refuse them."""
    if text.isascii():  # the common case, checked in C at memory speed
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def make_article(
    text: str,
    config: IngestConfig,
    *,
    source_ref: str,
    title: Any = None,
    outlet: Any = None,
    url: Any = None,
    published: Any = None,
    byline: Any = None,
    language: Any = None,
    record_id: Any = None,
    source_offset: int = 0,
    line: int | None = None,
    fallback_published: Any = None,
) -> Article | Skipped:
    """Build the ``Article`` from what a reader found, filling the gaps from the text.

    Fallbacks: date from a dateline (then ``fallback_published``, e.g. a WARC crawl date), outlet from the URL host, byline from a "By ..."
    line, language by detection, credits from credit lines. ``text`` is kept exactly
    as given (later stages point into it). Returns ``Skipped`` for an empty or
    oversized text.
    """
    text = fix_surrogates(text)
    # counting non-space characters only on short texts keeps this O(1) for real articles
    short = len(text) < 64 * config.min_text_chars
    if not text.strip() or (short and len("".join(text.split())) < config.min_text_chars):
        return Skipped(source_ref, "no article text (empty or under "
                       f"{config.min_text_chars} characters)", line)
    if len(text) > config.max_text_chars:
        return Skipped(source_ref, f"article text of {len(text):,} characters is above "
                       f"ingest.max_text_chars={config.max_text_chars:,}", line)
    url_s = clean_str(url)
    outlet_s = clean_str(outlet) or outlet_from_url(url_s)
    date_s = parse_date(published) if published not in (None, "") else None
    if date_s is None:
        date_s = dateline_date(text, config.dateline_chars)
    if date_s is None and fallback_published is not None:
        date_s = parse_date(fallback_published)
    byline_s = clean_byline(byline) or byline_from_text(text, config.dateline_chars)
    lang = clean_str(language)
    if lang:
        lang = lang.split("-")[0].split("_")[0].lower()[:3]
    elif config.language:
        lang = detect_language(text, config.language_chars)
    rid = clean_str(record_id)
    return Article(
        id=article_id(text, url_s, outlet_s, rid),
        text=text,
        title=clean_str(title),
        outlet=outlet_s,
        url=url_s,
        published=date_s,
        language=lang,
        byline=byline_s,
        credits=extract_credits(text),
        source_ref=source_ref,
        source_record=rid,
        source_offset=source_offset,
    )
