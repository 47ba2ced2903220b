// 执法检查人员名录库, 专家名录库 and 回避 registry use cases (SPEC §DIR), and inspector eligibility
// for draws (SPEC §DRAW).
//
// Inspectors belong to a unit: writing needs kRegisterWrite in the unit's scope, and — because
// the records hold personal data — so does reading (kRegisterRead in scope; lists are filtered
// to the units the reader covers). The 身份证号 is sealed on the way in and shown masked; the
// full number is returned only to kSensitiveRead holders who give a reason, and every such
// disclosure is in the history and the audit log. Experts belong to a department; a 回避 record
// to its inspector's unit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/registers/people.h"
#include "service/registers/context.h"
#include "store/registers/people_store.h"

namespace suiji::service {

struct InspectorAssessment {
  store::StoredInspector inspector;
  registers::EligibilityResult result;
};

class InspectorService {
 public:
  explicit InspectorService(RegisterContext& ctx) : ctx_(ctx) {}

  // `i.citizen_id` is the plain number (required). InvalidArgument INSPECTOR_INVALID;
  // AlreadyExists INSPECTOR_CERT_TAKEN / INSPECTOR_CITIZEN_ID_TAKEN / INSPECTOR_USER_TAKEN.
  StatusOr<store::StoredInspector> Create(const Principal& who, const registers::Inspector& i, const std::string& note);
  // Replaces every field; an empty citizen_id keeps the stored one. INSPECTOR_UNCHANGED.
  StatusOr<store::StoredInspector> Update(const Principal& who, int64_t id, const registers::Inspector& i,
                                          const std::string& note);
  // Status 失效 with the reason (调离, 退休, 执法证被注销 …) / back to 有效.
  StatusOr<store::StoredInspector> Deactivate(const Principal& who, int64_t id, const std::string& reason);
  StatusOr<store::StoredInspector> Reactivate(const Principal& who, int64_t id, const std::string& note);

  StatusOr<store::StoredInspector> Get(const Principal& who, int64_t id);
  // The inspector record linked to a user account (an inspector looking at their own record).
  StatusOr<store::StoredInspector> GetByUser(const Principal& who, int64_t user_id);
  StatusOr<std::pair<std::vector<store::StoredInspector>, int64_t>> List(const Principal& who,
                                                                         store::InspectorQuery q);
  StatusOr<std::vector<store::HistoryEntry>> History(const Principal& who, int64_t id);
  // The full 身份证号 (kSensitiveRead in scope; a reason is required and recorded).
  StatusOr<std::string> RevealCitizenId(const Principal& who, int64_t id, const std::string& reason);

  // Whether the inspector may be drawn for the task described by `request`.
  StatusOr<registers::EligibilityResult> Eligibility(const Principal& who, int64_t id,
                                                     const registers::EligibilityRequest& request);
  // Every inspector matching `q` with its eligibility (the draw's candidate list, with reasons for
  // the excluded ones). Conflicts are loaded in one query.
  StatusOr<std::vector<InspectorAssessment>> Assess(const Principal& who, store::InspectorQuery q,
                                                    const registers::EligibilityRequest& request);

 private:
  // The units whose inspectors `who` may read; nullopt when every unit.
  StatusOr<std::optional<std::vector<int64_t>>> ReadableUnits(const Principal& who);
  Status Prepare(registers::Inspector& i, const OrgSnapshot& snap, bool citizen_id_required);
  StatusOr<store::StoredInspector> Change(const Principal& who, int64_t id, registers::Inspector next,
                                          const std::string& note, const char* action, const char* history_action);
  RegisterContext& ctx_;
};

class ExpertService {
 public:
  explicit ExpertService(RegisterContext& ctx) : ctx_(ctx) {}
  // EXPERT_INVALID, EXPERT_NO_TAKEN.
  StatusOr<store::StoredExpert> Create(const Principal& who, const registers::Expert& e, const std::string& note);
  StatusOr<store::StoredExpert> Update(const Principal& who, int64_t id, const registers::Expert& e,
                                       const std::string& note);
  StatusOr<store::StoredExpert> Deactivate(const Principal& who, int64_t id, const std::string& reason);
  StatusOr<store::StoredExpert> Get(const Principal& who, int64_t id);
  StatusOr<std::pair<std::vector<store::StoredExpert>, int64_t>> List(const Principal& who, const store::ExpertQuery& q);
  StatusOr<std::vector<store::HistoryEntry>> History(const Principal& who, int64_t id);

 private:
  StatusOr<store::StoredExpert> Change(const Principal& who, int64_t id, registers::Expert next, const std::string& note,
                                       const char* action, const char* history_action);
  RegisterContext& ctx_;
};

class ConflictService {
 public:
  explicit ConflictService(RegisterContext& ctx) : ctx_(ctx) {}
  // CONFLICT_INVALID, CONFLICT_EXISTS; NotFound INSPECTOR_NOT_FOUND / TARGET_NOT_FOUND.
  StatusOr<store::StoredConflict> Create(const Principal& who, const registers::ConflictOfInterest& x,
                                         const std::string& note);
  StatusOr<store::StoredConflict> Update(const Principal& who, int64_t id, const registers::ConflictOfInterest& x,
                                         const std::string& note);
  // 撤销 (kept with its history).
  StatusOr<store::StoredConflict> Deactivate(const Principal& who, int64_t id, const std::string& reason);
  StatusOr<store::StoredConflict> Get(const Principal& who, int64_t id);
  // Only relations whose inspector `who` may read (like InspectorService::Get), filtered in the
  // query so that limit, offset and the total count see readable relations only.
  StatusOr<std::pair<std::vector<store::StoredConflict>, int64_t>> List(const Principal& who,
                                                                        store::ConflictQuery q);
  StatusOr<std::vector<store::HistoryEntry>> History(const Principal& who, int64_t id);

 private:
  StatusOr<store::StoredConflict> Change(const Principal& who, int64_t id, registers::ConflictOfInterest next,
                                         const std::string& note, const char* action, const char* history_action);
  Status Check(store::Connection& c, const registers::ConflictOfInterest& x);
  RegisterContext& ctx_;
};

}  // namespace suiji::service
