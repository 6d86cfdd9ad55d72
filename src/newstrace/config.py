"""Configuration: one TOML file, one section per stage, CLI overrides on top.

Each stage keeps its own frozen config dataclass next to its code (for example
``newstrace.ingest.config.IngestConfig``); this module only knows how to fill
any such dataclass from a TOML section and ``key=value`` overrides, so adding a
stage never touches this file. Every threshold lives in such a dataclass, with
a comment giving the number behind it.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from newstrace.errors import ConfigError

__all__ = ["load_toml", "build_config", "parse_overrides"]

T = TypeVar("T")


def load_toml(path: str | Path | None) -> dict[str, Any]:
    """Read a TOML config file; None or a missing default path gives ``{}``."""
    if path is None:
        return {}
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{p}: config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: invalid TOML: {exc}") from exc


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Turn ``["align.min_words=5", ...]`` into ``{"align": {"min_words": "5"}}``.

    Values stay strings here; ``build_config`` converts them to the field's type.
    """
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        section, dot, name = key.partition(".")
        if not sep or not dot or not section or not name:
            raise ConfigError(f"override {item!r}: expected SECTION.KEY=VALUE")
        out.setdefault(section, {})[name] = value
    return out


def _convert(value: Any, default: Any, where: str) -> Any:
    if isinstance(value, str) and not isinstance(default, str):
        try:
            if isinstance(default, bool):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            if isinstance(default, int):
                return int(value)
            if isinstance(default, float):
                return float(value)
            if isinstance(default, tuple):
                items = tuple(v.strip() for v in value.split(",") if v.strip())
                # a tuple of numbers (e.g. weights) keeps its element type; an empty default
                # gives strings, which the dataclass's own __post_init__ may coerce
                kind = type(default[0]) if default and isinstance(default[0], (int, float)) else None
                return tuple(kind(v) for v in items) if kind is not None else items
        except ValueError as exc:
            raise ConfigError(f"{where}: cannot use {value!r} here") from exc
    if isinstance(default, tuple) and isinstance(value, list):
        return tuple(value)
    return value


def build_config(cls: type[T], *sections: dict[str, Any], where: str = "config") -> T:
    """Instantiate dataclass ``cls`` from its defaults updated by each section in turn.

    Unknown keys are an error (a typo must not be silently ignored).
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    defaults = cls()  # type: ignore[call-arg]
    values: dict[str, Any] = {}
    for section in sections:
        for key, value in (section or {}).items():
            if key not in fields:
                raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(fields))})")
            values[key] = _convert(value, getattr(defaults, key), f"{where}.{key}")
    return dataclasses.replace(defaults, **values)  # type: ignore[type-var]
