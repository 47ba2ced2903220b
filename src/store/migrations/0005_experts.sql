-- 0005_experts: experts drawn for tasks whose items need them (SPEC §DRAW "experts drawn the same
-- way when an item needs them"). An assignment draw of a task is either an inspector draw or an
-- expert draw; expert assignments name the expert, per locked target and department.

ALTER TABLE task_inspector_draws ADD COLUMN role TEXT NOT NULL DEFAULT 'inspector'
  CHECK (role IN ('inspector', 'expert'));

CREATE TABLE task_expert_assignments (
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  expert_id {{int}} NOT NULL REFERENCES experts(id),
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  position {{int}} NOT NULL,
  PRIMARY KEY (task_id, target_id, expert_id)
);
CREATE INDEX task_expert_assignments_expert ON task_expert_assignments (expert_id);
