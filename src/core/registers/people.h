// 执法检查人员名录库, 专家名录库 and the 回避 registry (SPEC §DIR), and inspector eligibility
// for a task (SPEC §DRAW): who may be drawn, or exactly why not.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registers/dictionary.h"
#include "core/registers/fields.h"
#include "core/time.h"

namespace suiji::registers {

struct Qualification {
  std::string name;             // e.g. 食品安全监管, 特种设备安全监察
  std::optional<Date> expires;  // none: does not expire
  friend bool operator==(const Qualification&, const Qualification&) = default;
};

// Leave or training: not available from `from` to `to` inclusive.
struct Absence {
  std::string kind;  // dict absence_kind: 请假 / 培训 …
  Date from;
  Date to;
  std::string note;
  friend bool operator==(const Absence&, const Absence&) = default;
};

// 人员状态 — a closed set (the inspector_status dictionary cannot be extended). Records keep the
// Chinese name, checked by ValidateInspector; decisions go through the enum.
enum class InspectorStatus { kActive, kInactive };
// 有效 / 失效.
std::string_view InspectorStatusName(InspectorStatus s);
// nullopt for any other text.
std::optional<InspectorStatus> ParseInspectorStatus(std::string_view text);

struct Inspector {
  int64_t department_id = 0;
  int64_t unit_id = 0;
  std::string name;
  std::string gender;                // 男 / 女
  std::string position;              // 职务
  std::string cert_no;               // 执法证号
  std::optional<Date> cert_expires;  // 执法证有效期至
  // 身份证号: plain text only on the way in (create, update, import) and never stored as such;
  // empty when read back. citizen_id_masked is what everyone sees.
  std::string citizen_id;
  std::string citizen_id_masked;
  std::vector<std::string> specialties;       // 专业类别
  std::vector<Qualification> qualifications;  // 执法资格
  std::vector<std::string> item_scope;  // 可检查事项编码; empty: every item of the department
  std::string status{InspectorStatusName(InspectorStatus::kActive)};  // InspectorStatusName
  std::string status_reason;
  std::vector<Absence> absences;
  std::string phone;
  std::optional<int64_t> user_id;  // the account the inspector logs in with

  friend bool operator==(const Inspector&, const Inspector&) = default;
};

// The inspector's status as the enum; nullopt for text that is no status (ValidateInspector
// refuses it). Only kActive inspectors may be drawn.
inline std::optional<InspectorStatus> InspectorStatusOf(const Inspector& i) {
  return ParseInspectorStatus(i.status);
}
inline bool IsActive(const Inspector& i) {
  return InspectorStatusOf(i) == InspectorStatus::kActive;
}

// `citizen_id_required`: a new record must carry the ID; an update may leave it unchanged.
Problems ValidateInspector(const Inspector& i, const DictionarySet& dicts, Date today,
                           bool citizen_id_required);
// Changes in canonical text; the citizen ID appears masked only.
Changes DiffInspectors(const Inspector& before, const Inspector& after,
                       const std::function<std::string(int64_t)>& unit_name = nullptr);
std::string QualificationsText(const std::vector<Qualification>& q);
std::string AbsencesText(const std::vector<Absence>& a);
// Parses absence text; every absence needs both dates. InvalidArgument PERIOD_TEXT_INVALID.
StatusOr<std::vector<Absence>> ParseAbsencesText(std::string_view text);
StatusOr<std::vector<Qualification>> ParseQualificationsText(std::string_view text);

// Keys and labels of the fields the histories record, in diff order.
const std::vector<FieldInfo>& InspectorFieldInfos();
const std::vector<FieldInfo>& ExpertFieldInfos();
const std::vector<FieldInfo>& ConflictFieldInfos();

nlohmann::json InspectorToJson(const Inspector& i);  // never includes the plain citizen ID
StatusOr<Inspector> InspectorFromJson(const nlohmann::json& j);  // reads "citizen_id" when given

// --- experts -------------------------------------------------------------------------------

struct Expert {
  int64_t department_id = 0;
  std::string expert_no;  // 专家编号, the import key within the platform
  std::string name;
  std::string organisation;                 // 所在单位
  bool external = true;                     // 外部专家 (not a civil servant of the department)
  std::string title;                        // 职称
  std::vector<std::string> specialties;     // 业务专长
  std::vector<std::string> service_fields;  // 服务领域
  std::optional<Date> engaged_from;         // 聘用期
  std::optional<Date> engaged_to;
  std::string phone;
  bool active = true;
  std::string inactive_reason;
  friend bool operator==(const Expert&, const Expert&) = default;
};
Problems ValidateExpert(const Expert& e);
Changes DiffExperts(const Expert& before, const Expert& after);
nlohmann::json ExpertToJson(const Expert& e);
StatusOr<Expert> ExpertFromJson(const nlohmann::json& j);

// --- 回避 -----------------------------------------------------------------------------------

struct ConflictOfInterest {
  int64_t inspector_id = 0;
  int64_t target_id = 0;
  std::string kind;    // 亲属 / 曾任职 / 持股 / 曾办案 / 其他
  std::string source;  // 来源: 本人申报, 组织核查, 举报 …
  std::string note;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  bool active = true;
  std::string inactive_reason;

  // In force on at least one day of [from, to].
  bool InForce(Date from, Date to) const;
  friend bool operator==(const ConflictOfInterest&, const ConflictOfInterest&) = default;
};
Problems ValidateConflict(const ConflictOfInterest& c, const DictionarySet& dicts);
Changes DiffConflicts(const ConflictOfInterest& before, const ConflictOfInterest& after);
nlohmann::json ConflictToJson(const ConflictOfInterest& c);
StatusOr<ConflictOfInterest> ConflictFromJson(const nlohmann::json& j);

// --- eligibility ---------------------------------------------------------------------------

enum class IneligibilityReason {
  kInactive,              // 已失效
  kCertificateExpired,    // 证件过期
  kMissingQualification,  // 缺少资格
  kOutsideJurisdiction,   // 不在辖区
  kUnavailable,           // 请假/培训中
  kConflict,              // 回避
};
// "已失效", "证件过期", "缺少资格", "不在辖区", "请假/培训中", "回避".
std::string_view IneligibilityReasonName(IneligibilityReason r);
// "INACTIVE", "CERTIFICATE_EXPIRED", … — stable codes for clients and statistics.
std::string_view IneligibilityReasonCode(IneligibilityReason r);

struct Ineligibility {
  IneligibilityReason reason;
  std::string detail;  // Chinese, e.g. "执法证已于 2026-11-20 过期"
};

struct EligibilityRequest {
  // The inspection window, inclusive; a single day when from == to. The certificate,
  // qualifications and 回避 must hold, and no absence may fall, on any day of it.
  Date from;
  Date to;
  std::vector<std::string> required_qualifications;  // union over the task's items
  std::vector<std::string> item_codes;  // the task's items (checked against item_scope)
  // Units whose inspectors may go (the jurisdiction's unit subtree, or a department's pool);
  // nullopt: no restriction.
  std::optional<std::vector<int64_t>> allowed_units;
  std::vector<int64_t> target_ids;  // the task's targets, for 回避
};

struct EligibilityResult {
  std::vector<Ineligibility> reasons;  // empty: eligible
  bool eligible() const { return reasons.empty(); }
};

// Pure: whether `inspector` may be drawn for the task described by `request`, given this
// inspector's 回避 records (`conflicts`; records of other inspectors must not be passed). Every
// failing condition is reported, in the order of IneligibilityReason.
EligibilityResult CheckEligibility(const Inspector& inspector, const EligibilityRequest& request,
                                   std::span<const ConflictOfInterest> conflicts);

nlohmann::json EligibilityToJson(const EligibilityResult& r);

}  // namespace suiji::registers
