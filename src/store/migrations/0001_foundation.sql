-- 0001_foundation: organisations (SPEC §ORG), accounts and sessions (§SEC), the audit log.
-- Written once for SQLite and PostgreSQL; see src/store/migrate.h for the macros.
-- Instants are TEXT in UTC ("2026-11-21T02:13:00.123Z"); dates are TEXT "YYYY-MM-DD".

CREATE TABLE regions (
  code TEXT PRIMARY KEY,                      -- GB/T 2260, or a 9/12-digit township code
  name TEXT NOT NULL,
  parent_code TEXT REFERENCES regions(code),
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township'))
);

CREATE TABLE departments (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL {{zh}},
  short_name TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  active {{int}} NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

CREATE TABLE units (
  id {{id}},
  department_id {{int}} NOT NULL REFERENCES departments(id),
  parent_id {{int}} REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL {{zh}},
  kind TEXT NOT NULL,                         -- 科室 / 分局 / 市场监管所 / 执法大队 …
  level TEXT NOT NULL CHECK (level IN ('市', '区', '所')),
  region_code TEXT NOT NULL REFERENCES regions(code),
  active {{int}} NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX units_department ON units (department_id);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,                -- argon2id, libsodium crypto_pwhash_str format
  active {{int}} NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id {{int}} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  scope TEXT NOT NULL,                        -- global | region:CODE | department:ID | unit:ID
  granted_at TEXT NOT NULL,
  PRIMARY KEY (user_id, role, scope)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,                -- hex SHA-256 of the cookie token
  user_id {{int}} NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  remote TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
  id {{id}},
  subject TEXT NOT NULL,                      -- "user:NAME" or "ip:ADDRESS"
  at TEXT NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures (subject, at);

-- Append-only, hash-chained (core/audit.h). audit_head serialises appenders: every append
-- updates its single row inside the writing transaction.
CREATE TABLE audit_log (
  seq {{int}} PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_id {{int}},
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE audit_head (
  id {{int}} PRIMARY KEY CHECK (id = 1),
  seq {{int}} NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
  seq {{int}} PRIMARY KEY,
  head_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL                     -- hex Ed25519 over "SJ-AUDIT-CHECKPOINT|seq|head_hash"
);

--@sqlite CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--@sqlite CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--@postgres CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
--@postgres CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
