#include "store/plans/plan_store.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "store/json_columns.h"
#include "store/number_series.h"
#include "store/org_store.h"
#include "store/plans/task_page_store.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

std::string Name(plans::PlanStatus s) { return std::string(plans::PlanStatusName(s)); }
std::string Name(plans::ProposalStatus s) { return std::string(plans::ProposalStatusName(s)); }
std::string Name(plans::ProposalResponse r) { return std::string(plans::ProposalResponseName(r)); }
std::string Name(plans::TaskStatus s) { return std::string(plans::TaskStatusName(s)); }
std::string Name(plans::TaskOrigin o) { return std::string(plans::TaskOriginName(o)); }
std::string Name(plans::TaskDepartmentRole r) {
  return std::string(plans::TaskDepartmentRoleName(r));
}
std::string Name(plans::AssigneeKind k) { return std::string(plans::AssigneeKindName(k)); }

constexpr std::string_view kPlanCols =
    "id, plan_no, version, department_id, year, title, status, content, adjustment_reason, created_at, created_by, "
    "submitted_at, submitted_by, decided_at, decided_by, decision_note, published_at";

PlanRow ToPlan(const Row& r) {
  return PlanRow{r.Int(0),
                 r.Text(1),
                 static_cast<int>(r.Int(2)),
                 r.Int(3),
                 static_cast<int>(r.Int(4)),
                 r.Text(5),
                 plans::ParsePlanStatus(r.Text(6)).value_or(plans::PlanStatus::kDraft),
                 r.Text(7),
                 r.Text(8),
                 r.Text(9),
                 r.OptInt(10),
                 r.OptText(11),
                 r.OptInt(12),
                 r.OptText(13),
                 r.OptInt(14),
                 r.OptText(15),
                 r.OptText(16)};
}

constexpr std::string_view kProposalCols =
    "id, proposal_no, lead_department_id, window_from, window_to, overlap_count, overlap_sample, status, deadline, "
    "created_at, created_by, resolved_at, joint_task_id";

ProposalRow ToProposal(const Row& r) {
  return ProposalRow{r.Int(0),
                     r.Text(1),
                     r.Int(2),
                     r.Text(3),
                     r.Text(4),
                     r.Int(5),
                     DocumentFromJson(r.Text(6)),
                     plans::ParseProposalStatus(r.Text(7)).value_or(plans::ProposalStatus::kOpen),
                     r.Text(8),
                     r.Text(9),
                     r.OptInt(10),
                     r.OptText(11),
                     r.OptInt(12)};
}

constexpr std::string_view kTaskCols =
    "id, task_no, title, department_id, task_type, origin, plan_id, batch_seq, proposal_id, window_from, window_to, "
    "target_filter, filter_description, ratio_bp, confidential, status, preview, target_draw_id, announced_at, "
    "created_at, created_by";

TaskRow ToTask(const Row& r) {
  TaskRow t;
  t.id = r.Int(0);
  t.task_no = r.Text(1);
  t.title = r.Text(2);
  t.department_id = r.Int(3);
  t.task_type = r.Text(4);
  t.origin = plans::ParseTaskOrigin(r.Text(5)).value_or(plans::TaskOrigin::kAdhoc);
  t.plan_id = r.OptInt(6);
  if (auto b = r.OptInt(7)) t.batch_seq = static_cast<int>(*b);
  t.proposal_id = r.OptInt(8);
  t.window_from = r.Text(9);
  t.window_to = r.Text(10);
  t.target_filter = DocumentFromJson(r.Text(11));
  t.filter_description = r.Text(12);
  if (auto b = r.OptInt(13)) t.ratio_bp = static_cast<int>(*b);
  t.confidential = r.Bool(14);
  t.status = plans::ParseTaskStatus(r.Text(15)).value_or(plans::TaskStatus::kDraft);
  if (auto p = r.OptText(16)) t.preview = DocumentFromJson(*p);
  t.target_draw_id = r.OptInt(17);
  t.announced_at = r.OptText(18);
  t.created_at = r.Text(19);
  t.created_by = r.OptInt(20);
  return t;
}

Value OptIntValue(const std::optional<int>& v) { return v ? Value(int64_t{*v}) : Value(); }

}  // namespace

StatusOr<int64_t> InsertPlan(Connection& c, const PlanRow& p) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(
          "INSERT INTO plans (plan_no, version, department_id, year, title, status, content, "
          "adjustment_reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "$9, $10) RETURNING id",
          {p.plan_no, int64_t{p.version}, p.department_id, int64_t{p.year}, p.title, Name(p.status),
           p.content, p.adjustment_reason, p.created_at, OrNull(p.created_by)}));
  return rs.front().Int(0);
}

StatusOr<std::optional<PlanRow>> FindPlan(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kPlanCols) + " FROM plans WHERE id = $1", {id}));
  if (!row) return std::optional<PlanRow>();
  return std::optional<PlanRow>(ToPlan(*row));
}

StatusOr<std::vector<PlanRow>> ListPlanVersions(Connection& c, std::string_view plan_no) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kPlanCols) +
                                        " FROM plans WHERE plan_no = $1 ORDER BY version",
                                    {std::string(plan_no)}));
  std::vector<PlanRow> out;
  for (const Row& r : rs.rows) out.push_back(ToPlan(r));
  return out;
}

StatusOr<std::vector<PlanRow>> ListLatestPlans(
    Connection& c, std::optional<int64_t> department_id, std::optional<int> year,
    const std::optional<std::vector<int64_t>>& within_departments) {
  std::string sql =
      "SELECT " + std::string(kPlanCols) +
      " FROM plans p WHERE version = (SELECT MAX(version) FROM plans q WHERE q.plan_no = p.plan_no)";
  Params params;
  if (department_id) {
    params.push_back(*department_id);
    sql += " AND department_id = $" + std::to_string(params.size());
  }
  if (within_departments) {
    if (within_departments->empty()) return std::vector<PlanRow>();
    sql += " AND department_id IN " + sql::InList(params, *within_departments);
  }
  if (year) {
    params.push_back(int64_t{*year});
    sql += " AND year = $" + std::to_string(params.size());
  }
  sql += " ORDER BY id DESC";
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  std::vector<PlanRow> out;
  for (const Row& r : rs.rows) out.push_back(ToPlan(r));
  return out;
}

StatusOr<int64_t> CountPlanNumbers(Connection& c, std::string_view prefix) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT COUNT(DISTINCT plan_no) FROM plans WHERE substr(plan_no, 1, $2) = $1",
              {std::string(prefix), static_cast<int64_t>(prefix.size())}));
  return rs.front().Int(0);
}

Status UpdatePlan(Connection& c, const PlanRow& p, plans::PlanStatus expected_status) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute(
          "UPDATE plans SET title = $2, status = $3, content = $4, submitted_at = $5, submitted_by = $6, "
          "decided_at = $7, decided_by = $8, decision_note = $9, published_at = $10 "
          "WHERE id = $1 AND status = $11",
          {p.id, p.title, Name(p.status), p.content, OrNull(p.submitted_at), OrNull(p.submitted_by),
           OrNull(p.decided_at), OrNull(p.decided_by), OrNull(p.decision_note),
           OrNull(p.published_at), Name(expected_status)}));
  if (n != 1) return FailedPrecondition("PLAN_STATE_CHANGED", "计划状态已被他人更改，请刷新后重试");
  return OkStatus();
}

StatusOr<int64_t> InsertProposal(Connection& c, const ProposalRow& p,
                                 const std::vector<ProposalMemberRow>& members) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(
          "INSERT INTO joint_proposals (proposal_no, lead_department_id, window_from, window_to, "
          "overlap_count, overlap_sample, status, deadline, created_at, created_by) VALUES "
          "($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9) RETURNING id",
          {p.proposal_no, p.lead_department_id, p.window_from, p.window_to, p.overlap_count,
           p.overlap_sample.dump(), p.deadline, p.created_at, OrNull(p.created_by)}));
  const int64_t id = rs.front().Int(0);
  for (const auto& m : members)
    RETURN_IF_ERROR(c.Execute(
        "INSERT INTO joint_proposal_members (proposal_id, department_id, plan_id, batch_seq, "
        "response, note) VALUES ($1, $2, $3, $4, 'pending', '')",
        {id, m.department_id, m.plan_id, int64_t{m.batch_seq}}));
  return id;
}

StatusOr<std::optional<ProposalRow>> FindProposal(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kProposalCols) +
                                                 " FROM joint_proposals WHERE id = $1",
                                             {id}));
  if (!row) return std::optional<ProposalRow>();
  return std::optional<ProposalRow>(ToProposal(*row));
}

StatusOr<std::vector<ProposalRow>> ListProposals(
    Connection& c, std::optional<int64_t> department_id,
    std::optional<plans::ProposalStatus> status,
    const std::optional<std::vector<int64_t>>& within_departments) {
  std::string sql = "SELECT " + std::string(kProposalCols) + " FROM joint_proposals p WHERE 1 = 1";
  Params params;
  if (within_departments) {
    if (within_departments->empty()) return std::vector<ProposalRow>();
    sql +=
        " AND EXISTS (SELECT 1 FROM joint_proposal_members w WHERE w.proposal_id = p.id AND w.department_id IN " +
        sql::InList(params, *within_departments) + ")";
  }
  if (department_id) {
    params.push_back(*department_id);
    sql +=
        " AND EXISTS (SELECT 1 FROM joint_proposal_members m WHERE m.proposal_id = p.id AND m.department_id = $" +
        std::to_string(params.size()) + ")";
  }
  if (status) {
    params.push_back(Name(*status));
    sql += " AND status = $" + std::to_string(params.size());
  }
  sql += " ORDER BY id DESC";
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  std::vector<ProposalRow> out;
  for (const Row& r : rs.rows) out.push_back(ToProposal(r));
  return out;
}

StatusOr<std::vector<ProposalMemberRow>> ListProposalMembers(Connection& c, int64_t proposal_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(
          "SELECT department_id, plan_id, batch_seq, response, responded_at, responded_by, note "
          "FROM joint_proposal_members WHERE proposal_id = $1 ORDER BY department_id",
          {proposal_id}));
  std::vector<ProposalMemberRow> out;
  for (const Row& r : rs.rows)
    out.push_back(
        {r.Int(0), r.Int(1), static_cast<int>(r.Int(2)),
         plans::ParseProposalResponse(r.Text(3)).value_or(plans::ProposalResponse::kPending),
         r.OptText(4), r.OptInt(5), r.Text(6)});
  return out;
}

StatusOr<bool> ProposalExistsFor(Connection& c, int64_t plan_id, int batch_seq,
                                 int64_t other_plan_id, int other_batch_seq) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT COUNT(*) FROM joint_proposal_members a JOIN joint_proposal_members b "
              "ON a.proposal_id = b.proposal_id WHERE a.plan_id = $1 AND a.batch_seq = $2 AND "
              "b.plan_id = $3 AND b.batch_seq = $4",
              {plan_id, int64_t{batch_seq}, other_plan_id, int64_t{other_batch_seq}}));
  return rs.front().Int(0) > 0;
}

StatusOr<int64_t> CountProposals(Connection& c) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*) FROM joint_proposals"));
  return rs.front().Int(0);
}

Status UpdateProposalMember(Connection& c, int64_t proposal_id, const ProposalMemberRow& m) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute("UPDATE joint_proposal_members SET response = $3, responded_at = $4, "
                "responded_by = $5, note = $6 WHERE proposal_id = $1 AND department_id = $2 "
                "AND response = 'pending'",
                {proposal_id, m.department_id, Name(m.response), OrNull(m.responded_at),
                 OrNull(m.responded_by), m.note}));
  if (n != 1)
    return FailedPrecondition("PROPOSAL_ALREADY_ANSWERED", "本部门已经答复过该联合抽查建议");
  return OkStatus();
}

Status ResolveProposal(Connection& c, int64_t id, plans::ProposalStatus status, std::string_view at,
                       std::optional<int64_t> joint_task_id) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute("UPDATE joint_proposals SET status = $2, resolved_at = $3, joint_task_id = $4 "
                "WHERE id = $1 AND status = 'open'",
                {id, Name(status), std::string(at), OrNull(joint_task_id)}));
  if (n != 1) return FailedPrecondition("PROPOSAL_CLOSED", "该联合抽查建议已经办结");
  return OkStatus();
}

StatusOr<int64_t> InsertTask(Connection& c, const TaskRow& t,
                             const std::vector<TaskDepartmentRow>& departments) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query(
          "INSERT INTO tasks (task_no, title, department_id, task_type, origin, plan_id, batch_seq, "
          "proposal_id, window_from, window_to, target_filter, filter_description, ratio_bp, confidential, "
          "status, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
          "$14, $15, $16, $17) RETURNING id",
          {t.task_no, t.title, t.department_id, t.task_type, Name(t.origin), OrNull(t.plan_id),
           OptIntValue(t.batch_seq), OrNull(t.proposal_id), t.window_from, t.window_to,
           t.target_filter.dump(), t.filter_description, OptIntValue(t.ratio_bp),
           int64_t{t.confidential}, Name(t.status), t.created_at, OrNull(t.created_by)}));
  const int64_t id = rs.front().Int(0);
  for (const auto& d : departments)
    RETURN_IF_ERROR(
        c.Execute("INSERT INTO task_departments (task_id, department_id, role, item_codes) VALUES "
                  "($1, $2, $3, $4)",
                  {id, d.department_id, Name(d.role), StringListToJson(d.item_codes)}));
  return id;
}

StatusOr<std::optional<TaskRow>> FindTask(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kTaskCols) + " FROM tasks WHERE id = $1", {id}));
  if (!row) return std::optional<TaskRow>();
  return std::optional<TaskRow>(ToTask(*row));
}

StatusOr<std::optional<TaskRow>> FindTaskByDraw(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kTaskCols) +
                                                 " FROM tasks WHERE target_draw_id = $1",
                                             {draw_id}));
  if (!row) return std::optional<TaskRow>();
  return std::optional<TaskRow>(ToTask(*row));
}

StatusOr<std::optional<TaskRow>> FindBatchTask(Connection& c, int64_t plan_id, int batch_seq) {
  // batch_duplicate_of marks the extra tasks an older database already had (migration 0007).
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOptional("SELECT " + std::string(kTaskCols) +
                                       " FROM tasks WHERE plan_id = $1 AND batch_seq = $2 AND "
                                       "batch_duplicate_of IS NULL ORDER BY id LIMIT 1",
                                   {plan_id, int64_t{batch_seq}}));
  if (!row) return std::optional<TaskRow>();
  return std::optional<TaskRow>(ToTask(*row));
}

StatusOr<std::vector<TaskRow>> ListTasks(Connection& c, const TaskQuery& q) {
  std::string sql = "SELECT " + std::string(kTaskCols) + " FROM tasks t WHERE 1 = 1";
  Params params;
  if (q.department_id) {
    params.push_back(*q.department_id);
    sql +=
        " AND EXISTS (SELECT 1 FROM task_departments d WHERE d.task_id = t.id AND d.department_id = $" +
        std::to_string(params.size()) + ")";
  }
  if (q.plan_id) {
    params.push_back(*q.plan_id);
    sql += " AND plan_id = $" + std::to_string(params.size());
  }
  if (q.within_departments) {
    if (q.within_departments->empty()) return std::vector<TaskRow>();
    sql +=
        " AND EXISTS (SELECT 1 FROM task_departments w WHERE w.task_id = t.id AND w.department_id IN " +
        sql::InList(params, *q.within_departments) + ")";
  }
  if (q.announced_only) sql += " AND announced_at IS NOT NULL";
  params.push_back(int64_t{q.limit});
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  params.push_back(int64_t{q.offset});
  sql += " OFFSET $" + std::to_string(params.size());
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  std::vector<TaskRow> out;
  for (const Row& r : rs.rows) out.push_back(ToTask(r));
  return out;
}

StatusOr<int64_t> CountTaskNumbers(Connection& c, std::string_view prefix) {
  RETURN_IF_ERROR(LockNumberSeries(c, prefix));
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*) FROM tasks WHERE substr(task_no, 1, $2) = $1",
                                    {std::string(prefix), static_cast<int64_t>(prefix.size())}));
  return rs.front().Int(0);
}

StatusOr<std::vector<TaskDepartmentRow>> ListTaskDepartments(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT department_id, role, item_codes FROM task_departments WHERE task_id = $1 "
              "ORDER BY CASE role WHEN 'lead' THEN 0 ELSE 1 END, department_id",
              {task_id}));
  std::vector<TaskDepartmentRow> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0),
                   plans::ParseTaskDepartmentRole(r.Text(1)).value_or(
                       plans::TaskDepartmentRole::kCooperating),
                   StringListFromJson(r.Text(2))});
  return out;
}

Status UpdateTask(Connection& c, const TaskRow& t, plans::TaskStatus expected_status) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute("UPDATE tasks SET status = $2, preview = $3, target_draw_id = $4, "
                "announced_at = $5 WHERE id = $1 AND status = $6",
                {t.id, Name(t.status), t.preview ? Value(t.preview->dump()) : Value(),
                 OrNull(t.target_draw_id), OrNull(t.announced_at), Name(expected_status)}));
  if (n != 1) return FailedPrecondition("TASK_STATE_CHANGED", "任务状态已被他人更改，请刷新后重试");
  return OkStatus();
}

Status InsertTaskInspectorDraw(Connection& c, int64_t task_id, int64_t department_id,
                               int64_t draw_id, std::string_view eligibility_json,
                               plans::AssigneeKind role) {
  return c
      .Execute(
          "INSERT INTO task_inspector_draws (task_id, department_id, draw_id, eligibility, role) "
          "VALUES ($1, $2, $3, $4, $5)",
          {task_id, department_id, draw_id, std::string(eligibility_json), Name(role)})
      .status();
}

StatusOr<std::vector<TaskInspectorDrawRow>> ListTaskInspectorDraws(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT t.department_id, t.draw_id, t.eligibility, t.role, d.draw_no, d.status "
              "FROM task_inspector_draws t JOIN draws d ON d.id = t.draw_id "
              "WHERE t.task_id = $1 ORDER BY t.draw_id",
              {task_id}));
  std::vector<TaskInspectorDrawRow> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Int(1), r.Text(2),
                   plans::ParseAssigneeKind(r.Text(3)).value_or(plans::AssigneeKind::kInspector),
                   r.Text(4),
                   draw::ParseDrawStatus(r.Text(5)).value_or(draw::DrawStatus::kCommitted)});
  return out;
}

StatusOr<std::optional<TaskOfDraw>> FindTaskOfInspectorDraw(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT task_id, role FROM task_inspector_draws WHERE draw_id = $1",
                                {draw_id}));
  if (!row) return std::optional<TaskOfDraw>();
  return std::optional<TaskOfDraw>(
      TaskOfDraw{row->Int(0),
                 plans::ParseAssigneeKind(row->Text(1)).value_or(plans::AssigneeKind::kInspector)});
}

Status ReplaceTaskTargets(Connection& c, int64_t task_id, const std::vector<TaskTargetRow>& rows) {
  RETURN_IF_ERROR(c.Execute("DELETE FROM task_targets WHERE task_id = $1", {task_id}));
  ASSIGN_OR_RETURN(auto ins,
                   c.BulkInsert("task_targets", {"task_id", "target_id", "draw_key", "stratum",
                                                 "position", "locked_name", "locked_address",
                                                 "locked_unit_name", "locked_risk_class"}));
  // Written in target id order, not position order: each row's foreign-key check and index
  // insert then walks the targets table and the index forward (PostgreSQL, 72k rows: ~1.9 ->
  // ~1.3 s); the position is a column, the rows have no other order.
  std::vector<const TaskTargetRow*> by_target;
  by_target.reserve(rows.size());
  for (const auto& r : rows) by_target.push_back(&r);
  std::sort(by_target.begin(), by_target.end(), [](const TaskTargetRow* a, const TaskTargetRow* b) {
    return a->target_id < b->target_id;
  });
  // One row of values, overwritten in place for each target: its strings keep their buffers. (A
  // reveal at 10M candidates writes 698k rows; with a new vector and up to six string copies per
  // row, malloc, free and the copies took about a tenth of its process's CPU samples.)
  std::vector<Value> values(9);
  values[0] = task_id;
  const auto set_text = [](Value& v, const std::string* text) {
    if (!text) v = Value();
    else if (auto* s = std::get_if<std::string>(&v)) s->assign(*text);
    else v = *text;
  };
  for (const TaskTargetRow* row : by_target) {
    const TaskTargetRow& r = *row;
    values[1] = r.target_id;
    set_text(values[2], &r.draw_key);
    set_text(values[3], &r.stratum);
    values[4] = int64_t{r.position};
    set_text(values[5], r.locked ? &r.locked->name : nullptr);
    set_text(values[6], r.locked ? &r.locked->address : nullptr);
    set_text(values[7], r.locked ? &r.locked->unit_name : nullptr);
    set_text(values[8], r.risk_class ? &*r.risk_class : nullptr);
    RETURN_IF_ERROR(ins->Add(values));
  }
  return ins->Finish();
}

Status SnapshotTaskTargets(Connection& c, int64_t task_id) {
  // One join (UPDATE ... FROM, SQLite >= 3.33 and PostgreSQL), not a correlated sub-select per
  // column per row. The lock writes the facts with the rows; this fills only rows it could not.
  return c
      .Execute(
          "UPDATE task_targets SET locked_name = t.name, locked_address = t.address, "
          "locked_unit_name = COALESCE(u.name, ''), locked_risk_class = t.risk_class "
          "FROM targets t LEFT JOIN units u ON u.id = t.unit_id "
          "WHERE task_targets.task_id = $1 AND task_targets.locked_name IS NULL "
          "AND t.id = task_targets.target_id",
          {task_id})
      .status();
}

TaskTargetLineRow TaskTargetLineFromRow(const Row& r) {
  TaskTargetLineRow line{
      {r.Int(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), std::nullopt, std::nullopt},
      "",
      "",
      std::nullopt};
  if (!r.IsNull(8)) {
    line.target.locked = LockedTargetFacts{r.Text(8), r.Text(9), r.Text(10)};
    line.name = r.Text(8);
    line.address = r.Text(9);
  } else if (!r.IsNull(4)) {
    line.name = r.Text(5);
    line.address = r.Text(6);
    line.unit_id = r.OptInt(7);
  }
  return line;
}

StatusOr<std::vector<TaskTargetLineRow>> ListTaskTargetLines(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string("SELECT ") + kTaskTargetLineColumns +
                                        " FROM task_targets tt LEFT JOIN targets t ON t.id = "
                                        "tt.target_id WHERE tt.task_id = $1 ORDER BY tt.position",
                                    {task_id}));
  std::vector<TaskTargetLineRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back(TaskTargetLineFromRow(r));
  return out;
}

namespace {

// Runs `query(in_list, params)` over `keys` a few hundred at a time (both engines' parameter
// limits are far above this) and collects (text, id) answers.
constexpr size_t kKeysPerQuery = 500;

StatusOr<std::map<std::string, int64_t>> IdsByText(Connection& c,
                                                   const std::vector<std::string>& keys,
                                                   const std::string& select_prefix) {
  std::map<std::string, int64_t> out;
  for (size_t from = 0; from < keys.size(); from += kKeysPerQuery) {
    Params p;
    const std::vector<std::string> chunk(
        keys.begin() + static_cast<std::ptrdiff_t>(from),
        keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), from + kKeysPerQuery)));
    ASSIGN_OR_RETURN(auto rs, c.Query(select_prefix + sql::InList(p, chunk) + " ORDER BY id", p));
    for (const Row& r : rs.rows)
      out.emplace(r.Text(1), r.Int(0));  // the lowest id wins, as FindTargetByKey
  }
  return out;
}

// Fills the facts of every entry of `out` with an id (0: left alone), reading each target once.
// The rows are matched to the entries by id, in whatever order the database returns them: with
// the list as one parameter the planner cannot know its length, and an ORDER BY or a join made
// it plan for ten rows (a nested loop into units per row, a sort spilled to disk: 0.55 against
// 0.43 s for 72k targets on PostgreSQL). The units' names come from the units list.
// Targets are never deleted (migration 0022): an id that is not read back is an internal error.
Status ReadFactsToLock(Connection& c, std::vector<TargetToLock>& out) {
  std::vector<std::pair<int64_t, uint32_t>> wanted;  // (id, position), in id order
  wanted.reserve(out.size());
  for (uint32_t i = 0; i < out.size(); ++i)
    if (out[i].id != 0) wanted.emplace_back(out[i].id, i);
  std::sort(wanted.begin(), wanted.end());
  std::vector<int64_t> ids;  // distinct, ascending
  ids.reserve(wanted.size());
  for (const auto& w : wanted)
    if (ids.empty() || ids.back() != w.first) ids.push_back(w.first);
  std::vector<int64_t> unit_of(ids.size(), 0);  // per distinct id; 0: none
  std::vector<bool> seen(ids.size(), false);
  size_t read = 0;
  Status mismatch;
  RETURN_IF_ERROR(c.QueryEach(
      "SELECT id, name, address, unit_id, risk_class FROM targets WHERE id " +
          sql::InJsonArray(c.dialect(), "$1", /*integers=*/true),
      {IntListToJson(ids)}, [&](const Row& r) {
        const int64_t id = r.Int(0);
        const auto at = std::lower_bound(ids.begin(), ids.end(), id);
        const auto k = static_cast<size_t>(at - ids.begin());
        if (at == ids.end() || *at != id || seen[k]) {
          mismatch =
              Internal("target " + std::to_string(id) + " read back out of the ids asked for");
          return false;
        }
        seen[k] = true;
        ++read;
        if (!r.IsNull(3)) unit_of[k] = r.Int(3);
        auto w = std::lower_bound(wanted.begin(), wanted.end(), std::make_pair(id, uint32_t{0}));
        for (; w != wanted.end() && w->first == id; ++w) {
          TargetToLock& t = out[w->second];
          t.facts.name = r.Text(1);
          t.facts.address = r.Text(2);
          t.risk_class = r.Text(4);
        }
        return true;
      }));
  RETURN_IF_ERROR(mismatch);
  if (read != ids.size())
    for (size_t k = 0; k < ids.size(); ++k)
      if (!seen[k]) return Internal("target " + std::to_string(ids[k]) + " to lock is not stored");
  // The units' names from the units list (small: one row per unit, a few thousand in a
  // province), as the LEFT JOIN before: a unit that is not stored names no unit ('').
  ASSIGN_OR_RETURN(const std::vector<Unit> all_units, ListUnits(c));
  std::unordered_map<int64_t, const std::string*> unit_name;
  for (const Unit& u : all_units) unit_name.emplace(u.id, &u.name);
  size_t k = 0;  // `wanted` and `ids` are both in id order
  for (const auto& [id, position] : wanted) {
    while (ids[k] != id) ++k;
    if (auto u = unit_name.find(unit_of[k]); u != unit_name.end())
      out[position].facts.unit_name = *u->second;
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::vector<TargetToLock>> FindTargetsToLock(Connection& c,
                                                      const std::vector<std::string>& keys) {
  // The keys travel as one JSON array parameter (not a statement per few hundred keys: 145
  // round trips for 72k keys took 1.2 s on PostgreSQL; the array form walks the key index in
  // order, half the buffer reads of a semi-join on a cold cache).
  // Two passes: the ids from the key index alone (natural_key is unique; the index holds the
  // id), then the facts by id in id order. Fetching each row as its key is found visits the
  // table in key order, i.e. at random: a b-tree descent to a different page for every key.
  // Answers are matched to the keys' positions (a sorted index into `keys`, then a sorted
  // (id, position) list), not through a map keyed by copies of the keys.
  std::vector<uint32_t> by_key(keys.size());
  for (uint32_t i = 0; i < by_key.size(); ++i) by_key[i] = i;
  std::sort(by_key.begin(), by_key.end(),
            [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  // Sent in that order (SQLite builds its IN list as a b-tree, a little faster from sorted keys).
  std::vector<std::string> sorted_keys;
  sorted_keys.reserve(keys.size());
  for (uint32_t i : by_key) sorted_keys.push_back(keys[i]);
  std::vector<TargetToLock> out(keys.size());
  RETURN_IF_ERROR(c.QueryEach("SELECT id, natural_key FROM targets WHERE natural_key " +
                                  sql::InJsonArray(c.dialect(), "$1", /*integers=*/false),
                              {StringListToJson(sorted_keys)}, [&](const Row& r) {
                                const int64_t id = r.Int(0);
                                std::string copy;  // only if the cell is not text already
                                const std::string* key = std::get_if<std::string>(&r[1]);
                                if (key == nullptr) key = &(copy = r.Text(1));
                                auto [lo, hi] =
                                    std::equal_range(sorted_keys.begin(), sorted_keys.end(), *key);
                                for (auto it = lo; it != hi; ++it) {
                                  TargetToLock& t = out[by_key[it - sorted_keys.begin()]];
                                  if (t.id == 0 || id < t.id)
                                    t.id = id;  // a key held twice keeps its lowest id
                                }
                                return true;
                              }));
  RETURN_IF_ERROR(ReadFactsToLock(c, out));
  return out;
}

StatusOr<std::vector<TargetToLock>> FindTargetsToLockByIds(Connection& c,
                                                           const std::vector<int64_t>& ids) {
  std::vector<TargetToLock> out(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] <= 0) return Internal("target id " + std::to_string(ids[i]) + " to lock");
    out[i].id = ids[i];
  }
  RETURN_IF_ERROR(ReadFactsToLock(c, out));
  return out;
}

StatusOr<std::vector<TaskTargetRow>> ListTaskTargets(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT target_id, draw_key, stratum, position, locked_name, "
                                    "locked_address, locked_unit_name, locked_risk_class FROM "
                                    "task_targets WHERE task_id = $1 ORDER BY position",
                                    {task_id}));
  std::vector<TaskTargetRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), static_cast<int>(r.Int(3)), std::nullopt,
                   r.IsNull(7) ? std::nullopt : std::optional<std::string>(r.Text(7))});
    if (!r.IsNull(4)) out.back().locked = LockedTargetFacts{r.Text(4), r.Text(5), r.Text(6)};
  }
  return out;
}

StatusOr<std::map<int64_t, std::string>> TaskTargetRegions(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT tt.target_id, t.region_code FROM task_targets tt "
                                    "JOIN targets t ON t.id = tt.target_id WHERE tt.task_id = $1",
                                    {task_id}));
  std::map<int64_t, std::string> out;
  for (const Row& r : rs.rows) out.emplace(r.Int(0), r.IsNull(1) ? std::string() : r.Text(1));
  return out;
}

namespace {

// Table and person column of each kind of assignment (constants, never user input).
std::string_view AssignmentTable(Assignee who) {
  return who == Assignee::kExpert ? "task_expert_assignments" : "task_assignments";
}
std::string_view PersonColumn(Assignee who) {
  return who == Assignee::kExpert ? "expert_id" : "inspector_id";
}

StatusOr<std::vector<AssignmentRow>> Assignments(Connection& c, Assignee who,
                                                 std::string_view where, int64_t id) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT task_id, target_id, department_id, " +
                               std::string(PersonColumn(who)) + ", draw_id, position FROM " +
                               std::string(AssignmentTable(who)) + " WHERE " + std::string(where) +
                               " = $1 ORDER BY task_id, target_id, department_id, "
                               "draw_id, position",
                           {id}));
  std::vector<AssignmentRow> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), static_cast<int>(r.Int(5))});
  return out;
}

}  // namespace

Status ReplaceDrawAssignments(Connection& c, Assignee who, int64_t task_id, int64_t draw_id,
                              const std::vector<AssignmentRow>& rows) {
  const std::string table(AssignmentTable(who));
  RETURN_IF_ERROR(c.Execute("DELETE FROM " + table + " WHERE task_id = $1 AND draw_id = $2",
                            {task_id, draw_id}));
  ASSIGN_OR_RETURN(auto ins,
                   c.BulkInsert(table, {"task_id", "target_id", "department_id",
                                        std::string(PersonColumn(who)), "draw_id", "position"}));
  for (const auto& r : rows)
    RETURN_IF_ERROR(ins->Add(
        {task_id, r.target_id, r.department_id, r.person_id, draw_id, int64_t{r.position}}));
  return ins->Finish();
}

Status DeleteAssignmentsNotIn(Connection& c, int64_t task_id,
                              const std::vector<int64_t>& target_ids) {
  // A set, not a scan of the list per row: a re-lock of a large task has tens of thousands.
  const std::unordered_set<int64_t> kept(target_ids.begin(), target_ids.end());
  for (Assignee who : {Assignee::kInspector, Assignee::kExpert}) {
    const std::string table(AssignmentTable(who));
    ASSIGN_OR_RETURN(
        auto rs,
        c.Query("SELECT DISTINCT target_id FROM " + table + " WHERE task_id = $1", {task_id}));
    for (const Row& r : rs.rows) {
      if (kept.contains(r.Int(0))) continue;
      RETURN_IF_ERROR(c.Execute("DELETE FROM " + table + " WHERE task_id = $1 AND target_id = $2",
                                {task_id, r.Int(0)}));
    }
  }
  return OkStatus();
}

namespace {

// The assignment lines of a task of one kind; `and_where` (with `params`, $1 being the task id)
// narrows them.
StatusOr<std::vector<AssignmentLineRow>> AssignmentLines(Connection& c, Assignee who,
                                                         const std::string& and_where,
                                                         const Params& params) {
  const bool experts = who == Assignee::kExpert;
  const std::string person =
      experts ? "p.name, p.expert_no, NULL, p.organisation, p.title FROM task_expert_assignments a "
                "LEFT JOIN experts p ON p.id = a.expert_id"
              : "p.name, p.cert_no, p.unit_id, '', '' FROM task_assignments a "
                "LEFT JOIN inspectors p ON p.id = a.inspector_id";
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT a.task_id, a.target_id, a.department_id, a." +
                  std::string(PersonColumn(who)) + ", a.draw_id, a.position, d.draw_no, p.id, " +
                  person + " LEFT JOIN draws d ON d.id = a.draw_id WHERE a.task_id = $1" +
                  and_where +
                  " ORDER BY a.task_id, a.target_id, a.department_id, a.draw_id, a.position",
              params));
  std::vector<AssignmentLineRow> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) {
    AssignmentLineRow line;
    line.row = {r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), static_cast<int>(r.Int(5))};
    line.draw_no = r.Text(6);
    line.person_found = !r.IsNull(7);
    if (line.person_found) {
      line.name = r.Text(8);
      line.number = r.Text(9);
      line.unit_id = r.OptInt(10);
      line.organisation = r.Text(11);
      line.title = r.Text(12);
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

StatusOr<std::vector<AssignmentLineRow>> ListAssignmentLines(Connection& c, Assignee who,
                                                             int64_t task_id) {
  return AssignmentLines(c, who, "", {task_id});
}

StatusOr<std::vector<AssignmentLineRow>> ListAssignmentLinesOf(
    Connection& c, Assignee who, int64_t task_id, const std::vector<int64_t>& target_ids) {
  if (target_ids.empty()) return std::vector<AssignmentLineRow>();
  Params params{task_id};
  return AssignmentLines(c, who, " AND a.target_id IN " + sql::InList(params, target_ids), params);
}

StatusOr<std::map<std::string, int64_t>> FindPersonIdsByNumbers(
    Connection& c, Assignee who, const std::vector<std::string>& numbers) {
  return IdsByText(c, numbers,
                   who == Assignee::kExpert
                       ? "SELECT id, expert_no FROM experts WHERE expert_no IN "
                       : "SELECT id, cert_no FROM inspectors WHERE cert_no IN ");
}

StatusOr<std::map<std::string, std::string>> FindPersonNamesByNumbers(
    Connection& c, Assignee who, const std::vector<std::string>& numbers) {
  const std::string select = who == Assignee::kExpert
                                 ? "SELECT expert_no, name FROM experts WHERE expert_no IN "
                                 : "SELECT cert_no, name FROM inspectors WHERE cert_no IN ";
  std::map<std::string, std::string> out;
  for (size_t from = 0; from < numbers.size(); from += kKeysPerQuery) {
    Params p;
    const std::vector<std::string> chunk(
        numbers.begin() + static_cast<std::ptrdiff_t>(from),
        numbers.begin() +
            static_cast<std::ptrdiff_t>(std::min(numbers.size(), from + kKeysPerQuery)));
    ASSIGN_OR_RETURN(auto rs, c.Query(select + sql::InList(p, chunk), p));
    for (const Row& r : rs.rows) out.emplace(r.Text(0), r.Text(1));
  }
  return out;
}

Status InsertDrawPersonNames(Connection& c, int64_t draw_id,
                             const std::map<std::string, std::string>& names) {
  if (names.empty()) return OkStatus();
  ASSIGN_OR_RETURN(auto ins, c.BulkInsert("draw_person_names", {"draw_id", "person_no", "name"}));
  for (const auto& [number, name] : names) RETURN_IF_ERROR(ins->Add({draw_id, number, name}));
  return ins->Finish();
}

StatusOr<std::map<std::string, std::string>> ListDrawPersonNames(Connection& c, int64_t draw_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT person_no, name FROM draw_person_names WHERE draw_id = $1", {draw_id}));
  std::map<std::string, std::string> out;
  for (const Row& r : rs.rows) out.emplace(r.Text(0), r.Text(1));
  return out;
}

StatusOr<std::vector<AssignmentRow>> ListAssignments(Connection& c, Assignee who, int64_t task_id) {
  return Assignments(c, who, "task_id", task_id);
}

StatusOr<std::vector<AssignmentRow>> ListAssignmentsOfInspector(Connection& c,
                                                                int64_t inspector_id) {
  return Assignments(c, Assignee::kInspector, "inspector_id", inspector_id);
}

Status ReplaceTaskInspections(Connection& c, int64_t task_id, int64_t department_id,
                              const std::vector<std::string>& item_codes,
                              std::string_view inspected_on,
                              const std::vector<int64_t>& target_ids) {
  const std::string item_codes_json = StringListToJson(item_codes);
  RETURN_IF_ERROR(
      c.Execute("DELETE FROM target_inspections WHERE task_id = $1 AND department_id = $2",
                {task_id, department_id}));
  ASSIGN_OR_RETURN(auto ins,
                   c.BulkInsert("target_inspections", {"target_id", "department_id", "task_id",
                                                       "item_codes", "inspected_on", "source"}));
  std::vector<int64_t> sorted(target_ids);  // in id order, as ReplaceTaskTargets
  std::sort(sorted.begin(), sorted.end());
  // One row of values, only the target changing (as ReplaceTaskTargets: no copies per row).
  std::vector<Value> values = {
      int64_t{0},         department_id, task_id, item_codes_json, std::string(inspected_on),
      std::string("task")};
  for (int64_t target : sorted) {
    values[0] = target;
    RETURN_IF_ERROR(ins->Add(values));
  }
  return ins->Finish();
}

StatusOr<std::map<int64_t, int>> CountInspections(Connection& c, int64_t department_id,
                                                  std::string_view from, std::string_view to) {
  std::map<int64_t, int> out;
  RETURN_IF_ERROR(
      c.QueryEach("SELECT target_id, COUNT(*) FROM target_inspections WHERE department_id = $1 AND "
                  "inspected_on >= $2 AND inspected_on <= $3 GROUP BY target_id",
                  {department_id, std::string(from), std::string(to)}, [&](const Row& r) {
                    out[r.Int(0)] = static_cast<int>(r.Int(1));
                    return true;
                  }));
  return out;
}

StatusOr<std::vector<InspectionRecord>> InspectionsSince(Connection& c, int64_t department_id,
                                                         std::string_view since) {
  std::vector<InspectionRecord> out;
  RETURN_IF_ERROR(
      c.QueryEach("SELECT target_id, item_codes, inspected_on FROM target_inspections WHERE "
                  "department_id = $1 AND inspected_on >= $2",
                  {department_id, std::string(since)}, [&](const Row& r) {
                    out.push_back({r.Int(0), StringListFromJson(r.Text(1)), r.Text(2)});
                    return true;
                  }));
  return out;
}

StatusOr<std::set<int64_t>> TargetsInOverlappingTasks(Connection& c, int64_t department_id,
                                                      int64_t except_task_id, std::string_view from,
                                                      std::string_view to) {
  std::set<int64_t> out;
  RETURN_IF_ERROR(c.QueryEach(
      "SELECT DISTINCT tt.target_id FROM task_targets tt JOIN tasks t ON t.id = tt.task_id JOIN task_departments d ON "
      "d.task_id = t.id WHERE d.department_id = $1 AND t.id <> $2 AND t.window_from <= $4 AND t.window_to >= $3",
      {department_id, except_task_id, std::string(from), std::string(to)}, [&](const Row& r) {
        out.insert(r.Int(0));
        return true;
      }));
  return out;
}

}  // namespace suiji::store
