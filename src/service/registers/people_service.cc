#include "service/registers/people_service.h"

#include <map>

#include "core/ids.h"
#include "core/text.h"
#include "service/audit.h"
#include "store/registers/target_store.h"
#include "store/user_store.h"

namespace suiji::service {
namespace {

using registers::ConflictOfInterest;
using registers::Expert;
using registers::Inspector;

Status InspectorNotFound(int64_t id) {
  return NotFound("INSPECTOR_NOT_FOUND", "执法检查人员不存在（编号 " + std::to_string(id) + "）");
}
Status ExpertNotFound(int64_t id) { return NotFound("EXPERT_NOT_FOUND", "专家不存在（编号 " + std::to_string(id) + "）"); }
Status ConflictNotFound(int64_t id) {
  return NotFound("CONFLICT_NOT_FOUND", "回避关系不存在（编号 " + std::to_string(id) + "）");
}

nlohmann::json ChangedFields(const registers::Changes& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) out.push_back(c.field);
  return out;
}

// A unique-constraint failure that slipped past the checks (a concurrent insert) reads as the
// same refusal as the check.
Status MapUnique(Status s, std::string reason, std::string message) {
  if (s.reason() == "DB_UNIQUE_VIOLATION") return AlreadyExists(std::move(reason), std::move(message));
  return s;
}

// The units whose inspectors `who` may read (kRegisterRead in the unit's scope); nullopt when
// every unit. Inspectors, and the 回避 relations that name them, are scoped by these.
StatusOr<std::optional<std::vector<int64_t>>> ReadableInspectorUnits(RegisterContext& ctx, const Principal& who) {
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

}  // namespace

// --- inspectors ----------------------------------------------------------------------------

StatusOr<std::optional<std::vector<int64_t>>> InspectorService::ReadableUnits(const Principal& who) {
  return ReadableInspectorUnits(ctx_, who);
}

Status InspectorService::Prepare(Inspector& i, const OrgSnapshot& snap, bool citizen_id_required) {
  i.citizen_id = NormalizeIdInput(i.citizen_id);
  const Unit* unit = snap.FindUnit(i.unit_id);
  if (unit && i.department_id == 0) i.department_id = unit->department_id;
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  registers::Problems p = registers::ValidateInspector(i, *dicts, ctx_.Today(), citizen_id_required);
  if (i.unit_id > 0 && !unit) p.push_back({"unit_id", "所属单位", "单位不存在（编号 " + std::to_string(i.unit_id) + "）"});
  if (unit && unit->department_id != i.department_id) p.push_back({"unit_id", "所属单位", "单位不属于所填部门"});
  return registers::ProblemsToStatus(p, "INSPECTOR_INVALID");
}

StatusOr<store::StoredInspector> InspectorService::Create(const Principal& who, const Inspector& in,
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
  store::StoredInspector out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto by_cert, store::FindInspectorByCertNo(c, i.cert_no));
    if (by_cert) return AlreadyExists("INSPECTOR_CERT_TAKEN", "执法证号“" + i.cert_no + "”已登记（" + by_cert->inspector.name + "）");
    ASSIGN_OR_RETURN(auto by_id, store::FindInspectorIdByCitizenHash(c, sealed.hash));
    if (by_id) return AlreadyExists("INSPECTOR_CITIZEN_ID_TAKEN", "该身份证号已登记在名录库中（编号 " + std::to_string(*by_id) + "）");
    if (i.user_id) {
      ASSIGN_OR_RETURN(auto user, store::FindUserById(c, *i.user_id));
      if (!user) return NotFound("USER_NOT_FOUND", "登录账号不存在（编号 " + std::to_string(*i.user_id) + "）");
      ASSIGN_OR_RETURN(auto linked, store::FindInspectorByUser(c, *i.user_id));
      if (linked) return AlreadyExists("INSPECTOR_USER_TAKEN", "该登录账号已关联执法检查人员“" + linked->inspector.name + "”");
    }
    auto id = store::InsertInspector(c, i, sealed, now);
    if (!id.ok()) return MapUnique(id.status(), "INSPECTOR_CERT_TAKEN", "执法证号或身份证号已登记");
    RETURN_IF_ERROR(store::AppendHistoryEvent(c, store::kHistoryInspector, *id, "create", HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "inspector.create", "inspector", std::to_string(*id),
                                {{"cert_no", i.cert_no}, {"name", i.name}, {"unit_id", i.unit_id},
                                 {"citizen_id", i.citizen_id_masked}, {"note", note}}));
    ASSIGN_OR_RETURN(auto stored, store::FindInspector(c, *id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredInspector> InspectorService::Change(const Principal& who, int64_t id, Inspector next,
                                                          const std::string& note, const char* action,
                                                          const char* history_action) {
  store::StoredInspector before;
  {
    ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
    ASSIGN_OR_RETURN(auto found, store::FindInspector(*conn, id));
    if (!found) return InspectorNotFound(id);
    before = std::move(*found);
  }
  ASSIGN_OR_RETURN(auto old_loc, ctx_.org.LocationOfUnit(before.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, old_loc));
  ASSIGN_OR_RETURN(auto snap, ctx_.org.Snapshot());
  if (next.unit_id != before.inspector.unit_id && snap->FindUnit(next.unit_id)) {
    ASSIGN_OR_RETURN(auto new_loc, ctx_.org.LocationOfUnit(next.unit_id));
    RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, new_loc));
  }
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
  store::StoredInspector out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto cur, store::FindInspector(c, id));
    if (!cur) return InspectorNotFound(id);
    if (sealed) {
      ASSIGN_OR_RETURN(auto holder, store::FindInspectorIdByCitizenHash(c, sealed->hash));
      if (holder && *holder == id) sealed.reset();  // the same number typed again
      else if (holder)
        return AlreadyExists("INSPECTOR_CITIZEN_ID_TAKEN", "该身份证号已登记在名录库中（编号 " + std::to_string(*holder) + "）");
    }
    Inspector compare = next;
    compare.citizen_id.clear();
    // Two different numbers can share a mask; a new seal is a change even then.
    if (sealed && compare.citizen_id_masked == cur->inspector.citizen_id_masked) compare.citizen_id_masked += " ";
    registers::Changes changes = registers::DiffInspectors(cur->inspector, compare, UnitNamer(snap));
    for (auto& ch : changes)
      if (ch.field == "citizen_id") ch.new_value = next.citizen_id_masked;
    if (changes.empty()) return FailedPrecondition("INSPECTOR_UNCHANGED", "没有任何修改");
    if (next.cert_no != cur->inspector.cert_no) {
      ASSIGN_OR_RETURN(auto by_cert, store::FindInspectorByCertNo(c, next.cert_no));
      if (by_cert) return AlreadyExists("INSPECTOR_CERT_TAKEN", "执法证号“" + next.cert_no + "”已登记（" + by_cert->inspector.name + "）");
    }
    if (next.user_id && next.user_id != cur->inspector.user_id) {
      ASSIGN_OR_RETURN(auto user, store::FindUserById(c, *next.user_id));
      if (!user) return NotFound("USER_NOT_FOUND", "登录账号不存在（编号 " + std::to_string(*next.user_id) + "）");
      ASSIGN_OR_RETURN(auto linked, store::FindInspectorByUser(c, *next.user_id));
      if (linked) return AlreadyExists("INSPECTOR_USER_TAKEN", "该登录账号已关联执法检查人员“" + linked->inspector.name + "”");
    }
    Status up = store::UpdateInspector(c, id, next, sealed, now);
    RETURN_IF_ERROR(MapUnique(up, "INSPECTOR_CERT_TAKEN", "执法证号、身份证号或登录账号已被其他人员使用"));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryInspector, id, history_action, changes,
                                                HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, action, "inspector", std::to_string(id),
                                {{"cert_no", next.cert_no}, {"changed", ChangedFields(changes)}, {"note", note}}));
    ASSIGN_OR_RETURN(auto stored, store::FindInspector(c, id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredInspector> InspectorService::Update(const Principal& who, int64_t id, const Inspector& i,
                                                          const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, i, note, "inspector.update", "update");
}

StatusOr<store::StoredInspector> InspectorService::Deactivate(const Principal& who, int64_t id,
                                                              const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "人员失效必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (cur.inspector.status == "失效") return FailedPrecondition("INSPECTOR_ALREADY_INACTIVE", "该人员已是失效状态");
  Inspector next = cur.inspector;
  next.status = "失效";
  next.status_reason = reason;
  return Change(who, id, next, reason, "inspector.deactivate", "deactivate");
}

StatusOr<store::StoredInspector> InspectorService::Reactivate(const Principal& who, int64_t id,
                                                              const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (cur.inspector.status == "有效") return FailedPrecondition("INSPECTOR_ACTIVE", "该人员已是有效状态");
  Inspector next = cur.inspector;
  next.status = "有效";
  next.status_reason.clear();
  return Change(who, id, next, note, "inspector.reactivate", "reactivate");
}

StatusOr<store::StoredInspector> InspectorService::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto found, store::FindInspector(*conn, id));
  if (!found) return InspectorNotFound(id);
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(found->inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterRead, loc));
  return std::move(*found);
}

StatusOr<store::StoredInspector> InspectorService::GetByUser(const Principal& who, int64_t user_id) {
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

StatusOr<std::pair<std::vector<store::StoredInspector>, int64_t>> InspectorService::List(const Principal& who,
                                                                                         store::InspectorQuery q) {
  ASSIGN_OR_RETURN(q.within_units, ReadableUnits(who));
  if (q.limit > 500) return InvalidArgument("PAGE_INVALID", "每页最多 500 条");
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListInspectors(*conn, q);
}

StatusOr<std::vector<store::HistoryEntry>> InspectorService::History(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(auto i, Get(who, id));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListHistory(*conn, store::kHistoryInspector, i.id);
}

StatusOr<std::string> InspectorService::RevealCitizenId(const Principal& who, int64_t id, const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("查看原因", reason, text::kNote));
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(cur.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kSensitiveRead, loc));
  if (registers::CharCount(reason) < 2)
    return InvalidArgument("REASON_REQUIRED", "查看完整身份证号必须说明用途（例如：办理执法证年审）");
  const std::string now = ctx_.Now();
  std::string plain;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(std::string cipher, store::LoadCitizenIdCipher(c, id));
    ASSIGN_OR_RETURN(plain, ctx_.pii.Open(cipher));
    RETURN_IF_ERROR(store::AppendHistoryEvent(c, store::kHistoryInspector, id, "reveal",
                                              HistoryFor(who, now, "查看完整身份证号：" + reason)));
    return RecordAudit(c, ctx_.clock, who, "inspector.reveal_citizen_id", "inspector", std::to_string(id),
                       {{"reason", reason}, {"citizen_id", cur.inspector.citizen_id_masked}})
        .status();
  });
  RETURN_IF_ERROR(s);
  return plain;
}

StatusOr<registers::EligibilityResult> InspectorService::Eligibility(const Principal& who, int64_t id,
                                                                     const registers::EligibilityRequest& request) {
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

StatusOr<std::vector<InspectorAssessment>> InspectorService::Assess(const Principal& who, store::InspectorQuery q,
                                                                    const registers::EligibilityRequest& request) {
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
    for (auto& x : conflicts.first) by_inspector[x.conflict.inspector_id].push_back(std::move(x.conflict));
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

StatusOr<store::StoredExpert> ExpertService::Create(const Principal& who, const Expert& e, const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfDepartment(e.department_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateExpert(e), "EXPERT_INVALID"));
  const std::string now = ctx_.Now();
  store::StoredExpert out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto existing, store::FindExpertByNo(c, e.expert_no));
    if (existing) return AlreadyExists("EXPERT_NO_TAKEN", "专家编号“" + e.expert_no + "”已被使用");
    auto id = store::InsertExpert(c, e, now);
    if (!id.ok()) return MapUnique(id.status(), "EXPERT_NO_TAKEN", "专家编号“" + e.expert_no + "”已被使用");
    RETURN_IF_ERROR(store::AppendHistoryEvent(c, store::kHistoryExpert, *id, "create", HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "expert.create", "expert", std::to_string(*id),
                                {{"expert_no", e.expert_no}, {"name", e.name}, {"department_id", e.department_id}}));
    ASSIGN_OR_RETURN(auto stored, store::FindExpert(c, *id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredExpert> ExpertService::Change(const Principal& who, int64_t id, Expert next,
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
  store::StoredExpert out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto cur, store::FindExpert(c, id));
    if (!cur) return ExpertNotFound(id);
    registers::Changes changes = registers::DiffExperts(cur->expert, next);
    if (changes.empty()) return FailedPrecondition("EXPERT_UNCHANGED", "没有任何修改");
    if (next.expert_no != cur->expert.expert_no) {
      ASSIGN_OR_RETURN(auto clash, store::FindExpertByNo(c, next.expert_no));
      if (clash) return AlreadyExists("EXPERT_NO_TAKEN", "专家编号“" + next.expert_no + "”已被使用");
    }
    RETURN_IF_ERROR(store::UpdateExpert(c, id, next, now));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryExpert, id, history_action, changes,
                                                HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, action, "expert", std::to_string(id),
                                {{"expert_no", next.expert_no}, {"changed", ChangedFields(changes)}, {"note", note}}));
    ASSIGN_OR_RETURN(auto stored, store::FindExpert(c, id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredExpert> ExpertService::Update(const Principal& who, int64_t id, const Expert& e,
                                                    const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, e, note, "expert.update", "update");
}

StatusOr<store::StoredExpert> ExpertService::Deactivate(const Principal& who, int64_t id, const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "停用专家必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (!cur.expert.active) return FailedPrecondition("EXPERT_ALREADY_INACTIVE", "该专家已停用");
  Expert next = cur.expert;
  next.active = false;
  next.inactive_reason = reason;
  return Change(who, id, next, reason, "expert.deactivate", "deactivate");
}

StatusOr<store::StoredExpert> ExpertService::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto found, store::FindExpert(*conn, id));
  if (!found) return ExpertNotFound(id);
  return std::move(*found);
}

StatusOr<std::pair<std::vector<store::StoredExpert>, int64_t>> ExpertService::List(const Principal& who,
                                                                                   const store::ExpertQuery& q) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListExperts(*conn, q);
}

StatusOr<std::vector<store::HistoryEntry>> ExpertService::History(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(auto e, Get(who, id));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListHistory(*conn, store::kHistoryExpert, e.id);
}

// --- 回避 -----------------------------------------------------------------------------------

Status ConflictService::Check(store::Connection& c, const ConflictOfInterest& x) {
  ASSIGN_OR_RETURN(auto dicts, ctx_.dictionaries.Current());
  RETURN_IF_ERROR(registers::ProblemsToStatus(registers::ValidateConflict(x, *dicts), "CONFLICT_INVALID"));
  ASSIGN_OR_RETURN(auto target, store::FindTarget(c, x.target_id));
  if (!target) return NotFound("TARGET_NOT_FOUND", "检查对象不存在（编号 " + std::to_string(x.target_id) + "）");
  return OkStatus();
}

StatusOr<store::StoredConflict> ConflictService::Create(const Principal& who, const ConflictOfInterest& x,
                                                        const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  store::StoredInspector inspector;
  {
    ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
    ASSIGN_OR_RETURN(auto found, store::FindInspector(*conn, x.inspector_id));
    if (!found) return InspectorNotFound(x.inspector_id);
    inspector = std::move(*found);
  }
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(inspector.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  const std::string now = ctx_.Now();
  store::StoredConflict out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(Check(c, x));
    ASSIGN_OR_RETURN(auto existing, store::FindConflictByKey(c, x.inspector_id, x.target_id, x.kind));
    if (existing)
      return AlreadyExists("CONFLICT_EXISTS", "该人员与该检查对象已登记“" + x.kind + "”回避关系（编号 " +
                                                  std::to_string(existing->id) + "）");
    auto id = store::InsertConflict(c, x, now);
    if (!id.ok()) return MapUnique(id.status(), "CONFLICT_EXISTS", "该回避关系已登记");
    RETURN_IF_ERROR(store::AppendHistoryEvent(c, store::kHistoryConflict, *id, "create", HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, "conflict.create", "conflict", std::to_string(*id),
                                {{"inspector_id", x.inspector_id}, {"target_id", x.target_id}, {"kind", x.kind},
                                 {"source", x.source}}));
    ASSIGN_OR_RETURN(auto stored, store::FindConflict(c, *id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredConflict> ConflictService::Change(const Principal& who, int64_t id, ConflictOfInterest next,
                                                        const std::string& note, const char* action,
                                                        const char* history_action) {
  ASSIGN_OR_RETURN(auto before, Get(who, id));
  if (next.inspector_id == 0) next.inspector_id = before.conflict.inspector_id;
  if (next.target_id == 0) next.target_id = before.conflict.target_id;
  if (next.inspector_id != before.conflict.inspector_id || next.target_id != before.conflict.target_id)
    return InvalidArgument("CONFLICT_IDENTITY_IMMUTABLE", "回避关系的人员和检查对象不能修改；如有错误请撤销后重新登记");
  store::StoredInspector inspector;
  {
    ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
    ASSIGN_OR_RETURN(auto found, store::FindInspector(*conn, next.inspector_id));
    if (!found) return InspectorNotFound(next.inspector_id);
    inspector = std::move(*found);
  }
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(inspector.inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterWrite, loc));
  const std::string now = ctx_.Now();
  store::StoredConflict out;
  Status s = store::WithTransaction(ctx_.db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(Check(c, next));
    ASSIGN_OR_RETURN(auto cur, store::FindConflict(c, id));
    if (!cur) return ConflictNotFound(id);
    registers::Changes changes = registers::DiffConflicts(cur->conflict, next);
    if (changes.empty()) return FailedPrecondition("CONFLICT_UNCHANGED", "没有任何修改");
    if (next.kind != cur->conflict.kind) {
      ASSIGN_OR_RETURN(auto clash, store::FindConflictByKey(c, next.inspector_id, next.target_id, next.kind));
      if (clash) return AlreadyExists("CONFLICT_EXISTS", "该人员与该检查对象已登记“" + next.kind + "”回避关系");
    }
    RETURN_IF_ERROR(store::UpdateConflict(c, id, next, now));
    RETURN_IF_ERROR(store::AppendHistoryChanges(c, store::kHistoryConflict, id, history_action, changes,
                                                HistoryFor(who, now, note)));
    RETURN_IF_ERROR(RecordAudit(c, ctx_.clock, who, action, "conflict", std::to_string(id),
                                {{"changed", ChangedFields(changes)}, {"note", note}}));
    ASSIGN_OR_RETURN(auto stored, store::FindConflict(c, id));
    out = std::move(*stored);
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return out;
}

StatusOr<store::StoredConflict> ConflictService::Update(const Principal& who, int64_t id,
                                                        const ConflictOfInterest& x, const std::string& note) {
  RETURN_IF_ERROR(text::CheckText("说明", note, text::kNote));
  return Change(who, id, x, note, "conflict.update", "update");
}

StatusOr<store::StoredConflict> ConflictService::Deactivate(const Principal& who, int64_t id,
                                                            const std::string& reason) {
  RETURN_IF_ERROR(text::CheckText("原因", reason, text::kNote));
  if (reason.empty()) return InvalidArgument("REASON_REQUIRED", "撤销回避关系必须说明原因");
  ASSIGN_OR_RETURN(auto cur, Get(who, id));
  if (!cur.conflict.active) return FailedPrecondition("CONFLICT_ALREADY_INACTIVE", "该回避关系已撤销");
  ConflictOfInterest next = cur.conflict;
  next.active = false;
  next.inactive_reason = reason;
  return Change(who, id, next, reason, "conflict.deactivate", "deactivate");
}

StatusOr<store::StoredConflict> ConflictService::Get(const Principal& who, int64_t id) {
  RETURN_IF_ERROR(RequireRegisterRead(who));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  ASSIGN_OR_RETURN(auto found, store::FindConflict(*conn, id));
  if (!found) return ConflictNotFound(id);
  // A 回避 relation is read like the inspector it names.
  ASSIGN_OR_RETURN(auto inspector, store::FindInspector(*conn, found->conflict.inspector_id));
  if (!inspector) return Internal("conflict names a missing inspector: " + std::to_string(id));
  ASSIGN_OR_RETURN(auto loc, ctx_.org.LocationOfUnit(inspector->inspector.unit_id));
  RETURN_IF_ERROR(Authorize(who, Permission::kRegisterRead, loc));
  return std::move(*found);
}

StatusOr<std::pair<std::vector<store::StoredConflict>, int64_t>> ConflictService::List(const Principal& who,
                                                                                       store::ConflictQuery q) {
  // Scoped inside the query, so that paging and the total count only see readable relations.
  ASSIGN_OR_RETURN(q.within_units, ReadableInspectorUnits(ctx_, who));
  if (q.limit > 500) return InvalidArgument("PAGE_INVALID", "每页最多 500 条");
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListConflicts(*conn, q);
}

StatusOr<std::vector<store::HistoryEntry>> ConflictService::History(const Principal& who, int64_t id) {
  ASSIGN_OR_RETURN(auto x, Get(who, id));
  ASSIGN_OR_RETURN(auto conn, ctx_.db.Acquire());
  return store::ListHistory(*conn, store::kHistoryConflict, x.id);
}

}  // namespace suiji::service
