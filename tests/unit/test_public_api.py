"""The public API is what ``__all__`` lists, and importing it stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import newstrace


def test_all_names_exist() -> None:
    for name in newstrace.__all__:
        assert hasattr(newstrace, name), name


def test_public_api_is_pinned() -> None:
    assert sorted(newstrace.__all__) == sorted([
        "AlignedPassage", "Article", "ConfigError", "Figure", "FormatError", "InputError",
        "NewstraceError", "Quote", "ResourceError", "ReuseEdge", "Span", "SpinFinding", "Story",
        "StoreError", "Substitution", "__version__",
    ])


def test_cli_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from newstrace.cli import main\n"
        "heavy = [m for m in ('spacy', 'trafilatura', 'dask', 'onnxruntime', 'nltk', 'starlette', 'torch', 'numba')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    src = str(Path(newstrace.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == ""


def test_error_tree() -> None:
    err = newstrace.FormatError("a.jsonl", "malformed JSON", line=3)
    assert isinstance(err, newstrace.InputError)
    assert isinstance(err, newstrace.NewstraceError)
    assert str(err) == "a.jsonl:3: malformed JSON"
