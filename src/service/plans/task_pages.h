// A task read as a summary plus pages (issues 12 and 15): at 1M targets one task locked 72,695
// targets and its whole view (TaskService::Get) was 15.5 MB. Readers over HTTP get the task with
// its lists counted (a summary view, TaskView::summary) and read the lists — locked targets with
// their teams — a page at a time, searched and filtered in the database
// (store/plans/task_page_store.h).
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

  // The task as a summary view (TaskService::GetSummary).
  StatusOr<TaskView> Get(const Principal& who, int64_t task_id);
  // Tasks as summary views: the newest 200 the reader may read (of a department, of a plan).
  StatusOr<std::vector<TaskView>> List(const Principal& who, std::optional<int64_t> department_id,
                                       std::optional<int64_t> plan_id);
  // Announced tasks for the portal: no places or problems; a confidential task's targets are
  // not counted either.
  StatusOr<std::vector<TaskView>> ListAnnounced(int limit, int offset);
  // A page of the task's locked targets with their teams, in lock order; access as Get.
  StatusOr<TaskTargetPageView> Targets(const Principal& who, int64_t task_id,
                                       const TaskTargetQuery& q);
  // A page of an announced task's locked targets for the public (no teams; the text matches the
  // target only). NotFound TASK_NOT_FOUND for a task not announced; an empty page for a
  // confidential one.
  StatusOr<TaskTargetPageView> PublicTargets(int64_t task_id, const std::string& text,
                                             int64_t limit, int64_t offset);

 private:
  store::Database& db_;
  OrgService& org_;
  TaskService& tasks_;
};

}  // namespace suiji::service
