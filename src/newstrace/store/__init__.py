"""The SQLite store: one file, WAL, migrations, batch writes, read-only readers.

``open_store(path)`` opens (and migrates) it; table-level helpers live in the
sibling modules. Nothing here reads user input files or runs a stage.
"""

from newstrace.store.db import Store, open_store

__all__ = ["Store", "open_store"]
