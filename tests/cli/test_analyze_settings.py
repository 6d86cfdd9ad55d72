"""``analyze --config FILE --set SECTION.KEY=VALUE``: the stage settings, recorded in the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_analyze_cli import CORPUS, run

from newstrace.cli import main
from newstrace.engine.settings import RunSettings, build_settings, read_settings
from newstrace.errors import ConfigError
from newstrace.reuse.config import ReuseConfig

# The example corpus has short wire copies: at 100,000 aligned characters only the edges
# that need no minimum (near-duplicates of whole texts) remain.
STRICT = "reuse.min_aligned_chars=100000"


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


# -- the file verbs take their own stage's settings ------------------------------------------
WIRE = CORPUS / "continental-wire_brennick-floods.txt"


def test_compare_takes_align_settings(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    found = json.loads(run("compare", "--json", str(WIRE), str(copy)))
    assert found["relation"] == "verbatim" and found["passages"]
    # a verbatim copy needs a similarity above 1 here: the same copy is then a near-duplicate
    strict = ("--set", "align.verbatim_similarity=1.01")
    near = json.loads(run("compare", "--json", *strict, str(WIRE), str(copy)))
    assert near["relation"] == "near_duplicate"
    pairs_file = tmp_path / "pairs.tsv"
    pairs_file.write_text(f"{WIRE}\t{copy}\n{WIRE}\t{copy}\n", encoding="utf-8")
    rows = [json.loads(x) for x in run("compare", "--pairs", str(pairs_file), "--json", *strict).splitlines()]
    assert [r["relation"] for r in rows] == ["near_duplicate", "near_duplicate"]


def test_quotes_take_claims_settings() -> None:
    some = json.loads(run("quotes", "--json", str(WIRE)))[0]["quotes"]
    none = json.loads(run("quotes", "--json", "--set", "claims.min_direct_words=500",
                          "--set", "claims.min_indirect_words=500", str(WIRE)))[0]["quotes"]
    assert len(none) < len(some)


def test_restore_takes_spin_settings_and_refuses_other_sections(tmp_path: Path) -> None:
    five = json.loads(run("restore", "--json", "chilly warfare"))[0]
    one = json.loads(run("restore", "--json", "--set", "spin.top_k=1", "chilly warfare"))[0]
    key = next(k for k, v in five.items() if isinstance(v, list))
    assert len(five[key]) > 1 and len(one[key]) == 1
    assert "takes only spin.* settings" in fails("spin", "--set", "align.max_gap=3", str(WIRE))
    # a config file shared with analyze: the other stages' sections are left alone
    conf = tmp_path / "run.toml"
    conf.write_text("[align]\nmax_gap = 3\n[spin]\ntop_k = 1\n", encoding="utf-8")
    assert json.loads(run("restore", "--json", "--config", str(conf), "chilly warfare"))[0][key] == one[key]


def test_settings_verb_prints_toml_that_config_reads_back(example_db: Path, tmp_path: Path) -> None:
    assert run("settings", "--db", str(example_db)) == ""  # analysed with the defaults
    db = tmp_path / "s.db"
    run("analyze", "-q", "--db", str(db), "--processes", "1", "--no-claims", "--no-stories",
        "--set", STRICT, "--set", "stories.shared_neighbours=6,8", str(WIRE))
    out = run("settings", "--db", str(db))
    assert out == "[reuse]\nmin_aligned_chars = 100000\n\n[stories]\nshared_neighbours = [6, 8]\n"
    assert json.loads(run("settings", "--db", str(db), "--json")) == {
        "reuse": {"min_aligned_chars": 100000}, "stories": {"shared_neighbours": [6, 8]}}
    # every setting, defaults included, read back by --config gives the same settings
    full = tmp_path / "all.toml"
    full.write_text(run("settings", "--db", str(db), "--all"), encoding="utf-8")
    again = build_settings(read_settings(full, []))
    assert again == build_settings(read_settings(None, [STRICT, "stories.shared_neighbours=6,8"]))
