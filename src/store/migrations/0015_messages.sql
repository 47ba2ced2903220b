-- 0015_messages: 站内消息, deadline firings and the accountability list (SPEC §PUB deadline
-- timers, §STAT; seed 002 责任追究; issue 14 "Messages and timers", "Accountability list").

-- One message to one user: something waits on them (approve, witness, answer) or a deadline is
-- near or passed. Written in the transaction of the event that causes it.
CREATE TABLE messages (
  id {{id}},
  recipient_id {{int}} NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,                         -- plan_approval | result_review | draw_witness | ...
  subject TEXT NOT NULL,                      -- Chinese, one line
  body TEXT NOT NULL,                         -- Chinese
  link TEXT NOT NULL,                         -- console path of the record ('' when none)
  record_kind TEXT NOT NULL,                  -- plan | task | record | joint_proposal | credit_proposal
  record_id {{int}} NOT NULL,
  department_id {{int}} REFERENCES departments(id),
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX messages_recipient ON messages (recipient_id, id);
CREATE INDEX messages_unread ON messages (recipient_id, read_at);

-- Each working-day deadline fires once, however many servers share the database: the firing
-- claims its (kind, record, deadline) row with INSERT … ON CONFLICT DO NOTHING inside the
-- transaction that writes its messages and accountability entries.
CREATE TABLE deadline_firings (
  id {{id}},
  kind TEXT NOT NULL,                         -- joint_answer | publication | credit_proposal, *_due_soon
  record_id {{int}} NOT NULL,
  deadline TEXT NOT NULL,                     -- YYYY-MM-DD
  fired_at TEXT NOT NULL,
  fired_by TEXT NOT NULL                      -- the server instance that fired it
);
CREATE UNIQUE INDEX deadline_firings_once ON deadline_firings (kind, record_id, deadline);

-- 责任追究清单: a department that failed an obligation by its deadline (seed 002: 失职照单问责).
CREATE TABLE accountability_entries (
  id {{id}},
  kind TEXT NOT NULL,                         -- joint_answer | publication | credit_proposal
  department_id {{int}} NOT NULL REFERENCES departments(id),
  record_kind TEXT NOT NULL,
  record_id {{int}} NOT NULL,
  record_no TEXT NOT NULL,                    -- the number users know (LH-…, task no, …)
  link TEXT NOT NULL,
  obligation TEXT NOT NULL,                   -- Chinese: what was not done
  detail TEXT NOT NULL,                       -- Chinese: the record in words
  deadline TEXT NOT NULL,                     -- YYYY-MM-DD
  firing_id {{int}} NOT NULL REFERENCES deadline_firings(id),
  recorded_at TEXT NOT NULL
);
CREATE UNIQUE INDEX accountability_once ON accountability_entries (firing_id, department_id);
CREATE INDEX accountability_department ON accountability_entries (department_id, deadline);
