"""Locate ../shared/data for benchmarks (not collected by pytest)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    env = os.environ.get("NEWSTRACE_DATA")
    d = Path(env) if env else REPO.parent / "shared" / "data"
    if not d.is_dir():
        raise SystemExit(f"evaluation data not found at {d} (set NEWSTRACE_DATA)")
    return d
