// 一单: the random-inspection item list (随机抽查事项清单, SPEC §ITEM).
//
// An item belongs to one department (its 检查主体). It never changes in place: every change,
// including deactivation, is a new version N+1, and any version can be published (on the portal,
// with its diff to the previously published one). Codes are hierarchical, 类别-事项-子项:
// one to three segments of upper-case letters and digits joined by "-" ("SCJG-SP", "SCJG-SP-01",
// "SCJG-SP-01-02" is four and too deep). Ratios are basis points (1% = 100).
//
// Ratio rules (seeds 000, 002, 004): the minimum is at least 3% of the directory, at least 20%
// when the item involves life and property safety; the maximum at most 100%; min ≤ max.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registers/dictionary.h"
#include "core/registers/fields.h"
#include "core/time.h"

namespace suiji::registers {

inline constexpr int kRatioFloorBp = 300;             // 3%
inline constexpr int kRatioFloorLifeSafetyBp = 2000;  // 20%
inline constexpr int kRatioCeilingBp = 10000;         // 100%
inline constexpr int kMaxExpertsPerTarget = 5;

struct InspectionItem {
  int64_t department_id = 0;                // 检查主体
  std::string code;                         // 事项编码
  std::string name;                         // 事项名称
  std::string category;                     // 一般检查事项 / 重点检查事项
  std::vector<std::string> legal_basis;     // 检查依据, one citation each
  std::vector<std::string> target_types;    // 检查对象类型
  std::string content;                      // 检查内容
  std::vector<std::string> methods;         // 检查方式
  int ratio_min_bp = kRatioFloorBp;         // 抽查比例下限
  int ratio_max_bp = kRatioCeilingBp;       // 抽查比例上限
  bool life_safety = false;                 // 涉及人民生命财产安全
  int max_per_target_per_year = 0;          // 同一对象每年最多检查次数，0 = 不限
  std::string frequency_note;               // 抽查频次说明
  std::vector<std::string> qualifications;  // 检查人员资格要求
  // Experts (专家) drawn for every inspected target, from the department's 专家名录库; 0 = none.
  // An expert qualifies when one of their 服务领域 or 业务专长 is among `expert_fields`
  // (any expert of the department when the list is empty).
  int experts_per_target = 0;              // 每个检查对象需抽取专家人数
  std::vector<std::string> expert_fields;  // 专家专业领域要求
  std::string level;                       // 市 / 区 / 所
  // Joint items (部门联合抽查): the lead (发起) department and the cooperating (配合) ones.
  std::optional<int64_t> lead_department_id;
  std::vector<int64_t> cooperating_department_ids;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  bool active = true;
  std::string inactive_reason;

  bool joint() const { return !cooperating_department_ids.empty(); }
  friend bool operator==(const InspectionItem&, const InspectionItem&) = default;
};

// One stored version of an item.
struct ItemVersion {
  int64_t item_id = 0;
  int version = 0;
  InspectionItem item;
  std::string note;  // why it changed
  std::string created_at;
  std::string created_by;
  std::optional<std::string> published_at;
  std::string published_by;
};

// Checks the code's shape only (segments, characters, length).
bool IsValidItemCode(std::string_view code);
// "SCJG-SP-01" -> "SCJG-SP"; "" for a top-level code.
std::string ParentItemCode(std::string_view code);
// 1 for 类别, 2 for 事项, 3 for 子项.
int ItemCodeLevel(std::string_view code);

// Every problem of the item, against the current dictionaries.
Problems ValidateItem(const InspectionItem& item, const DictionarySet& dicts);

// Department ids to names for readable diffs; unknown ids may be returned as digits.
using DepartmentNamer = std::function<std::string(int64_t)>;

// Field-level differences from `before` to `after` (canonical text; departments by name).
Changes DiffItems(const InspectionItem& before, const InspectionItem& after,
                  const DepartmentNamer& names);

// The canonical JSON of an item (stored with each version and served by the API). Ratios appear
// as percent numbers (3, 2.5), dates as "YYYY-MM-DD", absent values as null.
nlohmann::json ItemToJson(const InspectionItem& item);
// Reads the form above; unknown keys are ignored, missing keys keep their defaults.
// Errors: InvalidArgument FIELD_INVALID naming the field.
StatusOr<InspectionItem> ItemFromJson(const nlohmann::json& j);

}  // namespace suiji::registers
