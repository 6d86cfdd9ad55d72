"""The store's schema as an ordered list of named migrations.

A migration is applied once, inside a transaction, and recorded in
``schema_migrations``; a database that has migrations this code does not know
(written by a newer newstrace) is refused rather than guessed at. Append new
migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

_ARTICLES = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,          -- insertion order: incremental stages read rowid > last seen
    id TEXT NOT NULL UNIQUE,            -- deterministic content id (newstrace.ingest.ids)
    text TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,                     -- ISO 8601, as precise as known
    language TEXT,
    byline TEXT,
    credits TEXT NOT NULL DEFAULT '[]', -- JSON list of credited agencies/people
    source_ref TEXT,                    -- first input path it was read from
    source_record TEXT,                 -- the record's own id there (JSONL id, WARC-Record-ID)
    source_offset INTEGER NOT NULL DEFAULT 0,
    n_chars INTEGER NOT NULL
);
CREATE INDEX articles_published ON articles(published);

-- Every place an article was read from (the same text in two files is one article, two origins).
CREATE TABLE article_origins (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_ref TEXT NOT NULL,
    source_record TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, source_ref, source_record)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;

-- One row per ingest of an input path: what was read, stored, skipped (with reasons).
CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    paths TEXT NOT NULL,                -- JSON list
    read INTEGER NOT NULL DEFAULT 0,
    stored INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ingest_skips (
    run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    line INTEGER,
    reason TEXT NOT NULL
);

-- Which article each incremental stage has finished (resume after a crash, match new batches).
CREATE TABLE stage_done (
    stage TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (stage, article_id)
) WITHOUT ROWID;
"""

_REUSE = """
-- Candidate pairs from the index, and what verification made of them (resume: 'pending' ones).
CREATE TABLE candidate_pairs (
    a_id TEXT NOT NULL,                 -- a_id < b_id
    b_id TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL DEFAULT '[]', -- JSON: why the index proposed the pair
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | linked | rejected
    PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;
CREATE INDEX candidate_pairs_status ON candidate_pairs(status);

-- A verified reuse link. When direction_known = 0 the ids are in sorted order.
CREATE TABLE reuse_edges (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    derived_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    coverage_source REAL NOT NULL,
    coverage_derived REAL NOT NULL,
    score REAL NOT NULL,
    direction_known INTEGER NOT NULL,
    direction_evidence TEXT NOT NULL DEFAULT '[]',  -- JSON list of reasons for the direction
    evidence TEXT NOT NULL DEFAULT '[]',            -- JSON list of reasons for the link itself
    UNIQUE (source_id, derived_id)
);
CREATE INDEX reuse_edges_derived ON reuse_edges(derived_id);
CREATE INDEX reuse_edges_kind ON reuse_edges(kind);

-- Aligned passages of an edge: s_* index the source article's text, d_* the derived one's.
CREATE TABLE reuse_passages (
    edge_id INTEGER NOT NULL REFERENCES reuse_edges(id) ON DELETE CASCADE,
    s_start INTEGER NOT NULL, s_end INTEGER NOT NULL,
    d_start INTEGER NOT NULL, d_end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    similarity REAL NOT NULL
);
CREATE INDEX reuse_passages_edge ON reuse_passages(edge_id);

CREATE TABLE reuse_substitutions (
    edge_id INTEGER NOT NULL REFERENCES reuse_edges(id) ON DELETE CASCADE,
    s_start INTEGER NOT NULL, s_end INTEGER NOT NULL,
    d_start INTEGER NOT NULL, d_end INTEGER NOT NULL,
    s_text TEXT NOT NULL,
    d_text TEXT NOT NULL
);
CREATE INDEX reuse_substitutions_edge ON reuse_substitutions(edge_id);
"""

_FINDINGS = """
CREATE TABLE spin_scores (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    score REAL NOT NULL,
    spun INTEGER NOT NULL
);
CREATE TABLE spin_findings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    spun_text TEXT NOT NULL,
    original_text TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    confidence REAL NOT NULL,
    PRIMARY KEY (article_id, start, end)
) WITHOUT ROWID;

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT, speaker_start INTEGER, speaker_end INTEGER,
    speaker_resolved TEXT, role TEXT, cue TEXT,
    direct INTEGER NOT NULL,
    group_id TEXT,                      -- cross-outlet group within the article's story
    UNIQUE (article_id, start, end)
);
CREATE INDEX quotes_group ON quotes(group_id);

CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL NOT NULL, value_high REAL,
    unit TEXT, counts_what TEXT, qualifier TEXT,
    group_id TEXT,
    UNIQUE (article_id, start, end)
);
CREATE INDEX figures_group ON figures(group_id);

-- Cross-outlet comparison of one story's claims (variants, disagreements), as JSON documents.
CREATE TABLE story_claims (
    story_id TEXT PRIMARY KEY,
    comparison TEXT NOT NULL
);
"""

_STORIES = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    independent_origins INTEGER NOT NULL DEFAULT 0,
    provenance TEXT NOT NULL DEFAULT '{}'   -- JSON provenance tree with evidence
);
CREATE TABLE story_members (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id)
);
CREATE INDEX story_members_story ON story_members(story_id);
-- Serialised online-clusterer state, so a new batch joins existing stories.
CREATE TABLE stage_state (
    stage TEXT PRIMARY KEY,
    state TEXT NOT NULL
);
"""

# Candidate index (newstrace.index.sqlite_backend): documents numbered densely in indexing
# order, fingerprint postings and MinHash LSH buckets clustered on their key (one b-tree
# each, no separate index), and the settings the index was built with.
_INDEX = """
CREATE TABLE index_docs (
    doc INTEGER PRIMARY KEY,            -- 0, 1, 2 ... in indexing order
    article_id TEXT NOT NULL UNIQUE,
    counts BLOB NOT NULL,               -- little-endian int64 per fingerprint kind (word, stop)
    signature BLOB                      -- MinHash signature, little-endian uint32s; NULL if too short
);
CREATE TABLE index_postings (
    hash INTEGER NOT NULL,              -- fingerprint; its low 2 bits are the kind
    doc INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)
) WITHOUT ROWID;
CREATE TABLE index_minhash (
    bucket INTEGER NOT NULL,            -- hash of (band number, the band's signature rows)
    doc INTEGER NOT NULL,
    PRIMARY KEY (bucket, doc)
) WITHOUT ROWID;
CREATE TABLE index_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# The sentence a figure occurs in: cross-outlet comparison only compares figures whose
# sentences are about the same thing.
_FIGURE_SENTENCES = """
ALTER TABLE figures ADD COLUMN sentence_start INTEGER;
ALTER TABLE figures ADD COLUMN sentence_end INTEGER;
"""

# Candidate index v2 (rare-word n-grams, a fourth fingerprint kind: ``counts`` now holds
# four int64s): an index built before cannot be extended with the new fingerprints (the
# index refuses mixed settings), so it is emptied and every article is indexed again by the
# next ``analyze``. Candidate pairs already found, and their verdicts, stay.
_INDEX_REBUILD = """
DELETE FROM index_postings;
DELETE FROM index_minhash;
DELETE FROM index_docs;
DELETE FROM index_meta;
DELETE FROM stage_done WHERE stage = 'index';
"""

# Candidate index postings as sorted runs (newstrace.index.sqlite_backend): each run of
# (key, doc) postings sorted by key is stored as blocks of little-endian int64 arrays. The
# B-tree tables index_postings / index_minhash stay for stores written before; the backend
# converts their rows into the oldest run on first use.
_INDEX_RUNS = """
CREATE TABLE index_runs (
    tbl TEXT NOT NULL,                  -- 'shingle' (fingerprints) or 'band' (MinHash LSH buckets)
    run INTEGER NOT NULL,               -- increases with recency; merged runs get a new number
    block INTEGER NOT NULL,             -- 0, 1, 2 ... within the run
    n INTEGER NOT NULL,                 -- postings in this block
    keys BLOB NOT NULL,                 -- little-endian int64, sorted (equal keys: older doc first)
    docs BLOB NOT NULL,                 -- little-endian int64 document numbers
    PRIMARY KEY (tbl, run, block)
);
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", _ARTICLES),
    ("0002_index", _INDEX),
    ("0003_reuse", _REUSE),
    ("0004_findings", _FINDINGS),
    ("0005_stories", _STORIES),
    ("0006_figure_sentences", _FIGURE_SENTENCES),
    ("0007_index_rare_words", _INDEX_REBUILD),
    ("0008_index_runs", _INDEX_RUNS),
]
