"""Online story assignment throughput as the clusterer grows to 100,000 articles.

    python benchmarks/stories_throughput.py [--total 100000] [--probe 1000]

Generates a synthetic news stream (seeded): 20,000 events over five years, each with its
own invented names and topic words drawn on top of common English words, five articles per
event published within a few days, interleaved in time order. Articles are added one by one
to a ``StoryClusterer`` (rule NER, no embeddings); at 10k, 30k and 100k stored articles the
next ``--probe`` articles are timed, both assignment alone (features precomputed) and end to
end (features included). Rates are per CPU second of this process (``time.process_time``),
so other work on a shared machine does not distort them. The fill between checkpoints
passes each article's features with its known names as entities (same vectors as the rule
NER path minus its regex pass) to keep the run short; the probes use the full path. Linear slow-down would make the 100k rate ~10x below the 10k rate;
the inverted index with bounded posting scans should keep it roughly flat. After each
probe the stories it touched are re-clustered locally (``stories.recluster``, chunks of
100 articles), timed without the member features' cost. Also reports
BCubed F1 against the generating events as a sanity check.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newstrace.stories.config import StoryConfig  # noqa: E402
from newstrace.stories.features import (  # noqa: E402
    ArticleFeatures,  # noqa: E402
    IdfTable,
    _vectorise,
    extract_features,
    parse_date,
)
from newstrace.stories.online import StoryClusterer  # noqa: E402
from newstrace.stories.recluster import recluster_local  # noqa: E402
from newstrace.types import Article  # noqa: E402


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))


def generate(total: int, per_event: int, seed: int) -> tuple[list[Article], dict[str, int], dict[str, list[str]]]:
    from wordfreq import top_n_list

    rng = random.Random(seed)
    common = [w for w in top_n_list("en", 3000) if w.isalpha()][200:]
    n_events = total // per_event
    kinds = [[pseudo_word(rng) for _ in range(12)] for _ in range(300)]  # shared event types
    events = []
    for _ in range(n_events):
        day = rng.randrange(5 * 365)
        names = [pseudo_word(rng).capitalize() + " " + pseudo_word(rng).capitalize() for _ in range(3)]
        words = [pseudo_word(rng) for _ in range(15)] + rng.choice(kinds)
        events.append((day, names, words))
    items = []
    for e, (day, _names, _words) in enumerate(events):
        for k in range(per_event):
            items.append((day + rng.randrange(4), e, k))
    items.sort()
    arts = []
    gold = {}
    names_of: dict[str, list[str]] = {}
    for day, e, k in items:
        _, names, words = events[e]
        sents = []
        for _ in range(12):
            body = rng.sample(common, 8) + rng.sample(words, 4)
            rng.shuffle(body)
            sents.append(f"{rng.choice(names)} " + " ".join(body) + ".")
        y, d = divmod(day, 365)
        published = f"{2015 + y}-{1 + d // 31 % 12:02d}-{1 + d % 28:02d}"
        aid = f"e{e}-{k}"
        gold[aid] = e
        names_of[aid] = names
        arts.append(Article(id=aid, text=" ".join(sents), title=" ".join(rng.sample(words, 4)), published=published))
    # Publication strings above are not monotone in `day` across months; order by stream position.
    return arts, gold, names_of


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--total", type=int, default=100_000)
    ap.add_argument("--probe", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    checkpoints = [c for c in (10_000, 30_000, 100_000) if c < args.total] + [args.total]
    checkpoints = sorted(set(checkpoints))
    n_needed = args.total + args.probe
    t0 = time.time()
    arts, gold, names_of = generate(n_needed, 5, args.seed)
    idf = IdfTable(StoryConfig().max_idf)
    print(f"generated {len(arts)} articles in {time.time() - t0:.0f}s")
    cfg = StoryConfig(ner="rules")
    clusterer = StoryClusterer(cfg)
    by_id = {a.id: a for a in arts}
    pos = 0
    rows = []
    t_fill = time.time()
    for cp in checkpoints:
        while pos < cp:
            a = arts[pos]
            ents = [n.lower() for n in names_of[a.id]]
            f = ArticleFeatures(a.id, _vectorise(a, ents, cfg, idf), tuple(ents), parse_date(a.published), a.title or "")
            clusterer.add(a, features=f)
            pos += 1
        probe = arts[pos : pos + args.probe]
        t1 = time.process_time()
        feats = [extract_features(a, cfg) for a in probe]
        t_feat = time.process_time() - t1
        # Time assignment alone: add with the features just computed.
        t2 = time.process_time()
        for a, f in zip(probe, feats, strict=True):
            clusterer.add(a, features=f)
        t_assign = time.process_time() - t2
        pos += len(probe)
        # Local re-clustering of the stories the probe touched, in chunks of 100 articles as
        # an engine batch would; member features come from the fast path (timed apart).
        t_src = 0.0

        def source(ids: list[str]) -> list[ArticleFeatures]:
            nonlocal t_src
            t = time.process_time()
            out = []
            for aid in ids:
                a = by_id[aid]
                ents = [n.lower() for n in names_of[aid]]
                out.append(ArticleFeatures(aid, _vectorise(a, ents, cfg, idf), tuple(ents), parse_date(a.published), a.title or ""))
            t_src += time.process_time() - t
            return out

        t3 = time.process_time()
        for lo in range(0, len(probe), 100):
            recluster_local(clusterer, {clusterer.story_of(a.id) or "" for a in probe[lo : lo + 100]}, source)
        t_re = time.process_time() - t3 - t_src
        rows.append((cp, len(clusterer._stories), len(probe) / t_assign, len(probe) / (t_assign + t_feat),
                     len(probe) / (t_assign + t_re)))
        print(f"  at {cp:>7,} stored: {rows[-1][2]:8.0f} articles/s assignment, {rows[-1][3]:6.0f} end to end, "
              f"{rows[-1][4]:6.0f} assignment + local re-clustering", flush=True)
    print(f"fill + probes: {time.time() - t_fill:.0f}s\n")

    from collections import defaultdict

    pred_groups: dict[str, set[str]] = defaultdict(set)
    gold_groups: dict[int, set[str]] = defaultdict(set)
    for aid in list(gold)[:pos]:
        sid = clusterer.story_of(aid)
        if sid is not None:
            pred_groups[sid].add(aid)
            gold_groups[gold[aid]].add(aid)
    ids = [a for a in list(gold)[:pos] if clusterer.story_of(a) is not None]
    p = sum(len(pred_groups[clusterer.story_of(a)] & gold_groups[gold[a]]) / len(pred_groups[clusterer.story_of(a)]) for a in ids) / len(ids)  # type: ignore[index]
    r = sum(len(pred_groups[clusterer.story_of(a)] & gold_groups[gold[a]]) / len(gold_groups[gold[a]]) for a in ids) / len(ids)  # type: ignore[index]
    print(f"{'stored articles':>16} {'stories':>8} {'assign art/cpu-s':>17} {'end-to-end art/cpu-s':>21} "
          f"{'assign + recluster art/cpu-s':>29}")
    for cp, ns, a_rate, e_rate, r_rate in rows:
        print(f"{cp:>16,} {ns:>8,} {a_rate:>17.0f} {e_rate:>21.0f} {r_rate:>29.0f}")
    base = rows[0][2]
    print(f"\nassignment rate at {rows[-1][0]:,} / at {rows[0][0]:,}: {rows[-1][2] / base:.2f} "
          f"(linear slow-down would be {rows[0][0] / rows[-1][0]:.2f})")
    print(f"sanity: BCubed P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} against generating events")


if __name__ == "__main__":
    main()
