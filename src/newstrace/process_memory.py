"""A process-wide memory setting for a batch run of candidate generation.

What it does: ``avoid_huge_pages()`` asks NumPy not to request transparent huge pages
(``madvise(MADV_HUGEPAGE)``) for its large arrays. Candidate generation allocates and
frees arrays of tens of MB per chunk, each faulted in fresh. Faulting a 2 MiB huge page
costs what the machine's memory state makes it cost: on this VM, PAN's 5,057 documents
took 0.07 to 0.65 s of system CPU around a steady ~0.7 s of user CPU. In 4 KiB pages the
faults are 3x as many but cost the same every run: 8 interleaved runs, median 0.82 ->
0.69 CPU-s, spread 0.68-0.86 -> 0.67-0.76 (``benchmarks/candidates_vs_datasketch.py
--interleave`` measures it against the peer; ``--numpy-huge-pages`` runs without).

What it does not do: change any result, or touch glibc's malloc. Raising its mmap
threshold (large blocks from the heap, reused without faults) was tried and dropped: a
little faster for newstrace, but datasketch's 100k run under it, whose 1 GB array of
pairs grows by ``realloc``, was killed at 310 CPU-s and 8.3 GB RSS, against 99 CPU-s and
1.9 GB peak without: a process-wide switch must not hurt such common code. NumPy's switch
is a private function (in NumPy 1.26 and 2.x alike); without it this is a no-op.
"""

from __future__ import annotations

from types import ModuleType

__all__ = ["avoid_huge_pages", "numpy_multiarray"]


def numpy_multiarray() -> ModuleType | None:
    """NumPy's ``multiarray`` module, where its huge-page switch lives (2.x and 1.26)."""
    try:
        from numpy._core import multiarray  # NumPy 2
    except ImportError:
        try:
            from numpy.core import multiarray  # type: ignore[no-redef]  # NumPy 1.26
        except ImportError:
            return None
    return multiarray


def avoid_huge_pages() -> bool:
    """Turn NumPy's huge-page requests off for this process; say whether it could."""
    switch = getattr(numpy_multiarray(), "_set_madvise_hugepage", None)
    if switch is None:
        return False
    switch(False)
    return True
