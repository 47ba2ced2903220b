-- 0010_task_target_snapshot: what the public reads about a drawn target (name, address, unit) is
-- what the directory held when the task's targets were locked, not today's row (issue 12): an
-- address edited after the lock must not change the announcement. NULL in rows locked by older
-- binaries; readers fall back to the directory for those.
ALTER TABLE task_targets ADD COLUMN locked_name TEXT;
ALTER TABLE task_targets ADD COLUMN locked_address TEXT;
ALTER TABLE task_targets ADD COLUMN locked_unit_name TEXT;
