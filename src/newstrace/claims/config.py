"""Thresholds and word lists of the claims stage (quotes, speakers, figures, comparison).

Every number used by ``newstrace.claims`` lives here with the reason for it, so a
caller can override one (``dataclasses.replace``) without touching the code.
This module holds data only: no parsing, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ClaimsConfig", "DEFAULT"]

# Verbs of communication used to attribute speech. Base forms; inflections are
# generated in ``cues.py``. The list is the usual reporting-verb inventory of news
# style guides, not a list fitted to any evaluation set. Left out on purpose:
# "find"/"show" (a study's findings are not a speaker's words) and "continue"
# ("Story continues below advertisement").
SPEECH_VERBS: tuple[str, ...] = (
    "say", "tell", "add", "state", "explain", "note", "write", "argue", "claim", "warn",
    "insist", "announce", "acknowledge", "admit", "suggest", "confirm", "deny", "report",
    "reveal", "ask", "answer", "reply", "respond", "recall", "describe", "rule", "predict",
    "estimate", "conclude", "contend", "maintain", "stress", "emphasize", "emphasise",
    "urge", "caution", "indicate", "concede", "complain", "testify", "declare", "assert",
    "allege", "mention", "observe", "remark", "tweet", "post", "shout", "vow", "promise",
    "pledge", "point", "joke", "call", "repeat", "read", "tout",
    "boast", "charge", "counter", "agree", "disagree", "accuse", "blame", "praise",
    "predict", "proclaim", "propose", "recommend", "reiterate", "signal", "underline",
    "underscore", "whisper", "lament", "muse", "quip", "scoff", "advise", "comment",
    "forecast", "disclose", "affirm", "assure", "inform", "notify", "order", "demand",
    "stipulate", "specify", "clarify", "elaborate", "detail", "acknowledge", "cite",
    "highlight",
)

# Verbs of cognition reporters use for attributed opinion ("Experts believe that ...").
# Off by default: they report beliefs, not statements ("Liberals hope it will
# help"), and news quote annotation (PARC, GGT) counts statements only.
COGNITION_VERBS: tuple[str, ...] = (
    "believe", "think", "feel", "fear", "hope", "expect", "worry", "know", "doubt",
)

# Titles stripped before surname matching ("Mr. Hawes" -> "Hawes").
HONORIFICS: tuple[str, ...] = (
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
    "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt", "maj", "adm", "hon", "mx",
    "president", "premier", "senator", "governor", "mayor", "chief", "judge", "justice",
    "minister", "secretary", "commissioner", "superintendent", "inspector", "sheriff",
    "coach", "pope", "king", "queen", "prince", "princess", "rabbi", "father", "sister",
)
MALE_HONORIFICS: tuple[str, ...] = ("mr", "sir", "lord", "king", "prince", "father")
FEMALE_HONORIFICS: tuple[str, ...] = (
    "mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister",
)


@dataclass(frozen=True)
class ClaimsConfig:
    """Knobs of quote, figure and cross-outlet claim extraction."""

    speech_verbs: tuple[str, ...] = SPEECH_VERBS
    cognition_verbs: tuple[str, ...] = COGNITION_VERBS
    # Cognition verbs carry attributed opinion, not speech: on only when beliefs
    # should count as claims too.
    use_cognition_verbs: bool = False
    honorifics: tuple[str, ...] = HONORIFICS
    male_honorifics: tuple[str, ...] = MALE_HONORIFICS
    female_honorifics: tuple[str, ...] = FEMALE_HONORIFICS

    # A quoted span shorter than this many words that does not end in sentence
    # punctuation is a scare quote or a title ("so-called 'waviness'"), not a
    # quotation: 4 words is where news quotations start in practice (the
    # shortest full sentence quotes, "We'll still sell cars," have 4).
    min_direct_words: int = 4
    # An indirect quote's content needs at least this many words: shorter
    # complements are mostly elliptical ("he said so", "she said no").
    min_indirect_words: int = 3
    # How far (in tokens) to look before/after a quotation for its attribution:
    # 40 tokens covers "said Name, the long role of the organization, on Tuesday".
    attribution_window: int = 40
    # A separate sentence can carry the attribution of the quote before it
    # ("Kirby said on Tuesday.") only if it is this short (tokens) and has no
    # content of its own.
    max_attribution_sentence: int = 15
    # A floating quote (no attribution in its own sentence) takes the speaker of
    # the previous quote if that one is at most this many paragraphs back.
    floating_max_paragraphs: int = 2
    # Guess a person's gender from the first name (nomquamgender's table, when
    # installed) so "she" skips men; only names borne by one gender at least 90%
    # of the time count (the table's own default threshold).
    use_name_gender: bool = True
    name_gender_certainty: float = 0.9
    # Pronouns resolve to a person mentioned at most this many characters before
    # (about four paragraphs of news text).
    pronoun_max_distance: int = 2000

    # Cross-outlet grouping. Lexical similarity (rapidfuzz token_set_ratio / 100)
    # at or above which two quotes of compatible speakers say the same thing:
    # reworded quotes of the same sentence share most content words (0.6);
    # unrelated sentences of one speaker on one topic score about 0.3-0.45.
    group_lexical: float = 0.6
    # Semantic similarity (multilingual USE cosine) for rewording and
    # translation: translations score about 0.8, unrelated sentences about 0.1,
    # paraphrases 0.6-0.8.
    group_semantic: float = 0.7
    # Use the multilingual sentence encoder when it is installed.
    use_embeddings: bool = True
    # Two reports of one counted quantity disagree when their values differ by
    # more than this relative amount (1%: rounding "1.2 million" vs "1,234,000"
    # is not a disagreement)...
    figure_rel_tolerance: float = 0.01
    # ... or by more than this when either is approximate ("about", "nearly").
    figure_approx_tolerance: float = 0.1
    # Counted things match when their lexical similarity reaches this.
    figure_thing_similarity: float = 0.8

    def cue_lemmas(self) -> frozenset[str]:
        verbs = self.speech_verbs + (self.cognition_verbs if self.use_cognition_verbs else ())
        return frozenset(verbs)


DEFAULT = ClaimsConfig()
