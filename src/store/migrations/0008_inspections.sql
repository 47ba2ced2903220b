-- 0008_inspections: 一公开 — inspection records, evidence, review and publication (SPEC §EXEC,
-- §PUB; issue 11).
--
-- One record per task target and inspecting department: a joint task has one visit, and each
-- department records, reviews and publishes its own items ("谁检查、谁录入、谁公示"). A record
-- row exists from the first saved draft; a task target without one is 未录入.
CREATE TABLE inspection_records (
  id {{id}},
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'returned', 'approved', 'published')),
  cannot_inspect TEXT NOT NULL,               -- '' or the closed-list outcome (已注销 …)
  cannot_inspect_on TEXT,                     -- YYYY-MM-DD
  remark TEXT NOT NULL,                       -- 备注 (published after redaction)
  completed_on TEXT,                          -- 检查完成日期, set on submission
  result_dict_version {{int}} NOT NULL,       -- the 检查结果 dictionary version used
  revision {{int}} NOT NULL,                  -- +1 per change: a stale save is refused
  recorded_by {{int}} REFERENCES users(id),
  recorded_at TEXT,
  confirmed_by {{int}} REFERENCES users(id),  -- the co-inspector who confirmed this revision
  confirmed_at TEXT,
  submitted_at TEXT,
  reviewed_by {{int}} REFERENCES users(id),
  reviewed_at TEXT,
  return_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX inspection_records_key ON inspection_records (task_id, target_id, department_id);
CREATE INDEX inspection_records_department ON inspection_records (department_id, status);

-- What was recorded per inspection item.
CREATE TABLE inspection_items (
  record_id {{int}} NOT NULL REFERENCES inspection_records(id),
  item_code TEXT NOT NULL,
  methods TEXT NOT NULL,                      -- JSON array of 检查方式
  inspected_on TEXT,                          -- YYYY-MM-DD
  findings TEXT NOT NULL,                     -- 发现问题情况
  handling TEXT NOT NULL,                     -- 处置情况
  result TEXT NOT NULL,                       -- 检查结果
  follow_up TEXT NOT NULL,                    -- 后续处置
  confidential {{int}} NOT NULL,              -- findings hold trade secrets
  PRIMARY KEY (record_id, item_code)
);

-- Evidence files: the bytes live outside the database under the data directory, named by their
-- SHA-256 (content-addressed: one file however many records cite it); a row is the reference.
CREATE TABLE inspection_evidence (
  id {{id}},
  record_id {{int}} NOT NULL REFERENCES inspection_records(id),
  item_code TEXT NOT NULL,                    -- '' for the visit as a whole
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,                   -- from the content: image/jpeg, image/png, application/pdf …
  size {{int}} NOT NULL,
  file_name TEXT NOT NULL,
  uploaded_by {{int}} REFERENCES users(id),
  uploaded_at TEXT NOT NULL
);
CREATE INDEX inspection_evidence_record ON inspection_evidence (record_id);
CREATE INDEX inspection_evidence_sha ON inspection_evidence (sha256);

-- Published results: immutable public records in the national 公示系统's shape. A correction is
-- a new row pointing at the one it corrects; both stay public. The triggers make "immutable"
-- hold below the application too.
CREATE TABLE result_publications (
  id {{id}},
  publication_no TEXT NOT NULL UNIQUE,
  record_id {{int}} NOT NULL REFERENCES inspection_records(id),
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  credit_code TEXT NOT NULL {{ascii}},
  name TEXT NOT NULL,
  plan_no TEXT NOT NULL,
  plan_name TEXT NOT NULL,
  task_no TEXT NOT NULL,
  task_name TEXT NOT NULL,
  inspection_type TEXT NOT NULL,
  authority TEXT NOT NULL,
  completed_on TEXT NOT NULL,
  result TEXT NOT NULL,
  remark TEXT NOT NULL,
  published_on TEXT NOT NULL,
  deadline TEXT NOT NULL,
  corrects {{int}} REFERENCES result_publications(id),
  published_at TEXT NOT NULL,
  published_by {{int}} REFERENCES users(id)
);
CREATE INDEX result_publications_code ON result_publications (credit_code);
CREATE INDEX result_publications_record ON result_publications (record_id);
CREATE INDEX result_publications_newest ON result_publications (published_at, id);

--@sqlite CREATE TRIGGER result_publications_no_update BEFORE UPDATE ON result_publications BEGIN SELECT RAISE(ABORT, 'published results are immutable'); END;
--@sqlite CREATE TRIGGER result_publications_no_delete BEFORE DELETE ON result_publications BEGIN SELECT RAISE(ABORT, 'published results are immutable'); END;
--@postgres CREATE FUNCTION result_publications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'published results are immutable'; END $$;
--@postgres CREATE TRIGGER result_publications_no_change BEFORE UPDATE OR DELETE ON result_publications FOR EACH ROW EXECUTE FUNCTION result_publications_immutable();
