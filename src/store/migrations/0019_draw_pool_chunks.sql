-- 0019_draw_pool_chunks: a target draw's committed pool stored as chunks of text instead of one
-- row per candidate (issue 15, docs/adr/0012-draw-pool-chunks.md). A million-candidate pool was
-- a million rows with a primary key and a candidate index: most of a commit's time on
-- PostgreSQL, and read back row by row at the reveal and for every bundle.
--
-- One row holds up to 4,096 candidates of one stratum, in (stratum, candidate) byte order across
-- the draw's chunks (seq). `data` is one line per candidate: the candidate with '\', TAB and LF
-- escaped as \\, \t and \n, a TAB, the weight in decimal, a LF. `first_candidate` and
-- `last_candidate` (unescaped) bound the chunk, so finding the draws a candidate was in reads the
-- text of at most one chunk per stratum and draw.
CREATE TABLE draw_pool_chunks (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  seq {{int}} NOT NULL,
  stratum TEXT {{ascii}} NOT NULL,
  first_candidate TEXT {{ascii}} NOT NULL,
  last_candidate TEXT {{ascii}} NOT NULL,
  entries {{int}} NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (draw_id, seq)
);
-- Read whole and never searched by an index: no compression work on the commit's write.
--@postgres ALTER TABLE draw_pool_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- The stored pools of existing draws, converted. Within a chunk the lines follow the rows' order
-- as read (the reader restores byte order if an engine concatenated them otherwise).
--@sqlite INSERT INTO draw_pool_chunks (draw_id, seq, stratum, first_candidate, last_candidate, entries, data)
--@sqlite SELECT draw_id, row_number() OVER (PARTITION BY draw_id ORDER BY stratum, chunk) - 1, stratum,
--@sqlite        min(candidate), max(candidate), count(*), group_concat(line, '')
--@sqlite FROM (SELECT draw_id, stratum, candidate,
--@sqlite              (row_number() OVER (PARTITION BY draw_id, stratum ORDER BY candidate) - 1) / 4096 AS chunk,
--@sqlite              replace(replace(replace(candidate, '\', '\\'), char(9), '\t'), char(10), '\n')
--@sqlite                || char(9) || weight || char(10) AS line
--@sqlite       FROM draw_pool ORDER BY draw_id, stratum, candidate)
--@sqlite GROUP BY draw_id, stratum, chunk;
--@postgres INSERT INTO draw_pool_chunks (draw_id, seq, stratum, first_candidate, last_candidate, entries, data)
--@postgres SELECT draw_id, row_number() OVER (PARTITION BY draw_id ORDER BY stratum COLLATE "C", chunk) - 1,
--@postgres        stratum, min(candidate COLLATE "C"), max(candidate COLLATE "C"), count(*),
--@postgres        string_agg(line, '' ORDER BY candidate COLLATE "C")
--@postgres FROM (SELECT draw_id, stratum, candidate,
--@postgres              (row_number() OVER (PARTITION BY draw_id, stratum ORDER BY candidate COLLATE "C") - 1) / 4096 AS chunk,
--@postgres              replace(replace(replace(candidate, '\', '\\'), chr(9), '\t'), chr(10), '\n')
--@postgres                || chr(9) || weight::text || chr(10) AS line
--@postgres       FROM draw_pool) lines
--@postgres GROUP BY draw_id, stratum, chunk;

DROP INDEX draw_pool_candidate;
DROP TABLE draw_pool;
