"""Story feature extraction speed: articles per CPU-second of ``extract_many``.

    python benchmarks/stories_features_speed.py [--n 600]

Articles come from ``corpus_gen.generate`` (invented news, ~2,100 characters each). Rows:
the capitalised-phrase rule (no spaCy), spaCy NER over the whole text (before ``ner_chars``),
and spaCy over the title + lead at several ``ner_chars`` (the shipped default is marked).
CPU seconds (``time.process_time``), so other processes on the machine do not skew it.
Issue #7 needs 100,000 articles through the whole pipeline in < 30 min on 2 cores; the
stories stage's target is >= 60 articles per CPU-second here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate  # noqa: E402
from newstrace.stories.config import StoryConfig  # noqa: E402
from newstrace.stories.features import _load_ner, extract_many  # noqa: E402
from newstrace.types import Article  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=600)
    args = ap.parse_args()
    arts = [
        Article(id=a["id"], text=a["text"], title=a.get("title"), published=a.get("date"))
        for a, _gold in generate(args.n)
    ]
    mean_chars = sum(len(a.text) for a in arts) / len(arts)
    print(f"{len(arts)} generated articles, {mean_chars:.0f} characters on average\n")
    _load_ner("spacy")  # model load is not per-article cost
    default = StoryConfig().ner_chars
    rows = [("rule entities (no spaCy)", StoryConfig(ner="rules")), ("spaCy, whole text", StoryConfig(ner="spacy", ner_chars=0))]
    for nc in sorted({400, 800, default}):
        mark = " (default)" if nc == default else ""
        rows.append((f"spaCy, title + {nc} chars{mark}", StoryConfig(ner="spacy", ner_chars=nc)))
    print(f"{'features':38} {'articles/CPU-s':>15} {'target':>8}")
    for name, cfg in rows:
        t0 = time.process_time()
        extract_many(arts, cfg)
        rate = len(arts) / (time.process_time() - t0)
        print(f"{name:38} {rate:15.1f} {'>= 60':>8}", flush=True)


if __name__ == "__main__":
    main()
