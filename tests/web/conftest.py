"""Fixtures for the report and web-app tests: one invented store per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.store import Store, open_store

from .fixtures import Fixture, build_store


@pytest.fixture(scope="session")
def fx(tmp_path_factory: pytest.TempPathFactory) -> Fixture:
    return build_store(tmp_path_factory.mktemp("webstore") / "news.db")


@pytest.fixture
def store(fx: Fixture) -> Iterator[Store]:
    s = open_store(fx.path, readonly=True)
    yield s
    s.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep their screenshots (gitignored /artifacts/)."""
    d = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    d.mkdir(parents=True, exist_ok=True)
    return d
