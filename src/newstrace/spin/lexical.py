"""Lexical knowledge for restoring spun phrases: word candidates, bigram scores, the lexicon.

A spinner swaps words for thesaurus synonyms one at a time, so the original of
"chilly warfare" is found among the phrases whose every word is the spun word
itself or one of its synonyms, and the right one is the phrase that is a known
collocation: "cold war" is a listed bigram and a WordNet entry, "chilly
warfare" is neither. Candidates per word come from WordNet (synsets and
adjective similar_tos), the Moby thesaurus, and optionally a lexicon of swaps
learned from known spun/original pairs (``Lexicon.from_pairs``); inflection is
carried over ("weapons" -> synonyms of "weapon" -> plural; "backing" also keeps
its own noun synonyms, and an inflected Moby head such as "misleading" its own
entry). Optional: Moby read backwards (the heads whose entry lists the word). A
lexicon also proposes the originals it saw for a synonym of the word (sibling swaps,
optional) and scores keeping a word by how often its pairs kept it. The search over whole phrases, and multiword rules
that change the number of words, are in ``newstrace.spin.restore``.

What it does NOT do: search over phrases (``newstrace.spin.restore``), decide
*whether* a phrase in running text is spun (``newstrace.spin.detect`` does,
using these candidates), or use a source text (``newstrace.spin.combine``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from newstrace.spin.config import SpinConfig
from newstrace.spin.rules import align_pair, phrase_rules
from newstrace.text import phrases, thesaurus, wordnet

if TYPE_CHECKING:
    from newstrace.spin.retrieve import PhraseIndex

__all__ = ["Lexicon", "Restoration", "tokenize", "candidates", "edge_score", "number_key"]

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

    ``word_swaps[spun_word][original_word]`` counts aligned word swaps
    (``newstrace.spin.rules.align_pair``); ``phrases`` are the originals, as
    known fixed expressions.
    """

    word_swaps: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    phrases: Mapping[tuple[str, ...], float] = field(default_factory=dict)
    # (Zipf bucket, has >= 5 WordNet synonyms) -> (kept, seen) over aligned words of the pairs.
    keep_counts: Mapping[tuple[int, bool], tuple[int, int]] = field(default_factory=dict)
    # The same swaps between base forms ("highlights" -> "features" also gives
    # "highlight" -> "feature"), applied to other inflections of the spun word of the same
    # family: keys are "n:base" for bare/plural forms and "v:base" for -ed/-ing forms, so a
    # noun swap center -> core never yields "centered" -> "cored".
    base_swaps: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Multiword rules ("joined along" -> "united", "sickness" -> "artery disease"): spun words ->
    # {original words: count} (``newstrace.spin.rules.phrase_rules``).
    phrase_rules: Mapping[tuple[str, ...], Mapping[tuple[str, ...], int]] = field(
        default_factory=dict
    )
    # How often each spun-side word was aligned to a word, and how often to itself.
    word_seen: Mapping[str, int] = field(default_factory=dict)
    word_kept: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        swaps: dict[str, Counter[str]] = defaultdict(Counter)
        base_swaps: dict[str, Counter[str]] = defaultdict(Counter)
        rules: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
        known: Counter[tuple[str, ...]] = Counter()
        kept: Counter[tuple[int, bool]] = Counter()
        seen: Counter[tuple[int, bool]] = Counter()
        word_seen: Counter[str] = Counter()
        word_kept: Counter[str] = Counter()
        for spun, original in pairs:
            sw, ow = _words(spun), _words(original)
            if ow:
                known[ow] += 1
            if not sw or not ow:
                continue
            segments = align_pair(sw, ow)
            for seg in segments:
                if len(seg.spun) != 1 or len(seg.original) != 1:
                    continue
                s, o = seg.spun[0], seg.original[0]
                b = _keep_bucket(s)
                seen[b] += 1
                word_seen[s] += 1
                if s != o:
                    swaps[s][o] += 1
                    base_swaps[_family_key(s)][_base(o)] += 1
                else:
                    kept[b] += 1
                    word_kept[s] += 1
            for rs, ro in phrase_rules(segments):
                rules[rs][ro] += 1
        keep = {b: (kept[b], n) for b, n in seen.items()}
        return cls(
            {k: dict(v) for k, v in swaps.items()},
            dict(known),
            keep,
            {k: dict(v) for k, v in base_swaps.items()},
            {k: dict(v) for k, v in rules.items()},
            dict(word_seen),
            dict(word_kept),
        )

    def word_keep_logratio(self, word: str) -> float:
        """log(P(kept | word) / 0.5) from how often the pairs kept ``word`` (0.0 when never seen).

        Laplace-smoothed: a word seen once swapped gives log(1/3 / 0.5) = -0.41, seen ten
        times and always swapped log(1/12 / 0.5) = -1.79, always kept +1.79.
        """
        n = self.word_seen.get(word, 0)
        if n == 0:
            return 0.0
        return math.log((self.word_kept.get(word, 0) + 1.0) / (n + 2.0) / 0.5)

    @cached_property
    def phrase_index(self) -> PhraseIndex | None:
        """The known originals embedded for retrieval (``newstrace.spin.retrieve``), or None
        when the embedder is not installed. Built on first use (~5 ms per phrase)."""
        from newstrace.spin import retrieve

        if not self.phrases or not retrieve.available():
            return None
        return retrieve.PhraseIndex(list(self.phrases))

    @cached_property
    def scratch(self) -> dict[str, dict[object, object]]:
        """Per-lexicon caches of derived values (``newstrace.spin.wordmodel``'s feature rows)."""
        return {}

    @cached_property
    def spun_as(self) -> dict[str, dict[str, int]]:
        """The word swaps read the other way: ``{original_word: {spun_word: count}}``."""
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for s, originals in self.word_swaps.items():
            for o, n in originals.items():
                out[o][s] = out[o].get(s, 0) + n
        return dict(out)

    @cached_property
    def number_keys(self) -> frozenset[tuple[str, ...]]:
        """The known originals of 2+ words with their last word made singular (``number_key``)."""
        return frozenset(number_key(ws) for ws in self.phrases if len(ws) > 1)

    @cached_property
    def max_rule_len(self) -> int:
        return max((len(k) for k in self.phrase_rules), default=0)

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
    def first_words(self) -> dict[str, int]:
        """How many known original phrases of 2+ words start with each word (a modifier prior)."""
        out: Counter[str] = Counter(ws[0] for ws in self.phrases if len(ws) > 1)
        return dict(out)

    @cached_property
    def preceders(self) -> dict[str, set[str]]:
        """Bigrams of the known original phrases read backwards: ``{second: {first, ...}}``."""
        out: dict[str, set[str]] = defaultdict(set)
        for a, seconds in self.bigrams.items():
            for b in seconds:
                out[b].add(a)
        return dict(out)

    @cached_property
    def position_words(self) -> dict[tuple[int, int], tuple[str, ...]]:
        """(length, position) -> the words known original phrases have there."""
        out: dict[tuple[int, int], set[str]] = defaultdict(set)
        for n, i, w in self.index:
            out[(n, i)].add(w)
        return {k: tuple(sorted(v)) for k, v in out.items()}

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
    # Labels of the rewritten steps ("wordnet", "moby+lexicon", "lexicon rule ...") and what
    # known phrase the result is ("" when none): inputs of ``newstrace.spin.rerank``.
    labels: tuple[str, ...] = ()
    known: str = ""
    # Cosine of the observed phrase with this restoration when it is a known original of the
    # lexicon and the retrieval embedder ran (``newstrace.spin.retrieve``); 0.0 otherwise.
    similarity: float = 0.0
    # For a known phrase anchored on the observed one (``newstrace.spin.complete``): the
    # relatedness of its weakest free word to the observed word it replaces; 0.0 otherwise.
    relatedness: float = 0.0


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


def number_key(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` with a plural last word made singular ("integrated circuits" -> "... circuit")."""
    if not words:
        return words
    infl = _inflection(words[-1])
    if infl is None or infl[1] != "s":
        return words
    return (*words[:-1], infl[0])


def _kind(word: str) -> str:
    """Inflection of ``word``: "s", "ed", "ing", or "" for a base form."""
    infl = _inflection(word)
    return infl[1] if infl else ""


def _family_key(word: str) -> str:
    """Family key: "n:base" for bare and plural forms, "v:base" for -ed/-ing forms."""
    infl = _inflection(word)
    if infl is None:
        return f"n:{word}"
    return f"{'v' if infl[1] in ('ed', 'ing') else 'n'}:{infl[0]}"


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
def _relations(
    word: str, max_moby: int, min_zipf: float, reverse_k: int = 0, own_moby: bool = False
) -> tuple[tuple[str, str], ...]:
    """(candidate, relation) pairs for ``word``: relation is "wordnet", "moby" or "moby, reverse".

    With ``reverse_k`` > 0, the ``reverse_k`` head words whose Moby entry lists ``word``'s
    base form (Moby read backwards, ``thesaurus.moby_heads``) that share the most
    thesaurus neighbours with it join too, re-inflected like ``word``.
    """
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
    if infl and infl[1] in ("ing", "ed") and word in wordnet.base_forms(word):
        # "backing" and "supervised" are lemmas of their own ("backing" ~ "support"): the
        # own WordNet synonyms are taken as they come (minus the bare verb: "managed" !-> "manage").
        own = _single(wordnet.synonyms(word))
        for c in own - wordnet.base_forms(word):
            if c != word and phrases.zipf(c) >= min_zipf and c not in out:
                out[c] = "wordnet"
    if infl and own_moby:
        # An inflected word that is a Moby head of its own ("misleading", "flying") keeps its
        # own entry as it comes ("misleading" -> "false"): the base's entry re-inflected gives
        # "falsing". Commonest first, up to max_moby, after the base's entry and the word's
        # own WordNet synonyms.
        moby_own = sorted(
            _single(thesaurus.moby_synonyms(word)) - out.keys() - {word},
            key=phrases.zipf,
            reverse=True,
        )
        for c in moby_own[:max_moby]:
            if phrases.zipf(c) >= min_zipf:
                out[c] = "moby"
    if reverse_k > 0:
        from newstrace.spin.complete import relatedness

        for base, kind in bases:
            heads = []
            for h in _single(thesaurus.moby_heads(base)):
                form = _inflect(h, kind) if kind else h
                if form == word or form in out or phrases.zipf(form) < min_zipf:
                    continue
                heads.append((relatedness(base, h), form))
            heads.sort(key=lambda t: (-t[0], t[1]))
            for r, form in heads[:reverse_k]:
                if r > 0:
                    out[form] = "moby, reverse"
    return tuple(sorted(out.items()))


def candidates(
    word: str, config: SpinConfig, lexicon: Lexicon | None = None
) -> dict[str, tuple[float, str]]:
    """Replacement candidates for ``word`` with their node score and evidence label.

    The word itself is always a candidate, with score 0.
    """
    w = word.lower()
    keep = 0.0
    if lexicon is not None:
        keep = config.keep_weight * lexicon.keep_logit(w)
        keep += config.word_keep_weight * lexicon.word_keep_logratio(w)
    out: dict[str, tuple[float, str]] = {w: (keep, "kept")}
    if not w.isalpha():
        return out  # numbers and codes stay
    zw = phrases.zipf(w)
    forms_w = {w} | wordnet.base_forms(w)
    for c, rel in _relations(
        w,
        config.max_moby_per_word,
        config.min_candidate_zipf,
        config.reverse_moby_k,
        config.own_moby_entry,
    ):
        bonus = {"wordnet": config.wordnet_bonus, "moby": config.moby_bonus}.get(
            rel, config.reverse_moby_bonus
        )
        if config.reverse_bonus and _lists(c, forms_w):
            # A spinner looks the ORIGINAL up: the observed word in c's own Moby entry is the
            # direction that matters.
            bonus += config.reverse_bonus
        gain = max(-1.0, min(1.0, phrases.zipf(c) - zw)) * config.zipf_weight
        out[c] = (-config.change_cost + bonus + gain, rel)
    if config.inflection_penalty:
        # A spinner keeps the inflection ("frameworks" stands for "networks", not "network").
        kind_w = _kind(w)
        for c, (sc, rel) in list(out.items()):
            if c != w and _kind(c) != kind_w:
                out[c] = (sc - config.inflection_penalty, rel)
    if lexicon is not None:
        vocab = lexicon.vocab
        for c, (sc, rel) in list(out.items()):
            if c != w and vocab.get(c):
                out[c] = (sc + config.vocab_weight * math.log1p(vocab[c]), rel)
        if config.sibling_bonus is not None:
            # Another synonym of this word was seen swapped for o ("association" here, the lexicon
            # saw "organization" -> "network"): the spinner drew both from o's entry.
            bw = _base(w)
            related = wordnet.synonyms(w) | thesaurus.moby_synonyms(w) | thesaurus.moby_synonyms(bw)
            for t2 in sorted(related & lexicon.word_swaps.keys()):
                for o2, k in lexicon.word_swaps[t2].items():
                    if o2 != w and o2 not in out and o2.isalpha():
                        sc = -config.change_cost + config.sibling_bonus + 0.5 * math.log1p(k)
                        out[o2] = (sc, f"lexicon sibling: saw synonym {t2} -> {o2} {k}x")
        swaps = dict(lexicon.word_swaps.get(w, {}))
        infl = _inflection(w)
        kind = infl[1] if infl else ""
        for b, n in lexicon.base_swaps.get(_family_key(w), {}).items():
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
