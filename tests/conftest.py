"""Shared fixtures. ``shared_data`` skips a test cleanly when ../shared/data is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"


def shared_data_dir() -> Path | None:
    """Where the third-party evaluation data lives: $NEWSTRACE_DATA or ../shared/data."""
    env = os.environ.get("NEWSTRACE_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data")
    for c in candidates:
        if c.is_dir():
            return c
    return None


@pytest.fixture
def shared_data() -> Path:
    d = shared_data_dir()
    if d is None:
        pytest.skip("../shared/data is absent")
    return d


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no test is a failure, never a silent pass (pytest exits 5 then)."""
    if exitstatus == 5:
        session.exitstatus = 1


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus analysed once per test session by ``newstrace analyze`` (read-only use:
    copy it before writing). A failing analyze fails the tests that use it; it never skips."""
    from click.testing import CliRunner

    from newstrace.cli import main

    db = tmp_path_factory.mktemp("example") / "example.db"
    res = CliRunner().invoke(main, ["analyze", "-q", "--db", str(db), "--processes", "1", str(EXAMPLES)])
    if res.exit_code != 0:
        raise RuntimeError(f"analyze failed on the example corpus: {res.output}") from res.exception
    return db
