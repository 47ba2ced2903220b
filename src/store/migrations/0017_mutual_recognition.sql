-- 0017_mutual_recognition: past inspections imported at go-live, and the look-ups of 互认共享
-- (issue 13 "Mutual recognition", "History at go-live").
--
-- `suiji import inspections FILE` writes one target_inspections row per past inspection
-- (source 'import', no task) so that yearly caps and minimum intervals count it from day one; it
-- keeps what the file said the inspection found (检查结果, 备注, the items as written) and the
-- SHA-256 of the file it came from. The task preview reads other departments' recent
-- inspections of the region by date.

ALTER TABLE target_inspections ADD COLUMN result TEXT NOT NULL DEFAULT '';
ALTER TABLE target_inspections ADD COLUMN remark TEXT NOT NULL DEFAULT '';
ALTER TABLE target_inspections ADD COLUMN import_sha256 TEXT NOT NULL DEFAULT '';

CREATE INDEX target_inspections_day ON target_inspections (inspected_on, department_id);
CREATE INDEX result_publications_completed ON result_publications (completed_on, department_id);
