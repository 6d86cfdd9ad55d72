"""Saved state of a stage between runs (table ``stage_state``): one JSON object per stage
name, e.g. the online story clusterer's state, or the list of known spins the spin stage
last used. ``store.articles`` keeps which articles each stage has done (``stage_done``).

This module does not commit: callers write inside their own transaction.
"""

from __future__ import annotations

import json
from typing import Any

from newstrace.store.db import Store

__all__ = ["save_state", "clear_state", "load_state"]


def save_state(store: Store, stage: str, state: dict[str, Any]) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO stage_state(stage, state) VALUES (?, ?)", (stage, json.dumps(state, sort_keys=True))
    )


def clear_state(store: Store, stage: str) -> None:
    store.conn.execute("DELETE FROM stage_state WHERE stage = ?", (stage,))


def load_state(store: Store, stage: str) -> dict[str, Any] | None:
    row = store.execute("SELECT state FROM stage_state WHERE stage = ?", (stage,)).fetchone()
    return None if row is None else json.loads(row[0])
