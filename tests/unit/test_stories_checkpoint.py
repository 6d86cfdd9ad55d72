"""A crash in the middle of the online stories stage: the rerun resumes from the last
checkpoint and ends with exactly the stories of an uninterrupted run."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from newstrace.engine.config import AnalyzeConfig
from newstrace.engine.local import (
    AnalyzeStats,
    run_analyze,
    stage_index,
    stage_stories,
    stage_verify,
)
from newstrace.store import open_store
from newstrace.store.articles import add_articles
from newstrace.store.export import export_records
from newstrace.store.stages import load_state
from newstrace.types import Article

# 10 articles a chunk (article_batch * 5), a checkpoint after every chunk but the last
CFG = AnalyzeConfig(processes=1, article_batch=2, spin=False, claims=False, stories_checkpoint_seconds=0.0)

EVENTS = [
    ("harbour", "The harbour authority closed the eastern pier after a crane collapsed on Monday.",
     "dockers cargo ships pier crane inspectors port shipping berth tugboat"),
    ("drought", "Farmers in the valley asked for emergency water rights as the drought entered a third month.",
     "wells irrigation crops cattle reservoir rainfall orchards wheat pumps soil"),
    ("verdict", "The appeals court upheld the verdict against the former mayor in the bridge contract case.",
     "judges lawyers appeal sentence prosecutors testimony jury bribery ruling defence"),
    ("vaccine", "The regional clinic started a second vaccine campaign for school children this week.",
     "nurses doses parents pupils measles immunisation pharmacy appointments paediatric clinics"),
]


def _corpus() -> list[Article]:
    """30 invented articles: four events, each reported by several outlets in its own words,
    every third one copying an earlier report of its event."""
    rng = random.Random(3)
    out: list[Article] = []
    for i in range(30):
        key, lead, words = EVENTS[i % len(EVENTS)]
        if i >= 8 and i % 3 == 0:  # a copy of the event's first report, lightly trimmed
            text = out[i % len(EVENTS)].text[: -20]
        else:
            body = " ".join(rng.choice(words.split()) for _ in range(60))
            text = f"{lead} {body}."
        out.append(Article(f"a{i:02d}", text, title=f"{key.title()} update {i}", published=f"2024-03-{1 + i % 20:02d}"))
    return out


def _stories(db: Path) -> list[str]:
    with open_store(str(db), readonly=True) as store:
        return sorted(json.dumps(r, sort_keys=True) for r in export_records(store, "stories"))


@pytest.mark.parametrize("recluster", [False, True])
def test_rerun_after_a_crash_mid_stories_equals_an_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recluster: bool
) -> None:
    """With local re-clustering too (every 4 articles of a 10-article chunk, and at its end):
    the resumed run must re-cluster at the same places, with features recomputed from the
    store for the articles the interrupted run assigned."""
    from newstrace.stories import StoryClusterer

    cfg = dataclasses.replace(CFG, stories_recluster=recluster, stories_recluster_every=4)
    corpus = _corpus()
    whole = tmp_path / "whole.db"
    with open_store(str(whole)) as store:
        add_articles(store, corpus)
        run_analyze(store, cfg)

    crashed = tmp_path / "crashed.db"
    real_add = StoryClusterer.add
    calls = {"n": 0}

    def failing_add(self: StoryClusterer, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 25:  # inside the third chunk, after two checkpoints
            raise KeyboardInterrupt("simulated kill")
        return real_add(self, *args, **kwargs)  # type: ignore[arg-type]

    with open_store(str(crashed)) as store:
        add_articles(store, corpus)
        stats = AnalyzeStats()
        stage_index(store, stats, cfg)
        stage_verify(store, stats, cfg)
        monkeypatch.setattr(StoryClusterer, "add", failing_add)
        with pytest.raises(KeyboardInterrupt):
            stage_stories(store, stats, cfg)
        monkeypatch.setattr(StoryClusterer, "add", real_add)
        done = store.execute("SELECT count(*) FROM stage_done WHERE stage = 'stories'").fetchone()[0]
        assert done == 20  # the two checkpointed chunks, not the interrupted one
        assert load_state(store, "stories") is not None

    with open_store(str(crashed)) as store:
        run_analyze(store, cfg)
        assert load_state(store, "stories-checkpointed") is None  # cleared by the finished run
    assert _stories(crashed) == _stories(whole)
    assert len(_stories(whole)) >= 2
