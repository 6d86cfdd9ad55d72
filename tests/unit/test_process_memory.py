"""``newstrace.process_memory``: NumPy's huge pages go off and no result changes. Each
check runs in a fresh interpreter, so this test process keeps NumPy's default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

# candidates for the test index's invented corpus, as sorted (a, b, score) rows
_RUN = """
import json, sys
sys.path.insert(0, {here!r})
if {settle}:
    from newstrace.process_memory import avoid_huge_pages
    took = avoid_huge_pages()
else:
    took = None
from newstrace.process_memory import numpy_multiarray
multiarray = numpy_multiarray()
from test_index import corpus, index
cands = index().add_and_query(corpus(seed=11, n=60))
print(json.dumps({{"took": took, "hugepages": bool(multiarray._get_madvise_hugepage()),
                  "pairs": sorted([c.a_id, c.b_id, round(c.score, 9)] for c in cands)}}))
"""


def _run(settle: bool) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _RUN.format(here=str(HERE), settle=settle)],
        check=True, capture_output=True, text=True,
        env={k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"},
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="NumPy madvises huge pages on Linux only")
def test_huge_pages_go_off_and_candidates_are_unchanged() -> None:
    plain, settled = _run(False), _run(True)
    if not plain["hugepages"]:
        pytest.skip("NumPy does not madvise huge pages here (a kernel older than 4.6)")
    assert settled["hugepages"] is False
    assert settled["took"] is True
    assert plain["pairs"] and settled["pairs"] == plain["pairs"]
