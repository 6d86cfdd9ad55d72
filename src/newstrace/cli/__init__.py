"""Command-line interface: a thin layer over the library.

Each verb group is one module; importing it registers its commands on ``main``.
Add a new module's import below (alphabetical).
"""

# Verb modules register themselves on import.
from newstrace.cli import articles as _articles  # noqa: F401,E402
from newstrace.cli import claims as _claims  # noqa: F401,E402
from newstrace.cli import compare as _compare  # noqa: F401,E402
from newstrace.cli import export as _export  # noqa: F401,E402
from newstrace.cli import reuse as _reuse  # noqa: F401,E402
from newstrace.cli import settings as _settings  # noqa: F401,E402
from newstrace.cli import spin as _spin  # noqa: F401,E402
from newstrace.cli import stories as _stories  # noqa: F401,E402
from newstrace.cli import view as _view  # noqa: F401,E402
from newstrace.cli.app import main

__all__ = ["main"]
