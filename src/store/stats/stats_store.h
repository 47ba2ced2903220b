// Oversight statistics (SPEC §STAT; issue 14): per-department aggregates over plans, tasks,
// task targets, inspection records, publications, teams and inspectors, each computed by one
// GROUP BY query in the database — nothing here loads the rows it counts.
//
// A task belongs to the period when its window starts in it and its targets are locked (locked,
// dispatched or completed); what its targets and records count towards follows the task.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct StatsQuery {
  std::string from;  // YYYY-MM-DD, inclusive: the period
  std::string to;
  std::optional<std::vector<int64_t>> within_departments;  // nullopt: every department
};

struct TaskCountRow {
  int64_t department_id = 0;
  int64_t tasks = 0;
  int64_t joint_tasks = 0;  // tasks with more than one inspecting department
};
StatusOr<std::vector<TaskCountRow>> CountTasksByDepartment(Connection& c, const StatsQuery& q);

// Task targets × inspecting department, by the state of their record.
struct ResultCountRow {
  int64_t department_id = 0;
  int64_t due = 0;                // 应检查数
  int64_t not_entered = 0;        // no record (未录入)
  int64_t in_progress = 0;        // draft, submitted or returned, never published (录入中)
  int64_t approved = 0;           // approved, not published (已审核)
  int64_t published = 0;          // published at least once (已公示)
  int64_t entered = 0;            // submitted, approved or published
  int64_t published_on_time = 0;  // first publication on or before its deadline
  int64_t overdue = 0;            // completed on or before `overdue_completed_by`, never published
};
// `overdue_completed_by`: the last completion date whose publication deadline has passed.
StatusOr<std::vector<ResultCountRow>> CountResultsByDepartment(
    Connection& c, const StatsQuery& q, const std::string& overdue_completed_by);

// Entered records' findings: per item (item rows) or per credit-risk class of the target
// (records; a record found a problem when an item's result is not 未发现问题 or the target could
// not be inspected).
struct ProblemCountRow {
  int64_t department_id = 0;
  std::string key;  // item code or risk class
  int64_t entered = 0;
  int64_t problems = 0;
};
StatusOr<std::vector<ProblemCountRow>> CountProblemsByItem(Connection& c, const StatsQuery& q);
StatusOr<std::vector<ProblemCountRow>> CountProblemsByRisk(Connection& c, const StatsQuery& q);

// Every certified inspector (有效, certificate valid on `certified_on`) of the departments, with
// the number of the period's tasks in which they were on the team of an inspected target (a
// record completed).
struct InspectorTaskCountRow {
  int64_t department_id = 0;
  int64_t inspector_id = 0;
  std::string name;
  int64_t tasks = 0;
};
StatusOr<std::vector<InspectorTaskCountRow>> CountInspectorTasks(Connection& c, const StatsQuery& q,
                                                                 const std::string& certified_on);

// Plans of `year` (by plan number, over all versions): how many, published, published by
// `on_time_by` (YYYY-MM-DD, China date).
struct PlanCountRow {
  int64_t department_id = 0;
  int64_t plans = 0;
  int64_t published = 0;
  int64_t published_on_time = 0;
};
StatusOr<std::vector<PlanCountRow>> CountPlansByDepartment(
    Connection& c, int year, const std::optional<std::vector<int64_t>>& within_departments,
    const std::string& on_time_by);

// How many targets each department inspected exactly `inspections` (> 1) times in [from, to].
struct RepeatInspectionRow {
  int64_t department_id = 0;
  int64_t inspections = 0;
  int64_t targets = 0;
};
StatusOr<std::vector<RepeatInspectionRow>> CountRepeatInspections(Connection& c,
                                                                  const StatsQuery& q);

// Per month (YYYY-MM) of the period: tasks started, records completed (entered), results first
// published — across the departments of the query.
struct MonthCountRow {
  std::string month;
  int64_t count = 0;
};
struct MonthlyTrendRows {
  std::vector<MonthCountRow> tasks;
  std::vector<MonthCountRow> entered;
  std::vector<MonthCountRow> published;
};
StatusOr<MonthlyTrendRows> CountByMonth(Connection& c, const StatsQuery& q);

}  // namespace suiji::store
