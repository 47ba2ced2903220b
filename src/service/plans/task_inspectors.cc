#include "service/plans/task_service.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "core/plans/staffing.h"
#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/plans/inspector_candidates.h"
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
  plans::EligibilitySummary::Staffing staffing;

  // What is shown and recorded of it: counts, not the eligible people themselves.
  plans::EligibilitySummary Summary() const {
    plans::EligibilitySummary s{per_task, cap, {}, staffing};
    for (const auto& e : entries)
      s.targets.push_back({e.target_id, e.key, e.name, e.needed,
                           static_cast<int64_t>(e.eligible.size()), e.excluded});
    return s;
  }

  // The cap holds over every draw of the task: `load` is what each person (执法证号 or 专家编号)
  // already holds in it. This round's cap is chosen so that nobody passes the policy cap
  // (plans::CapForRound); people it leaves out are excluded as at the cap. Then whether the
  // open places can be staffed at all.
  void ApplyCaps(const std::map<std::string, int>& load) {
    staffing.policy_cap = cap;
    // The lists move into the flow's teams and back (hundreds of thousands of ids at 2,000
    // targets: not copied).
    std::vector<plans::StaffingTeam> teams;
    teams.reserve(entries.size());
    for (auto& e : entries) teams.push_back({e.needed, std::move(e.eligible)});
    plans::RoundCap round;
    if (load.empty()) {
      round.cap = cap;
      std::unordered_set<std::string_view> everyone;
      for (const auto& t : teams) everyone.insert(t.eligible.begin(), t.eligible.end());
      for (std::string_view p : everyone) round.capacity.emplace(p, cap);
    } else {
      round = plans::CapForRound(teams, load, cap);
      std::unordered_set<std::string_view> may;
      for (const auto& [p, more] : round.capacity) may.insert(p);
      for (size_t i = 0; i < entries.size(); ++i) {
        auto& eligible = teams[i].eligible;
        const auto before = eligible.size();
        std::erase_if(eligible, [&](const std::string& p) { return !may.contains(p); });
        if (eligible.size() != before)
          entries[i].excluded[kAtTaskCap] += static_cast<int>(before - eligible.size());
      }
    }
    cap = round.cap;
    const plans::StaffingCheck check = plans::CheckStaffing(teams, round.capacity);
    for (size_t i = 0; i < entries.size(); ++i) entries[i].eligible = std::move(teams[i].eligible);
    staffing.needed = check.needed;
    staffing.fillable = check.fillable;
    staffing.people = check.people;
    staffing.short_targets = check.short_teams;
    cap_bound = check.cap_bound();
  }

  static constexpr char kAtTaskCap[] = "本任务已达每人选派上限";
  bool cap_bound = false;
};

const char* task_detail::ExpertExcludedForTask(const registers::Expert& x, std::optional<Date> from,
                                               std::optional<Date> to,
                                               const std::vector<std::string>& fields) {
  const std::set<std::string> wanted(fields.begin(), fields.end());
  auto matches = [&](const std::vector<std::string>& mine) {
    return std::any_of(mine.begin(), mine.end(), [&](auto& f) { return wanted.contains(f); });
  };
  if (!x.active) return "已停用";
  if ((x.engaged_from && from && *x.engaged_from > *from) ||
      (x.engaged_to && to && *x.engaged_to < *to))
    return "聘用期未覆盖检查时间";
  if (!wanted.empty() && !matches(x.service_fields) && !matches(x.specialties))
    return "专业领域不符";
  return nullptr;
}

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
  const std::vector<std::string> codes = dept_row->item_codes;
  ASSIGN_OR_RETURN(auto items, ItemsOf(c, department_id, codes));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  if (!from || !to) return Internal("task window unreadable");
  ASSIGN_OR_RETURN(auto candidates, task_detail::InspectorCandidates::Load(
                                        c, *snap, department_id,
                                        task_detail::InspectorRequest(*from, *to, codes, items),
                                        v.row.origin == plans::TaskOrigin::kJoint));
  ASSIGN_OR_RETURN(auto regions, store::TaskTargetRegions(c, v.row.id));
  std::map<int64_t, std::set<int64_t>> assigned;  // target -> inspectors on its team
  for (const auto& a : v.assignments)
    if (a.department_id == department_id) assigned[a.target_id].insert(a.inspector_id);
  static const std::set<int64_t> kNobody;
  for (const auto& t : v.targets) {
    auto team = assigned.find(t.target_id);
    const std::set<int64_t>& on_team = team == assigned.end() ? kNobody : team->second;
    const int have = static_cast<int>(on_team.size());
    if (have >= out.per_task) continue;
    auto region = regions.find(t.target_id);
    const auto& found = candidates.For(
        t.target_id, region == regions.end() ? std::string() : region->second, on_team);
    out.entries.push_back(
        {t.target_id, t.key, t.name, out.per_task - have, found.eligible, found.excluded});
  }
  std::map<std::string, int> load;
  for (const auto& a : v.assignments)
    if (a.department_id == department_id) ++load[a.cert_no];
  out.ApplyCaps(load);
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
      const char* reason = task_detail::ExpertExcludedForTask(x, from, to, need->fields);
      if (!reason && !x.organisation.empty() && x.organisation == t.name)
        reason = "回避（所在单位为检查对象）";
      if (reason) ++entry.excluded[reason];
      else entry.eligible.push_back(x.expert_no);
    }
    out.entries.push_back(std::move(entry));
  }
  std::map<std::string, int> load;
  for (const auto& e : v.experts)
    if (e.department_id == department_id) ++load[e.expert_no];
  out.ApplyCaps(load);
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

namespace {

// TASK_UNSTAFFABLE: the caps cannot cover the open places; nothing is committed.
Status Unstaffable(const plans::EligibilitySummary::Staffing& st, int per_task,
                   const std::string& people, const std::string& department) {
  const int64_t teams = per_task > 0 ? st.fillable / per_task : 0;
  return FailedPrecondition(
      "TASK_UNSTAFFABLE",
      department + "：本次需选派" + people + " " + std::to_string(st.needed) +
          " 人次，符合条件的 " + std::to_string(st.people) + " 人在每人每个任务最多 " +
          std::to_string(st.policy_cap) + " 组的上限内最多能承担 " + std::to_string(st.fillable) +
          " 人次（约 " + std::to_string(teams) + " 个检查对象）。未进行抽取。请增加符合条件的" +
          people + "、经批准调整细则中的每人上限，或将任务按检查时间分批（每个任务不超过约 " +
          std::to_string(teams) + " 个检查对象）。");
}

}  // namespace

StatusOr<TaskView> TaskService::CommitAssignments(const Principal& who, int64_t task_id,
                                                  int64_t department_id,
                                                  const std::vector<std::string>& sources,
                                                  bool experts) {
  // The head is enough to refuse early (scope, a pending draw); the whole task is read in the
  // transaction below.
  TaskView v;
  {
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    ASSIGN_OR_RETURN(v, LoadHeadIn(*conn, task_id));
  }
  RETURN_IF_ERROR(RequireReadable(who, v));
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
        if (elig.staffing.fillable == 0)
          return FailedPrecondition("TASK_UNSTAFFABLE",
                                    fresh.DepartmentName(department_id) + "：尚缺" + people +
                                        "的检查对象没有一个符合条件的" + people +
                                        "（见不可选派原因），未进行抽取。");
        if (elig.cap_bound)
          return Unstaffable(elig.staffing, elig.per_task, people,
                             fresh.DepartmentName(department_id));
        // Earlier draws of this department and role: this one is a supplementary round.
        std::vector<std::string> earlier;
        for (const auto& d : fresh.inspector_draws)
          if (d.department_id == department_id && d.role == role) earlier.push_back(d.draw_no);
        // One commit is one draw (one ceremony). The engine's team size is uniform (DRAW-SPEC
        // §5), so a round fills the smallest open need on every short team; a team still short
        // after it (it needed more) is filled by the next round.
        int needed = elig.entries.front().needed;
        for (const auto& e : elig.entries) needed = std::min(needed, e.needed);
        ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
        AssignDrawRequest r;
        r.title = fresh.row.title + "（" + (dept ? dept->short_name : "") + people +
                  (earlier.empty() ? ""
                                   : "补充，" + std::to_string(elig.entries.size()) +
                                         " 个检查对象尚缺人员，接续 " + earlier.back()) +
                  "）";
        r.department_id = department_id;
        if (auto from = Date::Parse(fresh.row.window_from)) r.year = from->year;
        r.parent_draw_id = fresh.row.target_draw_id;
        r.source_names = sources;
        r.per_task = needed;
        r.cap = elig.cap;
        r.confidential = fresh.row.confidential;
        r.supplementary = !earlier.empty();
        r.experts = experts;
        // The public record names the candidates as the directory has them now, frozen with
        // the commitment (a later rename must not change a public record). The numbers and the
        // recorded summary are taken first: the eligibility lists (hundreds of thousands of ids
        // at 2,000 targets) then move into the draw instead of being copied.
        std::unordered_set<std::string_view> seen;
        std::vector<std::string> numbers;
        for (const auto& e : elig.entries)
          for (const auto& p : e.eligible)
            if (seen.insert(p).second) numbers.push_back(p);
        std::sort(numbers.begin(), numbers.end());
        const Json recorded = plans::EligibilitySummaryToJson(elig.Summary());
        r.tasks.reserve(elig.entries.size());
        for (auto& e : elig.entries) r.tasks.push_back({e.key, std::move(e.eligible)});
        ASSIGN_OR_RETURN(int64_t draw_id, draws_.CommitAssignIn(c, who, std::move(r)));
        ASSIGN_OR_RETURN(
            auto names,
            store::FindPersonNamesByNumbers(
                c, experts ? store::Assignee::kExpert : store::Assignee::kInspector, numbers));
        RETURN_IF_ERROR(store::InsertDrawPersonNames(c, draw_id, names));
        RETURN_IF_ERROR(store::InsertTaskInspectorDraw(c, task_id, department_id, draw_id,
                                                       recorded.dump(), role));
        ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, draw_id));
        Json audit = {{"id", task_id},
                      {"department_id", department_id},
                      {"draw_no", draw->draw_no},
                      {"per_task", needed},
                      {"cap", elig.cap},
                      {"eligibility", recorded}};
        if (!earlier.empty()) audit["follows"] = earlier.back();
        RETURN_IF_ERROR(RecordAudit(c, clock_, who,
                                    experts ? "task.commit_experts" : "task.commit_inspectors",
                                    "task", fresh.row.task_no, audit));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  return GetSummary(who, task_id);
}

}  // namespace suiji::service
