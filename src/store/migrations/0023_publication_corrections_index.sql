-- 0023_publication_corrections_index: a publication looked up by its number
-- (GET /api/v1/public/results/{no}) lists the publications correcting it
-- (`WHERE corrects = $1`, ListCorrectionsOf), which had no index: a scan of every published
-- result per lookup — 157 lookups/s at 100k publications (bench/run_portal_bench.sh, the first
-- run). Few publications correct another, so the index holds only those.
CREATE INDEX result_publications_corrects ON result_publications (corrects) WHERE corrects IS NOT NULL;
