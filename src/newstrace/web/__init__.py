"""The local, read-only web app over the store: ``create_app(db_path)`` (Starlette).

Templates and view data are the report's (``newstrace.report``); see ``app.py``.
"""

from newstrace.web.app import create_app

__all__ = ["create_app"]
