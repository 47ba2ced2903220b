-- 0009_joint_inspections: a joint task (seed 002) locks each target once but writes one
-- placeholder inspection per inspecting department (each counts against its own yearly cap), so
-- the placeholder's key is (task, target, department), not (task, target): with the old unique
-- index the second department's row made revealing a joint task's targets fail.
DROP INDEX target_inspections_task;
CREATE UNIQUE INDEX target_inspections_task ON target_inspections (task_id, target_id, department_id);
