"""HTML pages: the article's main text and metadata via trafilatura.

trafilatura (offline, ~4 ms per page here) gives the main text without navigation
and boilerplate, plus title, author, date, site name and canonical URL from the
page's metadata. Its text opens with the headline when the page repeats it in an
``<h1>``; that line is dropped so the article text starts with the body. A page
whose extraction yields under ``min_text_chars`` is skipped as "no article".

Does not fetch anything (no network: only strings are handed to trafilatura)
and does not parse WARC records (``warc``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newstrace.ingest.base import Item, Skipped, make_article
from newstrace.ingest.config import IngestConfig

__all__ = ["read_html", "extract_html"]


def extract_html(html: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's main text and metadata of one page, or None when it finds no article."""
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            include_tables=True,
            # original_date: the publication date, not the last-modified one
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
    except Exception:  # lxml/trafilatura on pathological markup: treated as "no article"
        return None
    if doc is None:
        return None
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    text = get("text") or ""
    title = get("title")
    if title and text:
        first, nl, rest = text.partition("\n")
        if nl and first.strip() == title.strip():
            text = rest
    return {
        "text": text,
        "title": title,
        "byline": get("author"),
        "published": get("date"),
        "outlet": get("sitename"),
        "url": get("url") or url,
        "language": get("language"),
    }


def read_html(
    html: str,
    source_ref: str,
    config: IngestConfig,
    *,
    url: str | None = None,
    published: str | None = None,
    record_id: str | None = None,
) -> Iterator[Item]:
    """One article from an HTML page; ``url``/``published`` come from a WARC record when known.

    The page's own canonical URL and date win over the WARC's (the WARC date is the
    crawl time, only an upper bound of publication).
    """
    found = extract_html(html, url)
    text = (found or {}).get("text") or ""
    if len("".join(text.split())) < config.min_text_chars:
        what = f"record {record_id}" if record_id else "page"
        yield Skipped(source_ref, f"no article text found in HTML {what}" + (f" ({url})" if url else ""))
        return
    assert found is not None
    yield make_article(
        text,
        config,
        source_ref=source_ref,
        title=found["title"],
        outlet=found["outlet"],
        url=found["url"] or url,
        published=found["published"] or None,
        byline=found["byline"],
        language=found["language"],
        record_id=record_id,
        fallback_published=published,
    )
