"""Re-rank a phrase's candidate restorations with a log-linear model learned from known pairs.

The stack decoder (``newstrace.spin.restore``) scores a restoration by hand-set
sums (change costs, synonym bonuses, listed bigrams, known phrases). Those sums
weigh their parts the same in every phrase; a spinner's habits are more
specific: it rewrites most content words (so a restoration that keeps a word the
lexicon saw always swapped is suspect), its originals are commoner words than its
picks, and a restoration that rewrites every word into a generic bigram ("clever
meter" -> "good time") is usually wrong. ``features`` describes one restoration
by such quantities; ``fit`` learns their weights by a listwise softmax (one group
per phrase: the restorations the decoder proposed, the right one marked) with an
L2 penalty; ``rerank`` orders a decoder's list by the learned score. The score is
linear in the features and in the products of 13 core ones (``CROSSED``), so the
worth of one quantity may depend on another (a known phrase that rewrote every word
is weaker evidence than one that kept half of them). Domain features compare a
changed word's share of the lexicon's known originals with its share of English
(wordfreq): a technical word ("estimator", "spoofing") is over-represented in the
originals, a spinner's pick ("chancellor", "lampooning") is not.

The weights are learned only from known (spun, original) pairs, by restoring
one part of them with a lexicon built from the other part (the benchmark's
inner cross-validation, ``benchmarks/spin_tortured.py``); ``SpinConfig``'s
defaults are that fit's outcome. Reranking applies only when a lexicon is given
(several features describe the lexicon's evidence).

What it does NOT do: propose candidates (``newstrace.spin.lexical`` and
``newstrace.spin.restore`` do), or decide whether a phrase is spun.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from newstrace.spin.complete import relatedness
from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import Lexicon, Restoration, _kind, candidates, edge_score
from newstrace.text import phrases

__all__ = ["BASE_FEATURES", "CROSSED", "FEATURES", "features", "fit", "rerank"]

# Word-model log-probability counted per word a length-changing rule rewrote (a typical
# changed word's log-probability, ~ log(0.05)).
FLOOR_RULE = -3.0

BASE_FEATURES: tuple[str, ...] = (
    "decoder_score",  # the stack decoder's own score
    "decoder_margin",  # its score minus the best score of the list (<= 0)
    "log_rank",  # log(1 + position in the decoder's list)
    "changed_fraction",  # rewritten observed words / observed words
    "length_changed",  # 1 when a lexicon rule changed the number of words
    "known_wordnet",  # the whole restoration is a WordNet multiword entry
    "known_lexicon",  # ... or a known original phrase of the lexicon
    "general_bigrams",  # sum of edge scores from the general bigram lists (no lexicon)
    "unlisted_bigrams",  # output bigrams neither list nor the lexicon knows, / bigrams
    "lexicon_bigrams",  # output bigrams found in the lexicon's originals, / bigrams
    "zipf_gain",  # mean Zipf of the changed output words minus that of the observed words
    "min_zipf",  # Zipf of the rarest output word
    "n_wordnet",  # changes by relation, each counted once per changed word
    "n_moby",
    "n_soft",  # looser links to a known original's word (reverse Moby, shared stem)
    "n_lexicon",
    "n_sibling",
    "n_rule",
    "n_retrieved",  # changes only phrase retrieval proposed (``newstrace.spin.retrieve``)
    "lexicon_support",  # sum of log(1 + times the lexicon saw the swap) over changes
    "kept_logratio",  # sum over kept words of the lexicon's log(P(kept | word) / 0.5)
    "vocab_fraction",  # output words found among the lexicon's original words
    "cosine",  # MiniLM cosine with the observed phrase (known originals only, else 0)
    "word_logprob",  # sum of the word model's log-probabilities (``newstrace.spin.wordmodel``)
    "word_min_logprob",  # ... the lowest of them over the changed words
    "n_free",  # free words of a known phrase anchored on the observed one (``spin.complete``)
    "free_relatedness",  # the weakest free word's relatedness to the observed word (else 0)
    "n_completion",  # changed words proposed only as bigram completions (``spin.complete``)
    "min_relatedness",  # lowest neighbour-set relatedness of a changed word to its observed one
    "first_word_prior",  # log(1 + known originals of 2+ words that start with the first word)
    "domain_mean",  # mean over changed words of log(share in known originals / share in English)
    "domain_min",  # ... the lowest of them
    "inflection_changed",  # changed words of another inflection than the observed word
    "bigram_pmi",  # mean PMI (log2) of the output's bigrams in the general lists (0 when none)
)

# Products of these features (each pair, and each with itself) join ``FEATURES``: the
# listwise model is linear, and what a feature is worth depends on others (a known phrase
# that rewrote every word is weaker than one that kept half). On the dev split of the
# tortured lexicon part: top-1 33.0% -> 34.4% (a gradient-boosted ranker on the same
# features: 33.4%).
CROSSED: tuple[str, ...] = (
    "decoder_margin",
    "known_lexicon",
    "known_wordnet",
    "changed_fraction",
    "word_logprob",
    "word_min_logprob",
    "lexicon_support",
    "kept_logratio",
    "general_bigrams",
    "min_relatedness",
    "length_changed",
    "vocab_fraction",
    # A changed word's share of the known originals against English weighs differently by
    # evidence (a technical pick backed by a known phrase vs a rare thesaurus word): dev split,
    # mean of 3 training splits, top-1 35.7% -> 36.1% (the 12 above alone: 35.7%).
    "domain_mean",
)
_PAIRS: tuple[tuple[int, int], ...] = tuple(
    (BASE_FEATURES.index(a), BASE_FEATURES.index(b))
    for i, a in enumerate(CROSSED)
    for b in CROSSED[i:]
)
FEATURES: tuple[str, ...] = BASE_FEATURES + tuple(
    f"{BASE_FEATURES[i]}*{BASE_FEATURES[j]}" for i, j in _PAIRS
)

# Zipf floor for the domain features: wordfreq gives 0.0 to words it does not know, which
# would read as infinitely specific (candidates are at least Zipf 1.0 by min_candidate_zipf).
_MIN_ZIPF = 1.0


def _label_kind(label: str) -> str:
    if label.startswith("lexicon rule"):
        return "n_rule"
    if "sibling" in label:
        return "n_sibling"
    if label.startswith("retrieved"):
        return "n_retrieved"
    if label.startswith("anchored"):
        return "n_free"
    if label.startswith("completion"):
        return "n_completion"
    if label in ("moby, reverse", "same stem"):
        return "n_soft"
    if label.endswith("lexicon"):
        return "n_lexicon"
    if label.startswith("wordnet"):
        return "n_wordnet"
    return "n_moby"


def features(
    obs: Sequence[str],
    items: Sequence[Restoration],
    lexicon: Lexicon,
    config: SpinConfig,
) -> np.ndarray:
    """One row of ``FEATURES`` per restoration in ``items`` (the decoder's list, best first)."""
    pos = {name: i for i, name in enumerate(BASE_FEATURES)}
    out = np.zeros((len(items), len(BASE_FEATURES)), dtype=np.float64)
    if not items:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    n_known = max(1, len(lexicon.phrases))
    best = max(r.score for r in items)
    n = max(1, len(obs))
    vocab = lexicon.vocab
    node_lp: list[dict[str, float]] | None = None
    if config.node_weights is not None:
        from newstrace.spin import wordmodel

        node_lp = [
            wordmodel.log_probs(w, candidates(w, config, lexicon), lexicon, config.node_weights)
            for w in obs
        ]
    for k, r in enumerate(items):
        row = out[k]
        p = r.words
        changed = set(r.changed)
        row[pos["decoder_score"]] = r.score
        row[pos["decoder_margin"]] = r.score - best
        row[pos["log_rank"]] = math.log1p(k)
        row[pos["changed_fraction"]] = len(changed) / n
        row[pos["length_changed"]] = float(len(p) != len(obs))
        row[pos["known_wordnet"]] = float(r.known.startswith("WordNet entry"))
        row[pos["known_lexicon"]] = float(r.known.startswith("known original"))
        bigrams = list(zip(p, p[1:], strict=False))
        row[pos["general_bigrams"]] = sum(edge_score(a, b, config) for a, b in bigrams)
        unlisted = sum(1 for a, b in bigrams if edge_score(a, b, config, lexicon) <= 0)
        row[pos["unlisted_bigrams"]] = unlisted / max(1, len(bigrams))
        lexb = sum(1 for a, b in bigrams if lexicon.bigrams.get(a, {}).get(b, 0) > 0)
        row[pos["lexicon_bigrams"]] = lexb / max(1, len(bigrams))
        # How much more often the words occur together than apart: "neural network" (PMI 8.1)
        # is a collocation, "new network" (-1.0) is not, though both are listed with similar
        # counts (a listed bigram's count alone favours common words). Dev split of the
        # tortured lexicon part, mean of 3 training splits: top-1 35.3% -> 35.7%.
        pmis = [v for v in (phrases.pmi(a, b) for a, b in bigrams) if v != float("-inf")]
        row[pos["bigram_pmi"]] = sum(pmis) / len(pmis) if pmis else 0.0
        row[pos["min_zipf"]] = min((phrases.zipf(w) for w in p), default=0.0)
        for label in r.labels:
            row[pos[_label_kind(label)]] += 1.0
        if len(p) == len(obs):
            gains = [phrases.zipf(p[i]) - phrases.zipf(obs[i]) for i in changed]
            row[pos["zipf_gain"]] = sum(gains) / len(gains) if gains else 0.0
            support = 0.0
            for i in changed:
                support += math.log1p(lexicon.word_swaps.get(obs[i], {}).get(p[i], 0))
            row[pos["lexicon_support"]] = support
        row[pos["kept_logratio"]] = sum(
            lexicon.word_keep_logratio(w) for i, w in enumerate(obs) if i not in changed
        )
        row[pos["cosine"]] = r.similarity
        row[pos["free_relatedness"]] = r.relatedness
        if node_lp is not None and len(p) == len(obs):
            from newstrace.spin.wordmodel import FLOOR

            lps = [node_lp[i].get(w, FLOOR) for i, w in enumerate(p)]
            row[pos["word_logprob"]] = sum(lps)
            row[pos["word_min_logprob"]] = min((lps[i] for i in changed), default=0.0)
        if len(p) == len(obs):
            row[pos["min_relatedness"]] = min(
                (relatedness(obs[i], p[i]) for i in changed), default=1.0
            )
        elif node_lp is not None:
            # A multiword rule changed the length: no word-by-word reading; count the rewritten
            # words at the floor (the rule's own evidence is in n_rule and length_changed).
            row[pos["word_logprob"]] = FLOOR_RULE * len(changed)
            row[pos["word_min_logprob"]] = FLOOR_RULE
        row[pos["vocab_fraction"]] = sum(1 for w in p if vocab.get(w)) / max(1, len(p))
        if len(p) > 1:
            row[pos["first_word_prior"]] = math.log1p(lexicon.first_words.get(p[0], 0))
        if len(p) == len(obs) and changed:
            # How much more often the word occurs in the known originals than in English:
            # log((uses + 0.5) / known phrases) - log(frequency per word), Zipf = log10(per 1e9).
            dom = [
                math.log((vocab.get(p[i], 0.0) + 0.5) / n_known)
                - math.log(10.0) * (max(_MIN_ZIPF, phrases.zipf(p[i])) - 9.0)
                for i in changed
            ]
            row[pos["domain_mean"]] = sum(dom) / len(dom)
            row[pos["domain_min"]] = min(dom)
            row[pos["inflection_changed"]] = sum(1 for i in changed if _kind(p[i]) != _kind(obs[i]))
    crosses = np.column_stack([out[:, i] * out[:, j] for i, j in _PAIRS])
    return np.hstack([out, crosses])


def rerank(
    obs: Sequence[str],
    items: Sequence[Restoration],
    lexicon: Lexicon,
    config: SpinConfig,
    weights: Sequence[float],
) -> list[Restoration]:
    """``items`` re-scored by ``weights`` (one per ``FEATURES``), best first."""
    if not items:
        return []
    if len(weights) != len(FEATURES):
        raise ValueError(f"re-ranker weights: {len(weights)} given, {len(FEATURES)} features")
    x = features(obs, items, lexicon, config)
    scores = x @ np.asarray(weights, dtype=np.float64)
    order = sorted(range(len(items)), key=lambda i: (-scores[i], items[i].words))
    out: list[Restoration] = []
    for i in order:
        r = items[i]
        ev = (*r.evidence, f"reranked: {scores[i]:.2f} (decoder {r.score:.2f}, rank {i + 1})")
        out.append(
            Restoration(
                r.words,
                float(scores[i]),
                r.changed,
                ev,
                r.labels,
                r.known,
                r.similarity,
                r.relatedness,
            )
        )
    return out


def fit(
    groups: Sequence[tuple[np.ndarray, int]],
    l2: float = 1.0,
    iterations: int = 400,
) -> tuple[float, ...]:
    """Weights maximising the listwise softmax likelihood of the right restorations.

    ``groups`` holds, per phrase, the feature rows of its candidates and the index of
    the right one (phrases whose right restoration is absent teach nothing: leave them
    out). Features are standardised for the optimisation and the weights mapped back.
    ``l2`` penalises the standardised weights (sum of squares / 2, per group mean).
    """
    if not groups:
        return tuple(0.0 for _ in FEATURES)
    allx = np.vstack([x for x, _ in groups])
    mu = allx.mean(axis=0)
    sd = allx.std(axis=0)
    sd[sd == 0] = 1.0
    zs = [((x - mu) / sd, y) for x, y in groups]
    w = np.zeros(allx.shape[1])
    m = len(zs)

    def loss_grad(w: np.ndarray) -> tuple[float, np.ndarray]:
        loss = 0.5 * l2 * float(w @ w) / m
        grad = l2 * w / m
        for z, y in zs:
            s = z @ w
            s = s - s.max()
            e = np.exp(s)
            p = e / e.sum()
            loss -= (s[y] - math.log(e.sum())) / m
            grad -= (z[y] - p @ z) / m
        return loss, grad

    from scipy.optimize import minimize  # a core dependency; lazy: only fitting needs it

    res = minimize(loss_grad, w, jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    w = np.asarray(res.x)
    raw = w / sd
    return tuple(float(v) for v in raw)
