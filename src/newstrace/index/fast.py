"""Which compiled kernels the index runs (Cython, numba, or none: numpy), loaded once.

What it does: ``kernels()`` returns a module of compiled kernels, or None, and the
callers (``tokens``, ``fingerprints``, ``candidates``, ``memory_backend``, ``scoring``)
run their numpy code on None. All three paths give identical fingerprints and
candidates (``tests/unit/test_index_kernels.py`` holds each compiled one to numpy). In
order of preference:

1. ``newstrace.index._ckernels``, Cython, compiled by ``pip install`` when a C compiler
   is there (``setup.py``: an optional extension, so an install without a compiler still
   succeeds). It costs a process ~1 ms to import, and its sort, tokeniser and grouping of
   collisions do less work than numba's: on the 5,057 PAN 2013 documents, candidate
   generation from raw text, start-up included, takes 0.82-0.95 CPU-s with it, against
   1.8-2.1 with numba and 2.2-2.5 with numpy (``benchmarks/candidates_vs_datasketch.py
   --gen-n 0``, best of 3, three runs on a shared machine); 100k generated articles 13.1 /
   15.6 / 33.2. ``NEWSTRACE_NO_CKERNELS=1`` skips it.
2. ``newstrace.index._kernels``, numba (the ``fast`` extra), used when the Cython module
   is not built or skipped. ``NEWSTRACE_NO_NUMBA=1`` skips it. Numba compiles the kernels
   on their first use (~15 CPU-s, once per installation or change of ``_kernels.py``) and
   caches the machine code (``cache=True``): in ``__pycache__`` beside ``_kernels.py``,
   or, where the package directory is read-only, in numba's per-user cache directory
   (``~/.cache/numba``); ``$NUMBA_CACHE_DIR`` overrides both. A process then pays numba's
   start-up, ~0.75 CPU-s here (importing numba ~0.15, its registries on loading the first
   cached kernel, including its probe for BLAS, which imports scipy.linalg, ~0.3 of it),
   once, when the index first needs a kernel. A cache
   that fails to load is emptied and rebuilt once; if numba is missing the cache
   directory, or the compiler fails, a ``RuntimeWarning`` says so and the next path runs.
3. None: the numpy code.

A compiled module that fails its self-check (``_self_check``: every kernel once on a
tiny input) is skipped with a ``RuntimeWarning``: a broken build never breaks the index.

What it does not do: choose thresholds or change any result (the kernels mirror the
numpy functions bit for bit).
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from pathlib import Path
from types import ModuleType

import numpy as np

__all__ = ["kernels", "backend_name", "available", "use", "disable", "i64", "u64"]

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
    if order.tolist() != [1, 2, 0] or k.key_sort(np.array([2, 1, 1], np.int64), order)[1].tolist() != [2, 0, 1]:
        raise RuntimeError("the kernels' sort gives a wrong order")
    if hasattr(k, "hash_texts") and k.hash_texts(["a B", "c"])[1].tolist() != counts.tolist():
        raise RuntimeError("the kernels' tokeniser disagrees with itself")
    z = np.zeros(0, np.int64)
    k.collide(keys, order, k.unique_sorted(keys)[:0], z, 20)
    k.merge_runs(keys, order, z, z)
    k.sorted_lookup(keys, order, keys)
    k.group_collisions(z, z, z, z, 4, 1 << 16)
    k.group_collisions(order, order + 1, keys, order + 1, 4, 1 << 16)


def _load_cython() -> ModuleType | None:
    """The Cython kernels, checked, or None when they are not built (quietly: a
    package installed without a C compiler) or fail their check (with a warning)."""
    try:
        from newstrace.index import _ckernels  # type: ignore[attr-defined]
    except ImportError as e:
        _log.debug("the Cython kernels are not built (%s)", e)
        return None
    stale = _stale(_ckernels)
    if stale:
        warnings.warn(
            f"newstrace.index: the Cython kernels were built from other sources ({stale}); using "
            "the next code path (same results, slower); rebuild them with `pip install -e .`",
            RuntimeWarning,
            stacklevel=3,
        )
        return None
    try:
        _self_check(_ckernels)
    except Exception as e:  # a broken build: the next path runs
        _warn(e, "Cython", "rebuild them with `pip install -e .`")
        return None
    return _ckernels


_SOURCES = ("_ckernels.pyx", "_ckernels_pairs.pxi")


def ckernels_source_digest(directory: Path) -> str | None:
    """sha256[:16] of the Cython kernels' sources in ``directory`` (as setup.py bakes into
    the module), or None when they are not there (an installed wheel ships no .pyx)."""
    try:
        data = b"".join((directory / name).read_bytes() for name in _SOURCES)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()[:16]


def _stale(module: ModuleType) -> str:
    """Why ``module`` (the built Cython kernels) does not match the sources beside it, or
    "" when it does or cannot be told. A source checkout installed with ``pip install -e``
    keeps the .pyx next to the .so: after an edit or a ``git pull`` without a rebuild, the
    .so would run the old kernels while the tests read the new numpy code."""
    built = getattr(module, "SOURCE_DIGEST", "")
    here = ckernels_source_digest(Path(module.__file__ or "").parent)
    if not built or here is None or built == here:
        return ""
    return f"built from {built}, sources now {here}"


def _load_numba() -> ModuleType | None:
    """Import and check the numba kernels; on a failure that is not numba refusing the code
    (a corrupt or stale cache file: unpickling, I/O), empty the kernels' caches and try
    once more (a recompile, several seconds); else warn and return None."""
    try:
        from newstrace.index import _kernels
    except Exception as e:  # e.g. no writable cache directory: numba refuses cache=True
        _warn(e, "numba", "set NUMBA_CACHE_DIR to a writable directory to use them")
        return None
    try:
        _self_check(_kernels)
        return _kernels
    except Exception as e:
        from numba.core.errors import NumbaError

        if isinstance(e, NumbaError):  # the compiler itself failed: retrying cannot help
            _warn(e, "numba", "")
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
        _warn(e, "numba", "")
        return None


def _warn(e: BaseException, what: str, hint: str) -> None:
    warnings.warn(
        f"newstrace.index: {what} kernels unavailable ({type(e).__name__}: {e}); using the "
        f"next code path (same results, slower){'; ' + hint if hint else ''}",
        RuntimeWarning,
        stacklevel=4,
    )


_NAMES = {"newstrace.index._ckernels": "cython", "newstrace.index._kernels": "numba"}


def _off(var: str) -> bool:
    return os.environ.get(var, "").strip() not in ("", "0")


def _numba_kernels() -> ModuleType | None:
    try:
        import numba  # noqa: F401  (ImportError: the fast extra is not installed)
    except ImportError:
        _log.debug("numba is not installed")
        return None
    return _load_numba()


def kernels() -> ModuleType | None:
    """The compiled kernels (Cython, else numba), or None: see the module docstring."""
    if _loaded:
        return _loaded[0]
    mod: ModuleType | None = None
    if _off("NEWSTRACE_NO_CKERNELS"):
        _log.debug("NEWSTRACE_NO_CKERNELS is set: the Cython kernels are skipped")
    else:
        mod = _load_cython()
    if mod is None:
        if _off("NEWSTRACE_NO_NUMBA"):
            _log.debug("NEWSTRACE_NO_NUMBA is set: the numba kernels are skipped")
        else:
            mod = _numba_kernels()
    _loaded.append(mod)
    return mod


def backend_name() -> str:
    """``"cython"``, ``"numba"`` or ``"numpy"``: which code path the index runs."""
    k = kernels()
    return "numpy" if k is None else _NAMES.get(k.__name__, k.__name__)


def available() -> list[str]:
    """The compiled backends that load here (``"cython"``, ``"numba"``), whatever the
    environment variables say (tests, benchmarks)."""
    out = []
    if _load_cython() is not None:
        out.append("cython")
    if _numba_kernels() is not None:
        out.append("numba")
    return out


def use(name: str) -> None:
    """Run ``name`` (``"cython"``, ``"numba"`` or ``"numpy"``) from now on, whatever the
    environment says (tests, benchmarks); ``ValueError`` if it does not load here."""
    mod: ModuleType | None = None
    if name == "cython":
        mod = _load_cython()
    elif name == "numba":
        mod = _numba_kernels()
    elif name != "numpy":
        raise ValueError(f"unknown kernels {name!r}")
    if name != "numpy" and mod is None:
        raise ValueError(f"the {name} kernels do not load here")
    _loaded.clear()
    _loaded.append(mod)


def disable(off: bool = True) -> None:
    """Force the numpy path (``off``) or choose the kernels afresh (tests, benchmarks)."""
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
