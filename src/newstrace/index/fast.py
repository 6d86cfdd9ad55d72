"""Whether the index's compiled kernels (numba) run, and loading them once.

What it does: ``kernels()`` returns the module ``newstrace.index._kernels`` when numba
is installed (the ``fast`` extra) and works, else None, and the callers
(``tokens``, ``fingerprints``, ``candidates``) run their numpy code instead: both paths
give identical fingerprints and candidates (``tests/unit/test_index_kernels.py``).
Set ``NEWSTRACE_NO_NUMBA=1`` to force the numpy path.

Numba compiles the kernels on their first use (~15 CPU-s, once per installation or
change of ``_kernels.py``) and caches the machine code (``cache=True``): in
``__pycache__`` beside ``_kernels.py``, or, where the package directory is read-only,
in numba's per-user cache directory (``~/.cache/numba``); ``$NUMBA_CACHE_DIR``
overrides both. A process then pays numba's start-up, ~0.75 CPU-s here (importing
numba ~0.15, its registries on loading the first cached kernel, including its probe for
BLAS, which imports scipy.linalg, ~0.3 of it), once, when the index first needs a
kernel. Skipping that probe by hiding scipy.linalg from numba saved 0.3 CPU-s, but only
in a process that imports nothing else of scipy (a benchmark; ``analyze`` imports it
anyway), and meant reaching into numba's start-up: not done. A cache that fails
to load is emptied and rebuilt once; if numba is missing the cache directory, or the
compiler fails, a ``RuntimeWarning`` says so and the numpy path runs: a broken numba
never breaks the index.

What it does not do: choose thresholds or change any result (the kernels mirror the
numpy functions bit for bit).
"""

from __future__ import annotations

import logging
import os
import warnings
from types import ModuleType

import numpy as np

__all__ = ["kernels", "backend_name", "disable", "i64", "u64"]

_log = logging.getLogger(__name__)
_loaded: list[ModuleType | None] = []  # [] until tried; then [module] or [None]


def _self_check(k: ModuleType) -> None:
    """Compile (or load from the cache) and run each kernel once on a tiny input with
    the dtypes and layouts of real calls, so that a broken cache or compiler fails
    here, inside the ``try`` below, and not in the middle of indexing."""
    buf = np.frombuffer(b"a B\nc", dtype=np.uint8)
    h, counts = k.hash_tokens(buf, np.array([3, 5], np.int64))
    mask, table = k.build_table(h, np.uint64(0))
    flags, _ = k.stop_flags(h, counts, mask, 0, table)
    params = np.array([5, 6, 8, 4, 3, 2, 2, 3, 64, 10, 16], np.int64)
    salts = np.zeros(5, np.uint64)
    k.fingerprints(h, counts, flags, np.zeros(2, np.bool_), params, salts, mask, 0, table, mask, -1, table)
    order, keys = k.key_order(np.array([2, 1, 1], np.int64))
    z = np.zeros(0, np.int64)
    k.collide(keys, order, k.unique_sorted(keys)[:0], z, 20)
    k.merge_runs(keys, order, z, z)
    k.run_lookup(keys, np.arange(4), order, keys)
    k.run_index(keys)
    k.group_collisions(z, z, z, z, 4, 1 << 16)
    k.group_collisions(order, order + 1, keys, order + 1, 4, 1 << 16)


def _load() -> ModuleType | None:
    """Import and check the kernels; on a failure that is not numba refusing the code
    (a corrupt or stale cache file: unpickling, I/O), empty the kernels' caches and try
    once more (a recompile, several seconds); else warn and return None."""
    try:
        from newstrace.index import _kernels
    except Exception as e:  # e.g. no writable cache directory: numba refuses cache=True
        _warn(e, "set NUMBA_CACHE_DIR to a writable directory to use them")
        return None
    try:
        _self_check(_kernels)
        return _kernels
    except Exception as e:
        from numba.core.errors import NumbaError

        if isinstance(e, NumbaError):  # the compiler itself failed: retrying cannot help
            _warn(e, "")
            return None
        first = e
    try:
        for obj in vars(_kernels).values():
            cache = getattr(obj, "_cache", None)
            if cache is not None and hasattr(cache, "flush"):
                cache.flush()
        _log.warning("newstrace.index: numba cache unreadable (%s); recompiling the kernels", first)
        _self_check(_kernels)
        return _kernels
    except Exception as e:  # any failure of numba must leave the numpy path working
        _warn(e, "")
        return None


def _warn(e: BaseException, hint: str) -> None:
    warnings.warn(
        f"newstrace.index: numba kernels unavailable ({type(e).__name__}: {e}); using the "
        f"numpy code (same results, slower){'; ' + hint if hint else ''}",
        RuntimeWarning,
        stacklevel=4,
    )


def kernels() -> ModuleType | None:
    """The numba kernels, or None (numba missing, disabled or failing): see module doc."""
    if _loaded:
        return _loaded[0]
    mod: ModuleType | None = None
    if os.environ.get("NEWSTRACE_NO_NUMBA", "").strip() not in ("", "0"):
        _log.debug("NEWSTRACE_NO_NUMBA is set: the index runs its numpy code")
    else:
        try:
            import numba  # noqa: F401  (ImportError: the fast extra is not installed)
        except ImportError:
            _log.debug("numba is not installed: the index runs its numpy code")
        else:
            mod = _load()
    _loaded.append(mod)
    return mod


def backend_name() -> str:
    """``"numba"`` or ``"numpy"``: which code path the index runs (for reports)."""
    return "numba" if kernels() is not None else "numpy"


def disable(off: bool = True) -> None:
    """Force the numpy path (``off``) or retry loading the kernels (tests, benchmarks)."""
    _loaded.clear()
    if off:
        _loaded.append(None)


def i64(x: np.ndarray) -> np.ndarray:
    """``x`` as a writable C-contiguous int64 array (no copy if it is one): every kernel
    call passes the argument types ``_self_check`` compiled, so no call compiles anew."""
    return np.require(x, np.int64, ("C", "W"))


def u64(x: np.ndarray) -> np.ndarray:
    """``x`` as a writable C-contiguous uint64 array (see ``i64``)."""
    return np.require(x, np.uint64, ("C", "W"))
