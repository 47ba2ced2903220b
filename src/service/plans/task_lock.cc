#include "service/plans/task_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/lock_facts_prefetch.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/draw_store.h"
#include "store/org_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {

using Json = nlohmann::json;
using task_detail::TaskNotFound;

StatusOr<std::optional<TaskService::DrawOwner>> TaskService::FindDrawOwnerIn(store::Connection& c,
                                                                             const DrawView& draw) {
  if (draw.row.kind == draw::DrawKind::kTargets) {
    ASSIGN_OR_RETURN(auto task, store::FindTaskByDraw(c, draw.row.id));
    if (!task) return std::optional<DrawOwner>();
    return std::optional<DrawOwner>(DrawOwner{task->id, DrawRole::kTargets});
  }
  ASSIGN_OR_RETURN(auto of, store::FindTaskOfInspectorDraw(c, draw.row.id));
  if (!of) return std::optional<DrawOwner>();
  return std::optional<DrawOwner>(DrawOwner{of->task_id, of->role == plans::AssigneeKind::kExpert
                                                             ? DrawRole::kExperts
                                                             : DrawRole::kInspectors});
}

Status TaskService::LockTargetsIn(store::Connection& c, int64_t task_id, const DrawView& view,
                                  const DrawOutcome& outcome, LockFactsPrefetch* prefetch) {
  ASSIGN_OR_RETURN(auto task, store::FindTask(c, task_id));
  if (!task) return TaskNotFound(task_id);
  std::vector<std::string> keys;
  for (const auto& [stratum, drawn] : outcome.selected)
    keys.insert(keys.end(), drawn.begin(), drawn.end());
  // The rows the draw was committed over (a task's pool carries their ids), whatever their keys
  // have become since; by key for a draw committed before pools carried ids.
  std::vector<store::TargetToLock> found;
  if (!outcome.selected_target_ids.empty()) {
    std::vector<int64_t> committed;
    committed.reserve(keys.size());
    for (const auto& rows : outcome.selected_target_ids)
      committed.insert(committed.end(), rows.begin(), rows.end());
    if (committed.size() != keys.size())
      return Internal("draw outcome: " + std::to_string(committed.size()) + " target ids for " +
                      std::to_string(keys.size()) + " keys");
    if (auto read = prefetch ? prefetch->Take(committed) : std::nullopt) {
      found = std::move(*read);
    } else {
      ASSIGN_OR_RETURN(found, store::FindTargetsToLockByIds(c, committed));
    }
  } else {
    ASSIGN_OR_RETURN(found, store::FindTargetsToLock(c, keys));  // one per key, in order
  }
  // A target already locked keeps the facts it was locked with (a replacement re-locks the list);
  // the others are snapshotted from the directory as read now, in the same transaction.
  ASSIGN_OR_RETURN(auto before, store::ListTaskTargets(c, task->id));
  std::unordered_map<int64_t, store::TaskTargetRow> locked_before;
  for (auto& r : before)
    if (r.locked) locked_before.emplace(r.target_id, std::move(r));
  std::vector<store::TaskTargetRow> rows;
  std::vector<int64_t> ids;
  rows.reserve(keys.size());
  ids.reserve(keys.size());
  int position = 0;
  bool unsnapshotted = false;  // a target found only by the directory's own key rules
  for (const auto& [stratum, drawn] : outcome.selected) {
    for (const auto& key : drawn) {
      store::TaskTargetRow row{0, key, stratum, ++position, std::nullopt, std::nullopt};
      if (store::TargetToLock& hit = found[static_cast<size_t>(position - 1)]; hit.id != 0) {
        row.target_id = hit.id;
        row.locked = std::move(hit.facts);
        row.risk_class = std::move(hit.risk_class);
      } else {  // not under this exact key: the directory's own key rules (a bare code …)
        ASSIGN_OR_RETURN(auto target, store::FindTargetByKey(c, key));
        if (!target)
          return DataLoss("TASK_TARGET_MISSING", "抽中的检查对象“" + key + "”已不在名录库中");
        row.target_id = target->id;
        unsnapshotted = true;
      }
      if (auto kept = locked_before.find(row.target_id); kept != locked_before.end()) {
        row.locked = kept->second.locked;
        row.risk_class = kept->second.risk_class;
      }
      ids.push_back(row.target_id);
      rows.push_back(std::move(row));
    }
  }
  RETURN_IF_ERROR(store::ReplaceTaskTargets(c, task->id, rows));
  // The digest of the locked facts: of `rows` as written (text columns, stored verbatim, in
  // position order as ListTaskTargets reads them), unless some were snapshotted in the database.
  std::string facts_digest;
  if (unsnapshotted) {
    RETURN_IF_ERROR(store::SnapshotTaskTargets(c, task->id));
    ASSIGN_OR_RETURN(auto locked, store::ListTaskTargets(c, task->id));
    facts_digest = task_detail::LockedFactsDigest(locked);
  } else {
    facts_digest = task_detail::LockedFactsDigest(rows);
  }
  RETURN_IF_ERROR(store::DeleteAssignmentsNotIn(c, task->id, ids));
  ASSIGN_OR_RETURN(auto departments, store::ListTaskDepartments(c, task->id));
  for (const auto& d : departments)
    RETURN_IF_ERROR(store::ReplaceTaskInspections(c, task->id, d.department_id, d.item_codes,
                                                  task->window_from, ids));
  if (task->status == plans::TaskStatus::kTargetsCommitted) {
    store::TaskRow next = *task;
    next.status = plans::TaskStatus::kTargetsLocked;
    next.announced_at = FormatTimestamp(clock_.Now());
    RETURN_IF_ERROR(store::UpdateTask(c, next, plans::TaskStatus::kTargetsCommitted));
  }
  // The locked list itself (target ids in position order; keys and strata follow from the
  // draw), so `suiji audit verify` can compare task_targets row by row.
  return RecordAudit(
             c, clock_, Principal::System("task"), "task.lock_targets", "task", task->task_no,
             {{"id", task->id},
              {"draw_no", view.row.draw_no},
              {"targets", rows.size()},
              {"target_ids", ids},
              {"snapshot_sha256", facts_digest},
              {"replacements", std::count_if(view.replacements.begin(), view.replacements.end(),
                                             [](auto& r) {
                                               return r.status ==
                                                      draw::ReplacementStatus::kApproved;
                                             })}})
      .status();
}

Status TaskService::LockTeamsIn(store::Connection& c, int64_t task_id, const DrawView& view,
                                const DrawOutcome& outcome, store::Assignee who) {
  const bool experts = who == store::Assignee::kExpert;
  ASSIGN_OR_RETURN(auto targets, store::ListTaskTargets(c, task_id));
  std::vector<std::string> numbers;  // 执法证号, or 专家编号 in an expert draw
  for (const auto& team : outcome.teams)
    numbers.insert(numbers.end(), team.inspectors.begin(), team.inspectors.end());
  ASSIGN_OR_RETURN(auto person_of, store::FindPersonIdsByNumbers(c, who, numbers));
  std::unordered_map<std::string_view, int64_t> target_of;  // draw key -> target id
  for (const auto& t : targets) target_of.emplace(t.draw_key, t.target_id);
  std::vector<store::AssignmentRow> rows;
  for (const auto& team : outcome.teams) {
    auto t = target_of.find(team.task);
    if (t == target_of.end()) continue;  // a target replaced since: its team no longer applies
    int position = 0;
    for (const auto& drawn : team.inspectors) {
      auto person = person_of.find(drawn);
      if (person == person_of.end())
        return experts ? DataLoss("TASK_EXPERT_MISSING",
                                  "抽中的专家（编号 " + drawn + "）已不在专家名录库中")
                       : DataLoss("TASK_INSPECTOR_MISSING",
                                  "抽中的执法检查人员（执法证号 " + drawn + "）已不在名录库中");
      rows.push_back(
          {task_id, t->second, view.row.department_id, person->second, view.row.id, ++position});
    }
  }
  RETURN_IF_ERROR(store::ReplaceDrawAssignments(c, who, task_id, view.row.id, rows));
  ASSIGN_OR_RETURN(auto task, store::FindTask(c, task_id));
  if (!task) return TaskNotFound(task_id);
  Json written =
      Json::array();  // [target id, person id, position] per row, for `suiji audit verify`
  for (const auto& r : rows) written.push_back({r.target_id, r.person_id, r.position});
  return RecordAudit(c, clock_, Principal::System("task"),
                     experts ? "task.lock_experts" : "task.lock_inspectors", "task", task->task_no,
                     {{"id", task_id},
                      {"draw_no", view.row.draw_no},
                      {"department_id", view.row.department_id},
                      {"assignments", rows.size()},
                      {"rows", std::move(written)}})
      .status();
}

Status TaskService::SyncDispatchStateIn(store::Connection& c, TaskView& v) {
  if (!plans::TargetsLocked(v.row.status)) return OkStatus();
  // 已完成 (every result published) is the inspection service's to set and undo.
  if (v.row.status == plans::TaskStatus::kCompleted) return OkStatus();
  const plans::TaskStatus want = v.summary.problem_count == 0 ? plans::TaskStatus::kDispatched
                                                              : plans::TaskStatus::kTargetsLocked;
  if (want == v.row.status) return OkStatus();
  store::TaskRow next = v.row;
  next.status = want;
  RETURN_IF_ERROR(store::UpdateTask(c, next, v.row.status));
  // Counted per department and kind (one line each, whatever the task's size).
  std::vector<std::string> problems;
  for (const auto& p : v.summary.problems) problems.push_back(p.text);
  v.row.status = want;
  return RecordAudit(c, clock_, Principal::System("task"),
                     want == plans::TaskStatus::kDispatched ? "task.dispatch" : "task.undispatch",
                     "task", v.row.task_no, {{"id", v.row.id}, {"problems", problems}})
      .status();
}

}  // namespace suiji::service
