// The enumerations of SPEC §ENUM (and the few the registers add) as versioned dictionaries.
//
// Stored records hold the exact Chinese string of an entry ("存续", "重点检查事项"); the only
// exception is the credit-risk class, stored as its letter "A".."D" with the label
// "信用风险低" … beside it. A dictionary is identified by a stable English name
// ("registration_status") and carries a version. The built-in version 1 of each dictionary is
// compiled in; an administrator may configure later versions of *extensible* dictionaries
// (check methods, absence kinds …), which may add entries and retire entries but never remove or
// rename one, so every stored value stays readable. Fixed dictionaries (results, statuses, risk
// classes …) change only with a new release, because program logic depends on their values.
//
// Pure; immutable values; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace suiji::registers {

namespace dict {
inline constexpr char kInspectionResult[] = "inspection_result";      // 检查结果
inline constexpr char kFollowUp[] = "follow_up";                      // 后续处置
inline constexpr char kTaskType[] = "task_type";                      // 抽查类型
inline constexpr char kItemCategory[] = "item_category";              // 事项类别
inline constexpr char kCreditRisk[] = "credit_risk";                  // 信用风险分类
inline constexpr char kTargetType[] = "target_type";                  // 检查对象类型
inline constexpr char kRegistrationStatus[] = "registration_status";  // 登记状态
inline constexpr char kCheckMethod[] = "check_method";                // 检查方式
inline constexpr char kItemLevel[] = "item_level";                    // 事项层级
inline constexpr char kInspectorStatus[] = "inspector_status";        // 人员状态
inline constexpr char kAbsenceKind[] = "absence_kind";                // 不在岗类型
inline constexpr char kConflictKind[] = "conflict_kind";              // 回避关系类型
inline constexpr char kGender[] = "gender";                           // 性别
}  // namespace dict

struct DictionaryEntry {
  std::string value;     // what records store, e.g. "存续" or "A"
  std::string label;     // what people read; equal to value except for coded entries
  bool retired = false;  // still readable, no longer accepted for new or changed records
  friend bool operator==(const DictionaryEntry&, const DictionaryEntry&) = default;
};

struct Dictionary {
  std::string name;   // dict::k…
  std::string title;  // "登记状态"
  int version = 1;
  bool extensible = false;
  std::vector<DictionaryEntry> entries;

  // An entry that is not retired has exactly this value.
  bool Accepts(std::string_view value) const;
  // Any entry, retired or not.
  const DictionaryEntry* Find(std::string_view value) const;
  // The label of `value`, or `value` itself when unknown.
  std::string LabelOf(std::string_view value) const;
  // "“存续”“注销”…" — the accepted values quoted and joined, for error messages.
  std::string AcceptedList() const;
};

nlohmann::json DictionaryToJson(const Dictionary& d);
// Errors: InvalidArgument DICTIONARY_INVALID.
StatusOr<Dictionary> DictionaryFromJson(const nlohmann::json& j);

// The current version of every dictionary.
class DictionarySet {
 public:
  // Version 1 of every dictionary, as compiled in.
  static const DictionarySet& Builtin();

  // The dictionary named `name`; every dict::k… name is present.
  const Dictionary& Get(std::string_view name) const;
  const Dictionary* Find(std::string_view name) const;
  std::vector<const Dictionary*> All() const;

  // Checks that `next` may follow the current version of its dictionary: same name, version
  // exactly one higher, extensible, every current value kept (retiring allowed), no duplicate
  // or empty values. Errors: NotFound DICTIONARY_NOT_FOUND; FailedPrecondition
  // DICTIONARY_NOT_EXTENSIBLE; InvalidArgument DICTIONARY_VERSION_INVALID / DICTIONARY_INVALID.
  Status CheckSuccessor(const Dictionary& next) const;
  // Replaces the dictionary (callers check with CheckSuccessor first).
  void Put(Dictionary d);

 private:
  std::map<std::string, Dictionary, std::less<>> by_name_;
};

// Credit-risk classes in order.
inline constexpr std::string_view kRiskClasses[] = {"A", "B", "C", "D"};

}  // namespace suiji::registers
