"""`analyze --lexicon FILE`: a list of known spins is stored, reused by later runs, and a
change of list rechecks every article (the example corpus; the listed pair is invented)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from newstrace.cli import main


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def listed(db: Path) -> list[dict]:
    out = run("export", "--db", str(db), "--what", "spins")
    spins = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [s for s in spins if s["evidence"][0] == "evidence: known"]


def test_lexicon_is_stored_reused_and_dropped(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    assert listed(db) == []
    lex = tmp_path / "known.tsv"
    lex.write_text("fuel depot\tpetrol store\n", encoding="utf-8")
    common = ("analyze", "-q", "--db", str(db), "--processes", "1", "--no-claims", "--no-stories")
    run(*common, "--lexicon", str(lex))  # no new articles: the new list alone rechecks them
    found = listed(db)
    assert len({s["article_id"] for s in found}) >= 3  # the wire story and its copies
    for s in found:
        assert s["text"].lower().replace("-", " ") == "fuel depot"
        assert s["original"].lower() == "petrol store" and str(lex) in s["evidence"][1]
    run(*common)  # without the option the stored list stays in force
    assert listed(db) == found
    run(*common, "--no-lexicon")
    assert listed(db) == []
    res = CliRunner().invoke(main, [*common, "--lexicon", str(lex), "--no-lexicon"])
    assert res.exit_code != 0 and "exclude each other" in res.output


def test_bad_lexicon_fails_before_any_work(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("one field only\n", encoding="utf-8")
    db = tmp_path / "new.db"
    res = CliRunner().invoke(main, ["analyze", "-q", "--db", str(db), "--lexicon", str(bad), str(tmp_path)])
    assert res.exit_code != 0 and f"{bad}:1" in res.output
    assert not db.exists()  # nothing ingested or indexed
