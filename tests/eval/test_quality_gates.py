"""Quality gates on real labelled data (trafilatura style): scores on fixed samples of
../shared/data may not drop below pinned floors. Skipped when the data is absent.

Each floor sits a few points under what the sample scored when it was pinned (shown in the
comment), so noise does not fail CI but a real regression does. The full figures come from
the benchmarks (``benchmarks/*.py``), not from these samples.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_pan13_alignment_sample_plagdet(shared_data: Path) -> None:
    """Every 40th PAN 2013 training pair of each obfuscation folder (~130 pairs)."""
    pan = _bench("pan13_alignment")
    root = shared_data / "pan13-train"
    pan._init(str(root), [])
    scores = {}
    false_dets = 0
    for cat in ("01-no-plagiarism", "02-no-obfuscation", "03-random-obfuscation",
                "04-translation-obfuscation", "05-summary-obfuscation"):
        pairs, _ = pan.load_category(root, cat)
        pairs = pairs[::40]
        gold = pan.load_gold(root, cat, pairs)
        dets = []
        for p in pairs:
            key, ds, *_ = pan._align(p)
            dets += [pan.Ann(key, *d) for d in ds]
        if cat.startswith("01"):
            false_dets = len(dets)
            continue
        scores[cat[:2]] = pan.measures(gold, dets)["plagdet"]
    # Re-pinned 2026-11-23 (align2); this sample then scored 02: 0.954, 03: 0.898, 04: 0.892,
    # 05: 0.563 (6 summary cases: noisy), no false detection (the full corpus: see
    # benchmarks/pan13_alignment.py, overall 0.925).
    floors = {"02": 0.93, "03": 0.87, "04": 0.87, "05": 0.53}
    for cat, floor in floors.items():
        assert scores[cat] >= floor, (cat, scores)
    assert false_dets <= 3, false_dets


def test_spin_false_alarms_on_real_unspun_news(shared_data: Path) -> None:
    """Spun spans per 1,000 words on 60 real, unspun articles (ECB+ and GGT): the issue's
    ceiling is 0.3; the full benchmark measured 0.014 over 367k words."""
    from newstrace.spin import detect_spin

    texts = []
    for path in (shared_data / "ecbplus" / "docs.jsonl", shared_data / "ggt-quotes" / "articles.jsonl"):
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        texts += [json.loads(x)["text"] for x in lines[::max(1, len(lines) // 30)]][:30]
    words = spans = 0
    for i, text in enumerate(texts):
        rep = detect_spin(text, article_id=str(i))
        words += rep.words
        spans += len(rep.spans)
    assert words > 10_000
    assert 1000 * spans / words < 0.3, (spans, words)
