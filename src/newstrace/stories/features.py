"""Sparse article features for story clustering: tf-idf words + named entities + date.

An article becomes a unit-length sparse vector ``{term: weight}``: sub-linear tf of its
content words (title words counted ``title_weight`` times) times a *background* idf read
from ``wordfreq``'s general-English frequencies, so the same article always gets the same
vector whatever else is in the store (online determinism, no global refit). Without
``wordfreq`` the idf comes from the document frequencies the caller keeps
(``IdfTable.observe``). Named entities (spaCy NER when its model is installed, else a
capitalised-phrase rule) add ``e:<name>`` features, because two events of the same kind
differ mostly by who and where; NER reads the title and the lead only (``ner_chars``),
which keeps spaCy at ~100 articles per CPU-second. The publication date is parsed for the time gate.

This module does not assign or cluster anything (``online``/``batch`` do), and does not
embed sentences (``newstrace.text.embed``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from newstrace.stories.config import StoryConfig
from newstrace.types import Article

__all__ = [
    "ArticleFeatures",
    "IdfTable",
    "extract_features",
    "extract_many",
    "tokenize",
    "rule_entities",
    "parse_date",
    "cosine",
]

# Words, with an inner apostrophe; 4-digit years 1800-2099 (a year in the text is a strong
# event marker: "the 2008 quake" vs "the 2013 quake").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\b(?:1[89]|20)\d\d\b")

_STOPWORD_TEXT = (
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told tells according also would could one two new
    mr mrs ms s t don didn doesn isn wasn aren weren won wouldn """
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Capitalised words that start sentences or name calendar things, not entities.
_NOT_ENTITY_TEXT = (
    """the a an he she it they we i you his her its their our this that these those there
    but and or if in on at for with from by as after before when while monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr"""
)
_NOT_ENTITY = frozenset(_NOT_ENTITY_TEXT.split())
_CAP_PHRASE = re.compile(
    r"\b[A-Z](?:[\w'’-]|\.(?=\w))*(?:[ \t]+(?:(?:of|de|la|van|von|al|bin|the|and|&)[ \t]+)?[A-Z](?:[\w'’-]|\.(?=\w))*)*"
)

# spaCy labels kept as entity features: who, where, which organisation / named event.
_NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT"})


def tokenize(text: str) -> list[str]:
    """Lowercased content tokens (stopwords dropped).

    >>> tokenize("Lindsay Lohan checks into the Betty Ford Center in 2013")
    ['lindsay', 'lohan', 'checks', 'betty', 'ford', 'center', '2013']
    """
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group(0).lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 2 or w in _STOPWORDS:
            continue
        out.append(w)
    return out


def _norm_entity(text: str) -> str:
    t = " ".join(text.replace("’", "'").split()).lower()
    if t.startswith("the "):
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    return t.strip(" .,'\"-")


def rule_entities(text: str) -> list[str]:
    """Capitalised phrases as a stand-in for NER when spaCy's model is absent.

    A single capitalised word right after a sentence end is skipped unless it recurs
    elsewhere mid-sentence (it is then a name, not just a sentence start).

    >>> rule_entities("Police said Lindsay Lohan met officials of the Betty Ford Center. She left.")
    ['lindsay lohan', 'betty ford center']
    """
    found: list[tuple[str, bool]] = []
    for m in _CAP_PHRASE.finditer(text):
        phrase = m.group(0).rstrip(".")
        words = phrase.split()
        while words and words[0].lower() in _NOT_ENTITY:
            words = words[1:]
        while words and words[-1].lower() in ("of", "de", "la", "the", "and", "&"):
            words = words[:-1]
        if not words:
            continue
        before = text[: m.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?\"\n:“”"
        found.append((" ".join(words), sentence_start and len(words) == 1))
    mid = {p.lower() for p, s in found if not s}
    out = []
    for phrase, risky in found:
        n = _norm_entity(phrase)
        if len(n) < 2 or n in _NOT_ENTITY or n in _STOPWORDS:
            continue
        if risky and n not in mid:
            continue
        out.append(n)
    return out


def parse_date(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 date/datetime string, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _wordfreq() -> Any:
    try:
        import wordfreq
    except ImportError:
        return None
    return wordfreq


@lru_cache(maxsize=200_000)
def _background_idf(word: str, max_idf: float) -> float:
    wf = _wordfreq()
    f = wf.word_frequency(word, "en") if wf is not None else 0.0
    if f <= 0.0:
        return max_idf
    return min(max_idf, -math.log(f))


@dataclass(slots=True)
class IdfTable:
    """Word idf: background (wordfreq) when installed, else from observed document frequencies."""

    max_idf: float = 14.0
    df: Counter[str] = field(default_factory=Counter)
    n_docs: int = 0

    @property
    def background(self) -> bool:
        return _wordfreq() is not None

    def observe(self, words: set[str]) -> None:
        """Count one document's distinct words (only used without wordfreq)."""
        if self.background:
            return
        self.n_docs += 1
        self.df.update(words)

    def idf(self, word: str) -> float:
        if self.background:
            return _background_idf(word, self.max_idf)
        # Smoothed corpus idf, scaled to the background's range (~2..14).
        return min(self.max_idf, 2.0 * (math.log((self.n_docs + 1) / (self.df.get(word, 0) + 1)) + 1.0))


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What clustering needs of one article (all JSON-able but ``date``)."""

    id: str
    vec: dict[str, float]  # unit-length sparse tf-idf (+ entity) vector, top terms only
    entities: tuple[str, ...]  # distinct entity names, most frequent first
    date: date | None
    title: str
    credits: tuple[str, ...] = ()


# spaCy nlp.pipe batch: 64 short leads per batch keeps the tok2vec matrices large enough to
# amortise per-batch overhead (16 -> 64: ~10% fewer CPU-seconds on 800-char leads).
_PIPE_BATCH = 64


def _entities(nlp: Any, text: str, mode: str) -> list[str]:
    if mode == "none":
        return []
    if nlp is not None:
        return [_norm_entity(e.text) for e in nlp(text).ents if e.label_ in _NER_LABELS]
    return rule_entities(text)


def _load_ner(mode: str) -> Any:
    """spaCy pipeline with only what NER needs, or None (use the rule)."""
    if mode not in ("auto", "spacy"):
        return None
    try:
        from newstrace.text.nlp import load_english

        nlp = load_english(("parser", "lemmatizer", "attribute_ruler", "tagger", "senter"))
    except (ImportError, ValueError, OSError):
        return None
    return nlp if "ner" in nlp.pipe_names else None


def _lead(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, cut after the last sentence end in its
    second half (else at the last space), so NER never sees half a name."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(". "), head.rfind(".\n"), head.rfind("\n"))
    if cut >= limit // 2:
        return head[: cut + 1]
    sp = head.rfind(" ")
    return head[:sp] if sp > 0 else head


def _doc_text(article: Article, cfg: StoryConfig) -> str:
    """What NER reads: the title and the lead (``ner_chars``), where who/where is named."""
    body = _lead(article.text, min(cfg.ner_chars, cfg.max_chars) if cfg.ner_chars > 0 else cfg.max_chars)
    return f"{article.title}\n{body}" if article.title else body


def _vectorise(article: Article, ents: list[str], cfg: StoryConfig, idf: IdfTable) -> dict[str, float]:
    body = tokenize(article.text[: cfg.max_chars])
    tf: dict[str, float] = dict(Counter(body))
    if article.title:
        for w in tokenize(article.title):
            tf[w] = tf.get(w, 0.0) + cfg.title_weight
    idf.observe(set(tf))
    raw: dict[str, float] = {w: (1.0 + math.log(c)) * idf.idf(w) for w, c in tf.items() if c > 0}
    if cfg.bigram_weight > 0:
        # Adjacent content words ("red sox", "qeshm island"): phrase identity that single
        # words lose; weighted by the mean idf of the pair.
        bi: Counter[str] = Counter(f"{a} {b}" for a, b in zip(body, body[1:], strict=False))
        for k, c in bi.items():
            if c < 2:
                continue
            a, b = k.split(" ")
            raw["b:" + k] = (1.0 + math.log(c)) * (idf.idf(a) + idf.idf(b)) / 2 * cfg.bigram_weight
    for e, c in Counter(ents).items():
        words = tokenize(e)
        if not words:
            continue
        w_idf = sum(idf.idf(w) for w in words) / len(words)
        raw["e:" + e] = (1.0 + math.log(c)) * w_idf * cfg.entity_weight
    top = sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.article_terms]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    return {k: v / norm for k, v in top}


def extract_features(
    article: Article, cfg: StoryConfig | None = None, idf: IdfTable | None = None, nlp: Any = None
) -> ArticleFeatures:
    """Features of one article. ``nlp`` is a loaded spaCy pipeline (None: load per ``cfg.ner``)."""
    cfg = cfg or StoryConfig()
    idf = idf if idf is not None else IdfTable(cfg.max_idf)
    if nlp is None and cfg.ner in ("auto", "spacy"):
        nlp = _load_ner(cfg.ner)
    ents = _entities(nlp, _doc_text(article, cfg), cfg.ner)
    vec = _vectorise(article, ents, cfg, idf)
    ranked = [e for e, _ in sorted(Counter(ents).items(), key=lambda kv: (-kv[1], kv[0]))]
    return ArticleFeatures(
        id=article.id,
        vec=vec,
        entities=tuple(ranked[:20]),
        date=parse_date(article.published),
        title=article.title or article.text.strip().split("\n", 1)[0][:120],
        credits=tuple(sorted({c.strip().lower() for c in article.credits if c.strip()})),
    )


def extract_many(
    articles: list[Article], cfg: StoryConfig | None = None, idf: IdfTable | None = None
) -> list[ArticleFeatures]:
    """Features of many articles, running spaCy NER in one batched pass when it is used."""
    cfg = cfg or StoryConfig()
    idf = idf if idf is not None else IdfTable(cfg.max_idf)
    nlp = _load_ner(cfg.ner)
    if nlp is None:
        return [extract_features(a, cfg, idf, None) for a in articles]
    texts = [_doc_text(a, cfg) for a in articles]
    out = []
    for a, doc in zip(articles, nlp.pipe(texts, batch_size=_PIPE_BATCH), strict=True):
        ents = [_norm_entity(e.text) for e in doc.ents if e.label_ in _NER_LABELS]
        vec = _vectorise(a, ents, cfg, idf)
        ranked = [e for e, _ in sorted(Counter(ents).items(), key=lambda kv: (-kv[1], kv[0]))]
        out.append(
            ArticleFeatures(
                id=a.id,
                vec=vec,
                entities=tuple(ranked[:20]),
                date=parse_date(a.published),
                title=a.title or a.text.strip().split("\n", 1)[0][:120],
                credits=tuple(sorted({c.strip().lower() for c in a.credits if c.strip()})),
            )
        )
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors (both unit length: their cosine)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())
