-- 0013_credit: credit linkage (SPEC §CREDIT, §PUB deadline timers; issue 13 "Credit linkage").
--
-- Every published result lands in the target's credit history; results of the 经营异常名录 kinds
-- and serious violations raise a proposal that an approver of the proposing department decides
-- (approval sets the target's abnormal / serious_violation flag); results move the target's
-- credit-risk class by the department's published rule. 免罚清单 items (minor first violations)
-- are recorded as such and count as no violation.

-- The 免罚清单 mark of one recorded item (seed 002: 轻微违法违规经营行为免罚清单).
ALTER TABLE inspection_items ADD COLUMN lenient {{int}} NOT NULL DEFAULT 0;

-- Proposals to list a target (经营异常名录 = 'abnormal', 严重违法失信名单 = 'serious').
CREATE TABLE credit_proposals (
  id {{id}},
  list_kind TEXT NOT NULL CHECK (list_kind IN ('abnormal', 'serious')),
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} NOT NULL REFERENCES departments(id),
  publication_id {{int}} NOT NULL REFERENCES result_publications(id),
  publication_no TEXT NOT NULL,
  reason TEXT NOT NULL,                       -- the 检查结果 that raised it
  found_on TEXT NOT NULL,                     -- YYYY-MM-DD: 检查完成日期 (查实之日)
  proposed_on TEXT NOT NULL,                  -- YYYY-MM-DD: the publication date
  due_on TEXT NOT NULL,                       -- YYYY-MM-DD: 10 working days after found_on
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by {{int}} REFERENCES users(id),
  decided_by_name TEXT NOT NULL,
  decided_at TEXT,
  decision_reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX credit_proposals_once ON credit_proposals (publication_id, list_kind);
CREATE INDEX credit_proposals_department ON credit_proposals (department_id, status, due_on);
CREATE INDEX credit_proposals_target ON credit_proposals (target_id);

-- The target's credit history: one row per publication, proposal, decision or risk-class change.
CREATE TABLE credit_events (
  id {{id}},
  target_id {{int}} NOT NULL REFERENCES targets(id),
  department_id {{int}} REFERENCES departments(id),
  kind TEXT NOT NULL,                         -- publication | proposal | decision | risk_class
  event_on TEXT NOT NULL,                     -- YYYY-MM-DD
  summary TEXT NOT NULL,                      -- Chinese, one line
  publication_no TEXT NOT NULL,               -- '' when none
  proposal_id {{int}} REFERENCES credit_proposals(id),
  created_at TEXT NOT NULL
);
CREATE INDEX credit_events_target ON credit_events (target_id, id);
