"""Pairwise passage alignment: which passages of text B reuse text A, and how.

Public API::

    from newstrace.align import align_texts, AlignmentResult, to_json
    res = align_texts(a_text, b_text)          # AlignmentResult
    to_json(res)                               # the ``compare --json`` shape

The fast aligner (``fast``) follows seed -> extend -> filter over sentences
(tf-idf cosine + Dice seeds, exact-run seeds, stopword n-gram seeds), then a
word-level pass for similarity and substitutions. ``reference`` is a slow,
obviously correct exact-match aligner the fast one is tested against.
Corpus-wide candidate generation is not here (``newstrace.index``).
"""

from newstrace.align.config import AlignConfig
from newstrace.align.fast import Aligner, align_texts
from newstrace.align.result import AlignmentResult, to_json

__all__ = ["AlignConfig", "Aligner", "AlignmentResult", "align_texts", "to_json"]
