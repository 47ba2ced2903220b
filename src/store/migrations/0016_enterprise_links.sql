-- 0016_enterprise_links: online inspection (书面检查 / 网络检查 / 信用承诺; SPEC §EXEC, seed 004;
-- issue 13 "Online inspection").
--
-- A one-time link per task target and inspecting department through which the enterprise,
-- without an account, uploads the materials asked for and signs a 信用承诺书. Only the SHA-256
-- of the link's random token is stored. A new link for the same task target and department
-- revokes the open one. The link is refused after completion, revocation or its last day.
CREATE TABLE enterprise_links (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,            -- hex SHA-256 of the token; the token is never stored
  task_id {{int}} NOT NULL REFERENCES tasks(id),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  materials TEXT NOT NULL,                    -- JSON array of the materials asked for
  commitment_version TEXT NOT NULL,           -- '' when no 信用承诺书 is asked for
  commitment_text TEXT NOT NULL,
  expires_on TEXT NOT NULL,                   -- YYYY-MM-DD (China): the last day the link works
  status TEXT NOT NULL CHECK (status IN ('open', 'completed', 'revoked')),
  signer_name TEXT,
  signed_version TEXT,
  signed_at TEXT,
  completed_at TEXT,
  commitment_false INTEGER NOT NULL DEFAULT 0,  -- 1: the commitment was found false
  false_note TEXT NOT NULL DEFAULT '',
  false_recorded_at TEXT,
  false_recorded_by {{int}} REFERENCES users(id),
  created_at TEXT NOT NULL,
  created_by {{int}} REFERENCES users(id)
);
CREATE INDEX enterprise_links_target ON enterprise_links (task_id, target_id, department_id);

-- Files the enterprise uploaded (bytes in the evidence store, content-addressed like evidence).
CREATE TABLE enterprise_link_files (
  id {{id}},
  link_id {{int}} NOT NULL REFERENCES enterprise_links(id),
  material TEXT NOT NULL,                     -- which material asked for ('' for other)
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size {{int}} NOT NULL,
  file_name TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX enterprise_link_files_link ON enterprise_link_files (link_id);
CREATE INDEX enterprise_link_files_sha ON enterprise_link_files (sha256);
