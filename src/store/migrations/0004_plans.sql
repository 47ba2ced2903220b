-- 0004_plans: plans (SPEC §PLAN), joint-inspection proposals, tasks and their draws (SPEC §DRAW),
-- dispatch, and the inspection history the pool exclusions read.

-- One row per plan version; plan_no is stable across versions (adjustments add versions).
CREATE TABLE plans (
  id {{id}},
  plan_no TEXT NOT NULL,
  version {{int}} NOT NULL,
  department_id {{int}} NOT NULL REFERENCES departments(id),
  year {{int}} NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  content TEXT NOT NULL,                      -- PlanContentToJson
  adjustment_reason TEXT NOT NULL,            -- '' for version 1
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id),
  submitted_at TEXT,
  submitted_by {{int}} REFERENCES users(id),
  decided_at TEXT,
  decided_by {{int}} REFERENCES users(id),
  decision_note TEXT,
  published_at TEXT,
  UNIQUE (plan_no, version)
);
CREATE INDEX plans_department ON plans (department_id, year);

CREATE TABLE joint_proposals (
  id {{id}},
  proposal_no TEXT NOT NULL UNIQUE,
  lead_department_id {{int}} NOT NULL REFERENCES departments(id),
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  overlap_count {{int}} NOT NULL,
  overlap_sample TEXT NOT NULL,               -- JSON: a few target keys and names
  status TEXT NOT NULL CHECK (status IN ('open', 'formed', 'lapsed')),
  deadline TEXT NOT NULL,                     -- 10 working days after creation (YYYY-MM-DD)
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id),
  resolved_at TEXT,
  joint_task_id {{int}}
);

CREATE TABLE joint_proposal_members (
  proposal_id {{int}} NOT NULL REFERENCES joint_proposals(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  plan_id {{int}} NOT NULL REFERENCES plans(id),
  batch_seq {{int}} NOT NULL,
  response TEXT NOT NULL CHECK (response IN ('pending', 'accepted', 'declined', 'expired')),
  responded_at TEXT,
  responded_by {{int}} REFERENCES users(id),
  note TEXT NOT NULL,
  PRIMARY KEY (proposal_id, department_id)
);

CREATE TABLE tasks (
  id {{id}},
  task_no TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  department_id {{int}} NOT NULL REFERENCES departments(id),   -- the lead department
  task_type TEXT NOT NULL,                    -- 定向 / 不定向
  origin TEXT NOT NULL CHECK (origin IN ('plan', 'adhoc', 'joint')),
  plan_id {{int}} REFERENCES plans(id),
  batch_seq {{int}},
  proposal_id {{int}} REFERENCES joint_proposals(id),
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  target_filter TEXT NOT NULL,                -- TargetFilterToJson
  filter_description TEXT NOT NULL,
  ratio_bp {{int}},
  confidential {{int}} NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  preview TEXT,                               -- the pool summary committed with the draw
  target_draw_id {{int}} REFERENCES draws(id),
  announced_at TEXT,
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id)
);
CREATE INDEX tasks_department ON tasks (department_id, window_from);

-- Lead and cooperating departments with the items each inspects and its inspector draw(s).
CREATE TABLE task_departments (
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating')),
  item_codes TEXT NOT NULL,                   -- JSON array
  PRIMARY KEY (task_id, department_id)
);

CREATE TABLE task_inspector_draws (
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  eligibility TEXT NOT NULL,                  -- JSON: per target, eligible count and exclusions by reason
  PRIMARY KEY (task_id, draw_id)
);

-- The locked targets of a task (the draw's outcome with approved replacements applied).
CREATE TABLE task_targets (
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  draw_key TEXT NOT NULL,                     -- the id in the draw (统一社会信用代码 …)
  stratum TEXT NOT NULL,
  position {{int}} NOT NULL,
  PRIMARY KEY (task_id, target_id)
);
CREATE INDEX task_targets_target ON task_targets (target_id);

-- Who goes where: one row per inspector per target, from the inspector draw that chose them
-- (a supplementary draw for an unfilled team adds rows of its own).
CREATE TABLE task_assignments (
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  inspector_id {{int}} NOT NULL REFERENCES inspectors(id),
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  position {{int}} NOT NULL,
  PRIMARY KEY (task_id, target_id, inspector_id)
);
CREATE INDEX task_assignments_inspector ON task_assignments (inspector_id);

-- Inspections per target (planned from locked tasks, or imported history): what the yearly
-- cap and the minimum interval per item are counted against.
CREATE TABLE target_inspections (
  id {{id}},
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  task_id {{int}} REFERENCES tasks(id),
  item_codes TEXT NOT NULL,                   -- JSON array
  inspected_on TEXT NOT NULL,                 -- YYYY-MM-DD
  source TEXT NOT NULL CHECK (source IN ('task', 'import'))
);
CREATE INDEX target_inspections_target ON target_inspections (target_id, department_id, inspected_on);
CREATE UNIQUE INDEX target_inspections_task ON target_inspections (task_id, target_id);
