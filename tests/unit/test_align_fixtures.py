"""Invented news-like texts for the alignment tests (no tests here; written for newstrace)."""

from __future__ import annotations

import random

from align_vocab import CONTENT, FUNCTION  # tests/ is on sys.path (its conftest.py)


def sentence(rng: random.Random, n: int | None = None) -> str:
    n = n or rng.randint(9, 16)
    words = []
    for k in range(n):
        words.append(rng.choice(FUNCTION) if k % 2 else rng.choice(CONTENT))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


ARTICLE_A = (
    "The harbour council approved a new ferry budget on Monday after a long debate. "
    "Councillors said the old vessels had failed safety checks twice this year. "
    "The minister for transport promised that the first new ferry would sail before winter. "
    "Fishermen in the bay welcomed the decision but asked for lower mooring fees.\n"
    "During the Cold War the island hosted a radar station that was closed in 1991. "
    "Local historians want the abandoned building turned into a museum about biological weapons research. "
    "A petition with four thousand signatures was handed to the mayor last week."
)

# A spun copy of ARTICLE_A's second paragraph: content words swapped, function words kept.
SPUN_B = (
    "During the Chilly Warfare the isle hosted a radar post that was shut in 1991. "
    "Regional historians want the deserted structure converted into a gallery about organic weapons study. "
    "A request with four thousand autographs was passed to the mayor final week."
)

UNRELATED = (
    "Tennis fans queued overnight for tickets to the final. The champion arrived late "
    "because of heavy traffic near the stadium. Organisers apologised for the long delays "
    "at the gates and promised more staff next season. Prize money rose by ten percent."
)
