"""The ``quotes`` and ``figures`` verbs over files: JSON shape and offsets into the file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newstrace.cli import main

TEXT = "“We will not back down,” Mayor Ann Lee said on Monday.\r\nShe said taxes would fall by 5 per cent next year.\n"


def _write(tmp_path: Path) -> Path:
    p = tmp_path / "art.txt"
    p.write_bytes(TEXT.encode("utf-8"))
    return p


def test_quotes_json_offsets_index_the_file(tmp_path: Path) -> None:
    p = _write(tmp_path)
    res = CliRunner().invoke(main, ["quotes", str(p), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["file"] == str(p)
    text = p.read_bytes().decode("utf-8")  # CRLF kept, as newline="" reads it
    quotes = data[0]["quotes"]
    assert quotes, "no quotes found"
    keys = {"start", "end", "text", "speaker", "speaker_start", "speaker_end", "speaker_resolved", "role", "cue", "direct"}
    for q in quotes:
        assert set(q) == keys
        assert text[q["start"] : q["end"]] == q["text"]
        if q["speaker"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker"]
    assert quotes[0]["text"] == "“We will not back down,”" and quotes[0]["direct"] is True


def test_quotes_table_and_figures(tmp_path: Path) -> None:
    p = _write(tmp_path)
    res = CliRunner().invoke(main, ["quotes", str(p)])
    assert res.exit_code == 0 and "quotes" in res.output
    res = CliRunner().invoke(main, ["figures", str(p), "--json"])
    assert res.exit_code == 0, res.output
    figs = json.loads(res.output)[0]["figures"]
    text = p.read_bytes().decode("utf-8")
    assert [f["text"] for f in figs] == ["5 per cent"]
    assert text[figs[0]["start"] : figs[0]["end"]] == "5 per cent" and figs[0]["unit"] == "%"
