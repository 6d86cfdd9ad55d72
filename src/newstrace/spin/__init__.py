"""Spin forensics: which spans of an article were machine-spun, and what they originally said.

    >>> from newstrace.spin import detect_spin
    >>> rep = detect_spin(text, article_id="x")            # doctest: +SKIP
    >>> rep.score, rep.spun, rep.spans[0].original_text    # doctest: +SKIP

Evidence, strongest first: an aligned source (``source_substitutions``), sibling
spins of the same original (``sibling_texts``), lexical knowledge (WordNet, Moby,
bigram counts, the user's ``corpus_phrase_counts``). Heavy resources load on
first use (~5-8 s once per process). See ``newstrace.spin.combine``.
"""

from newstrace.spin.combine import SpinReport, detect_spin, restore_text
from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import Lexicon
from newstrace.spin.restore import restore_phrase

__all__ = ["SpinReport", "SpinConfig", "Lexicon", "detect_spin", "restore_text", "restore_phrase"]
