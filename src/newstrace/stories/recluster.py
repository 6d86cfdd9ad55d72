"""Local re-clustering of online stories: batch quality where the stream just touched.

Online assignment (``stories.online``) compares an article with story centroids once, in
arrival order, so two same-kind events that arrive interleaved merge (ECB+ event BCubed
F1 0.85 online vs 0.95 batch). ``recluster_local(clusterer, story_ids, features)`` takes
the stories just touched, adds the stories whose centroids are close to theirs (cosine >=
``recluster_neighbour_sim``, the ``recluster_neighbours`` closest, found through the
clusterer's own inverted index, up to ``recluster_max_articles`` members: the cost depends
on the neighbourhood, never on the store's size), joins seeds whose neighbourhoods overlap
into one group, and re-partitions each group's members with the batch method
(``stories.batch``: local scaling, neighbourhood offset, time gate, average linkage at
``merge_threshold``, reuse links as must-links). The offset and local scale are computed
with the closest other stories' members as context (``relative_k`` articles, left as
they are): without it a small group (BASIL's three-article stories) has no neighbourhood
and BASIL's held-out F1 drops from 0.990 to 0.969. Each new group keeps the id of the old story it shares most members with (ties: the older story),
else gets ``story_id_for`` its first member. Deterministic given the clusterer's state.

The clusterer keeps centroids, not member vectors, so the caller supplies the members'
features (``features``: a mapping or a function of article ids, e.g. recomputed from the
store). Embedding sums of re-clustered stories are dropped (rebuilt only by later joins).
This module does not decide when to re-cluster: the caller does (e.g. after each batch of
``add``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from newstrace.stories.batch import average_linkage, similarity_graph
from newstrace.stories.features import ArticleFeatures, cosine
from newstrace.stories.online import StoryClusterer, _StoryState, story_id_for

__all__ = ["recluster_local"]

FeatureSource = Mapping[str, ArticleFeatures] | Callable[[list[str]], list[ArticleFeatures]]


def _groups(c: StoryClusterer, seeds: list[str]) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Disjoint groups of stories to re-partition: each seed with its ``recluster_neighbours``
    closest stories (centroid cosine >= ``recluster_neighbour_sim``, while the members stay
    within ``recluster_max_articles``); seeds whose neighbourhoods overlap form one group.
    Also, per seed, its context: the closest other stories (any similarity) until they
    hold ``relative_k`` articles, whose members only inform the neighbourhood statistics."""
    cfg = c.config
    parent: dict[str, str] = {}
    context: dict[str, list[str]] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for sid in seeds:
        s = c._stories[sid]
        find(sid)
        probe = ArticleFeatures(id="", vec=s.centroid, entities=(), date=None, title="")
        near, around = [], []
        for other in c._shortlist(probe):
            if other.id != sid:
                sim = cosine(s.centroid, other.centroid)
                around.append((-sim, other.seq, other.id))
                if sim >= cfg.recluster_neighbour_sim:
                    near.append((-sim, other.seq, other.id))
        held = 0
        ctx = context.setdefault(sid, [])
        for _, _, oid in sorted(around):
            if held >= cfg.relative_k:
                break
            ctx.append(oid)
            held += len(c._stories[oid].members)
        size = len(s.members)
        for _, _, oid in sorted(near)[: cfg.recluster_neighbours]:
            n = len(c._stories[oid].members)
            if size + n > cfg.recluster_max_articles:
                continue
            size += n
            ra, rb = find(sid), find(oid)
            if ra != rb:
                parent[max(ra, rb, key=lambda x: c._stories[x].seq)] = min(ra, rb, key=lambda x: c._stories[x].seq)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    out = sorted((sorted(g, key=lambda x: c._stories[x].seq) for g in groups.values()), key=lambda g: c._stories[g[0]].seq)
    ctx_of: dict[str, list[str]] = {}
    for g in out:
        inside = set(g)
        extra = {o for sid in g for o in context.get(sid, []) if o not in inside}
        ctx_of[g[0]] = sorted(extra, key=lambda x: c._stories[x].seq)
    return out, ctx_of


def recluster_local(c: StoryClusterer, story_ids: Iterable[str], features: FeatureSource) -> int:
    """Re-partition the touched stories and their neighbours; returns how many articles
    changed story. ``features`` is asked once, for every member of every group."""
    seeds = sorted({s for s in story_ids if s in c._stories}, key=lambda x: c._stories[x].seq)
    if not seeds:
        return 0
    groups, context = _groups(c, seeds)
    wanted = {sid for g in groups for sid in g} | {sid for ctx in context.values() for sid in ctx}
    members = [m for sid in sorted(wanted, key=lambda x: c._stories[x].seq) for m in c._stories[sid].members]
    if isinstance(features, Mapping):
        by_id = {m: features[m] for m in members}
    else:
        by_id = dict(zip(members, features(members), strict=True))
    changed = 0
    for g in groups:
        # A context story may have been re-partitioned by an earlier group: skip the gone.
        ctx = [m for sid in context[g[0]] if sid in c._stories for m in c._stories[sid].members if m in by_id]
        changed += _repartition(c, g, ctx, by_id)
    return changed


def _repartition(
    c: StoryClusterer, group: list[str], context: list[str], by_id: Mapping[str, ArticleFeatures]
) -> int:
    """Batch-cluster the members of the stories ``group`` and replace those stories. The
    ``context`` articles join the similarity graph so each member's neighbourhood
    statistics (offset, local scale) see more than the group, then are left out."""
    cfg = c.config
    old = [c._stories[sid] for sid in group]
    members = [m for s in old for m in s.members]  # old stories in creation order
    n = len(members)
    feats = [by_id[m] for m in members]
    index = {m: i for i, m in enumerate(members)}
    before = {m: s.id for s in old for m in s.members}
    must = [(index[d], index[src]) for s in old for d, src in s.links if d in index and src in index]
    ctx = [m for m in context if m not in index]
    pairs, p, q = similarity_graph(feats + [by_id[m] for m in ctx], cfg)
    if ctx:
        pairs = {(a, b): v for (a, b), v in pairs.items() if b < n}
        p, q = p[:n], q[:n]
    groups = average_linkage(n, pairs, cfg.merge_threshold, must, (p, q))

    # Ids: each group, largest first (ties: earliest member), takes the old story it
    # shares most members with (ties: the older story) if still free.
    by_sid = {s.id: s for s in old}
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), min(groups[g])))
    free = set(by_sid)
    names: dict[int, str] = {}
    for g in order:
        votes = Counter(before[members[i]] for i in groups[g])
        ranked = sorted(votes.items(), key=lambda kv: (-kv[1], by_sid[kv[0]].seq))
        pick = next((sid for sid, _ in ranked if sid in free), None)
        if pick is None:
            pick = story_id_for(members[min(groups[g])])
            while pick in free or pick in c._stories:
                pick = story_id_for(pick)
        free.discard(pick)
        names[g] = pick
    if len(groups) == len(old) and all(
        {members[i] for i in groups[g]} == set(by_sid[names[g]].members) for g in names
    ):
        return 0  # unchanged: keep the states (and their embedding sums) as they are

    for s in old:
        del c._stories[s.id]
        c._order.remove(s.id)
    next_seq = max((s.seq for s in c._stories.values()), default=-1) + 1
    next_seq = max(next_seq, max(s.seq for s in old) + 1)
    for g in sorted(names, key=lambda g: (by_sid[names[g]].seq if names[g] in by_sid else 1 << 60, names[g])):
        sid = names[g]
        if sid in by_sid:
            seq = by_sid[sid].seq
        else:
            seq, next_seq = next_seq, next_seq + 1
        st = _rebuild(sid, seq, sorted(groups[g]), members, feats, old)
        c._register(st)
        c._refresh_centroid(st)
        for m in st.members:
            c._article_story[m] = st.id
    c._order.sort(key=lambda x: c._stories[x].seq)
    c.stats["reclustered"] += len(members)
    return sum(1 for m in members if c._article_story[m] != before[m])


def _rebuild(
    sid: str, seq: int, idx: list[int], members: list[str], feats: list[ArticleFeatures], old: list[_StoryState]
) -> _StoryState:
    s = _StoryState(id=sid, seq=seq)
    mine = {members[i] for i in idx}
    for i in idx:
        s.add_features(members[i], feats[i])
    for o in old:
        for m in o.members:
            if m in mine:
                if m in o.titles:
                    s.titles[m] = o.titles[m]
                if m in o.published:
                    s.published[m] = o.published[m]
                if m in o.credits:
                    s.credits[m] = o.credits[m]
        s.links.extend(list(x) for x in o.links if x[0] in mine and x[1] in mine)
    return s
