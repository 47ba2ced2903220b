#include "service/registers/people_service.h"

#include <map>

#include "core/ids.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/registers/record_crud.h"
#include "store/registers/people_store.h"
#include "store/registers/target_store.h"
#include "store/user_store.h"

namespace suiji::service {
namespace {

using registers::ConflictOfInterest;
using registers::ConflictRecord;
using registers::Expert;
using registers::ExpertRecord;
using registers::Inspector;
using registers::InspectorRecord;

Status InspectorNotFound(int64_t id) {
  return NotFound("INSPECTOR_NOT_FOUND", "执法检查人员不存在（编号 " + std::to_string(id) + "）");
}
Status ExpertNotFound(int64_t id) {
  return NotFound("EXPERT_NOT_FOUND", "专家不存在（编号 " + std::to_string(id) + "）");
}
Status ConflictNotFound(int64_t id) {
  return NotFound("CONFLICT_NOT_FOUND", "回避关系不存在（编号 " + std::to_string(id) + "）");
}

const crud::RegisterSpec<InspectorRecord> kInspectors{store::kHistoryInspector, "inspector",
                                                      "INSPECTOR_UNCHANGED", &InspectorNotFound,
                                                      &store::FindInspector};
const crud::RegisterSpec<ExpertRecord> kExperts{store::kHistoryExpert, "expert", "EXPERT_UNCHANGED",
                                                &ExpertNotFound, &store::FindExpert};
const crud::RegisterSpec<ConflictRecord> kConflicts{store::kHistoryConflict, "conflict",
                                                    "CONFLICT_UNCHANGED", &ConflictNotFound,
                                                    &store::FindConflict};

using crud::ChangedFields;
using crud::MapUnique;

// The units whose inspectors `who` may read (kRegisterRead in the unit's scope); nullopt when
// every unit. Inspectors, and the 回避 relations that name them, are scoped by these.
StatusOr<std::optional<std::vector<int64_t>>> ReadableInspectorUnits(RegisterContext& ctx,
                                                                     const Principal& who) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto snap, ctx.org.Snapshot());
  std::vector<int64_t> units;
  for (const Unit& u : snap->units) {
    ASSIGN_OR_RETURN(auto loc, ctx.org.LocationOfUnit(u.id));
    if (Authorize(who, Permission::kRegisterRead, loc).ok()) units.push_back(u.id);
  }
  if (units.size() == snap->units.size()) return std::optional<std::vector<int64_t>>();
  return std::optional<std::vector<int64_t>>(std::move(units));
}

// A list page may hold at most 500 records (0: every match, for exports and assessments).
Status CheckPageLimit(int64_t limit) {
  if (limit > 500) return InvalidArgument("PAGE_INVALID", "每页最多 500 条");
  return OkStatus();
}

// kRegisterWrite where the record lives (`unit_id`); for a record moving to another existing unit,
// there too.
Status AuthorizeUnitWrite(RegisterContext& ctx, const Principal& who, const OrgSnapshot& snap,
                          int64_t old_unit, int64_t new_unit) {
  ASSIGN_OR_RETURN(auto old_loc, ctx.org.LocationOfUnit(old_unit));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, old_loc));
  if (new_unit != old_unit && snap.FindUnit(new_unit)) {
    ASSIGN_OR_RETURN(auto new_loc, ctx.org.LocationOfUnit(new_unit));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, new_loc));
  }
  return OkStatus();
}

Status CertTaken(const std::string& cert_no, const InspectorRecord& holder) {
  return AlreadyExists("INSPECTOR_CERT_TAKEN",
                       "执法证号“" + cert_no + "”已登记（" + holder.inspector.name + "）");
}
Status CitizenIdTaken(int64_t holder) {
  return AlreadyExists("INSPECTOR_CITIZEN_ID_TAKEN",
                       "该身份证号已登记在名录库中（编号 " + std::to_string(holder) + "）");
}

// The user account an inspector is linked to must exist and not be linked to another inspector.
Status CheckUserLink(store::Connection& c, int64_t user_id) {
  ASSIGN_OR_RETURN(auto user, store::FindUserById(c, user_id));
  if (!user)
    return NotFound("USER_NOT_FOUND", "登录账号不存在（编号 " + std::to_string(user_id) + "）");
  ASSIGN_OR_RETURN(auto linked, store::FindInspectorByUser(c, user_id));
  if (linked)
    return AlreadyExists("INSPECTOR_USER_TAKEN",
                         "该登录账号已关联执法检查人员“" + linked->inspector.name + "”");
  return OkStatus();
}

// kRegisterWrite over the unit of the inspector a 回避 relation names.
Status AuthorizeConflictWrite(RegisterContext& ctx, const Principal& who, int64_t inspector_id) {
  ASSIGN_OR_RETURN(InspectorRecord inspector, crud::Load(ctx, kInspectors, inspector_id));
  ASSIGN_OR_RETURN(auto loc, ctx.org.LocationOfUnit(inspector.inspector.unit_id));
  return Authorize(who, Permission::kRegisterWrite, loc);
}

// Dictionary checks and the named target's existence.
Status CheckConflict(RegisterContext& ctx, store::Connection& c, const ConflictOfInterest& x) {
  ASSIGN_OR_RETURN(auto dicts, ctx.dictionaries.Current());
  RETURN_IF_ERROR(
      registers::ProblemsToStatus(registers::ValidateConflict(x, *dicts), "CONFLICT_INVALID"));
  ASSIGN_OR_RETURN(auto target, store::FindTarget(c, x.target_id));
  if (!target)
    return NotFound("TARGET_NOT_FOUND",
                    "检查对象不存在（编号 " + std::to_string(x.target_id) + "）");
  return OkStatus();
}

}  // namespace

// --- inspectors ----------------------------------------------------------------------------

StatusOr<std::optional<std::vector<int64_t>>> InspectorService::ReadableUnits(
    const Principal& who) {
  return ReadableInspectorUnits(ctx_, who);
}

Status InspectorService::Prepare(Inspector& i, const OrgSnapshot& snap, bool citizen_id_required) {
  i.citizen_id = NormalizeIdInput(i.citizen_id);
  const Unit* unit = snap.FindUnit(i.unit_id);
  if (unit && i.department_id == 0) i.department_id = unit->department_id;
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  registers::Problems p =
      registers::ValidateInspector(i, *dicts, ctx_.Today(), citizen_id_required);
  if (i.unit_id > 0 && !unit)
    p.push_back({"unit_id", "所属单位", "单位不存在（编号 " + std::to_string(i.unit_id) + "）"});
  if (unit && unit->department_id != i.department_id)
    p.push_back({"unit_id", "所属单位", "单位不属于所填部门"});
  return registers::ProblemsToStatus(p, "INSPECTOR_INVALID");
}

StatusOr<InspectorRecord> InspectorService::Create(const Principal& who, const Inspector& in,
                                                   const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  Inspector i = in;
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  if (snap->FindUnit(i.unit_id)) {
    ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(i.unit_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  } else if (!HoldsPermissionSomewhere(who, Permission::kRegisterWrite)) {
    return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“维护事项清单与名录库”权限");
  }
  RETURN_IF_ERROR(Prepare(i, *snap, true));
  const store::SealedCitizenId sealed = ctx_.pii.SealCitizenId(i.citizen_id, ctx_.entropy);
  i.citizen_id_masked = sealed.masked;
  const std::string now = ctx_.Now();
  crud::CreateSteps steps;
  steps.insert = [&](store::Connection& c) -> StatusOr<int64_t> {
    ASSIGN_OR_RETURN(auto by_cert, store::FindInspectorByCertNo(c, i.cert_no));
    if (by_cert) return CertTaken(i.cert_no, *by_cert);
    ASSIGN_OR_RETURN(auto by_id, store::FindInspectorIdByCitizenHash(c, sealed.hash));
    if (by_id) return CitizenIdTaken(*by_id);
    if (i.user_id) {
      RETURN_IF_ERROR(CheckUserLink(c, *i.user_id));
    }
    auto id = store::InsertInspector(c, i, sealed, now);
    if (!id.ok()) return MapUnique(id.status(), "INSPECTOR_CERT_TAKEN", "执法证号或身份证号已登记");
    return id;
  };
  steps.history_note = note;
  steps.audit = [&](int64_t) -> nlohmann::json {
    return {{"cert_no", i.cert_no},
            {"name", i.name},
            {"unit_id", i.unit_id},
            {"citizen_id", i.citizen_id_masked},
            {"note", note}};
  };
  return crud::Create(ctx_, kInspectors, who, now, steps);
}

StatusOr<InspectorRecord> InspectorService::Change(const Principal& who, int64_t id, Inspector next,
                                                   const std::string& note, const char* action,
                                                   const char* history_action) {
  ASSIGN_OR_RETURN(InspectorRecord before, crud::Load(ctx_, kInspectors, id));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  RETURN_IF_ERROR(AuthorizeUnitWrite(ctx_, who, *snap, before.inspector.unit_id, next.unit_id));
  next.department_id = 0;  // an inspector's department is the one of its unit (filled by Prepare)
  RETURN_IF_ERROR(Prepare(next, *snap, false));
  std::optional<store::SealedCitizenId> sealed;
  if (!next.citizen_id.empty()) {
    sealed = ctx_.pii.SealCitizenId(next.citizen_id, ctx_.entropy);
    next.citizen_id_masked = sealed->masked;
  } else {
    next.citizen_id_masked = before.inspector.citizen_id_masked;
  }
  const std::string now = ctx_.Now();
  crud::ChangeSteps<InspectorRecord> steps;
  steps.diff = [&](store::Connection& c,
                   const InspectorRecord& cur) -> StatusOr<registers::Changes> {
    if (sealed) {
      ASSIGN_OR_RETURN(auto holder, store::FindInspectorIdByCitizenHash(c, sealed->hash));
      if (holder && *holder == id) sealed.reset();  // the same number typed again
      else if (holder) return CitizenIdTaken(*holder);
    }
    Inspector compare = next;
    compare.citizen_id.clear();
    // Two different numbers can share a mask; a new seal is a change even then.
    if (sealed && compare.citizen_id_masked == cur.inspector.citizen_id_masked)
      compare.citizen_id_masked += " ";
    registers::Changes changes = registers::DiffInspectors(cur.inspector, compare, UnitNamer(snap));
    for (auto& ch : changes)
      if (ch.field == "citizen_id") ch.new_value = next.citizen_id_masked;
    return changes;
  };
  steps.check = [&](store::Connection& c, const InspectorRecord& cur) -> Status {
    if (next.cert_no != cur.inspector.cert_no) {
      ASSIGN_OR_RETURN(auto by_cert, store::FindInspectorByCertNo(c, next.cert_no));
      if (by_cert) return CertTaken(next.cert_no, *by_cert);
    }
    if (next.user_id && next.user_id != cur.inspector.user_id)
      return CheckUserLink(c, *next.user_id);
    return OkStatus();
  };
  steps.update = [&](store::Connection& c) -> Status {
    return MapUnique(store::UpdateInspector(c, id, next, sealed, now), "INSPECTOR_CERT_TAKEN",
                     "执法证号、身份证号或登录账号已被其他人员使用");
  };
  steps.audit = [&](const registers::Changes& changes) -> nlohmann::json {
    return {{"cert_no", next.cert_no}, {"changed", ChangedFields(changes)}, {"note", note}};
  };
  return crud::Change(ctx_, kInspectors, who, id, now, note, action, history_action, steps);
}

StatusOr<InspectorRecord> InspectorService::Update(const Principal& who, int64_t id,
                                                   const Inspector& i, const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, i, note, "inspector.update", "update");
}

StatusOr<InspectorRecord> InspectorService::Deactivate(const Principal& who, int64_t id,
                                                       const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "人员失效必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (registers::InspectorStatusOf(cur.inspector) == registers::InspectorStatus::kInactive)
    return FailedPrecondition("INSPECTOR_ALREADY_INACTIVE", "该人员已是失效状态");
  Inspector next = cur.inspector;
  next.status = registers::InspectorStatusName(registers::InspectorStatus::kInactive);
  next.status_reason = reason;
  return Change(who, id, next, reason, "inspector.deactivate", "deactivate");
}

StatusOr<InspectorRecord> InspectorService::Reactivate(const Principal& who, int64_t id,
                                                       const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (registers::IsActive(cur.inspector))
    return FailedPrecondition("INSPECTOR_ACTIVE", "该人员已是有效状态");
  Inspector next = cur.inspector;
  next.status = registers::InspectorStatusName(registers::InspectorStatus::kActive);
  next.status_reason.clear();
  return Change(who, id, next, note, "inspector.reactivate", "reactivate");
}

StatusOr<InspectorRecord> InspectorService::Get(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(InspectorRecord found, crud::Read(ctx_, kInspectors, who, id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(found.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterRead, loc));
  return found;
}

StatusOr<InspectorRecord> InspectorService::GetByUser(const Principal& who, int64_t user_id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto found, store::FindInspectorByUser(*conn, user_id));
  if (!found) return NotFound("INSPECTOR_NOT_LINKED", "该账号未关联执法检查人员");
  // Everyone may see their own record; others need read access to its unit.
  if (who.user_id != user_id) {
    ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(found->inspector.unit_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterRead, loc));
  }
  return std::move(*found);
}

namespace {

store::InspectorQuery InspectorQueryOf(const InspectorSearch& q) {
  store::InspectorQuery out;
  out.department_ids = q.department_ids;
  out.unit_ids = q.unit_ids;
  out.text = q.text;
  out.status = q.status;
  out.qualification = q.qualification;
  out.offset = q.offset;
  out.limit = q.limit;
  return out;
}

}  // namespace

StatusOr<RecordPage<InspectorRecord>> InspectorService::List(const Principal& who,
                                                             const InspectorSearch& search) {
  store::InspectorQuery q = InspectorQueryOf(search);
  ASSIGN_OR_RETURN(q.within_units, ReadableUnits(who));
  RETURN_IF_ERROR(CheckPageLimit(q.limit));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListInspectors(*conn, q);
}

StatusOr<std::vector<registers::HistoryEntry>> InspectorService::History(const Principal& who,
                                                                         int64_t id) {
  ASSIGN_OR_RETURN(auto i, Get(who, id));
  return crud::History(ctx_, kInspectors, i.id);
}

StatusOr<std::string> InspectorService::RevealCitizenId(const Principal& who, int64_t id,
                                                        const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("查看原因", reason, text::kNote));
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(cur.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kSensitiveRead, loc));
  if (registers::CharCount(reason) < 2)
    return InvalidArgument("REASON_REQUIRED",
                           "查看完整身份证号必须说明用途（例如：办理执法证年审）");
  const std::string now = ctx_.Now();
  std::string plain;
  Status s =
      store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
        ASSIGN_OR_RETURN(std::string cipher, store::LoadCitizenIdCipher(c, id));
        ASSIGN_OR_RETURN(plain, ctx_.pii.Open(cipher));
        RETURN_IF_ERROR(
            store::AppendHistoryEvent(c, store::kHistoryInspector, id, "reveal",
                                      HistoryFor(who, now, "查看完整身份证号：" + reason)));
        return RecordAudit(c, ctx_.clock, who, "inspector.reveal_citizen_id", "inspector",
                           std::to_string(id),
                           {{"reason", reason}, {"citizen_id", cur.inspector.citizen_id_masked}})
            .status();
      });
  RETURN_IF_ERROR(s);
  return plain;
}

StatusOr<registers::EligibilityResult> InspectorService::Eligibility(
    const Principal& who, int64_t id, const registers::EligibilityRequest& request) {
  if (request.to < request.from)
    return InvalidArgument("FIELD_INVALID", "检查结束日期不能早于开始日期");
  ASSIGN_OR_RETURN(auto i, Get(who, id));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  store::ConflictQuery cq;
  cq.inspector_ids = {id};
  cq.active = true;
  cq.limit = 0;
  ASSIGN_OR_RETURN(auto conflicts, store::ListConflicts(*conn, cq));
  std::vector<ConflictOfInterest> mine;
  for (auto& x : conflicts.first) mine.push_back(std::move(x.conflict));
  return registers::CheckEligibility(i.inspector, request, mine);
}

StatusOr<std::vector<InspectorAssessment>> InspectorService::Assess(
    const Principal& who, const InspectorSearch& search,
    const registers::EligibilityRequest& request) {
  store::InspectorQuery q = InspectorQueryOf(search);
  ASSIGN_OR_RETURN(q.within_units, ReadableUnits(who));
  q.limit = 0;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto list, store::ListInspectors(*conn, q));
  std::map<int64_t, std::vector<ConflictOfInterest>> by_inspector;
  if (!list.first.empty() && !request.target_ids.empty()) {
    store::ConflictQuery cq;
    cq.target_ids = request.target_ids;
    cq.active = true;
    cq.limit = 0;
    ASSIGN_OR_RETURN(auto conflicts, store::ListConflicts(*conn, cq));
    for (auto& x : conflicts.first)
      by_inspector[x.conflict.inspector_id].push_back(std::move(x.conflict));
  }
  std::vector<InspectorAssessment> out;
  for (auto& s : list.first) {
    const auto& mine = by_inspector[s.id];
    registers::EligibilityResult r = registers::CheckEligibility(s.inspector, request, mine);
    out.push_back({std::move(s), std::move(r)});
  }
  return out;
}

// --- experts -------------------------------------------------------------------------------

StatusOr<ExpertRecord> ExpertService::Create(const Principal& who, const Expert& e,
                                             const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(e.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateExpert(e), "EXPERT_INVALID"));
  const std::string now = ctx_.Now();
  crud::CreateSteps steps;
  steps.insert = [&](store::Connection& c) -> StatusOr<int64_t> {
    ASSIGN_OR_RETURN(auto existing, store::FindExpertByNo(c, e.expert_no));
    if (existing) return AlreadyExists("EXPERT_NO_TAKEN", "专家编号“" + e.expert_no + "”已被使用");
    auto id = store::InsertExpert(c, e, now);
    if (!id.ok())
      return MapUnique(id.status(), "EXPERT_NO_TAKEN", "专家编号“" + e.expert_no + "”已被使用");
    return id;
  };
  steps.history_note = note;
  steps.audit = [&](int64_t) -> nlohmann::json {
    return {{"expert_no", e.expert_no}, {"name", e.name}, {"department_id", e.department_id}};
  };
  return crud::Create(ctx_, kExperts, who, now, steps);
}

StatusOr<ExpertRecord> ExpertService::Change(const Principal& who, int64_t id, Expert next,
                                             const std::string& note, const char* action,
                                             const char* history_action) {
  ASSIGN_OR_RETURN(auto before, Get(who, id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(before.expert.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  if (next.department_id == 0) next.department_id = before.expert.department_id;
  if (next.department_id != before.expert.department_id) {
    ASSIGN_OR_RETURN(auto new_loc, ctx_.org.LocationOfDepartment(next.department_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, new_loc));
  }
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateExpert(next), "EXPERT_INVALID"));
  const std::string now = ctx_.Now();
  crud::ChangeSteps<ExpertRecord> steps;
  steps.diff = [&](store::Connection&, const ExpertRecord& cur) -> StatusOr<registers::Changes> {
    return registers::DiffExperts(cur.expert, next);
  };
  steps.check = [&](store::Connection& c, const ExpertRecord& cur) -> Status {
    if (next.expert_no == cur.expert.expert_no) return OkStatus();
    ASSIGN_OR_RETURN(auto clash, store::FindExpertByNo(c, next.expert_no));
    if (clash) return AlreadyExists("EXPERT_NO_TAKEN", "专家编号“" + next.expert_no + "”已被使用");
    return OkStatus();
  };
  steps.update = [&](store::Connection& c) { return store::UpdateExpert(c, id, next, now); };
  steps.audit = [&](const registers::Changes& changes) -> nlohmann::json {
    return {{"expert_no", next.expert_no}, {"changed", ChangedFields(changes)}, {"note", note}};
  };
  return crud::Change(ctx_, kExperts, who, id, now, note, action, history_action, steps);
}

StatusOr<ExpertRecord> ExpertService::Update(const Principal& who, int64_t id, const Expert& e,
                                             const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, e, note, "expert.update", "update");
}

StatusOr<ExpertRecord> ExpertService::Deactivate(const Principal& who, int64_t id,
                                                 const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "停用专家必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (!cur.expert.active) return FailedPrecondition("EXPERT_ALREADY_INACTIVE", "该专家已停用");
  Expert next = cur.expert;
  next.active = false;
  next.inactive_reason = reason;
  return Change(who, id, next, reason, "expert.deactivate", "deactivate");
}

StatusOr<ExpertRecord> ExpertService::Get(const Principal& who, int64_t id) {
  return crud::Read(ctx_, kExperts, who, id);
}

StatusOr<RecordPage<ExpertRecord>> ExpertService::List(const Principal& who,
                                                       const ExpertSearch& search) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  store::ExpertQuery q;
  q.department_ids = search.department_ids;
  q.text = search.text;
  q.active = search.active;
  q.offset = search.offset;
  q.limit = search.limit;
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListExperts(*conn, q);
}

StatusOr<std::vector<registers::HistoryEntry>> ExpertService::History(const Principal& who,
                                                                      int64_t id) {
  ASSIGN_OR_RETURN(auto e, Get(who, id));
  return crud::History(ctx_, kExperts, e.id);
}

// --- 回避 -----------------------------------------------------------------------------------

StatusOr<ConflictRecord> ConflictService::Create(const Principal& who, const ConflictOfInterest& x,
                                                 const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  RETURN_IF_ERROR(AuthorizeConflictWrite(ctx_, who, x.inspector_id));
  const std::string now = ctx_.Now();
  crud::CreateSteps steps;
  steps.insert = [&](store::Connection& c) -> StatusOr<int64_t> {
    RETURN_IF_ERROR(CheckConflict(ctx_, c, x));
    ASSIGN_OR_RETURN(auto existing,
                     store::FindConflictByKey(c, x.inspector_id, x.target_id, x.kind));
    if (existing)
      return AlreadyExists("CONFLICT_EXISTS", "该人员与该检查对象已登记“" + x.kind +
                                                  "”回避关系（编号 " +
                                                  std::to_string(existing->id) + "）");
    auto id = store::InsertConflict(c, x, now);
    if (!id.ok()) return MapUnique(id.status(), "CONFLICT_EXISTS", "该回避关系已登记");
    return id;
  };
  steps.history_note = note;
  steps.audit = [&](int64_t) -> nlohmann::json {
    return {{"inspector_id", x.inspector_id},
            {"target_id", x.target_id},
            {"kind", x.kind},
            {"source", x.source}};
  };
  ASSIGN_OR_RETURN(ConflictRecord created, crud::Create(ctx_, kConflicts, who, now, steps));
  created.changeable = true;  // AuthorizeConflictWrite passed above
  return created;
}

StatusOr<ConflictRecord> ConflictService::Change(const Principal& who, int64_t id,
                                                 ConflictOfInterest next, const std::string& note,
                                                 const char* action, const char* history_action) {
  ASSIGN_OR_RETURN(auto before, Get(who, id));
  if (next.inspector_id == 0) next.inspector_id = before.conflict.inspector_id;
  if (next.target_id == 0) next.target_id = before.conflict.target_id;
  if (next.inspector_id != before.conflict.inspector_id ||
      next.target_id != before.conflict.target_id)
    return InvalidArgument("CONFLICT_IDENTITY_IMMUTABLE",
                           "回避关系的人员和检查对象不能修改；如有错误请撤销后重新登记");
  RETURN_IF_ERROR(AuthorizeConflictWrite(ctx_, who, next.inspector_id));
  const std::string now = ctx_.Now();
  crud::ChangeSteps<ConflictRecord> steps;
  steps.diff = [&](store::Connection& c,
                   const ConflictRecord& cur) -> StatusOr<registers::Changes> {
    RETURN_IF_ERROR(CheckConflict(ctx_, c, next));
    return registers::DiffConflicts(cur.conflict, next);
  };
  steps.check = [&](store::Connection& c, const ConflictRecord& cur) -> Status {
    if (next.kind == cur.conflict.kind) return OkStatus();
    ASSIGN_OR_RETURN(auto clash,
                     store::FindConflictByKey(c, next.inspector_id, next.target_id, next.kind));
    if (clash)
      return AlreadyExists("CONFLICT_EXISTS",
                           "该人员与该检查对象已登记“" + next.kind + "”回避关系");
    return OkStatus();
  };
  steps.update = [&](store::Connection& c) { return store::UpdateConflict(c, id, next, now); };
  steps.audit = [&](const registers::Changes& changes) -> nlohmann::json {
    return {{"changed", ChangedFields(changes)}, {"note", note}};
  };
  ASSIGN_OR_RETURN(ConflictRecord changed, crud::Change(ctx_, kConflicts, who, id, now, note,
                                                        action, history_action, steps));
  changed.changeable = true;  // AuthorizeConflictWrite passed above
  return changed;
}

StatusOr<ConflictRecord> ConflictService::Update(const Principal& who, int64_t id,
                                                 const ConflictOfInterest& x,
                                                 const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, x, note, "conflict.update", "update");
}

StatusOr<ConflictRecord> ConflictService::Deactivate(const Principal& who, int64_t id,
                                                     const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "撤销回避关系必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (!cur.conflict.active)
    return FailedPrecondition("CONFLICT_ALREADY_INACTIVE", "该回避关系已撤销");
  ConflictOfInterest next = cur.conflict;
  next.active = false;
  next.inactive_reason = reason;
  return Change(who, id, next, reason, "conflict.deactivate", "deactivate");
}

StatusOr<ConflictRecord> ConflictService::Get(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(ConflictRecord found, crud::Read(ctx_, kConflicts, who, id));
  // A 回避 relation is read like the inspector it names.
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto inspector, store::FindInspector(*conn, found.conflict.inspector_id));
  if (!inspector) return Internal("conflict names a missing inspector: " + std::to_string(id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(inspector->inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterRead, loc));
  found.changeable = Authorize(who, Permission::kRegisterWrite, loc).ok();
  return found;
}

StatusOr<RecordPage<ConflictRecord>> ConflictService::List(const Principal& who,
                                                           const ConflictSearch& search) {
  store::ConflictQuery q;
  q.inspector_ids = search.inspector_ids;
  q.target_ids = search.target_ids;
  q.active = search.active;
  q.offset = search.offset;
  q.limit = search.limit;
  // Scoped inside the query, so that paging and the total count only see readable relations.
  ASSIGN_OR_RETURN(q.within_units, ReadableInspectorUnits(ctx_, who));
  RETURN_IF_ERROR(CheckPageLimit(q.limit));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto page, store::ListConflicts(*conn, q));
  // The same check Update and Deactivate make (AuthorizeConflictWrite), so that a list offers
  // 修改 / 撤销 only where they would be accepted.
  for (ConflictRecord& x : page.first) {
    if (x.parties.inspector_unit_id == 0) continue;
    ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(x.parties.inspector_unit_id));
    x.changeable = Authorize(who, Permission::kRegisterWrite, loc).ok();
  }
  return page;
}

StatusOr<std::vector<registers::HistoryEntry>> ConflictService::History(const Principal& who,
                                                                        int64_t id) {
  ASSIGN_OR_RETURN(auto x, Get(who, id));
  return crud::History(ctx_, kConflicts, x.id);
}

}  // namespace suiji::service
