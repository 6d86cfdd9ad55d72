"""newstrace: trace news to its sources.

The public API is small and listed in ``__all__`` (tested). Heavy optional
dependencies are imported lazily by the stages that need them.
"""

from newstrace.errors import (
    ConfigError,
    FormatError,
    InputError,
    NewstraceError,
    ResourceError,
    StoreError,
)
from newstrace.types import (
    AlignedPassage,
    Article,
    Figure,
    Quote,
    ReuseEdge,
    Span,
    SpinFinding,
    Story,
    Substitution,
)

__version__ = "0.1.0"

__all__ = [
    "AlignedPassage",
    "Article",
    "ConfigError",
    "Figure",
    "FormatError",
    "InputError",
    "NewstraceError",
    "Quote",
    "ResourceError",
    "ReuseEdge",
    "Span",
    "SpinFinding",
    "Story",
    "StoreError",
    "Substitution",
    "__version__",
]
