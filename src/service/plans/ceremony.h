// The draw ceremony of a task, one way: the ceremony knows tasks and draws; draws know nothing
// of tasks (DRAW-SPEC, SPEC §DRAW).
//
// Every step that changes a draw's result — a reveal, an approved replacement — runs here in
// one write transaction together with what depends on the result:
//
//   RevealTargets(task)   FindTask → DrawService::RevealIn (one pool scan, one computation;
//                         the drawn targets' facts read meanwhile on a second connection,
//                         LockFactsPrefetch)
//                         → TaskService::LockTargetsIn (from the computed outcome)
//                         → TaskService::LoadSummaryIn (counted in SQL, no lists)
//                         → SyncDispatchStateIn → commit
//   RevealAssignments     the same with LockTeamsIn for an inspector or expert draw
//   RevealDraw / DecideReplacement (the /draws routes): the draw step, then the same locking
//                         for the task that owns the draw, if any
//
// A failure anywhere rolls the whole step back: a draw is never revealed without its task
// locked, nor a replacement approved without the targets or teams following it.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "service/draw_service.h"
#include "service/plans/task_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

class Ceremony {
 public:
  Ceremony(store::Database& db, DrawService& draws, TaskService& tasks)
      : db_(db), draws_(draws), tasks_(tasks) {}

  // Reveals the task's target draw (witnesses and values as on the draw itself) and locks the
  // targets it selects. Both reveals answer with a summary view (TaskService::LoadSummaryIn).
  StatusOr<TaskView> RevealTargets(const Principal& who, int64_t task_id,
                                   const std::vector<std::string>& values);
  // Reveals an inspector or expert draw of the task and writes the teams it yields.
  StatusOr<TaskView> RevealAssignments(const Principal& who, int64_t task_id,
                                       const std::string& draw_no,
                                       const std::vector<std::string>& values);
  // Any draw by its number; a task's draw locks its task as above.
  StatusOr<DrawView> RevealDraw(const Principal& who, const std::string& draw_no,
                                const std::vector<std::string>& values);
  // A replacement decision; an approved one re-locks the owning task's targets or teams.
  StatusOr<DrawView> DecideReplacement(const Principal& who, const std::string& draw_no,
                                       int64_t seq, bool approve, const std::string& note);

 private:
  // Locks what `change` decides for the task that owns its draw (nothing when no task owns it
  // or the result did not change) and brings the task's dispatch state up to date.
  // `prefetch`: the drawn targets' facts, if the reveal started reading them.
  StatusOr<std::optional<TaskView>> ApplyIn(store::Connection& c, const DrawChange& change,
                                            LockFactsPrefetch* prefetch = nullptr);

  store::Database& db_;
  DrawService& draws_;
  TaskService& tasks_;
};

}  // namespace suiji::service
