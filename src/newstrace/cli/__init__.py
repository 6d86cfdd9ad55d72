"""Command-line interface: a thin layer over the library.

Each verb group is one module; importing it registers its commands on ``main``.
Add a new module's import below (alphabetical).
"""

from newstrace.cli.app import main

# Verb modules register themselves on import.
from newstrace.cli import articles as _articles  # noqa: F401,E402
from newstrace.cli import compare as _compare  # noqa: F401,E402

__all__ = ["main"]
