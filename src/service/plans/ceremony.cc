#include "service/plans/ceremony.h"
#include "service/plans/lock_facts_prefetch.h"
#include "store/draw_store.h"
#include "store/plans/plan_store.h"

#include <algorithm>

namespace suiji::service {

StatusOr<std::optional<TaskView>> Ceremony::ApplyIn(store::Connection& c, const DrawChange& change,
                                                    LockFactsPrefetch* prefetch) {
  if (!change.outcome) return std::optional<TaskView>();
  ASSIGN_OR_RETURN(auto owner, tasks_.FindDrawOwnerIn(c, change.view));
  if (!owner) return std::optional<TaskView>();
  switch (owner->role) {
    case TaskService::DrawRole::kTargets:
      RETURN_IF_ERROR(
          tasks_.LockTargetsIn(c, owner->task_id, change.view, *change.outcome, prefetch));
      break;
    case TaskService::DrawRole::kInspectors:
      RETURN_IF_ERROR(tasks_.LockTeamsIn(c, owner->task_id, change.view, *change.outcome,
                                         store::Assignee::kInspector));
      break;
    case TaskService::DrawRole::kExperts:
      RETURN_IF_ERROR(tasks_.LockTeamsIn(c, owner->task_id, change.view, *change.outcome,
                                         store::Assignee::kExpert));
      break;
  }
  // The task counted in SQL, not loaded whole: the answer and the dispatch state need no lists.
  ASSIGN_OR_RETURN(TaskView view, tasks_.LoadSummaryIn(c, owner->task_id));
  RETURN_IF_ERROR(tasks_.SyncDispatchStateIn(c, view));
  return std::optional<TaskView>(std::move(view));
}

StatusOr<TaskView> Ceremony::RevealTargets(const Principal& who, int64_t task_id,
                                           const std::vector<std::string>& values) {
  TaskView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(TaskView head, tasks_.LoadHeadIn(c, task_id));
        RETURN_IF_ERROR(tasks_.RequireReadable(who, head));
        if (!head.target_draw_no)
          return FailedPrecondition("TASK_NOT_COMMITTED", "该任务尚未承诺检查对象抽取");
        LockFactsPrefetch prefetch;  // joined before the transaction ends
        ASSIGN_OR_RETURN(DrawChange change,
                         draws_.RevealIn(c, who, *head.target_draw_no, values,
                                         [&](const DrawOutcome& o) { prefetch.Start(db_, o); }));
        ASSIGN_OR_RETURN(auto view, ApplyIn(c, change, &prefetch));
        if (!view) return Internal("target draw " + *head.target_draw_no + " has no task");
        out = std::move(*view);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<TaskView> Ceremony::RevealAssignments(const Principal& who, int64_t task_id,
                                               const std::string& draw_no,
                                               const std::vector<std::string>& values) {
  TaskView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(TaskView head, tasks_.LoadHeadIn(c, task_id));
        RETURN_IF_ERROR(tasks_.RequireReadable(who, head));
        const bool ours = std::any_of(head.inspector_draws.begin(), head.inspector_draws.end(),
                                      [&](const auto& d) { return d.draw_no == draw_no; });
        if (!ours) return NotFound("TASK_DRAW_NOT_FOUND", "该任务没有此检查人员抽取：" + draw_no);
        ASSIGN_OR_RETURN(DrawChange change, draws_.RevealIn(c, who, draw_no, values));
        ASSIGN_OR_RETURN(auto view, ApplyIn(c, change));
        if (!view) return Internal("assignment draw " + draw_no + " has no task");
        out = std::move(*view);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawView> Ceremony::RevealDraw(const Principal& who, const std::string& draw_no,
                                        const std::vector<std::string>& values) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        LockFactsPrefetch prefetch;  // joined before the transaction ends
        ASSIGN_OR_RETURN(DrawChange change,
                         draws_.RevealIn(c, who, draw_no, values,
                                         [&](const DrawOutcome& o) { prefetch.Start(db_, o); }));
        RETURN_IF_ERROR(ApplyIn(c, change, &prefetch).status());
        out = std::move(change.view);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<DrawView> Ceremony::DecideReplacement(const Principal& who, const std::string& draw_no,
                                               int64_t seq, bool approve, const std::string& note) {
  DrawView out;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(DrawChange change,
                         draws_.DecideReplacementIn(c, who, draw_no, seq, approve, note));
        RETURN_IF_ERROR(ApplyIn(c, change).status());
        out = std::move(change.view);
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return out;
}

}  // namespace suiji::service
