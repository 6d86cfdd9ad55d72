"""Build of the optional Cython kernels (``newstrace.index._ckernels``); everything else
is in pyproject.toml.

The extension is optional twice over: without Cython (it is in ``[build-system]
requires``, so only a build that skips those, e.g. ``--no-build-isolation`` without it,
lacks it) it is left out, and ``optional=True`` lets a failed compile (no C compiler)
install the package anyway, on the numba or numpy code (``newstrace.index.fast``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """``build_ext`` that leaves out an optional extension on any failure to build it.
    setuptools' own ``optional=True`` forgives only what it counts as build errors; a
    missing compiler executable (``CC`` not found, no ``gcc`` on ``PATH``) raises an
    ``OSError`` that would fail the whole install."""

    def build_extension(self, ext: Any) -> None:
        try:
            super().build_extension(ext)
        except Exception as e:
            if not getattr(ext, "optional", False):
                raise
            print(
                f"newstrace: the compiled index kernels ({ext.name}) were not built ({e}); "
                "the index runs its numba or numpy code (same results, slower)",
                file=sys.stderr,
            )


ext_modules = []
try:
    from Cython.Build import cythonize
except ImportError:  # no Cython: the pure-Python package, numba or numpy kernels
    print("newstrace: Cython not found; the compiled index kernels are not built", file=sys.stderr)
else:
    from setuptools import Extension

    # -O3: the kernels are integer loops (hashing, radix sort); no -march=native, so a
    # wheel built here runs on any x86-64/arm64 machine
    args = [] if sys.platform == "win32" else ["-O3"]
    sources = [os.path.join("src", "newstrace", "index", f) for f in ("_ckernels.pyx", "_ckernels_pairs.pxi")]
    # The digest of the sources the module is built from, baked into it: newstrace.index.fast
    # compares it with the sources beside the module and skips a stale build (edited .pyx,
    # no rebuild) instead of running old code. Same recipe as fast.ckernels_source_digest.
    digest = hashlib.sha256(b"".join(Path(p).read_bytes() for p in sources)).hexdigest()[:16]
    ext_modules = cythonize(
        [
            Extension(
                "newstrace.index._ckernels",
                [os.path.join("src", "newstrace", "index", "_ckernels.pyx")],
                depends=[os.path.join("src", "newstrace", "index", "_ckernels_pairs.pxi")],
                extra_compile_args=args,
                define_macros=[("NEWSTRACE_CKERNELS_DIGEST", f'"{digest}"')],
                optional=True,
            )
        ],
        compiler_directives={"language_level": 3},
        quiet=True,
    )
    for ext in ext_modules:  # cythonize's copies drop the flag (Cython 3.3)
        ext.optional = True

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt})
