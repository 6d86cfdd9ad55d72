"""Numbers reported in news text: value, range, unit, qualifier and what they count.

``extract_figures`` finds digits with thousands separators and decimals ("30,000",
"86.6"), number words ("eighty", "twenty-five", "a dozen"), scale words ("1.2
million", "$4.5bn"), currencies ("$", "US$", "€", "£", "dollars", "euros"),
percentages ("86.6%", "15 per cent", "3 percentage points"), fractions ("nearly
half" = 50%), ranges ("20 to 30", "20-30", "between 20 and 30") and approximations
("more than 80", "at least 800", "about", "nearly"). What a figure counts is the
noun phrase after it ("30,000 soldiers", "86.6% support", "15 per cent of
voters") or, for a bare change ("production fell 9.1 per cent"), the subject of
the verb governing it (needs the parser). Each figure carries the sentence it
occurs in.

Skipped: years, days of month, clock times, ordinals, numbers glued to letters
("G7", "COVID-19") and list/identifier numbers ("No. 23"). Does not convert
units or currencies, and does not compare figures across articles
(``compare.py``).
"""

from __future__ import annotations

import re
from typing import Any

from newstrace.types import Figure

__all__ = ["extract_figures", "figures_from_doc", "parse_number"]

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "a hundred": 100,
}
_SCALE = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}
_FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
    "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
    "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
}
_CURRENCY_PREFIX = {
    "us$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "$": "$", "€": "EUR", "£": "GBP",
    "¥": "JPY", "usd": "USD", "eur": "EUR", "gbp": "GBP", "cad": "CAD",
}
_CURRENCY_WORD = {
    "dollars": "$", "dollar": "$", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "rupees": "INR", "francs": "CHF",
}
_UNITS = {
    "%": "%", "per cent": "%", "percent": "%", "pct": "%", "percentage points": "percentage points",
    "percentage point": "percentage points", "km": "km", "kilometres": "km", "kilometers": "km",
    "miles": "miles", "mile": "miles", "metres": "m", "meters": "m", "metre": "m", "feet": "ft",
    "kg": "kg", "kilograms": "kg", "tonnes": "t", "tons": "t", "pounds of": "lb",
    "litres": "l", "liters": "l", "barrels": "barrels", "degrees": "degrees", "hectares": "ha",
    "acres": "acres", "hours": "hours", "days": "days", "weeks": "weeks", "months": "months",
    "years": "years", "minutes": "minutes", "seconds": "seconds", "mph": "mph", "km/h": "km/h",
}
_QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
    "as much as", "as few as", "close to", "nearly", "almost", "about", "around", "roughly",
    "approximately", "some", "over", "under", "just over", "just under", "well over",
    "upwards of", "an estimated", "estimated", "about", "barely", "only", "exactly",
)
_APPROX = frozenset({"nearly", "almost", "about", "around", "roughly", "approximately", "some",
                     "close to", "an estimated", "estimated", "barely"})

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_WORDNUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|a dozen|a hundred|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozen)"
)
_CUR = r"(?:US\$|C\$|CA\$|A\$|\$|€|£|¥|USD\s|EUR\s|GBP\s|CAD\s)"
_SC = r"(?:\s?(?:hundred|thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b)"
_ONE = rf"(?:{_CUR}\s?)?(?:{_NUM}|{_WORDNUM}){_SC}?"
_QUAL = "|".join(sorted((re.escape(q) for q in set(_QUALIFIERS)), key=len, reverse=True))
_PCT = r"(?:\s?(?:%|per cent|percent|percentage points?|pct)\b|%)"
_FRAC = "|".join(sorted((re.escape(f) for f in _FRACTIONS), key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?<![\w.,:/-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:between\s+(?P<blo>{_ONE}){_PCT}?\s+and\s+(?P<bhi>{_ONE})"
    rf"|(?:from\s+)?(?P<lo>{_ONE})(?:{_PCT}?\s?(?:-|–)\s?(?P<hi>{_ONE})|\s(?P<to>to)\s(?P<hi2>{_ONE}))?"
    rf"|(?P<frac>{_FRAC})(?=\s+(?:of|the|a|an|its|their)\b))"
    rf"(?P<pct>{_PCT})?(?![\w])",
    re.I,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_MONTH = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$", re.I
)
_CHANGE = re.compile(
    r"\b(?:by|rose|fell|dropped|climbed|increased|decreased|declined|grew|jumped|slipped|"
    r"surged|plunged|soared|sank|rise|fall|drop|climb|increase|decrease|decline|grow|jump)\s+$",
    re.I,
)
_STOP_AFTER = frozenset({"of", "in", "the", "a", "an", "its", "their", "his", "her", "our", "for"})


def parse_number(s: str) -> float | None:
    """Value of one number expression.

    >>> parse_number("$4.5 billion"), parse_number("30,000"), parse_number("twenty-five")
    (4500000000.0, 30000.0, 25.0)
    """
    t = s.strip().lower()
    for p in sorted(_CURRENCY_PREFIX, key=len, reverse=True):
        if t.startswith(p):
            t = t[len(p) :].strip()
            break
    m = re.match(rf"({_NUM}|{_WORDNUM})\s?(hundred|thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])?$", t, re.I)
    if not m:
        return None
    num = m.group(1)
    if num[0].isdigit() or num[0] == ".":
        value = float(num.replace(",", ""))
    elif "-" in num:
        tens, ones = num.split("-")
        value = float(_SMALL[tens] + _SMALL[ones])
    else:
        value = float(_SMALL[num])
    if m.group(2):
        value *= _SCALE[m.group(2).lower()]
    return value


def _currency(s: str) -> str | None:
    t = s.strip().lower()
    for p in sorted(_CURRENCY_PREFIX, key=len, reverse=True):
        if t.startswith(p):
            return _CURRENCY_PREFIX[p]
    return None


def extract_figures(text: str, article_id: str = "") -> list[Figure]:
    """All figures of ``text`` in order (offsets into ``text``).

    >>> [(f.value, f.unit, f.counts_what) for f in extract_figures("Russia fired 80 missiles.")]  # doctest: +SKIP
    [(80.0, None, 'missiles')]
    """
    from newstrace.claims.quotes import parse_article

    return figures_from_doc(parse_article(text), article_id)


def _sentences(doc: Any) -> list[tuple[int, int]]:
    try:
        return [(s.start_char, s.end_char) for s in doc.sents]
    except ValueError:
        return [(0, len(doc.text))]


def figures_from_doc(doc: Any, article_id: str = "") -> list[Figure]:
    """Figures of an already parsed spaCy ``Doc``."""
    text: str = doc.text
    sents = _sentences(doc)
    parsed = doc.has_annotation("DEP")
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        fig = _figure(doc, text, m, parsed)
        if fig is None:
            continue
        start, end, value, high, unit, qual, what = fig
        sent = next(((a, b) for a, b in sents if a <= start < b), None)
        out.append(Figure(article_id, start, end, value, unit, what, text[start:end], high, qual, sent))
    return out


def _figure(doc: Any, text: str, m: re.Match[str], parsed: bool) -> tuple[int, int, float, float | None, str | None, str | None, str | None] | None:
    qual = m.group("qual")
    start, end = m.start(), m.end()
    pct = m.group("pct")
    if m.group("frac"):
        value: float | None = _FRACTIONS[m.group("frac").lower()]
        high = None
        unit: str | None = "%"
    else:
        lo = m.group("blo") or m.group("lo")
        hi = m.group("bhi") or m.group("hi") or m.group("hi2")
        if m.group("to") and _CHANGE.search(text[max(0, start - 25) : start]):
            # "fell 9 per cent to 1.5 million": a change and a level, not a range.
            end = m.start("to")
            while end > start and text[end - 1].isspace():
                end -= 1
            hi = None
            pct = None
        if lo is None:
            return None
        value = parse_number(lo)
        high = parse_number(hi) if hi else None
        if value is None:
            return None
        # Not figures: years, days, clock times, ordinals, identifiers.
        core = re.sub(r"[^\d.,]", "", lo)
        before = text[max(0, start - 12) : start]
        after = text[end : end + 3]
        plain = re.fullmatch(r"\d+", lo.strip()) is not None
        if plain and not pct and _YEAR.fullmatch(lo.strip()) and not _currency(lo):
            if high is None or _YEAR.fullmatch((hi or "").strip()):
                return None
        if plain and _MONTH.search(before):
            return None
        if re.match(r"(?::\d|st\b|nd\b|rd\b|th\b|\w|-[A-Za-z])", after) and not pct:
            return None
        if re.search(r"(?:No\.\s?|#\s?|[A-Za-z]-?)$", before) and not _currency(lo) and not qual:
            return None
        if not core and not pct and not qual and value in (1.0,) and high is None:
            return None  # "one" as a pronoun ("one of them")
        unit = "%" if pct and "point" not in pct.lower() else ("percentage points" if pct else None)
        cur = _currency(lo)
        if cur:
            unit = cur
    tail = text[end : end + 40]
    if unit is None:
        for word, code in sorted({**_CURRENCY_WORD, **_UNITS}.items(), key=lambda kv: -len(kv[0])):
            mm = re.match(rf"\s?{re.escape(word)}\b", tail, re.I) if word[0].isalpha() else None
            if mm:
                unit = code
                end += mm.end()
                break
    what = _counts_what(doc, text, end, start, parsed)
    q = qual.lower() if qual else None
    return start, end, float(value), high, unit, q, what


def _counts_what(doc: Any, text: str, end: int, start: int, parsed: bool) -> str | None:
    if not parsed:
        words = re.findall(r"[A-Za-z][\w'-]*", text[end : end + 60])[:4]
        while words and words[0].lower() in _STOP_AFTER:
            words.pop(0)
        return words[0].lower() if words and words[0].islower() else None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    i = span.end
    toks: list[Any] = []
    skipped = 0
    while i < len(doc) and skipped < 3 and doc[i].lower_ in _STOP_AFTER:
        i += 1
        skipped += 1
    while i < len(doc) and doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "VERB") and len(toks) < 5:
        tok = doc[i]
        if tok.pos_ == "VERB" and tok.tag_ not in ("VBG", "VBN"):
            break
        if tok.ent_type_ in ("DATE", "TIME"):
            break  # "5 per cent next year": a time, not the counted thing
        toks.append(tok)
        if tok.pos_ in ("NOUN", "PROPN") and (i + 1 >= len(doc) or doc[i + 1].pos_ not in ("NOUN", "PROPN")):
            break
        i += 1
    if toks and toks[-1].pos_ in ("NOUN", "PROPN"):
        return " ".join(t.text for t in toks)
    # A bare change ("production fell 9.1 per cent"): the governing verb's subject.
    head = span.root.head
    for _ in range(2):
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            parts = [t for t in subj.subtree if t.i <= subj.i and t.dep_ in ("compound", "amod") or t.i == subj.i]
            return " ".join(t.text for t in parts)
        if head.head.i == head.i:
            break
        head = head.head
    return None
