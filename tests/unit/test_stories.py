"""Story clustering on invented articles: determinism, reuse links, time gate, batch order."""

from __future__ import annotations

import json
import random

import pytest

from newstrace.stories import StoryClusterer, StoryConfig, cluster_batch
from newstrace.stories.batch import average_linkage
from newstrace.stories.features import extract_features, rule_entities, tokenize
from newstrace.types import Article, ReuseEdge

CFG = StoryConfig(ner="rules")

QUAKE = (
    "A strong earthquake of magnitude {m} struck the coastal province of Valmora early on "
    "{day}, toppling houses in the port town of Castel Brina and cutting power to thousands. "
    "Rescue teams from the Valmora Red Cross searched collapsed buildings for survivors, and "
    "Governor Elena Sarovic said {dead} people were confirmed dead. Seismologists at the "
    "Institute of Geophysics recorded more than twenty aftershocks."
)
REHAB = (
    "Pop singer Darla Quince has checked into the Sunridge Recovery Center in Arizona, her "
    "publicist Tom Belcastro told reporters on {day}. Quince, who was arrested for drunk "
    "driving last month, will stay for {n} days. Her record label Moonbeam Music said it "
    "supports her decision and postponed her concert tour."
)
ROCKET = (
    "The space agency of Norvania launched its first crewed rocket, the Aster-{n}, from the "
    "Kelso spaceport on {day}. Commander Ilya Verhoven and two crew members reached orbit "
    "after nine minutes, mission control said. Prime Minister Jonas Ekdal called the launch "
    "a historic day for Norvanian science."
)


def art(aid: str, template: str, published: str | None = None, title: str | None = None, **kw: object) -> Article:
    return Article(id=aid, text=template.format(**kw), title=title, published=published)


def corpus() -> list[Article]:
    return [
        art("q1", QUAKE, "2021-03-02", "Quake kills 12 in Valmora", m="6.4", day="Tuesday", dead="12"),
        art("r1", REHAB, "2021-03-02", "Darla Quince enters rehab", day="Monday", n="30"),
        art("q2", QUAKE, "2021-03-03", "Valmora quake toll rises", m="6.5", day="Tuesday", dead="19"),
        art("k1", ROCKET, "2021-03-04", "Norvania reaches orbit", n="1", day="Sunday"),
        art("r2", REHAB, "2021-03-03", "Quince in rehab after arrest", day="Tuesday", n="60"),
        art("k2", ROCKET, "2021-03-04", "Aster-1 crew in orbit", n="1", day="Sunday"),
        art("q3", QUAKE, "2021-03-04", "Aftershocks rattle Castel Brina", m="6.4", day="Tuesday", dead="23"),
    ]


def groups(stories: list) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in stories}


EXPECTED = {frozenset({"q1", "q2", "q3"}), frozenset({"r1", "r2"}), frozenset({"k1", "k2"})}


def test_online_groups_events() -> None:
    c = StoryClusterer(CFG)
    for a in corpus():
        c.add(a)
    assert groups(c.stories()) == EXPECTED


def test_online_is_deterministic_and_ids_stable() -> None:
    runs = []
    for _ in range(2):
        c = StoryClusterer(CFG)
        ids = [c.add(a) for a in corpus()]
        runs.append((ids, [(s.id, s.article_ids, s.label) for s in c.stories()]))
    assert runs[0] == runs[1]
    assert len(set(runs[0][0])) == 3


def test_state_roundtrip_continues_identically() -> None:
    arts = corpus()
    whole = StoryClusterer(CFG)
    for a in arts:
        whole.add(a)
    first = StoryClusterer(CFG)
    for a in arts[:4]:
        first.add(a)
    state = json.loads(json.dumps(first.to_dict()))
    resumed = StoryClusterer.from_dict(state, CFG)
    for a in arts[4:]:
        resumed.add(a)
    assert [(s.id, s.article_ids) for s in resumed.stories()] == [(s.id, s.article_ids) for s in whole.stories()]


def test_readding_is_a_noop() -> None:
    c = StoryClusterer(CFG)
    sid = c.add(corpus()[0])
    assert c.add(corpus()[0]) == sid
    assert len(c) == 1


def test_copy_joins_its_source_story_even_when_text_differs() -> None:
    c = StoryClusterer(CFG)
    arts = corpus()
    for a in arts:
        c.add(a)
    # A heavily rewritten copy that shares almost no words with its source.
    odd = Article(id="x1", text="Officials confirmed further figures overnight; details remain sketchy.")
    assert c.add(Article(id="x0", text=odd.text)) != c.story_of("k1")  # alone: its own story
    sid = c.add(odd, linked_ids=["k1"])
    assert sid == c.story_of("k1")
    story = next(s for s in c.stories() if s.id == sid)
    assert ["x1", "k1"] in story.extra["links"]


def test_same_kind_events_years_apart_split() -> None:
    old = [
        art(f"o{i}", QUAKE, f"2008-05-0{i}", "Quake strikes Valmora", m="6.1", day="Monday", dead="4")
        for i in range(1, 4)
    ]
    new = [
        art(f"n{i}", QUAKE, f"2013-05-0{i}", "Quake strikes Valmora", m="6.1", day="Monday", dead="4")
        for i in range(1, 4)
    ]
    undated = [Article(id=a.id, text=a.text, title=a.title) for a in old + new]
    c = StoryClusterer(CFG)
    for a in old + new:
        c.add(a)
    assert groups(c.stories()) == {frozenset({"o1", "o2", "o3"}), frozenset({"n1", "n2", "n3"})}
    # Without dates the texts are the same event: the split came from the time gate.
    c2 = StoryClusterer(CFG)
    for a in undated:
        c2.add(a)
    assert len(c2.stories()) == 1
    assert groups(cluster_batch(old + new, config=CFG)) == {
        frozenset({"o1", "o2", "o3"}),
        frozenset({"n1", "n2", "n3"}),
    }
    story = next(s for s in c.stories() if "n1" in s.article_ids)
    assert (story.first_seen, story.last_seen) == ("2013-05-01", "2013-05-03")


def test_batch_is_order_independent() -> None:
    arts = corpus()
    ref = [(s.id, s.article_ids) for s in cluster_batch(arts, config=CFG)]
    assert groups(cluster_batch(arts, config=CFG)) == EXPECTED
    rng = random.Random(7)
    for _ in range(3):
        shuffled = arts[:]
        rng.shuffle(shuffled)
        assert [(s.id, s.article_ids) for s in cluster_batch(shuffled, config=CFG)] == ref


def test_batch_edges_are_must_links() -> None:
    arts = corpus()
    edge = ReuseEdge("k1", "r1", "paraphrase", 0.5, 0.5, 0.5, direction_known=True)
    got = groups(cluster_batch(arts, edges=[edge], config=CFG))
    assert any({"k1", "r1"} <= g for g in got)


def test_apply_edges_merges_late_links() -> None:
    c = StoryClusterer(CFG)
    for a in corpus():
        c.add(a)
    edge = ReuseEdge("k1", "r2", "spun", 0.4, 0.9, 0.7, direction_known=True)
    assert c.apply_edges([edge]) == 1
    assert c.story_of("r2") == c.story_of("k1") == c.story_of("r1")
    assert len(c.stories()) == 2


def test_label_has_entities_and_headline() -> None:
    c = StoryClusterer(CFG)
    for a in corpus():
        c.add(a)
    story = next(s for s in c.stories() if "r1" in s.article_ids)
    assert "darla quince" in story.label.lower() or "quince" in story.label.lower()
    assert story.extra["headline"] in {"Darla Quince enters rehab", "Quince in rehab after arrest"}
    assert story.article_ids == ("r1", "r2")  # time order


def test_candidate_shortlist_is_bounded() -> None:
    cfg = StoryConfig(ner="rules", postings_scan=5, max_candidates=3, query_terms=4)
    c = StoryClusterer(cfg)
    for i in range(60):
        c.add(Article(id=f"a{i}", text=f"Council votes budget number {i} for the town of Zed{i}ville harbour"))
    before = c.stats["shortlisted"]
    c.add(Article(id="z", text="Council votes budget for the town harbour"))
    assert c.stats["shortlisted"] - before <= cfg.query_terms * cfg.postings_scan


def test_average_linkage_threshold_and_ties() -> None:
    pairs = {(0, 1): 0.9, (1, 2): 0.5, (0, 2): 0.1, (3, 4): 0.9}
    assert average_linkage(5, pairs, 0.8) == [[0, 1], [2], [3, 4]]
    assert average_linkage(5, pairs, 0.3) == [[0, 1, 2], [3, 4]]  # avg(0.1, 0.5) = 0.3
    # 2 and 4 must link; {2,4}-3 averages (0 + 0.9) / 2 = 0.45, below 0.8.
    assert average_linkage(5, pairs, 0.8, must_link=[(2, 4)]) == [[0, 1], [2, 4], [3]]
    assert average_linkage(5, pairs, 0.45, must_link=[(2, 4)]) == [[0, 1], [2, 3, 4]]


def test_features_tokens_and_rule_entities() -> None:
    assert tokenize("The Aster-1's crew reached orbit in 2021") == ["aster", "crew", "reached", "orbit", "2021"]
    ents = rule_entities("Rescuers said Governor Elena Sarovic visited Castel Brina. Then she left.")
    assert "governor elena sarovic" in ents and "castel brina" in ents and "then" not in ents
    f = extract_features(corpus()[0], CFG)
    assert abs(sum(v * v for v in f.vec.values()) - 1.0) < 1e-9
    assert any(k.startswith("e:") for k in f.vec)
    assert f.date is not None and f.date.year == 2021


@pytest.mark.parametrize("ner", ["auto", "none"])
def test_ner_modes_still_cluster(ner: str) -> None:
    c = StoryClusterer(StoryConfig(ner=ner))
    for a in corpus():
        c.add(a)
    assert groups(c.stories()) == EXPECTED


def test_bigram_features_when_enabled() -> None:
    a = Article(id="b", text="Red Sox offer. The Red Sox made an offer. Red Sox fans cheered.")
    on = extract_features(a, StoryConfig(ner="none", bigram_weight=1.0))
    off = extract_features(a, StoryConfig(ner="none"))
    assert "b:red sox" in on.vec and not any(k.startswith("b:") for k in off.vec)


def test_corpus_idf_fallback_without_wordfreq(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.stories.features as features

    monkeypatch.setattr(features, "_wordfreq", lambda: None)
    c = StoryClusterer(CFG)
    for a in corpus():
        c.add(a)
    assert groups(c.stories()) == EXPECTED
    assert c.to_dict()["idf_n"] == len(corpus())
    arts = corpus()
    assert groups(cluster_batch(arts, config=CFG)) == groups(cluster_batch(arts[::-1], config=CFG))
