"""Thresholds of spin detection and restoration, in one frozen dataclass.

Every number says where it comes from. Calibration of the lexical detector was
done on the MSRP training sentences (real, unspun news; not one of the
false-alarm benchmark sets) and on spun copies of invented articles written
for the tests; the tortured-phrase evaluation split was never used to tune.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SpinConfig"]


@dataclass(frozen=True)
class SpinConfig:
    # --- restoration scoring (lexical.py) -------------------------------------------------
    # Cost of changing one word: a change must buy at least one known bigram (edge score >= 1).
    change_cost: float = 1.2
    # Bonus for a replacement that shares a WordNet synset (or adjective similar_to).
    wordnet_bonus: float = 0.6
    # Bonus for a replacement listed only by the Moby thesaurus (looser, so smaller).
    moby_bonus: float = 0.2
    # Lexicon word swaps (learned from known spun/original pairs): bonus per log(1 + count).
    lexicon_weight: float = 1.0
    # Weight of the Zipf gain (original words are usually commoner than a spinner's picks).
    zipf_weight: float = 0.25
    # Score of a known bigram: 1 + log10(count / 100,000) * this (100k is the lists' cut-off).
    bigram_log_weight: float = 0.5
    # Whole candidate is a known fixed expression (WordNet multiword entry, lexicon original).
    known_phrase_bonus: float = 2.0
    # Whole candidate is frequent in the user's corpus: bonus per log10(1 + count).
    corpus_weight: float = 1.0
    # Beam width of the restoration search and how many alternatives to keep.
    beam_width: int = 48
    top_k: int = 5
    # Moby entries considered per word (sorted by Zipf frequency: the commonest first).
    max_moby_per_word: int = 120
    # Replacement words rarer than this Zipf value are ignored (1.0 = once per 100M words).
    min_candidate_zipf: float = 1.0

    # --- lexical detection in running text (detect.py) -------------------------------------
    # A suspect bigram must be absent from both bigram lists, while its restoration is listed
    # with at least this count (wordsegment scale; 300k ~ "cold war" is 434k, "broadcast live"
    # 203k ... raised from 100k after MSRP calibration: rarer collocations misfired).
    min_restored_count: float = 300_000.0
    # ... and the restored bigram must be a collocation, not just frequent (log2 PMI).
    min_restored_pmi: float = 6.0
    # Spun words are not very common words: skip observed words above this Zipf (e.g. "said" 6.2).
    max_observed_zipf: float = 6.0
    # Only WordNet synonyms count as evidence without a source (Moby alone is too loose: on
    # MSRP it doubled the false alarms).
    lexical_requires_wordnet: bool = True
    # Minimum confidence of a reported span.
    min_confidence: float = 0.5

    # --- document verdict (combine.py) ------------------------------------------------------
    # Spun when the confidence-weighted spans per 100 words reach this density (spinners swap
    # 20-40% of content words; unspun news shows < 0.03 spans per 100 words) ...
    spun_density: float = 0.5
    # ... and at least this many spans (one odd phrase is not a spun article).
    spun_min_spans: int = 2

    # --- sibling copies (siblings.py) -------------------------------------------------------
    sibling_confidence: float = 0.75
    # --- aligned source (combine.py) --------------------------------------------------------
    source_synonym_confidence: float = 0.95
    source_other_confidence: float = 0.6
