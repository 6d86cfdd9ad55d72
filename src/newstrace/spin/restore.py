"""Restore a spun phrase: search over word candidates and lexicon rules for the likeliest original.

Candidates per word come from ``newstrace.spin.lexical.candidates`` (WordNet,
Moby, lexicon swaps, re-inflected); multiword lexicon rules
(``newstrace.spin.rules``) may rewrite several words at once and change the
word count ("joined along states" -> "united states"). A stack decoder keeps
the best hypotheses per number of observed words consumed, scored by

    sum(node scores: -change_cost + synonym/lexicon evidence)
  + sum(edge scores: 1 + 0.5 log10(bigram count / 100k) for listed bigrams)
  + known-phrase bonus (WordNet multiword entry, lexicon original, user corpus)

Known phrases are also injected when every word of one is a candidate at its
position (with a lexicon, through looser links too: reverse Moby, shared stem).
A restoration that is a known phrase but for the number of its last word ("integrated
circuits" when "integrated circuit" is listed) counts as known (``config.known_any_number``).
Optional: the best phrases of the word model taken word by word (``config.word_kbest``).
Candidates beyond synonym paths (``newstrace.spin.complete``): words completing a
listed bigram with a neighbour's best candidates, when related to the observed word,
join the word candidates before the search; with a lexicon, known original phrases
anchored on all but one or two positions join after the decoder's list.
With a lexicon and a word model (``config.node_weights``), a second stack search scored
by the word model's log-probabilities (``config.second_pass_scale``) adds the rewrites the
first one pruned, after the decoder's list.
With a lexicon, two optional stages follow: the known originals nearest in
meaning (``config.retrieval_k``, ``newstrace.spin.retrieve``) join after the
decoder's list, and a learned re-ranker (``config.rerank_weights``,
``newstrace.spin.rerank``) reorders the whole list.

What it does NOT do: decide *whether* a phrase in running text is spun
(``newstrace.spin.detect``), or use a source text (``newstrace.spin.combine``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import (
    Lexicon,
    Restoration,
    _base,
    _followers,
    _index_phrases,
    _words,
    candidates,
    edge_score,
    number_key,
)
from newstrace.text import phrases, thesaurus, wordnet

__all__ = ["restore_phrase"]


@lru_cache(maxsize=1)
def _wordnet_phrase_index() -> dict[tuple[int, int, str], frozenset[tuple[str, ...]]]:
    return _index_phrases(_words(p) for p in wordnet.multiword_expressions())


@lru_cache(maxsize=1)
def _wordnet_number_keys() -> frozenset[tuple[str, ...]]:
    """WordNet's multiword entries with their last word made singular (``number_key``)."""
    return frozenset(number_key(_words(p)) for p in wordnet.multiword_expressions())


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


def _retrieved_path(
    obs: Sequence[str],
    p: tuple[str, ...],
    cosine: float,
    cands: Sequence[Mapping[str, tuple[float, str]]],
    config: SpinConfig,
    lexicon: Lexicon | None,
) -> tuple[float, tuple[_Step, ...]]:
    """Score and steps of a retrieved known phrase ``p`` as a rewrite of ``obs``.

    Shared words anchor the alignment (``difflib``); a one-for-one swap scores as its
    word candidate would (or as a change plus ``retrieval_bonus`` when no candidate
    proposed it), a length-changing piece as one change per word it replaces.
    """
    from difflib import SequenceMatcher

    label = f"retrieved known phrase (cosine {cosine:.2f})"
    score = _inner_edges(p, config, lexicon)
    steps: list[_Step] = []
    sm = SequenceMatcher(None, tuple(obs), p, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for i, w in zip(range(i1, i2), p[j1:j2], strict=True):
                score += cands[i][w][0]
                steps.append(_Step(i, i + 1, (w,), "kept"))
        elif i2 - i1 == j2 - j1:
            for i, w in zip(range(i1, i2), p[j1:j2], strict=True):
                node = cands[i].get(w)
                score += node[0] if node else -config.change_cost + config.retrieval_bonus
                steps.append(_Step(i, i + 1, (w,), node[1] if node else label))
        else:
            score += -config.change_cost * max(1, i2 - i1)
            steps.append(_Step(i1, i2, p[j1:j2], label))
    return score, tuple(steps)


Hyp = tuple[float, tuple[_Step, ...]]


def _decode(
    obs: Sequence[str],
    cands: Sequence[Mapping[str, tuple[float, str]]],
    cfg: SpinConfig,
    lexicon: Lexicon | None,
) -> dict[tuple[str, ...], Hyp]:
    """Stack decoding: the ``cfg.beam_width`` best rewrites of ``obs``, by score.

    ``stacks[i]`` holds hypotheses that rewrote the first i observed words, keyed by their
    output words (the best-scoring way to reach each output is kept).
    """
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
        top_nodes = sorted(nxt, key=lambda d: nxt[d][0], reverse=True)[: cfg.successor_nodes]
        rules = _rule_options(obs, i, cfg, lexicon)
        for done, (s, steps) in ranked:
            last = done[-1] if done else None
            # The first word may be any candidate (the beam prunes them with the lookahead);
            # later ones are the best few nodes plus the listed followers of the previous word.
            succ = set(top_nodes) if last is not None else set(nxt)
            if last is not None:
                succ |= _followers(last, lexicon) & nxt.keys()
            for d in sorted(succ):  # sorted: ties in the beam break the same way every run
                edge = edge_score(last, d, cfg, lexicon) if last is not None else 0.0
                step = _Step(i, i + 1, (d,), nxt[d][1])
                push(i + 1, (*done, d), s + nxt[d][0] + edge, (*steps, step))
            for step, sc in rules:
                edge = edge_score(last, step.out[0], cfg, lexicon) if last is not None else 0.0
                total = s + sc + edge + _inner_edges(step.out, cfg, lexicon)
                push(step.end, done + step.out, total, (*steps, step))
    return dict(sorted(stacks[n].items(), key=lambda t: -t[1][0])[: cfg.beam_width])


def _kbest(log_probs: Sequence[Mapping[str, float]], k: int) -> list[tuple[str, ...]]:
    """The ``k`` phrases with the highest sum of per-position log-probabilities, best first.

    Positions are independent, so the k best are enumerated exactly from the sorted
    per-position lists (a heap over rank vectors, each popped one step further at one
    position): no bigram scores, unlike the stack search.
    """
    ranked = [sorted(lp.items(), key=lambda t: (-t[1], t[0])) for lp in log_probs]
    if not ranked or any(not r for r in ranked):
        return []
    start = (0,) * len(ranked)
    heap = [(-sum(r[0][1] for r in ranked), start)]
    seen = {start}
    out: list[tuple[str, ...]] = []
    while heap and len(out) < k:
        neg, idx = heapq.heappop(heap)
        out.append(tuple(ranked[i][j][0] for i, j in enumerate(idx)))
        for i, j in enumerate(idx):
            if j + 1 < len(ranked[i]):
                nxt = (*idx[:i], j + 1, *idx[i + 1 :])
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (neg + ranked[i][j][1] - ranked[i][j + 1][1], nxt))
    return out


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
    if lexicon is not None and cfg.node_weights is not None and cfg.node_scale > 0:
        from newstrace.spin.wordmodel import rescore

        cands = [
            rescore(w, c, lexicon, cfg.node_weights, cfg.node_scale)
            for w, c in zip(obs, cands, strict=True)
        ]
    n = len(obs)
    if cfg.completion_k > 0:
        from newstrace.spin.complete import completions

        for slot, added in zip(cands, completions(obs, cands, cfg, lexicon), strict=True):
            slot.update(added)

    final = _decode(obs, cands, cfg, lexicon)
    # A second search scored by the learned word model finds rewrites the hand-set scores
    # prune (on 500 dev phrases of the tortured lexicon part: the right original in the list
    # for 260 -> 270); they join after the decoder's list, scored as the decoder would.
    second: set[tuple[str, ...]] = set()
    if lexicon is not None and cfg.node_weights is not None and cfg.second_pass_scale > 0:
        from newstrace.spin.wordmodel import rescore

        alt = [
            rescore(w, c, lexicon, cfg.node_weights, cfg.second_pass_scale)
            for w, c in zip(obs, cands, strict=True)
        ]
        cfg2 = cfg if cfg.second_pass_width <= 0 else replace(cfg, beam_width=cfg.second_pass_width)
        for p in _decode(obs, alt, cfg2, lexicon):
            if p in final or len(p) != n or any(w not in cands[i] for i, w in enumerate(p)):
                continue
            steps2 = tuple(_Step(i, i + 1, (w,), cands[i][w][1]) for i, w in enumerate(p))
            final[p] = (_score_path(p, cands, cfg, lexicon), steps2)
            second.add(p)
        if cfg.word_kbest > 0:
            from newstrace.spin.wordmodel import log_probs

            lps = [
                log_probs(w, c, lexicon, cfg.node_weights) for w, c in zip(obs, cands, strict=True)
            ]
            for p in _kbest(lps, cfg.word_kbest):
                if p in final:
                    continue
                steps2 = tuple(_Step(i, i + 1, (w,), cands[i][w][1]) for i, w in enumerate(p))
                final[p] = (_score_path(p, cands, cfg, lexicon), steps2)
                second.add(p)
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
    if cfg.known_any_number:
        # "integrated circuits" is as much a fixed expression as the listed "integrated
        # circuit": a spinner keeps the number, so the known phrase's number must not win.
        for p in final:
            if p in known or len(p) < 2:
                continue
            key = number_key(p)
            if lexicon is not None and key in lexicon.number_keys:
                known[p] = "known original phrase (lexicon, in another number)"
            elif key in _wordnet_number_keys():
                known[p] = "WordNet entry (in another number)"
    cosines: Mapping[tuple[str, ...], float] = {}
    retrieved: set[tuple[str, ...]] = set()
    anchored: dict[tuple[str, ...], float] = {}
    if lexicon is not None and cfg.anchor_k > 0:
        from newstrace.spin.complete import anchored_known

        for p, free, rel in anchored_known(obs, cands, lexicon, cfg):
            if p in final:
                continue
            label = f"anchored known phrase (free word relatedness {rel:.2f})"
            score = _inner_edges(p, cfg, lexicon)
            steps_a: list[_Step] = []
            for i, w in enumerate(p):
                if i in free:
                    score += -cfg.change_cost
                    steps_a.append(_Step(i, i + 1, (w,), label))
                else:
                    score += cands[i][w][0]
                    steps_a.append(_Step(i, i + 1, (w,), cands[i][w][1]))
            final[p] = (score, tuple(steps_a))
            known[p] = "known original phrase (lexicon)"
            anchored[p] = rel
    index = lexicon.phrase_index if lexicon is not None and cfg.retrieval_k > 0 else None
    if index is not None:
        sims = index.similarities(obs)
        for p, c in index.nearest(obs, cfg.retrieval_k, sims):
            known[p] = "known original phrase (lexicon)"
            if p not in final:
                retrieved.add(p)
                final[p] = _retrieved_path(obs, p, c, cands, cfg, lexicon)
        cosines = index.cosine_map(sims, list(final))
    out: list[Restoration] = []
    for p, (s, steps) in final.items():
        if exclude_identity and p == obs:
            continue
        ev: list[str] = []
        total = s
        if p in known and p not in retrieved:
            total += cfg.known_phrase_bonus
            ev.append(f"'{' '.join(p)}' is a {known[p]}")
        if p in corpus:
            total += cfg.corpus_weight * math.log10(1 + corpus[p])
            ev.append(f"'{' '.join(p)}' occurs {corpus[p]:g} times in the corpus")
        changed: list[int] = []
        labels: list[str] = []
        for st in steps:
            src = obs[st.start : st.end]
            if st.out == src:
                continue
            changed.extend(range(st.start, st.end))
            labels.append(st.label)
            if len(src) == 1 and len(st.out) == 1:
                ev.append(f"{src[0]} -> {st.out[0]} ({st.label})")
            else:
                ev.append(st.label)
        pairs_obs = set(zip(obs, obs[1:], strict=False))
        pairs_out = set(zip(p, p[1:], strict=False))
        for a, b in dict.fromkeys(zip(obs, obs[1:], strict=False)):
            if (a, b) not in pairs_out and phrases.bigram_count(a, b) <= 0:
                ev.append(f"'{a} {b}' is not in the bigram lists")
        for a, b in zip(p, p[1:], strict=False):
            c = phrases.bigram_count(a, b)
            if c > 0 and (a, b) not in pairs_obs:
                ev.append(f"'{a} {b}' is a listed bigram ({c:,.0f})")
        sim = cosines.get(p, 0.0)
        out.append(
            Restoration(
                p,
                total,
                tuple(changed),
                tuple(ev),
                tuple(labels),
                known.get(p, ""),
                sim,
                anchored.get(p, 0.0),
            )
        )
    out.sort(key=lambda r: (-r.score, r.words))
    # Phrases only retrieval or anchoring proposed follow the decoder's list: only the
    # re-ranker moves them up, by their cosine, relatedness and its other features.
    extra_set = retrieved | anchored.keys() | second
    decoded = [r for r in out if r.words not in extra_set][: cfg.beam_width]
    extra = sorted(
        (r for r in out if r.words in extra_set), key=lambda r: (-r.similarity, -r.score)
    )
    out = decoded + extra
    if lexicon is not None and cfg.rerank_weights is not None:
        from newstrace.spin.rerank import rerank

        out = rerank(obs, out, lexicon, cfg, cfg.rerank_weights)
    return out[: cfg.top_k]
