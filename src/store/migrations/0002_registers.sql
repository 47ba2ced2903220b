-- 0002_registers: 一单两库一细则 (SPEC §ITEM, §DIR, §RULE, §ENUM) — the item list, the target,
-- inspector and expert directories, the 回避 registry, department rules, configured dictionary
-- versions, and one change history for every register.
-- Dates are TEXT "YYYY-MM-DD"; instants TEXT UTC; booleans 0/1; JSON payloads TEXT. Codes that
-- are only ever compared for equality use the ascii macro (byte order on PostgreSQL, far cheaper to
-- index than the database's linguistic collation).

CREATE TABLE dictionary_versions (
  name TEXT NOT NULL,
  version {{int}} NOT NULL,
  body TEXT NOT NULL,                         -- DictionaryToJson
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (name, version)
);

-- 一单. An item never changes in place: each change is a row in item_versions (data = the
-- canonical ItemToJson); items keeps the head and the columns lists and filters need.
CREATE TABLE items (
  id {{id}},
  department_id {{int}} NOT NULL REFERENCES departments(id),
  code TEXT NOT NULL,
  current_version {{int}} NOT NULL,
  published_version {{int}},
  name TEXT NOT NULL {{zh}},
  category TEXT NOT NULL,
  level TEXT NOT NULL,
  life_safety {{int}} NOT NULL,
  active {{int}} NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (department_id, code)
);

CREATE TABLE item_versions (
  item_id {{int}} NOT NULL REFERENCES items(id),
  version {{int}} NOT NULL,
  data TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT,
  PRIMARY KEY (item_id, version)
);

-- 一细则, versioned per department like items.
CREATE TABLE rule_versions (
  department_id {{int}} NOT NULL REFERENCES departments(id),
  version {{int}} NOT NULL,
  data TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT,
  PRIMARY KEY (department_id, version)
);

-- 检查对象名录库. natural_key: the USCC, "REG:"+注册号 or "OBJ:"+对象编号 (core/registers/target.h).
-- unit_id has no foreign key: on PostgreSQL its per-row trigger cost more than half of a
-- million-row import (ADR 0004). Every write path checks the unit, and units can never be
-- deleted (trigger below), so a stored unit_id cannot dangle.
-- tags and directories hold the canonical text (for change detection and export); the child
-- tables below index them for filters.
CREATE TABLE targets (
  id {{id}},
  natural_key TEXT {{ascii}} NOT NULL UNIQUE,
  uscc TEXT NOT NULL,
  regno TEXT NOT NULL,
  object_code TEXT NOT NULL,
  name TEXT NOT NULL {{zh}},
  type TEXT NOT NULL,
  legal_rep TEXT NOT NULL,
  address TEXT NOT NULL,
  region_code TEXT NOT NULL,
  unit_id {{int}} NOT NULL,
  industry_code TEXT NOT NULL,
  industry_section TEXT NOT NULL,
  reg_status TEXT NOT NULL,
  surviving {{int}} NOT NULL,
  risk_class TEXT NOT NULL,
  risk_as_of TEXT NOT NULL,
  abnormal {{int}} NOT NULL,
  serious_violation {{int}} NOT NULL,
  tags TEXT NOT NULL,
  directories TEXT NOT NULL,
  complaints {{int}} NOT NULL,
  cases {{int}} NOT NULL,
  in_directory {{int}} NOT NULL,
  removed_reason TEXT NOT NULL,
  code_override {{int}} NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX targets_unit ON targets (unit_id);

--@sqlite CREATE TRIGGER units_never_deleted BEFORE DELETE ON units BEGIN SELECT RAISE(ABORT, 'units are deactivated, never deleted'); END;
--@postgres CREATE FUNCTION units_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'units are deactivated, never deleted'; END $$;
--@postgres CREATE TRIGGER units_never_deleted BEFORE DELETE ON units FOR EACH ROW EXECUTE FUNCTION units_never_deleted();

-- Index rows derived from targets.tags / targets.directories and written only together with
-- them, hence no foreign key: PostgreSQL checks one per row with a trigger, which would dominate
-- a million-row import. Clustered on the key in SQLite (WITHOUT ROWID: one b-tree less per row).
--@sqlite CREATE TABLE target_tags (tag TEXT NOT NULL, target_id INTEGER NOT NULL, PRIMARY KEY (tag, target_id)) WITHOUT ROWID;
--@postgres CREATE TABLE target_tags (tag TEXT NOT NULL, target_id BIGINT NOT NULL, PRIMARY KEY (tag, target_id));
CREATE INDEX target_tags_target ON target_tags (target_id);

--@sqlite CREATE TABLE target_directories (name TEXT NOT NULL, target_id INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, PRIMARY KEY (name, target_id)) WITHOUT ROWID;
--@postgres CREATE TABLE target_directories (name TEXT NOT NULL, target_id BIGINT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, PRIMARY KEY (name, target_id));
CREATE INDEX target_directories_target ON target_directories (target_id);

-- 执法检查人员名录库. The 身份证号 is stored only encrypted (libsodium secretbox, the platform's
-- PII key) with a keyed hash for uniqueness and look-up, and its masked form for display.
-- List-valued fields are JSON arrays.
CREATE TABLE inspectors (
  id {{id}},
  department_id {{int}} NOT NULL REFERENCES departments(id),
  unit_id {{int}} NOT NULL REFERENCES units(id),
  name TEXT NOT NULL {{zh}},
  gender TEXT NOT NULL,
  position TEXT NOT NULL,
  cert_no TEXT NOT NULL UNIQUE,
  cert_expires TEXT NOT NULL,
  citizen_id_cipher {{blob}} NOT NULL,
  citizen_id_hash TEXT NOT NULL UNIQUE,
  citizen_id_masked TEXT NOT NULL,
  specialties TEXT NOT NULL,
  qualifications TEXT NOT NULL,
  item_scope TEXT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  absences TEXT NOT NULL,
  phone TEXT NOT NULL,
  user_id {{int}} UNIQUE REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX inspectors_unit ON inspectors (unit_id);
CREATE INDEX inspectors_department ON inspectors (department_id);

-- 专家名录库.
CREATE TABLE experts (
  id {{id}},
  department_id {{int}} NOT NULL REFERENCES departments(id),
  expert_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL {{zh}},
  organisation TEXT NOT NULL,
  external {{int}} NOT NULL,
  title TEXT NOT NULL,
  specialties TEXT NOT NULL,
  service_fields TEXT NOT NULL,
  engaged_from TEXT NOT NULL,
  engaged_to TEXT NOT NULL,
  phone TEXT NOT NULL,
  active {{int}} NOT NULL,
  inactive_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX experts_department ON experts (department_id);

-- 回避 registry: declared relations inspector ↔ target.
CREATE TABLE conflicts (
  id {{id}},
  inspector_id {{int}} NOT NULL REFERENCES inspectors(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  note TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT NOT NULL,
  active {{int}} NOT NULL,
  inactive_reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (inspector_id, target_id, kind)
);
CREATE INDEX conflicts_target ON conflicts (target_id);

-- Who changed what, when, for every register record (field-level, old → new in canonical
-- text). action: create | update | deactivate | reactivate | reveal. A draw reconstructs the
-- directory as of its commitment from these rows. An import that creates targets records the
-- creation once for the contiguous id range it assigned (record_id .. record_id_last) instead
-- of once per target.
CREATE TABLE register_history (
  id {{id}},
  register TEXT NOT NULL,                     -- target | inspector | expert | conflict
  record_id {{int}} NOT NULL,
  record_id_last {{int}},                     -- NULL, or the last id of a created range
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_id {{int}},
  action TEXT NOT NULL,
  field TEXT NOT NULL,                        -- '' for whole-record events
  old_value TEXT,
  new_value TEXT,
  note TEXT NOT NULL
);
CREATE INDEX register_history_record ON register_history (register, record_id, id);
CREATE INDEX register_history_ranges ON register_history (register, record_id) WHERE record_id_last IS NOT NULL;
