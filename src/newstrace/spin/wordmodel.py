"""A learned word model: how likely each candidate is the original of one spun word.

``newstrace.spin.lexical.candidates`` scores a word's candidates by hand-set sums
(a change cost, a bonus per relation, the lexicon's swap counts). Those sums weigh
their parts alike for every word; what the known pairs say is sharper: a swap the
lexicon saw is worth far more than one relation bonus, a Moby-only candidate is
usually wrong, an observed word the lexicon's originals use often is usually kept,
and a candidate that the lexicon saw as an original with other spins is less likely
to stand behind this one. ``features`` describes one (observed word, candidate) pair
by such quantities; the weights (``SpinConfig.node_weights``) are fitted by a softmax
over each word's candidates (``newstrace.spin.rerank.fit``) on known pairs restored
with a lexicon built from other pairs (``benchmarks/spin_tortured.py``, inner
folds of the lexicon part only). ``rescore`` replaces a word's candidate scores by
``node_scale`` times the model's log-probabilities, which the stack decoder then
sums with its bigram and known-phrase scores.

On the dev split of the tortured-phrase lexicon part (3,007 aligned words whose
original is a candidate), the right candidate is the best-scored one for 61.9% of
words with the hand-set scores and 66.7% with the learned ones (39.4% -> 52.5% of
the words a spinner changed). At the phrase level the gain is small: as re-ranker
features (``word_logprob``, ``word_min_logprob``; ``log_probs``) they add ~0.5 point of
dev top-1 (31.7% -> 32.2% on cached lists), and replacing the decoder's scores with
them (``SpinConfig.node_scale`` > 0) cost 1.1 points, so that is off.

What it does NOT do: propose candidates (``newstrace.spin.lexical`` does), score
phrases (``newstrace.spin.restore``), or apply without a lexicon (most features
describe the lexicon's evidence).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from newstrace.spin.lexical import Lexicon, _base, _kind
from newstrace.text import phrases, thesaurus, wordnet

__all__ = ["NODE_FEATURES", "features", "log_probs", "rescore", "FLOOR"]

# Log-probability given to a word no candidate proposed (e.g. from a multiword rule):
# below every candidate the model scores in practice (the softmax over ~100 candidates
# puts its tail near -8).
FLOOR = math.log(1e-4)

NODE_FEATURES: tuple[str, ...] = (
    "kept",  # the candidate is the observed word itself
    "kept_word_logratio",  # ... times the lexicon's log(P(kept | word) / 0.5)
    "kept_bucket_logit",  # ... times the lexicon's keep log-odds for such words
    "kept_zipf",  # ... times the observed word's Zipf frequency
    "kept_vocab",  # ... times log(1 + uses of the observed word in the known originals)
    "wordnet",  # changed, by a WordNet relation (label "wordnet" or "wordnet+lexicon")
    "moby",  # changed, by Moby only
    "swap_count",  # log(1 + times the lexicon saw this exact swap)
    "base_swap",  # the lexicon saw the swap only through another inflection
    "sibling",  # the lexicon saw a synonym of the word swapped to this candidate
    "zipf",  # the candidate's Zipf frequency
    "zipf_gain",  # ... minus the observed word's
    "reverse_moby",  # the candidate's own Moby entry lists the observed word
    "same_inflection",  # candidate and observed word have the same inflection
    "vocab",  # log(1 + uses of the candidate in the known originals)
    "spin_consistency",  # log((times seen spun to this word + 0.5) / (times seen spun + 1))
    "seen_spun",  # log(1 + times the lexicon saw the candidate as a swapped original)
    "semcor",  # log(1 + the candidate's SemCor count in WordNet)
    "changed",  # 1 for every candidate but the observed word
)


def features(word: str, cand: str, label: str, lexicon: Lexicon) -> np.ndarray:
    """One row of ``NODE_FEATURES`` for candidate ``cand`` of observed ``word``."""
    x = np.zeros(len(NODE_FEATURES), dtype=np.float64)
    if cand == word:
        x[0] = 1.0
        x[1] = lexicon.word_keep_logratio(word)
        x[2] = lexicon.keep_logit(word)
        x[3] = phrases.zipf(word)
        x[4] = math.log1p(lexicon.vocab.get(word, 0.0))
        return x
    swaps = lexicon.word_swaps.get(word, {}).get(cand, 0)
    x[5] = float(label.startswith("wordnet"))
    x[6] = float(label.startswith("moby"))
    x[7] = math.log1p(swaps)
    x[8] = float("lexicon" in label and swaps == 0 and "sibling" not in label)
    x[9] = float("sibling" in label)
    x[10] = phrases.zipf(cand)
    x[11] = x[10] - phrases.zipf(word)
    x[12] = float(
        word in thesaurus.moby_synonyms(cand) or _base(word) in thesaurus.moby_synonyms(_base(cand))
    )
    x[13] = float(_kind(cand) == _kind(word))
    x[14] = math.log1p(lexicon.vocab.get(cand, 0.0))
    spun = lexicon.spun_as.get(cand, {})
    total = sum(spun.values())
    x[15] = math.log((spun.get(word, 0) + 0.5) / (total + 1.0)) if total else 0.0
    x[16] = math.log1p(total)
    x[17] = math.log1p(wordnet.lemma_count(cand))
    x[18] = 1.0
    return x


def _row(word: str, cand: str, label: str, lexicon: Lexicon) -> np.ndarray:
    """``features`` cached on the lexicon (the same pairs recur across phrases)."""
    cache = lexicon.scratch.setdefault("node_rows", {})
    key = (word, cand, label)
    row = cache.get(key)
    if not isinstance(row, np.ndarray):
        row = features(word, cand, label, lexicon)
        cache[key] = row
    return row


def log_probs(
    word: str,
    cands: Mapping[str, tuple[float, str]],
    lexicon: Lexicon,
    weights: Sequence[float],
) -> dict[str, float]:
    """The model's log-probability of each candidate in ``cands`` (labels from ``candidates``)."""
    if len(weights) != len(NODE_FEATURES):
        raise ValueError(f"word model: {len(weights)} weights, {len(NODE_FEATURES)} features")
    keys = list(cands)
    if len(keys) <= 1:
        return {k: 0.0 for k in keys}
    x = np.vstack([_row(word, c, cands[c][1], lexicon) for c in keys])
    s = x @ np.asarray(weights, dtype=np.float64)
    s = s - s.max()
    logp = s - math.log(float(np.exp(s).sum()))
    return {k: float(v) for k, v in zip(keys, logp, strict=True)}


def rescore(
    word: str,
    cands: Mapping[str, tuple[float, str]],
    lexicon: Lexicon,
    weights: Sequence[float],
    scale: float,
) -> dict[str, tuple[float, str]]:
    """``cands`` with each score replaced by ``scale`` * the model's log-probability.

    Labels are kept. A word with a single candidate (numbers, codes) scores 0.
    """
    lp = log_probs(word, cands, lexicon, weights)
    return {k: (scale * lp[k], cands[k][1]) for k in cands}
