"""Evaluation gate: quote extraction on the first GGT articles may not drop below pinned floors.

Uses ../shared/data (skipped when absent) and the benchmark's own protocol
(``benchmarks/quotes_ggt.py``), on the first 5 articles to stay fast. Floors sit
a few points under the measured figures (F1 0.913, speaker 0.949 at the time of
pinning) so only a real regression trips them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newstrace.text.nlp import has_model

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.shared_data
@pytest.mark.slow
@pytest.mark.skipif(not has_model(), reason="spaCy English model not installed")
def test_ggt_quote_f1_and_speaker_floors(shared_data: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import quotes_ggt as bench
    finally:
        sys.path.pop(0)
    from newstrace.claims.quotes import parse_article

    path = shared_data / "ggt-quotes" / "articles.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")][:5]
    texts = [r["text"] for r in rows]
    golds = [bench.load_gold(r) for r in rows]
    preds = [bench.ours(parse_article(t), t) for t in texts]
    s = bench.score(golds, preds, texts, 0.3)
    assert s["F1"] >= 0.85, s
    assert s["speaker"] >= 0.88, s
