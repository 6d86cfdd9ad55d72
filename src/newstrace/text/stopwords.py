"""Stopwords: an English list, and a language-agnostic fallback from token frequencies.

Function words are what machine spinners leave alone, so they are both noise
(for content matching) and signal (stopword n-grams survive synonym swaps).
For English we use the list below (written for newstrace: articles,
pronouns, auxiliaries, prepositions, conjunctions, common adverbs). For any
other language (Urdu in COUNTER, say) the most frequent tokens of the text(s)
themselves stand in: in every language we looked at, the top ~50 types of a
news text are overwhelmingly function words.

This module does not tokenise (see ``newstrace.text.tokens``) and does not
identify languages beyond "does this look like English".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = ["ENGLISH", "english_ratio", "frequent_tokens", "stopwords_for"]

ENGLISH: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "almost",
        "also",
        "although",
        "always",
        "am",
        "among",
        "an",
        "and",
        "another",
        "any",
        "anyone",
        "anything",
        "are",
        "aren't",
        "around",
        "as",
        "at",
        "be",
        "became",
        "because",
        "become",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "either",
        "else",
        "enough",
        "etc",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "however",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "least",
        "less",
        "let's",
        "like",
        "made",
        "make",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "mustn't",
        "my",
        "myself",
        "neither",
        "never",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "others",
        "otherwise",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "perhaps",
        "quite",
        "rather",
        "really",
        "same",
        "several",
        "shall",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "since",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "well",
        "were",
        "weren't",
        "what",
        "what's",
        "whatever",
        "when",
        "when's",
        "where",
        "where's",
        "whether",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "whose",
        "why",
        "why's",
        "will",
        "with",
        "within",
        "without",
        "won't",
        "would",
        "wouldn't",
        "yet",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "said",
        "says",
        "say",
        "also",
        "mr",
        "mrs",
        "ms",
    ]
)

# A text is "English" for our purposes when at least this share of its tokens
# are English stopwords: English news prose runs at 0.40-0.50; French/Spanish
# share a handful of forms ("a", "on") and stay under 0.08; Urdu has none.
ENGLISH_MIN_RATIO = 0.2

# Size of the frequency-based fallback list. On COUNTER's Urdu stories the top
# 40 types are postpositions, auxiliaries and pronouns (کے, میں, نے, کی, ہے ...).
FALLBACK_SIZE = 40


def english_ratio(folded: Sequence[str]) -> float:
    """Share of the (case-folded) tokens that are English stopwords."""
    if not folded:
        return 0.0
    return sum(1 for w in folded if w in ENGLISH) / len(folded)


def frequent_tokens(folded: Iterable[str], k: int = FALLBACK_SIZE) -> frozenset[str]:
    """The ``k`` most frequent alphabetic tokens (numbers are content, never stopwords)."""
    counts = Counter(w for w in folded if not w.isdigit())
    return frozenset(w for w, _ in counts.most_common(k))


# ... but never more than one type per this many tokens: in a 200-token story the
# 40 most frequent types already include its key content words (names, places).
FALLBACK_TOKENS_PER_TYPE = 25


def stopwords_for(*texts_folded: Sequence[str], k: int = FALLBACK_SIZE) -> frozenset[str]:
    """English list when the tokens look English, else the most frequent tokens of all texts.

    The fallback takes ``min(k, tokens / 25)`` types (at least 3).

    >>> sorted(stopwords_for(["the", "cat", "sat", "on", "the", "mat"]))[:3]
    ['a', 'about', 'above']
    """
    all_tokens = [w for t in texts_folded for w in t]
    if english_ratio(all_tokens) >= ENGLISH_MIN_RATIO:
        return ENGLISH
    return frequent_tokens(all_tokens, max(3, min(k, len(all_tokens) // FALLBACK_TOKENS_PER_TYPE)))
