-- 0003_draws: stored draws (DRAW-SPEC §3–§7). A draw is committed (plan fixed, secret sealed),
-- collects witnesses and source values, and is revealed exactly once; replacements follow.
-- The pool / eligibility snapshot is kept so the bundle can be rebuilt at any time.

CREATE TABLE draws (
  id {{id}},
  draw_no TEXT NOT NULL UNIQUE,               -- the draw_id that enters plan_hash
  kind TEXT NOT NULL CHECK (kind IN ('targets', 'assign')),
  title TEXT NOT NULL,
  department_id {{int}} NOT NULL REFERENCES departments(id),
  parent_draw_id {{int}} REFERENCES draws(id),  -- an assign draw's target draw
  status TEXT NOT NULL CHECK (status IN ('committed', 'revealed')),
  confidential {{int}} NOT NULL DEFAULT 0,
  published {{int}} NOT NULL DEFAULT 0,       -- bundle visible to the public
  source_names TEXT NOT NULL,                 -- JSON array, declared order
  spec TEXT NOT NULL,                         -- JSON: strata (targets) or per_task + cap (assign)
  pool_size {{int}} NOT NULL,
  secret_sealed {{blob}},                     -- secretbox(secret) until the reveal
  secret TEXT,                                -- hex, after the reveal
  root TEXT NOT NULL,                         -- pool_root / elig_root (hex)
  sources_decl TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  plan_hash TEXT NOT NULL,
  committed_at TEXT NOT NULL,
  committed_by {{int}} REFERENCES users(id),
  commit_audit_seq {{int}},
  revealed_at TEXT,
  revealed_by {{int}} REFERENCES users(id),
  reveal_audit_seq {{int}},
  randomness TEXT,
  seed TEXT,
  result_hash TEXT,
  outputs TEXT,                               -- JSON: selected + reserve, or teams
  signature TEXT,                             -- hex Ed25519 over the 32 raw bytes of result_hash
  key_id TEXT
);
CREATE INDEX draws_department ON draws (department_id, committed_at);

CREATE TABLE draw_pool (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  stratum TEXT NOT NULL,
  candidate TEXT NOT NULL,
  weight {{int}} NOT NULL,
  PRIMARY KEY (draw_id, candidate)
);
CREATE INDEX draw_pool_candidate ON draw_pool (candidate);

CREATE TABLE draw_eligibility (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  task TEXT NOT NULL,
  inspector TEXT NOT NULL,                    -- '' marks a task with no eligible inspector
  PRIMARY KEY (draw_id, task, inspector)
);

CREATE TABLE draw_witnesses (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  seq {{int}} NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,                 -- 区人大代表 / 公证处 / 媒体 …
  user_id {{int}} REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  recorded_by {{int}} REFERENCES users(id),
  PRIMARY KEY (draw_id, seq)
);

-- A source value, once entered, never changes: nobody can try values until one pleases.
CREATE TABLE draw_source_values (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  position {{int}} NOT NULL,
  value TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  entered_by {{int}} REFERENCES users(id),
  PRIMARY KEY (draw_id, position)
);

CREATE TABLE draw_replacements (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  seq {{int}} NOT NULL,
  task TEXT,                                  -- assign draws
  out_id TEXT NOT NULL,
  in_id TEXT,                                 -- computed at approval; NULL when exhausted
  reason TEXT NOT NULL,                       -- closed list
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_at TEXT NOT NULL,
  requested_by {{int}} REFERENCES users(id),
  decided_at TEXT,
  decided_by {{int}} REFERENCES users(id),
  decision_note TEXT,
  PRIMARY KEY (draw_id, seq)
);
