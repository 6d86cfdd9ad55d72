"""Restore a spun phrase from lexical knowledge alone (no source text needed).

A spinner swaps words for thesaurus synonyms one at a time, so the original of
"chilly warfare" is found among the phrases whose every word is the spun word
itself or one of its synonyms, and the right one is the phrase that is a known
collocation: "cold war" is a listed bigram and a WordNet entry, "chilly
warfare" is neither. Candidates per word come from WordNet (synsets and
adjective similar_tos), the Moby thesaurus, and optionally a lexicon of swaps
learned from known spun/original pairs (``Lexicon.from_pairs``); inflection is
carried over ("weapons" -> synonyms of "weapon" -> plural). The search is a
beam search over word positions scored by

    sum(node scores: -change_cost + synonym evidence + Zipf gain)
  + sum(edge scores: 1 + 0.5 log10(bigram count / 100k) for listed bigrams)
  + known-phrase bonus (WordNet multiword entry, lexicon original, user corpus)

What it does NOT do: change the number of words (no "resistance framework" ->
"immune system" style swap of a multiword synonym), decide *whether* a phrase
in running text is spun (``newstrace.spin.detect`` does, using these scores),
or use a source text (``newstrace.spin.combine``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from newstrace.spin.config import SpinConfig
from newstrace.text import phrases, thesaurus, wordnet

__all__ = ["Lexicon", "Restoration", "tokenize", "candidates", "restore_phrase", "edge_score"]

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens as ``(start, end, text)``; hyphens and punctuation separate words."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t[2].lower() for t in tokenize(phrase))


def _keep_bucket(word: str) -> tuple[int, bool]:
    # Spinners swap what their thesaurus knows: in the tortured-phrase pairs, words of Zipf 2-3
    # with >= 5 WordNet synonyms are kept 5-12% of the time, Zipf >= 6 words 70-97%.
    return (min(7, int(phrases.zipf(word))), len(wordnet.synonyms(word)) >= 5)


@dataclass(frozen=True)
class Lexicon:
    """Knowledge learned from known (spun, original) pairs.

    ``word_swaps[spun_word][original_word]`` counts aligned word swaps (pairs of
    equal length only); ``phrases`` are the originals, as known fixed expressions.
    """

    word_swaps: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    phrases: Mapping[tuple[str, ...], float] = field(default_factory=dict)
    # (Zipf bucket, has >= 5 WordNet synonyms) -> (kept, seen) over aligned words of the pairs.
    keep_counts: Mapping[tuple[int, bool], tuple[int, int]] = field(default_factory=dict)
    # The same swaps between base forms ("highlights" -> "features" also gives
    # "highlight" -> "feature"), applied to other inflections of the spun word.
    base_swaps: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        swaps: dict[str, Counter[str]] = defaultdict(Counter)
        base_swaps: dict[str, Counter[str]] = defaultdict(Counter)
        known: Counter[tuple[str, ...]] = Counter()
        kept: Counter[tuple[int, bool]] = Counter()
        seen: Counter[tuple[int, bool]] = Counter()
        for spun, original in pairs:
            sw, ow = _words(spun), _words(original)
            if ow:
                known[ow] += 1
            if len(sw) == len(ow):
                for s, o in zip(sw, ow, strict=True):
                    b = _keep_bucket(s)
                    seen[b] += 1
                    if s != o:
                        swaps[s][o] += 1
                        base_swaps[_base(s)][_base(o)] += 1
                    else:
                        kept[b] += 1
        keep = {b: (kept[b], n) for b, n in seen.items()}
        return cls(
            {k: dict(v) for k, v in swaps.items()},
            dict(known),
            keep,
            {k: dict(v) for k, v in base_swaps.items()},
        )

    def keep_logit(self, word: str) -> float:
        """log-odds that a spinner left ``word`` unchanged, from the pairs (0.0 without data)."""
        k, n = self.keep_counts.get(_keep_bucket(word), (0, 0))
        if n == 0:
            return 0.0
        p = (k + 1.0) / (n + 2.0)  # Laplace: a bucket seen 3 times says little
        return math.log(p / (1.0 - p))

    @cached_property
    def vocab(self) -> dict[str, float]:
        """How often each word occurs in the known originals (a domain unigram prior)."""
        out: dict[str, float] = defaultdict(float)
        for ws, n in self.phrases.items():
            for w in ws:
                out[w] += n
        return dict(out)

    @cached_property
    def bigrams(self) -> dict[str, dict[str, float]]:
        """Bigrams of the known original phrases: ``{first: {second: count}}`` (domain collocations)."""
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for ws, n in self.phrases.items():
            for a, b in zip(ws, ws[1:], strict=False):
                out[a][b] = out[a].get(b, 0.0) + n
        return dict(out)

    @cached_property
    def index(self) -> dict[tuple[int, int, str], frozenset[tuple[str, ...]]]:
        """(length, position, word) -> known phrases, built on first use."""
        return _index_phrases(self.phrases)


@dataclass(frozen=True)
class Restoration:
    """One candidate original of a phrase, with its score and why."""

    words: tuple[str, ...]
    score: float
    changed: tuple[int, ...]
    evidence: tuple[str, ...]


def edge_score(a: str, b: str, config: SpinConfig, lexicon: Lexicon | None = None) -> float:
    """Score of the bigram ``a b``: 0 when unlisted, >= 1 when listed (more when frequent).

    A bigram of a known original phrase in ``lexicon`` counts as listed too.
    """
    c = phrases.bigram_count(a, b)
    s = 0.0
    if c > 0:
        s = 1.0 + config.bigram_log_weight * math.log10(c / phrases.KNOWN_BIGRAM_MIN)
    if lexicon is not None:
        n = lexicon.bigrams.get(a, {}).get(b, 0.0)
        if n > 0:
            s = max(s, config.lexicon_bigram_score + config.bigram_log_weight * math.log10(n))
    return s


def _followers(word: str, lexicon: Lexicon | None) -> set[str]:
    out = set(phrases.followers(word))
    if lexicon is not None:
        out.update(lexicon.bigrams.get(word, {}))
    return out


def _inflection(word: str) -> tuple[str, str] | None:
    """(base, suffix kind) when ``word`` is an inflected form of a WordNet base."""
    for b in sorted(wordnet.base_forms(word)):
        if b == word or " " in b:
            continue
        if word.endswith("ies") and b.endswith("y"):
            return b, "s"
        if word.endswith("s"):
            return b, "s"
        if word.endswith("ed"):
            return b, "ed"
        if word.endswith("ing"):
            return b, "ing"
    return None


def _base(word: str) -> str:
    infl = _inflection(word)
    return infl[0] if infl else word


def _inflect(word: str, kind: str) -> str:
    if kind == "s":
        if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            return word[:-1] + "ies"
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        return word + "s"
    if kind == "ed":
        if word.endswith("e"):
            return word + "d"
        if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            return word[:-1] + "ied"
        return word + "ed"
    if kind == "ing":
        if word.endswith("e") and not word.endswith("ee"):
            return word[:-1] + "ing"
        return word + "ing"
    return word


def _single(words: Iterable[str]) -> set[str]:
    return {w for w in words if w.isalpha()}


@lru_cache(maxsize=65536)
def _relations(word: str, max_moby: int, min_zipf: float) -> tuple[tuple[str, str], ...]:
    """(candidate, relation) pairs for ``word``: relation is "wordnet" or "moby"."""
    out: dict[str, str] = {}
    infl = _inflection(word)
    # WordNet looks inflected forms up by their base ("targets" -> target's synsets), so an
    # inflected word's synonyms are re-inflected from the base, never taken as they come.
    bases = [infl] if infl else [(word, "")]
    for base, kind in bases:
        wn_syn = _single(wordnet.synonyms(base))
        moby = sorted(
            _single(thesaurus.moby_synonyms(base)) - wn_syn, key=phrases.zipf, reverse=True
        )
        for rel, group in (("wordnet", wn_syn), ("moby", moby[:max_moby])):
            for c in group:
                form = _inflect(c, kind) if kind else c
                if form == word or phrases.zipf(form) < min_zipf:
                    continue
                if out.get(form) != "wordnet":
                    out[form] = rel
    return tuple(sorted(out.items()))


def candidates(
    word: str, config: SpinConfig, lexicon: Lexicon | None = None
) -> dict[str, tuple[float, str]]:
    """Replacement candidates for ``word`` with their node score and evidence label.

    The word itself is always a candidate, with score 0.
    """
    w = word.lower()
    keep = config.keep_weight * lexicon.keep_logit(w) if lexicon is not None else 0.0
    out: dict[str, tuple[float, str]] = {w: (keep, "kept")}
    if not w.isalpha():
        return out  # numbers and codes stay
    zw = phrases.zipf(w)
    forms_w = {w} | wordnet.base_forms(w)
    for c, rel in _relations(w, config.max_moby_per_word, config.min_candidate_zipf):
        bonus = config.wordnet_bonus if rel == "wordnet" else config.moby_bonus
        if config.reverse_bonus and _lists(c, forms_w):
            # A spinner looks the ORIGINAL up: the observed word in c's own Moby entry is the
            # direction that matters.
            bonus += config.reverse_bonus
        gain = max(-1.0, min(1.0, phrases.zipf(c) - zw)) * config.zipf_weight
        out[c] = (-config.change_cost + bonus + gain, rel)
    if lexicon is not None:
        vocab = lexicon.vocab
        for c, (sc, rel) in list(out.items()):
            if c != w and vocab.get(c):
                out[c] = (sc + config.vocab_weight * math.log1p(vocab[c]), rel)
        swaps = dict(lexicon.word_swaps.get(w, {}))
        infl = _inflection(w)
        stem, kind = infl if infl else (w, "")
        for b, n in lexicon.base_swaps.get(stem, {}).items():
            c = _inflect(b, kind) if kind else b
            if c != w and c not in swaps:
                swaps[c] = n
        for c, n in swaps.items():
            prior, label = out.get(c, (-config.change_cost, "lexicon"))
            extra = config.lexicon_weight * math.log1p(n)
            out[c] = (prior + extra, f"{label}+lexicon" if label != "lexicon" else label)
    return out


def _lists(head: str, words: set[str] | frozenset[str]) -> bool:
    """True when Moby's entry for ``head`` (or its base form) lists one of ``words``."""
    return any(thesaurus.moby_synonyms(h) & words for h in {head} | wordnet.base_forms(head))


@lru_cache(maxsize=1)
def _wordnet_phrase_index() -> dict[tuple[int, int, str], frozenset[tuple[str, ...]]]:
    return _index_phrases(_words(p) for p in wordnet.multiword_expressions())


def _index_phrases(
    items: Iterable[tuple[str, ...]],
) -> dict[tuple[int, int, str], frozenset[tuple[str, ...]]]:
    idx: dict[tuple[int, int, str], set[tuple[str, ...]]] = defaultdict(set)
    for ws in items:
        n = len(ws)
        if n < 2:
            continue
        for i, w in enumerate(ws):
            idx[(n, i, w)].add(ws)
    return {k: frozenset(v) for k, v in idx.items()}


def _match_known(
    cands: Sequence[Mapping[str, object]],
    index: Mapping[tuple[int, int, str], frozenset[tuple[str, ...]]],
) -> set[tuple[str, ...]]:
    n = len(cands)
    found: set[tuple[str, ...]] | None = None
    for i, cs in enumerate(cands):
        here: set[tuple[str, ...]] = set()
        for c in cs:
            here |= index.get((n, i, c), frozenset())
        found = here if found is None else found & here
        if not found:
            return set()
    return found or set()


def _score_path(
    path: Sequence[str],
    cands: Sequence[Mapping[str, tuple[float, str]]],
    config: SpinConfig,
    lexicon: Lexicon | None,
) -> float:
    s = sum(cands[i][w][0] for i, w in enumerate(path))
    pairs = zip(path, path[1:], strict=False)
    return s + sum(edge_score(a, b, config, lexicon) for a, b in pairs)


def restore_phrase(
    words: Sequence[str],
    config: SpinConfig | None = None,
    lexicon: Lexicon | None = None,
    corpus_phrase_counts: Mapping[str, float] | None = None,
    exclude_identity: bool = True,
) -> list[Restoration]:
    """Best candidate originals of the phrase ``words``, best first (at most ``config.top_k``).

    ``corpus_phrase_counts`` maps lowercased phrases ("cold war") to how often
    they occur in the user's own corpus. With ``exclude_identity`` the phrase
    itself is never returned (use False to compare it with its variants).
    """
    cfg = config or SpinConfig()
    obs = tuple(w.lower() for w in words)
    if not obs:
        return []
    cands = [candidates(w, cfg, lexicon) for w in obs]
    n = len(obs)

    # Beam search, pruned with a one-step lookahead on the best next edge.
    def lookahead(i: int, w: str) -> float:
        if i + 1 >= n:
            return 0.0
        nxt = cands[i + 1]
        best = max(nxt[d][0] for d in nxt)
        for d in _followers(w, lexicon) & nxt.keys():
            best = max(best, nxt[d][0] + edge_score(w, d, cfg, lexicon))
        return best

    beam: list[tuple[float, tuple[str, ...]]] = [(s, (w,)) for w, (s, _) in cands[0].items()]
    beam.sort(key=lambda t: t[0] + lookahead(0, t[1][-1]), reverse=True)
    beam = beam[: cfg.beam_width]
    for i in range(1, n):
        nxt = cands[i]
        top_nodes = sorted(nxt, key=lambda d: nxt[d][0], reverse=True)[:8]
        grown: dict[tuple[str, ...], float] = {}
        for s, path in beam:
            last = path[-1]
            succ = set(top_nodes) | (_followers(last, lexicon) & nxt.keys())
            for d in succ:
                p = (*path, d)
                grown[p] = s + nxt[d][0] + edge_score(last, d, cfg, lexicon)
        ranked = sorted(grown.items(), key=lambda t: t[1] + lookahead(i, t[0][-1]), reverse=True)
        beam = [(s, p) for p, s in ranked[: cfg.beam_width]]

    scored: dict[tuple[str, ...], float] = {p: s for s, p in beam}
    known: dict[tuple[str, ...], str] = {}
    for p in _match_known(cands, _wordnet_phrase_index()):
        known[p] = "WordNet entry"
    if lexicon is not None and lexicon.phrases:
        for p in _match_known(cands, lexicon.index):
            known.setdefault(p, "known original phrase (lexicon)")
    corpus: dict[tuple[str, ...], float] = {}
    if corpus_phrase_counts:
        for phrase, count in corpus_phrase_counts.items():
            ws = _words(phrase)
            if len(ws) == n and all(w in cands[i] for i, w in enumerate(ws)) and count > 0:
                corpus[ws] = float(count)
    for p in list(known) + list(corpus):
        if p not in scored:
            scored[p] = _score_path(p, cands, cfg, lexicon)
    out: list[Restoration] = []
    for p, s in scored.items():
        if exclude_identity and p == obs:
            continue
        ev: list[str] = []
        total = s
        if p in known:
            total += cfg.known_phrase_bonus
            ev.append(f"'{' '.join(p)}' is a {known[p]}")
        if p in corpus:
            total += cfg.corpus_weight * math.log10(1 + corpus[p])
            ev.append(f"'{' '.join(p)}' occurs {corpus[p]:g} times in the corpus")
        changed = tuple(i for i in range(n) if p[i] != obs[i])
        for i in changed:
            ev.append(f"{obs[i]} -> {p[i]} ({cands[i][p[i]][1]})")
        for a, b in zip(p, p[1:], strict=False):
            c = phrases.bigram_count(a, b)
            if c > 0 and (a, b) not in zip(obs, obs[1:], strict=False):
                ev.append(f"'{a} {b}' is a listed bigram ({c:,.0f})")
        out.append(Restoration(p, total, changed, tuple(ev)))
    out.sort(key=lambda r: (-r.score, r.words))
    return out[: cfg.top_k]
