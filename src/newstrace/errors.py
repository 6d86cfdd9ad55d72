"""The newstrace exception tree.

    NewstraceError
     ├── InputError        a file or record the user gave cannot be read (names file + problem)
     │    └── FormatError  the input's format is unknown or malformed
     ├── StoreError        the SQLite store is missing, locked, corrupt or of a newer schema
     ├── ConfigError       a config file or CLI override is invalid
     └── ResourceError     an optional model/data package is not installed

The CLI turns any NewstraceError into a one-line message and exit code 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = [
    "NewstraceError",
    "InputError",
    "FormatError",
    "StoreError",
    "ConfigError",
    "ResourceError",
]


class NewstraceError(Exception):
    """Base of every error newstrace raises on purpose."""


class InputError(NewstraceError):
    """An input cannot be read. ``path`` and ``line`` locate it when known."""

    def __init__(self, path: str | None, problem: str, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


class FormatError(InputError):
    """The input's format is unknown, or it is malformed for its format."""


class StoreError(NewstraceError):
    """The store cannot be opened or written."""


class ConfigError(NewstraceError):
    """A configuration value is invalid."""


class ResourceError(NewstraceError):
    """An optional package (model, lexicon) needed for a feature is missing."""
