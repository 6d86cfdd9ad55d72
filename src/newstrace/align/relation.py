"""From aligned passages to a typed verdict: passage kinds, pair relation, score, direction.

Input: character passages (from the fast or the reference aligner) and the two
prepared texts. Output: an ``AlignmentResult`` with evidence strings saying why.

Relation, in this order (thresholds in ``AlignConfig``):

* ``unrelated``: no passage;
* ``translation``: the texts are in different languages (scripts or
  English-ness differ) and passages were found by cross-lingual similarity;
* ``verbatim``: both texts (nearly) wholly covered, words (nearly) identical;
* ``spun``: many content words replaced one-for-one while function words and
  word order stay (and, with a synonym test, enough of the swaps are synonyms);
* ``near_duplicate``: both texts mostly covered, few word edits;
* ``paraphrase``: aligned by sentence similarity but low word overlap;
* ``partial``: otherwise (some passages reused, the rest differs).

Direction (``source``), from textual evidence only: the spun side is derived
(its substitutions use rarer words, when word frequencies are known); a text
contained in the other, which adds material, is the source; a passage that is
several times longer in A than in B is summarised in B. Otherwise unknown.
This module does not find passages.
"""

from __future__ import annotations

from collections.abc import Sequence

from newstrace.align.config import AlignConfig
from newstrace.align.filters import CharPassage
from newstrace.align.prep import Prepared
from newstrace.align.result import AlignmentResult
from newstrace.align.words import Synonyms, WordStats, word_stats
from newstrace.types import AlignedPassage, Substitution

__all__ = ["finish", "coverage"]


def coverage(prep: Prepared, spans: Sequence[tuple[int, int]]) -> float:
    """Share of the text's non-whitespace characters inside the union of ``spans``."""
    total = prep.content_chars(0, len(prep.text))
    if total == 0 or not spans:
        return 0.0
    covered = 0
    cur0, cur1 = -1, -1
    for s, e in sorted(spans):
        if s > cur1:
            if cur1 > cur0:
                covered += prep.content_chars(cur0, cur1)
            cur0, cur1 = s, e
        else:
            cur1 = max(cur1, e)
    if cur1 > cur0:
        covered += prep.content_chars(cur0, cur1)
    return min(1.0, covered / total)


def _passage_kind(ws: WordStats, cfg: AlignConfig, translated: bool) -> str:
    if translated:
        return "translation"
    if ws.similarity >= cfg.verbatim_similarity:
        return "verbatim"
    if _is_spun(ws, cfg):
        return "spun"
    if ws.similarity >= cfg.near_duplicate_similarity:
        return "near_duplicate"
    if ws.similarity < cfg.paraphrase_similarity:
        return "paraphrase"
    return "partial"


def _is_spun(ws: WordStats, cfg: AlignConfig) -> bool:
    if ws.content_a == 0 or ws.stop_a == 0:
        return False
    share = ws.content_replaced / ws.content_a
    kept = ws.stop_kept / ws.stop_a
    if share < cfg.spun_substitution_share or kept < cfg.spun_stopword_agreement:
        return False
    if ws.tested_pairs >= 3:
        return ws.synonym_pairs / ws.tested_pairs >= cfg.spun_synonym_share
    return True


def _spin_direction(subs: Sequence[Substitution], english: bool) -> tuple[str | None, str]:
    """The side whose substituted words are rarer is the spun (derived) one."""
    if not subs:
        return None, ""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None, ""
    lang = "en" if english else ""
    if not lang:
        return None, ""
    fa = fb = 0.0
    n = 0
    for s in subs:
        if " " in s.a_text or " " in s.b_text:
            continue
        fa += zipf_frequency(s.a_text, lang)
        fb += zipf_frequency(s.b_text, lang)
        n += 1
    if n < 3 or abs(fa - fb) / n < 0.3:
        return None, ""
    if fb < fa:
        return (
            "a",
            f"B's substituted words are rarer (mean Zipf {fb / n:.2f} vs {fa / n:.2f}): B is the spun copy",
        )
    return (
        "b",
        f"A's substituted words are rarer (mean Zipf {fa / n:.2f} vs {fb / n:.2f}): A is the spun copy",
    )


def finish(
    passages: Sequence[CharPassage],
    pa: Prepared,
    pb: Prepared,
    stop: frozenset[str],
    cfg: AlignConfig,
    synonyms: Synonyms | None = None,
    translated: bool = False,
    evidence: Sequence[str] = (),
) -> AlignmentResult:
    """Word-level analysis of each passage, then the pair's relation, score and direction."""
    ev = list(evidence)
    if not passages:
        ev.append("no aligned passage")
        return AlignmentResult("unrelated", 0.0, None, (), (), tuple(ev), 0.0, 0.0)
    out: list[AlignedPassage] = []
    subs: list[Substitution] = []
    tot = WordStats(0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ())
    counts = [0] * 9
    weighted_sim = 0.0
    weight = 0
    for p in sorted(passages, key=lambda p: (p.b_start, p.a_start)):
        ws = word_stats(
            pa,
            pb,
            (p.a_start, p.a_end),
            (p.b_start, p.b_end),
            stop,
            cfg.max_substitution_tokens,
            synonyms,
            spin_gate=(cfg.spun_substitution_share, cfg.spun_stopword_agreement),
        )
        kind = _passage_kind(ws, cfg, translated)
        sim = p.similarity if translated or kind == "paraphrase" else ws.similarity
        out.append(
            AlignedPassage(p.a_start, p.a_end, p.b_start, p.b_end, kind, float(min(1.0, sim)))
        )
        if kind in ("spun", "near_duplicate", "partial"):
            subs.extend(ws.substitutions)
        vals = (
            ws.n_a,
            ws.n_b,
            ws.equal,
            ws.content_a,
            ws.content_replaced,
            ws.stop_a,
            ws.stop_kept,
            ws.synonym_pairs,
            ws.tested_pairs,
        )
        counts = [c + v for c, v in zip(counts, vals, strict=True)]
        w = ws.n_a + ws.n_b
        weighted_sim += sim * w
        weight += w
    n_a, n_b, equal, content_a, replaced, stop_a, stop_kept, syn, tested = counts
    tot = WordStats(
        2.0 * equal / max(1, n_a + n_b),
        n_a,
        n_b,
        equal,
        content_a,
        replaced,
        stop_a,
        stop_kept,
        syn,
        tested,
        (),
    )
    cov_a = coverage(pa, [(p.a_start, p.a_end) for p in out])
    cov_b = coverage(pb, [(p.b_start, p.b_end) for p in out])
    sim = weighted_sim / max(1, weight)
    ev.append(
        f"{len(out)} passage(s); coverage A {cov_a:.2f}, B {cov_b:.2f}; word similarity {tot.similarity:.2f}"
    )

    if translated:
        relation = "translation"
    elif min(cov_a, cov_b) >= cfg.verbatim_coverage and tot.similarity >= cfg.verbatim_similarity:
        relation = "verbatim"
    elif _is_spun(tot, cfg):
        relation = "spun"
        ev.append(
            f"{replaced}/{content_a} content words of A replaced one-for-one, "
            f"{stop_kept}/{stop_a} function words kept"
            + (f", {syn}/{tested} swaps are synonyms" if tested else "")
        )
    elif (
        min(cov_a, cov_b) >= cfg.near_duplicate_coverage
        and tot.similarity >= cfg.near_duplicate_similarity
    ):
        relation = "near_duplicate"
    elif tot.similarity < cfg.paraphrase_similarity:
        relation = "paraphrase"
    else:
        relation = "partial"
    score = float(min(1.0, max(cov_a, cov_b) * sim))

    source: str | None = None
    if relation == "spun":
        source, why = _spin_direction(subs, pa.english and pb.english)
        if why:
            ev.append(why)
    if source is None and relation not in ("verbatim",):
        len_a = sum(p.a_end - p.a_start for p in out)
        len_b = sum(p.b_end - p.b_start for p in out)
        if cov_a >= cfg.containment_covered and cov_b <= cfg.containment_container:
            source = "a"
            ev.append(
                f"A is contained in B ({cov_a:.0%} of A aligned) and B adds material: A is the source"
            )
        elif cov_b >= cfg.containment_covered and cov_a <= cfg.containment_container:
            source = "b"
            ev.append(
                f"B is contained in A ({cov_b:.0%} of B aligned) and A adds material: B is the source"
            )
        elif len_a >= cfg.summary_ratio * len_b:
            source = "a"
            ev.append(f"aligned text is {len_a / max(1, len_b):.1f}x longer in A: B condenses A")
        elif len_b >= cfg.summary_ratio * len_a:
            source = "b"
            ev.append(f"aligned text is {len_b / max(1, len_a):.1f}x longer in B: A condenses B")
    if source is None:
        ev.append("direction unknown: no textual evidence")
    return AlignmentResult(
        relation, score, source, tuple(out), tuple(subs), tuple(ev), cov_a, cov_b
    )
