-- 0018_result_search: indexes for the public result search (issue 15: p95 < 200 ms at 1M
-- published results). The search keeps its meaning — an exact 统一社会信用代码, or a
-- case-sensitive substring of the name — and the store picks the index by the length of the
-- query (docs/design.md, "Public result search"):
--
-- * 3 characters or more: a trigram index. SQLite: an FTS5 table with the trigram tokenizer
--   (case-sensitive, so a phrase query is exactly a substring test) over the name, external
--   content (the text stays in result_publications), kept in step by an insert trigger —
--   publications are immutable (0008), so there is nothing else to follow. PostgreSQL: pg_trgm's
--   GIN operator class on the name, used by `name LIKE '%…%'`. pg_trgm is a trusted extension
--   (PostgreSQL 13+): the database's owner may create it; otherwise a superuser runs
--   `CREATE EXTENSION pg_trgm SCHEMA public` in the database once before the upgrade. In
--   schema public whatever the search_path (Suiji's own schema may be another). It finds trigrams of
--   Chinese text only when the database's LC_CTYPE is a UTF-8 locale (C.UTF-8, zh_CN.UTF-8), not
--   plain C.
-- * exactly 2 characters (超市, 华联 — common in Chinese) cannot use a trigram: every distinct
--   pair of adjacent characters of a name is a row of result_publication_bigrams, written by the
--   store beside the publication in the same transaction. No foreign key: it is an index of
--   result_publications that is only ever inserted beside it (and a per-row check would slow
--   the backfill below).
-- * 1 character: no index; the newest-first scan stops at the page (and the count at its cap).

--@sqlite CREATE VIRTUAL TABLE result_publications_fts USING fts5(name, content='result_publications', content_rowid='id', tokenize='trigram case_sensitive 1');
--@sqlite CREATE TRIGGER result_publications_fts_add AFTER INSERT ON result_publications BEGIN INSERT INTO result_publications_fts (rowid, name) VALUES (new.id, new.name); END;
--@sqlite INSERT INTO result_publications_fts (result_publications_fts) VALUES ('rebuild');

--@postgres CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
--@postgres CREATE INDEX result_publications_name_trgm ON result_publications USING gin (name public.gin_trgm_ops);

CREATE TABLE result_publication_bigrams (
  gram TEXT NOT NULL {{ascii}},
  publication_id {{int}} NOT NULL,
  PRIMARY KEY (gram, publication_id)
--@sqlite ) WITHOUT ROWID;
--@postgres );

--@sqlite WITH RECURSIVE g(id, name, i) AS (SELECT id, name, 1 FROM result_publications WHERE length(name) >= 2 UNION ALL SELECT id, name, i + 1 FROM g WHERE i + 2 <= length(name)) INSERT OR IGNORE INTO result_publication_bigrams (gram, publication_id) SELECT substr(name, i, 2), id FROM g;
--@postgres INSERT INTO result_publication_bigrams (gram, publication_id) SELECT DISTINCT substr(p.name, i, 2), p.id FROM result_publications p, generate_series(1, char_length(p.name) - 1) AS i;
