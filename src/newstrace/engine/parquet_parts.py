"""Partitions of Parquet files with atomic writes and completion markers.

What it does: a *unit* is the output of one task (one or more Parquet files in the
unit's directory). Each file is written to a temporary name and renamed into place;
when all files of a unit are written, a marker ``<unit>.done.json`` records the digest
of the unit's inputs and each file's size. On a rerun a unit counts as finished only
if its marker exists, names the same input digest and every file is there with its
recorded size and a readable Parquet footer; anything else (killed mid-write,
deleted or corrupted file, changed input) is recomputed. Digests chain: a unit's
marker digest is what downstream units hash as their input.

What it does not do: decide what a task computes (``dask_stages``) or schedule tasks
(``dask_engine``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["digest", "write_table", "read_table", "unit_done", "mark_unit", "marker_digest", "dir_bytes"]


def digest(*parts: Any) -> str:
    """A short stable digest of JSON-serialisable parts."""
    h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    return h.hexdigest()[:24]


def write_table(table: Any, path: Path) -> int:
    """Write a ``pyarrow.Table`` atomically (temp file + rename); returns its size in bytes."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path.stat().st_size


def read_table(path: Path, columns: list[str] | None = None, filters: Any = None) -> Any:
    import pyarrow.parquet as pq

    return pq.read_table(path, columns=columns, filters=filters)


def _marker(unit: Path) -> Path:
    return unit.with_name(unit.name + ".done.json")


def unit_done(unit: Path, inputs: str) -> bool:
    """True when ``unit`` was completed from the same inputs and its files are intact."""
    import pyarrow.parquet as pq

    m = _marker(unit)
    try:
        info = json.loads(m.read_text())
    except (OSError, ValueError):
        return False
    if info.get("inputs") != inputs:
        return False
    for name, size in info.get("files", {}).items():
        f = unit / name
        try:
            if f.stat().st_size != size:
                return False
            pq.read_metadata(f)
        except Exception:  # missing, truncated, not Parquet: recompute the unit
            return False
    return True


def mark_unit(unit: Path, inputs: str, files: Iterable[Path], extra: dict[str, Any] | None = None) -> str:
    """Record ``unit`` as complete (atomically); returns the unit's own digest."""
    sizes = {f.name: f.stat().st_size for f in files}
    own = digest(unit.name, inputs, sizes)
    info = {"inputs": inputs, "files": sizes, "digest": own, **(extra or {})}
    m = _marker(unit)
    tmp = m.with_name(f".{m.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(info, sort_keys=True))
    os.replace(tmp, m)
    return own


def marker_digest(unit: Path) -> str:
    return str(json.loads(_marker(unit).read_text())["digest"])


def marker_info(unit: Path) -> dict[str, Any]:
    return dict(json.loads(_marker(unit).read_text()))


def dir_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(root, f))
    return total
