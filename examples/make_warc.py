"""Build ``examples/corpus/crawl.warc.gz`` from the pages in ``examples/warc_src/``.

The archive holds what a small crawl would: a ``warcinfo`` record, a request and an
HTML response per page, a ``robots.txt`` response (not HTML: ingest ignores it) and a
404 page (ignored too). Record ids and dates are fixed, so re-running the script gives
the same records (and the article ids pinned in the golden test stay valid).

    python examples/make_warc.py
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus" / "crawl.warc.gz"

# (source page, URL it was "crawled" from, crawl time, fixed record id)
PAGES = [
    (
        "dailynewshub_port-alder.html",
        "https://dailynewshub.example/2024/03/13/gas-storehouse-impact-port-alder/",
        "2024-03-13T09:00:00Z",
        "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0001>",
    ),
    (
        "brennick-courier_floods.html",
        "https://brennickcourier.example/local/2024/03/14/brennick-under-water",
        "2024-03-14T20:05:00Z",
        "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0002>",
    ),
]


def _record(writer: WARCWriter, rtype: str, uri: str, date: str, rid: str, body: bytes,
            http: StatusAndHeaders | None = None, content_type: str | None = None) -> None:
    headers = {"WARC-Record-ID": rid, "WARC-Date": date}
    rec = writer.create_warc_record(
        uri, rtype, payload=io.BytesIO(body), http_headers=http, warc_headers_dict=headers,
        warc_content_type=content_type,
    )
    writer.write_record(rec)


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        info = w.create_warcinfo_record(
            "crawl.warc.gz", {"software": "newstrace examples/make_warc.py", "description": "example crawl"}
        )
        info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0000>")
        info.rec_headers.replace_header("WARC-Date", "2024-03-13T08:59:00Z")
        w.write_record(info)
        _record(w, "response", "https://dailynewshub.example/robots.txt", "2024-03-13T08:59:30Z",
                "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0010>", b"User-agent: *\nAllow: /\n",
                StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1"))
        for name, uri, date, rid in PAGES:
            body = (HERE / "warc_src" / name).read_bytes()
            req = f"GET {uri.split('example', 1)[1]} HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()
            _record(w, "request", uri, date, rid.replace("e000", "e100"), req, content_type="application/http; msgtype=request")
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            _record(w, "response", uri, date, rid, body, http)
        _record(w, "response", "https://dailynewshub.example/missing-page", "2024-03-13T09:01:00Z",
                "<urn:uuid:5b0c1d52-7d0e-4c43-9a55-0f3c2a9e0404>", b"<html><body><h1>Not found</h1></body></html>",
                StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1"))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
