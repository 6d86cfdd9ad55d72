"""Candidate index: spun and partial copies found, unrelated texts not paired,
incremental == batch, SQLite == memory (and its stored runs), common fingerprints skipped."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ConfigError
from newstrace.index import Candidate, CandidateIndex, IndexConfig, MemoryBackend, SQLiteBackend
from newstrace.index import sqlite_backend as sb
from newstrace.index.fingerprints import tokenize
from newstrace.store.schema import MIGRATIONS
from newstrace.types import Article

STOP = [
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "is",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "not",
    "as",
    "which",
    "who",
    "will",
    "would",
    "could",
    "should",
    "than",
    "then",
    "there",
    "so",
    "if",
    "into",
    "about",
    "after",
    "before",
    "over",
    "under",
]

ORIGINAL = (
    "The regional water authority warned on Thursday that the northern reservoir had fallen "
    "to its lowest level in thirty years, and that farmers in the valley would face strict "
    "limits on irrigation for the rest of the summer. Engineers said the dry winter and an "
    "unusually hot spring had reduced the inflow from the mountains by more than half. "
    "The authority will meet with growers next week to discuss compensation, but its chairman "
    "said there was little money left in the emergency fund. Residents of the town were asked "
    "to water their gardens only at night and to report any leaking pipes to the council."
)

SYNONYMS = {
    "regional": "local",
    "water": "aqua",
    "authority": "agency",
    "warned": "cautioned",
    "thursday": "thursday",
    "northern": "boreal",
    "reservoir": "basin",
    "fallen": "dropped",
    "lowest": "smallest",
    "level": "degree",
    "thirty": "30",
    "years": "decades",
    "farmers": "growers",
    "valley": "dale",
    "face": "confront",
    "strict": "severe",
    "limits": "caps",
    "irrigation": "watering",
    "rest": "remainder",
    "summer": "season",
    "engineers": "technicians",
    "said": "stated",
    "dry": "arid",
    "winter": "cold season",
    "unusually": "remarkably",
    "hot": "scorching",
    "spring": "springtime",
    "reduced": "cut",
    "inflow": "influx",
    "mountains": "peaks",
    "half": "50%",
    "meet": "convene",
    "growers": "cultivators",
    "next": "coming",
    "week": "seven days",
    "discuss": "talk about",
    "compensation": "payment",
    "chairman": "chair",
    "little": "scant",
    "money": "cash",
    "left": "remaining",
    "emergency": "crisis",
    "fund": "kitty",
    "residents": "locals",
    "town": "township",
    "asked": "requested",
    "gardens": "yards",
    "only": "solely",
    "night": "nighttime",
    "report": "notify",
    "leaking": "dripping",
    "pipes": "tubes",
    "council": "board",
}


def spin(text: str, rate: float, seed: int) -> str:
    """Swap content words for synonyms (function words and order kept), like a spinner."""
    rng = random.Random(seed)
    out = []
    for word in text.split(" "):
        core = word.strip(".,").lower()
        if core in SYNONYMS and rng.random() < rate:
            out.append(word.lower().replace(core, SYNONYMS[core]))
        else:
            out.append(word)
    return " ".join(out)


_NOUNS = [
    "bridge",
    "council",
    "harbour",
    "senator",
    "festival",
    "vaccine",
    "tariff",
    "drought",
    "budget",
    "election",
    "railway",
    "museum",
    "strike",
    "court",
    "satellite",
    "refinery",
    "merger",
    "glacier",
    "orchestra",
    "pension",
    "stadium",
    "embassy",
    "ferry",
    "cathedral",
    "airline",
    "quarry",
    "tribunal",
    "vineyard",
    "observatory",
    "hospital",
    "library",
    "tunnel",
    "reactor",
    "dam",
    "fishery",
    "brewery",
    "academy",
    "pipeline",
    "parliament",
    "lottery",
    "clinic",
    "ministry",
    "garrison",
    "port",
]
_VERBS = [
    "approved",
    "rejected",
    "delayed",
    "announced",
    "criticised",
    "funded",
    "inspected",
    "postponed",
    "praised",
    "questioned",
    "expanded",
    "closed",
    "reopened",
    "investigated",
    "defended",
    "blocked",
    "audited",
    "sold",
    "renamed",
]
_ADJS = [
    "controversial",
    "ambitious",
    "costly",
    "historic",
    "unexpected",
    "temporary",
    "national",
    "coastal",
    "rural",
    "urban",
    "disputed",
    "modest",
    "massive",
    "secret",
    "overdue",
    "popular",
    "fragile",
]
_SYL = [
    "ka",
    "lo",
    "mi",
    "ran",
    "te",
    "vo",
    "su",
    "bel",
    "dor",
    "ith",
    "nam",
    "por",
    "qui",
    "sta",
    "gen",
    "wu",
]
_OPEN = ["", "On {d}, ", "In {p}, ", "After the {n3}, ", "Despite the {a} {n2}, ", "Earlier, "]
_CLAUSES = [
    "the {a} {n1} in {p} was {v} by {name}",
    "{name} {v} the {n1} near {p}",
    "{k} {n2} workers at the {n1} {v} an {a} {n3}",
    "the {n1} that {name} had {v} was {a}",
    "it is not clear whether the {n2} will be {v}",
    "a {a} {n3} on the {n1} was {v} by the {n2}",
    "{name}, who runs the {n2}, {v} the {n3}",
    "the {n3} of the {n1} {v} its {a} plans for {p}",
]
_CLOSE = [
    "",
    ", {name} said",
    ", according to {name}",
    " because of the {n2}",
    " while the {n3} was {a}",
    " as {k} {n3} watched",
    ", {name} in {p} confirmed",
    " until the {n2} is {v}",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.sample(_SYL, rng.randint(2, 3))).capitalize()


def _word(rng: random.Random) -> str:
    return "".join(rng.sample(_SYL, rng.randint(2, 4)))


def make_article(rng: random.Random, sentences: int) -> str:
    """Invented news-like prose: varied clause structure, names made of syllables.

    Each article has its own topic words (as real news does), beside the shared
    stock of nouns, verbs and adjectives.
    """
    topic = [_word(rng) for _ in range(12)]
    out = []
    for _ in range(sentences):
        n1 = rng.choice(topic)
        n2, n3 = rng.choice(_NOUNS + topic), rng.choice(_NOUNS + topic)
        tmpl = rng.choice(_OPEN) + rng.choice(_CLAUSES) + rng.choice(_CLOSE) + "."
        sent = tmpl.format(
            a=rng.choice(_ADJS + topic[:4]),
            n1=n1,
            n2=n2,
            n3=n3,
            v=rng.choice(_VERBS + topic[4:8]),
            p=_name(rng),
            name=_name(rng),
            k=rng.randint(2, 9999),
            d=rng.choice(["Monday", "Tuesday", "Friday"]),
        )
        out.append(sent[0].upper() + sent[1:])
    return " ".join(out)


def corpus(seed: int = 7, n: int = 40) -> list[Article]:
    """Invented articles with planted reuse: copies, partial copies, spun copies."""
    rng = random.Random(seed)
    arts = [Article(f"orig{i:03d}", make_article(rng, rng.randint(8, 14))) for i in range(n)]
    extra = []
    for i in range(0, n, 5):
        src = arts[i].text
        extra.append(Article(f"copy{i:03d}", "UPDATED: " + src))
        sents = src.split(". ")
        extra.append(
            Article(f"part{i:03d}", make_article(rng, 6) + " " + ". ".join(sents[2:6]) + ".")
        )
    arts.extend(extra)
    rng.shuffle(arts)
    return arts


def pairs(cands: list[Candidate]) -> set[tuple[str, str]]:
    return {(c.a_id, c.b_id) for c in cands}


def index(backend: object | None = None, **cfg: object) -> CandidateIndex:
    return CandidateIndex(backend or MemoryBackend(), IndexConfig(**cfg), stopwords=STOP)  # type: ignore[arg-type]


def sqlite_conn() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for _, sql in MIGRATIONS:
        conn.executescript(sql)
    return conn


def test_spun_copy_found_by_stopword_ngrams() -> None:
    spun = spin(ORIGINAL, rate=0.9, seed=1)
    a, b = tokenize(ORIGINAL), tokenize(spun)
    assert sum(x != y for x, y in zip(a, b, strict=False)) > 20  # heavily spun
    cands = index().add_and_query([Article("orig", ORIGINAL), Article("spun", spun)])
    assert pairs(cands) == {("orig", "spun")}
    assert any("stopword 8-grams" in r for r in cands[0].reasons)


def test_partial_copy_found() -> None:
    rng = random.Random(3)
    host = make_article(rng, 30)
    sents = host.split(". ")
    # two sentences (~40 words) of a long article inside another long article
    derived = make_article(rng, 15) + " " + ". ".join(sents[10:12]) + ". " + make_article(rng, 15)
    unrelated = make_article(rng, 30)
    cands = index().add_and_query(
        [Article("host", host), Article("derived", derived), Article("other", unrelated)]
    )
    assert ("derived", "host") in pairs(cands)
    c = next(c for c in cands if (c.a_id, c.b_id) == ("derived", "host"))
    assert any("word 5-gram shingles" in r for r in c.reasons)
    assert 0 < c.score <= 1


def test_unrelated_articles_not_paired() -> None:
    rng = random.Random(11)
    arts = [Article(f"u{i}", make_article(rng, 12)) for i in range(30)]
    assert index().add_and_query(arts) == []


def test_verbatim_copy_has_all_reasons_and_high_score() -> None:
    text = make_article(random.Random(5), 20)
    (c,) = index().add_and_query([Article("b", text), Article("a", "Reprinted: " + text)])
    assert (c.a_id, c.b_id) == ("a", "b")
    assert c.score > 0.9
    assert any(r.startswith("MinHash band match (est. Jaccard") for r in c.reasons)


def test_planted_reuse_found_and_nothing_else() -> None:
    arts = corpus()
    got = pairs(index().add_and_query(arts))
    ids = {a.id for a in arts}
    planted = {(f"copy{i:03d}", f"orig{i:03d}") for i in range(0, 40, 5)} | {
        (f"orig{i:03d}", f"part{i:03d}") for i in range(0, 40, 5)
    }
    # a copy of an article also contains the passage its partial copy took
    planted |= {(f"copy{i:03d}", f"part{i:03d}") for i in range(0, 40, 5)}
    assert planted <= got
    assert all(a in ids and b in ids and a < b for a, b in got)
    # the test grammar is small (8 clause shapes), so a few chance overlaps happen; of the
    # 1,128 possible pairs, no more than 2% may be proposed without planted reuse
    assert len(got - planted) <= 22


@pytest.mark.parametrize("cuts", [(1,), (10, 25), (3, 4, 30, 47)])
def test_incremental_equals_batch(cuts: tuple[int, ...]) -> None:
    arts = corpus(seed=21)
    # small caps, so the common-key rule and the per-article selection both bite
    whole = index(max_postings_per_hash=4, max_partners=1).add_and_query(arts)
    idx = index(max_postings_per_hash=4, max_partners=1)
    got: list[Candidate] = []
    bounds = (0, *cuts, len(arts))
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        got.extend(idx.add_and_query(arts[lo:hi]))
    assert sorted(got) == whole
    assert whole  # the corpus has reuse
    # chunking inside one call is the same thing
    assert index(max_postings_per_hash=4, max_partners=1, chunk_size=7).add_and_query(arts) == whole


def test_sqlite_backend_equals_memory_backend() -> None:
    arts = corpus(seed=5)
    mem = index()
    conn = sqlite_conn()
    sql = index(SQLiteBackend(conn))
    assert sql.add_and_query(arts[:20]) == mem.add_and_query(arts[:20])
    assert sql.add_and_query(arts[20:]) == mem.add_and_query(arts[20:])
    probe = [Article("probe", arts[0].text + " And one more sentence.")]
    assert sql.query(probe) == mem.query(probe) != []
    assert sql.stats.as_dict() == mem.stats.as_dict()
    n_docs = conn.execute("SELECT COUNT(*) FROM index_docs").fetchone()[0]
    assert n_docs == len({a.id for a in arts})


def test_sqlite_backend_works_inside_caller_transaction() -> None:
    conn = sqlite_conn()
    conn.isolation_level = None
    conn.execute("BEGIN")
    idx = index(SQLiteBackend(conn))
    idx.add_and_query(corpus(seed=2)[:10])
    conn.execute("ROLLBACK")  # the caller's choice: nothing of the batch remains
    assert conn.execute("SELECT COUNT(*) FROM index_docs").fetchone()[0] == 0


def test_common_fingerprints_skipped_beyond_cap() -> None:
    rng = random.Random(9)
    footer = (
        " Copyright Daily Herald Media Group. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without written permission."
    )
    bodies = [make_article(rng, 10) for i in range(30)]
    plain = [Article(f"n{i:02d}", b) for i, b in enumerate(bodies)]
    footed = [Article(f"n{i:02d}", b + footer) for i, b in enumerate(bodies)]
    base = pairs(index(max_postings_per_hash=5).add_and_query(plain))
    idx = index(max_postings_per_hash=5)
    got = pairs(idx.add_and_query(footed))
    assert idx.stats.skipped_common > 0
    # only the first 5 carriers of the footer are paired through it: at most 10 pairs
    first5 = {(f"n{i:02d}", f"n{j:02d}") for i in range(5) for j in range(i + 1, 5)}
    assert first5 <= got
    # (n-grams spanning the end of a body and the footer's start can still be shared)
    assert len((got - base) - first5) <= 3
    # without the cap and the specificity rule every pair of footed articles is a candidate
    loose = index(max_postings_per_hash=1000, min_specific_percent=0, max_partners=0)
    assert len(pairs(loose.add_and_query(footed))) == 30 * 29 // 2
    # with the rule, the footer counts less for each later carrier (4/r for the r-th):
    # the first carriers still pair through it, the late ones do not
    ruled = pairs(index(max_postings_per_hash=1000).add_and_query(footed))
    assert first5 <= ruled
    assert len(ruled) < 30 * 29 // 4
    assert not any(b == "n29" for _, b in ruled - base)


def test_each_article_keeps_at_most_max_partners_best_first() -> None:
    rng = random.Random(13)
    text = make_article(rng, 20)
    # ten copies of one story, each a little longer: the later ones are closer to each other
    arts = [Article(f"c{i}", text + " " + make_article(rng, i)) for i in range(10)]
    got = index(max_partners=3).add_and_query(arts)
    later: dict[str, list[Candidate]] = {}
    order = {a.id: i for i, a in enumerate(arts)}
    for c in got:
        later.setdefault(max(c.a_id, c.b_id, key=order.__getitem__), []).append(c)
    assert all(len(v) <= 3 for v in later.values())
    assert len(later["c9"]) == 3 and len(later["c2"]) == 2
    every = index(max_partners=0).add_and_query(arts)
    assert len(every) == 45
    # the kept ones are the best of each article's partners
    for b, kept in later.items():
        mine = sorted((c.score for c in every if b in (c.a_id, c.b_id) and
                       order[c.a_id if c.b_id == b else c.b_id] < order[b]), reverse=True)
        assert sorted((c.score for c in kept), reverse=True) == mine[:3]


def test_already_indexed_articles_are_skipped_and_query_does_not_add() -> None:
    arts = corpus(seed=4)[:12]
    idx = index()
    first = idx.add_and_query(arts)
    assert idx.add_and_query(arts) == []
    assert idx.stats.articles_skipped == len(arts)
    assert idx.query([Article("x", arts[0].text)])
    assert idx.backend.n_docs() == len(arts)
    assert first == index().query(arts)


def test_settings_mismatch_is_refused() -> None:
    backend = MemoryBackend()
    index(backend).add_and_query(corpus()[:3])
    with pytest.raises(ConfigError):
        index(backend, word_ngram=4).add_and_query(corpus()[3:6])


def test_non_english_text_uses_its_own_frequent_tokens() -> None:
    rng = random.Random(2)
    words = [f"kel{i}" for i in range(300)]
    func = ["ka", "ki", "ne", "se", "par", "aur", "hai", "tha"]
    text = " ".join(
        rng.choice(func) if rng.random() < 0.45 else rng.choice(words) for _ in range(400)
    )
    spun = " ".join(w if w in func else w.replace("kel", "zor") for w in text.split())
    idx = index()
    cands = idx.add_and_query(
        [Article("ur1", text, language="ur"), Article("ur2", spun, language="ur")]
    )
    assert pairs(cands) == {("ur1", "ur2")}
    assert idx.stats.non_english_projection == 2


def test_weak_partners_are_budgeted_by_length_strong_ones_are_not() -> None:
    from newstrace.index.scoring import WEIGHT_ONE, PairEvidence, score_pairs

    cfg = IndexConfig(weak_words_per_partner=200)
    # later document 10 with five earlier partners: 0-3 share only content-word sets
    # (weak; partner 2 most), partner 4 shares word shingles and content sets (strong)
    pair = np.array([(i << 32) | 10 for i in range(5)], np.int64)
    shared = np.array([[0, 0, 2, 0], [0, 0, 3, 0], [0, 0, 5, 0], [0, 0, 2, 0], [4, 0, 2, 0]], np.int64)
    ev = PairEvidence(pair, shared, shared * WEIGHT_ONE, np.zeros(5, bool))
    sigs = np.zeros((5, 64), np.uint32)

    def kept(words: int) -> list[int]:
        counts = np.tile([words * 2 // (cfg.word_window + 1), 0, 50, 0], (5, 1))
        s = score_pairs(ev, counts, counts, sigs, sigs + 1, cfg)
        return sorted((s.pair >> 32).tolist())

    assert kept(150) == [2, 4]  # a short article: 1 weak partner, its best
    assert kept(450) == [0, 1, 2, 4]  # 3 weak: 2, 1, then 0 and 3 tie: the earlier partner
    assert kept(5000) == [0, 1, 2, 3, 4]


def test_migration_0007_empties_an_old_index_so_it_is_rebuilt(tmp_path: object) -> None:
    from pathlib import Path

    from newstrace.store import open_store
    from newstrace.store.articles import add_articles, mark_done, pending_ids

    db = Path(str(tmp_path)) / "old.db"
    arts = corpus(seed=3)[:6]
    with open_store(str(db)) as store:
        add_articles(store, arts)
        with store.transaction():
            CandidateIndex(SQLiteBackend(store.conn)).add_and_query(arts)
            mark_done(store, "index", [a.id for a in arts])
            mark_done(store, "verify", [arts[0].id])
        # pretend the store predates the migration (an index of the old fingerprints)
        store.conn.execute("DELETE FROM schema_migrations WHERE name = '0007_index_rare_words'")
        assert store.execute("SELECT COUNT(*) FROM index_docs").fetchone()[0] == 6
    with open_store(str(db)) as store:
        for table in ("index_docs", "index_postings", "index_minhash", "index_meta"):
            assert store.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
        assert pending_ids(store, "index") == [a.id for a in arts]
        assert pending_ids(store, "verify") == [a.id for a in arts[1:]]  # other stages untouched


def test_packed_and_general_collision_grouping_agree() -> None:
    from newstrace.index.scoring import _group_collisions

    rng = np.random.default_rng(5)
    n = 5000
    left = rng.integers(0, 300, n)
    right = left + rng.integers(1, 300, n)
    kind = rng.integers(0, 4, n)
    ranks = rng.integers(1, 20, n)
    fast = _group_collisions(left, right, kind, ranks, 4)  # small numbers: packed path
    off = 1 << 28  # document numbers too large to pack: the general path (limit 2^29)
    slow = _group_collisions(left + off, right + off, kind, ranks, 4)
    assert (slow[0] - ((off << 32) + off) == fast[0]).all()
    for a, b in zip(fast[1:], slow[1:], strict=True):
        assert (a == b).all()
    assert int(fast[2].sum()) == n


@pytest.mark.parametrize("n", [0, 1, 2, 1000, 70_000])
def test_key_order_is_the_stable_argsort(n: int) -> None:
    """``_key_order`` sorts packed (key, position) values; it must equal a stable argsort,
    including the fallback when distinct keys agree on all their high bits."""
    from newstrace.index.candidates import _key_order

    rng = np.random.default_rng(n)
    keys = rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64)
    if n > 10:
        keys[rng.integers(0, n, n // 5)] = keys[rng.integers(0, n, n // 5)]  # repeated keys
    assert np.array_equal(_key_order(keys), np.argsort(keys, kind="stable"))
    if n > 10:
        # distinct keys with equal high bits (the packed sort interleaves them by position)
        keys[1] = keys[0] ^ 1
        keys[3] = keys[0]
        order = _key_order(keys)
        assert np.array_equal(order, np.argsort(keys, kind="stable"))


# -- the SQLite backend's postings as stored sorted runs: persisted across connections,
# consistent after a rolled-back batch, converted from the B-tree rows of older stores --


def file_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.isolation_level = None  # the test opens and ends transactions itself
    for _, sql in MIGRATIONS:
        conn.executescript(sql)
    return conn


def reopen(path: Path) -> sqlite3.Connection:
    sb._CACHE.clear()  # as a new process would: nothing but the file
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    return conn


def in_transaction(conn: sqlite3.Connection, arts: list, commit: bool = True) -> list:
    conn.execute("BEGIN")
    got = index(SQLiteBackend(conn)).add_and_query(arts)
    conn.execute("COMMIT" if commit else "ROLLBACK")
    return got


@pytest.fixture
def arts() -> list:
    return corpus(seed=11)


def test_runs_persist_across_connections(tmp_path: Path, arts: list) -> None:
    mem = index()
    path = tmp_path / "s.db"
    conn = file_conn(path)
    # small batches, so the runs merge several times on the way
    for lo in range(0, len(arts), 6):
        assert in_transaction(conn, arts[lo : lo + 6]) == mem.add_and_query(arts[lo : lo + 6])
        conn.close()
        conn = reopen(path)
    blocks = conn.execute("SELECT tbl, COUNT(DISTINCT run) FROM index_runs GROUP BY tbl").fetchall()
    assert dict(blocks)["shingle"] >= 1
    stored = sum(r[0] for r in conn.execute("SELECT n FROM index_runs WHERE tbl = 'shingle'"))
    assert stored == mem.backend.n_postings("shingle") == SQLiteBackend(conn).n_postings("shingle")


def test_rolled_back_batch_leaves_no_trace_in_the_cached_runs(tmp_path: Path, arts: list) -> None:
    conn = file_conn(tmp_path / "s.db")
    half = len(arts) // 2
    in_transaction(conn, arts[:half])
    in_transaction(conn, arts[half:], commit=False)  # crashed batch: rolled back
    # the same process indexes it again: the result is a clean run's
    mem = index()
    mem.add_and_query(arts[:half])
    assert in_transaction(conn, arts[half:]) == mem.add_and_query(arts[half:])


def test_old_btree_postings_are_converted_into_a_run(tmp_path: Path, arts: list) -> None:
    path = tmp_path / "s.db"
    conn = file_conn(path)
    half = len(arts) // 2
    in_transaction(conn, arts[:half])
    # rewrite the store as migration 7 left it: postings as B-tree rows, no runs
    for table, (name, col) in sb._LEGACY.items():
        runs = SQLiteBackend(conn)._runs().tables[table]
        rows = [(int(k), int(d)) for run in runs.runs for k, d in zip(*run.expanded(), strict=True)]
        conn.executemany(f"INSERT INTO {name} ({col}, doc) VALUES (?, ?)", rows)
    conn.execute("DELETE FROM index_runs")
    conn.execute("DELETE FROM index_meta WHERE key = ?", (sb._TOKEN_KEY,))
    conn.close()
    conn = reopen(path)
    mem = index()
    mem.add_and_query(arts[:half])
    assert in_transaction(conn, arts[half:]) == mem.add_and_query(arts[half:])
    for name, _ in sb._LEGACY.values():
        assert conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] == 0
    keys = np.concatenate([np.frombuffer(b, "<i8") for (b,) in conn.execute(
        "SELECT keys FROM index_runs WHERE tbl = 'shingle' ORDER BY run, block")])
    assert keys.size == mem.backend.n_postings("shingle")


def test_release_drops_the_cached_runs_and_they_read_back(tmp_path: Path, arts: list) -> None:
    conn = file_conn(tmp_path / "s.db")
    in_transaction(conn, arts[:20])
    backend = SQLiteBackend(conn)
    n = backend.n_postings("shingle")
    assert backend._store_key() in sb._CACHE
    backend.release()
    assert backend._store_key() not in sb._CACHE
    assert backend.n_postings("shingle") == n > 0  # read again from the store
