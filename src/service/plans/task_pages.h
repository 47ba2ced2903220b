// A task read as a summary plus pages (issues 12 and 15): at 1M targets one task locked 72,695
// targets and its whole view (TaskService::Get) was 15.5 MB. Readers over HTTP get the task with
// its lists counted (TaskSummary) and read the lists — locked targets with their teams — a page
// at a time, searched and filtered in the database (store/plans/task_page_store.h).
//
// TaskPages is a view over the task service's data, made per call (it holds references only);
// thread-safe as the services it reads through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/org_service.h"
#include "service/plans/task_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

// The blocking problems of one department and kind, counted: either the department has not
// drawn yet (`targets` 0: every target waits), or `targets` targets are short of `missing`
// people in all.
struct TaskProblemLine {
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  int64_t department_id = 0;
  int64_t targets = 0;
  int64_t missing = 0;
  std::string text;  // "部门 X：12 个检查组未满员（共缺 15 名执法检查人员）" …
};

// What a task holds, counted.
struct TaskSummary {
  int64_t targets = 0;
  std::vector<std::pair<std::string, int64_t>> strata;  // locked targets per stratum, lock order
  int64_t inspector_places = 0;                         // inspectors' places filled, all teams
  int64_t expert_places = 0;
  int64_t problem_count = 0;  // as many as TaskView::problems of the whole view holds
  std::vector<TaskProblemLine> problems;
};

// The summary of a whole view (TaskService::Get, LoadIn), counted from its lists.
TaskSummary SummaryOf(const TaskView& whole);

// A task without its lists (TaskService::LoadHeadIn and its expert needs) and its summary.
struct TaskSummaryView {
  TaskView task;
  TaskSummary summary;
};

// Which of a task's locked targets a page lists.
struct TaskTargetQuery {
  // What the places filter keeps: targets short of people or full (of `department_id`'s places
  // of `role` when given, else of every department's), or dispatchable / not (every department
  // drawn and every place filled: TaskView::Dispatchable).
  enum class Teams { kAll, kShort, kFull, kReady, kBlocked };
  std::string text;  // name, key, address, unit, or a drawn person's name or number contains it
  std::optional<std::string> stratum;
  std::optional<std::string> draw_no;  // targets with a place this assignment draw filled
  std::optional<int64_t> department_id;
  plans::AssigneeKind role = plans::AssigneeKind::kInspector;
  Teams teams = Teams::kAll;
  int64_t limit = 20;
  int64_t offset = 0;
};

// One locked target with its teams, as a page lists it.
struct TaskTargetPageLine {
  int position = 0;  // 1-based, in the locked list
  TaskTargetLine target;
  std::vector<TaskAssignmentLine> inspectors;
  std::vector<TaskExpertLine> experts;
  bool dispatchable = false;  // TaskView::Dispatchable
};

struct TaskTargetPageView {
  std::vector<TaskTargetPageLine> items;
  int64_t total = 0;  // targets the query matches, all pages
};

class TaskPages {
 public:
  TaskPages(store::Database& db, OrgService& org, TaskService& tasks)
      : db_(db), org_(org), tasks_(tasks) {}

  // The task as a summary, with the access of TaskService::Get.
  StatusOr<TaskSummaryView> Get(const Principal& who, int64_t task_id);
  // Tasks as summaries, as TaskService::List chooses them (the newest 200 readable).
  StatusOr<std::vector<TaskSummaryView>> List(const Principal& who,
                                              std::optional<int64_t> department_id,
                                              std::optional<int64_t> plan_id);
  // Announced tasks for the portal: no places or problems; a confidential task's targets are
  // not counted either.
  StatusOr<std::vector<TaskSummaryView>> ListAnnounced(int limit, int offset);
  // A page of the task's locked targets with their teams, in lock order; access as Get.
  StatusOr<TaskTargetPageView> Targets(const Principal& who, int64_t task_id,
                                       const TaskTargetQuery& q);
  // A page of an announced task's locked targets for the public (no teams; the text matches the
  // target only). NotFound TASK_NOT_FOUND for a task not announced; an empty page for a
  // confidential one.
  StatusOr<TaskTargetPageView> PublicTargets(int64_t task_id, const std::string& text,
                                             int64_t limit, int64_t offset);

 private:
  StatusOr<TaskSummaryView> LoadIn(store::Connection& c, int64_t task_id);

  store::Database& db_;
  OrgService& org_;
  TaskService& tasks_;
};

}  // namespace suiji::service
