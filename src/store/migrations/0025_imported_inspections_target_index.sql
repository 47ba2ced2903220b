-- 0025_imported_inspections_target_index: the index of target_inspections by (target_id,
-- department_id, inspected_on) now lists only the imported inspections. Every read by target is
-- of imported rows (`source = 'import'`: the duplicate check of `suiji import inspections` and
-- the recognised-inspections list); a task's planned rows are read by task (the unique index)
-- or by department and day (target_inspections_day). A reveal writes one row per locked target
-- and department, and at 10M candidates (698k rows) this index cost ~0.5–0.9 s of PostgreSQL's
-- 2.7 s COPY (docs/performance.md, session 32). The predicate must stay the same text as in the
-- queries (mutual_store.cc) for both planners to see that they imply it.
DROP INDEX target_inspections_target;
CREATE INDEX target_inspections_imported ON target_inspections (target_id, department_id, inspected_on) WHERE source = 'import';
