"""Quote extraction on invented articles: marks, attribution, indirect quotes, speakers."""

from __future__ import annotations

import pytest

from newstrace.claims import extract_quotes
from newstrace.claims.marks import find_quoted_spans
from newstrace.text.nlp import has_model

needs_model = pytest.mark.skipif(not has_model(), reason="spaCy English model not installed")

ARTICLE = (
    "Harbour City approved a new ferry terminal on Monday after a long debate.\n\n"
    "“We are not building this for ourselves,” Harbour City mayor Delia Okafor told reporters. "
    "“We are building it for the next generation.”\n\n"
    "Okafor said the terminal would open in the spring of next year.\n\n"
    "Transport minister Ravi Menon said in a statement that the province would pay half of the cost.\n\n"
    "According to the Harbour Ferry Workers Union, the project will create several hundred jobs.\n\n"
    "The union's president, Tomas Berg, was less certain. \"It depends on who gets the contracts,\" he said.\n"
)


def _by_text(quotes, fragment):  # type: ignore[no-untyped-def]
    hits = [q for q in quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r}: {[q.text for q in quotes]}"
    return hits[0]


def test_marks_pair_per_paragraph_and_continue_across_paragraphs() -> None:
    text = "“First part of a long quote.\n\n“Second part,” she said.\nA stray “mark here.\nPlain \"straight\" words."
    spans = [(text[s.start : s.end], s.closed, s.paragraphs) for s in find_quoted_spans(text)]
    assert spans[0] == ("“First part of a long quote.\n\n“Second part,”", True, 2)
    assert spans[1] == ("“mark here.", False, 1)
    assert spans[2] == ('"straight"', True, 1)


def test_offsets_point_into_the_text() -> None:
    for q in extract_quotes(ARTICLE, "a1"):
        assert ARTICLE[q.start : q.end] == q.text
        assert q.article_id == "a1"
        if q.speaker_span is not None:
            assert ARTICLE[q.speaker_span[0] : q.speaker_span[1]] == q.speaker


@needs_model
def test_direct_quote_with_speaker_role_and_cue() -> None:
    qs = extract_quotes(ARTICLE)
    q = _by_text(qs, "not building this")
    assert q.text == "“We are not building this for ourselves,”"
    assert q.direct and q.cue == "told"
    assert q.speaker == "Delia Okafor" and q.speaker_resolved == "Delia Okafor"
    assert q.role is not None and "mayor" in q.role


@needs_model
def test_floating_quote_has_no_speaker_but_is_resolved() -> None:
    q = _by_text(extract_quotes(ARTICLE), "next generation")
    assert q.speaker is None and q.cue is None
    assert q.speaker_resolved == "Delia Okafor"


@needs_model
def test_indirect_quotes_surname_that_clause_and_according_to() -> None:
    qs = extract_quotes(ARTICLE)
    q = _by_text(qs, "terminal would open")
    assert not q.direct and q.speaker == "Okafor" and q.speaker_resolved == "Delia Okafor"
    q = _by_text(qs, "province would pay")
    assert q.text.startswith("the province")  # "that" is not part of the content
    assert q.speaker == "Ravi Menon" and q.cue == "said"
    q = _by_text(qs, "several hundred jobs")
    assert q.cue == "according to" and q.speaker is not None and "Union" in q.speaker


@needs_model
def test_pronoun_resolves_to_previous_sentence_subject() -> None:
    q = _by_text(extract_quotes(ARTICLE), "depends on who")
    assert q.speaker == "he" and q.speaker_resolved == "Tomas Berg"


@needs_model
def test_attribution_on_its_own_line_before_the_quote() -> None:
    text = "The coach, Mira Santos, spoke after the match.\nSantos said:\n“We played without fear and we deserved the win.”\n"
    q = _by_text(extract_quotes(text), "without fear")
    assert q.direct and q.speaker_resolved == "Mira Santos"


@needs_model
def test_mixed_quote_takes_the_whole_complement() -> None:
    text = "Analyst Leo Park said the fall in sales “shows that buyers are waiting for lower prices,” a view others share.\n"
    q = _by_text(extract_quotes(text), "buyers are waiting")
    assert q.text.startswith("the fall in sales") and q.direct


@needs_model
def test_parenthetical_attribution_and_scare_quotes() -> None:
    text = (
        "Officials called the plan a \"bold step\" for the region.\n"
        "The new rules are fair, Judge Ana Ruiz said, and they will be enforced from May.\n"
    )
    qs = extract_quotes(text)
    assert not any(q.text == '"bold step"' for q in qs)  # a scare quote, not a quotation
    q = _by_text(qs, "new rules are fair")
    assert q.speaker_resolved == "Ana Ruiz" and not q.direct


def test_blank_pipeline_falls_back_to_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    from newstrace.claims import quotes as quotes_mod

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    monkeypatch.setattr(quotes_mod, "parse_article", lambda text: nlp(text))
    text = "“The bridge will reopen on Friday,” said Nora Vance. Vance said that engineers had checked every cable.\n"
    qs = quotes_mod.extract_quotes(text)
    d = _by_text(qs, "bridge will reopen")
    assert d.direct and d.speaker == "Nora Vance" and d.cue == "said"
    i = _by_text(qs, "engineers had checked")
    assert not i.direct and i.speaker == "Vance"
