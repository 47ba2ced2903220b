#include "service/inspections/inspection_service.h"

#include <algorithm>
#include <map>

#include "core/hash.h"
#include "core/plans/task.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/credit/credit_service.h"
#include "service/inspections/follow_up_service.h"
#include "service/inspections/public_result_json.h"
#include "service/oversight/messages.h"
#include "service/readable_scope.h"
#include "store/inspections/enterprise_link_store.h"
#include "store/inspections/inspection_store.h"
#include "store/plans/plan_store.h"
#include "store/registers/history_store.h"
#include "store/registers/target_store.h"
#include "store/user_store.h"
#include "tabular/writer.h"

#include <filesystem>

namespace suiji::service {
namespace {

using inspections::RecordEntry;
using inspections::RecordStatus;
using Json = nlohmann::json;

// The 备注 of a publication whose target's 信用承诺书 was found false.
constexpr char kFalseCommitmentNote[] = "企业通过在线检查链接签署的信用承诺书经核查不实";

// Who may read a department's inspection records besides the inspectors the draw sent.
constexpr std::initializer_list<Permission> kResultReaders = {
    Permission::kResultApprove, Permission::kPlanWrite, Permission::kPlanApprove,
    Permission::kStatsRead, Permission::kAuditRead};

Status RecordNotFound(int64_t id) {
  return NotFound("RECORD_NOT_FOUND", "检查记录不存在（编号 " + std::to_string(id) + "）");
}

std::optional<Date> ParseOptDate(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return Date::Parse(*s);
}

std::optional<std::string> DateText(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToString();
}

RecordEntry EntryOf(const store::InspectionRecordRow& r) {
  RecordEntry e;
  e.cannot_inspect = r.cannot_inspect;
  e.cannot_inspect_on = ParseOptDate(r.cannot_inspect_on);
  e.remark = r.remark;
  for (const auto& it : r.items)
    e.items.push_back({it.item_code, it.methods, ParseOptDate(it.inspected_on), it.findings,
                       it.handling, it.result, it.follow_up, it.confidential, it.lenient});
  std::sort(e.items.begin(), e.items.end(),
            [](auto& a, auto& b) { return a.item_code < b.item_code; });
  return e;
}

void PutEntry(store::InspectionRecordRow& r, RecordEntry e) {
  std::sort(e.items.begin(), e.items.end(),
            [](auto& a, auto& b) { return a.item_code < b.item_code; });
  r.cannot_inspect = e.cannot_inspect;
  r.cannot_inspect_on = DateText(e.cannot_inspect_on);
  r.remark = e.remark;
  r.items.clear();
  for (const auto& it : e.items)
    r.items.push_back({it.item_code, it.methods, DateText(it.inspected_on), it.findings,
                       it.handling, it.result, it.follow_up, it.confidential, it.lenient});
}

RecordStatus StatusOf(const store::InspectionRecordRow& r) {
  return inspections::ParseRecordStatus(r.status).value_or(RecordStatus::kPending);
}

Json EntryJson(const RecordEntry& e) {
  Json items = Json::array();
  for (const auto& it : e.items)
    items.push_back({{"item_code", it.item_code},
                     {"methods", it.methods},
                     {"inspected_on", it.inspected_on ? Json(it.inspected_on->ToString()) : Json()},
                     {"result", it.result},
                     {"follow_up", it.follow_up},
                     {"findings_sha256", ToHex(Sha256(it.findings))},
                     {"handling_sha256", ToHex(Sha256(it.handling))},
                     {"confidential", it.confidential},
                     {"lenient", it.lenient}});
  return {
      {"cannot_inspect", e.cannot_inspect},
      {"cannot_inspect_on", e.cannot_inspect_on ? Json(e.cannot_inspect_on->ToString()) : Json()},
      {"items", items}};
}

PublicationView ToPublicationView(const store::PublicationRow& r) {
  PublicationView v;
  v.id = r.id;
  v.record_id = r.record_id;
  v.department_id = r.department_id;
  auto& p = v.result;
  p.publication_no = r.publication_no;
  p.credit_code = r.credit_code;
  p.name = r.name;
  p.plan_no = r.plan_no;
  p.plan_name = r.plan_name;
  p.task_no = r.task_no;
  p.task_name = r.task_name;
  p.inspection_type = r.inspection_type;
  p.authority = r.authority;
  p.completed_on = Date::Parse(r.completed_on).value_or(Date{});
  p.result = r.result;
  p.remark = r.remark;
  p.published_on = Date::Parse(r.published_on).value_or(Date{});
  p.deadline = Date::Parse(r.deadline).value_or(Date{});
  p.corrects = r.corrects_no;
  v.published_at = r.published_at;
  return v;
}

EvidenceView ToEvidenceView(const store::EvidenceRow& e) {
  return {e.id, e.item_code, e.sha256, e.media_type, e.size, e.file_name, e.uploaded_at};
}

// Signed working days from `today` to `deadline` (negative when past).
int64_t WorkingDaysLeft(const WorkingCalendar& cal, Date today, Date deadline) {
  if (deadline >= today) return cal.WorkingDaysBetween(today, deadline).value;
  return -cal.WorkingDaysBetween(deadline, today).value;
}

// The acting user for *_by columns; none for in-process system principals.
std::optional<int64_t> UserRef(const Principal& who) {
  return who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

// Stores `r` as the revision after the one it was loaded with (compare-and-set on that one:
// RECORD_CHANGED when another request wrote in between).
Status WriteNextRevision(store::Connection& c, store::InspectionRecordRow& r,
                         const std::string& now) {
  const int64_t loaded = r.revision;
  r.updated_at = now;
  r.revision = loaded + 1;
  return store::UpdateInspectionRecord(c, r, loaded);
}

std::optional<int64_t> RateBp(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return part * 10000 / whole;
}

}  // namespace

struct InspectionService::Loaded {
  store::RecordContextRow ctx;
  std::optional<store::InspectionRecordRow> record;
  std::vector<store::AssignedInspectorRow> inspectors;
};

InspectionService::InspectionService(store::Database& db, const Clock& clock, OrgService& org,
                                     DictionaryService& dictionaries,
                                     const WorkingCalendar& calendar, EvidenceStore& evidence)
    : db_(db),
      clock_(clock),
      org_(org),
      dictionaries_(dictionaries),
      calendar_(calendar),
      evidence_(evidence) {}

// --- loading and permissions -------------------------------------------------------------------

StatusOr<InspectionService::Loaded> InspectionService::LoadIn(store::Connection& c, int64_t task_id,
                                                              int64_t target_id,
                                                              int64_t department_id) {
  ASSIGN_OR_RETURN(auto ctx, store::FindRecordContext(c, task_id, target_id, department_id));
  if (!ctx)
    return NotFound("TASK_TARGET_NOT_FOUND",
                    "该检查对象不在此任务中，或该部门不参加此任务的检查（任务 " +
                        std::to_string(task_id) + "，对象 " + std::to_string(target_id) +
                        "，部门 " + std::to_string(department_id) + "）");
  Loaded l{std::move(*ctx), std::nullopt, {}};
  ASSIGN_OR_RETURN(l.record,
                   store::FindInspectionRecordByKey(c, task_id, target_id, department_id));
  ASSIGN_OR_RETURN(l.inspectors,
                   store::ListAssignedInspectors(c, task_id, target_id, department_id));
  return l;
}

StatusOr<InspectionService::Loaded> InspectionService::LoadByIdIn(store::Connection& c,
                                                                  int64_t record_id) {
  ASSIGN_OR_RETURN(auto r, store::FindInspectionRecord(c, record_id));
  if (!r) return RecordNotFound(record_id);
  return LoadIn(c, r->task_id, r->target_id, r->department_id);
}

StatusOr<RecordView> InspectionService::ViewIn(store::Connection& c, const Loaded& l) {
  RecordView v;
  v.task_id = l.ctx.task_id;
  v.task_no = l.ctx.task_no;
  v.task_title = l.ctx.task_title;
  v.target_id = l.ctx.target_id;
  v.target_name = l.ctx.target_name;
  v.target_key = l.ctx.target_key;
  v.department_id = l.ctx.department_id;
  v.department_name = l.ctx.department_name;
  v.lead_department = l.ctx.lead;
  v.item_codes = l.ctx.item_codes;
  for (const auto& i : l.inspectors) v.inspectors.push_back({i.inspector_id, i.name});
  ASSIGN_OR_RETURN(auto dicts, dictionaries_.Current());
  if (!l.record) {
    v.summary_result = "";
    return v;
  }
  const auto& r = *l.record;
  auto person = [&](const std::optional<int64_t>& id) -> StatusOr<std::optional<PersonRef>> {
    if (!id) return std::optional<PersonRef>();
    ASSIGN_OR_RETURN(auto u, store::FindUserById(c, *id));
    return std::optional<PersonRef>(PersonRef{*id, u ? u->user.display_name : ""});
  };
  v.id = r.id;
  v.status = StatusOf(r);
  v.entry = EntryOf(r);
  v.revision = r.revision;
  v.completed_on = ParseOptDate(r.completed_on);
  if (v.completed_on) {
    auto d = inspections::PublicationDeadline(calendar_, *v.completed_on);
    v.deadline = d.value;
    v.deadline_exact = d.exact();
  }
  v.summary_result =
      inspections::SummaryResult(v.entry, dicts->Get(registers::dict::kInspectionResult));
  ASSIGN_OR_RETURN(v.recorded_by, person(r.recorded_by));
  v.recorded_at = r.recorded_at;
  ASSIGN_OR_RETURN(v.confirmed_by, person(r.confirmed_by));
  v.confirmed_at = r.confirmed_at;
  v.submitted_at = r.submitted_at;
  ASSIGN_OR_RETURN(v.reviewed_by, person(r.reviewed_by));
  v.reviewed_at = r.reviewed_at;
  v.return_reason = r.return_reason;
  ASSIGN_OR_RETURN(auto evidence, store::ListEvidence(c, r.id));
  for (const auto& e : evidence) v.evidence.push_back(ToEvidenceView(e));
  ASSIGN_OR_RETURN(auto pubs, store::ListPublicationsOfRecord(c, r.id));
  for (const auto& p : pubs) v.publications.push_back(ToPublicationView(p));
  return v;
}

Status InspectionService::RequireReader(const Principal& who, int64_t department_id) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(department_id));
  for (Permission p : kResultReaders)
    if (Authorize(who, p, loc).ok()) return OkStatus();
  return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的检查记录");
}

namespace {

// In-process system principals (the demo loader) act for the inspectors; HTTP callers never are.
bool IsAssigned(const Principal& who, const std::vector<store::AssignedInspectorRow>& inspectors) {
  if (who.system) return true;
  return who.user_id > 0 && std::any_of(inspectors.begin(), inspectors.end(), [&](auto& i) {
           return i.user_id && *i.user_id == who.user_id;
         });
}

}  // namespace

Status InspectionService::RequireRecorder(const Principal& who, const Loaded& l) {
  if (!HoldsPermissionSomewhere(who, Permission::kInspectRecord) || !IsAssigned(who, l.inspectors))
    return PermissionDenied(
        "NOT_ASSIGNED_INSPECTOR",
        "只有本次抽取派往该检查对象的" + l.ctx.department_name + "执法检查人员才能录入检查结果");
  return OkStatus();
}

Status InspectionService::RequireReviewer(const Principal& who, const Loaded& l) {
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(l.ctx.department_id));
  if (!Authorize(who, Permission::kResultApprove, loc).ok())
    return PermissionDenied("PERMISSION_DENIED", "只有" + l.ctx.department_name +
                                                     "的审核人员才能审核、公示本部门的检查结果");
  const bool took_part =
      (!who.system && IsAssigned(who, l.inspectors)) ||
      (l.record && ((l.record->recorded_by && *l.record->recorded_by == who.user_id) ||
                    (l.record->confirmed_by && *l.record->confirmed_by == who.user_id)));
  if (took_part)
    return PermissionDenied("REVIEWER_TOOK_PART",
                            "参与检查或录入该记录的人员不能审核、公示自己的检查结果");
  return OkStatus();
}

// --- reading -------------------------------------------------------------------------------------

StatusOr<RecordView> InspectionService::Get(const Principal& who, int64_t task_id,
                                            int64_t target_id, int64_t department_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(Loaded l, LoadIn(*conn, task_id, target_id, department_id));
  if (!IsAssigned(who, l.inspectors)) RETURN_IF_ERROR(RequireReader(who, department_id));
  return ViewIn(*conn, l);
}

StatusOr<RecordView> InspectionService::GetById(const Principal& who, int64_t record_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(*conn, record_id));
  if (!IsAssigned(who, l.inspectors)) RETURN_IF_ERROR(RequireReader(who, l.ctx.department_id));
  return ViewIn(*conn, l);
}

StatusOr<std::vector<RecordView>> InspectionService::ListOfTask(const Principal& who,
                                                                int64_t task_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::ResultLineQuery q;
  q.task_id = task_id;
  ASSIGN_OR_RETURN(auto lines, store::ListResultLines(*conn, q));
  std::vector<RecordView> out;
  std::map<int64_t, bool> readable;  // per department
  for (const auto& line : lines) {
    ASSIGN_OR_RETURN(Loaded l, LoadIn(*conn, line.task_id, line.target_id, line.department_id));
    if (!IsAssigned(who, l.inspectors)) {
      auto it = readable.find(line.department_id);
      if (it == readable.end())
        it =
            readable.emplace(line.department_id, RequireReader(who, line.department_id).ok()).first;
      if (!it->second) continue;
    }
    ASSIGN_OR_RETURN(RecordView v, ViewIn(*conn, l));
    out.push_back(std::move(v));
  }
  if (out.empty() && !lines.empty())
    return PermissionDenied("PERMISSION_DENIED", "没有权限查看该任务的检查记录");
  return out;
}

StatusOr<JointSummary> InspectionService::JointSummaryOf(const Principal& who, int64_t task_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto task, store::FindTaskDepartments(*conn, task_id));
  if (!task)
    return NotFound("TASK_NOT_FOUND", "任务不存在（编号 " + std::to_string(task_id) + "）");
  // Only the lead department gathers every department's records (seed 002); a cooperating
  // department reads its own records through the task's record list.
  ASSIGN_OR_RETURN(auto loc, org_.LocationOfDepartment(task->lead_department_id));
  bool lead_reader = false;
  for (Permission p : kResultReaders) lead_reader = lead_reader || Authorize(who, p, loc).ok();
  if (!lead_reader)
    return PermissionDenied("JOINT_SUMMARY_LEAD_ONLY", "联合检查总表只有牵头部门的人员可以查看");
  if (task->departments < 2)
    return FailedPrecondition("TASK_NOT_JOINT", "该任务只有一个检查部门，不是部门联合抽查任务");
  store::ResultLineQuery q;
  q.task_id = task_id;
  ASSIGN_OR_RETURN(auto lines, store::ListResultLines(*conn, q));
  JointSummary out;
  out.task_id = task_id;
  std::map<int64_t, size_t> target_index;
  for (const auto& line : lines) {
    ASSIGN_OR_RETURN(Loaded l, LoadIn(*conn, line.task_id, line.target_id, line.department_id));
    ASSIGN_OR_RETURN(RecordView v, ViewIn(*conn, l));
    out.task_no = v.task_no;
    out.task_title = v.task_title;
    if (std::none_of(out.departments.begin(), out.departments.end(),
                     [&](const auto& d) { return d.id == v.department_id; }))
      out.departments.push_back(
          {v.department_id, v.department_name, v.lead_department, v.item_codes});
    auto [it, fresh] = target_index.emplace(v.target_id, out.targets.size());
    if (fresh) out.targets.push_back({v.target_id, v.target_name, v.target_key, {}});
    out.targets[it->second].records.push_back(std::move(v));
  }
  std::stable_sort(out.departments.begin(), out.departments.end(),
                   [](const auto& a, const auto& b) { return a.lead > b.lead; });
  for (auto& t : out.targets)
    std::stable_sort(t.records.begin(), t.records.end(), [](const auto& a, const auto& b) {
      return a.lead_department > b.lead_department;
    });
  return out;
}

StatusOr<InspectionRecordPage> InspectionService::List(const Principal& who,
                                                       const RecordFilter& f) {
  store::ResultLineQuery q;
  q.task_id = f.task_id;
  if (!f.mine) {
    ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kResultReaders));
  }
  if (f.department_id) {
    if (q.within_departments &&
        std::find(q.within_departments->begin(), q.within_departments->end(), *f.department_id) ==
            q.within_departments->end())
      return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的检查记录");
    q.within_departments = std::vector<int64_t>{*f.department_id};
  }
  if (!f.statuses.empty()) {
    q.statuses = std::vector<std::string>();
    for (auto s : f.statuses) q.statuses->push_back(std::string(inspections::RecordStatusName(s)));
  }
  if (f.mine) {
    if (who.user_id <= 0) return InspectionRecordPage();
    q.assigned_user_id = who.user_id;
  }
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto lines, store::ListResultLines(*conn, q));
  std::stable_sort(lines.begin(), lines.end(),
                   [](auto& a, auto& b) { return a.task_id > b.task_id; });
  const size_t from = std::min(lines.size(), static_cast<size_t>(std::max(f.offset, 0)));
  const size_t to = std::min(lines.size(), from + static_cast<size_t>(std::clamp(f.limit, 1, 200)));
  InspectionRecordPage out;
  out.total = static_cast<int64_t>(lines.size());
  for (size_t i = from; i < to; ++i) {
    ASSIGN_OR_RETURN(Loaded l,
                     LoadIn(*conn, lines[i].task_id, lines[i].target_id, lines[i].department_id));
    ASSIGN_OR_RETURN(RecordView v, ViewIn(*conn, l));
    out.items.push_back(std::move(v));
  }
  return out;
}

// --- recording -----------------------------------------------------------------------------------

StatusOr<RecordView> InspectionService::Save(const Principal& who, int64_t task_id,
                                             int64_t target_id, int64_t department_id,
                                             const RecordEntry& entry, int64_t expected_revision) {
  ASSIGN_OR_RETURN(auto dicts, dictionaries_.Current());
  const std::string now = FormatTimestamp(clock_.Now());
  const Date today = ChinaDate(clock_.Now());
  int64_t id = 0;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(Loaded l, LoadIn(c, task_id, target_id, department_id));
        RETURN_IF_ERROR(RequireRecorder(who, l));
        const Date earliest = Date::Parse(l.ctx.window_from).value_or(today);
        RETURN_IF_ERROR(registers::ProblemsToStatus(
            inspections::CheckDraft(entry, l.ctx.item_codes, *dicts, earliest, today),
            "RECORD_INVALID"));
        store::InspectionRecordRow r;
        if (l.record) {
          r = *l.record;
          const RecordStatus status = StatusOf(r);
          if (status == RecordStatus::kPublished)
            return FailedPrecondition("RECORD_PUBLISHED",
                                      "检查结果已公示，不能修改；如需更正，请由审核人员发起更正");
          if (!inspections::Editable(status))
            return FailedPrecondition(
                "RECORD_NOT_EDITABLE",
                "检查记录" + std::string(inspections::RecordStatusDisplay(status)) + "，不能修改");
          if (r.revision != expected_revision)
            return FailedPrecondition("RECORD_CHANGED", "检查记录已被他人修改（当前第 " +
                                                            std::to_string(r.revision) +
                                                            " 版），请刷新后再保存");
        } else if (expected_revision != 0) {
          return FailedPrecondition("RECORD_CHANGED", "检查记录尚未保存过，请刷新后再保存");
        }
        const bool changed = !l.record || EntryOf(*l.record) != entry;
        PutEntry(r, entry);
        r.task_id = task_id;
        r.target_id = target_id;
        r.department_id = department_id;
        if (!l.record)
          r.status = std::string(inspections::RecordStatusName(RecordStatus::kPending));
        r.result_dict_version = dicts->Get(registers::dict::kInspectionResult).version;
        r.recorded_by = UserRef(who);
        r.recorded_at = now;
        if (changed)
          r.confirmed_by.reset(), r.confirmed_at.reset();  // a confirmation covers what it saw
        r.updated_at = now;
        r.revision = expected_revision + 1;
        if (l.record) {
          RETURN_IF_ERROR(store::UpdateInspectionRecord(c, r, expected_revision));
          id = r.id;
        } else {
          r.created_at = now;
          ASSIGN_OR_RETURN(id, store::InsertInspectionRecord(c, r));
        }
        return RecordAudit(c, clock_, who, "inspection.save", "inspection_record",
                           std::to_string(id),
                           {{"task_id", task_id},
                            {"target_id", target_id},
                            {"department_id", department_id},
                            {"revision", r.revision},
                            {"entry", EntryJson(entry)}})
            .status();
      }));
  return GetById(who, id);
}

StatusOr<RecordView> InspectionService::Change(
    int64_t record_id, const std::function<Status(store::Connection&, Loaded&)>& change) {
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(c, record_id));
        return change(c, l);
      }));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(*conn, record_id));
  return ViewIn(*conn, l);
}

namespace {

Status RequireStatus(const store::InspectionRecordRow& r,
                     std::initializer_list<RecordStatus> allowed, const std::string& action) {
  const RecordStatus s = StatusOf(r);
  for (RecordStatus a : allowed)
    if (a == s) return OkStatus();
  return FailedPrecondition(
      "RECORD_STATE_INVALID",
      "检查记录当前为“" + std::string(inspections::RecordStatusDisplay(s)) + "”，不能" + action);
}

Status RequireRevision(const store::InspectionRecordRow& r, int64_t expected) {
  if (r.revision == expected) return OkStatus();
  return FailedPrecondition(
      "RECORD_CHANGED",
      "检查记录已被他人修改（当前第 " + std::to_string(r.revision) + " 版），请刷新后再操作");
}

}  // namespace

StatusOr<RecordView> InspectionService::Submit(const Principal& who, int64_t record_id,
                                               int64_t expected_revision) {
  ASSIGN_OR_RETURN(auto dicts, dictionaries_.Current());
  const std::string now = FormatTimestamp(clock_.Now());
  const Date today = ChinaDate(clock_.Now());
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireRecorder(who, l));
    store::InspectionRecordRow r = *l.record;
    RETURN_IF_ERROR(
        RequireStatus(r, {RecordStatus::kPending, RecordStatus::kReturned}, "提交审核"));
    RETURN_IF_ERROR(RequireRevision(r, expected_revision));
    const RecordEntry entry = EntryOf(r);
    const Date earliest = Date::Parse(l.ctx.window_from).value_or(today);
    RETURN_IF_ERROR(registers::ProblemsToStatus(
        inspections::CheckComplete(entry, l.ctx.item_codes, *dicts, earliest, today),
        "RECORD_INCOMPLETE"));
    const auto completed = inspections::CompletedOn(entry);
    r.status = std::string(inspections::RecordStatusName(RecordStatus::kSubmitted));
    r.completed_on = DateText(completed);
    r.submitted_at = now;
    RETURN_IF_ERROR(WriteNextRevision(c, r, now));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "inspection.submit", "inspection_record",
                                std::to_string(r.id),
                                {{"revision", r.revision},
                                 {"completed_on", r.completed_on ? Json(*r.completed_on) : Json()}})
                        .status());
    // The department's approvers review it (issue 14: a message for what waits on a person).
    Notice notice;
    notice.kind = MessageKind::kResultReview;
    notice.subject = "检查结果待审核：" + l.ctx.target_name;
    notice.body = "任务 " + l.ctx.task_no + "「" + l.ctx.task_title + "」中 " + l.ctx.target_name +
                  " 的检查结果已提交，请审核。";
    notice.link = "/console/results/records/" + std::to_string(r.id);
    notice.record_kind = "record";
    notice.record_id = r.id;
    return NotifyDepartmentIn(c, org_, clock_, l.ctx.department_id, Permission::kResultApprove,
                              notice)
        .status();
  });
}

StatusOr<RecordView> InspectionService::Confirm(const Principal& who, int64_t record_id,
                                                int64_t expected_revision) {
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    if (!IsAssigned(who, l.inspectors))
      return PermissionDenied("NOT_ASSIGNED_INSPECTOR", "只有同组的执法检查人员才能确认检查记录");
    store::InspectionRecordRow r = *l.record;
    if (!who.system && r.recorded_by && *r.recorded_by == who.user_id)
      return FailedPrecondition("CONFIRM_OWN_RECORD",
                                "录入人不能确认自己录入的记录，请由同组另一名检查人员确认");
    RETURN_IF_ERROR(RequireStatus(
        r, {RecordStatus::kPending, RecordStatus::kReturned, RecordStatus::kSubmitted}, "确认"));
    RETURN_IF_ERROR(RequireRevision(r, expected_revision));
    r.confirmed_by = UserRef(who);
    r.confirmed_at = now;
    RETURN_IF_ERROR(WriteNextRevision(c, r, now));
    return RecordAudit(c, clock_, who, "inspection.confirm", "inspection_record",
                       std::to_string(r.id), {{"revision", r.revision}})
        .status();
  });
}

StatusOr<EvidenceView> InspectionService::AddEvidence(const Principal& who, int64_t record_id,
                                                      const std::string& item_code,
                                                      const std::string& file_name,
                                                      const std::string& bytes) {
  RETURN_IF_ERROR(text::CheckText("文件名", file_name, text::kName));
  ASSIGN_OR_RETURN(const std::string media_type, evidence_.Check(bytes));
  // Check the record before writing anything.
  {
    ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(*conn, record_id));
    RETURN_IF_ERROR(RequireRecorder(who, l));
    RETURN_IF_ERROR(RequireStatus(*l.record, {RecordStatus::kPending, RecordStatus::kReturned},
                                  "添加证据材料"));
  }
  bool created = false;
  ASSIGN_OR_RETURN(const std::string sha, evidence_.Put(bytes, &created));
  const std::string now = FormatTimestamp(clock_.Now());
  int64_t id = 0;
  Status s =
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(c, record_id));
        RETURN_IF_ERROR(RequireRecorder(who, l));
        RETURN_IF_ERROR(RequireStatus(*l.record, {RecordStatus::kPending, RecordStatus::kReturned},
                                      "添加证据材料"));
        if (!item_code.empty() && std::find(l.ctx.item_codes.begin(), l.ctx.item_codes.end(),
                                            item_code) == l.ctx.item_codes.end())
          return InvalidArgument("EVIDENCE_ITEM_INVALID",
                                 "事项 " + item_code + " 不是本部门在此任务中的抽查事项");
        store::EvidenceRow e{0,         record_id,    item_code,
                             sha,       media_type,   static_cast<int64_t>(bytes.size()),
                             file_name, UserRef(who), now};
        ASSIGN_OR_RETURN(id, store::InsertEvidence(c, e));
        return RecordAudit(c, clock_, who, "inspection.evidence_add", "inspection_record",
                           std::to_string(record_id),
                           {{"evidence_id", id},
                            {"item_code", item_code},
                            {"sha256", sha},
                            {"media_type", media_type},
                            {"size", bytes.size()}})
            .status();
      });
  if (!s.ok()) {
    // The reference was refused: take the file away again unless another record cites it.
    if (created) {
      auto conn = db_.Acquire();
      if (conn.ok()) {
        auto refs = store::CountEvidenceReferences(**conn, sha);
        if (refs.ok() && *refs == 0) evidence_.Remove(sha);
      }
    }
    return s;
  }
  return EvidenceView{id,        item_code, sha, media_type, static_cast<int64_t>(bytes.size()),
                      file_name, now};
}

Status InspectionService::RemoveEvidence(const Principal& who, int64_t record_id,
                                         int64_t evidence_id) {
  std::string sha;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(c, record_id));
        RETURN_IF_ERROR(RequireRecorder(who, l));
        RETURN_IF_ERROR(RequireStatus(*l.record, {RecordStatus::kPending, RecordStatus::kReturned},
                                      "删除证据材料"));
        ASSIGN_OR_RETURN(auto e, store::FindEvidence(c, evidence_id));
        if (!e || e->record_id != record_id)
          return NotFound("EVIDENCE_NOT_FOUND",
                          "证据材料不存在（编号 " + std::to_string(evidence_id) + "）");
        sha = e->sha256;
        RETURN_IF_ERROR(store::DeleteEvidence(c, evidence_id));
        return RecordAudit(c, clock_, who, "inspection.evidence_remove", "inspection_record",
                           std::to_string(record_id),
                           {{"evidence_id", evidence_id}, {"sha256", sha}})
            .status();
      }));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(int64_t refs, store::CountEvidenceReferences(*conn, sha));
  if (refs == 0) evidence_.Remove(sha);
  return OkStatus();
}

StatusOr<std::pair<EvidenceView, std::string>> InspectionService::EvidenceFile(
    const Principal& who, int64_t evidence_id) {
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto e, store::FindEvidence(*conn, evidence_id));
  if (!e)
    return NotFound("EVIDENCE_NOT_FOUND",
                    "证据材料不存在（编号 " + std::to_string(evidence_id) + "）");
  ASSIGN_OR_RETURN(Loaded l, LoadByIdIn(*conn, e->record_id));
  if (!IsAssigned(who, l.inspectors)) RETURN_IF_ERROR(RequireReader(who, l.ctx.department_id));
  return std::make_pair(ToEvidenceView(*e), evidence_.PathOf(e->sha256));
}

StatusOr<EvidenceSweepReport> InspectionService::SweepOrphanEvidence(const Principal& who,
                                                                     std::chrono::seconds grace) {
  const int64_t cutoff =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch() - grace)
          .count();
  auto name_of = [](const EvidenceStore::StoredFile& f) {
    return f.sha256.empty() ? std::filesystem::path(f.path).filename().string() : f.sha256;
  };
  EvidenceSweepReport report;
  std::vector<EvidenceStore::StoredFile> orphans;
  RETURN_IF_ERROR(
      store::WithTransaction(db_, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        orphans.clear();
        const auto files = evidence_.Files();
        report.examined = static_cast<int64_t>(files.size());
        std::vector<std::string> names;
        for (const auto& f : files) {
          if (f.modified_unix > cutoff) continue;
          if (!f.sha256.empty()) {
            ASSIGN_OR_RETURN(int64_t refs, store::CountEvidenceReferences(c, f.sha256));
            if (refs > 0) continue;
          }
          names.push_back(name_of(f));
          orphans.push_back(f);
        }
        if (orphans.empty()) return OkStatus();
        return RecordAudit(c, clock_, who, "evidence.sweep", "evidence", "",
                           {{"removed", names}, {"grace_seconds", grace.count()}})
            .status();
      }));
  for (const auto& f : orphans) {
    EvidenceStore::RemoveFile(f.path);
    report.removed.push_back(name_of(f));
  }
  return report;
}

// --- review and publication ---------------------------------------------------------------------

StatusOr<RecordView> InspectionService::Return(const Principal& who, int64_t record_id,
                                               const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("退回原因", reason, text::kNote));
  if (registers::TrimText(reason).empty())
    return InvalidArgument("RETURN_REASON_REQUIRED", "退回时必须写明退回原因");
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireReviewer(who, l));
    store::InspectionRecordRow r = *l.record;
    RETURN_IF_ERROR(RequireStatus(r, {RecordStatus::kSubmitted}, "退回"));
    r.status = std::string(inspections::RecordStatusName(RecordStatus::kReturned));
    r.return_reason = reason;
    r.reviewed_by = UserRef(who);
    r.reviewed_at = now;
    RETURN_IF_ERROR(WriteNextRevision(c, r, now));
    return RecordAudit(c, clock_, who, "inspection.return", "inspection_record",
                       std::to_string(r.id), {{"revision", r.revision}, {"reason", reason}})
        .status();
  });
}

Status InspectionService::ApplyCannotInspectIn(store::Connection& c, const Principal& who,
                                               const Loaded& l) {
  const auto* outcome = inspections::FindCannotInspect(l.record->cannot_inspect);
  if (!outcome) return OkStatus();
  ASSIGN_OR_RETURN(auto stored, store::FindTarget(c, l.ctx.target_id));
  if (!stored) return OkStatus();
  registers::Target next = stored->target;
  if (!inspections::ApplyTargetEffect(*outcome, next)) return OkStatus();
  const std::string now = FormatTimestamp(clock_.Now());
  const registers::Changes changes = registers::DiffTargets(stored->target, next);
  RETURN_IF_ERROR(store::UpdateTarget(c, l.ctx.target_id, next, now));
  store::HistoryContext h{now, who.display_name,
                          who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt,
                          "抽查任务 " + l.ctx.task_no + "（" + l.ctx.task_title + "）检查结果：" +
                              l.record->cannot_inspect};
  RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryTarget, l.ctx.target_id,
                                              "inspection", changes, h));
  Json changed = Json::array();
  for (const auto& ch : changes) changed.push_back(ch.field);
  return RecordAudit(c, clock_, who, "target.inspection_outcome", "target", next.NaturalKey(),
                     {{"id", l.ctx.target_id},
                      {"record_id", l.record->id},
                      {"outcome", l.record->cannot_inspect},
                      {"changed", changed}})
      .status();
}

StatusOr<RecordView> InspectionService::Approve(const Principal& who, int64_t record_id) {
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireReviewer(who, l));
    store::InspectionRecordRow r = *l.record;
    RETURN_IF_ERROR(RequireStatus(r, {RecordStatus::kSubmitted}, "审核通过"));
    // Two inspectors sign a record (SPEC §EXEC): when the team has a second member with an
    // account, that member must have confirmed; otherwise the confirmation is on paper.
    const int with_account =
        static_cast<int>(std::count_if(l.inspectors.begin(), l.inspectors.end(), [&](auto& i) {
          return i.user_id && (!r.recorded_by || *i.user_id != *r.recorded_by);
        }));
    if (with_account > 0 && !r.confirmed_at)
      return FailedPrecondition("RECORD_NOT_CONFIRMED",
                                "该记录尚未经同组另一名检查人员确认，不能审核通过");
    r.status = std::string(inspections::RecordStatusName(RecordStatus::kApproved));
    r.reviewed_by = UserRef(who);
    r.reviewed_at = now;
    r.return_reason.clear();
    RETURN_IF_ERROR(WriteNextRevision(c, r, now));
    l.record = r;
    // The yearly cap counts the real inspection date; a cannot-inspect outcome updates the
    // directory (with history).
    if (r.completed_on)
      RETURN_IF_ERROR(
          store::SetTargetInspectedOn(c, r.task_id, r.target_id, r.department_id, *r.completed_on));
    RETURN_IF_ERROR(ApplyCannotInspectIn(c, who, l));
    return RecordAudit(c, clock_, who, "inspection.approve", "inspection_record",
                       std::to_string(r.id), {{"revision", r.revision}})
        .status();
  });
}

Status InspectionService::PublishIn(store::Connection& c, const Principal& who, Loaded& l) {
  store::InspectionRecordRow r = *l.record;
  ASSIGN_OR_RETURN(auto dicts, dictionaries_.Current());
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  const auto* dept = snap->FindDepartment(r.department_id);
  const Date today = ChinaDate(clock_.Now());
  const std::string now = FormatTimestamp(clock_.Now());
  const auto completed = ParseOptDate(r.completed_on);
  if (!completed)
    return FailedPrecondition("RECORD_INCOMPLETE", "检查记录没有检查完成日期，不能公示");
  ASSIGN_OR_RETURN(auto previous, store::FindLatestPublicationOfRecord(c, r.id));

  store::PublicationRow p;
  const std::string prefix = "JG-" + (dept ? dept->code : std::to_string(r.department_id)) + "-" +
                             std::to_string(today.year) + "-";
  ASSIGN_OR_RETURN(int64_t n, store::CountPublicationNumbers(c, prefix));
  char seq[32];
  std::snprintf(seq, sizeof seq, "%06lld", static_cast<long long>(n) + 1);
  p.publication_no = prefix + seq;
  p.record_id = r.id;
  p.task_id = r.task_id;
  p.target_id = r.target_id;
  p.department_id = r.department_id;
  p.credit_code = l.ctx.target_key;
  p.name = l.ctx.target_name;
  p.plan_no = l.ctx.plan_no;
  p.plan_name = l.ctx.plan_title;
  p.task_no = l.ctx.task_no;
  p.task_name = l.ctx.task_title;
  p.inspection_type = l.ctx.task_type;
  p.authority = l.ctx.department_name;
  p.completed_on = completed->ToString();
  p.result = inspections::SummaryResult(EntryOf(r), dicts->Get(registers::dict::kInspectionResult));
  p.remark = inspections::RedactPersonalData(r.remark);
  if (const std::string note = inspections::LenientNote(EntryOf(r)); !note.empty())
    p.remark += p.remark.empty() ? note.substr(std::string_view("；").size()) : note;
  // A 信用承诺书 the enterprise signed through its online link and that was found false is
  // published as such (issue 13, online inspection).
  ASSIGN_OR_RETURN(auto links,
                   store::ListEnterpriseLinks(c, r.task_id, r.target_id, r.department_id));
  if (std::any_of(links.begin(), links.end(), [](const auto& x) { return x.commitment_false; }))
    p.remark += std::string(p.remark.empty() ? "" : "；") + kFalseCommitmentNote;
  p.published_on = today.ToString();
  p.deadline = inspections::PublicationDeadline(calendar_, *completed).value.ToString();
  if (previous) p.corrects = previous->id, p.corrects_no = previous->publication_no;
  p.published_at = now;
  p.published_by = who.user_id > 0 ? std::optional<int64_t>(who.user_id) : std::nullopt;
  ASSIGN_OR_RETURN(p.id, store::InsertPublication(c, p));

  r.status = std::string(inspections::RecordStatusName(RecordStatus::kPublished));
  RETURN_IF_ERROR(WriteNextRevision(c, r, now));
  RETURN_IF_ERROR(LandInCreditRecordIn(c, who, l, p));
  // The public record itself goes into the audit chain: what was published can be checked.
  RETURN_IF_ERROR(
      RecordAudit(c, clock_, who, previous ? "result.correct" : "result.publish",
                  "result_publication", p.publication_no,
                  {{"record_id", r.id}, {"public", PublicResultJson(ToPublicationView(p).result)}})
          .status());
  return SyncTaskCompletionIn(c, r.task_id);
}

Status InspectionService::LandInCreditRecordIn(store::Connection& c, const Principal& who,
                                               const Loaded& l, const store::PublicationRow& p) {
  PublishedResultFacts f;
  f.publication_id = p.id;
  f.publication_no = p.publication_no;
  f.target_id = p.target_id;
  f.department_id = p.department_id;
  f.department_name = l.ctx.department_name;
  f.task_no = p.task_no;
  f.result = p.result;
  f.found_on = Date::Parse(p.completed_on).value_or(Date{});
  f.published_on = Date::Parse(p.published_on).value_or(Date{});
  f.cannot_inspect = l.record->cannot_inspect;
  for (const auto& it : l.record->items) f.items.push_back({it.result, it.lenient});
  return RecordPublishedResultIn(c, clock_, calendar_, who, f);
}

Status InspectionService::SyncTaskCompletionIn(store::Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto task, store::FindTask(c, task_id));
  if (!task) return OkStatus();
  store::ResultLineQuery q;
  q.task_id = task_id;
  q.only_unpublished = true;
  ASSIGN_OR_RETURN(auto open, store::ListResultLines(c, q));
  const bool all_published = open.empty();
  plans::TaskStatus want = task->status;
  if (all_published && task->status == plans::TaskStatus::kDispatched)
    want = plans::TaskStatus::kCompleted;
  if (!all_published && task->status == plans::TaskStatus::kCompleted)
    want = plans::TaskStatus::kDispatched;
  if (want == task->status) return OkStatus();
  store::TaskRow next = *task;
  next.status = want;
  RETURN_IF_ERROR(store::UpdateTask(c, next, task->status));
  return RecordAudit(c, clock_, Principal::System("inspection"),
                     want == plans::TaskStatus::kCompleted ? "task.complete" : "task.reopen",
                     "task", task->task_no,
                     {{"id", task_id}, {"status", std::string(plans::TaskStatusName(want))}})
      .status();
}

StatusOr<RecordView> InspectionService::Publish(const Principal& who, int64_t record_id,
                                                std::optional<Date> rectify_by) {
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireReviewer(who, l));
    RETURN_IF_ERROR(RequireStatus(*l.record, {RecordStatus::kApproved}, "公示"));
    RETURN_IF_ERROR(PublishIn(c, who, l));
    return OpenFollowUpIn(c, who, l, rectify_by);
  });
}

Status InspectionService::OpenFollowUpIn(store::Connection& c, const Principal& who,
                                         const Loaded& l, std::optional<Date> rectify_by) {
  ASSIGN_OR_RETURN(auto latest, store::FindLatestPublicationOfRecord(c, l.record->id));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  const auto* dept = snap->FindDepartment(l.ctx.department_id);
  FollowUpOpening o;
  o.record_id = l.record->id;
  o.task_id = l.ctx.task_id;
  o.target_id = l.ctx.target_id;
  o.department_id = l.ctx.department_id;
  o.department_code = dept ? dept->code : std::to_string(l.ctx.department_id);
  o.publication_no = latest ? latest->publication_no : "";
  for (const auto& it : l.record->items) o.items.emplace_back(it.item_code, it.follow_up);
  o.rectify_by = rectify_by;
  return OpenFollowUpCaseIn(c, clock_, calendar_, who, o);
}

StatusOr<RecordView> InspectionService::Reopen(const Principal& who, int64_t record_id,
                                               const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("更正原因", reason, text::kNote));
  if (registers::TrimText(reason).empty())
    return InvalidArgument("CORRECTION_REASON_REQUIRED", "发起更正时必须写明更正原因");
  const std::string now = FormatTimestamp(clock_.Now());
  return Change(record_id, [&](store::Connection& c, Loaded& l) -> Status {
    RETURN_IF_ERROR(RequireReviewer(who, l));
    store::InspectionRecordRow r = *l.record;
    RETURN_IF_ERROR(RequireStatus(r, {RecordStatus::kPublished}, "发起更正"));
    r.status = std::string(inspections::RecordStatusName(RecordStatus::kReturned));
    r.return_reason = "更正：" + reason;
    r.reviewed_by = UserRef(who);
    r.reviewed_at = now;
    r.confirmed_by.reset();
    r.confirmed_at.reset();
    RETURN_IF_ERROR(WriteNextRevision(c, r, now));
    RETURN_IF_ERROR(RecordAudit(c, clock_, who, "inspection.reopen", "inspection_record",
                                std::to_string(r.id),
                                {{"revision", r.revision}, {"reason", reason}})
                        .status());
    return SyncTaskCompletionIn(c, r.task_id);
  });
}

// --- deadlines and rates
// --------------------------------------------------------------------------

StatusOr<DeadlineReport> InspectionService::Deadlines(const Principal& who,
                                                      std::optional<int64_t> department_id) {
  DeadlineReport report;
  report.today = ChinaDate(clock_.Now());
  store::ResultLineQuery q;
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kResultReaders));
  if (department_id) {
    if (q.within_departments &&
        std::find(q.within_departments->begin(), q.within_departments->end(), *department_id) ==
            q.within_departments->end())
      return PermissionDenied("PERMISSION_DENIED", "没有权限查看该部门的检查记录");
    q.within_departments = std::vector<int64_t>{*department_id};
  }
  q.only_unpublished = true;
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto lines, store::ListResultLines(*conn, q));
  for (const auto& line : lines) {
    const auto completed = ParseOptDate(line.completed_on);
    if (!completed || !line.record_id) continue;
    const auto deadline = inspections::PublicationDeadline(calendar_, *completed);
    DeadlineLine d;
    d.record_id = *line.record_id;
    d.task_id = line.task_id;
    d.task_no = line.task_no;
    d.task_title = line.task_title;
    d.target_id = line.target_id;
    d.target_name = line.target_name;
    d.target_key = line.target_key;
    d.department_id = line.department_id;
    if (const auto* dep = snap->FindDepartment(line.department_id)) d.department_name = dep->name;
    d.status = inspections::ParseRecordStatus(line.status).value_or(RecordStatus::kPending);
    d.completed_on = *completed;
    d.deadline = deadline.value;
    d.deadline_exact = deadline.exact();
    d.working_days_left = WorkingDaysLeft(calendar_, report.today, deadline.value);
    if (d.working_days_left < 0) report.overdue.push_back(std::move(d));
    else if (d.working_days_left <= inspections::kDueSoonWorkingDays)
      report.due_soon.push_back(std::move(d));
  }
  auto by_deadline = [](const DeadlineLine& a, const DeadlineLine& b) {
    return std::tie(a.deadline, a.task_id, a.target_id) <
           std::tie(b.deadline, b.task_id, b.target_id);
  };
  std::sort(report.overdue.begin(), report.overdue.end(), by_deadline);
  std::sort(report.due_soon.begin(), report.due_soon.end(), by_deadline);
  return report;
}

StatusOr<std::vector<DepartmentResultRates>> InspectionService::Rates(const Principal& who) {
  store::ResultLineQuery q;
  ASSIGN_OR_RETURN(q.within_departments, ReadableDepartments(org_, who, kResultReaders));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto lines, store::ListResultLines(*conn, q));
  const Date today = ChinaDate(clock_.Now());
  std::map<int64_t, DepartmentResultRates> by_dept;
  // Every department in scope appears, also with nothing to inspect (SPEC §STAT).
  for (const auto& d : snap->departments) {
    if (q.within_departments &&
        std::find(q.within_departments->begin(), q.within_departments->end(), d.id) ==
            q.within_departments->end())
      continue;
    DepartmentResultRates r;
    r.department_id = d.id;
    r.department_name = d.name;
    by_dept[d.id] = std::move(r);
  }
  for (const auto& line : lines) {
    auto& r = by_dept[line.department_id];
    r.department_id = line.department_id;
    ++r.due;
    const auto status =
        inspections::ParseRecordStatus(line.status).value_or(RecordStatus::kPending);
    const bool published = line.published_on.has_value();
    if (published || status == RecordStatus::kSubmitted || status == RecordStatus::kApproved)
      ++r.entered;
    if (published || status == RecordStatus::kApproved) ++r.approved;
    const auto completed = ParseOptDate(line.completed_on);
    const auto deadline =
        completed
            ? std::optional<Date>(inspections::PublicationDeadline(calendar_, *completed).value)
            : std::nullopt;
    if (published) {
      ++r.published;
      const auto on = Date::Parse(*line.published_on);
      if (deadline && on && *on <= *deadline) ++r.published_on_time;
    } else if (deadline && *deadline < today) {
      ++r.overdue;
    }
  }
  std::vector<DepartmentResultRates> out;
  for (auto& [id, r] : by_dept) {
    r.entry_rate_bp = RateBp(r.entered, r.due);
    r.publication_rate_bp = RateBp(r.published, r.due);
    r.on_time_rate_bp = RateBp(r.published_on_time, r.published);
    out.push_back(std::move(r));
  }
  return out;
}

// --- public
// ----------------------------------------------------------------------------------------

StatusOr<PublicResultPage> InspectionService::PublicResults(const std::string& q, int limit,
                                                            int offset) {
  store::PublicResultQuery query;
  query.q = std::string(registers::TrimText(q));
  query.limit = std::clamp(limit, 1, 100);
  query.offset = std::max(offset, 0);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto found,
                   store::SearchAndCountPublications(*conn, query, kPublicResultCountCap));
  PublicResultPage page;
  for (const auto& r : found.rows) page.items.push_back(ToPublicationView(r));
  page.total = std::min(found.count, kPublicResultCountCap);
  page.total_capped = found.count > kPublicResultCountCap;
  return page;
}

StatusOr<PublicationDetail> InspectionService::PublicResult(const std::string& publication_no) {
  const std::string no(registers::TrimText(publication_no));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ASSIGN_OR_RETURN(auto found, store::FindPublicationWithCorrections(*conn, no));
  if (!found) return NotFound("PUBLICATION_NOT_FOUND", "没有公示编号为“" + no + "”的抽查检查结果");
  PublicationDetail d;
  d.publication = ToPublicationView(found->publication);
  d.corrected_by = std::move(found->corrected_by);
  return d;
}

StatusOr<std::vector<PublicationView>> InspectionService::PublishedSince(const Principal& who,
                                                                         Date since) {
  (void)who;  // published results are public; the caller is authenticated by the route
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::PublicResultQuery q;
  q.since = FormatTimestamp(ChinaMidnight(since));
  q.limit = 1000000;
  ASSIGN_OR_RETURN(auto rows, store::SearchPublications(*conn, q));
  std::vector<PublicationView> out;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) out.push_back(ToPublicationView(*it));
  return out;
}

std::vector<std::vector<std::string>> InspectionService::OpenDataTable(
    const std::vector<PublicationView>& rows) {
  std::vector<std::vector<std::string>> out;
  out.push_back({"抽查计划编号", "抽查计划名称", "抽查任务编号", "抽查任务名称", "抽查类型",
                 "检查机关", "检查完成日期", "检查结果", "备注", "统一社会信用代码", "名称",
                 "公示编号", "公示日期", "公示期限", "更正的公示编号"});
  for (const auto& v : rows) {
    const auto& p = v.result;
    out.push_back({p.plan_no, p.plan_name, p.task_no, p.task_name, p.inspection_type, p.authority,
                   p.completed_on.ToString(), p.result, p.remark, p.credit_code, p.name,
                   p.publication_no, p.published_on.ToString(), p.deadline.ToString(),
                   p.corrects.value_or("")});
  }
  return out;
}

StatusOr<size_t> InspectionService::ExportPublished(const Principal& who, Date since,
                                                    tabular::Format format,
                                                    const std::string& path) {
  ASSIGN_OR_RETURN(auto rows, PublishedSince(who, since));
  const std::string tmp = path + ".part";
  ASSIGN_OR_RETURN(auto w, tabular::TableWriter::Create(format, tmp, "抽查检查结果"));
  RETURN_IF_ERROR(
      w->AddRow({"抽查计划编号", "抽查计划名称", "抽查任务编号", "抽查任务名称", "抽查类型",
                 "检查机关", "检查完成日期", "检查结果", "备注", "统一社会信用代码", "名称"}));
  for (const auto& v : rows) {
    const auto& p = v.result;
    std::string remark = p.remark;
    if (p.corrects) remark = "更正公示 " + *p.corrects + (remark.empty() ? "" : "；") + remark;
    RETURN_IF_ERROR(
        w->AddRow({p.plan_no, p.plan_name, p.task_no, p.task_name, p.inspection_type, p.authority,
                   p.completed_on.ToString(), p.result, remark, p.credit_code, p.name}));
  }
  RETURN_IF_ERROR(w->Finish());
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Unavailable("FILE_UNWRITABLE", "无法写入文件：" + path);
  }
  return rows.size();
}

}  // namespace suiji::service
