"""Speaker mentions: their extent and role as written, and who they refer to.

``mention_from_token`` turns the subject of a cue verb (spaCy token) into a
``Mention``: the name part ("John Kirby"), the role written around it
("Pentagon spokesman", "the SMMT's chief executive"). ``mention_from_text`` does
the same from capitalisation alone, for the blank (no parser) pipeline.

``Resolver`` maps a mention to the full name used elsewhere in the article:
surnames and titled names ("Mr. Hawes" -> "Mike Hawes"), acronyms to the
organisation they abbreviate ("the SMMT" -> "the Society of Motor Manufacturers
and Traders"), role nouns to the person introduced with that role ("the
minister" -> "Rob Fleming"), and pronouns to the most recent compatible person
(gender learnt from honorifics and from earlier pronoun resolutions) or, for
"it"/"they", the most recent organisation or group speaker. It is a light,
rule-based coreference, not a full coreference model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newstrace.claims.config import ClaimsConfig
from newstrace.claims.cues import FEMALE, MALE, PRONOUNS

__all__ = ["Mention", "mention_from_token", "mention_from_text", "Resolver"]

_NAME_DEPS = {"compound", "flat", "flat:name"}
_ROLE_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "case", "punct"}
_ACRONYM_STOP = {"of", "and", "the", "for", "de", "du", "des", "&"}
_POSS = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention: ``[start, end)`` is the part the attribution rests on."""

    start: int
    end: int
    text: str
    kind: str  # "name", "pronoun", "noun"
    role: str | None = None
    head: str = ""  # lower-case head word ("minister", "hawes", "he")
    is_org: bool = False


def _span_text(doc: Any, lo: int, hi: int) -> tuple[int, int, str]:
    start = doc[lo].idx
    end = doc[hi].idx + len(doc[hi].text)
    return start, end, doc.text[start:end]


def _strip_det(s: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", s.strip(" ,"), flags=re.I)


def mention_from_token(doc: Any, tok: Any) -> Mention:
    """The mention headed by ``tok`` (a subject or ``according to`` object)."""
    low = tok.lower_
    if low in PRONOUNS and tok.pos_ == "PRON":
        return Mention(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun", None, low)
    # Name part: the entity containing the head, else the run of proper nouns
    # joined to it by compound/flat arcs.
    ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
    is_org = bool(ent is not None and ent.label_ in ("ORG", "NORP", "GPE"))
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
        lo, hi = ent.start, ent.end - 1
    elif tok.pos_ == "PROPN":
        lo = hi = tok.i
        while lo - 1 >= 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i in range(lo, tok.i + 1):
            lo -= 1
    else:
        lo = hi = -1
    if lo >= 0:
        # Possessive "'s" at the end of an entity is not part of the name.
        while hi > lo and doc[hi].dep_ == "case":
            hi -= 1
        start, end, text = _span_text(doc, lo, hi)
        role_parts = []
        left = [c for c in tok.lefts if c.dep_ in _ROLE_DEPS and c.i < lo]
        if left:
            rlo = min(c.left_edge.i for c in left)
            _, _, rtext = _span_text(doc, rlo, lo - 1)
            rtext = _strip_det(rtext)
            if rtext and rtext.lower() not in ("mr.", "mrs.", "ms.", "dr."):
                role_parts.append(rtext)
        for c in tok.rights:
            if c.dep_ == "appos":
                _, _, atext = _span_text(doc, c.left_edge.i, c.right_edge.i)
                role_parts.append(atext.strip(" ,"))
        role = ", ".join(role_parts) or None
        head = text.split()[-1].lower() if text.split() else low
        return Mention(start, end, text, "name", role, _POSS.sub("", head), is_org)
    # A common-noun phrase: determiners and modifiers on the left, plus "of"/"for"
    # phrases ("a spokesman for the ministry").
    lo = min([c.left_edge.i for c in tok.lefts if c.dep_ in _ROLE_DEPS] + [tok.i])
    hi = tok.i
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "with") and c.right_edge.i - tok.i < 8:
            hi = c.right_edge.i
    start, end, text = _span_text(doc, lo, hi)
    return Mention(start, end, text, "noun", _strip_det(text) or None, tok.lemma_.lower() or low, is_org)


_CAP_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*|de|van|von|der|la|le|da|du|bin|al)"
# Optional title ("Dr. ", "Mr. "), then capitalised words; never across a full stop.
_NAME_RE = re.compile(rf"(?:[A-Z][a-z]{{0,3}}\.\s+)?[A-Z][\w'’-]*(?:\s+{_CAP_WORD})*")
_PRON_RE = re.compile(r"\b(?:he|she|they|it|we)\b", re.I)


def mention_from_text(text: str, start: int, end: int, prefer_last: bool = True) -> Mention | None:
    """A speaker mention inside ``text[start:end]`` found by capitalisation (no parser)."""
    window = text[start:end]
    cands: list[tuple[int, int]] = []
    for m in _NAME_RE.finditer(window):
        cands.append((m.start(), m.end()))
    for m in _PRON_RE.finditer(window):
        cands.append((m.start(), m.end()))
    if not cands:
        return None
    cands.sort()
    s, e = cands[-1] if prefer_last else cands[0]
    mtext = window[s:e].rstrip(".,")
    e = s + len(mtext)
    low = mtext.lower()
    kind = "pronoun" if low in PRONOUNS else "name"
    return Mention(start + s, start + e, mtext, kind, None, low.split()[-1] if low else low)


@lru_cache(maxsize=1)
def _gender_table() -> dict[str, float]:
    """First name -> share of female bearers, from ``nomquamgender`` (MIT) when installed.

    Loaded once per process (about 3 s for 720k names); empty without the package.
    """
    # Locate the data file without importing the package (its __init__ loads
    # the same 22 MB file through pandas).
    from importlib.util import find_spec
    from pathlib import Path

    try:
        spec = find_spec("nomquamgender")
    except (ImportError, ValueError):
        return {}
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    if not path.is_file():
        return {}
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)
    return {k: float(v[2]) for k, v in data.items() if isinstance(v, list) and len(v) >= 3}


def name_gender(first: str, certainty: float) -> str | None:
    """'f', 'm' or None for a first name: None unless one gender has ``certainty`` of its bearers."""
    p = _gender_table().get(first.lower().strip("."))
    if p is None:
        return None
    if p >= certainty:
        return "f"
    if p <= 1 - certainty:
        return "m"
    return None


@dataclass
class _Person:
    name: str
    gender: str | None = None


@dataclass
class Resolver:
    """Article-level name index and pronoun history (build one per article)."""

    doc: Any
    config: ClaimsConfig
    persons: dict[str, _Person] = field(default_factory=dict)  # full name -> person
    by_part: dict[str, str] = field(default_factory=dict)  # surname/first name -> full name
    by_role: dict[str, str] = field(default_factory=dict)  # role head noun -> resolved
    acronyms: dict[str, str] = field(default_factory=dict)
    orgs: list[str] = field(default_factory=list)
    person_mentions: list[tuple[int, str, bool]] = field(default_factory=list)  # pos, name, subject
    group_mentions: list[tuple[int, str]] = field(default_factory=list)

    quoted: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        honor = set(self.config.honorifics)
        first_in_sent: set[int] = set()
        seen_sents: set[int] = set()
        for ent in getattr(self.doc, "ents", ()):
            if ent.label_ == "PERSON" and ent.sent.start not in seen_sents:
                seen_sents.add(ent.sent.start)
                first_in_sent.add(ent.start)
        for ent in getattr(self.doc, "ents", ()):
            if any(a <= ent.start_char < b for a, b in self.quoted):
                continue  # names inside quoted speech are rarely the antecedents
            if ent.label_ == "PERSON":
                words = [w for w in _POSS.sub("", ent.text).split() if w.lower().strip(".") not in honor]
                if not words:
                    continue
                prev = self.doc[ent.start - 1].lower_.strip(".") if ent.start > 0 else ""
                if len(words) >= 2:
                    full = " ".join(words)
                    p = self.persons.setdefault(full, _Person(full))
                    self.by_part.setdefault(words[-1].lower(), full)
                    self.by_part.setdefault(words[0].lower(), full)
                    self._learn_roles(ent, full)
                else:
                    full = self.by_part.get(words[0].lower(), words[0])
                    p = self.persons.setdefault(full, _Person(full))
                if p.gender is None and len(words) >= 2 and self.config.use_name_gender:
                    p.gender = name_gender(words[0], self.config.name_gender_certainty)
                if prev in self.config.male_honorifics:
                    p.gender = "m"
                elif prev in self.config.female_honorifics:
                    p.gender = "f"
                # Salient mentions (subjects, or the first person named in a
                # sentence) are preferred antecedents of "he"/"she".
                subj = ent.root.dep_ in ("nsubj", "nsubjpass") or ent.start in first_in_sent
                self.person_mentions.append((ent.start_char, full, subj))
            elif ent.label_ == "ORG" and len(ent) == 1 and ent.text.lower() in self.by_part:
                # Single surnames are often tagged ORG by the small model.
                full = self.by_part[ent.text.lower()]
                self.person_mentions.append((ent.start_char, full, ent.root.dep_ in ("nsubj", "nsubjpass")))
            elif ent.label_ == "ORG":
                name = ent.text
                self.orgs.append(name)
                caps = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_STOP]
                if len(caps) >= 2:
                    self.acronyms.setdefault("".join(w[0] for w in caps).upper(), name)
        # Names seen before their full form ("Hawes ... Mike Hawes") map later.
        self.person_mentions = [(pos, self._canon(n), s) for pos, n, s in self.person_mentions]

    def _learn_roles(self, ent: Any, full: str) -> None:
        root = ent.root
        for c in root.lefts:
            if c.dep_ == "compound" and c.i < ent.start and c.pos_ in ("NOUN", "PROPN"):
                self.by_role.setdefault(c.lower_, full)
        for c in root.rights:
            if c.dep_ == "appos":
                self.by_role.setdefault(c.lower_, full)

    def _canon(self, name: str) -> str:
        words = [w for w in _POSS.sub("", name).split() if w.lower().strip(".") not in self.config.honorifics]
        if not words:
            return name
        if len(words) == 1:
            return self.by_part.get(words[0].lower(), words[0])
        return " ".join(words)

    def is_person(self, resolved: str | None) -> bool:
        return resolved is not None and resolved in self.persons

    def _gender_ok(self, name: str, gender: str | None) -> bool:
        p = self.persons.get(name)
        return gender is None or p is None or p.gender is None or p.gender == gender

    def resolve(self, m: Mention, at: int) -> str | None:
        """The full name or phrase ``m`` (found at character ``at``) refers to."""
        low = m.text.lower()
        if m.kind == "pronoun":
            if low in MALE or low in FEMALE:
                return self._resolve_person_pronoun("m" if low in MALE else "f", at)
            for pos, name in reversed(self.group_mentions):
                if pos < at and at - pos <= self.config.pronoun_max_distance:
                    return name
            return None
        if m.kind == "name":
            bare = re.sub(r"^(?:the)\s+", "", _POSS.sub("", m.text), flags=re.I)
            if bare.upper() == bare and bare.isalpha() and bare in self.acronyms:
                return self.acronyms[bare]
            resolved = self._canon(m.text)
            if resolved not in self.persons and (m.is_org or resolved in self.orgs):
                self.group_mentions.append((at, resolved))
            return resolved
        # Common noun: a role introduced with a name, an organisation, or an
        # earlier mention with the same head noun.
        if m.head in self.by_role:
            return self.by_role[m.head]
        words = set(re.findall(r"\w+", low)) - {"the", "a", "an"}
        for org in self.orgs:
            owords = set(re.findall(r"\w+", org.lower()))
            if words and words <= owords:
                self.group_mentions.append((at, org))
                return org
        resolved = m.text
        self.by_role.setdefault(m.head, resolved)
        self.group_mentions.append((at, resolved))
        return resolved

    def _resolve_person_pronoun(self, gender: str, at: int) -> str | None:
        best: str | None = None
        fallback: str | None = None
        for pos, name, subj in reversed(self.person_mentions):
            if pos >= at:
                continue
            if at - pos > self.config.pronoun_max_distance:
                break
            if not self._gender_ok(name, gender):
                continue
            if subj:
                best = name
                break
            if fallback is None:
                fallback = name
        name = best or fallback
        if name is not None and name in self.persons and self.persons[name].gender is None:
            self.persons[name].gender = gender
        return name

    def note_speaker(self, resolved: str | None, at: int, is_person: bool) -> None:
        """Record a quote's speaker: speakers are the likeliest antecedents later."""
        if not resolved:
            return
        if is_person:
            self.person_mentions.append((at, resolved, True))
            self.person_mentions.sort(key=lambda t: t[0])
            self.persons.setdefault(resolved, _Person(resolved))
        else:
            self.group_mentions.append((at, resolved))
            self.group_mentions.sort(key=lambda t: t[0])
