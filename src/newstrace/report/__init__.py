"""The static HTML report and the view data shared with the web app.

``render_report(store)`` returns one self-contained HTML document (inline CSS and
JS, no network); ``build`` holds the view data, ``svg`` the pictures, and
``templates/`` the Jinja2 templates (autoescaped) that the web app shares.
"""

from newstrace.report.render import make_env, render_report, write_report

__all__ = ["make_env", "render_report", "write_report"]
