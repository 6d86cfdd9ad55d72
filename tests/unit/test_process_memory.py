"""``newstrace.process_memory``: the allocator settings take on Linux/glibc and change no
result. Each check runs in a fresh interpreter, so this test process keeps its defaults."""

from __future__ import annotations

import json
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
    from newstrace.process_memory import settle_allocator
    took = settle_allocator()
    assert settle_allocator() is took  # once per process
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
    )
    return json.loads(out.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_settings_take_and_candidates_are_unchanged() -> None:
    plain, settled = _run(False), _run(True)
    assert plain["hugepages"] is True  # NumPy's default on a kernel >= 4.6
    assert settled["hugepages"] is False
    assert settled["took"]["numpy_no_hugepages"] is True
    assert settled["took"]["malloc_heap"] is True  # glibc: mallopt accepted 1 GiB
    assert plain["pairs"] and settled["pairs"] == plain["pairs"]
