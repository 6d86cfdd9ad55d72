"""``newstrace compare``: one pair (summary and JSON) and --pairs JSONL with offsets into the files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newstrace.cli import main

A = (
    "During the Cold War the island hosted a radar station that was closed in 1991.\r\n"
    "Local historians want the abandoned building turned into a museum about biological weapons research. "
    "A petition with four thousand signatures was handed to the mayor last week.\r\n"
)
B = (
    "Opinion — café society.\r\n"
    "During the Chilly Warfare the isle hosted a radar post that was shut in 1991.\r\n"
    "Regional historians want the deserted structure converted into a gallery about organic weapons study. "
    "A request with four thousand autographs was passed to the mayor final week.\r\n"
)
C = "Tennis fans queued overnight for tickets to the final, which was delayed by rain for hours.\n"


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    pa, pb, pc = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    pa.write_bytes(A.encode("utf-8"))
    pb.write_bytes(B.encode("utf-8"))
    pc.write_bytes(C.encode("utf-8"))
    return pa, pb, pc


def test_compare_json_offsets_index_the_files(tmp_path: Path) -> None:
    pa, pb, _ = _files(tmp_path)
    r = CliRunner().invoke(main, ["compare", str(pa), str(pb), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["relation"] == "spun"
    a_text = pa.read_bytes().decode("utf-8")
    b_text = pb.read_bytes().decode("utf-8")
    assert d["passages"]
    for s in d["substitutions"]:
        assert a_text[s["a_start"] : s["a_end"]] == s["a_text"]
        assert b_text[s["b_start"] : s["b_end"]] == s["b_text"]
    assert {"a_text": "Cold War", "b_text": "Chilly Warfare"}.items() <= next(
        s for s in d["substitutions"] if s["a_text"] == "Cold War"
    ).items()


def test_compare_summary(tmp_path: Path) -> None:
    pa, pb, pc = _files(tmp_path)
    r = CliRunner().invoke(main, ["compare", str(pa), str(pb)])
    assert r.exit_code == 0, r.output
    assert "relation: spun" in r.output and "'Cold War' -> " in r.output
    r = CliRunner().invoke(main, ["compare", str(pa), str(pc)])
    assert "relation: unrelated" in r.output


def test_compare_pairs_jsonl(tmp_path: Path) -> None:
    pa, pb, pc = _files(tmp_path)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"{pa}\t{pb}\n# comment\n\n{pa} {pc}\nb.txt\ta.txt\n", encoding="utf-8")
    for procs in ("1", "2"):
        r = CliRunner().invoke(
            main, ["compare", "--pairs", str(pairs), "--json", "--processes", procs]
        )
        assert r.exit_code == 0, r.output
        rows = [json.loads(line) for line in r.output.splitlines()]
        assert [row["relation"] for row in rows] == ["spun", "unrelated", "spun"]
        assert rows[0]["a"] == str(pa) and rows[0]["b"] == str(pb)
        assert rows[2]["a"].endswith("b.txt")  # resolved next to the pairs file


def test_compare_errors(tmp_path: Path) -> None:
    pa, _, _ = _files(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8 \xc3")
    r = CliRunner().invoke(main, ["compare", str(pa), str(bad)])
    assert r.exit_code == 2 and "UTF-8" in r.output
    r = CliRunner().invoke(main, ["compare", str(pa)])
    assert r.exit_code != 0
    r = CliRunner().invoke(main, ["compare", str(pa), str(tmp_path / "missing.txt")])
    assert r.exit_code == 2
