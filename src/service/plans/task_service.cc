#include "service/plans/task_service.h"

#include <algorithm>
#include <set>

#include "core/registers/people.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/readable_scope.h"
#include "store/org_store.h"
#include "store/registers/item_store.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {
namespace {

using Json = nlohmann::json;

constexpr char kDraft[] = "draft";
constexpr char kTargetsCommitted[] = "targets_committed";
constexpr char kTargetsLocked[] = "targets_locked";
constexpr char kDispatched[] = "dispatched";

std::string_view TaskStatusDisplay(std::string_view s) {
  if (s == kDraft) return "待抽取";
  if (s == kTargetsCommitted) return "检查对象抽取已承诺";
  if (s == kTargetsLocked) return "检查对象已锁定";
  if (s == kDispatched) return "已派发";
  return s;
}

Status TaskNotFound(int64_t id) { return NotFound("TASK_NOT_FOUND", "抽查任务不存在（编号 " + std::to_string(id) + "）"); }

std::optional<int64_t> UserId(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

std::vector<std::string> Codes(const std::string& json_text) {
  std::vector<std::string> out;
  Json j = Json::parse(json_text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

StatusOr<registers::DepartmentRules> EffectiveRules(store::Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(auto versions, store::ListRulesVersions(c, department_id));
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->published_at) return it->rules;
  if (!versions.empty()) return versions.back().rules;
  return registers::DefaultRules(department_id);
}

StatusOr<std::vector<registers::InspectionItem>> ItemsOf(store::Connection& c, int64_t department_id,
                                                         const std::vector<std::string>& codes) {
  std::vector<registers::InspectionItem> out;
  for (const auto& code : codes) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
    if (!head || !head->active)
      return FailedPrecondition("TASK_ITEM_INACTIVE", "抽查事项“" + code + "”不在该部门现行抽查事项清单中");
    ASSIGN_OR_RETURN(auto version, store::FindItemVersion(c, head->id, head->current_version));
    if (!version) return Internal("item version missing: " + code);
    out.push_back(version->item);
  }
  return out;
}

// What the department's items of a task ask of experts. Items deactivated since the task was
// created still count (the task was planned with them).
StatusOr<ExpertNeed> ExpertNeedOf(store::Connection& c, int64_t department_id, const std::vector<std::string>& codes) {
  ExpertNeed need;
  need.department_id = department_id;
  std::set<std::string> fields;
  for (const auto& code : codes) {
    ASSIGN_OR_RETURN(auto head, store::FindItemHeadByCode(c, department_id, code));
    if (!head) continue;
    ASSIGN_OR_RETURN(auto version, store::FindItemVersion(c, head->id, head->current_version));
    if (!version || version->item.experts_per_target <= 0) continue;
    need.per_target = std::max(need.per_target, version->item.experts_per_target);
    fields.insert(version->item.expert_fields.begin(), version->item.expert_fields.end());
  }
  need.fields.assign(fields.begin(), fields.end());
  return need;
}

// People are drawn for a department taking part in the task, once its targets are locked.
Status RequireAssignable(const TaskView& v, int64_t department_id, std::string_view action) {
  if (std::none_of(v.departments.begin(), v.departments.end(), [&](auto& d) { return d.department_id == department_id; }))
    return InvalidArgument("TASK_DEPARTMENT_INVALID", "该部门不参与此抽查任务");
  if (v.row.status != kTargetsLocked && v.row.status != kDispatched)
    return FailedPrecondition("TASK_TARGETS_NOT_LOCKED", "检查对象尚未抽取锁定，不能" + std::string(action));
  return OkStatus();
}

std::string RiskClassOfStratum(const std::string& stratum) {
  // "风险对象（C类）" -> "C"
  const std::string prefix = "风险对象（";
  if (!stratum.starts_with(prefix)) return "";
  std::string rest = stratum.substr(prefix.size());
  return rest.substr(0, rest.find("类"));
}

}  // namespace

int64_t TaskPreview::excluded() const {
  int64_t n = 0;
  for (const auto& e : exclusions) n += e.count;
  return n;
}

Json TaskPreviewToJson(const TaskPreview& p) {
  Json strata = Json::array();
  int64_t quota = 0;
  for (const auto& s : p.strata) {
    strata.push_back({{"name", s.name}, {"pool_size", s.pool_size}, {"ratio", registers::PercentText(s.ratio_bp)},
                      {"quota", s.quota}});
    quota += s.quota;
  }
  Json exclusions = Json::array();
  for (const auto& e : p.exclusions) {
    Json samples = Json::array();
    for (const auto& [key, name] : e.samples) samples.push_back({{"key", key}, {"name", name}});
    exclusions.push_back({{"reason", plans::ExclusionName(e.reason)}, {"label", plans::ExclusionLabel(e.reason)},
                          {"count", e.count}, {"samples", samples}});
  }
  return {{"matched", p.matched},   {"excluded", p.excluded()},
          {"pool_size", p.pool_size()}, {"quota", quota},
          {"strata", strata},       {"exclusions", exclusions},
          {"floor", registers::PercentText(p.floor_bp)}, {"ceiling", registers::PercentText(p.ceiling_bp)},
          {"filter_description", p.filter_description}};
}

TaskService::TaskService(store::Database& db, const Clock& clock, OrgService& org, RegisterServices& registers,
                         DrawService& draws, PlanService& plans)
    : db_(db), clock_(clock), org_(org), registers_(registers), draws_(draws), plans_(plans) {}

// --- loading ---------------------------------------------------------------------------------

std::string TaskStatusName(const std::string& s) { return std::string(TaskStatusDisplay(s)); }

std::string TaskView::DepartmentName(int64_t department_id) const {
  for (size_t i = 0; i < departments.size() && i < department_names.size(); ++i)
    if (departments[i].department_id == department_id) return department_names[i];
  return "";
}

StatusOr<TaskView> TaskService::LoadIn(store::Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(TaskView v, LoadHeadIn(c, task_id));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  // One query each for the targets, the assignment draws, the inspectors' and the experts'
  // places (joined with what the view shows of them), whatever the task's size.
  ASSIGN_OR_RETURN(auto targets, store::ListTaskTargetLines(c, task_id));
  v.targets.reserve(targets.size());
  for (const auto& t : targets) {
    TaskTargetLine line{t.target.target_id, t.target.draw_key, t.name, t.address, t.target.stratum, ""};
    const Unit* u = t.unit_id ? snap->FindUnit(*t.unit_id) : nullptr;
    if (u) line.unit_name = u->name;
    v.targets.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(auto assignments, store::ListAssignmentLines(c, store::Assignee::kInspector, task_id));
  v.assignments.reserve(assignments.size());
  for (const auto& a : assignments) {
    TaskAssignmentLine line{a.row.target_id, a.row.department_id, a.row.person_id, a.name, a.number, "", a.draw_no};
    const Unit* u = a.unit_id ? snap->FindUnit(*a.unit_id) : nullptr;
    if (u) line.unit_name = u->name;
    v.assignments.push_back(std::move(line));
  }
  ASSIGN_OR_RETURN(auto experts, store::ListAssignmentLines(c, store::Assignee::kExpert, task_id));
  v.experts.reserve(experts.size());
  for (const auto& a : experts)
    v.experts.push_back(
        {a.row.target_id, a.row.department_id, a.row.person_id, a.name, a.number, a.organisation, a.title, a.draw_no});
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto need, ExpertNeedOf(c, d.department_id, Codes(d.item_codes)));
    if (need.per_target > 0) v.expert_needs.push_back(std::move(need));
  }
  // Blocking problems: every department's team for every locked target must be full.
  if (v.row.status == kTargetsLocked || v.row.status == kDispatched) {
    for (size_t i = 0; i < v.departments.size(); ++i) {
      const int64_t dept = v.departments[i].department_id;
      ASSIGN_OR_RETURN(auto rules, EffectiveRules(c, dept));
      const int per_task = rules.policy.inspectors_per_task;
      bool drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(),
                               [&](auto& d) { return d.department_id == dept && d.role == "inspector"; });
      if (!drawn) {
        v.problems.push_back(v.department_names[i] + "：尚未抽取执法检查人员");
        continue;
      }
      for (const auto& t : v.targets) {
        int have = static_cast<int>(std::count_if(v.assignments.begin(), v.assignments.end(), [&](auto& a) {
          return a.department_id == dept && a.target_id == t.target_id;
        }));
        if (have < per_task)
          v.problems.push_back(v.department_names[i] + "：检查对象“" + t.name + "”尚缺 " +
                               std::to_string(per_task - have) + " 名执法检查人员");
      }
    }
    for (const auto& need : v.expert_needs) {
      const std::string name = v.DepartmentName(need.department_id);
      bool drawn = std::any_of(v.inspector_draws.begin(), v.inspector_draws.end(), [&](auto& x) {
        return x.department_id == need.department_id && x.role == "expert";
      });
      if (!drawn) {
        v.problems.push_back(name + "：检查事项需要专家参与，尚未抽取专家");
        continue;
      }
      for (const auto& t : v.targets) {
        int have = static_cast<int>(std::count_if(v.experts.begin(), v.experts.end(), [&](auto& e) {
          return e.department_id == need.department_id && e.target_id == t.target_id;
        }));
        if (have < need.per_target)
          v.problems.push_back(name + "：检查对象“" + t.name + "”尚缺 " + std::to_string(need.per_target - have) +
                               " 名专家");
      }
    }
  }
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

// --- creation --------------------------------------------------------------------------------

Status TaskService::CheckNewTask(store::Connection& c, const NewTask& t) {
  RETURN_IF_ERROR(text::CheckText("任务名称", t.title, text::kName));
  registers::Problems problems;
  registers::CheckText(problems, "title", "任务名称", t.title, true, text::kName.max_chars);
  if (t.task_type != plans::kTaskTypeDirected && t.task_type != plans::kTaskTypeUndirected)
    problems.push_back({"task_type", "抽查类型", "应为“定向”或“不定向”"});
  if (t.window_from > t.window_to) problems.push_back({"window", "检查时间", "开始日期晚于结束日期"});
  if (t.item_codes.empty()) problems.push_back({"items", "抽查事项", "至少应选择一个抽查事项"});
  if (t.ratio_bp && (*t.ratio_bp <= 0 || *t.ratio_bp > 10000))
    problems.push_back({"ratio", "抽查比例", "应大于 0 且不超过 100%"});
  RETURN_IF_ERROR(registers::ProblemsToStatus(problems, "TASK_INVALID"));
  ASSIGN_OR_RETURN(auto items, ItemsOf(c, t.department_id, t.item_codes));
  int floor = plans::RatioInputs{}.floor_bp;
  for (const auto& i : items) floor = std::max(floor, i.ratio_min_bp);
  RETURN_IF_ERROR(plans::CheckOverrideAgainstFloor(t.ratio_bp, floor));
  return registers_.targets().Describe(t.filter).status();
}

StatusOr<int64_t> TaskService::InsertTaskIn(store::Connection& c, const Principal& who, store::TaskRow row,
                                            const std::vector<store::TaskDepartmentRow>& departments) {
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, row.department_id));
  const std::string prefix = dept->code + "-" + row.window_from.substr(0, 4) + "-RW";
  ASSIGN_OR_RETURN(int64_t n, store::CountTaskNumbers(c, prefix));
  row.task_no = prefix + std::to_string(n + 1);
  row.status = kDraft;
  row.created_at = FormatTimestamp(clock_.Now());
  row.created_by = UserId(who);
  auto id = store::InsertTask(c, row, departments);
  if (!id.ok() && id.status().reason() == "DB_UNIQUE_VIOLATION")
    return Status(StatusCode::kAborted, "DB_SERIALIZATION", "并发冲突，请重试");
  RETURN_IF_ERROR(id);
  Json depts = Json::array();
  for (const auto& d : departments)
    depts.push_back({{"department_id", d.department_id}, {"role", d.role}, {"items", Json::parse(d.item_codes)}});
  RETURN_IF_ERROR(RecordAudit(c, clock_, who, "task.create", "task", row.task_no,
                              {{"id", *id}, {"title", row.title}, {"origin", row.origin}, {"task_type", row.task_type},
                               {"window", {row.window_from, row.window_to}}, {"departments", depts},
                               {"filter", Json::parse(row.target_filter)}, {"filter_description", row.filter_description},
                               {"ratio", row.ratio_bp ? Json(registers::PercentText(*row.ratio_bp)) : Json()},
                               {"confidential", row.confidential}}));
  return *id;
}

StatusOr<TaskView> TaskService::CreateAdhoc(const Principal& who, const NewTask& t) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(t.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  ASSIGN_OR_RETURN(std::string description, registers_.targets().Describe(t.filter));
  int64_t id = 0;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(CheckNewTask(c, t));
    store::TaskRow row;
    row.title = t.title;
    row.department_id = t.department_id;
    row.task_type = t.task_type;
    row.origin = "adhoc";
    row.window_from = t.window_from.ToString();
    row.window_to = t.window_to.ToString();
    row.target_filter = registers::TargetFilterToJson(t.filter).dump();
    row.filter_description = description;
    row.ratio_bp = t.ratio_bp;
    row.confidential = t.confidential;
    ASSIGN_OR_RETURN(id, InsertTaskIn(c, who, row, {{t.department_id, "lead", Json(t.item_codes).dump()}}));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<TaskView> TaskService::CreateFromBatch(const Principal& who, int64_t plan_id, int batch_seq,
                                                const std::string& title) {
  int64_t id = 0;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(PlanView plan, plans_.LoadIn(c, plan_id));
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(plan.row.department_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
    const auto status = plans::ParsePlanStatus(plan.row.status);
    if (status != plans::PlanStatus::kPublished && status != plans::PlanStatus::kExecuting)
      return FailedPrecondition("PLAN_NOT_PUBLISHED", "只有已公示或执行中的计划可以生成抽查任务（当前为“" +
                                                          std::string(plans::PlanStatusDisplayName(*status)) + "”）");
    auto it = std::find_if(plan.content.batches.begin(), plan.content.batches.end(),
                           [&](auto& b) { return b.seq == batch_seq; });
    if (it == plan.content.batches.end()) return NotFound("PLAN_BATCH_NOT_FOUND", "计划中没有该批次");
    // One task per batch: a second would draw the batch's quota again. The unique index
    // tasks_one_per_batch holds this under a race: the loser's insert fails, InsertTaskIn
    // answers DB_SERIALIZATION, WithTransaction retries and this check then sees the winner.
    ASSIGN_OR_RETURN(auto existing, store::FindBatchTask(c, plan_id, batch_seq));
    if (existing)
      return AlreadyExists("BATCH_TASK_EXISTS", "批次“" + it->name + "”已生成抽查任务 " + existing->task_no + "（“" +
                                                    existing->title + "”），每个批次只能生成一个任务");
    NewTask t{title.empty() ? plan.content.title + " " + it->name : title,
              plan.row.department_id, it->task_type, it->window_from, it->window_to, it->item_codes, it->filter,
              it->ratio_bp, false};
    RETURN_IF_ERROR(CheckNewTask(c, t));
    ASSIGN_OR_RETURN(std::string description, registers_.targets().Describe(t.filter));
    store::TaskRow row;
    row.title = t.title;
    row.department_id = t.department_id;
    row.task_type = t.task_type;
    row.origin = "plan";
    row.plan_id = plan_id;
    row.batch_seq = batch_seq;
    row.window_from = t.window_from.ToString();
    row.window_to = t.window_to.ToString();
    row.target_filter = registers::TargetFilterToJson(t.filter).dump();
    row.filter_description = description;
    row.ratio_bp = t.ratio_bp;
    ASSIGN_OR_RETURN(id, InsertTaskIn(c, who, row, {{t.department_id, "lead", Json(t.item_codes).dump()}}));
    return plans_.StartIn(c, who, plan.row);
  });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<int64_t> TaskService::CreateJointTaskIn(store::Connection& c, const Principal& who,
                                                 const ProposalView& proposal,
                                                 const std::vector<store::ProposalMemberRow>& accepted) {
  // The joint pool: targets every accepting department's batch would inspect ("进一次门，查多项事").
  std::optional<std::set<std::string>> keys;
  std::vector<store::TaskDepartmentRow> departments;
  int64_t lead = accepted.front().department_id;
  for (const auto& m : accepted)
    if (m.department_id == proposal.row.lead_department_id) lead = m.department_id;
  std::vector<std::string> titles;
  for (const auto& m : accepted) {
    ASSIGN_OR_RETURN(PlanView plan, plans_.LoadIn(c, m.plan_id));
    auto it = std::find_if(plan.content.batches.begin(), plan.content.batches.end(),
                           [&](auto& b) { return b.seq == m.batch_seq; });
    if (it == plan.content.batches.end()) return Internal("proposal batch missing");
    ASSIGN_OR_RETURN(auto query, registers_.targets().PrepareQuery(it->filter, it->window_from));
    std::set<std::string> mine;
    RETURN_IF_ERROR(store::ScanTargets(c, query, [&](const store::StoredTarget& t) {
      mine.insert(t.target.NaturalKey());
      return true;
    }));
    if (!keys) {
      keys = std::move(mine);
    } else {
      std::set<std::string> both;
      std::set_intersection(keys->begin(), keys->end(), mine.begin(), mine.end(), std::inserter(both, both.end()));
      keys = std::move(both);
    }
    departments.push_back({m.department_id, m.department_id == lead ? "lead" : "cooperating",
                           Json(it->item_codes).dump()});
    titles.push_back(plan.content.title + " " + it->name);
  }
  std::stable_partition(departments.begin(), departments.end(), [](auto& d) { return d.role == "lead"; });
  registers::TargetFilter filter;
  filter.keys.assign(keys->begin(), keys->end());
  store::TaskRow row;
  row.title = "部门联合抽查（" + proposal.row.proposal_no + "）";
  row.department_id = lead;
  row.task_type = std::string(plans::kTaskTypeDirected);
  row.origin = "joint";
  row.proposal_id = proposal.row.id;
  row.window_from = proposal.row.window_from;
  row.window_to = proposal.row.window_to;
  row.target_filter = registers::TargetFilterToJson(filter).dump();
  row.filter_description = "联合抽查建议 " + proposal.row.proposal_no + " 中各部门计划共同涉及的 " +
                           std::to_string(filter.keys.size()) + " 个检查对象";
  return InsertTaskIn(c, who, row, departments);
}

// --- preview and target draw -----------------------------------------------------------------

StatusOr<TaskPreview> TaskService::BuildPreview(const TaskView& v) {
  TaskPreview p;
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  auto from = Date::Parse(v.row.window_from);
  auto to = Date::Parse(v.row.window_to);
  if (!from || !to) return Internal("task window unreadable");
  ASSIGN_OR_RETURN(auto lead_rules, EffectiveRules(*conn, v.row.department_id));
  // Everything each department knows about the pool: items, rules, history, other tasks.
  struct DeptFacts {
    int64_t id;
    std::vector<std::string> items;
    registers::DepartmentRules rules;
    std::map<int64_t, int> counts;
    std::map<int64_t, std::vector<std::pair<std::string, Date>>> last;
    std::set<int64_t> other;
  };
  std::vector<DeptFacts> depts;
  int floor = plans::RatioInputs{}.floor_bp, ceiling = 10000;
  for (const auto& d : v.departments) {
    DeptFacts f{d.department_id, Codes(d.item_codes), {}, {}, {}, {}};
    ASSIGN_OR_RETURN(f.rules, EffectiveRules(*conn, d.department_id));
    ASSIGN_OR_RETURN(auto items, ItemsOf(*conn, d.department_id, f.items));
    for (const auto& i : items) {
      floor = std::max(floor, i.ratio_min_bp);
      ceiling = std::min(ceiling, i.ratio_max_bp);
    }
    const std::string year = std::to_string(from->year);
    ASSIGN_OR_RETURN(f.counts, store::CountInspections(*conn, d.department_id, year + "-01-01", year + "-12-31"));
    int max_interval = 0;
    for (const auto& code : f.items) max_interval = std::max(max_interval, registers::MinIntervalDays(f.rules.policy, code));
    if (max_interval > 0) {
      ASSIGN_OR_RETURN(auto history,
                       store::InspectionsSince(*conn, d.department_id, from->AddDays(-max_interval).ToString()));
      for (const auto& h : history) {
        auto day = Date::Parse(h.inspected_on);
        if (!day) continue;
        for (const auto& code : Codes(h.item_codes))
          if (std::find(f.items.begin(), f.items.end(), code) != f.items.end()) f.last[h.target_id].push_back({code, *day});
      }
    }
    ASSIGN_OR_RETURN(f.other, store::TargetsInOverlappingTasks(*conn, d.department_id, v.row.id, v.row.window_from,
                                                                v.row.window_to));
    depts.push_back(std::move(f));
  }
  p.floor_bp = floor;
  p.ceiling_bp = std::max(floor, ceiling);
  RETURN_IF_ERROR(plans::CheckOverrideAgainstFloor(v.row.ratio_bp, floor));
  ASSIGN_OR_RETURN(auto filter, registers::TargetFilterFromJson(Json::parse(v.row.target_filter)));
  ASSIGN_OR_RETURN(p.filter_description, registers_.targets().Describe(filter));
  ASSIGN_OR_RETURN(auto query, registers_.targets().PrepareQuery(filter, *from));
  std::map<plans::Exclusion, ExclusionPreview> excluded;
  std::map<std::string, int64_t> sizes;
  std::map<std::string, std::string> risk_of;
  ASSIGN_OR_RETURN(auto scan_conn, db_.Acquire());
  RETURN_IF_ERROR(store::ScanTargets(*scan_conn, query, [&](const store::StoredTarget& st) {
    ++p.matched;
    const registers::Target& t = st.target;
    for (const auto& f : depts) {
      plans::ExclusionFacts facts;
      facts.reg_status = t.reg_status;
      facts.surviving = t.surviving;
      auto c = f.counts.find(st.id);
      facts.inspections_this_year = c == f.counts.end() ? 0 : c->second;
      auto l = f.last.find(st.id);
      if (l != f.last.end()) facts.last_inspection_by_item = l->second;
      facts.in_other_task = f.other.count(st.id) > 0;
      plans::ExclusionRules rules;
      rules.yearly_cap = f.rules.policy.per_target_yearly_cap;
      rules.window_from = *from;
      const auto* policy = &f.rules.policy;
      rules.min_interval_days = [policy](const std::string& code) { return registers::MinIntervalDays(*policy, code); };
      if (auto e = plans::ExclusionFor(facts, rules)) {
        auto& slot = excluded[*e];
        slot.reason = *e;
        ++slot.count;
        if (slot.samples.size() < 20) slot.samples.push_back({t.NaturalKey(), t.name});
        return true;
      }
    }
    plans::TierFacts tier{t.tags, {}, t.complaints, t.cases, t.risk_class};
    for (const auto& d : t.directories)
      if (d.CoversDate(*from)) tier.directories.push_back(d.name);
    std::string stratum = plans::StratumFor(tier, lead_rules.policy.tiers);
    ++sizes[stratum];
    if (!t.risk_class.empty()) risk_of[stratum] = t.risk_class;
    p.target_of_key[t.NaturalKey()] = st.id;
    p.pool.push_back({std::move(stratum), t.NaturalKey(), 1});
    return true;
  }));
  for (plans::Exclusion e : plans::kAllExclusions)
    p.exclusions.push_back(excluded.count(e) ? excluded[e] : ExclusionPreview{e, 0, {}});
  plans::RatioInputs inputs{&lead_rules.policy, v.row.ratio_bp, p.floor_bp, p.ceiling_bp};
  for (const auto& [name, size] : sizes) {
    const int ratio = plans::StratumRatio(name, RiskClassOfStratum(name), inputs);
    p.strata.push_back({name, size, ratio, plans::TakesAll(name) ? size : plans::Quota(size, ratio)});
  }
  return p;
}

StatusOr<TaskPreview> TaskService::Preview(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  return BuildPreview(v);
}

StatusOr<TaskView> TaskService::CommitTargets(const Principal& who, int64_t task_id,
                                              const std::vector<std::string>& sources) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(v.row.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  if (v.row.status != kDraft)
    return FailedPrecondition("TASK_ALREADY_COMMITTED", "该任务的检查对象抽取已经承诺（" +
                                                            std::string(TaskStatusDisplay(v.row.status)) +
                                                            "），不能重新抽取");
  ASSIGN_OR_RETURN(TaskPreview preview, BuildPreview(v));
  if (preview.pool.empty())
    return FailedPrecondition("TASK_POOL_EMPTY", "按当前条件没有可抽取的检查对象（符合条件 " +
                                                     std::to_string(preview.matched) + " 个，排除 " +
                                                     std::to_string(preview.excluded()) + " 个），不能抽取");
  TargetDrawRequest request;
  request.title = v.row.title + "（检查对象）";
  request.department_id = v.row.department_id;
  request.source_names = sources;
  request.confidential = v.row.confidential;
  for (const auto& s : preview.strata) request.strata.push_back({s.name, static_cast<uint32_t>(s.quota), false});
  request.pool = preview.pool;
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto row, store::FindTask(c, task_id));
    if (!row || row->status != kDraft)
      return FailedPrecondition("TASK_ALREADY_COMMITTED", "该任务的检查对象抽取已经承诺，不能重新抽取");
    ASSIGN_OR_RETURN(int64_t draw_id, draws_.CommitTargetsIn(c, who, request));
    store::TaskRow next = *row;
    next.status = kTargetsCommitted;
    next.target_draw_id = draw_id;
    Json summary = TaskPreviewToJson(preview);
    for (auto& e : summary["exclusions"]) e.erase("samples");  // the record keeps counts; samples change
    next.preview = summary.dump();
    RETURN_IF_ERROR(store::UpdateTask(c, next, kDraft));
    ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, draw_id));
    return RecordAudit(c, clock_, who, "task.commit_targets", "task", row->task_no,
                       {{"id", task_id}, {"draw_no", draw->draw_no}, {"plan_hash", draw->plan_hash}, {"preview", summary}})
        .status();
  });
  RETURN_IF_ERROR(s);
  return Get(who, task_id);
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
        {d.department_id, d.draw_no, d.draw_status, Json::parse(d.eligibility, nullptr, false), d.role});
  return v;
}

StatusOr<std::optional<TaskService::DrawOwner>> TaskService::FindDrawOwnerIn(store::Connection& c,
                                                                           const DrawView& draw) {
  if (draw.row.kind == "targets") {
    ASSIGN_OR_RETURN(auto task, store::FindTaskByDraw(c, draw.row.id));
    if (!task) return std::optional<DrawOwner>();
    return std::optional<DrawOwner>(DrawOwner{task->id, DrawRole::kTargets});
  }
  ASSIGN_OR_RETURN(auto of, store::FindTaskOfInspectorDraw(c, draw.row.id));
  if (!of) return std::optional<DrawOwner>();
  return std::optional<DrawOwner>(DrawOwner{of->task_id, of->role == "expert" ? DrawRole::kExperts : DrawRole::kInspectors});
}

Status TaskService::LockTargetsIn(store::Connection& c, int64_t task_id, const DrawView& view,
                                  const DrawOutcome& outcome) {
  ASSIGN_OR_RETURN(auto task, store::FindTask(c, task_id));
  if (!task) return TaskNotFound(task_id);
  std::vector<std::string> keys;
  for (const auto& [stratum, drawn] : outcome.selected) keys.insert(keys.end(), drawn.begin(), drawn.end());
  ASSIGN_OR_RETURN(auto id_of, store::FindTargetIdsByKeys(c, keys));
  std::vector<store::TaskTargetRow> rows;
  std::vector<int64_t> ids;
  rows.reserve(keys.size());
  ids.reserve(keys.size());
  int position = 0;
  for (const auto& [stratum, drawn] : outcome.selected) {
    for (const auto& key : drawn) {
      auto found = id_of.find(key);
      int64_t id = 0;
      if (found != id_of.end()) {
        id = found->second;
      } else {  // not under this exact key: the directory's own key rules (a bare code …)
        ASSIGN_OR_RETURN(auto target, store::FindTargetByKey(c, key));
        if (!target) return DataLoss("TASK_TARGET_MISSING", "抽中的检查对象“" + key + "”已不在名录库中");
        id = target->id;
      }
      rows.push_back({id, key, stratum, ++position});
      ids.push_back(id);
    }
  }
  RETURN_IF_ERROR(store::ReplaceTaskTargets(c, task->id, rows));
  RETURN_IF_ERROR(store::DeleteAssignmentsNotIn(c, task->id, ids));
  ASSIGN_OR_RETURN(auto departments, store::ListTaskDepartments(c, task->id));
  for (const auto& d : departments)
    RETURN_IF_ERROR(store::ReplaceTaskInspections(c, task->id, d.department_id, d.item_codes, task->window_from, ids));
  if (task->status == kTargetsCommitted) {
    store::TaskRow next = *task;
    next.status = kTargetsLocked;
    next.announced_at = FormatTimestamp(clock_.Now());
    RETURN_IF_ERROR(store::UpdateTask(c, next, kTargetsCommitted));
  }
  // The locked list itself (target ids in position order; keys and strata follow from the
  // draw), so `suiji audit verify` can compare task_targets row by row.
  return RecordAudit(c, clock_, Principal::System("task"), "task.lock_targets", "task", task->task_no,
                     {{"id", task->id}, {"draw_no", view.row.draw_no}, {"targets", rows.size()}, {"target_ids", ids},
                      {"replacements", std::count_if(view.replacements.begin(), view.replacements.end(),
                                                     [](auto& r) { return r.status == "approved"; })}})
      .status();
}

Status TaskService::LockTeamsIn(store::Connection& c, int64_t task_id, const DrawView& view, const DrawOutcome& outcome,
                                store::Assignee who) {
  const bool experts = who == store::Assignee::kExpert;
  ASSIGN_OR_RETURN(auto targets, store::ListTaskTargets(c, task_id));
  std::vector<std::string> numbers;  // 执法证号, or 专家编号 in an expert draw
  for (const auto& team : outcome.teams) numbers.insert(numbers.end(), team.inspectors.begin(), team.inspectors.end());
  ASSIGN_OR_RETURN(auto person_of, store::FindPersonIdsByNumbers(c, who, numbers));
  std::vector<store::AssignmentRow> rows;
  for (const auto& team : outcome.teams) {
    auto t = std::find_if(targets.begin(), targets.end(), [&](auto& x) { return x.draw_key == team.task; });
    if (t == targets.end()) continue;  // a target replaced since: its team no longer applies
    int position = 0;
    for (const auto& drawn : team.inspectors) {
      auto person = person_of.find(drawn);
      if (person == person_of.end())
        return experts ? DataLoss("TASK_EXPERT_MISSING", "抽中的专家（编号 " + drawn + "）已不在专家名录库中")
                       : DataLoss("TASK_INSPECTOR_MISSING",
                                  "抽中的执法检查人员（执法证号 " + drawn + "）已不在名录库中");
      rows.push_back({task_id, t->target_id, view.row.department_id, person->second, view.row.id, ++position});
    }
  }
  RETURN_IF_ERROR(store::ReplaceDrawAssignments(c, who, task_id, view.row.id, rows));
  ASSIGN_OR_RETURN(auto task, store::FindTask(c, task_id));
  if (!task) return TaskNotFound(task_id);
  Json written = Json::array();  // [target id, person id, position] per row, for `suiji audit verify`
  for (const auto& r : rows) written.push_back({r.target_id, r.person_id, r.position});
  return RecordAudit(c, clock_, Principal::System("task"), experts ? "task.lock_experts" : "task.lock_inspectors",
                     "task", task->task_no,
                     {{"id", task_id}, {"draw_no", view.row.draw_no}, {"department_id", view.row.department_id},
                      {"assignments", rows.size()}, {"rows", std::move(written)}})
      .status();
}

Status TaskService::SyncDispatchStateIn(store::Connection& c, TaskView& v) {
  if (v.row.status != kTargetsLocked && v.row.status != kDispatched) return OkStatus();
  const std::string want = v.problems.empty() ? kDispatched : kTargetsLocked;
  if (want == v.row.status) return OkStatus();
  store::TaskRow next = v.row;
  next.status = want;
  RETURN_IF_ERROR(store::UpdateTask(c, next, v.row.status));
  v.row.status = want;
  return RecordAudit(c, clock_, Principal::System("task"), want == kDispatched ? "task.dispatch" : "task.undispatch",
                     "task", v.row.task_no, {{"id", v.row.id}, {"problems", v.problems}})
      .status();
}

// --- inspectors ------------------------------------------------------------------------------

struct TaskService::Eligibility {
  int per_task = 2;
  int cap = 10;
  struct Entry {
    int64_t target_id = 0;
    std::string key;
    std::string name;
    int needed = 0;
    std::vector<std::string> eligible;  // 执法证号
    std::map<std::string, int> excluded;  // reason label -> count
  };
  std::vector<Entry> entries;

  Json ToJson() const {
    Json items = Json::array();
    for (const auto& e : entries) {
      Json ex = Json::object();
      for (const auto& [k, n] : excluded_total(e)) ex[k] = n;
      items.push_back({{"target_id", e.target_id}, {"key", e.key}, {"name", e.name}, {"needed", e.needed},
                       {"eligible", e.eligible.size()}, {"excluded", ex}});
    }
    return {{"per_task", per_task}, {"cap", cap}, {"targets", items}};
  }
  static const std::map<std::string, int>& excluded_total(const Entry& e) { return e.excluded; }
};

StatusOr<TaskService::Eligibility> TaskService::BuildEligibility(store::Connection& c, const TaskView& v,
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
    for (const auto& x : listed_conflicts.first) conflicts[x.conflict.inspector_id].push_back(x.conflict);
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
    if (v.row.origin != "joint") {
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
      if (assigned.count(i.id)) continue;
      auto res = registers::CheckEligibility(i.inspector, req, conflicts[i.id]);
      if (res.eligible()) e.eligible.push_back(i.inspector.cert_no);
      else ++e.excluded[std::string(registers::IneligibilityReasonName(res.reasons.front().reason))];
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

StatusOr<TaskService::Eligibility> TaskService::BuildExpertEligibility(store::Connection& c, const TaskView& v,
                                                                       int64_t department_id) {
  RETURN_IF_ERROR(RequireAssignable(v, department_id, "抽取专家"));
  auto need = std::find_if(v.expert_needs.begin(), v.expert_needs.end(),
                           [&](auto& n) { return n.department_id == department_id; });
  if (need == v.expert_needs.end())
    return FailedPrecondition("TASK_NO_EXPERTS_NEEDED", "本部门在该任务中的检查事项均不需要专家参与");
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
      if (e.department_id == department_id && e.target_id == t.target_id) assigned.insert(e.expert_id);
    const int have = static_cast<int>(assigned.size());
    if (have >= need->per_target) continue;
    Eligibility::Entry entry{t.target_id, t.key, t.name, need->per_target - have, {}, {}};
    for (const auto& stored : listed.first) {
      if (assigned.count(stored.id)) continue;
      const registers::Expert& x = stored.expert;
      const char* reason = nullptr;
      if (!x.active) reason = "已停用";
      else if ((x.engaged_from && from && *x.engaged_from > *from) || (x.engaged_to && to && *x.engaged_to < *to))
        reason = "聘用期未覆盖检查时间";
      else if (!fields.empty() &&
               std::none_of(x.service_fields.begin(), x.service_fields.end(), [&](auto& f) { return fields.count(f); }) &&
               std::none_of(x.specialties.begin(), x.specialties.end(), [&](auto& f) { return fields.count(f); }))
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

StatusOr<nlohmann::json> TaskService::InspectorEligibility(const Principal& who, int64_t task_id,
                                                            int64_t department_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto e, BuildEligibility(*conn, v, department_id));
  return e.ToJson();
}

StatusOr<TaskView> TaskService::CommitInspectors(const Principal& who, int64_t task_id, int64_t department_id,
                                                 const std::vector<std::string>& sources) {
  return CommitAssignments(who, task_id, department_id, sources, false);
}

StatusOr<TaskView> TaskService::CommitExperts(const Principal& who, int64_t task_id, int64_t department_id,
                                              const std::vector<std::string>& sources) {
  return CommitAssignments(who, task_id, department_id, sources, true);
}

StatusOr<nlohmann::json> TaskService::ExpertEligibility(const Principal& who, int64_t task_id, int64_t department_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto e, BuildExpertEligibility(*conn, v, department_id));
  return e.ToJson();
}

StatusOr<TaskView> TaskService::CommitAssignments(const Principal& who, int64_t task_id, int64_t department_id,
                                                  const std::vector<std::string>& sources, bool experts) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  const std::string role = experts ? "expert" : "inspector";
  const std::string people = experts ? "专家" : "执法检查人员";
  for (const auto& d : v.inspector_draws)
    if (d.department_id == department_id && d.role == role && d.status == "committed")
      return FailedPrecondition("TASK_INSPECTOR_DRAW_PENDING",
                                "本部门已有尚未揭晓的" + people + "抽取（" + d.draw_no + "）");
  Status s = store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(TaskView fresh, LoadIn(c, task_id));
    ASSIGN_OR_RETURN(auto elig, experts ? BuildExpertEligibility(c, fresh, department_id)
                                        : BuildEligibility(c, fresh, department_id));
    if (elig.entries.empty())
      return FailedPrecondition("TASK_TEAMS_FULL", "本部门所有检查对象的" + people + "均已选派齐全");
    const bool supplementary = std::any_of(fresh.inspector_draws.begin(), fresh.inspector_draws.end(),
                                           [&](auto& d) { return d.department_id == department_id && d.role == role; });
    // Teams missing the same number of people share one draw (the engine's per_task is uniform).
    std::map<int, std::vector<const Eligibility::Entry*>> by_need;
    for (const auto& e : elig.entries) by_need[e.needed].push_back(&e);
    ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, department_id));
    for (const auto& [needed, entries] : by_need) {
      AssignDrawRequest r;
      r.title = fresh.row.title + "（" + (dept ? dept->short_name : "") + people + (supplementary ? "补充" : "") + "）";
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
      RETURN_IF_ERROR(store::InsertTaskInspectorDraw(c, task_id, department_id, draw_id, group.ToJson().dump(), role));
      ASSIGN_OR_RETURN(auto draw, store::FindDrawById(c, draw_id));
      RETURN_IF_ERROR(RecordAudit(c, clock_, who, experts ? "task.commit_experts" : "task.commit_inspectors", "task",
                                  fresh.row.task_no,
                                  {{"id", task_id}, {"department_id", department_id}, {"draw_no", draw->draw_no},
                                   {"per_task", needed}, {"eligibility", group.ToJson()}}));
    }
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return Get(who, task_id);
}

// --- reading ---------------------------------------------------------------------------------

StatusOr<TaskView> TaskService::Get(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(TaskView v, LoadIn(*conn, task_id));
  RETURN_IF_ERROR(RequireReadable(who, v));
  return v;
}

StatusOr<std::vector<TaskView>> TaskService::List(const Principal& who, std::optional<int64_t> department_id,
                                                  std::optional<int64_t> plan_id) {
  store::TaskQuery q;
  q.department_id = department_id;
  q.plan_id = plan_id;
  q.limit = 200;
  // The reader's scope is part of the query: the newest 200 are the newest 200 readable tasks.
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kDepartmentRecordReaders));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListTasks(*conn, q));
  std::vector<TaskView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(TaskView v, LoadIn(*conn, r.id));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::vector<TaskView>> TaskService::ListAnnounced(int limit, int offset) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::TaskQuery q;
  q.announced_only = true;
  q.limit = std::clamp(limit, 1, 200);
  q.offset = std::max(offset, 0);
  ASSIGN_OR_RETURN(auto rows, store::ListTasks(*conn, q));
  std::vector<TaskView> out;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(TaskView v, LoadIn(*conn, r.id));
    v.assignments.clear();  // who goes where is not announced in advance
    v.experts.clear();
    v.problems.clear();
    if (v.row.confidential) v.targets.clear();
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::vector<MyTaskLine>> TaskService::MyTasks(const Principal& who) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto inspector, store::FindInspectorByUser(*conn, who.user_id));
  if (!inspector) return NotFound("INSPECTOR_NOT_LINKED", "当前账号没有关联执法检查人员记录，请联系管理员");
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

namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(ch);
    }
  }
  return out;
}

std::string ChineseDate(const std::string& iso) {
  auto d = Date::Parse(iso.substr(0, 10));
  if (!d) return iso;
  return std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) + "日";
}

}  // namespace

StatusOr<std::string> TaskService::NoticeHtml(const Principal& who, int64_t task_id, int64_t target_id) {
  ASSIGN_OR_RETURN(TaskView v, Get(who, task_id));
  auto t = std::find_if(v.targets.begin(), v.targets.end(), [&](auto& x) { return x.target_id == target_id; });
  if (t == v.targets.end()) return NotFound("TASK_TARGET_NOT_FOUND", "该检查对象不在此任务中");
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  std::string items_html, materials;
  for (const auto& d : v.departments) {
    ASSIGN_OR_RETURN(auto items, ItemsOf(*conn, d.department_id, Codes(d.item_codes)));
    for (const auto& i : items) {
      std::string basis;
      for (const auto& b : i.legal_basis) basis += (basis.empty() ? "" : "；") + b;
      items_html += "<tr><td>" + Escape(i.code) + "</td><td>" + Escape(i.name) + "</td><td>" + Escape(basis) + "</td></tr>";
    }
  }
  std::string team_html;
  for (const auto& a : v.assignments) {
    if (a.target_id != target_id) continue;
    team_html += "<tr><td>" + Escape(a.name) + "</td><td>" + Escape(a.cert_no) + "</td><td>" +
                 Escape(v.DepartmentName(a.department_id)) + "</td></tr>";
  }
  if (team_html.empty())
    return FailedPrecondition("TASK_NOT_DISPATCHED", "该检查对象尚未选派执法检查人员，不能出具检查通知书");
  std::string experts_html;
  for (const auto& e : v.experts) {
    if (e.target_id != target_id) continue;
    experts_html += "<tr><td>" + Escape(e.name) + "</td><td>" + Escape(e.title) + "</td><td>" + Escape(e.organisation) +
                    "</td></tr>";
  }
  if (!experts_html.empty())
    experts_html = "<h3>随同检查的专家</h3><table><tr><th>姓名</th><th>职称</th><th>所在单位</th></tr>" + experts_html +
                   "</table>";
  std::string departments;
  for (const auto& n : v.department_names) departments += (departments.empty() ? "" : "、") + n;
  const std::string today = ChinaDate(clock_.Now()).ToString();
  std::string html = R"HTML(<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>检查通知书</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;max-width:760px;margin:24px auto;padding:0 16px;color:#111;line-height:1.9}
h1{text-align:center;font-size:26px;letter-spacing:6px;margin:8px 0}
.no{text-align:center;color:#444;margin-bottom:24px}
table{width:100%;border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #555;padding:6px 8px;font-size:14px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.sign{text-align:right;margin-top:40px}.note{font-size:13px;color:#444}
@media print{body{margin:0 auto}.noprint{display:none}}
</style></head><body>
<p class="noprint note">请使用浏览器的“打印”功能（Ctrl+P）打印本通知书。</p>
<h1>检查通知书</h1>
<div class="no">)HTML" + Escape(v.row.task_no) + "-" + std::to_string(t->target_id) + R"HTML(</div>
<p><b>)HTML" + Escape(t->name) + R"HTML(</b>：</p>
<p>根据“双随机、一公开”监管工作要求，经随机抽取，你单位被列为抽查任务“)HTML" + Escape(v.row.title) +
                     R"HTML(”的检查对象。执法检查人员将于 )HTML" + ChineseDate(v.row.window_from) + " 至 " +
                     ChineseDate(v.row.window_to) + R"HTML( 期间依法对你单位进行检查，请予以配合。</p>
<p>检查对象：)HTML" + Escape(t->name) + "（" + Escape(t->key) + "）<br>住所（经营场所）：" + Escape(t->address) + R"HTML(</p>
<h3>检查事项</h3><table><tr><th>事项编码</th><th>事项名称</th><th>检查依据</th></tr>)HTML" + items_html + R"HTML(</table>
<h3>执法检查人员</h3><table><tr><th>姓名</th><th>执法证号</th><th>所属部门</th></tr>)HTML" + team_html + R"HTML(</table>
)HTML" + experts_html + R"HTML(
<h3>请准备以下材料</h3>
<ol><li>营业执照（登记证书）及相关许可证件；</li><li>与检查事项有关的制度、台账、记录和票据；</li>
<li>法定代表人（负责人）身份证明或授权委托书；</li><li>检查人员要求提供的其他材料。</li></ol>
<p class="note">检查人员少于两人或未出示执法证件的，你单位有权拒绝检查。检查人员与你单位有利害关系的，你单位有权申请其回避。
本次抽取过程及结果可在“双随机、一公开”平台公开栏目查询和验证（抽取编号 )HTML" + Escape(v.target_draw_no.value_or("")) + R"HTML()。</p>
<div class="sign">)HTML" + Escape(departments) + "<br>（盖章）<br>" + ChineseDate(today) + R"HTML(</div>
</body></html>)HTML";
  return html;
}

}  // namespace suiji::service
