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
    # Cost of changing one word (swept 0.8-1.8 on the dev split of the tortured lexicon part:
    # top-1 0.26 -> 0.29; the phrase must gain more than one plain listed bigram per change).
    change_cost: float = 1.8
    # Bonus for a replacement that shares a WordNet synset (or adjective similar_to).
    wordnet_bonus: float = 0.6
    # Bonus for a replacement listed only by the Moby thesaurus (looser, so smaller).
    moby_bonus: float = 0.2
    # Bonus when the candidate's own Moby entry lists the observed word (the spinner's direction).
    # Off: 0.4 and 0.8 cost 2-4 points of top-1 on the dev split.
    reverse_bonus: float = 0.0
    # Lexicon word swaps (learned from known spun/original pairs): bonus per log(1 + count).
    # 1.5 by the inner 2-fold CV of benchmarks/spin_tortured.py (CV top-1 31.5% at 1.0, 32.5%).
    lexicon_weight: float = 1.5
    # Weight of the Zipf gain (original words are usually commoner than a spinner's picks);
    # 0.5 cost 2-3 points of top-1 on the dev split, so it is off for restoration.
    zipf_weight: float = 0.0
    # Keeping a word scores keep_weight * log-odds that a spinner keeps such a word (learned
    # from the lexicon's pairs by Zipf bucket and synonym count; 0 without a lexicon).
    # Off: 0.5 and 1.0 cost 0.5-2 points of top-1 on the dev split.
    keep_weight: float = 0.0
    # Keeping a word the lexicon has seen scores word_keep_weight * log(P(kept | word) / 0.5)
    # (Laplace-smoothed counts: a word its pairs always swapped is unlikely to be original).
    # 0.5 by the inner CV of benchmarks/spin_tortured.py (0, 0.5, 1, 1.5: CV top-1 31.9%,
    # 32.5%, 32.4%, 32.4%).
    word_keep_weight: float = 0.5
    # A multiword lexicon rule ("joined along" -> "united") scores like one changed word plus
    # rule_bonus + rule_weight * log(1 + times seen).
    # (CV: rule_bonus 0 and 1 both 32.5% top-1; 0 kept.)
    rule_bonus: float = 0.0
    rule_weight: float = 1.0
    # Known original phrases of the lexicon also match through looser word links (the observed
    # word in the original word's Moby entry, or a shared stem of soft_min_prefix letters:
    # "resonation"/"resonance" share 5); such a link scores like a change plus soft_bonus.
    # Off by the inner CV (on 32.5%, off 32.8% top-1): the looser links let wrong known
    # phrases in about as often as right ones.
    soft_match: bool = False
    soft_min_prefix: int = 5
    soft_bonus: float = 0.0
    # Original words the lexicon saw for a synonym of the observed word are candidates too
    # ("association": the lexicon saw "organization" -> "network"), at this bonus (None = off).
    # Inner CV: off 31.9%, -1.0 and -0.5 both 32.8% top-1 (ties keep the default, -0.5).
    sibling_bonus: float | None = -0.5
    # A replacement of another inflection than the observed word ("systems" -> "network") loses
    # this much (spinners swap "said" for "stated", plural for plural).
    # Off by the inner CV (0.5 cost 0.3 points of top-1: the pairs often change number).
    inflection_penalty: float = 0.0
    # Replacement words frequent in the lexicon's originals (the domain's vocabulary): bonus per
    # log(1 + count). Off: 0.2 and 0.4 cost 1-3 points of top-1 on the dev split.
    vocab_weight: float = 0.0
    # Score of a known bigram: 1 + log10(count / 100,000) * this (100k is the lists' cut-off).
    bigram_log_weight: float = 0.5
    # A bigram inside a known original phrase of the lexicon scores like a listed bigram.
    lexicon_bigram_score: float = 1.0
    # Whole candidate is a known fixed expression (WordNet multiword entry, lexicon original).
    known_phrase_bonus: float = 2.0
    # A candidate that is a known fixed expression but for the number of its last word
    # ("integrated circuits" when "integrated circuit" is listed) counts as known too. Dev split
    # of the tortured lexicon part (re-ranker refitted): top-1 34.8% -> 35.5%, top-5 45.5% ->
    # 45.9% (the singular known phrase no longer beats the plural the spinner kept).
    known_any_number: bool = True
    # Whole candidate is frequent in the user's corpus: bonus per log10(1 + count).
    corpus_weight: float = 1.0
    # Weights of the learned re-ranker (``newstrace.spin.rerank.FEATURES``, one each: the base
    # features, then the products of ``rerank.CROSSED``), applied to the decoder's list when a
    # lexicon is given; None = the decoder's order. These are the fit of
    # benchmarks/spin_tortured.py --no-cv on the whole lexicon part of the tortured phrases
    # (2-fold CV there: decoder top-1 31.3% -> re-ranked 35.0%; 34.6% before bigram_pmi and
    # the domain_mean products), with node_weights below.
    # fmt: off
    rerank_weights: tuple[float, ...] | None = (
        0.433, 0.528, -0.199, -0.786, -1.78, 0.476, 1.53, -0.116,
        -1.08, 0.924, -0.0415, 0.465, 0.695, 0.121, 0.0, 1.16,
        0.0113, 0.925, 0.0, 0.321, 0.194, -0.756, 0.0, 0.163,
        0.242, -2.2, 1.59, -0.0419, 5.34, 0.35, -0.122, 0.215,
        -0.858, 0.26, 0.0102, -0.438, -0.475, 0.168, -0.0272, 0.00805,
        -0.046, 0.0183, 0.252, -0.576, -0.365, 0.172, -0.0308, 1.53,
        0.0, -3.74, -0.211, 0.116, 0.27, 1.66, -0.148, 1.18,
        6.59, -1.88, 0.0124, 0.476, -3.48, -0.294, 0.194, 0.567,
        3.01, -0.336, 5.11, 12.8, -1.28, 0.067, 1.21, 0.064,
        0.233, 0.431, 0.372, 0.183, 1.12, -2.76, -2.54, -0.0158,
        0.0019, 0.012, -0.0141, 0.0789, -0.0165, -0.0321, -1.76, -0.187,
        -0.00334, 0.0109, 0.0101, -0.144, -0.0355, -0.256, 0.592, -0.0294,
        0.00414, -0.194, 0.441, -0.00796, -0.659, 0.0, -0.171, 0.0741,
        0.399, -0.297, 0.167, 5.9, 0.594, -0.163, 0.0505, -0.475,
        -2.45, -0.611, -0.0042, -6.72, 0.0, 1.77, -0.279, -1.78,
        0.869, 0.0, 0.968, 0.676, -0.0468,
    )
    # fmt: on
    # Weights of the learned word model (``newstrace.spin.wordmodel.NODE_FEATURES``, one each),
    # fitted by benchmarks/spin_tortured.py --no-cv on the lexicon part's inner folds (2-fold CV
    # word top-1 65.5%); with a lexicon, its log-probabilities are re-ranker features (None =
    # off) ...
    node_weights: tuple[float, ...] | None = (
        1.47,
        0.882,
        0.113,
        0.621,
        1.35,
        0.391,
        -1.16,
        6.29,
        3.13,
        -1.7,
        0.222,
        0.306,
        0.978,
        0.949,
        0.832,
        -1.75,
        -1.96,
        -0.175,
        -1.47,
    )
    # ... and, when node_scale > 0, replace the decoder's candidate scores (times node_scale).
    # Off: on the dev split that cost 1.1 points of top-1 at 1.0 and 1.2 at 2.0 (the bigram and
    # known-phrase scores were set against the hand-set scales).
    node_scale: float = 0.0
    # A second stack search with the word model's log-probabilities (times this) as node
    # scores; the rewrites it finds that the first missed join after the decoder's list, for
    # the re-ranker to weigh (0 = off). 1.0 raised the right original's presence in the list
    # most on 500 dev phrases of the tortured lexicon part (260 -> 270; 2.0: 266).
    second_pass_scale: float = 1.0
    # Beam width of that second search (0 = beam_width). 96: the right original in the list
    # for 56.9% of 600 dev phrases instead of 56.5% (word_kbest and reverse_moby_k at 30),
    # dev top-1 unchanged (34.8% both, before known_any_number), lists 84 -> 118 long and
    # ~20 ms more per phrase: off.
    second_pass_width: int = 0
    # With a word model, the word_kbest phrases of the observed length with the highest sum of
    # its log-probabilities (positions independent, no bigrams) also join after the
    # decoder's list (0 = off).
    word_kbest: int = 0
    # Known original phrases anchored on the observed phrase (``newstrace.spin.complete``): all
    # but at most anchor_max_free words are candidates at their position, and each free word is
    # related to the observed one (neighbour-set cosine > anchor_min_relatedness: 0.0 asks for
    # one shared thesaurus neighbour at least); the best
    # anchor_k join after the decoder's list, for the re-ranker to weigh (0 = off). On the first
    # 600 dev phrases of the tortured lexicon part the right original was in the list for 49.1%
    # without them and 52.0% with them (53.1% also admitting unrelated free words, which let
    # "counterfeit sweeteners" -> "artificial intelligence" in: hence the > 0 relatedness).
    anchor_k: int = 5
    anchor_max_free: int = 2
    anchor_min_relatedness: float = 0.0
    anchor_wordnet: bool = False
    # Words completing a listed bigram with a neighbour's best candidates join a word's
    # candidates when related to it (``newstrace.spin.complete.completions``): the
    # completion_k most related (neighbour-set cosine > completion_min_relatedness) of the
    # words listed next to the completion_anchors best candidates of each neighbour, at
    # -change_cost + completion_bonus + completion_weight * relatedness (0 = off). Same 600 dev
    # phrases: +1 point of the right original in the list; completion_k 25 or 30 anchors add
    # nothing more; a bonus of -0.5 cost the decoder 2 points of top-1, -1.5 none.
    completion_k: int = 10
    completion_anchors: int = 10
    completion_min_relatedness: float = 0.0
    completion_bonus: float = -1.5
    completion_weight: float = 2.0
    # Known original phrases of the lexicon nearest in meaning to the observed phrase (MiniLM
    # cosine, ``newstrace.spin.retrieve``) join the candidates: this many (0 = off) ...
    retrieval_k: int = 0
    # ... and a retrieved phrase's words that no word candidate proposed score like a change
    # plus this (the re-ranker weighs retrieved phrases by their cosine).
    retrieval_bonus: float = 0.0
    # Beam width of the restoration search and how many alternatives to keep.
    beam_width: int = 48
    # After the first word, the search extends a hypothesis only with the successor_nodes
    # best-scored candidates of the next word plus the listed followers of its last word.
    # 8: on 600 dev phrases 16, 32 and all kept the right original in the list for 55.0%,
    # 55.2%, 54.7% instead of 54.7%, at 54, 102, 328 ms per phrase instead of 47 (the beam,
    # not this cut, prunes the right path).
    successor_nodes: int = 8
    top_k: int = 5
    # Moby entries considered per word (sorted by Zipf frequency: the commonest first).
    max_moby_per_word: int = 120
    # Moby read backwards (``thesaurus.moby_heads``): the reverse_moby_k head words listing
    # the observed word's base form that share the most thesaurus neighbours with it are
    # candidates too ("steadiness" is listed under "stability", not the reverse), at
    # -change_cost + reverse_moby_bonus (0 = off). Off: with word_kbest 30, 30 put the right
    # original in the list for 56.0% of 600 dev phrases instead of 55.5%, but dev top-1 went
    # 34.8% -> 34.6% (the re-ranker cannot tell the right reverse entry from the ~100 others).
    reverse_moby_k: int = 0
    reverse_moby_bonus: float = 0.0
    # An inflected observed word that is a Moby head of its own ("misleading") also takes its
    # own entry as it comes, besides its base's re-inflected ("mislead" -> "falsing").
    # Dev split: top-1 34.8% -> 34.8%, top-5 45.5% -> 45.7% alone; with known_any_number
    # 35.5% -> 35.8% top-1.
    own_moby_entry: bool = True
    # Replacement words rarer than this Zipf value are ignored (1.0 = once per 100M words).
    min_candidate_zipf: float = 1.0

    # --- lexical detection in running text (detect.py) -------------------------------------
    # A suspect bigram must be absent from both bigram lists, while its restoration is listed
    # with at least this count (wordsegment scale; 300k ~ "cold war" is 434k, "broadcast live"
    # 203k ... raised from 100k after MSRP calibration: rarer collocations misfired).
    min_restored_count: float = 300_000.0
    # ... and the restored bigram must be a collocation, not just frequent (log2 PMI; "cold war"
    # is 5.6, "local time" 1.7 with these counts, "of the" ~ 1; 3.0 from MSRP calibration).
    min_restored_pmi: float = 3.0
    # Spun words are not very common words: skip observed words above this Zipf (e.g. "said" 6.2).
    max_observed_zipf: float = 6.0
    # A swapped-back word must be commoner than the observed one by this many Zipf units
    # (spinners pick rarer synonyms: chilly 3.5 / cold 5.0, warfare 4.1 / war 5.5; MSRP: half of
    # the remaining false alarms had a rarer restoration, e.g. "last decision" -> "final").
    min_zipf_gain: float = 0.3
    # Both words swapped back only when both observed words are uncommon (Zipf <= 4.5) and the
    # restoration is a WordNet noun entry ("chilly warfare" -> "cold war").
    max_double_swap_zipf: float = 4.5
    # Only WordNet synonyms count as evidence without a source; when False, Moby entries listed
    # in both directions count too ("organic" <-> "biological"). On 3,000 MSRP sentences that
    # raised false alarms from 0.35 to 3.6 per 1,000 words, so it is off.
    lexical_requires_wordnet: bool = True
    # Minimum confidence of a reported span.
    min_confidence: float = 0.5

    # Second, looser pass once a document looks spun (by the strict pass or other evidence):
    # any listed bigram (the lists' 100k cut-off) and no Zipf gain needed.
    loose_min_restored_count: float = 100_000.0
    loose_min_zipf_gain: float = 0.0

    # --- document verdict (combine.py) ------------------------------------------------------
    # Spun when the confidence-weighted spans per 100 words reach this density (spinners swap
    # 20-40% of content words; unspun news shows < 0.03 spans per 100 words) ...
    spun_density: float = 0.5
    # ... and at least this many spans (one odd phrase is not a spun article).
    spun_min_spans: int = 2
    # A lexical span this sure is reported even alone (0.9 = restoration >= 10x the count
    # threshold and a WordNet entry, or equivalent strength; see detect.py's confidence).
    solo_confidence: float = 0.9

    # --- sibling copies (siblings.py) -------------------------------------------------------
    # Copies' synonym classes agree on a word more copies support than this text's word ...
    sibling_confidence: float = 0.75
    # ... or only as well, the commoner word winning the tie (two copies, one kept the original).
    sibling_tie_confidence: float = 0.6
    # --- aligned source (combine.py) --------------------------------------------------------
    source_synonym_confidence: float = 0.95
    source_other_confidence: float = 0.6
    # --- a user's list of known spins (known.py) -------------------------------------------
    # A listed spun phrase of 2+ words seen verbatim: strong, not certain (lists collected
    # from the wild hold phrases that ordinary prose also uses). It is a span on its own,
    # but a document is called spun only with spun_min_spans of them (combine.py).
    known_spin_confidence: float = 0.85
