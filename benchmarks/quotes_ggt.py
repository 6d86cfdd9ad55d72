"""Quote extraction on the Gender Gap Tracker evaluation articles (../shared/data/ggt-quotes).

Protocol (issue #5, the annotators' own):
- A prediction matches a gold quote when the characters the two spans share
  exceed 0.3 (and, separately, 0.8) of the gold span's length. Matching is
  greedy in gold order, one prediction per gold quote (the unused prediction
  with the largest overlap). Precision/recall/F1 are micro over all quotes.
- Speaker accuracy, over matched quotes: right when the predicted speaker
  mention overlaps the annotated mention, or when both say the quote has no
  speaker in its sentence (gold speaker "", prediction ``speaker`` None).
- Verb accuracy, over matched quotes: predicted cue == annotated verb (case-
  insensitive; "according to" is not a verb and counts as no verb, both empty
  is right).
- Reference accuracy, over matched quotes with a gold ``reference``:
  ``speaker_resolved`` names it (equal after lower-casing and dropping "the",
  possessives and punctuation, or one name's words all inside the other's with
  the same last word: "Hawes" vs "Mike Hawes").

Gold quotes carry no offsets. Each is located by exact string search in the
article text; among several occurrences the first one at or after the previous
gold quote's start is taken (gold quotes are listed in text order), else the
first. A quote not found verbatim (1 of 533: a leading space) is searched
stripped, then with whitespace collapsed. The annotated speaker string is
located the same way, as the occurrence nearest to the located quote within
600 characters before or 400 after it (word-bounded, case-sensitive first);
when it is not found there, the speaker counts as right if the predicted
speaker text equals it case-insensitively.

This set is the only GGT data we have: it is also the set reported on, so the
rules were kept general (no per-article fixes). textacy's
``direct_quotations`` runs on the same parses as a baseline row.

Run: python benchmarks/quotes_ggt.py [--limit N] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import shared_data_dir  # noqa: E402


@dataclass
class Pred:
    start: int
    end: int
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    resolved: str | None


@dataclass
class Gold:
    start: int
    end: int
    speaker: str
    speaker_span: tuple[int, int] | None
    verb: str
    reference: str
    text: str


def locate(text: str, needle: str, after: int) -> tuple[int, int] | None:
    for cand in (needle, needle.strip()):
        if not cand:
            continue
        hits = [m.start() for m in re.finditer(re.escape(cand), text)]
        if hits:
            s = next((h for h in hits if h >= after), hits[0])
            return s, s + len(cand)
    pat = r"\s+".join(re.escape(w) for w in needle.split())
    m = re.search(pat, text)
    return (m.start(), m.end()) if m else None


def locate_speaker(text: str, speaker: str, qs: int, qe: int) -> tuple[int, int] | None:
    if not speaker:
        return None
    lo, hi = max(0, qs - 600), min(len(text), qe + 400)
    for flags in (0, re.I):
        hits = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(speaker)}(?!\w)", text[lo:hi], flags)]
        outside = [h for h in hits if not (h[0] + lo < qe and qs < h[1] + lo)]
        hits = outside or hits
        if hits:
            def dist(h: tuple[int, int]) -> int:
                s, e = h[0] + lo, h[1] + lo
                return 0 if s < qe and qs < e else min(abs(s - qe), abs(qs - e))

            s, e = min(hits, key=dist)
            return s + lo, e + lo
    return None


def load_gold(row: dict) -> list[Gold]:
    out: list[Gold] = []
    after = 0
    for q in row["quotes"]:
        span = locate(row["text"], q["quote"], after)
        if span is None:
            print(f"  gold quote not located in {row['id']}: {q['quote'][:60]!r}", file=sys.stderr)
            continue
        after = span[0]
        sp = locate_speaker(row["text"], q["speaker"], *span)
        out.append(Gold(span[0], span[1], q["speaker"], sp, q["verb"], q["reference"], q["quote"]))
    return out


def norm_name(s: str | None) -> str:
    s = (s or "").lower()
    s = re.sub(r"['’]s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = [w for w in s.split() if w not in ("the", "a", "an", "mr", "mrs", "ms", "dr")]
    return " ".join(words)


def names_match(pred: str | None, gold: str) -> bool:
    a, b = norm_name(pred), norm_name(gold)
    if not a or not b:
        return a == b
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return set(short) <= set(long_) and wa[-1] == wb[-1]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(golds: list[list[Gold]], preds: list[list[Pred]], texts: list[str], thr: float, errors: bool = False) -> dict[str, float]:
    n_gold = sum(len(g) for g in golds)
    n_pred = sum(len(p) for p in preds)
    matched = spk_ok = verb_ok = ref_ok = ref_n = 0
    for gi, (gs, ps, text) in enumerate(zip(golds, preds, texts, strict=True)):
        used: set[int] = set()
        for g in gs:
            glen = g.end - g.start
            best, best_ov = -1, 0
            for i, p in enumerate(ps):
                if i in used:
                    continue
                ov = overlap((g.start, g.end), (p.start, p.end))
                if ov > thr * glen and ov > best_ov:
                    best, best_ov = i, ov
            if best < 0:
                if errors:
                    print(f"MISS[{gi}] {text[g.start:g.end][:110]!r} ({g.speaker}/{g.verb})")
                continue
            used.add(best)
            matched += 1
            p = ps[best]
            if not g.speaker:
                ok = p.speaker is None
            elif g.speaker_span is not None:
                ok = p.speaker_span is not None and overlap(p.speaker_span, g.speaker_span) > 0
            else:
                ok = (p.speaker or "").lower() == g.speaker.lower()
            spk_ok += ok
            if errors and not ok:
                print(f"SPK[{gi}] gold={g.speaker!r} pred={p.speaker!r} :: {text[g.start:g.end][:80]!r}")
            cue = (p.cue or "").lower()
            cue = "" if cue == "according to" else cue
            verb_ok += cue == g.verb.lower()
            if g.reference:
                ref_n += 1
                r = names_match(p.resolved, g.reference)
                ref_ok += r
                if errors and not r:
                    print(f"REF[{gi}] gold={g.reference!r} pred={p.resolved!r}")
        if errors:
            for i, p in enumerate(ps):
                if i not in used:
                    print(f"FP[{gi}] {text[p.start:p.end][:110]!r} ({p.speaker}/{p.cue})")
    prec = matched / n_pred if n_pred else 0.0
    rec = matched / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "P": prec, "R": rec, "F1": f1, "matched": matched, "gold": n_gold, "pred": n_pred,
        "speaker": spk_ok / matched if matched else 0.0,
        "verb": verb_ok / matched if matched else 0.0,
        "reference": ref_ok / ref_n if ref_n else 0.0,
    }


def ours(doc, text: str) -> list[Pred]:  # type: ignore[no-untyped-def]
    from newstrace.claims.quotes import quotes_from_doc

    return [Pred(q.start, q.end, q.speaker, q.speaker_span, q.cue, q.speaker_resolved) for q in quotes_from_doc(doc)]


def textacy_preds(doc, text: str) -> list[Pred]:  # type: ignore[no-untyped-def]
    from textacy.extract.triples import direct_quotations

    out: list[Pred] = []
    try:
        for t in direct_quotations(doc):
            c = t.content
            s, e = c[0].idx, c[-1].idx + len(c[-1].text)
            sp = (t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1].text)) if t.speaker else None
            out.append(Pred(s, e, " ".join(x.text for x in t.speaker) or None, sp, " ".join(x.text for x in t.cue) or None, None))
    except Exception as exc:  # odd number of quote marks etc.: textacy gives up on the article
        print(f"  textacy failed on an article: {type(exc).__name__}: {str(exc)[:80]}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", action="store_true", help="print misses, false positives, speaker errors")
    args = ap.parse_args()
    path = shared_data_dir() / "ggt-quotes" / "articles.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if args.limit:
        rows = rows[: args.limit]
    from newstrace.claims.quotes import parse_article

    texts = [r["text"] for r in rows]
    golds = [load_gold(r) for r in rows]
    t0 = time.perf_counter()
    docs = [parse_article(t) for t in texts]  # one parse, shared by both systems
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    p_ours = [ours(d, t) for d, t in zip(docs, texts, strict=True)]
    t_ours = time.perf_counter() - t0
    p_tx = [textacy_preds(d, t) for d, t in zip(docs, texts, strict=True)]
    print(f"GGT quotes: {len(rows)} articles, {sum(len(g) for g in golds)} gold quotes located "
          f"(of {sum(len(r['quotes']) for r in rows)}); parse {t_parse:.1f}s, extraction {t_ours:.1f}s")
    hdr = f"{'system':<34}{'P@.3':>7}{'R@.3':>7}{'F1@.3':>7}{'F1@.8':>7}{'spk':>7}{'verb':>7}{'ref':>7}"
    print(hdr)
    print("-" * len(hdr))
    for name, preds in (("newstrace (en_core_web_sm)", p_ours), ("textacy direct_quotations", p_tx)):
        s3 = score(golds, preds, texts, 0.3, errors=args.errors and name.startswith("newstrace"))
        s8 = score(golds, preds, texts, 0.8)
        print(f"{name:<34}{s3['P']:>7.3f}{s3['R']:>7.3f}{s3['F1']:>7.3f}{s8['F1']:>7.3f}"
              f"{s3['speaker']:>7.3f}{s3['verb']:>7.3f}{s3['reference']:>7.3f}")
    print(f"{'anchor: GGT extractor (lg model)':<34}{'':>7}{'':>7}{0.837:>7.3f}{0.761:>7.3f}{0.860:>7.3f}")
    print(f"{'anchor: GGT extractor (sm model)':<34}{'':>7}{'':>7}{0.84:>7.2f}{'':>7}{0.81:>7.2f}")
    print(f"{'anchor: textacy (issue #5)':<34}{'':>7}{'':>7}{0.48:>7.2f}{'':>7}{0.58:>7.2f}")
    print(f"{'target':<34}{'':>7}{'':>7}{0.88:>7.2f}{'':>7}{0.90:>7.2f}")
    print("spk = speaker accuracy over matched quotes at 0.3; verb = cue accuracy; ref = speaker_resolved names the annotated reference")


if __name__ == "__main__":
    main()
