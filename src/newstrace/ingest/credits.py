"""Credit lines: which agencies and people an article says it draws on.

"With information from Reuters and AFP agencies", "(AP)" in a dateline, "Reuters
contributed to this report", "Michael Obi contributed to this reporting", "Photo: AP",
"-- Agence France-Presse", "Additional reporting by ...", "Reporting by X; Editing by Y".

``credit_spans(text)`` gives ``(start, end, name)`` for every credited name, with
offsets into ``text``; ``extract_credits(text)`` the distinct names in order. Agency
names are normalised (``The Associated Press`` -> ``AP``). The text itself is left
intact: callers that want the body without credit lines cut the spans themselves.

Does not decide which article copied which (``newstrace.reuse`` uses these credits
as direction evidence).
"""

from __future__ import annotations

import re

__all__ = ["credit_spans", "extract_credits", "normalize_agency", "AGENCIES"]

# Canonical agency names and the spellings that mean them (lower-case keys).
AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "agence france-press": "AFP", "france-presse": "AFP", "france presse": "AFP",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "deutsche presse agentur": "dpa",
    "efe": "EFE", "agencia efe": "EFE", "ansa": "ANSA", "xinhua": "Xinhua",
    "kyodo": "Kyodo", "kyodo news": "Kyodo", "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg", "upi": "UPI", "united press international": "UPI",
    "pa": "PA", "press association": "PA", "pa media": "PA",
    "cp": "The Canadian Press", "canadian press": "The Canadian Press",
    "the canadian press": "The Canadian Press", "aap": "AAP",
    "australian associated press": "AAP", "tass": "TASS", "itar-tass": "TASS",
    "ria novosti": "RIA Novosti", "interfax": "Interfax", "yonhap": "Yonhap",
    "anadolu": "Anadolu", "anadolu agency": "Anadolu", "ani": "ANI", "pti": "PTI",
    "press trust of india": "PTI", "ians": "IANS", "apa": "APA", "ana": "ANA",
    "sapa": "SAPA", "xinhua news agency": "Xinhua", "cnn": "CNN", "bbc": "BBC",
}  # fmt: skip
# Parenthesised names after a dateline that are agencies even when unknown to the table
# above must look like one: 1-4 capitalised words or an acronym of 2-6 capitals.
_NAME = r"[A-Z][\w.'&\-]*(?:[ \t]+(?:[A-Z][\w.'&\-]*|of|de|la|the|and|&)){0,5}"
_GENERIC_SUFFIX = re.compile(r"\s+(?:news\s+)?(?:agenc(?:y|ies)|wire services?|wires)$", re.I)

# (pattern, kind, gates): ``names`` is the group holding one or more names joined by
# , / and / &. A pattern runs only when one of its lower-case ``gates`` occurs in the
# text: the regexes cost ~1.6 ms per 500-word article when run blindly, the gates ~0.02.
_PATTERNS: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    # With information from Reuters and AFP agencies. / With files from The Canadian Press.
    (re.compile(r"(?i:with (?:additional )?(?:information|files|reporting|input|contributions) from)\s+(?P<names>[^\n.;]{2,160})"), "any",
     ("information from", "files from", "reporting from", "input from", "contributions from")),
    # Additional reporting by Ana Ruiz in Port Alder; Reporting by X; Writing by Y; Editing by Z
    (re.compile(r"(?i:(?:additional )?(?:reporting|writing|editing|compiled|contributions)(?: and \w+)? by)\s+(?P<names>[^\n.;]{2,160})"), "any",
     ("reporting by", "writing by", "editing by", "compiled by", "contributions by", "reporting and", "writing and")),
    # Reuters contributed to this report. / Michael Obi contributed to this reporting.
    (re.compile(r"(?P<names>" + _NAME + r"(?:(?:,|,? and|&)[ \t]+" + _NAME + r")*)[ \t]+(?:also[ \t]+)?contributed[ \t]+(?:to[ \t]+)?(?:this|the)[ \t]+(?:report|reporting|story|article)"), "any", ("contributed",)),
    # Photo: AP / Photograph: Reuters/Ana Ruiz / (Photo by AFP via Getty Images)
    (re.compile(r"(?i:photo(?:graph)?s?|image|picture)\s*(?::|by|credit:)\s*(?P<names>" + _NAME + r"(?:/" + _NAME + r")?)"), "any", ("photo", "image", "picture")),
    # a line of its own: "-- Agence France-Presse", "— AP", "Source: Reuters"
    (re.compile(r"(?m)^[ \t]*(?:-{1,2}|\u2013|\u2014|(?i:source:))[ \t]*(?P<names>dpa|" + _NAME + r")[ \t]*\.?[ \t]*$"), "agency_line",
     ("\n-", "\n\u2013", "\n\u2014", "\n ", "\n\t", "source:")),
    # dateline agency: "WASHINGTON, March 12, 2022 (AP) -", "PORT ALDER (Meridian Press) -"
    (re.compile(r"\((?P<names>" + _NAME + r")\)[ \t]*(?:[-\u2013\u2014:]|--)"), "dateline", ("(",)),
    # a known agency in parentheses anywhere: "(AP)", "(Reuters)"
    (re.compile(r"\((?P<names>AP|Reuters|AFP|dpa|EFE|Xinhua|Kyodo|UPI|ANSA|Bloomberg)\)"), "known", ("(",)),
]
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|/|;)\s*")
_TRAIL = re.compile(r"\s+(?:in|from|at|via|for)\s+[A-Z][\w\- ]*$")
_STOP = {"the", "a", "an", "this", "staff", "staff reports", "wire reports", "agencies", "wires"}


def normalize_agency(name: str) -> str:
    """Canonical name of a news agency, or the name as written when unknown.

    >>> normalize_agency("The Associated Press"), normalize_agency("Agence France-Presse")
    ('AP', 'AFP')
    >>> normalize_agency("Meridian Press")
    'Meridian Press'
    """
    clean = _GENERIC_SUFFIX.sub("", name.strip().strip(".,")).strip()
    key = clean.lower()
    if key in AGENCIES:
        return AGENCIES[key]
    if key.startswith("the ") and key[4:] in AGENCIES:
        return AGENCIES[key[4:]]
    return clean


def _split_names(chunk: str, base: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    for part in _SPLIT.split(chunk):
        idx = chunk.find(part, pos)
        if idx < 0 or not part.strip():
            continue
        pos = idx + len(part)
        # cut place/medium trailers ("Ana Ruiz in Port Alder") and "agencies"
        name = _GENERIC_SUFFIX.sub("", _TRAIL.sub("", part).strip()).strip().strip(".,'\"")
        if not name or name.lower() in _STOP or not (name[0].isupper() or name.lower() in AGENCIES):
            continue
        if len(name.split()) > 6:  # a clause, not a name
            continue
        start = base + chunk.find(name, idx)
        canon = normalize_agency(name)
        if canon.lower() in _STOP or not canon:
            continue
        out.append((start, start + len(name), canon))
    return out


def credit_spans(text: str) -> list[tuple[int, int, str]]:
    """Every credited agency/person: ``(start, end, canonical_name)``, sorted by start.

    >>> t = "PORT ALDER (Meridian Press) - A blast ...\\nWith information from Reuters and AFP agencies."
    >>> [(text[s:e], n) for s, e, n in credit_spans(t) for text in [t]]
    [('Meridian Press', 'Meridian Press'), ('Reuters', 'Reuters'), ('AFP', 'AFP')]
    """
    found: dict[tuple[int, int], str] = {}
    lower = "\n" + text.lower()  # the newline lets a gate match at the very start
    for rx, kind, gates in _PATTERNS:
        start = 0
        if gates:
            hits = [i for i in (lower.find(g) for g in gates) if i >= 0]
            if not hits:
                continue
            # names can precede the keyword ("Ana Ruiz and Tom Beck contributed"): 300
            # characters cover six long names; no match can start earlier than that
            start = max(0, min(hits) - 1 - 300)
        for m in rx.finditer(text, start):
            chunk = m["names"]
            base = m.start("names")
            names = _split_names(chunk, base)
            if kind == "agency_line":
                # a dash line credits only agencies (or short names), never a sentence
                names = [n for n in names if n[2] in AGENCIES.values() or len(text[n[0] : n[1]].split()) <= 4]
            if kind == "dateline" and m.start() > 0:
                # the parenthesis must follow an upper-case place or a date on the same line
                line_start = text.rfind("\n", 0, m.start()) + 1
                before = text[line_start : m.start()].strip()
                if not before or not (before.isupper() or re.search(r"\d{4}$|\d{1,2}$", before)):
                    continue
            for s, e, n in names:
                if not any(s < e2 and s2 < e for (s2, e2) in found):
                    found[(s, e)] = n
    return sorted((s, e, n) for (s, e), n in found.items())


def extract_credits(text: str) -> tuple[str, ...]:
    """Distinct credited names in order of first appearance.

    >>> extract_credits("(AP) - ... \\nThe Associated Press contributed to this report.")
    ('AP',)
    """
    out: list[str] = []
    for _s, _e, name in credit_spans(text):
        if name not in out:
            out.append(name)
    return tuple(out)
