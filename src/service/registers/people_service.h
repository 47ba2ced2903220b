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
#include "core/registers/records.h"
#include "service/registers/context.h"

namespace suiji::service {

// The inspectors a reader asks for; the service narrows them to the units the reader may read.
struct InspectorSearch {
  std::vector<int64_t> department_ids;
  std::vector<int64_t> unit_ids;
  std::string text;           // substring of name or 执法证号
  std::string status;         // 有效 / 失效
  std::string qualification;  // holds a qualification of this name
  int64_t offset = 0;
  int64_t limit = 50;  // at most 500 (PAGE_INVALID); <= 0: every match
};

struct ExpertSearch {
  std::vector<int64_t> department_ids;
  std::string text;  // name, organisation or specialty
  std::optional<bool> active;
  int64_t offset = 0;
  int64_t limit = 50;  // <= 0: every match
};

// 回避 relations; only those whose inspector the reader may read are seen.
struct ConflictSearch {
  std::vector<int64_t> inspector_ids;
  std::vector<int64_t> target_ids;
  std::optional<bool> active;
  int64_t offset = 0;
  int64_t limit = 50;  // at most 500 (PAGE_INVALID); <= 0: every match
};

// One page of records ordered by id, and the number of all matches.
template <typename Record>
using RecordPage = std::pair<std::vector<Record>, int64_t>;

struct InspectorAssessment {
  registers::InspectorRecord inspector;
  registers::EligibilityResult result;
};

class InspectorService {
 public:
  explicit InspectorService(RegisterContext& ctx) : ctx_(ctx) {}

  // `i.citizen_id` is the plain number (required). InvalidArgument INSPECTOR_INVALID;
  // AlreadyExists INSPECTOR_CERT_TAKEN / INSPECTOR_CITIZEN_ID_TAKEN / INSPECTOR_USER_TAKEN.
  StatusOr<registers::InspectorRecord> Create(const Principal& who, const registers::Inspector& i,
                                              const std::string& note);
  // Replaces every field; an empty citizen_id keeps the stored one. INSPECTOR_UNCHANGED.
  StatusOr<registers::InspectorRecord> Update(const Principal& who, int64_t id,
                                              const registers::Inspector& i,
                                              const std::string& note);
  // Status 失效 with the reason (调离, 退休, 执法证被注销 …) / back to 有效.
  StatusOr<registers::InspectorRecord> Deactivate(const Principal& who, int64_t id,
                                                  const std::string& reason);
  StatusOr<registers::InspectorRecord> Reactivate(const Principal& who, int64_t id,
                                                  const std::string& note);

  StatusOr<registers::InspectorRecord> Get(const Principal& who, int64_t id);
  // The inspector record linked to a user account (an inspector looking at their own record).
  StatusOr<registers::InspectorRecord> GetByUser(const Principal& who, int64_t user_id);
  StatusOr<RecordPage<registers::InspectorRecord>> List(const Principal& who,
                                                        const InspectorSearch& search);
  StatusOr<std::vector<registers::HistoryEntry>> History(const Principal& who, int64_t id);
  // The full 身份证号 (kSensitiveRead in scope; a reason is required and recorded).
  StatusOr<std::string> RevealCitizenId(const Principal& who, int64_t id,
                                        const std::string& reason);

  // Whether the inspector may be drawn for the task described by `request`. InvalidArgument
  // FIELD_INVALID when the period ends before it starts.
  StatusOr<registers::EligibilityResult> Eligibility(const Principal& who, int64_t id,
                                                     const registers::EligibilityRequest& request);
  // Every inspector matching `search` with its eligibility (the draw's candidate list, with reasons
  // for the excluded ones). Conflicts are loaded in one query.
  StatusOr<std::vector<InspectorAssessment>> Assess(const Principal& who,
                                                    const InspectorSearch& search,
                                                    const registers::EligibilityRequest& request);

 private:
  // The units whose inspectors `who` may read; nullopt when every unit.
  StatusOr<std::optional<std::vector<int64_t>>> ReadableUnits(const Principal& who);
  Status Prepare(registers::Inspector& i, const OrgSnapshot& snap, bool citizen_id_required);
  StatusOr<registers::InspectorRecord> Change(const Principal& who, int64_t id,
                                              registers::Inspector next, const std::string& note,
                                              const char* action, const char* history_action);
  RegisterContext& ctx_;
};

class ExpertService {
 public:
  explicit ExpertService(RegisterContext& ctx) : ctx_(ctx) {}
  // EXPERT_INVALID, EXPERT_NO_TAKEN.
  StatusOr<registers::ExpertRecord> Create(const Principal& who, const registers::Expert& e,
                                           const std::string& note);
  StatusOr<registers::ExpertRecord> Update(const Principal& who, int64_t id,
                                           const registers::Expert& e, const std::string& note);
  StatusOr<registers::ExpertRecord> Deactivate(const Principal& who, int64_t id,
                                               const std::string& reason);
  StatusOr<registers::ExpertRecord> Get(const Principal& who, int64_t id);
  StatusOr<RecordPage<registers::ExpertRecord>> List(const Principal& who,
                                                     const ExpertSearch& search);
  StatusOr<std::vector<registers::HistoryEntry>> History(const Principal& who, int64_t id);

 private:
  StatusOr<registers::ExpertRecord> Change(const Principal& who, int64_t id, registers::Expert next,
                                           const std::string& note, const char* action,
                                           const char* history_action);
  RegisterContext& ctx_;
};

class ConflictService {
 public:
  explicit ConflictService(RegisterContext& ctx) : ctx_(ctx) {}
  // CONFLICT_INVALID, CONFLICT_EXISTS; NotFound INSPECTOR_NOT_FOUND / TARGET_NOT_FOUND.
  StatusOr<registers::ConflictRecord> Create(const Principal& who,
                                             const registers::ConflictOfInterest& x,
                                             const std::string& note);
  StatusOr<registers::ConflictRecord> Update(const Principal& who, int64_t id,
                                             const registers::ConflictOfInterest& x,
                                             const std::string& note);
  // 撤销 (kept with its history).
  StatusOr<registers::ConflictRecord> Deactivate(const Principal& who, int64_t id,
                                                 const std::string& reason);
  StatusOr<registers::ConflictRecord> Get(const Principal& who, int64_t id);
  // Only relations whose inspector `who` may read (like InspectorService::Get), filtered in the
  // query so that limit, offset and the total count see readable relations only.
  StatusOr<RecordPage<registers::ConflictRecord>> List(const Principal& who,
                                                       const ConflictSearch& search);
  StatusOr<std::vector<registers::HistoryEntry>> History(const Principal& who, int64_t id);

 private:
  StatusOr<registers::ConflictRecord> Change(const Principal& who, int64_t id,
                                             registers::ConflictOfInterest next,
                                             const std::string& note, const char* action,
                                             const char* history_action);
  RegisterContext& ctx_;
};

}  // namespace suiji::service
