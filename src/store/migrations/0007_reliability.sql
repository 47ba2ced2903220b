-- 0007_reliability: one task per plan batch (issue 9, finding 2), enforced by the database.
--
-- A batch of a published plan becomes exactly one task; a second task for the same batch would
-- draw the batch's quota again (a redraw through the back door). TaskService refuses it with
-- BATCH_TASK_EXISTS, and the unique index below makes the refusal hold under any race.
--
-- Databases created before this migration may already hold several tasks for one batch. They
-- are kept, not deleted or rewritten: their draws, witnesses and audit entries are the record of
-- what happened. The earliest task (lowest id) stays the batch's task; every later one is marked
-- with batch_duplicate_of = that task's id, which takes it out of the unique index while it stays
-- visible with its plan and batch, so the duplicate remains plain to see for review.
ALTER TABLE tasks ADD COLUMN batch_duplicate_of {{int}} REFERENCES tasks(id);

UPDATE tasks SET batch_duplicate_of = (
    SELECT MIN(e.id) FROM tasks e WHERE e.plan_id = tasks.plan_id AND e.batch_seq = tasks.batch_seq)
  WHERE plan_id IS NOT NULL AND batch_seq IS NOT NULL AND id > (
    SELECT MIN(e.id) FROM tasks e WHERE e.plan_id = tasks.plan_id AND e.batch_seq = tasks.batch_seq);

CREATE UNIQUE INDEX tasks_one_per_batch ON tasks (plan_id, batch_seq)
  WHERE plan_id IS NOT NULL AND batch_duplicate_of IS NULL;
