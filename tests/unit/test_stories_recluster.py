"""Local re-clustering of online stories (stories.recluster)."""

from __future__ import annotations

from newstrace.stories import StoryClusterer, StoryConfig, cluster_batch
from newstrace.stories.features import extract_many
from newstrace.stories.recluster import recluster_local
from newstrace.types import Article
from story_floods import floods as _floods  # tests/ is on sys.path (its conftest.py)

# A join threshold this low makes online assignment merge the two flood events.
LOOSE = StoryConfig(ner="rules", join_threshold=0.05)


def _interleaved() -> list[Article]:
    arts = _floods()
    return [a for pair in zip(arts[:6], arts[6:], strict=True) for a in pair]


def _online(arts: list[Article], cfg: StoryConfig = LOOSE) -> tuple[StoryClusterer, dict[str, object]]:
    c = StoryClusterer(cfg)
    feats = {f.id: f for f in extract_many(arts, cfg)}
    for a in arts:
        c.add(a, features=feats[a.id])  # type: ignore[arg-type]
    return c, feats


def _groups(c: StoryClusterer) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in c.stories()}


def test_recluster_splits_two_merged_events_like_batch() -> None:
    arts = _interleaved()
    c, feats = _online(arts)
    assert len(c.stories()) == 1  # online merged both events
    old_id = c.stories()[0].id
    changed = recluster_local(c, [old_id], feats)  # type: ignore[arg-type]
    want = {frozenset(s.article_ids) for s in cluster_batch(arts, config=LOOSE)}
    assert _groups(c) == want
    assert len(want) == 2
    assert changed == 6
    # The group holding the story's founder keeps its id; the other gets a new one.
    ids = {s.id for s in c.stories()}
    assert old_id in ids and len(ids) == 2
    assert c.story_of(arts[0].id) == old_id


def test_recluster_is_deterministic_and_survives_a_state_round_trip() -> None:
    arts = _interleaved()
    runs = []
    for _ in range(2):
        c, feats = _online(arts)
        recluster_local(c, [c.stories()[0].id], feats)  # type: ignore[arg-type]
        runs.append([(s.id, s.article_ids) for s in c.stories()])
    assert runs[0] == runs[1]
    c, feats = _online(arts)
    recluster_local(c, [c.stories()[0].id], feats)  # type: ignore[arg-type]
    resumed = StoryClusterer.from_dict(c.to_dict(), LOOSE)
    assert [(s.id, s.article_ids) for s in resumed.stories()] == runs[0]
    extra = Article(id="e1-9", text=arts[1].text.replace("Monday", "Sunday"), title=arts[1].title)
    assert resumed.add(extra) == c.add(extra) == c.story_of(arts[1].id)


def test_recluster_accepts_a_feature_function_and_keeps_reuse_links() -> None:
    arts = _interleaved()
    c = StoryClusterer(LOOSE)
    feats = {f.id: f for f in extract_many(arts, LOOSE)}
    for a in arts[:-1]:
        c.add(a, features=feats[a.id])
    # The last Lindemark report is declared a copy of an Ostrava one: a must-link.
    last = arts[-1]
    c.add(last, linked_ids=[arts[0].id], features=feats[last.id])
    calls: list[list[str]] = []

    def source(ids: list[str]) -> list:  # type: ignore[type-arg]
        calls.append(ids)
        return [feats[i] for i in ids]

    recluster_local(c, [c.story_of(last.id) or ""], source)
    assert len(calls) == 1 and sorted(calls[0]) == sorted(a.id for a in arts)
    assert c.story_of(last.id) == c.story_of(arts[0].id)
    story = next(s for s in c.stories() if last.id in s.article_ids)
    assert story.extra["links"] == [[last.id, arts[0].id]]


def test_recluster_of_unknown_stories_changes_nothing() -> None:
    arts = _interleaved()
    c, feats = _online(arts)
    before = [(s.id, s.article_ids) for s in c.stories()]
    assert recluster_local(c, ["st-missing"], feats) == 0  # type: ignore[arg-type]
    assert [(s.id, s.article_ids) for s in c.stories()] == before


def test_context_stories_inform_but_are_left_as_they_were() -> None:
    arts = _interleaved()
    other = [
        Article(id=f"s{k}", text=f"The Varn Lindemark derby ended {k}-1 after extra time. Striker Ola Berg scored "
             "twice for the visitors and the home coach resigned after the final whistle.", title=f"Derby {k}")
        for k in range(3)
    ]
    cfg = StoryConfig(ner="rules", join_threshold=0.05)
    c = StoryClusterer(cfg)
    feats = {f.id: f for f in extract_many(arts + other, cfg)}
    for a in other:
        c.add(a, features=feats[a.id])
    sports = {(s.id, s.article_ids) for s in c.stories()}
    flood_ids = set()
    for a in arts:
        flood_ids.add(c.add(a, features=feats[a.id]))
    assert len(flood_ids) == 1 and not flood_ids & {sid for sid, _ in sports}
    recluster_local(c, flood_ids, feats)
    after = {(s.id, s.article_ids) for s in c.stories()}
    assert sports <= after  # the context story is untouched
    assert {frozenset(m) for sid, m in after - sports} == {
        frozenset(a.id for a in arts if a.id.startswith(f"e{e}-")) for e in range(2)
    }
