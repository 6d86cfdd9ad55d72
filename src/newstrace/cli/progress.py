"""Progress display for long CLI runs (rich), kept out of the library.

A bar with rate and ETA appears only when stderr is a terminal and the run
lasts over a second; the ETA is by input bytes (files done / total size).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from newstrace.engine.ingest_stage import IngestSummary, ingest_into_store, input_bytes
from newstrace.errors import ConfigError
from newstrace.store.db import Store
from newstrace.types import Article

__all__ = ["ingest_with_progress", "parse_fields", "ProgressBar"]


def parse_fields(items: tuple[str, ...]) -> dict[str, str]:
    """``("text=body", "date=published_at")`` -> ``{"text": "body", "date": "published_at"}``."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, key = item.partition("=")
        if not sep or not name or not key:
            raise ConfigError(f"--field {item!r}: expected NAME=KEY, e.g. text=body")
        out[name.strip()] = key.strip()
    return out


class ProgressBar:
    """A rich progress bar that shows itself only after ``delay`` seconds on a TTY."""

    def __init__(self, description: str, total: float | None, quiet: bool = False, delay: float = 1.0) -> None:
        self.description = description
        self.total = total or None
        self.enabled = not quiet and sys.stderr.isatty()
        self.delay = delay
        self.started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None
        self.completed = 0.0
        self.count = 0

    def _ensure(self) -> None:
        if self._progress is not None or not self.enabled:
            return
        if time.monotonic() - self.started < self.delay:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%" if self.total else ""),
            TextColumn("{task.fields[count]} items, {task.fields[rate]}/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) if self.total else Progress(
            TextColumn("[bold]{task.description}"),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}/s"),
            TimeElapsedColumn(),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            self.description, total=self.total, completed=self.completed, count=self.count, rate="0"
        )

    def advance(self, items: int = 1, completed: float | None = None) -> None:
        self.count += items
        if completed is not None:
            self.completed = completed
        elif not self.total:
            self.completed = self.count
        self._ensure()
        if self._progress is not None:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            self._progress.update(
                self._task, completed=self.completed, count=self.count, rate=f"{self.count / elapsed:,.0f}"
            )

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def ingest_with_progress(
    store: Store, paths: list[str], fields: dict[str, str], quiet: bool = False
) -> IngestSummary:
    from newstrace.ingest import IngestConfig

    config = IngestConfig().with_fields(fields) if fields else IngestConfig()
    bar = ProgressBar("ingest", input_bytes(paths), quiet=quiet)
    files_done: dict[str, int] = {}
    done_bytes = 0
    current: list[str | None] = [None]

    def on_article(a: Article) -> None:
        nonlocal done_bytes
        ref = a.source_ref
        if ref != current[0]:
            prev = current[0]
            if prev and prev not in files_done and os.path.isfile(prev):
                files_done[prev] = os.path.getsize(prev)
                done_bytes += files_done[prev]
            current[0] = ref
        bar.advance(1, completed=done_bytes if bar.total else None)

    try:
        return ingest_into_store(store, paths, config=config, on_article=on_article)
    finally:
        bar.close()
