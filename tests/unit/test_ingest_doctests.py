"""The examples in the ingest and normalize docstrings are run as tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "newstrace.ingest.base",
    "newstrace.ingest.config",
    "newstrace.ingest.credits",
    "newstrace.ingest.detect",
    "newstrace.ingest.ids",
    "newstrace.ingest.jsonl",
    "newstrace.ingest.metadata",
    "newstrace.ingest.text",
    "newstrace.text.normalize",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
