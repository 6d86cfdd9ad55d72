"""The example corpus's edges, passages, spun spans and stories, pinned.

A diff here means alignment, direction, spin or clustering changed: if the change is
intended, regenerate with ``python tests/golden/make_example_golden.py`` and commit the diff.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

_spec = importlib.util.spec_from_file_location("make_example_golden", Path(__file__).with_name("make_example_golden.py"))
assert _spec is not None and _spec.loader is not None
_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_golden)
GOLDEN, snapshot = _golden.GOLDEN, _golden.snapshot


def test_example_corpus_matches_golden(example_db: Path) -> None:
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = snapshot(example_db)
    assert got["stories"] == expected["stories"]
    assert [(e["source"], e["derived"], e["kind"], e["direction_known"]) for e in got["edges"]] == [
        (e["source"], e["derived"], e["kind"], e["direction_known"]) for e in expected["edges"]
    ]
    assert got == expected
