"""``newstrace spin`` / ``despin`` on invented files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.text import wordnet

pytestmark = pytest.mark.skipif(not wordnet.available(), reason="wn/nltk missing")

SPUN = "During the Chilly Warfare, the two powers stockpiled organic weapons.\n"
SIB = "During the Cold War, the two powers stockpiled biological weapons.\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "spun.txt"
    b = tmp_path / "other.txt"
    a.write_text(SPUN, encoding="utf-8")
    b.write_text(SIB, encoding="utf-8")
    return a, b


def test_spin_json_shape(files: tuple[Path, Path]) -> None:
    a, b = files
    res = CliRunner().invoke(main, ["spin", str(a), "--sibling", str(b), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out[0]["file"] == str(a)
    assert set(out[0]) == {"file", "score", "spun", "spans"}
    spans = out[0]["spans"]
    assert spans and set(spans[0]) == {"start", "end", "text", "original", "confidence", "evidence"}
    for s in spans:
        assert SPUN[s["start"] : s["end"]] == s["text"]
    assert {"organic": "biological"}.items() <= {s["text"]: s["original"] for s in spans}.items()


def test_despin_marks_changes(files: tuple[Path, Path]) -> None:
    a, b = files
    res = CliRunner().invoke(main, ["despin", str(a), "--sibling", str(b)])
    assert res.exit_code == 0, res.output
    assert "[organic→biological]" in res.output
    res = CliRunner().invoke(main, ["despin", str(a), "--sibling", str(b), "--json"])
    rec = json.loads(res.output)
    assert "biological weapons" in rec["restored"] and "→" in rec["marked"]


def test_spin_against_source(files: tuple[Path, Path]) -> None:
    a, b = files
    res = CliRunner().invoke(main, ["spin", str(a), "--against", str(b), "--json"])
    assert res.exit_code == 0, res.output
    spans = json.loads(res.output)[0]["spans"]
    assert any(s["original"] == "biological" and s["confidence"] >= 0.9 for s in spans)


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["spin", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert "cannot read" in res.output
