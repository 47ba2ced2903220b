-- 0012_follow_up: 后续处置 after a published result (SPEC §EXEC, §PUB "follow-up 处置中 → 已完结";
-- seeds 000, 003; issue 13).
--
-- A published record whose items carry a follow-up other than 无需后续处置 opens one case
-- (处置中). Its steps: 复查 tasks (责令改正并跟踪复查: a 整改期限 and a revisit by the original
-- team — not drawn, seed 003, so kept apart from the drawn `tasks` and never counted with them),
-- 移送 / 抄告 to another department (open until the receiving department confirms receipt),
-- 移送司法机关 and 立案 references, and the closing (已完结).
CREATE TABLE follow_up_cases (
  id {{id}},
  case_no TEXT NOT NULL UNIQUE,
  record_id {{int}} NOT NULL REFERENCES inspection_records(id),
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),  -- the owning (inspecting) department
  publication_no TEXT NOT NULL,               -- the publication that opened the case
  follow_ups TEXT NOT NULL,                   -- JSON array: [{"item_code", "follow_up"}]
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at TEXT,
  closed_by {{int}} REFERENCES users(id),
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id)
);
CREATE UNIQUE INDEX follow_up_cases_record ON follow_up_cases (record_id);
CREATE INDEX follow_up_cases_department ON follow_up_cases (department_id, status);

-- 复查 tasks: the target of the case, the team the original draw sent (read from
-- task_assignments of the original task), the 整改期限 and what the revisit found.
CREATE TABLE follow_up_rechecks (
  id {{id}},
  recheck_no TEXT NOT NULL UNIQUE,
  case_id {{int}} NOT NULL REFERENCES follow_up_cases(id),
  deadline TEXT NOT NULL,                     -- 整改期限, YYYY-MM-DD
  status TEXT NOT NULL CHECK (status IN ('open', 'rectified', 'not_rectified')),
  rechecked_on TEXT,                          -- YYYY-MM-DD
  findings TEXT NOT NULL,
  recorded_by {{int}} REFERENCES users(id),
  recorded_at TEXT,
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id)
);
CREATE INDEX follow_up_rechecks_case ON follow_up_rechecks (case_id);

-- 移送 / 抄告 to another department, with the receipt the receiving department confirms.
CREATE TABLE follow_up_transfers (
  id {{id}},
  case_id {{int}} NOT NULL REFERENCES follow_up_cases(id),
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'notify')),
  to_department_id {{int}} NOT NULL REFERENCES departments(id),
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'received')),
  sent_at TEXT NOT NULL,
  sent_by {{int}} REFERENCES users(id),
  received_at TEXT,
  received_by {{int}} REFERENCES users(id)
);
CREATE INDEX follow_up_transfers_case ON follow_up_transfers (case_id);
CREATE INDEX follow_up_transfers_receiver ON follow_up_transfers (to_department_id, status);

-- Every step in order (opened, deadline, recheck, transfer, receipt, judicial, filing, closed):
-- the case's history as the console shows it. `reference` holds a 立案 / 移送司法机关 number.
CREATE TABLE follow_up_steps (
  id {{id}},
  case_id {{int}} NOT NULL REFERENCES follow_up_cases(id),
  kind TEXT NOT NULL,
  organ TEXT NOT NULL,                        -- a department's or judicial organ's name, or ''
  reference TEXT NOT NULL,
  note TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by {{int}} REFERENCES users(id),
  recorded_by_name TEXT NOT NULL
);
CREATE INDEX follow_up_steps_case ON follow_up_steps (case_id, id);
