// A task's locked targets and teams read a page at a time, and the counts a task's summary shows
// (issues 12 and 15: a task of 70,000 locked targets is read as a summary plus pages, never as
// one list). Every query is bounded by LIMIT/OFFSET or aggregates in the database; the task's
// rows are reached through the primary keys of task_targets, task_assignments and
// task_expert_assignments (task_id first), on SQLite and PostgreSQL alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"
#include "store/plans/plan_store.h"

namespace suiji::store {

// Locked targets per stratum, in the order the strata were locked (position order).
struct StratumCount {
  std::string stratum;
  int64_t count = 0;
};
StatusOr<std::vector<StratumCount>> CountTaskTargetsByStratum(Connection& c, int64_t task_id);

// Places of one kind (inspectors or experts) written for a task, all departments.
StatusOr<int64_t> CountTaskPlaces(Connection& c, Assignee who, int64_t task_id);

// One department's places of one kind that every locked target needs.
struct PlaceRequirement {
  Assignee who = Assignee::kInspector;
  int64_t department_id = 0;
  int per_target = 0;
};

// The locked targets whose places of `r` are short: how many, and how many places are open.
struct PlaceShortfall {
  int64_t targets = 0;
  int64_t missing = 0;
};
StatusOr<PlaceShortfall> CountShortfall(Connection& c, int64_t task_id, const PlaceRequirement& r);

// Which locked targets a page lists.
struct TaskTargetPageQuery {
  int64_t task_id = 0;
  // A substring (ASCII case folded) of the name, key, address or unit name (as locked, else as
  // the directory holds them) — or, with `match_people`, of a drawn person's name, 执法证号 or
  // 专家编号.
  std::string text;
  bool match_people = false;
  std::optional<std::string> stratum;
  // Only targets with a place filled by this draw.
  std::optional<int64_t> draw_id;
  // kShort: targets where any requirement is unmet; kFull: targets where every one is met.
  enum class Places { kAny, kShort, kFull };
  Places places = Places::kAny;
  std::vector<PlaceRequirement> requirements;
  int64_t limit = 50;
  int64_t offset = 0;
};
struct TaskTargetPage {
  std::vector<TaskTargetLineRow> rows;  // position order
  int64_t total = 0;                    // rows matching the query, all pages
};
StatusOr<TaskTargetPage> ListTaskTargetPage(Connection& c, const TaskTargetPageQuery& q);

// The assignment lines (as ListAssignmentLines) of some of a task's targets only (a page of
// them); none for no ids. Defined beside ListAssignmentLines (plan_store.cc).
StatusOr<std::vector<AssignmentLineRow>> ListAssignmentLinesOf(
    Connection& c, Assignee who, int64_t task_id, const std::vector<int64_t>& target_ids);

}  // namespace suiji::store
