"""Process-wide memory settings for a batch run of candidate generation.

What it does: ``settle_allocator()`` asks glibc's malloc to serve large blocks from its
heap (``M_MMAP_THRESHOLD`` raised to 1 GiB) and NumPy not to ask for transparent huge
pages (``madvise(MADV_HUGEPAGE)``) on its large arrays. Candidate generation allocates
and frees arrays of tens of MB per chunk; by default each is a fresh ``mmap`` whose pages
fault in again, and on a virtual machine the cost of those faults swings from run to run
(PAN's 5,057 documents: system CPU 0.07 to 0.65 s around a steady 0.7 s of user CPU,
``benchmarks/candidates_vs_datasketch.py --interleave``). Served from the heap, freed
blocks are reused without faulting; in 4 KiB pages, a fault costs the same every run.

What it does not do: change any result, or take memory back: the heap keeps what it
served until the process ends, so a long-lived process (``newstrace serve``) should not
call it. It is a no-op off glibc, and NumPy's switch is a private function (kept by NumPy
1.x and 2.x alike); a missing one is skipped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from types import ModuleType

__all__ = ["settle_allocator"]

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
_HEAP_THRESHOLD = 1 << 30  # blocks below 1 GiB come from the heap: PAN's largest is ~70 MB

_done: dict[str, bool] | None = None


def settle_allocator() -> dict[str, bool]:
    """Apply the settings above once per process; say which ones took."""
    global _done
    if _done is not None:
        return _done
    _done = {"malloc_heap": _raise_mmap_threshold(), "numpy_no_hugepages": _numpy_no_hugepages()}
    return _done


def _raise_mmap_threshold() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):  # musl and others: no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _HEAP_THRESHOLD))


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


def _numpy_no_hugepages() -> bool:
    switch = getattr(numpy_multiarray(), "_set_madvise_hugepage", None)
    if switch is None:
        return False
    switch(False)
    return True
