"""Find spun phrases in running text with no source: odd bigrams whose synonym variant is a collocation.

For every pair of adjacent content words (no punctuation between them) that is
absent from both bigram lists, the detector tries every one-word swap for a
WordNet synonym (and both-word swaps that land on a WordNet multiword entry).
The pair is suspect when a variant is a strong collocation: listed with at
least ``min_restored_count`` occurrences and a PMI of ``min_restored_pmi``
("chilly warfare" unlisted, "cold war" 434,660 and PMI 10). Numbers, stopwords
and very common words are never touched; title-case pairs (possible names) are
only reported when the restoration is a WordNet multiword entry ("Chilly
Warfare" -> "Cold War"), since "Bush Garden" is more likely a name than a swap.

What it does NOT do: longer phrases than two words (a spun trigram shows as
one or two suspect bigrams), multiword synonyms, or the document verdict
(``newstrace.spin.combine``). Restoration of a known-spun phrase with a beam
search over all positions is ``newstrace.spin.restore.restore_phrase``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from newstrace.spin.config import SpinConfig
from newstrace.spin.lexical import Lexicon, candidates, tokenize
from newstrace.text import phrases, thesaurus, wordnet

__all__ = ["LexicalSuspect", "find_lexical_suspects", "STOPWORDS"]

# Function words (and auxiliaries) a spinner leaves alone and a detector must not swap.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "s",
        "t",
        "don't",
        "it's",
    ]
)


@dataclass(frozen=True)
class LexicalSuspect:
    start: int
    end: int
    text: str
    original: str
    confidence: float
    evidence: tuple[str, ...]


def _match_case(original: str, observed: str) -> str:
    if observed.isupper() and len(observed) > 1:
        return original.upper()
    if observed[:1].isupper():
        return original[:1].upper() + original[1:]
    return original


def _sentence_initial(text: str, start: int) -> bool:
    j = start - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:"


def _content(word: str, cfg: SpinConfig) -> bool:
    w = word.lower()
    return w.isalpha() and len(w) > 2 and w not in STOPWORDS


def _mutual_moby(a: str, b: str) -> bool:
    forms_a = {a} | wordnet.base_forms(a)
    forms_b = {b} | wordnet.base_forms(b)
    return any(
        y in thesaurus.moby_synonyms(x) and x in thesaurus.moby_synonyms(y)
        for x in forms_a
        for y in forms_b
    )


def _synonym_swaps(word: str, cfg: SpinConfig, lexicon: Lexicon | None) -> dict[str, str]:
    """Replacement -> relation label, restricted to WordNet unless configured otherwise."""
    out: dict[str, str] = {}
    for c, (_, rel) in candidates(word, cfg, lexicon).items():
        if rel == "kept":
            continue
        if "wordnet" not in rel and "lexicon" not in rel:
            # Moby alone is loose: accept only entries listed in both directions.
            if cfg.lexical_requires_wordnet or not _mutual_moby(word, c):
                continue
            rel = "moby, both ways"
        out[c] = rel
    return out


def _pair_restoration(
    a: str,
    b: str,
    cfg: SpinConfig,
    lexicon: Lexicon | None,
    corpus: Mapping[str, float],
    titled: bool,
) -> tuple[str, str, float, list[str]] | None:
    """Best (a', b', strength, evidence) for an unlisted pair, or None."""
    la, lb = a.lower(), b.lower()
    sa = _synonym_swaps(la, cfg, lexicon)
    sb = _synonym_swaps(lb, cfg, lexicon)
    mwe = wordnet.multiword_expressions()
    best: tuple[float, str, str, list[str]] | None = None
    za, zb = phrases.zipf(la), phrases.zipf(lb)
    gain = cfg.min_zipf_gain
    options: list[tuple[str, str, str]] = [
        (x, lb, f"{la} -> {x} ({sa[x]})") for x in sa if phrases.zipf(x) - za >= gain
    ]
    options += [(la, y, f"{lb} -> {y} ({sb[y]})") for y in sb if phrases.zipf(y) - zb >= gain]
    if max(za, zb) <= cfg.max_double_swap_zipf:
        for x in sa:
            for y in set(phrases.followers(x)) & sb.keys():
                if f"{x} {y}" in mwe and wordnet.is_noun(f"{x} {y}"):
                    options.append((x, y, f"{la} -> {x} ({sa[x]}), {lb} -> {y} ({sb[y]})"))
    for x, y, why in options:
        if x in STOPWORDS or y in STOPWORDS:
            continue
        # Spun collocations we can restore are noun phrases (adj/noun + noun), and a swap must be
        # a synonym in that role: "requires" -> "wants" shares only a verb synset, so it is out.
        if x != la and sa[x] == "wordnet" and not wordnet.shared_pos(la, x) & {"n", "a"}:
            continue
        if y != lb and sb[y] == "wordnet" and "n" not in wordnet.shared_pos(lb, y):
            continue
        if not (wordnet.is_noun(y) and (wordnet.is_noun(x) or wordnet.is_adjective(x))):
            continue
        phrase = f"{x} {y}"
        is_mwe = phrase in mwe
        if titled and not is_mwe:
            continue
        count = phrases.bigram_count(x, y)
        in_corpus = corpus.get(phrase, 0.0)
        if count < cfg.min_restored_count and in_corpus <= 0:
            continue
        p = phrases.pmi(x, y)
        if in_corpus <= 0 and p < cfg.min_restored_pmi:
            continue
        strength = math.log10(max(count, 1.0) / cfg.min_restored_count) + (1.0 if is_mwe else 0.0)
        strength += min(2.0, (p - cfg.min_restored_pmi) / 4.0) if p > float("-inf") else 0.0
        strength += math.log10(1.0 + in_corpus)
        ev = [why, f"'{la} {lb}' is not a listed bigram"]
        if count > 0:
            ev.append(f"'{phrase}' is a listed bigram ({count:,.0f}, PMI {p:.1f})")
        if is_mwe:
            ev.append(f"'{phrase}' is a WordNet entry")
        if in_corpus > 0:
            ev.append(f"'{phrase}' occurs {in_corpus:g} times in the corpus")
        if best is None or strength > best[0]:
            best = (strength, x, y, ev)
    if best is None:
        return None
    return best[1], best[2], best[0], best[3]


def find_lexical_suspects(
    text: str,
    config: SpinConfig | None = None,
    lexicon: Lexicon | None = None,
    corpus_phrase_counts: Mapping[str, float] | None = None,
) -> list[LexicalSuspect]:
    """Suspect spun bigrams of ``text`` with their restorations, in text order, non-overlapping."""
    cfg = config or SpinConfig()
    corpus = {" ".join(k.lower().split()): v for k, v in (corpus_phrase_counts or {}).items()}
    toks = tokenize(text)
    found: list[LexicalSuspect] = []
    for (s1, e1, w1), (s2, e2, w2) in zip(toks, toks[1:], strict=False):
        gap = text[e1:s2]
        if gap != " ":
            continue  # punctuation, a hyphen or a line break between them: not a plain bigram
        if not (_content(w1, cfg) and _content(w2, cfg)):
            continue
        l1, l2 = w1.lower(), w2.lower()
        if phrases.bigram_count(l1, l2) > 0 or corpus.get(f"{l1} {l2}", 0.0) > 0:
            continue
        if f"{l1} {l2}" in wordnet.multiword_expressions():
            continue
        if max(phrases.zipf(l1), phrases.zipf(l2)) > cfg.max_observed_zipf:
            continue
        cap1 = w1[:1].isupper() and not _sentence_initial(text, s1)
        titled = cap1 or w2[:1].isupper()
        res = _pair_restoration(w1, w2, cfg, lexicon, corpus, titled)
        if res is None:
            continue
        x, y, strength, ev = res
        # Confidence: 0.55 at the thresholds, +0.1 per unit of strength (a 10x more frequent
        # restoration, a WordNet entry, 4 bits more PMI), capped at 0.95.
        conf = min(0.95, 0.55 + 0.1 * strength)
        if conf < cfg.min_confidence:
            continue
        original = f"{_match_case(x, w1)}{gap}{_match_case(y, w2)}"
        if found and s1 < found[-1].end:
            if conf <= found[-1].confidence:
                continue
            found.pop()
        found.append(LexicalSuspect(s1, e2, text[s1:e2], original, round(conf, 3), tuple(ev)))
    return found
