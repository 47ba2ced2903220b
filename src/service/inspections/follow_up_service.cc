#include "service/inspections/follow_up_service.h"

#include <algorithm>
#include <map>

#include "core/registers/fields.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/readable_scope.h"
#include "store/inspections/follow_up_store.h"
#include "store/inspections/inspection_store.h"
#include "store/user_store.h"

namespace suiji::service {
namespace {

using Json = nlohmann::json;

// Who may read a department's follow-up cases (as for its inspection records).
constexpr std::initializer_list<Permission> kCaseReaders = {
    Permission::kResultApprove, Permission::kPlanWrite, Permission::kPlanApprove,
    Permission::kStatsRead, Permission::kAuditRead};

Status CaseNotFound(int64_t id) {
  return NotFound("FOLLOW_UP_NOT_FOUND", "后续处置不存在（编号 " + std::to_string(id) + "）");
}

std::optional<int64_t> UserRef(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

FollowUpStatus CaseStatusOf(const store::FollowUpCaseRow& r) {
  return r.status == "closed" ? FollowUpStatus::kClosed : FollowUpStatus::kOpen;
}

RecheckStatus RecheckStatusOf(const store::RecheckRow& r) {
  if (r.status == "rectified") return RecheckStatus::kRectified;
  if (r.status == "not_rectified") return RecheckStatus::kNotRectified;
  return RecheckStatus::kOpen;
}

// "CZ-JS-SCJG-2026-000001": prefix, department code, year, sequence.
std::string NextNumber(const std::string& prefix, int64_t taken) {
  char seq[32];
  std::snprintf(seq, sizeof seq, "%06lld", static_cast<long long>(taken) + 1);
  return prefix + seq;
}

Status CheckDeadline(Date deadline, Date today) {
  if (deadline <= today || deadline > today.AddDays(kMaxRectifyDays))
    return InvalidArgument(
        "RECTIFICATION_DEADLINE_INVALID",
        "整改期限应晚于今天（" + today.ToString() + "），且不超过一年：" + deadline.ToString());
  return OkStatus();
}

// In-process system principals act for the team; HTTP callers never are.
bool OnTeam(const Principal& who, const std::vector<store::AssignedInspectorRow>& team) {
  if (who.system) return true;
  return who.user_id > 0 && std::any_of(team.begin(), team.end(), [&](const auto& i) {
           return i.user_id && *i.user_id == who.user_id;
         });
}

Status RecordStep(store::Connection& c, const Clock& clock, const Principal& who, int64_t case_id,
                  const std::string& kind, const std::string& organ, const std::string& reference,
                  const std::string& note) {
  store::FollowUpStepRow s;
  s.case_id = case_id;
  s.kind = kind;
  s.organ = organ;
  s.reference = reference;
  s.note = note;
  s.recorded_at = FormatTimestamp(clock.Now());
  s.recorded_by = UserRef(who);
  s.recorded_by_name = who.display_name.empty() ? who.username : who.display_name;
  return store::InsertFollowUpStep(c, s).status();
}

StatusOr<int64_t> InsertRecheckIn(store::Connection& c, const Clock& clock, const Principal& who,
                                  int64_t case_id, const std::string& department_code,
                                  Date deadline) {
  const Date today = ChinaDate(clock.Now());
  const std::string prefix = "FC-" + department_code + "-" + std::to_string(today.year) + "-";
  ASSIGN_OR_RETURN(int64_t taken, store::CountRecheckNumbers(c, prefix));
  store::RecheckRow r;
  r.recheck_no = NextNumber(prefix, taken);
  r.case_id = case_id;
  r.deadline = deadline.ToString();
  r.status = std::string(RecheckStatusName(RecheckStatus::kOpen));
  r.created_at = FormatTimestamp(clock.Now());
  r.created_by = UserRef(who);
  return store::InsertRecheck(c, r);
}

}  // namespace

std::string_view FollowUpStatusName(FollowUpStatus s) {
  return s == FollowUpStatus::kClosed ? "closed" : "open";
}
std::string_view FollowUpStatusDisplay(FollowUpStatus s) {
  return s == FollowUpStatus::kClosed ? "已完结" : "处置中";
}
std::string_view RecheckStatusName(RecheckStatus s) {
  switch (s) {
    case RecheckStatus::kOpen: return "open";
    case RecheckStatus::kRectified: return "rectified";
    case RecheckStatus::kNotRectified: return "not_rectified";
  }
  return "open";
}
std::string_view RecheckStatusDisplay(RecheckStatus s) {
  switch (s) {
    case RecheckStatus::kOpen: return "待复查";
    case RecheckStatus::kRectified: return "已整改";
    case RecheckStatus::kNotRectified: return "未整改";
  }
  return "待复查";
}
std::string_view TransferKindName(TransferKind k) {
  return k == TransferKind::kNotify ? "notify" : "transfer";
}
std::string_view TransferKindDisplay(TransferKind k) {
  return k == TransferKind::kNotify ? "抄告" : "移送";
}
std::optional<TransferKind> ParseTransferKind(std::string_view name) {
  if (name == "transfer") return TransferKind::kTransfer;
  if (name == "notify") return TransferKind::kNotify;
  return std::nullopt;
}

Status OpenFollowUpCaseIn(store::Connection& c, const Clock& clock, const WorkingCalendar& calendar,
                          const Principal& who, const FollowUpOpening& o) {
  std::vector<store::FollowUpItemRow> items;
  bool rectify = false;
  for (const auto& [code, follow_up] : o.items) {
    if (follow_up.empty() || follow_up == kFollowUpNone) continue;
    items.push_back({code, follow_up});
    rectify = rectify || follow_up == kFollowUpRectify;
  }
  if (o.rectify_by && !rectify)
    return InvalidArgument("RECTIFICATION_NOT_ORDERED",
                           "检查结果中没有“责令改正并跟踪复查”的事项，不能设定整改期限");
  if (items.empty()) return OkStatus();
  // A correction publishes the record again: the case opened by the first publication goes on.
  ASSIGN_OR_RETURN(auto existing, store::FindFollowUpCaseOfRecord(c, o.record_id));
  if (existing) return OkStatus();
  const Date today = ChinaDate(clock.Now());
  const Date deadline = o.rectify_by
                            ? *o.rectify_by
                            : calendar.AddWorkingDays(today, kDefaultRectifyWorkingDays).value;
  if (rectify) RETURN_IF_ERROR(CheckDeadline(deadline, today));

  store::FollowUpCaseRow row;
  const std::string prefix = "CZ-" + o.department_code + "-" + std::to_string(today.year) + "-";
  ASSIGN_OR_RETURN(int64_t taken, store::CountCaseNumbers(c, prefix));
  row.case_no = NextNumber(prefix, taken);
  row.record_id = o.record_id;
  row.task_id = o.task_id;
  row.target_id = o.target_id;
  row.department_id = o.department_id;
  row.publication_no = o.publication_no;
  row.follow_ups = items;
  row.status = std::string(FollowUpStatusName(FollowUpStatus::kOpen));
  row.created_at = FormatTimestamp(clock.Now());
  row.created_by = UserRef(who);
  ASSIGN_OR_RETURN(row.id, store::InsertFollowUpCase(c, row));
  Json follow_ups = Json::array();
  for (const auto& it : items)
    follow_ups.push_back({{"item_code", it.item_code}, {"follow_up", it.follow_up}});
  RETURN_IF_ERROR(RecordStep(c, clock, who, row.id, "opened", "", o.publication_no, ""));
  Json payload = {{"id", row.id},
                  {"record_id", o.record_id},
                  {"publication_no", o.publication_no},
                  {"follow_ups", follow_ups}};
  if (rectify) {
    ASSIGN_OR_RETURN(int64_t recheck_id,
                     InsertRecheckIn(c, clock, who, row.id, o.department_code, deadline));
    RETURN_IF_ERROR(RecordStep(c, clock, who, row.id, "recheck_ordered", "", "",
                               "整改期限 " + deadline.ToString()));
    payload["recheck"] = {{"id", recheck_id}, {"deadline", deadline.ToString()}};
  }
  return RecordAudit(c, clock, who, "followup.open", "follow_up_case", row.case_no, payload)
      .status();
}

// --- the service ---------------------------------------------------------------------------------

struct FollowUpService::Loaded {
  store::FollowUpCaseRow row;
  std::vector<store::RecheckRow> rechecks;
  std::vector<store::TransferRow> transfers;
  std::vector<store::FollowUpStepRow> steps;
  std::vector<store::AssignedInspectorRow> team;
  std::optional<store::RecordContextRow> ctx;

  const store::RecheckRow* OpenRecheck() const {
    for (const auto& r : rechecks)
      if (r.status == "open") return &r;
    return nullptr;
  }
  bool AwaitingReceipt() const {
    return std::any_of(transfers.begin(), transfers.end(),
                       [](const auto& t) { return t.status == "pending"; });
  }
};

FollowUpService::FollowUpService(store::Database& db, const Clock& clock, OrgService& org)
    : db_(db), clock_(clock), org_(org) {}

StatusOr<FollowUpService::Loaded> FollowUpService::LoadIn(store::Connection& c, int64_t case_id) {
  ASSIGN_OR_RETURN(auto row, store::FindFollowUpCase(c, case_id));
  if (!row) return CaseNotFound(case_id);
  Loaded l;
  l.row = std::move(*row);
  const std::vector<int64_t> ids{case_id};
  ASSIGN_OR_RETURN(l.rechecks, store::ListRechecks(c, ids));
  ASSIGN_OR_RETURN(l.transfers, store::ListTransfers(c, ids));
  ASSIGN_OR_RETURN(l.steps, store::ListFollowUpSteps(c, ids));
  ASSIGN_OR_RETURN(l.team, store::ListAssignedInspectors(c, l.row.task_id, l.row.target_id,
                                                         l.row.department_id));
  ASSIGN_OR_RETURN(
      l.ctx, store::FindRecordContext(c, l.row.task_id, l.row.target_id, l.row.department_id));
  return l;
}

Status FollowUpService::RequireManager(const Principal& who, const Loaded& l) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(l.row.department_id));
  if (Authorize(who, Permission::kResultApprove, loc).ok()) return OkStatus();
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  const auto* dept = snap->FindDepartment(l.row.department_id);
  return PermissionDenied("PERMISSION_DENIED", "只有" +
                                                   (dept ? dept->name : std::string("检查部门")) +
                                                   "的审核人员才能办理本部门的后续处置");
}

bool FollowUpService::MayRead(const Principal& who, const Loaded& l) {
  auto reads = [&](int64_t department_id) {
    auto loc = org_.LocationOfDepartment(department_id);
    if (!loc.ok()) return false;
    return std::any_of(kCaseReaders.begin(), kCaseReaders.end(),
                       [&](Permission p) { return Authorize(who, p, *loc).ok(); });
  };
  if (OnTeam(who, l.team) || reads(l.row.department_id)) return true;
  return std::any_of(l.transfers.begin(), l.transfers.end(),
                     [&](const auto& t) { return reads(t.to_department_id); });
}

StatusOr<std::vector<FollowUpCaseView>> FollowUpService::ViewsIn(store::Connection& c,
                                                                 const Principal& who,
                                                                 std::vector<Loaded> cases) {
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  const Date today = ChinaDate(clock_.Now());
  std::map<int64_t, std::optional<PersonRef>> people;
  auto person = [&](const std::optional<int64_t>& id) -> StatusOr<std::optional<PersonRef>> {
    if (!id) return std::optional<PersonRef>();
    auto it = people.find(*id);
    if (it != people.end()) return it->second;
    ASSIGN_OR_RETURN(auto u, store::FindUserById(c, *id));
    std::optional<PersonRef> p = PersonRef{*id, u ? u->user.display_name : ""};
    people.emplace(*id, p);
    return p;
  };
  auto dept_name = [&](int64_t id) {
    const auto* d = snap->FindDepartment(id);
    return d ? d->name : std::to_string(id);
  };
  std::vector<FollowUpCaseView> out;
  for (auto& l : cases) {
    FollowUpCaseView v;
    const auto& r = l.row;
    v.id = r.id;
    v.case_no = r.case_no;
    v.record_id = r.record_id;
    v.task_id = r.task_id;
    v.target_id = r.target_id;
    v.department_id = r.department_id;
    v.department_name = dept_name(r.department_id);
    if (l.ctx) {
      v.task_no = l.ctx->task_no;
      v.task_title = l.ctx->task_title;
      v.target_name = l.ctx->target_name;
      v.target_key = l.ctx->target_key;
    }
    v.publication_no = r.publication_no;
    for (const auto& it : r.follow_ups) v.follow_ups.emplace_back(it.item_code, it.follow_up);
    v.status = CaseStatusOf(r);
    v.awaiting_receipt = l.AwaitingReceipt();
    v.created_at = r.created_at;
    v.closed_at = r.closed_at;
    for (const auto& m : l.team) v.team.push_back({m.inspector_id, m.name});
    for (const auto& x : l.rechecks) {
      RecheckView rv;
      rv.id = x.id;
      rv.recheck_no = x.recheck_no;
      rv.deadline = Date::Parse(x.deadline).value_or(Date{});
      rv.status = RecheckStatusOf(x);
      rv.overdue = rv.status == RecheckStatus::kOpen && rv.deadline < today;
      v.overdue = v.overdue || rv.overdue;
      if (x.rechecked_on) rv.rechecked_on = Date::Parse(*x.rechecked_on);
      rv.findings = x.findings;
      ASSIGN_OR_RETURN(rv.recorded_by, person(x.recorded_by));
      rv.recorded_at = x.recorded_at;
      rv.created_at = x.created_at;
      v.rechecks.push_back(std::move(rv));
    }
    for (const auto& x : l.transfers) {
      TransferView tv;
      tv.id = x.id;
      tv.kind = ParseTransferKind(x.kind).value_or(TransferKind::kTransfer);
      tv.to_department_id = x.to_department_id;
      tv.to_department_name = dept_name(x.to_department_id);
      tv.note = x.note;
      tv.received = x.status == "received";
      tv.sent_at = x.sent_at;
      ASSIGN_OR_RETURN(tv.sent_by, person(x.sent_by));
      tv.received_at = x.received_at;
      ASSIGN_OR_RETURN(tv.received_by, person(x.received_by));
      if (!tv.received && !v.can_receive) {
        auto loc = org_.LocationOfDepartment(x.to_department_id);
        v.can_receive = loc.ok() && Authorize(who, Permission::kResultApprove, *loc).ok();
      }
      v.transfers.push_back(std::move(tv));
    }
    for (const auto& s : l.steps)
      v.steps.push_back({s.kind, s.organ, s.reference, s.note, s.recorded_at, s.recorded_by_name});
    const bool open = v.status == FollowUpStatus::kOpen;
    v.can_manage = open && RequireManager(who, l).ok();
    v.can_recheck = open && l.OpenRecheck() != nullptr && !who.system && OnTeam(who, l.team) &&
                    HoldsPermissionSomewhere(who, Permission::kInspectRecord);
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<FollowUpPage> FollowUpService::List(const Principal& who, const Filter& f) {
  if (!f.scope.empty() && f.scope != "own" && f.scope != "incoming" && f.scope != "mine")
    return InvalidArgument("QUERY_INVALID", "scope 应为 own、incoming 或 mine：" + f.scope);
  store::FollowUpCaseQuery q;
  if (f.status) q.status = std::string(FollowUpStatusName(*f.status));
  q.record_id = f.record_id;
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, kCaseReaders));
  const bool all = !readable.has_value();
  if (f.scope == "own") {
    q.owners = readable.value_or(std::vector<int64_t>());
    if (all) q.owners.reset();
  } else if (f.scope == "incoming") {
    q.receivers = readable.value_or(std::vector<int64_t>());
    if (all) q.owners = std::vector<int64_t>(), q.receivers.reset();
  } else if (!all) {
    q.owners = *readable;
    q.receivers = *readable;
  }
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  std::vector<store::FollowUpCaseRow> rows;
  if (f.scope == "incoming" && all) {
    // Every department's incoming cases: those with any 移送 / 抄告.
    store::FollowUpCaseQuery any = q;
    any.owners.reset();
    any.receivers.reset();
    ASSIGN_OR_RETURN(auto every, store::ListFollowUpCases(*conn, any));
    std::vector<int64_t> ids;
    for (const auto& r : every) ids.push_back(r.id);
    ASSIGN_OR_RETURN(auto transfers, store::ListTransfers(*conn, ids));
    for (const auto& r : every)
      if (std::any_of(transfers.begin(), transfers.end(),
                      [&](const auto& t) { return t.case_id == r.id; }))
        rows.push_back(r);
  } else {
    // The inspectors' own 复查 tasks are found by team below, whatever their departments' grants.
    if (f.scope == "mine") q.owners.reset(), q.receivers.reset();
    ASSIGN_OR_RETURN(rows, store::ListFollowUpCases(*conn, q));
  }
  std::vector<Loaded> matching;
  for (auto& r : rows) {
    ASSIGN_OR_RETURN(Loaded l, LoadIn(*conn, r.id));
    if (f.scope == "mine" ? (who.system || !OnTeam(who, l.team)) : !MayRead(who, l)) continue;
    matching.push_back(std::move(l));
  }
  FollowUpPage page;
  page.total = static_cast<int64_t>(matching.size());
  const Date today = ChinaDate(clock_.Now());
  for (const auto& l : matching) {
    (CaseStatusOf(l.row) == FollowUpStatus::kOpen ? page.summary.open : page.summary.closed)++;
    if (l.AwaitingReceipt()) ++page.summary.awaiting_receipt;
    for (const auto& r : l.rechecks) {
      if (r.status != "open") {
        ++page.summary.rechecks_done;
        continue;
      }
      ++page.summary.rechecks_open;
      if (Date::Parse(r.deadline).value_or(today) < today) ++page.summary.rechecks_overdue;
    }
  }
  const size_t from = std::min(matching.size(), static_cast<size_t>(std::max(f.offset, 0)));
  const size_t to =
      std::min(matching.size(), from + static_cast<size_t>(std::clamp(f.limit, 1, 200)));
  std::vector<Loaded> shown(std::make_move_iterator(matching.begin() + static_cast<long>(from)),
                            std::make_move_iterator(matching.begin() + static_cast<long>(to)));
  ASSIGN_OR_RETURN(page.items, ViewsIn(*conn, who, std::move(shown)));
  return page;
}

StatusOr<FollowUpCaseView> FollowUpService::Get(const Principal& who, int64_t case_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(Loaded l, LoadIn(*conn, case_id));
  if (!MayRead(who, l)) return PermissionDenied("PERMISSION_DENIED", "没有权限查看该后续处置");
  std::vector<Loaded> one;
  one.push_back(std::move(l));
  ASSIGN_OR_RETURN(auto views, ViewsIn(*conn, who, std::move(one)));
  return std::move(views.front());
}

StatusOr<FollowUpCaseView> FollowUpService::Change(
    const Principal& who, int64_t case_id,
    const std::function<Status(store::Connection&, Loaded&)>& fn) {
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(Loaded l, LoadIn(c, case_id));
        return fn(c, l);
      }));
  return Get(who, case_id);
}

Status FollowUpService::StepIn(store::Connection& c, const Principal& who, const Loaded& l,
                               const std::string& kind, const std::string& organ,
                               const std::string& reference, const std::string& note) {
  return RecordStep(c, clock_, who, l.row.id, kind, organ, reference, note);
}

namespace {

Status RequireOpen(const store::FollowUpCaseRow& r) {
  if (CaseStatusOf(r) == FollowUpStatus::kOpen) return OkStatus();
  return FailedPrecondition("CASE_CLOSED", "后续处置 " + r.case_no + " 已完结，不能再办理");
}

}  // namespace

Status FollowUpService::SettleIn(store::Connection& c, const Principal& who, int64_t case_id) {
  ASSIGN_OR_RETURN(Loaded l, LoadIn(c, case_id));
  if (CaseStatusOf(l.row) != FollowUpStatus::kOpen || l.OpenRecheck() || l.AwaitingReceipt())
    return OkStatus();
  const bool concluded = std::any_of(l.rechecks.begin(), l.rechecks.end(),
                                     [](const auto& r) { return r.status == "rectified"; }) ||
                         std::any_of(l.transfers.begin(), l.transfers.end(),
                                     [](const auto& t) { return t.status == "received"; }) ||
                         std::any_of(l.steps.begin(), l.steps.end(), [](const auto& s) {
                           return s.kind == "judicial" || s.kind == "filing";
                         });
  if (!concluded) return OkStatus();
  const std::string now = FormatTimestamp(clock_.Now());
  RETURN_IF_ERROR(store::CloseFollowUpCase(c, case_id, now, UserRef(who)));
  RETURN_IF_ERROR(StepIn(c, who, l, "closed", "", "", "处置完毕，自动完结"));
  return RecordAudit(c, clock_, who, "followup.close", "follow_up_case", l.row.case_no,
                     {{"id", case_id}, {"automatic", true}})
      .status();
}

StatusOr<FollowUpCaseView> FollowUpService::AddRecheck(const Principal& who, int64_t case_id,
                                                       Date deadline) {
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    if (l.OpenRecheck())
      return FailedPrecondition("RECHECK_OPEN", "该后续处置已有未完成的复查任务");
    RETURN_IF_ERROR(CheckDeadline(deadline, ChinaDate(clock_.Now())));
    ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
    const auto* dept = snap->FindDepartment(l.row.department_id);
    ASSIGN_OR_RETURN(
        int64_t id,
        InsertRecheckIn(c, clock_, who, case_id,
                        dept ? dept->code : std::to_string(l.row.department_id), deadline));
    RETURN_IF_ERROR(
        StepIn(c, who, l, "recheck_ordered", "", "", "整改期限 " + deadline.ToString()));
    return RecordAudit(c, clock_, who, "followup.recheck_add", "follow_up_case", l.row.case_no,
                       {{"id", case_id}, {"recheck_id", id}, {"deadline", deadline.ToString()}})
        .status();
  });
}

StatusOr<FollowUpCaseView> FollowUpService::SetDeadline(const Principal& who, int64_t case_id,
                                                        int64_t recheck_id, Date deadline) {
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    auto it = std::find_if(l.rechecks.begin(), l.rechecks.end(),
                           [&](const auto& r) { return r.id == recheck_id; });
    if (it == l.rechecks.end())
      return NotFound("RECHECK_NOT_FOUND",
                      "复查任务不存在（编号 " + std::to_string(recheck_id) + "）");
    RETURN_IF_ERROR(CheckDeadline(deadline, ChinaDate(clock_.Now())));
    RETURN_IF_ERROR(store::SetRecheckDeadline(c, recheck_id, deadline.ToString()));
    RETURN_IF_ERROR(StepIn(c, who, l, "deadline", "", it->recheck_no,
                           "整改期限由 " + it->deadline + " 改为 " + deadline.ToString()));
    return RecordAudit(c, clock_, who, "followup.deadline", "follow_up_case", l.row.case_no,
                       {{"id", case_id},
                        {"recheck_id", recheck_id},
                        {"from", it->deadline},
                        {"to", deadline.ToString()}})
        .status();
  });
}

StatusOr<FollowUpCaseView> FollowUpService::Transfer(const Principal& who, int64_t case_id,
                                                     TransferKind kind, int64_t to_department_id,
                                                     const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("移送说明", note, text::kNote));
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
    const auto* to = snap->FindDepartment(to_department_id);
    if (!to || !to->active)
      return NotFound("DEPARTMENT_NOT_FOUND",
                      "接收部门不存在（编号 " + std::to_string(to_department_id) + "）");
    if (to_department_id == l.row.department_id)
      return InvalidArgument("TRANSFER_TO_SELF", "不能移送给本部门，请选择其他接收部门");
    if (std::any_of(l.transfers.begin(), l.transfers.end(), [&](const auto& t) {
          return t.to_department_id == to_department_id && t.status == "pending";
        }))
      return FailedPrecondition("TRANSFER_PENDING",
                                to->name + "尚未确认接收上一次移送，不能重复移送");
    store::TransferRow t;
    t.case_id = case_id;
    t.kind = std::string(TransferKindName(kind));
    t.to_department_id = to_department_id;
    t.note = note;
    t.status = "pending";
    t.sent_at = FormatTimestamp(clock_.Now());
    t.sent_by = UserRef(who);
    ASSIGN_OR_RETURN(t.id, store::InsertTransfer(c, t));
    RETURN_IF_ERROR(
        StepIn(c, who, l, "transfer", to->name, std::string(TransferKindDisplay(kind)), note));
    return RecordAudit(c, clock_, who, "followup.transfer", "follow_up_case", l.row.case_no,
                       {{"id", case_id},
                        {"transfer_id", t.id},
                        {"kind", t.kind},
                        {"to_department_id", to_department_id},
                        {"note", note}})
        .status();
  });
}

StatusOr<FollowUpCaseView> FollowUpService::ConfirmReceipt(const Principal& who, int64_t case_id,
                                                           int64_t transfer_id) {
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    auto it = std::find_if(l.transfers.begin(), l.transfers.end(),
                           [&](const auto& t) { return t.id == transfer_id; });
    if (it == l.transfers.end())
      return NotFound("TRANSFER_NOT_FOUND",
                      "移送记录不存在（编号 " + std::to_string(transfer_id) + "）");
    ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(it->to_department_id));
    if (!Authorize(who, Permission::kResultApprove, loc).ok())
      return PermissionDenied("NOT_RECEIVING_DEPARTMENT",
                              "只有接收部门的审核人员才能确认接收该移送");
    const std::string now = FormatTimestamp(clock_.Now());
    RETURN_IF_ERROR(store::ReceiveTransfer(c, transfer_id, now, UserRef(who)));
    ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
    const auto* to = snap->FindDepartment(it->to_department_id);
    RETURN_IF_ERROR(StepIn(c, who, l, "receipt", to ? to->name : "", "", ""));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "followup.receipt", "follow_up_case", l.row.case_no,
                                {{"id", case_id},
                                 {"transfer_id", transfer_id},
                                 {"department_id", it->to_department_id}})
                        .status());
    return SettleIn(c, who, case_id);
  });
}

StatusOr<FollowUpCaseView> FollowUpService::RecordJudicial(const Principal& who, int64_t case_id,
                                                           const std::string& organ,
                                                           const std::string& reference,
                                                           const std::string& note) {
  RETURN_IF_ERROR(text::CheckRequiredText("接收的司法机关", organ, text::kName));
  RETURN_IF_ERROR(text::CheckRequiredText("移送文书编号", reference, text::kName));
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    RETURN_IF_ERROR(StepIn(c, who, l, "judicial", organ, reference, note));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "followup.judicial", "follow_up_case",
                                l.row.case_no,
                                {{"id", case_id}, {"organ", organ}, {"reference", reference}})
                        .status());
    return SettleIn(c, who, case_id);
  });
}

StatusOr<FollowUpCaseView> FollowUpService::RecordFiling(const Principal& who, int64_t case_id,
                                                         const std::string& reference,
                                                         const std::string& note) {
  RETURN_IF_ERROR(text::CheckRequiredText("立案编号", reference, text::kName));
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    RETURN_IF_ERROR(StepIn(c, who, l, "filing", "", reference, note));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "followup.filing", "follow_up_case", l.row.case_no,
                                {{"id", case_id}, {"reference", reference}})
                        .status());
    return SettleIn(c, who, case_id);
  });
}

StatusOr<FollowUpCaseView> FollowUpService::Close(const Principal& who, int64_t case_id,
                                                  const std::string& note) {
  RETURN_IF_ERROR(text::CheckRequiredText("办结说明", note, text::kNote));
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireManager(who, l));
    RETURN_IF_ERROR(RequireOpen(l.row));
    if (l.OpenRecheck() || l.AwaitingReceipt())
      return FailedPrecondition("CASE_PENDING_STEPS",
                                "还有未完成的复查或未确认接收的移送，不能办结");
    RETURN_IF_ERROR(
        store::CloseFollowUpCase(c, case_id, FormatTimestamp(clock_.Now()), UserRef(who)));
    RETURN_IF_ERROR(StepIn(c, who, l, "closed", "", "", note));
    return RecordAudit(c, clock_, who, "followup.close", "follow_up_case", l.row.case_no,
                       {{"id", case_id}, {"automatic", false}, {"note", note}})
        .status();
  });
}

StatusOr<FollowUpCaseView> FollowUpService::RecordRecheck(const Principal& who, int64_t case_id,
                                                          int64_t recheck_id,
                                                          const RecheckResult& result) {
  RETURN_IF_ERROR(text::CheckText("复查情况", result.findings, text::kNote));
  return Change(who, case_id, [&](store::Connection& c, Loaded& l) -> Status {
    if (!HoldsPermissionSomewhere(who, Permission::kInspectRecord) || !OnTeam(who, l.team))
      return PermissionDenied("NOT_ASSIGNED_INSPECTOR",
                              "只有原检查组的执法检查人员才能录入复查结果");
    RETURN_IF_ERROR(RequireOpen(l.row));
    auto it = std::find_if(l.rechecks.begin(), l.rechecks.end(),
                           [&](const auto& r) { return r.id == recheck_id; });
    if (it == l.rechecks.end())
      return NotFound("RECHECK_NOT_FOUND",
                      "复查任务不存在（编号 " + std::to_string(recheck_id) + "）");
    const Date today = ChinaDate(clock_.Now());
    const auto opened = ParseTimestamp(it->created_at);
    if (result.rechecked_on > today || (opened && result.rechecked_on < ChinaDate(*opened)))
      return InvalidArgument("RECHECK_DATE_INVALID", "复查日期应在复查任务下达之后、不晚于今天：" +
                                                         result.rechecked_on.ToString());
    if (!result.rectified && registers::TrimText(result.findings).empty())
      return InvalidArgument("RECHECK_FINDINGS_REQUIRED", "复查发现未整改时，必须写明复查情况");
    store::RecheckRow r = *it;
    r.status = std::string(RecheckStatusName(result.rectified ? RecheckStatus::kRectified
                                                              : RecheckStatus::kNotRectified));
    r.rechecked_on = result.rechecked_on.ToString();
    r.findings = result.findings;
    r.recorded_by = UserRef(who);
    r.recorded_at = FormatTimestamp(clock_.Now());
    RETURN_IF_ERROR(store::RecordRecheck(c, r));
    RETURN_IF_ERROR(StepIn(c, who, l, "recheck", "", it->recheck_no,
                           std::string(RecheckStatusDisplay(RecheckStatusOf(r))) +
                               (result.findings.empty() ? "" : "：" + result.findings)));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "followup.recheck", "follow_up_case", l.row.case_no,
                                {{"id", case_id},
                                 {"recheck_id", recheck_id},
                                 {"status", r.status},
                                 {"rechecked_on", *r.rechecked_on}})
                        .status());
    return SettleIn(c, who, case_id);
  });
}

}  // namespace suiji::service
