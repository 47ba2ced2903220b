#include "service/credit/credit_service.h"

#include <algorithm>

#include "core/registers/fields.h"
#include "core/registers/rules.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/credit/mutual_recognition.h"
#include "service/readable_scope.h"
#include "store/credit/credit_store.h"
#include "store/credit/mutual_store.h"
#include "store/database.h"
#include "store/registers/history_store.h"
#include "store/registers/item_store.h"
#include "store/registers/target_store.h"

namespace suiji::service {
namespace {

using credit::ListKind;
using credit::ProposalStatus;

// Who may read a department's credit proposals: the readers of its inspection results.
constexpr std::initializer_list<Permission> kCreditReaders = {
    Permission::kResultApprove, Permission::kPlanWrite, Permission::kPlanApprove,
    Permission::kStatsRead, Permission::kAuditRead};

constexpr char kEventPublication[] = "publication";
constexpr char kEventProposal[] = "proposal";
constexpr char kEventDecision[] = "decision";
constexpr char kEventRiskClass[] = "risk_class";

std::string EventKindName(std::string_view kind) {
  if (kind == kEventPublication) return "结果公示";
  if (kind == kEventProposal) return "列入建议";
  if (kind == kEventDecision) return "列入决定";
  if (kind == kEventRiskClass) return "风险分类调整";
  return std::string(kind);
}

std::optional<int64_t> UserRef(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

std::string ActorName(const Principal& who) {
  if (!who.display_name.empty()) return who.display_name;
  return who.username.empty() ? "系统" : who.username;
}

// The rules a department's results are judged by: the published version (the latest saved one
// before anything was published, the defaults before anything was saved) — the same the task
// preview uses.
StatusOr<registers::DepartmentRules> EffectiveRulesIn(store::Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(auto versions, store::ListRulesVersions(c, department_id));
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->published_at) return it->rules;
  if (!versions.empty()) return versions.back().rules;
  return registers::DefaultRules(department_id);
}

bool Flagged(const registers::Target& t, ListKind kind) {
  return kind == ListKind::kAbnormal ? t.abnormal : t.serious_violation;
}

// Sets the flag of `kind` (and, with it, the history and the audit entry).
Status SetListFlagIn(store::Connection& c, const Clock& clock, const Principal& who,
                     int64_t target_id, ListKind kind, const std::string& note) {
  ASSIGN_OR_RETURN(auto stored, store::FindTarget(c, target_id));
  if (!stored)
    return NotFound("TARGET_NOT_FOUND", "检查对象不存在（编号 " + std::to_string(target_id) + "）");
  registers::Target next = stored->target;
  if (kind == ListKind::kAbnormal) next.abnormal = true;
  else next.serious_violation = true;
  if (next == stored->target) return OkStatus();
  const std::string now = FormatTimestamp(clock.Now());
  const registers::Changes changes = registers::DiffTargets(stored->target, next);
  RETURN_IF_ERROR(store::UpdateTarget(c, target_id, next, now));
  store::HistoryContext h{now, ActorName(who), UserRef(who), note};
  RETURN_IF_ERROR(
      store::AppendHistoryChanges(c, store::kHistoryTarget, target_id, "credit", changes, h));
  return RecordAudit(c, clock, who, "target.credit_list", "target", next.NaturalKey(),
                     {{"id", target_id}, {"list", std::string(credit::ListKindName(kind))}})
      .status();
}

}  // namespace

Status RecordPublishedResultIn(store::Connection& c, const Clock& clock,
                               const WorkingCalendar& calendar, const Principal& who,
                               const PublishedResultFacts& f) {
  const std::string now = FormatTimestamp(clock.Now());
  const std::string on = f.published_on.ToString();
  const auto counted = credit::CountedResults(f.items, f.cannot_inspect);
  const bool lenient =
      std::any_of(f.items.begin(), f.items.end(), [](auto& i) { return i.lenient; });
  store::CreditEventRow event;
  event.target_id = f.target_id;
  event.department_id = f.department_id;
  event.kind = kEventPublication;
  event.event_on = on;
  event.summary = f.department_name + "公示抽查检查结果：" + f.result +
                  (lenient ? "（含免罚清单事项：轻微违法首次发现，不计入违法）" : "");
  event.publication_no = f.publication_no;
  event.created_at = now;
  RETURN_IF_ERROR(store::InsertCreditEvent(c, event));

  ASSIGN_OR_RETURN(auto stored, store::FindTarget(c, f.target_id));
  if (!stored) return OkStatus();

  for (const auto& [kind, reason] : credit::ProposalsFor(counted)) {
    if (Flagged(stored->target, kind)) continue;  // already on the list
    store::CreditProposalQuery q;
    q.target_id = f.target_id;
    q.status = std::string(credit::ProposalStatusName(ProposalStatus::kPending));
    q.list_kind = std::string(credit::ListKindName(kind));
    ASSIGN_OR_RETURN(auto pending, store::ListCreditProposals(c, q));
    if (!pending.empty()) continue;  // one open proposal per list is enough
    store::CreditProposalRow p;
    p.list_kind = std::string(credit::ListKindName(kind));
    p.target_id = f.target_id;
    p.department_id = f.department_id;
    p.publication_id = f.publication_id;
    p.publication_no = f.publication_no;
    p.reason = reason;
    p.found_on = f.found_on.ToString();
    p.proposed_on = on;
    p.due_on = credit::ProposalDeadline(calendar, f.found_on).value.ToString();
    p.status = std::string(credit::ProposalStatusName(ProposalStatus::kPending));
    p.created_at = now;
    ASSIGN_OR_RETURN(p.id, store::InsertCreditProposal(c, p));
    store::CreditEventRow e = event;
    e.kind = kEventProposal;
    e.summary = "建议列入" + std::string(credit::ListKindDisplay(kind)) + "（" + reason +
                "），应于 " + p.due_on + " 前作出决定";
    e.proposal_id = p.id;
    RETURN_IF_ERROR(store::InsertCreditEvent(c, e));
    RETURN_IF_ERROR(RecordAudit(c, clock, who, "credit.propose", "credit_proposal",
                                std::to_string(p.id),
                                {{"list", p.list_kind},
                                 {"target_id", p.target_id},
                                 {"publication_no", p.publication_no},
                                 {"reason", p.reason},
                                 {"due_on", p.due_on}})
                        .status());
  }

  ASSIGN_OR_RETURN(auto rules, EffectiveRulesIn(c, f.department_id));
  const auto moved =
      credit::RiskClassAfter(rules.policy.credit_risk_moves, counted, stored->target.risk_class);
  if (!moved) return OkStatus();
  registers::Target next = stored->target;
  next.risk_class = *moved;
  next.risk_as_of = f.published_on;
  const registers::Changes changes = registers::DiffTargets(stored->target, next);
  RETURN_IF_ERROR(store::UpdateTarget(c, f.target_id, next, now));
  const std::string note = "抽查检查结果 " + f.publication_no + "（" + f.result + "）按" +
                           f.department_name + "细则调整信用风险分类";
  store::HistoryContext h{now, ActorName(who), UserRef(who), note};
  RETURN_IF_ERROR(
      store::AppendHistoryChanges(c, store::kHistoryTarget, f.target_id, "credit", changes, h));
  store::CreditEventRow e = event;
  e.kind = kEventRiskClass;
  e.summary = "信用风险分类由" +
              (stored->target.risk_class.empty() ? std::string("未分类")
                                                 : stored->target.risk_class + "类") +
              "调整为" + *moved + "类（" + f.result + "）";
  RETURN_IF_ERROR(store::InsertCreditEvent(c, e));
  return RecordAudit(c, clock, who, "target.risk_class", "target", next.NaturalKey(),
                     {{"id", f.target_id},
                      {"from", stored->target.risk_class},
                      {"to", *moved},
                      {"publication_no", f.publication_no}})
      .status();
}

CreditService::CreditService(store::Database& db, const Clock& clock, OrgService& org,
                             const WorkingCalendar& calendar)
    : db_(db), clock_(clock), org_(org), calendar_(calendar) {}

StatusOr<CreditProposalView> CreditService::ViewOf(const store::CreditProposalRow& r, Date today) {
  CreditProposalView v;
  v.id = r.id;
  v.list_kind = credit::ParseListKind(r.list_kind).value_or(ListKind::kAbnormal);
  v.target_id = r.target_id;
  v.target_name = r.target_name;
  v.target_key = r.target_key;
  v.department_id = r.department_id;
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  if (const auto* d = snap->FindDepartment(r.department_id)) v.department_name = d->name;
  v.publication_no = r.publication_no;
  v.reason = r.reason;
  v.found_on = Date::Parse(r.found_on).value_or(Date{});
  v.proposed_on = Date::Parse(r.proposed_on).value_or(Date{});
  v.due_on = Date::Parse(r.due_on).value_or(Date{});
  v.due_exact = credit::ProposalDeadline(calendar_, v.found_on).exact();
  v.status = credit::ParseProposalStatus(r.status).value_or(ProposalStatus::kPending);
  if (v.status == ProposalStatus::kPending) {
    v.working_days_left = v.due_on >= today ? calendar_.WorkingDaysBetween(today, v.due_on).value
                                            : -calendar_.WorkingDaysBetween(v.due_on, today).value;
    v.overdue = today > v.due_on;
  }
  v.decided_by = r.decided_by_name;
  v.decided_at = r.decided_at;
  v.decision_reason = r.decision_reason;
  return v;
}

StatusOr<CreditProposalList> CreditService::Proposals(const Principal& who,
                                                      const ProposalFilter& filter) {
  store::CreditProposalQuery q;
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kCreditReaders));
  if (filter.department_id) {
    if (q.within_departments &&
        std::find(q.within_departments->begin(), q.within_departments->end(),
                  *filter.department_id) == q.within_departments->end())
      return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的列入名录建议");
    q.within_departments = std::vector<int64_t>{*filter.department_id};
  }
  if (filter.status) q.status = std::string(credit::ProposalStatusName(*filter.status));
  if (filter.list_kind) q.list_kind = std::string(credit::ListKindName(*filter.list_kind));
  CreditProposalList out;
  out.today = ChinaDate(clock_.Now());
  if (filter.overdue_only) q.due_before = out.today.ToString();
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListCreditProposals(*conn, q));
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto v, ViewOf(r, out.today));
    out.items.push_back(std::move(v));
  }
  return out;
}

StatusOr<CreditProposalView> CreditService::Proposal(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto row, store::FindCreditProposal(*conn, id));
  if (!row)
    return NotFound("PROPOSAL_NOT_FOUND", "列入名录建议不存在（编号 " + std::to_string(id) + "）");
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(row->department_id));
  bool readable = false;
  for (Permission p : kCreditReaders) readable = readable || Authorize(who, p, loc).ok();
  if (!readable) return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的列入名录建议");
  return ViewOf(*row, ChinaDate(clock_.Now()));
}

StatusOr<CreditProposalView> CreditService::Decide(const Principal& who, int64_t id, bool approve,
                                                   const std::string& reason) {
  const std::string now = FormatTimestamp(clock_.Now());
  std::optional<store::CreditProposalRow> decided;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(auto row, store::FindCreditProposal(c, id));
        if (!row)
          return NotFound("PROPOSAL_NOT_FOUND",
                          "列入名录建议不存在（编号 " + std::to_string(id) + "）");
        ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(row->department_id));
        if (!Authorize(who, Permission::kResultApprove, loc).ok()) {
          ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
          const auto* d = snap->FindDepartment(row->department_id);
          return PermissionDenied("PROPOSAL_WRONG_DEPARTMENT",
                                  "只有" + (d ? d->name : std::string("提出建议的部门")) +
                                      "的审核人员才能决定本部门提出的列入名录建议");
        }
        const auto status = credit::ParseProposalStatus(row->status);
        if (status != ProposalStatus::kPending)
          return FailedPrecondition("PROPOSAL_ALREADY_DECIDED",
                                    "该建议已于 " + row->decided_at.value_or("") + " 作出决定（" +
                                        std::string(credit::ProposalStatusDisplay(
                                            status.value_or(ProposalStatus::kPending))) +
                                        "），不能重复决定");
        if (registers::TrimText(reason).empty())
          return InvalidArgument("DECISION_REASON_REQUIRED",
                                 approve ? "决定列入时必须写明理由" : "决定不予列入时必须写明理由");
        RETURN_IF_ERROR(text::CheckText("决定理由", reason, text::kNote));
        const ListKind kind = credit::ParseListKind(row->list_kind).value_or(ListKind::kAbnormal);
        store::CreditProposalRow d = *row;
        d.status = std::string(credit::ProposalStatusName(approve ? ProposalStatus::kApproved
                                                                  : ProposalStatus::kRejected));
        d.decided_by = UserRef(who);
        d.decided_by_name = ActorName(who);
        d.decided_at = now;
        d.decision_reason = reason;
        RETURN_IF_ERROR(store::DecideCreditProposal(c, d));
        const std::string list(credit::ListKindDisplay(kind));
        if (approve)
          RETURN_IF_ERROR(SetListFlagIn(c, clock_, who, d.target_id, kind,
                                        "决定列入" + list + "（建议 " + std::to_string(d.id) +
                                            "，抽查检查结果 " + d.publication_no + "）：" +
                                            reason));
        store::CreditEventRow e;
        e.target_id = d.target_id;
        e.department_id = d.department_id;
        e.kind = kEventDecision;
        e.event_on = ChinaDate(clock_.Now()).ToString();
        e.summary = (approve ? "决定列入" : "决定不予列入") + list + "：" + reason;
        e.publication_no = d.publication_no;
        e.proposal_id = d.id;
        e.created_at = now;
        RETURN_IF_ERROR(store::InsertCreditEvent(c, e));
        RETURN_IF_ERROR(RecordAudit(c, clock_, who, approve ? "credit.approve" : "credit.reject",
                                    "credit_proposal", std::to_string(d.id),
                                    {{"list", d.list_kind},
                                     {"target_id", d.target_id},
                                     {"reason", reason},
                                     {"due_on", d.due_on}})
                            .status());
        decided = d;
        return OkStatus();
      }));
  return ViewOf(*decided, ChinaDate(clock_.Now()));
}

StatusOr<CreditRecord> CreditService::RecordOf(const Principal& who, int64_t target_id) {
  if (!HoldsPermissionSomewhere(who, Permission::kRegisterRead))
    return PermissionDenied(
        "PERMISSION_DENIED",
        "没有权限：需要“" + std::string(PermissionName(Permission::kRegisterRead)) + "”权限");
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto stored, store::FindTarget(*conn, target_id));
  if (!stored)
    return NotFound("TARGET_NOT_FOUND", "检查对象不存在（编号 " + std::to_string(target_id) + "）");
  CreditRecord out;
  out.target_id = target_id;
  out.target_name = stored->target.name;
  out.target_key = stored->target.NaturalKey();
  out.risk_class = stored->target.risk_class;
  out.risk_as_of = stored->target.risk_as_of;
  out.abnormal = stored->target.abnormal;
  out.serious_violation = stored->target.serious_violation;
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  ASSIGN_OR_RETURN(auto within, RecognizedDepartments(org_, who));
  auto recognized = [&](std::optional<int64_t> department_id) {
    return !within || !department_id ||
           std::find(within->begin(), within->end(), *department_id) != within->end();
  };
  ASSIGN_OR_RETURN(auto events, store::ListCreditEvents(*conn, target_id));
  for (const auto& e : events) {
    if (!recognized(e.department_id)) continue;
    CreditEventView v;
    v.id = e.id;
    v.kind = e.kind;
    v.kind_name = EventKindName(e.kind);
    v.event_on = Date::Parse(e.event_on).value_or(Date{});
    v.department_id = e.department_id;
    if (e.department_id)
      if (const auto* d = snap->FindDepartment(*e.department_id)) v.department_name = d->name;
    v.summary = e.summary;
    v.publication_no = e.publication_no;
    v.proposal_id = e.proposal_id;
    out.events.push_back(std::move(v));
  }
  store::CreditProposalQuery q;
  q.target_id = target_id;
  q.within_departments = within;
  ASSIGN_OR_RETURN(auto rows, store::ListCreditProposals(*conn, q));
  const Date today = ChinaDate(clock_.Now());
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(auto v, ViewOf(r, today));
    out.proposals.push_back(std::move(v));
  }
  store::RecognizedInspectionQuery rq;
  rq.department_ids = within;
  rq.target_id = target_id;
  ASSIGN_OR_RETURN(auto results, store::ListRecognizedInspections(*conn, rq));
  for (const auto& r : results) {
    RecognizedResultView v;
    v.department_id = r.department_id;
    if (const auto* d = snap->FindDepartment(r.department_id)) v.department_name = d->name;
    v.completed_on = Date::Parse(r.completed_on).value_or(Date{});
    v.result = r.result;
    v.remark = r.remark;
    v.source = r.source;
    v.publication_no = r.publication_no;
    v.published_on = Date::Parse(r.published_on);
    out.results.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::vector<std::vector<std::string>>> CreditService::CreditResultTable(
    const Principal& who, Date since) {
  if (!who.system && !HoldsPermissionSomewhere(who, Permission::kRegisterRead))
    return PermissionDenied(
        "PERMISSION_DENIED",
        "没有权限：需要“" + std::string(PermissionName(Permission::kRegisterRead)) + "”权限");
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  store::RecognizedInspectionQuery q;
  ASSIGN_OR_RETURN(q.department_ids, RecognizedDepartments(org_, who));
  q.since = since.ToString();
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto rows, store::ListRecognizedInspections(*conn, q));
  std::vector<std::vector<std::string>> out;
  // The columns of the credit platforms' 抽查检查结果 data exchange (公示系统 / 信用平台), with
  // the target's credit flags as the platform holds them now.
  out.push_back({"统一社会信用代码", "市场主体名称", "检查实施机关", "检查完成日期", "检查结果",
                 "抽查类型", "抽查任务编号", "公示编号", "公示日期", "备注", "信用风险分类",
                 "列入经营异常名录", "列入严重违法失信名单", "数据来源"});
  for (const auto& r : rows) {
    const auto* d = snap->FindDepartment(r.department_id);
    std::string key = r.credit_code;
    // Directory keys of targets without a 统一社会信用代码 carry a kind prefix (REG:, OBJ:).
    if (key.starts_with("REG:") || key.starts_with("OBJ:")) key = key.substr(4);
    out.push_back({key, r.target_name, d ? d->name : std::string(), r.completed_on, r.result,
                   r.inspection_type, r.task_no, r.publication_no, r.published_on, r.remark,
                   r.risk_class, r.abnormal ? "是" : "否", r.serious_violation ? "是" : "否",
                   r.source == "import" ? "历史检查记录导入" : "抽查检查结果公示"});
  }
  return out;
}

StatusOr<std::vector<std::vector<std::string>>> CreditService::DecisionTable(
    const Principal& who, std::optional<ListKind> kind, Date since) {
  ProposalFilter f;
  f.list_kind = kind;
  ASSIGN_OR_RETURN(auto list, Proposals(who, f));
  std::vector<std::vector<std::string>> out;
  // The columns of the credit platforms' 列入经营异常名录 / 严重违法失信名单 data exchange.
  out.push_back({"统一社会信用代码", "市场主体名称", "名录类型", "列入事由", "决定结果",
                 "作出决定机关", "决定日期", "决定理由", "查实日期", "决定期限",
                 "抽查检查结果公示编号"});
  for (const auto& v : list.items) {
    if (v.status == ProposalStatus::kPending || !v.decided_at) continue;
    const std::string day = v.decided_at->substr(0, 10);
    if (day < since.ToString()) continue;
    out.push_back({v.target_key, v.target_name, std::string(credit::ListKindDisplay(v.list_kind)),
                   v.reason, v.status == ProposalStatus::kApproved ? "列入" : "不予列入",
                   v.department_name, day, v.decision_reason, v.found_on.ToString(),
                   v.due_on.ToString(), v.publication_no});
  }
  return out;
}

}  // namespace suiji::service
