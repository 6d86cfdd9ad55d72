"""Candidates beyond the synonym paths: known phrases matched on anchors, related free words.

The stack decoder (``newstrace.spin.restore``) can only output, at each position,
a word some synonym path reaches from the observed word. On the dev split of the
tortured-phrase lexicon part a quarter of the phrases have a changed word with no
such path ("pernicious node" -> "malicious node": neither WordNet nor Moby links
pernicious and malicious). The phrase as a whole is usually a known term, and the
other words still anchor it. ``anchored_known`` proposes the lexicon's known original
phrases of the same length whose words are candidates at all but one or two
positions (the anchors), and measures how related each free word is to the observed
word it would replace: the cosine of their Moby/WordNet neighbour sets (a second-order
link: "pernicious" and "malicious" share "evil", "harmful", "noxious" ...).

The restorer appends these after the decoder's list and the learned re-ranker
(``newstrace.spin.rerank``: features ``n_free``, ``free_relatedness``) weighs them
against the decoder's own.

What it does NOT do: propose phrases the lexicon does not know, change the number of
words, or decide whether a phrase is spun.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import Lexicon
from newstrace.text import thesaurus, wordnet

__all__ = ["anchored_known", "relatedness"]


@lru_cache(maxsize=65536)
def _neighbours(word: str) -> frozenset[str]:
    """One-word Moby and WordNet neighbours of ``word`` and of its base forms."""
    out: set[str] = set(thesaurus.moby_synonyms(word)) | set(wordnet.synonyms(word))
    for b in wordnet.base_forms(word):
        out |= thesaurus.moby_synonyms(b) | wordnet.synonyms(b)
    return frozenset(x for x in out if " " not in x)


def relatedness(a: str, b: str) -> float:
    """Cosine of the neighbour sets of ``a`` and ``b`` (0.0 when either has none).

    Words a spinner swapped through a thesaurus path we do not have still share
    neighbours: pernicious/malicious ~0.2, unrelated words ~0.
    """
    na, nb = _neighbours(a), _neighbours(b)
    if not na or not nb:
        return 0.0
    return len(na & nb) / math.sqrt(len(na) * len(nb))


def anchored_known(
    obs: Sequence[str],
    cands: Sequence[Mapping[str, object]],
    lexicon: Lexicon,
    config: SpinConfig,
) -> list[tuple[tuple[str, ...], tuple[int, ...], float]]:
    """Known original phrases anchored on ``obs``: ``(phrase, free positions, relatedness)``.

    A phrase qualifies when it has the length of ``obs``, at least one and at most
    ``config.anchor_max_free`` of its words are not candidates at their position (the
    free words), it keeps at least one anchor, and every free word is related to the
    observed word (``relatedness`` > ``config.anchor_min_relatedness``). The best
    ``config.anchor_k`` by (anchors - free words + the weakest free word's relatedness)
    are returned, best first; relatedness is the weakest free word's.
    """
    n = len(obs)
    if n < 2 or config.anchor_k <= 0:
        return []
    indexes = [lexicon.index] if lexicon.phrases else []
    if config.anchor_wordnet:
        from newstrace.spin.restore import _wordnet_phrase_index

        indexes.append(_wordnet_phrase_index())
    anchors: Counter[tuple[str, ...]] = Counter()
    for i, w in enumerate(obs):
        if not w.isalpha():
            continue
        hits: set[tuple[str, ...]] = set()
        for c in cands[i]:
            for index in indexes:
                hits |= index.get((n, i, c), frozenset())
        anchors.update(hits)
    need = max(1, n - config.anchor_max_free)
    scored: list[tuple[float, tuple[str, ...], tuple[int, ...], float]] = []
    for p, k in anchors.items():
        if k < need:
            continue
        free = tuple(i for i in range(n) if p[i] not in cands[i])
        if not free or len(free) > config.anchor_max_free:
            continue
        rel = min(relatedness(obs[i], p[i]) for i in free)
        if rel <= config.anchor_min_relatedness:
            continue
        scored.append((k - len(free) + rel, p, free, rel))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(p, free, rel) for _, p, free, rel in scored[: config.anchor_k]]


def completions(
    obs: Sequence[str],
    cands: Sequence[Mapping[str, tuple[float, str]]],
    config: SpinConfig,
    lexicon: Lexicon | None,
) -> list[dict[str, tuple[float, str]]]:
    """Extra candidates per position: words that complete a listed bigram with a neighbour.

    For position ``j``, the pool is every word listed (bigram lists, or the lexicon's
    known originals) after one of the ``config.completion_anchors`` best candidates at
    ``j - 1`` or before one of those at ``j + 1``; the ``config.completion_k`` pool words
    most related to the observed word (``relatedness`` > ``config.completion_min_relatedness``)
    join at ``-change_cost + completion_bonus + completion_weight * relatedness``. Function
    words and numbers get none. Returns one dict per position (empty when none).
    """
    from newstrace.text import phrases, stopwords

    n = len(obs)
    out: list[dict[str, tuple[float, str]]] = [{} for _ in range(n)]
    if config.completion_k <= 0 or n < 2:
        return out
    lex_pre: dict[str, set[str]] = {}
    if lexicon is not None:
        lex_pre = lexicon.preceders
    for j, w in enumerate(obs):
        if not w.isalpha() or w in stopwords.ENGLISH:
            continue
        pool: set[str] = set()
        for k in (j - 1, j + 1):
            if not 0 <= k < n:
                continue
            ck = cands[k]
            top = sorted(ck, key=lambda d: (-ck[d][0], d))[: config.completion_anchors]
            for c in top:
                if k < j:
                    pool.update(phrases.followers(c))
                    if lexicon is not None:
                        pool.update(lexicon.bigrams.get(c, {}))
                else:
                    pool.update(phrases.preceders(c))
                    pool.update(lex_pre.get(c, ()))
        scored: list[tuple[float, str]] = []
        for v in pool:
            if v in cands[j] or not v.isalpha() or v in stopwords.ENGLISH:
                continue
            if phrases.zipf(v) < config.min_candidate_zipf:
                continue
            r = relatedness(w, v)
            if r > config.completion_min_relatedness:
                scored.append((r, v))
        scored.sort(key=lambda t: (-t[0], t[1]))
        for r, v in scored[: config.completion_k]:
            sc = -config.change_cost + config.completion_bonus + config.completion_weight * r
            out[j][v] = (sc, f"completion (relatedness {r:.2f})")
    return out
