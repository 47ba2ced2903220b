#include "service/plans/task_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

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

using Json = nlohmann::json;
using task_detail::EffectiveRules;
using task_detail::ExpertNeedOf;
using task_detail::TaskNotFound;

// --- loading ---------------------------------------------------------------------------------

std::string TaskView::DepartmentName(int64_t department_id) const {
  for (size_t i = 0; i < departments.size() && i < department_names.size(); ++i)
    if (departments[i].department_id == department_id) return department_names[i];
  return "";
}

std::vector<std::string> TaskView::ProblemTexts() const {
  std::vector<std::string> out;
  out.reserve(problems.size());
  for (const auto& p : problems) out.push_back(p.text);
  return out;
}

bool TaskView::Dispatchable(int64_t target_id) const {
  return std::none_of(problems.begin(), problems.end(), [&](const TaskProblem& p) {
    return !p.target_id || *p.target_id == target_id;
  });
}

StatusOr<TaskView> TaskService::LoadIn(store::Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(TaskView v, LoadHeadIn(c, task_id));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  // One query each for the targets, the assignment draws, the inspectors' and the experts'
  // places (joined with what the view shows of them), whatever the task's size.
  ASSIGN_OR_RETURN(auto targets, store::ListTaskTargetLines(c, task_id));
  v.targets.reserve(targets.size());
  for (const auto& t : targets) {
    TaskTargetLine line{t.target.target_id, t.target.draw_key, t.name,
                        t.address,          t.target.stratum,  ""};
    if (t.target.locked) {
      line.unit_name = t.target.locked->unit_name;
    } else if (const Unit* u = t.unit_id ? snap->FindUnit(*t.unit_id) : nullptr) {
      line.unit_name = u->name;
    }
    v.targets.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(auto assignments,
                   store::ListAssignmentLines(c, store::Assignee::kInspector, task_id));
  v.assignments.reserve(assignments.size());
  for (const auto& a : assignments) {
    TaskAssignmentLine line{
        a.row.target_id, a.row.department_id, a.row.person_id, a.name, a.number, "", a.draw_no};
    const Unit* u = a.unit_id ? snap->FindUnit(*a.unit_id) : nullptr;
    if (u) line.unit_name = u->name;
    v.assignments.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(auto experts, store::ListAssignmentLines(c, store::Assignee::kExpert, task_id));
  v.experts.reserve(experts.size());
  for (const auto& a : experts)
    v.experts.push_back({a.row.target_id, a.row.department_id, a.row.person_id, a.name, a.number,
                         a.organisation, a.title, a.draw_no});
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto need, ExpertNeedOf(c, d.department_id, d.item_codes));
    if (need.per_target > 0) v.expert_needs.push_back(std::move(need));
  }
  // Blocking problems: every department's team for every locked target must be full.
  if (plans::TargetsLocked(v.row.status)) {
    for (size_t i = 0; i < v.departments.size(); ++i) {
      const int64_t dept = v.departments[i].department_id;
      ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, dept));
      const int per_task = rules.policy.inspectors_per_task;
      bool drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(), [&](auto& d) {
        return d.department_id == dept && d.role == plans::AssigneeKind::kInspector;
      });
      if (!drawn) {
        v.problems.push_back({plans::AssigneeKind::kInspector, dept, std::nullopt, per_task,
                              v.department_names[i] + "：尚未抽取执法检查人员"});
        continue;
      }
      // Counted once (a count per target over every assignment is quadratic at 100k targets).
      std::unordered_map<int64_t, int> places;
      for (const auto& a : v.assignments)
        if (a.department_id == dept) ++places[a.target_id];
      for (const auto& t : v.targets) {
        auto found = places.find(t.target_id);
        const int have = found == places.end() ? 0 : found->second;
        if (have < per_task)
          v.problems.push_back({plans::AssigneeKind::kInspector, dept, t.target_id, per_task - have,
                                v.department_names[i] + "：检查对象“" + t.name + "”尚缺 " +
                                    std::to_string(per_task - have) + " 名执法检查人员"});
      }
    }
    for (const auto& need : v.expert_needs) {
      const std::string name = v.DepartmentName(need.department_id);
      bool drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(), [&](auto& x) {
        return x.department_id == need.department_id && x.role == plans::AssigneeKind::kExpert;
      });
      if (!drawn) {
        v.problems.push_back({plans::AssigneeKind::kExpert, need.department_id, std::nullopt,
                              need.per_target, name + "：检查事项需要专家参与，尚未抽取专家"});
        continue;
      }
      std::unordered_map<int64_t, int> places;
      for (const auto& e : v.experts)
        if (e.department_id == need.department_id) ++places[e.target_id];
      for (const auto& t : v.targets) {
        auto found = places.find(t.target_id);
        const int have = found == places.end() ? 0 : found->second;
        if (have < need.per_target)
          v.problems.push_back({plans::AssigneeKind::kExpert, need.department_id, t.target_id,
                                need.per_target - have,
                                name + "：检查对象“" + t.name + "”尚缺 " +
                                    std::to_string(need.per_target - have) + " 名专家"});
      }
    }
  }
  v.summary = SummaryOf(v);
  return v;
}

Status TaskService::RequireReadable(const Principal& who, const TaskView& v) {
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(d.department_id));
    for (Permission p : kDepartmentRecordReaders)
      if (Authorize(who, p, loc).ok()) return OkStatus();
  }
  return PermissionDenied("PERMISSION_DENIED", "没有权限查看该抽查任务");
}

// --- locking (the ceremony's steps: service/plans/ceremony.cc runs them in its transaction) ---

StatusOr<TaskView> TaskService::LoadHeadIn(store::Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto row, store::FindTask(c, task_id));
  if (!row) return TaskNotFound(task_id);
  TaskView v;
  v.row = std::move(*row);
  ASSIGN_OR_RETURN(v.departments, store::ListTaskDepartments(c, task_id));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  for (const auto& d : v.departments) {
    const Department* dept = snap->FindDepartment(d.department_id);
    v.department_names.push_back(dept ? dept->name : std::to_string(d.department_id));
    ASSIGN_OR_RETURN(auto names, task_detail::ItemNamesOf(c, d.department_id, d.item_codes));
    v.item_names.push_back(std::move(names));
  }
  if (v.row.target_draw_id) {
    ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, *v.row.target_draw_id));
    if (draw) {
      v.target_draw_no = draw->draw_no;
      v.target_draw_status = draw->status;
    }
  }
  ASSIGN_OR_RETURN(auto draws, store::ListTaskInspectorDraws(c, task_id));
  for (const auto& d : draws)
    v.inspector_draws.push_back(
        {d.department_id, d.draw_no, d.draw_status,
         plans::EligibilitySummaryFromJson(Json::parse(d.eligibility, nullptr, false)), d.role});
  return v;
}

}  // namespace suiji::service
