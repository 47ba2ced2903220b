#include "service/plans/task_service.h"

#include <algorithm>
#include <set>

#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/task_internal.h"
#include "service/readable_scope.h"
#include "store/org_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {

using Json = nlohmann::json;
using task_detail::Codes;
using task_detail::EffectiveRules;
using task_detail::ItemsOf;
using task_detail::RequireAssignable;

// --- inspectors ------------------------------------------------------------------------------

struct TaskService::Eligibility {
  int per_task = 2;
  int cap = 10;
  struct Entry {
    int64_t target_id = 0;
    std::string key;
    std::string name;
    int needed = 0;
    std::vector<std::string> eligible;    // 执法证号
    std::map<std::string, int> excluded;  // reason label -> count
  };
  std::vector<Entry> entries;

  // What is shown and recorded of it: counts, not the eligible people themselves.
  plans::EligibilitySummary Summary() const {
    plans::EligibilitySummary s{per_task, cap, {}};
    for (const auto& e : entries)
      s.targets.push_back({e.target_id, e.key, e.name, e.needed,
                           static_cast<int64_t>(e.eligible.size()), e.excluded});
    return s;
  }
};

StatusOr<TaskService::Eligibility> TaskService::BuildEligibility(store::Connection& c,
                                                                 const TaskView& v,
                                                                 int64_t department_id) {
  RETURN_IF_ERROR(RequireAssignable(v, department_id, "选派检查人员"));
  auto dept_row = std::find_if(v.departments.begin(), v.departments.end(),
                               [&](auto& d) { return d.department_id == department_id; });
  Eligibility out;
  ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, department_id));
  out.per_task = std::max(2, rules.policy.inspectors_per_task);
  out.cap = std::max(1, rules.policy.per_inspector_task_cap);
  const std::vector<std::string> codes = Codes(dept_row->item_codes);
  ASSIGN_OR_RETURN(auto items, ItemsOf(c, department_id, codes));
  std::set<std::string> quals;
  for (const auto& i : items) quals.insert(i.qualifications.begin(), i.qualifications.end());
  store::InspectorQuery iq;
  iq.department_ids = {department_id};
  iq.limit = 0;
  ASSIGN_OR_RETURN(auto listed, store::ListInspectors(c, iq));
  const auto& inspectors = listed.first;
  store::ConflictQuery cq;
  for (const auto& i : inspectors) cq.inspector_ids.push_back(i.id);
  cq.active = true;
  cq.limit = 0;
  std::map<int64_t, std::vector<registers::ConflictOfInterest>> conflicts;
  if (!cq.inspector_ids.empty()) {
    ASSIGN_OR_RETURN(auto listed_conflicts, store::ListConflicts(c, cq));
    for (const auto& x : listed_conflicts.first)
      conflicts[x.conflict.inspector_id].push_back(x.conflict);
  }
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  for (const auto& t : v.targets) {
    int have = 0;
    std::set<int64_t> assigned;
    for (const auto& a : v.assignments)
      if (a.department_id == department_id && a.target_id == t.target_id) {
        ++have;
        assigned.insert(a.inspector_id);
      }
    if (have >= out.per_task) continue;
    Eligibility::Entry e{t.target_id, t.key, t.name, out.per_task - have, {}, {}};
    registers::EligibilityRequest req;
    req.from = *from;
    req.to = *to;
    req.required_qualifications.assign(quals.begin(), quals.end());
    req.item_codes = codes;
    req.target_ids = {t.target_id};
    if (v.row.origin != plans::TaskOrigin::kJoint) {
      // Inspectors of units whose jurisdiction covers the target (a 所 for its streets, district
      // units for the whole district); a joint task draws from each department's whole pool.
      ASSIGN_OR_RETURN(auto stored, store::FindTarget(c, t.target_id));
      std::vector<int64_t> allowed;
      for (const Unit& u : snap->units)
        if (u.department_id == department_id && stored &&
            stored->target.region_code.starts_with(RegionPrefix(u.region_code)))
          allowed.push_back(u.id);
      req.allowed_units = allowed;
    }
    for (const auto& i : inspectors) {
      if (assigned.contains(i.id)) continue;
      auto res = registers::CheckEligibility(i.inspector, req, conflicts[i.id]);
      if (res.eligible()) e.eligible.push_back(i.inspector.cert_no);
      else
        ++e.excluded[std::string(registers::IneligibilityReasonName(res.reasons.front().reason))];
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

StatusOr<TaskService::Eligibility> TaskService::BuildExpertEligibility(store::Connection& c,
                                                                       const TaskView& v,
                                                                       int64_t department_id) {
  RETURN_IF_ERROR(RequireAssignable(v, department_id, "抽取专家"));
  auto need = std::find_if(v.expert_needs.begin(), v.expert_needs.end(),
                           [&](auto& n) { return n.department_id == department_id; });
  if (need == v.expert_needs.end())
    return FailedPrecondition("TASK_NO_EXPERTS_NEEDED",
                              "本部门在该任务中的检查事项均不需要专家参与");
  Eligibility out;
  ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, department_id));
  out.per_task = need->per_target;
  out.cap = std::max(1, rules.policy.per_inspector_task_cap);
  store::ExpertQuery q;
  q.department_ids = {department_id};
  q.limit = 0;
  ASSIGN_OR_RETURN(auto listed, store::ListExperts(c, q));
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  const std::set<std::string> fields(need->fields.begin(), need->fields.end());
  for (const auto& t : v.targets) {
    std::set<int64_t> assigned;
    for (const auto& e : v.experts)
      if (e.department_id == department_id && e.target_id == t.target_id)
        assigned.insert(e.expert_id);
    const int have = static_cast<int>(assigned.size());
    if (have >= need->per_target) continue;
    Eligibility::Entry entry{t.target_id, t.key, t.name, need->per_target - have, {}, {}};
    for (const auto& stored : listed.first) {
      if (assigned.contains(stored.id)) continue;
      const registers::Expert& x = stored.expert;
      const char* reason = nullptr;
      if (!x.active) reason = "已停用";
      else if ((x.engaged_from && from && *x.engaged_from > *from) ||
               (x.engaged_to && to && *x.engaged_to < *to))
        reason = "聘用期未覆盖检查时间";
      else if (!fields.empty() &&
               std::none_of(x.service_fields.begin(), x.service_fields.end(),
                            [&](auto& f) { return fields.count(f); }) &&
               std::none_of(x.specialties.begin(), x.specialties.end(),
                            [&](auto& f) { return fields.count(f); }))
        reason = "专业领域不符";
      else if (!x.organisation.empty() && x.organisation == t.name)
        reason = "回避（所在单位为检查对象）";
      if (reason) ++entry.excluded[reason];
      else entry.eligible.push_back(x.expert_no);
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

StatusOr<plans::EligibilitySummary> TaskService::InspectorEligibility(const Principal& who,
                                                                      int64_t task_id,
                                                                      int64_t department_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto e, BuildEligibility(*conn, v, department_id));
  return e.Summary();
}

StatusOr<TaskView> TaskService::CommitInspectors(const Principal& who, int64_t task_id,
                                                 int64_t department_id,
                                                 const std::vector<std::string>& sources) {
  return CommitAssignments(who, task_id, department_id, sources, false);
}

StatusOr<TaskView> TaskService::CommitExperts(const Principal& who, int64_t task_id,
                                              int64_t department_id,
                                              const std::vector<std::string>& sources) {
  return CommitAssignments(who, task_id, department_id, sources, true);
}

StatusOr<plans::EligibilitySummary> TaskService::ExpertEligibility(const Principal& who,
                                                                   int64_t task_id,
                                                                   int64_t department_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto e, BuildExpertEligibility(*conn, v, department_id));
  return e.Summary();
}

StatusOr<TaskView> TaskService::CommitAssignments(const Principal& who, int64_t task_id,
                                                  int64_t department_id,
                                                  const std::vector<std::string>& sources,
                                                  bool experts) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  const plans::AssigneeKind role =
      experts ? plans::AssigneeKind::kExpert : plans::AssigneeKind::kInspector;
  const std::string people = experts ? "专家" : "执法检查人员";
  for (const auto& d : v.inspector_draws)
    if (d.department_id == department_id && d.role == role &&
        d.status == draw::DrawStatus::kCommitted)
      return FailedPrecondition("TASK_INSPECTOR_DRAW_PENDING",
                                "本部门已有尚未揭晓的" + people + "抽取（" + d.draw_no + "）");
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(TaskView fresh, LoadIn(c, task_id));
        ASSIGN_OR_RETURN(auto elig, experts ? BuildExpertEligibility(c, fresh, department_id)
                                            : BuildEligibility(c, fresh, department_id));
        if (elig.entries.empty())
          return FailedPrecondition("TASK_TEAMS_FULL",
                                    "本部门所有检查对象的" + people + "均已选派齐全");
        const bool supplementary = std::any_of(
            fresh.inspector_draws.begin(), fresh.inspector_draws.end(),
            [&](auto& d) { return d.department_id == department_id && d.role == role; });
        // Teams missing the same number of people share one draw (the engine's per_task is
        // uniform).
        std::map<int, std::vector<const Eligibility::Entry*>> by_need;
        for (const auto& e : elig.entries) by_need[e.needed].push_back(&e);
        ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
        for (const auto& [needed, entries] : by_need) {
          AssignDrawRequest r;
          r.title = fresh.row.title + "（" + (dept ? dept->short_name : "") + people +
                    (supplementary ? "补充" : "") + "）";
          r.department_id = department_id;
          r.parent_draw_id = fresh.row.target_draw_id;
          r.source_names = sources;
          r.per_task = static_cast<uint32_t>(needed);
          r.cap = static_cast<uint32_t>(elig.cap);
          r.confidential = fresh.row.confidential;
          r.supplementary = supplementary;
          r.experts = experts;
          Eligibility group;
          group.per_task = elig.per_task;
          group.cap = elig.cap;
          for (const auto* e : entries) {
            r.tasks.push_back({e->key, e->eligible});
            group.entries.push_back(*e);
          }
          ASSIGN_OR_RETURN(int64_t draw_id, draws_.CommitAssignIn(c, who, r));
          const Json recorded = plans::EligibilitySummaryToJson(group.Summary());
          RETURN_IF_ERROR(store::InsertTaskInspectorDraw(c, task_id, department_id, draw_id,
                                                         recorded.dump(), role));
          ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, draw_id));
          RETURN_IF_ERROR(RecordAudit(c, clock_, who,
                                      experts ? "task.commit_experts" : "task.commit_inspectors",
                                      "task", fresh.row.task_no,
                                      {{"id", task_id},
                                       {"department_id", department_id},
                                       {"draw_no", draw->draw_no},
                                       {"per_task", needed},
                                       {"eligibility", recorded}}));
        }
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return Get(who, task_id);
}

}  // namespace suiji::service
