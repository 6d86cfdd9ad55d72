"""The stage settings of ``analyze``: one TOML file and ``--set`` overrides, kept in the store.

What it does: builds ``RunSettings`` (one frozen config per stage: ``[index]``,
``[align]``, ``[reuse]``, ``[spin]``, ``[claims]``, ``[stories]``) from a TOML file
and ``SECTION.KEY=VALUE`` overrides, on top of the settings the store already
records, and records them (``stage_state`` key ``settings``: only the fields that
differ from the defaults). So a later ``analyze`` of new articles continues with
the settings the store was built with, without repeating them: every article of a
store is judged by the same rules.

A change to a stage that already has results in the store is refused
(``ConfigError`` naming the stage, the store and the settings), as the index
refuses fingerprints made with other settings: half of the edges judged one way and
half another would be a store nobody can interpret. Use a new store, or
``recluster --set`` for the stories (a one-off re-clustering that is not recorded).

What it does not do: record the defaults themselves (a newer newstrace with other
defaults applies them to new articles, as before this module existed), or re-run a
stage with new settings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newstrace.align.config import AlignConfig
from newstrace.claims.config import ClaimsConfig
from newstrace.config import build_config, load_toml, parse_overrides
from newstrace.errors import ConfigError
from newstrace.index.config import IndexConfig
from newstrace.reuse.config import ReuseConfig
from newstrace.spin.config import SpinConfig
from newstrace.stories.config import StoryConfig

if TYPE_CHECKING:
    from newstrace.store.db import Store

__all__ = ["RunSettings", "SECTIONS", "read_settings", "resolve_settings", "record_settings", "recorded_settings"]

# stage_state key of the recorded settings
_STATE_KEY = "settings"


@dataclass(frozen=True)
class RunSettings:
    """The config of every stage of one ``analyze`` run (the defaults unless set)."""

    index: IndexConfig = field(default_factory=IndexConfig)
    align: AlignConfig = field(default_factory=AlignConfig)
    reuse: ReuseConfig = field(default_factory=ReuseConfig)
    spin: SpinConfig = field(default_factory=SpinConfig)
    claims: ClaimsConfig = field(default_factory=ClaimsConfig)
    stories: StoryConfig = field(default_factory=StoryConfig)

    def changed(self) -> dict[str, dict[str, Any]]:
        """Per section, the fields that differ from the defaults (JSON-able: tuples as lists)."""
        out: dict[str, dict[str, Any]] = {}
        for name, cls in SECTIONS.items():
            cfg, default = getattr(self, name), cls()
            diff = {
                f.name: _jsonable(getattr(cfg, f.name))
                for f in dataclasses.fields(cfg)
                if getattr(cfg, f.name) != getattr(default, f.name)
            }
            if diff:
                out[name] = diff
        return out

    def describe(self) -> str:
        """``align.min_words=5 stories.merge_threshold=-0.2`` (empty for the defaults)."""
        return " ".join(
            f"{s}.{k}={','.join(map(str, v)) if isinstance(v, list) else v}"
            for s, fields in self.changed().items()
            for k, v in fields.items()
        )


SECTIONS: dict[str, type] = {
    "index": IndexConfig,
    "align": AlignConfig,
    "reuse": ReuseConfig,
    "spin": SpinConfig,
    "claims": ClaimsConfig,
    "stories": StoryConfig,
}

# Which stored results each section's settings shaped (SQL giving a row when there are any).
_RESULTS = {
    "index": "SELECT 1 FROM stage_done WHERE stage = 'index' LIMIT 1",
    "align": "SELECT 1 FROM candidate_pairs WHERE status != 'pending' LIMIT 1",
    "reuse": "SELECT 1 FROM candidate_pairs WHERE status != 'pending' LIMIT 1",
    "spin": "SELECT 1 FROM stage_done WHERE stage = 'spin' LIMIT 1",
    "claims": "SELECT 1 FROM stage_done WHERE stage = 'claims' LIMIT 1",
    "stories": "SELECT 1 FROM stage_done WHERE stage = 'stories' LIMIT 1",
}


def _jsonable(v: Any) -> Any:
    return [_jsonable(x) for x in v] if isinstance(v, tuple) else v


def read_settings(config_path: str | Path | None, overrides: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """The sections of a TOML file with the ``--set`` overrides on top (raw values, not yet
    checked against the configs). Unknown sections are an error, naming the file or
    the override."""
    toml = load_toml(config_path)
    sets = parse_overrides(list(overrides))
    for where, sections in ((str(config_path), toml), ("--set", sets)):
        for name, value in sections.items():
            if name not in SECTIONS:
                raise ConfigError(f"{where}: unknown section {name!r} (known: {', '.join(SECTIONS)})")
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {name!r} must be a table of settings, not {type(value).__name__}")
    return {name: {**toml.get(name, {}), **sets.get(name, {})} for name in SECTIONS if name in toml or name in sets}


def build_settings(*layers: dict[str, dict[str, Any]]) -> RunSettings:
    """``RunSettings`` from the defaults updated by each layer's sections in turn."""
    return RunSettings(
        **{name: build_config(cls, *(layer.get(name, {}) for layer in layers), where=name) for name, cls in SECTIONS.items()}
    )


def recorded_settings(store: Store) -> dict[str, dict[str, Any]]:
    """The non-default settings the store was analysed with ({} for the defaults)."""
    from newstrace.store.stages import load_state

    return load_state(store, _STATE_KEY) or {}


def resolve_settings(store: Store, requested: dict[str, dict[str, Any]] | None = None) -> RunSettings:
    """The settings of this run: the store's recorded ones, with ``requested`` on top.

    Raises ``ConfigError`` when ``requested`` changes a stage that already has results
    in the store (see the module docstring); nothing is written."""
    recorded = recorded_settings(store)
    try:
        before = build_settings(recorded)
    except ConfigError as exc:  # a store from a newstrace whose settings have since changed
        raise ConfigError(f"{store.path}: the settings recorded in the store no longer apply: {exc}") from exc
    after = build_settings(recorded, requested or {})
    for name in SECTIONS:
        old, new = getattr(before, name), getattr(after, name)
        if old == new or store.execute(_RESULTS[name]).fetchone() is None:
            continue
        was = RunSettings(**{name: old}).describe() or "the defaults"
        asked = RunSettings(**{name: new}).describe() or "the defaults"
        raise ConfigError(
            f"{store.path}: the store's {name} results were made with {was}; this run asks for {asked}. "
            f"Analyze into a new store to use other {name} settings"
            + (" (or `recluster --set` to re-cluster once)" if name == "stories" else "")
        )
    return after


def record_settings(store: Store, settings: RunSettings) -> None:
    """Record ``settings`` in the store (inside the caller's transaction)."""
    from newstrace.store.stages import clear_state, save_state

    changed = settings.changed()
    if changed:
        save_state(store, _STATE_KEY, changed)
    else:
        clear_state(store, _STATE_KEY)
