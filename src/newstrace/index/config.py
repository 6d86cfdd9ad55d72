"""Settings of the candidate index (``newstrace.index``), one frozen dataclass.

Every threshold has the number behind it in a comment. Changing a setting that
shapes fingerprints (n-gram sizes, winnowing windows, MinHash layout, the
stopword list) makes an existing index incompatible: the index records a
fingerprint of these settings and refuses to mix (see ``CandidateIndex``).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

__all__ = ["IndexConfig"]


@dataclass(frozen=True, slots=True)
class IndexConfig:
    # -- word shingles: hashed word n-grams of the lowercased ``\w+`` tokens ----------------
    # 5 words: long enough that two unrelated news texts rarely share one by chance
    # (3-grams like "said on tuesday" are everywhere), short enough that a verbatim
    # passage of one sentence (~20 words) yields several.
    word_ngram: int = 5
    # Winnowing window (Schleimer et al. 2003): keep the minimum hash of every window of
    # 6 consecutive n-grams. Expected density 2/(w+1) = 29% of the n-grams, and the
    # guarantee that any shared run of w+n-1 = 10 identical tokens yields at least one
    # shared fingerprint. That keeps the index at ~0.3 postings per token while a reused
    # paragraph (~80 words) still shares ~20 fingerprints.
    word_window: int = 6
    # A pair needs this many distinct shared word fingerprints: one shared 5-gram is
    # often a stock phrase ("at the end of the"); three in common are a reused sentence.
    min_shared_word: int = 3

    # -- stopword n-grams: project the text onto its function words, shingle that --------
    # Machine spinners swap content words and keep function words and order; the
    # projection is then unchanged (Stamatatos 2011, stopword n-grams with n=8..11).
    # 8 function words span ~16-18 running words, about one sentence.
    stop_ngram: int = 8
    # Stopword sequences are ~45% of the tokens, so a denser sample: density 2/5 = 40%,
    # guaranteed hit on any shared run of 4+8-1 = 11 function words (~25 running words).
    stop_window: int = 4
    # Stopword 8-grams coincide by chance more often than word 5-grams ("of the in a to
    # the and of"): require six. A spun paragraph (~80 words, ~35 function words) yields
    # ~11 of them; a spun article 40+.
    min_shared_stop: int = 6
    # A text whose tokens are less than 20% English stopwords is not English (English
    # news runs at 40-50%); it is projected onto its own most frequent tokens instead.
    english_min_ratio: float = 0.2
    # Size of that per-text fallback list: the top ~40 types of a news text in any
    # language we looked at are mostly function words.
    fallback_stopwords: int = 40

    # -- content-word n-grams: the text without its function words, as unordered n-grams --
    # Each n-gram is the multiset of 3 consecutive content words (order inside it is
    # ignored): survives inserted/deleted function words, local word swaps and the light
    # rewording of obfuscated or translated-back passages, where word 5-grams break.
    # On PAN 2013 training pairs, 3 consecutive content words shared by chance are rare
    # (2 shared in 0.1% of random document pairs), while 90% of randomly obfuscated pairs
    # share 2 or more (word 5-grams alone: 37% share 3).
    content_ngram: int = 3
    # Winnowing window 2: density 2/3 of the content n-grams, guaranteed hit on a shared
    # run of 2+3-1 = 4 content words.
    content_window: int = 2
    min_shared_content: int = 2
    # ... and enough of them must be specific to the pair. When a later article shares a
    # key that r earlier articles already carry, the key counts min(1, 4/r): a key the
    # first 4 holders share counts fully (a story reprinted by a few outlets, PAN's
    # near-duplicate source copies), one that 49 earlier articles carry counts 0.08 (a
    # stock phrase: "officials said the plan would", a template sentence). The weighted
    # sum must reach ``min_specific_percent`` % of the minimum above. Measured with
    # benchmarks/candidates_vs_datasketch.py: on the generated 10k corpus (template-built,
    # so stock phrases abound) candidates fall from 8.1 to 1.05 per article at recall 1.000
    # of the planted pairs; on PAN 2013 recall of the gold pairs drops 0.740 -> 0.722
    # (summaries, near the thresholds). 4/r instead of 1/r: PAN 0.671, generated 0.36/art.
    specific_holders: int = 4
    min_specific_percent: int = 100
    # Content words exclude, besides the stopwords, the 300 most frequent English words
    # (wordfreq): "said", "year", "last", "people", "government" ... form stock phrases
    # ("late last year", "told reporters on") that unrelated reports share. Set 0 to keep them.
    content_skip_frequent: int = 300

    # -- rare-word n-grams: the text projected onto its rare words ---------------------------
    # Unordered pairs of consecutive rare words (English texts only): a word is rare below
    # Zipf 3.5 on wordfreq's scale (fewer than ~3 uses per million words; 15,145 English
    # words are above it). Summaries and translated-back passages keep names and technical
    # terms while every phrase around them changes. Measured on PAN 2013 training (all
    # documents): with 2 shared (and the specificity rule below), recall of the gold pairs
    # rises random 0.815 -> 0.862, translation 0.824 -> 0.864, summary 0.322 -> 0.407 for
    # +0.43 candidates/document; on the generated 10k corpus +0.26 per article. 3 shared:
    # summary only 0.359. 0 disables the channel.
    rare_ngram: int = 2
    rare_max_zipf: float = 3.5
    min_shared_rare: int = 2

    # -- MinHash / LSH over whole documents (near-duplicates) ----------------------------
    # Shingles for MinHash: word 3-grams (a one-word edit changes 3 of them, not 5).
    minhash_ngram: int = 3
    # One-permutation MinHash (Li et al. 2012) with 64 bins: one hash per shingle instead
    # of 64, std. error of the Jaccard estimate sqrt(J(1-J)/64) <= 0.0625.
    minhash_perm: int = 64
    # 16 bands x 4 rows: LSH threshold ~ (1/16)^(1/4) = 0.5. P(candidate) at Jaccard 0.5
    # is 1-(1-0.5^4)^16 = 0.64, at 0.6 0.89, at 0.7 0.99.
    minhash_bands: int = 16
    # A band match is kept only when the estimated Jaccard is at least this (band
    # collisions of dissimilar texts are LSH false positives).
    minhash_min_jaccard: float = 0.4
    # Fewer distinct shingles than this (a headline, an empty body): no signature, since
    # MinHash of a tiny set is noise and all-empty signatures would all collide.
    minhash_min_shingles: int = 10

    # -- common fingerprints ---------------------------------------------------------------
    # Only the first 20 articles (in indexing order) that carry a fingerprint are paired
    # through it; later ones are skipped and counted (``skipped_common``). Boilerplate
    # (an outlet's footer, "All rights reserved ...") reaches 20 quickly, and 20 costs at
    # most 190 pairs per fingerprint. Order-based (not a document-frequency cut-off) so
    # that indexing in batches gives exactly the pairs of one batch over all. Was 50: with
    # the specificity rule a key's 20th holder counts it 4/19 = 0.21 anyway, and 20 gives
    # the same PAN 2013 recall (0.767) and generated-10k recall (1.000) at 1.5x the speed
    # on the generated corpus (stock phrases there made most of the collisions). Near-
    # duplicates beyond the 20th copy still pair through MinHash buckets (cap below).
    max_postings_per_hash: int = 20
    # Same cap for MinHash buckets: a wire story run by 200 outlets lands 200 copies in
    # one bucket; 200 keeps all of them paired (19,900 pairs) without unbounded growth.
    max_postings_per_bucket: int = 200

    # -- per-article selection -----------------------------------------------------------
    # Each article keeps at most this many partners among the articles indexed before it
    # (the best by score, ties to the earlier partner; see ``scoring``), 0 = all. A guard
    # against quadratic blow-up (a wire story in 200 outlets), not the main filter (the
    # specificity rule above is): PAN 2013 suspicious documents have up to ~40 sources
    # and near-duplicate siblings, and a cap of 50 loses 0.8% of their gold pairs, 100 none.
    max_partners: int = 100
    # Weak partners (a pair that qualifies on one fingerprint kind only, without a MinHash
    # match: a few shared content-word or rare-word sets) are the chance matches of stock
    # phrasing and shared topics; real reuse almost always shows on two kinds or more (on
    # the generated 100k corpus 22 of 14,902 planted pairs are weak, 138,761 of 152,907
    # other pairs). An article keeps its best 1 + words/200 weak partners (a 350-word news
    # story 2, a 6,000-word PAN document 31): generated 100k 1.68 -> 1.40 candidates per
    # article at recall 1.000; PAN 2013 recall 0.767 -> 0.761. Per 500 words: 0.97 per
    # article, PAN 0.730; one per article regardless of length: PAN 0.662. 0 = no budget.
    weak_words_per_partner: int = 200

    # -- batching ------------------------------------------------------------------------
    # ``add_and_query`` works through its input in chunks of this many articles (the
    # result is identical for any chunk size: see the incremental test); 2,000 keeps the
    # numpy working set of a chunk of news articles around 100 MB.
    chunk_size: int = 2000

    def __post_init__(self) -> None:
        if self.minhash_perm % self.minhash_bands:
            raise ValueError("minhash_perm must be a multiple of minhash_bands")
        if self.minhash_perm & (self.minhash_perm - 1):
            raise ValueError("minhash_perm must be a power of two (one-permutation bins)")
        for name in (
            "word_ngram",
            "word_window",
            "stop_ngram",
            "stop_window",
            "content_ngram",
            "content_window",
            "minhash_ngram",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1")

    def shape_key(self, stopwords_digest: str) -> str:
        """The settings that shape stored fingerprints, as a stable JSON string."""
        shaping = (
            "word_ngram",
            "word_window",
            "stop_ngram",
            "stop_window",
            "content_ngram",
            "content_window",
            "content_skip_frequent",
            "rare_ngram",
            "rare_max_zipf",
            "english_min_ratio",
            "fallback_stopwords",
            "minhash_ngram",
            "minhash_perm",
            "minhash_bands",
            "max_postings_per_hash",
            "max_postings_per_bucket",
        )
        # Not here: the pair thresholds, ``specific_holders``, ``min_specific_percent`` and
        # ``max_partners`` decide which pairs are proposed from the stored postings, not
        # what is stored, so an index built before they existed keeps working (the new rule
        # applies to articles indexed from then on).
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name in shaping}
        d["stopwords"] = stopwords_digest
        return json.dumps(d, sort_keys=True)
