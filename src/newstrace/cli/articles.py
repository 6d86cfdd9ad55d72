"""Verbs over stored articles: ``ingest``, ``articles``, ``show``, ``search``."""

from __future__ import annotations

from newstrace.cli.app import main  # noqa: F401
