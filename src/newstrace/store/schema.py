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

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", _ARTICLES),
    ("0002_index", _INDEX),
]
