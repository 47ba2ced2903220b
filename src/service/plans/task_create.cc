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

using Json = nlohmann::json;
using task_detail::ItemsOf;
using task_detail::UserId;

// --- creation --------------------------------------------------------------------------------

Status TaskService::CheckNewTask(store::Connection& c, const NewTask& t) {
  RETURN_IF_ERROR(text::CheckText("任务名称", t.title, text::kName));
  registers::Problems problems;
  registers::CheckText(problems, "title", "任务名称", t.title, true, text::kName.max_chars);
  if (t.task_type != plans::kTaskTypeDirected && t.task_type != plans::kTaskTypeUndirected)
    problems.push_back({"task_type", "抽查类型", "应为“定向”或“不定向”"});
  if (t.window_from > t.window_to)
    problems.push_back({"window", "检查时间", "开始日期晚于结束日期"});
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

StatusOr<int64_t> TaskService::InsertTaskIn(
    store::Connection& c, const Principal& who, store::TaskRow row,
    const std::vector<store::TaskDepartmentRow>& departments) {
  ASSIGN_OR_RETURN(auto dept, store::FindDepartment(c, row.department_id));
  const std::string prefix = dept->code + "-" + row.window_from.substr(0, 4) + "-RW";
  ASSIGN_OR_RETURN(int64_t n, store::CountTaskNumbers(c, prefix));
  row.task_no = prefix + std::to_string(n + 1);
  row.status = plans::TaskStatus::kDraft;
  row.created_at = FormatTimestamp(clock_.Now());
  row.created_by = UserId(who);
  auto id = store::InsertTask(c, row, departments);
  if (!id.ok() && id.status().reason() == "DB_UNIQUE_VIOLATION")
    return Status(StatusCode::kAborted, "DB_SERIALIZATION", "并发冲突，请重试");
  RETURN_IF_ERROR(id);
  Json depts = Json::array();
  for (const auto& d : departments)
    depts.push_back({{"department_id", d.department_id},
                     {"role", plans::TaskDepartmentRoleName(d.role)},
                     {"items", d.item_codes}});
  RETURN_IF_ERROR(
      RecordAudit(c, clock_, who, "task.create", "task", row.task_no,
                  {{"id", *id},
                   {"title", row.title},
                   {"origin", plans::TaskOriginName(row.origin)},
                   {"task_type", row.task_type},
                   {"window", {row.window_from, row.window_to}},
                   {"departments", depts},
                   {"filter", row.target_filter},
                   {"filter_description", row.filter_description},
                   {"ratio", row.ratio_bp ? Json(registers::PercentText(*row.ratio_bp)) : Json()},
                   {"confidential", row.confidential}}));
  return *id;
}

StatusOr<TaskView> TaskService::CreateAdhoc(const Principal& who, const NewTask& t) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(t.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
  ASSIGN_OR_RETURN(std::string description, registers_.targets().Describe(t.filter));
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        RETURN_IF_ERROR(CheckNewTask(c, t));
        store::TaskRow row;
        row.title = t.title;
        row.department_id = t.department_id;
        row.task_type = t.task_type;
        row.origin = plans::TaskOrigin::kAdhoc;
        row.window_from = t.window_from.ToString();
        row.window_to = t.window_to.ToString();
        row.target_filter = registers::TargetFilterToJson(t.filter);
        row.filter_description = description;
        row.ratio_bp = t.ratio_bp;
        row.confidential = t.confidential;
        ASSIGN_OR_RETURN(
            id, InsertTaskIn(c, who, row,
                             {{t.department_id, plans::TaskDepartmentRole::kLead, t.item_codes}}));
        return OkStatus();
      });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<TaskView> TaskService::CreateFromBatch(const Principal& who, int64_t plan_id,
                                                int batch_seq, const std::string& title) {
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(PlanView plan, plans_.LoadIn(c, plan_id));
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(plan.row.department_id));
        RETURN_IF_ERROR(Authorize(who, Permission::kPlanWrite, loc));
        const plans::PlanStatus status = plan.row.status;
        if (status != plans::PlanStatus::kPublished && status != plans::PlanStatus::kExecuting)
          return FailedPrecondition("PLAN_NOT_PUBLISHED",
                                    "只有已公示或执行中的计划可以生成抽查任务（当前为“" +
                                        std::string(plans::PlanStatusDisplayName(status)) + "”）");
        auto it = std::find_if(plan.content.batches.begin(), plan.content.batches.end(),
                               [&](auto& b) { return b.seq == batch_seq; });
        if (it == plan.content.batches.end())
          return NotFound("PLAN_BATCH_NOT_FOUND", "计划中没有该批次");
        // One task per batch: a second would draw the batch's quota again. The unique index
        // tasks_one_per_batch holds this under a race: the loser's insert fails, InsertTaskIn
        // answers DB_SERIALIZATION, WithTransaction retries and this check then sees the winner.
        ASSIGN_OR_RETURN(auto existing, store::FindBatchTask(c, plan_id, batch_seq));
        if (existing)
          return AlreadyExists("BATCH_TASK_EXISTS",
                               "批次“" + it->name + "”已生成抽查任务 " + existing->task_no + "（“" +
                                   existing->title + "”），每个批次只能生成一个任务");
        NewTask t{title.empty() ? plan.content.title + " " + it->name : title,
                  plan.row.department_id,
                  it->task_type,
                  it->window_from,
                  it->window_to,
                  it->item_codes,
                  it->filter,
                  it->ratio_bp,
                  false};
        RETURN_IF_ERROR(CheckNewTask(c, t));
        ASSIGN_OR_RETURN(std::string description, registers_.targets().Describe(t.filter));
        store::TaskRow row;
        row.title = t.title;
        row.department_id = t.department_id;
        row.task_type = t.task_type;
        row.origin = plans::TaskOrigin::kPlan;
        row.plan_id = plan_id;
        row.batch_seq = batch_seq;
        row.window_from = t.window_from.ToString();
        row.window_to = t.window_to.ToString();
        row.target_filter = registers::TargetFilterToJson(t.filter);
        row.filter_description = description;
        row.ratio_bp = t.ratio_bp;
        ASSIGN_OR_RETURN(
            id, InsertTaskIn(c, who, row,
                             {{t.department_id, plans::TaskDepartmentRole::kLead, t.item_codes}}));
        return plans_.StartIn(c, who, plan.row);
      });
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return LoadIn(*conn, id);
}

StatusOr<int64_t> TaskService::CreateJointTaskIn(
    store::Connection& c, const Principal& who, const ProposalView& proposal,
    const std::vector<store::ProposalMemberRow>& accepted) {
  // The joint pool: targets every accepting department's batch would inspect
  // ("进一次门，查多项事").
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
      std::set_intersection(keys->begin(), keys->end(), mine.begin(), mine.end(),
                            std::inserter(both, both.end()));
      keys = std::move(both);
    }
    departments.push_back({m.department_id,
                           m.department_id == lead ? plans::TaskDepartmentRole::kLead
                                                   : plans::TaskDepartmentRole::kCooperating,
                           it->item_codes});
    titles.push_back(plan.content.title + " " + it->name);
  }
  std::stable_partition(departments.begin(), departments.end(),
                        [](auto& d) { return d.role == plans::TaskDepartmentRole::kLead; });
  registers::TargetFilter filter;
  filter.keys.assign(keys->begin(), keys->end());
  store::TaskRow row;
  row.title = "部门联合抽查（" + proposal.row.proposal_no + "）";
  row.department_id = lead;
  row.task_type = std::string(plans::kTaskTypeDirected);
  row.origin = plans::TaskOrigin::kJoint;
  row.proposal_id = proposal.row.id;
  row.window_from = proposal.row.window_from;
  row.window_to = proposal.row.window_to;
  row.target_filter = registers::TargetFilterToJson(filter);
  row.filter_description = "联合抽查建议 " + proposal.row.proposal_no + " 中各部门计划共同涉及的 " +
                           std::to_string(filter.keys.size()) + " 个检查对象";
  return InsertTaskIn(c, who, row, departments);
}

}  // namespace suiji::service
