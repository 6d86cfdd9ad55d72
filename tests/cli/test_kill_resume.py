"""SIGKILL mid-ingest / mid-analyze: the store opens cleanly and a rerun completes it exactly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newstrace

SRC = str(Path(newstrace.__file__).resolve().parents[1])


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _write_corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            words = " ".join(f"w{(i * 7 + j) % 997}" for j in range(120))
            fh.write(json.dumps({"id": f"r{i}", "title": f"Item {i}", "text": f"Report {i}. {words}."}) + "\n")


def _rows(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("SELECT id, source_record FROM articles").fetchall())
    finally:
        conn.close()


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=0.1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstrace", *args], cwd=cwd, env=_env(), capture_output=True, text=True
    )


@pytest.mark.parametrize("kill_after_rows", [1, 1500])
def test_sigkill_during_ingest_then_rerun_matches_clean_run(tmp_path: Path, kill_after_rows: int) -> None:
    corpus = tmp_path / "big.jsonl"
    _write_corpus(corpus, 4000)
    clean = tmp_path / "clean.db"
    assert _run(["ingest", "-q", "--db", str(clean), str(corpus)], tmp_path).returncode == 0

    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrace", "ingest", "-q", "--db", str(db), str(corpus)],
        cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Poll (bounded number of checks, not a speed limit) until some rows are committed.
    for _ in range(2000):
        if _count(db) >= kill_after_rows or proc.poll() is not None:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    rerun = _run(["ingest", "-q", "--db", str(db), str(corpus)], tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert _rows(db) == _rows(clean)
