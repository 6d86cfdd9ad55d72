"""Combine the three kinds of spin evidence into findings and a document verdict.

1. An aligned source (``source_substitutions``: ``newstrace.types.Substitution``
   with A = the source, B = this text): a swap read off an alignment is an exact
   restoration. Synonym swaps get confidence 0.95; other word swaps 0.6 (an
   edit, not necessarily a spin); numbers and names that differ are not spin
   and are skipped.
2. Sibling copies (``sibling_texts``): ``newstrace.spin.siblings``; and a user's
   list of known spins found verbatim (``known_spins``): ``newstrace.spin.known``.
3. No source: lexical knowledge, ``newstrace.spin.detect``.

Where spans overlap, the stronger source wins (source > known spin > siblings >
lexical) and agreement raises
confidence. Lexical-only spans are reported only when the document as a whole
looks spun (at least ``spun_min_spans`` of them, at ``spun_density`` per 100
words, or one of them at >= ``solo_confidence``): spinners swap 20-40% of content
words, so one odd collocation in an article is prose, not a spin.

The document ``score`` is 1 - exp(-ln 2 * density / spun_density), where
density is the confidence-weighted spans per 100 words: 0.5 exactly at the
configured density, -> 1 for heavily spun text.

What it does NOT do: align texts (``newstrace.align``) or store findings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from newstrace.spin.config import SpinConfig
from newstrace.spin.detect import LexicalSuspect, find_lexical_suspects
from newstrace.spin.known import KnownSpins, find_known_spins
from newstrace.spin.lexical import Lexicon, tokenize
from newstrace.spin.siblings import SiblingSuspect, find_sibling_suspects
from newstrace.text import wordnet
from newstrace.types import SpinFinding, Substitution

__all__ = ["SpinReport", "detect_spin", "restore_text"]

_RANK = {"source": 4, "known": 3, "siblings": 2, "lexical": 1}


@dataclass(frozen=True)
class SpinReport:
    """Spin verdict for one text: ``score`` in [0, 1], ``spun``, and the findings (``spans``)."""

    article_id: str
    score: float
    spun: bool
    spans: tuple[SpinFinding, ...]
    words: int = 0
    stats: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass
class _Cand:
    start: int
    end: int
    text: str
    original: str
    confidence: float
    evidence: list[str]
    kind: str


def _is_name_or_number(s: str) -> bool:
    toks = [t[2] for t in tokenize(s)]
    return any(any(ch.isdigit() for ch in t) for t in toks)


def _source_cands(text: str, subs: Sequence[Substitution], cfg: SpinConfig) -> list[_Cand]:
    out: list[_Cand] = []
    for sub in subs:
        spun = text[sub.b_start : sub.b_end]
        if not spun.strip() or not sub.a_text.strip():
            continue
        if spun.strip().lower() == sub.a_text.strip().lower():
            continue
        if _is_name_or_number(spun) or _is_name_or_number(sub.a_text):
            continue  # a changed number or code is an edit or an error, not a spin
        aw = [t[2].lower() for t in tokenize(sub.a_text)]
        bw = [t[2].lower() for t in tokenize(spun)]
        syn = len(aw) == len(bw) and all(
            x == y or wordnet.are_synonyms(x, y) for x, y in zip(aw, bw, strict=True)
        )
        syn = syn or wordnet.are_synonyms(" ".join(aw), " ".join(bw))
        conf = cfg.source_synonym_confidence if syn else cfg.source_other_confidence
        ev = [f"aligned source has '{sub.a_text}' at {sub.a_start}-{sub.a_end}"]
        ev.append("synonym swap" if syn else "word swap (not a known synonym)")
        out.append(_Cand(sub.b_start, sub.b_end, spun, sub.a_text, conf, ev, "source"))
    return out


def _cand(s: LexicalSuspect | SiblingSuspect, kind: str) -> _Cand:
    return _Cand(s.start, s.end, s.text, s.original, s.confidence, list(s.evidence), kind)


def _merge(cands: list[_Cand]) -> list[_Cand]:
    cands.sort(key=lambda c: (c.start, -_RANK[c.kind], -c.confidence))
    out: list[_Cand] = []
    for c in cands:
        if out and c.start < out[-1].end:
            prev = out[-1]
            if _RANK[c.kind] > _RANK[prev.kind] or (
                c.kind == prev.kind and c.confidence > prev.confidence
            ):
                c, prev = prev, c
                out[-1] = prev
            # ``prev`` is kept; ``c`` only adds agreement.
            if (
                c.original.lower() in prev.original.lower()
                or prev.original.lower() in c.original.lower()
            ):
                prev.confidence = min(0.99, prev.confidence + 0.1 * c.confidence)
                prev.evidence.append(f"{c.kind} evidence agrees ('{c.original}')")
            continue
        out.append(c)
    return out


def detect_spin(
    text: str,
    article_id: str = "",
    source_substitutions: Sequence[Substitution] | None = None,
    sibling_texts: Sequence[str] | None = None,
    corpus_phrase_counts: Mapping[str, float] | None = None,
    config: SpinConfig | None = None,
    lexicon: Lexicon | None = None,
    lexical: bool = True,
    known_spins: KnownSpins | None = None,
) -> SpinReport:
    """Spin score, verdict and spun spans (offsets into ``text``) with proposed originals.

    ``corpus_phrase_counts`` maps lowercased phrases to their counts in the
    user's corpus (a phrase frequent there is not odd, and a variant frequent
    there is a good restoration). ``lexical=False`` skips the lexical detector
    (only the source and sibling evidence is used). ``known_spins``: a user's list of
    known spun phrases, each verbatim occurrence a span (``newstrace.spin.known``).
    """
    cfg = config or SpinConfig()
    n_words = max(1, len(tokenize(text)))
    cands: list[_Cand] = []
    if source_substitutions:
        cands += _source_cands(text, source_substitutions, cfg)
    if sibling_texts:
        for sib in find_sibling_suspects(text, sibling_texts, cfg):
            cands.append(_cand(sib, "siblings"))
    if known_spins is not None:
        for k in find_known_spins(text, known_spins, cfg.known_spin_confidence):
            cands.append(_cand(k, "known"))
    lex = find_lexical_suspects(text, cfg, lexicon, corpus_phrase_counts) if lexical else []
    lex_mass = sum(x.confidence for x in lex)
    lex_density = 100.0 * lex_mass / n_words
    lex_ok = len(lex) >= cfg.spun_min_spans and lex_density >= cfg.spun_density
    if lexical and (lex_ok or len(cands) >= cfg.spun_min_spans):
        # The document looks spun: look again with looser thresholds, since in a spun text an
        # odd phrase is much more likely a swap than in ordinary prose.
        loose = replace(
            cfg,
            min_restored_count=cfg.loose_min_restored_count,
            min_zipf_gain=cfg.loose_min_zipf_gain,
        )
        seen = {(x.start, x.end) for x in lex}
        extra = find_lexical_suspects(text, loose, lexicon, corpus_phrase_counts)
        lex = lex + [x for x in extra if (x.start, x.end) not in seen]
        lex_ok = True
    for x in lex:
        # Held-back lexical suspects still join as agreement where other evidence points.
        if (
            lex_ok
            or x.confidence >= cfg.solo_confidence
            or any(c.start < x.end and x.start < c.end for c in cands)
        ):
            cands.append(_cand(x, "lexical"))
    merged = [c for c in _merge(cands) if c.confidence >= cfg.min_confidence]
    # Lexical-only suspects that were held back still count towards the score a little:
    # they are evidence, just not enough to name spans.
    mass = sum(c.confidence for c in merged) if merged else 0.0
    if not lex_ok:
        mass += 0.5 * sum(s.confidence for s in lex if s.confidence < cfg.solo_confidence)
    density = 100.0 * mass / n_words
    score = 1.0 - math.exp(-math.log(2.0) * density / cfg.spun_density)
    spun = bool(merged) and len(merged) >= cfg.spun_min_spans and score >= 0.5
    spans = tuple(
        SpinFinding(
            article_id=article_id,
            start=c.start,
            end=c.end,
            spun_text=c.text,
            original_text=c.original,
            evidence=(f"evidence: {c.kind}", *c.evidence),
            confidence=round(c.confidence, 3),
        )
        for c in merged
    )
    stats = {
        "source": sum(1 for c in merged if c.kind == "source"),
        "siblings": sum(1 for c in merged if c.kind == "siblings"),
        "known": sum(1 for c in merged if c.kind == "known"),
        "lexical": sum(1 for c in merged if c.kind == "lexical"),
        "lexical_held_back": 0
        if lex_ok
        else sum(1 for s in lex if s.confidence < cfg.solo_confidence),
    }
    return SpinReport(article_id, round(score, 4), spun, spans, n_words, stats)


def restore_text(text: str, spans: Sequence[SpinFinding], marked: bool = True) -> str:
    """``text`` with every span replaced by its original; ``marked`` shows ``[spun→original]``."""
    out: list[str] = []
    pos = 0
    for f in sorted(spans, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f"[{f.spun_text}→{f.original_text}]" if marked else f.original_text)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
