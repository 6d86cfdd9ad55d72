"""Speaker attribution on BASIL (../shared/data/basil), and cross-outlet quote groups.

BASIL annotates bias-bearing phrases; those with ``"quote": "yes"`` carry the
``speaker`` of the quotation they sit in ("Michael_Steele", or a generic class
such as "other_anti"). Only bias-bearing phrases are annotated, so this measures
speaker accuracy, not quote recall.

- Article text: paragraphs joined by a blank line, a paragraph's sentences by a space.
- An annotated phrase is located in paragraph N of its id ("p9" -> paragraph 9)
  at its offsets when the text there matches, else by string search in that
  paragraph, else in the whole article.
- Coverage: share of named-speaker quote phrases (generic "other_*" speakers are
  left out) that lie inside one of our quotes (any overlap).
- Speaker accuracy, over covered phrases: our ``speaker_resolved`` names the
  annotated speaker (same last word, case-insensitive: "Mr. Steele" / "Michael
  Steele" vs "Michael_Steele").

Then, for a few triples (Fox News, NYT, HuffPost on one event), prints the
cross-outlet quote groups ``compare_claims`` finds, with variant flags, for a
human read.

Run: python benchmarks/quotes_basil.py [--triples N] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import shared_data_dir  # noqa: E402


def article_text(d: dict) -> tuple[str, list[int]]:
    paras = [" ".join(p) for p in d["body-paragraphs"]]
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + 2
    return "\n\n".join(paras), starts


def locate(text: str, starts: list[int], ann: dict) -> tuple[int, int] | None:
    m = re.fullmatch(r"p(\d+)", ann.get("id", ""))
    txt = ann["txt"]
    if m and int(m.group(1)) < len(starts):
        base = starts[int(m.group(1))]
        s, e = base + ann["start"], base + ann["end"]
        if text[s:e] == txt:
            return s, e
        end = starts[int(m.group(1)) + 1] if int(m.group(1)) + 1 < len(starts) else len(text)
        i = text.find(txt, base, end)
        if i >= 0:
            return i, i + len(txt)
    i = text.find(txt)
    return (i, i + len(txt)) if i >= 0 else None


def last_word(s: str | None) -> str:
    words = re.findall(r"[A-Za-z]+", (s or "").replace("_", " "))
    return words[-1].lower() if words else ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=3, help="triples whose quote groups to print")
    ap.add_argument("--limit", type=int, default=0, help="articles to score (0 = all)")
    args = ap.parse_args()
    root = shared_data_dir() / "basil"
    from newstrace.claims import compare_claims
    from newstrace.claims.figures import figures_from_doc
    from newstrace.claims.quotes import parse_article, quotes_from_doc

    arts = sorted((root / "articles").rglob("*.json"))
    if args.limit:
        arts = arts[: args.limit]
    total = covered = right = 0
    p_total = p_covered = p_right = 0
    by_triple: dict[str, list[tuple[str, str, list, list]]] = defaultdict(list)
    texts: dict[str, str] = {}
    t0 = time.perf_counter()
    for path in arts:
        d = json.loads(path.read_text(encoding="utf-8"))
        ann_path = root / "annotations" / path.parent.name / (path.stem + "_ann.json")
        text, starts = article_text(d)
        doc = parse_article(text)
        texts[d["uuid"]] = text
        quotes = quotes_from_doc(doc, d["uuid"])
        by_triple[d["triplet-uuid"]].append(
            (d["uuid"], d["source"], quotes, figures_from_doc(doc, d["uuid"]))
        )
        if not ann_path.exists():
            continue
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        for a in ann.get("phrase-level-annotations", []):
            if a.get("quote") != "yes" or not a.get("speaker") or a["speaker"].startswith("other"):
                continue
            span = locate(text, starts, a)
            if span is None:
                continue
            # BASIL often names the side a speaker stands for ("NAACP",
            # "Tea_Party"), not the person; score persons separately.
            is_person = any(
                e.label_ == "PERSON" and last_word(a["speaker"]) in e.text.lower() for e in doc.ents
            )
            total += 1
            p_total += is_person
            hit = next((q for q in quotes if q.start < span[1] and span[0] < q.end), None)
            if hit is None:
                continue
            covered += 1
            p_covered += is_person
            ok = last_word(hit.speaker_resolved) == last_word(a["speaker"])
            right += ok
            p_right += ok and is_person
    dt = time.perf_counter() - t0
    print(f"BASIL: {len(arts)} articles in {dt:.0f}s; {total} quote phrases with a named speaker")
    print(f"  coverage (inside one of our quotes): {covered / total:.3f} ({covered}/{total})")
    print(
        f"  speaker accuracy over covered:       {right / max(covered, 1):.3f} ({right}/{covered})"
    )
    print(
        f"  ... annotated speaker is a person named in the article: coverage {p_covered / max(p_total, 1):.3f}, "
        f"speaker accuracy {p_right / max(p_covered, 1):.3f} ({p_right}/{p_covered})"
    )
    print(
        "  (BASIL often names the side a speaker stands for, e.g. 'NAACP' for its president's words)"
    )
    print("  (no published anchor for speakers on BASIL; GGT anchor speaker accuracy 0.860)")
    shown = 0
    for tid, members in sorted(by_triple.items(), key=lambda kv: -sum(len(m[2]) for m in kv[1])):
        if shown >= args.triples or len(members) < 2:
            continue
        shown += 1
        res = compare_claims(members, texts=texts)
        print(
            f"\n=== triple {tid}: {', '.join(m[1] for m in members)}; {len(res.quote_groups)} quote groups, "
            f"{sum(g.disagreement for g in res.figure_groups)} disagreeing figure groups"
        )
        for g in res.quote_groups[:8]:
            print(f"  [{g.id}] {g.speaker}")
            for m in g.members[:6]:
                print(f"     {m['label']:>4}: {m['text'][:150]!r}")
            for v in g.variants[:6]:
                print(f"     variant {v.kind} ({v.label}): {'; '.join(v.difference)[:150]}")
        for fg in [g for g in res.figure_groups if g.disagreement][:4]:
            print(f"  figures [{fg.id}] {fg.counts_what}: {' | '.join(fg.evidence)[:200]}")


if __name__ == "__main__":
    main()
