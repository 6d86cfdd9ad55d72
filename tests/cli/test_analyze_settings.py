"""``analyze --config FILE --set SECTION.KEY=VALUE``: the stage settings, recorded in the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.engine.settings import RunSettings, build_settings, read_settings
from newstrace.errors import ConfigError
from newstrace.reuse.config import ReuseConfig

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
# The example corpus has short wire copies: at 100,000 aligned characters only the edges
# that need no minimum (near-duplicates of whole texts) remain.
STRICT = "reuse.min_aligned_chars=100000"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def fails(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def pairs(db: Path) -> list[tuple[str, str, str]]:
    out = run("export", "--db", str(db), "--what", "pairs")
    return sorted((p["source"]["id"], p["derived"]["id"], p["kind"]) for p in map(json.loads, out.splitlines()))


def test_a_setting_changes_the_edges_and_later_batches_keep_it(example_db: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.db"
    out = run("analyze", "-q", "--db", str(one), "--processes", "1", "--set", STRICT, str(CORPUS))
    assert f"settings: {STRICT}" in out
    strict = pairs(one)
    assert 0 < len(strict) < len(pairs(example_db))
    # Two batches, the setting given only with the first: the second continues with it.
    two = tmp_path / "two.db"
    files = sorted(CORPUS.iterdir())
    run("analyze", "-q", "--db", str(two), "--processes", "1", "--set", STRICT, *map(str, files[:3]))
    out = run("analyze", "-q", "--db", str(two), "--processes", "2", *map(str, files[3:]))
    assert f"settings: {STRICT}" in out
    assert pairs(two) == strict


def test_a_change_to_a_stage_with_results_is_refused_and_nothing_changes(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "ex.db"
    shutil.copy(example_db, db)
    before = db.read_bytes()
    out = fails("analyze", "-q", "--db", str(db), "--set", STRICT)
    assert "the store's reuse results were made with the defaults" in out
    assert STRICT in out
    assert db.read_bytes() == before


def test_a_stage_without_results_takes_new_settings(tmp_path: Path) -> None:
    db = tmp_path / "nospin.db"
    run("analyze", "-q", "--db", str(db), "--processes", "1", "--no-spin", str(CORPUS))
    out = run("analyze", "-q", "--db", str(db), "--processes", "1", "--set", "spin.spun_min_spans=3")
    assert "settings: spin.spun_min_spans=3" in out
    # no --set means "the recorded settings", not "the defaults"
    assert "settings: spin.spun_min_spans=3" in run("analyze", "-q", "--db", str(db))
    # now spin has results: going back to the default is refused
    out = fails("analyze", "-q", "--db", str(db), "--set", "spin.spun_min_spans=2")
    assert "spin results were made with spin.spun_min_spans=3; this run asks for the defaults" in out


def test_config_file_sections_and_set_on_top(tmp_path: Path) -> None:
    conf = tmp_path / "run.toml"
    conf.write_text("[reuse]\nmin_aligned_chars = 500\nweight_date = 1.5\n[stories]\nshared_neighbours = [6, 8]\n",
                    encoding="utf-8")
    s = build_settings(read_settings(conf, ["reuse.min_aligned_chars=700"]))
    assert s.reuse.min_aligned_chars == 700 and s.reuse.weight_date == 1.5
    assert s.stories.shared_neighbours == (6, 8)
    assert s.changed() == {"reuse": {"min_aligned_chars": 700, "weight_date": 1.5}, "stories": {"shared_neighbours": [6, 8]}}
    # the recorded form builds the same settings again
    assert build_settings(s.changed()) == s
    assert RunSettings().changed() == {} and RunSettings().describe() == ""


def test_a_tuple_of_numbers_keeps_its_type_from_set() -> None:
    s = build_settings(read_settings(None, ["spin.node_weights=1,2.5"]))
    assert s.spin.node_weights == (1.0, 2.5)
    assert ReuseConfig() == s.reuse


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "bogus.x=1"], "unknown section 'bogus'"),
        (["--set", "reuse.nope=1"], "reuse: unknown setting 'nope'"),
        (["--set", "reuse.min_aligned_chars=abc"], "reuse.min_aligned_chars: cannot use 'abc'"),
        (["--set", "reuse"], "expected SECTION.KEY=VALUE"),
        (["--config", "missing.toml"], "missing.toml: config file not found"),
    ],
)
def test_bad_settings_fail_before_the_store_is_made(tmp_path: Path, args: list[str], message: str) -> None:
    db = tmp_path / "new.db"
    assert message in fails("analyze", "-q", "--db", str(db), *args, str(CORPUS))
    assert not db.exists()


def test_a_bad_toml_section_names_the_file(tmp_path: Path) -> None:
    conf = tmp_path / "bad.toml"
    conf.write_text("reuse = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml: 'reuse' must be a table"):
        read_settings(conf, [])
