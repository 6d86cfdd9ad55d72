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
from newstrace.spin.rules import align_pair, phrase_rules
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


def _family_key(word: str) -> str:
    """"n:base" for bare and plural forms, "v:base" for -ed/-ing forms (see ``base_swaps``)."""
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
def _relations(word: str, max_moby: int, min_zipf: float) -> tuple[tuple[str, str], ...]:
    """(candidate, relation) pairs for ``word``: relation is "wordnet" or "moby"."""
    out: dict[str, str] = {}
    infl = _inflection(word)
    # WordNet looks inflected forms up by their base ("targets" -> target's synsets), so an
    # inflected word's synonyms are re-inflected from the base, never taken as they come.
    bases = [infl] if infl else [(word, "")]
    if infl and infl[1] in ("ing", "ed") and word in wordnet.base_forms(word):
        # "backing" and "supervised" are lemmas of their own ("backing" ~ "support"): their
        # synonyms are taken as they come, besides the re-inflected ones of the verb.
        bases.append((word, ""))
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
    keep = 0.0
    if lexicon is not None:
        keep = config.keep_weight * lexicon.keep_logit(w)
        keep += config.word_keep_weight * lexicon.word_keep_logratio(w)
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


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _soft_candidates(
    obs: Sequence[str],
    cands: Sequence[Mapping[str, tuple[float, str]]],
    config: SpinConfig,
    lexicon: Lexicon,
) -> list[dict[str, tuple[float, str]]]:
    """Candidates widened with words of known original phrases of the same length.

    A known original's word at the same position counts as a candidate when the
    spinner's thesaurus could have produced the observed word from it (the observed word
    is in its Moby entry: the reverse of the usual lookup) or when both share a stem of at
    least ``config.soft_min_prefix`` letters ("resonation" / "resonance"). Used only to
    match known original phrases, never in the open search.
    """
    n = len(obs)
    out: list[dict[str, tuple[float, str]]] = []
    for i, w in enumerate(obs):
        here = dict(cands[i])
        bw = _base(w)
        for v in lexicon.position_words.get((n, i), ()):
            if v in here or not w.isalpha():
                continue
            if w in thesaurus.moby_synonyms(v) or bw in thesaurus.moby_synonyms(_base(v)):
                here[v] = (-config.change_cost + config.soft_bonus, "moby, reverse")
            elif _common_prefix(w, v) >= config.soft_min_prefix:
                here[v] = (-config.change_cost + config.soft_bonus, "same stem")
        out.append(here)
    return out


def _score_path(
    path: Sequence[str],
    cands: Sequence[Mapping[str, tuple[float, str]]],
    config: SpinConfig,
    lexicon: Lexicon | None,
) -> float:
    s = sum(cands[i][w][0] for i, w in enumerate(path))
    pairs = zip(path, path[1:], strict=False)
    return s + sum(edge_score(a, b, config, lexicon) for a, b in pairs)


@dataclass(frozen=True)
class _Step:
    """One step of a decoding: observed words [start, end) rewritten as ``out``."""

    start: int
    end: int
    out: tuple[str, ...]
    label: str


def _rule_options(
    obs: Sequence[str], i: int, config: SpinConfig, lexicon: Lexicon | None
) -> list[tuple[_Step, float]]:
    """Multiword lexicon rules that apply at position ``i``, with their node scores."""
    if lexicon is None or not lexicon.phrase_rules:
        return []
    out: list[tuple[_Step, float]] = []
    for k in range(1, min(lexicon.max_rule_len, len(obs) - i) + 1):
        span = tuple(obs[i : i + k])
        for orig, n in lexicon.phrase_rules.get(span, {}).items():
            if not orig:
                continue
            sc = -config.change_cost + config.rule_bonus + config.rule_weight * math.log1p(n)
            label = f"lexicon rule '{' '.join(span)}' -> '{' '.join(orig)}' (seen {n}x)"
            out.append((_Step(i, i + k, orig, label), sc))
    return out


def _inner_edges(words: Sequence[str], config: SpinConfig, lexicon: Lexicon | None) -> float:
    return sum(edge_score(a, b, config, lexicon) for a, b in zip(words, words[1:], strict=False))


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
    A lexicon's multiword rules may change the number of words; ``changed``
    then lists the observed positions that were rewritten.
    """
    cfg = config or SpinConfig()
    obs = tuple(w.lower() for w in words)
    if not obs:
        return []
    cands = [candidates(w, cfg, lexicon) for w in obs]
    n = len(obs)

    def lookahead(i: int, w: str) -> float:
        # Best next node plus edge from ``w`` into position i + 1 (a one-step heuristic).
        if i + 1 >= n:
            return 0.0
        nxt = cands[i + 1]
        best = max(nxt[d][0] for d in nxt)
        for d in _followers(w, lexicon) & nxt.keys():
            best = max(best, nxt[d][0] + edge_score(w, d, cfg, lexicon))
        return best

    # Stack decoding: stacks[i] holds hypotheses that rewrote the first i observed words,
    # keyed by their output words (the best-scoring way to reach each output is kept).
    Hyp = tuple[float, tuple[_Step, ...]]
    stacks: list[dict[tuple[str, ...], Hyp]] = [{} for _ in range(n + 1)]
    stacks[0][()] = (0.0, ())

    def push(j: int, out: tuple[str, ...], score: float, steps: tuple[_Step, ...]) -> None:
        cur = stacks[j].get(out)
        if cur is None or score > cur[0]:
            stacks[j][out] = (score, steps)

    for i in range(n):
        here = stacks[i]
        if not here:
            continue
        ranked = sorted(
            here.items(),
            key=lambda t: t[1][0] + (lookahead(i - 1, t[0][-1]) if t[0] else 0.0),
            reverse=True,
        )[: cfg.beam_width]
        nxt = cands[i]
        top_nodes = sorted(nxt, key=lambda d: nxt[d][0], reverse=True)[:8]
        rules = _rule_options(obs, i, cfg, lexicon)
        for out, (s, steps) in ranked:
            last = out[-1] if out else None
            succ = set(top_nodes)
            if last is not None:
                succ |= _followers(last, lexicon) & nxt.keys()
            for d in succ:
                edge = edge_score(last, d, cfg, lexicon) if last is not None else 0.0
                step = _Step(i, i + 1, (d,), nxt[d][1])
                push(i + 1, (*out, d), s + nxt[d][0] + edge, (*steps, step))
            for step, sc in rules:
                edge = edge_score(last, step.out[0], cfg, lexicon) if last is not None else 0.0
                total = s + sc + edge + _inner_edges(step.out, cfg, lexicon)
                push(step.end, out + step.out, total, (*steps, step))

    final = dict(sorted(stacks[n].items(), key=lambda t: -t[1][0])[: cfg.beam_width])
    known: dict[tuple[str, ...], str] = {}
    for p in _match_known(cands, _wordnet_phrase_index()):
        known[p] = "WordNet entry"
    if lexicon is not None and lexicon.phrases:
        soft = _soft_candidates(obs, cands, cfg, lexicon) if cfg.soft_match else cands
        for p in _match_known(soft, lexicon.index):
            known.setdefault(p, "known original phrase (lexicon)")
        cands = soft
    corpus: dict[tuple[str, ...], float] = {}
    if corpus_phrase_counts:
        for phrase, count in corpus_phrase_counts.items():
            ws = _words(phrase)
            if len(ws) == n and all(w in cands[i] for i, w in enumerate(ws)) and count > 0:
                corpus[ws] = float(count)
    for p in list(known) + list(corpus):
        if p not in final:
            steps = tuple(_Step(i, i + 1, (w,), cands[i][w][1]) for i, w in enumerate(p))
            final[p] = (_score_path(p, cands, cfg, lexicon), steps)
    # Outputs of other lengths (lexicon rules) are known phrases when the lexicon or WordNet
    # lists them whole.
    for p in final:
        if p in known or len(p) == n or len(p) < 2:
            continue
        if lexicon is not None and p in lexicon.phrases:
            known[p] = "known original phrase (lexicon)"
        elif " ".join(p) in wordnet.multiword_expressions():
            known[p] = "WordNet entry"
    out: list[Restoration] = []
    for p, (s, steps) in final.items():
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
        changed: list[int] = []
        for st in steps:
            src = obs[st.start : st.end]
            if st.out == src:
                continue
            changed.extend(range(st.start, st.end))
            if len(src) == 1 and len(st.out) == 1:
                ev.append(f"{src[0]} -> {st.out[0]} ({st.label})")
            else:
                ev.append(st.label)
        pairs_obs = set(zip(obs, obs[1:], strict=False))
        for a, b in zip(p, p[1:], strict=False):
            c = phrases.bigram_count(a, b)
            if c > 0 and (a, b) not in pairs_obs:
                ev.append(f"'{a} {b}' is a listed bigram ({c:,.0f})")
        out.append(Restoration(p, total, tuple(changed), tuple(ev)))
    out.sort(key=lambda r: (-r.score, r.words))
    return out[: cfg.top_k]
