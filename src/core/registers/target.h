// 检查对象名录库: the target directory (SPEC §DIR).
//
// A target is identified by its natural key: the 统一社会信用代码 when it has one, else the
// 15-digit 注册号 ("REG:" + number), else — for 产品/项目/行为 and other objects without a
// registration — its 对象编号 ("OBJ:" + code). Imports upsert by this key, and the draw uses it as
// the candidate id (DRAW-SPEC §1: preferably the 18-character code).
//
// Codes that fail their check digits are refused unless the record carries the explicit
// override (code_override), which the service records in the history and the audit log; real
// registries contain such codes (SPEC §ID).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registers/dictionary.h"
#include "core/registers/fields.h"
#include "core/time.h"

namespace suiji::registers {

// 专项库 membership (e.g. 食品生产许可专项库) with its validity.
struct SpecialDirectory {
  std::string name;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;
  bool CoversDate(Date d) const {
    return (!valid_from || *valid_from <= d) && (!valid_to || d <= *valid_to);
  }
  friend bool operator==(const SpecialDirectory&, const SpecialDirectory&) = default;
};

// 登记状态 — a closed set (the registration_status dictionary cannot be extended). Records keep the
// Chinese name, checked by ValidateTarget; decisions go through the enum.
enum class RegistrationStatus { kOperating, kCancelled, kRevoked, kAnnulled, kMovedOut };
// 存续 / 注销 / 吊销 / 撤销 / 迁出.
std::string_view RegistrationStatusName(RegistrationStatus s);
// nullopt for any other text.
std::optional<RegistrationStatus> ParseRegistrationStatus(std::string_view text);

struct Target {
  std::string uscc;           // 统一社会信用代码 (normalised, upper case)
  std::string regno;          // 注册号 (15 digits)
  std::string object_code;    // 对象编号 for objects without a registration
  std::string name;           // 名称
  std::string type;           // 对象类型 (dict target_type)
  std::string legal_rep;      // 法定代表人（负责人）
  std::string address;        // 住所（经营场所）
  std::string region_code;    // 行政区划 (GB/T 2260, or a township code extending one)
  int64_t unit_id = 0;        // 属地单位 (the lowest grassroots unit)
  std::string industry_code;  // GB/T 4754-2017 门类 letter or 大类 digits
  std::string reg_status{RegistrationStatusName(RegistrationStatus::kOperating)};  // 登记状态
  bool surviving = true;                      // 实际经营 (false: 实际无经营)
  std::string risk_class;                     // "", "A".."D"
  std::optional<Date> risk_as_of;             // 风险分类评定日期
  bool abnormal = false;                      // 列入经营异常名录
  bool serious_violation = false;             // 列入严重违法失信名单
  std::vector<std::string> tags;              // 标签, e.g. 食品经营许可
  std::vector<SpecialDirectory> directories;  // 专项库
  int complaints = 0;                         // 投诉举报次数
  int cases = 0;                              // 立案查处次数
  bool in_directory = true;                   // false: 移出名录 (kept for history)
  std::string removed_reason;
  bool code_override = false;  // keep a code that fails its check (audited)

  // "91350100M000100Y43", "REG:410105000012345", "OBJ:XM-2026-001"; "" when none is set.
  std::string NaturalKey() const;
  // Calls fn with NaturalKey() as a view, and returns what it returns: the stored code itself
  // when it is the key (no string made), else a prefixed key that lives until fn returns. For a
  // caller that keeps the key in its own storage (a draw pool's ids, 10M of them at a province).
  template <class Fn>
  decltype(auto) WithNaturalKey(Fn&& fn) const {
    if (!uscc.empty()) return fn(std::string_view(uscc));
    return fn(std::string_view(NaturalKey()));
  }
  // The industry section letter, or '\0' when the code is unknown.
  char IndustrySection() const;
  friend bool operator==(const Target&, const Target&) = default;
};

inline constexpr int kMaxTags = 50;
inline constexpr int kMaxDirectories = 50;

// Every problem of the target. `today` bounds dates that cannot lie in the future.
Problems ValidateTarget(const Target& t, const DictionarySet& dicts, Date today);

// Key and Chinese label of every field the history records, in DiffTargets order (the
// jurisdiction unit, "unit_id", comes last). Repositories that compute changes in SQL use it to
// write the same history rows as DiffTargets.
const std::vector<FieldInfo>& TargetFieldInfos();

// Field-level changes, in canonical text (the history's old → new values). `unit_name` maps the
// jurisdiction unit id to a name (may be null: ids as digits).
Changes DiffTargets(const Target& before, const Target& after,
                    const std::function<std::string(int64_t)>& unit_name = nullptr);

// Canonical text of the list fields, as stored and exported:
//   tags        "食品经营许可；特种设备使用" (sorted as given; duplicates refused by validation)
//   directories "食品生产专项库(2026-01-01~2026-12-31)；特种设备专项库" — validity optional,
//               either end may be empty: "(~2026-12-31)".
std::string DirectoriesText(const std::vector<SpecialDirectory>& dirs);
// The inverse; InvalidArgument DIRECTORY_TEXT_INVALID naming the bad part.
StatusOr<std::vector<SpecialDirectory>> ParseDirectoriesText(std::string_view text);

nlohmann::json TargetToJson(const Target& t);
// Reads what TargetToJson writes (the API's request form); missing keys keep defaults.
StatusOr<Target> TargetFromJson(const nlohmann::json& j);

}  // namespace suiji::registers
