#include "service/plans/task_service.h"

#include <algorithm>
#include <set>

#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/draw_store.h"
#include "store/org_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {

// --- reading ---------------------------------------------------------------------------------

StatusOr<TaskView> TaskService::Get(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(TaskView v, LoadIn(*conn, task_id));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return v;
}

StatusOr<PublicDrawNames> TaskService::PublicNamesOf(const DrawView& draw) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  PublicDrawNames out;
  ASSIGN_OR_RETURN(auto owner, FindDrawOwnerIn(*conn, draw));
  if (!owner) return out;
  // Targets by the names they were locked with (an assign draw's teams are keyed by them too).
  ASSIGN_OR_RETURN(auto lines, store::ListTaskTargetLines(*conn, owner->task_id));
  for (const auto& l : lines)
    if (!l.name.empty()) out.targets.emplace(l.target.draw_key, l.name);
  if (owner->role == DrawRole::kTargets) return out;
  ASSIGN_OR_RETURN(auto rules, task_detail::EffectiveRules(*conn, draw.row.department_id));
  out.person_display = rules.policy.public_person_display;
  if (out.person_display == registers::PublicPersonDisplay::kNumberOnly) return out;
  // The names frozen with the commitment; draws committed before the snapshot existed fall
  // back to the directory.
  ASSIGN_OR_RETURN(out.people, store::ListDrawPersonNames(*conn, draw.row.id));
  if (!out.people.empty()) return out;
  std::set<std::string> numbers;
  RETURN_IF_ERROR(store::ScanDrawEligibility(
      *conn, draw.row.id, [&](const std::string&, std::vector<std::string> people) {
        numbers.insert(people.begin(), people.end());
      }));
  const auto who =
      owner->role == DrawRole::kExperts ? store::Assignee::kExpert : store::Assignee::kInspector;
  ASSIGN_OR_RETURN(out.people,
                   store::FindPersonNamesByNumbers(
                       *conn, who, std::vector<std::string>(numbers.begin(), numbers.end())));
  return out;
}

StatusOr<std::vector<MyTaskLine>> TaskService::MyTasks(const Principal& who) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto inspector, store::FindInspectorByUser(*conn, who.user_id));
  if (!inspector)
    return NotFound("INSPECTOR_NOT_LINKED", "当前账号没有关联执法检查人员记录，请联系管理员");
  ASSIGN_OR_RETURN(auto rows, store::ListAssignmentsOfInspector(*conn, inspector->id));
  std::vector<MyTaskLine> out;
  for (const auto& a : rows) {
    if (out.empty() || out.back().task.row.id != a.task_id) {
      ASSIGN_OR_RETURN(TaskView v, LoadIn(*conn, a.task_id));
      out.push_back({std::move(v), {}});
    }
    out.back().target_ids.push_back(a.target_id);
  }
  return out;
}

StatusOr<std::vector<WitnessCeremony>> TaskService::WitnessCeremonies(const Principal& who) {
  constexpr int kMaxCeremonies = 200;
  ASSIGN_OR_RETURN(auto within, ReadableDepartments(org_, who, {Permission::kDrawWitness}));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListUnrevealedDraws(*conn, within, kMaxCeremonies));
  std::vector<WitnessCeremony> out;
  for (const auto& r : rows) {
    WitnessCeremony w;
    ASSIGN_OR_RETURN(w.draw, draws_.LoadIn(*conn, r.id));
    ASSIGN_OR_RETURN(auto owner, FindDrawOwnerIn(*conn, w.draw));
    if (owner) {
      ASSIGN_OR_RETURN(auto task, store::FindTask(*conn, owner->task_id));
      if (task) {
        w.task_id = task->id;
        w.task_no = task->task_no;
        w.task_title = task->title;
        w.role = owner->role;
      }
    }
    w.registered = who.user_id > 0 && std::any_of(w.draw.witnesses.begin(), w.draw.witnesses.end(),
                                                  [&](const draw::DrawWitnessRecord& x) {
                                                    return x.user_id == who.user_id;
                                                  });
    w.values_missing = static_cast<int>(
        std::count(w.draw.source_values.begin(), w.draw.source_values.end(), std::nullopt));
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace suiji::service
