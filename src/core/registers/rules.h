// 一细则: a department's random-inspection rules (SPEC §RULE) — the text people read and the
// machine-readable sampling policy the plans and draws apply. Versioned like items: every change
// is a new version, any version can be published.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/credit/credit.h"
#include "core/registers/dictionary.h"
#include "core/registers/fields.h"

namespace suiji::registers {

// Priority tiers (seed 004 §三(二)): an object falls into the first tier that matches.
//   重点对象 must be covered (all taken): tagged with one of key_tags or in one of key_directories.
//   问题对象 all taken: complaints ≥ problem_min_complaints or cases ≥ problem_min_cases
//            (0 disables that criterion).
//   风险对象 the classes in risk_classes, each at its class ratio.
//   一般对象 everything else, at general_ratio_bp.
struct TierSettings {
  bool key_enabled = true;
  std::vector<std::string> key_tags = {"重点监管"};
  std::vector<std::string> key_directories;  // e.g. 特种设备专项库
  bool problem_enabled = true;
  int problem_min_complaints = 2;  // repeat complaints via 12315 / 12345
  int problem_min_cases = 1;
  bool risk_enabled = true;
  std::vector<std::string> risk_classes = {"C", "D"};
  friend bool operator==(const TierSettings&, const TierSettings&) = default;
};

// How public draw records name an inspector (or expert): 姓名＋执法证号 (the default) or the
// number alone. 身份证号 and phone numbers are never public, whatever the setting.
enum class PublicPersonDisplay { kNameAndNumber, kNumberOnly };
std::string_view PublicPersonDisplayName(PublicPersonDisplay d);  // "name_and_number" …
std::optional<PublicPersonDisplay> ParsePublicPersonDisplay(std::string_view s);

struct SamplingPolicy {
  // Ratio per credit-risk class (seed 004: 信用风险分级分类); e.g. A 1%, B 3%, C 10%, D 30%.
  std::map<std::string, int> risk_ratio_bp = {{"A", 100}, {"B", 300}, {"C", 1000}, {"D", 3000}};
  int general_ratio_bp = 300;  // 一般对象 and objects without a class
  int per_target_yearly_cap = 2;  // seed 003: 同一市场主体每年抽查不超过 2 次（本部门）
  int default_min_interval_days = 0;  // between two inspections of one object for one item
  std::map<std::string, int> item_min_interval_days;  // item code -> days, overrides the default
  // 互认共享 (seed 002): an object another department of the same region inspected within this
  // many days before the task's window is left out of the pool (0 = off).
  int mutual_recognition_days = 0;
  int inspectors_per_task = 2;      // seed 000/003: 检查人员不得少于两人
  int per_inspector_task_cap = 10;  // most tasks one inspector takes in one draw
  PublicPersonDisplay public_person_display = PublicPersonDisplay::kNameAndNumber;
  TierSettings tiers;
  // 检查结果 → the credit-risk class a published result of it moves the target up to (issue 13:
  // results move the risk class by the department's published rule; core/credit).
  std::map<std::string, std::string> credit_risk_moves = credit::DefaultRiskMoves();
  friend bool operator==(const SamplingPolicy&, const SamplingPolicy&) = default;
};

struct DepartmentRules {
  int64_t department_id = 0;
  std::string title;        // 细则名称, e.g. 金水区市场监管局随机抽查工作细则
  std::string procedure;    // 抽查程序
  std::string methods;      // 检查方式与内容
  std::string penalties;    // 处罚标准与程序
  std::string publication;  // 抽查结果公开程序
  std::string other;        // 其他
  SamplingPolicy policy;
  friend bool operator==(const DepartmentRules&, const DepartmentRules&) = default;
};

struct RulesVersion {
  int64_t department_id = 0;
  int version = 0;
  DepartmentRules rules;
  std::string note;
  std::string created_at;
  std::string created_by;
  std::optional<std::string> published_at;
  std::string published_by;
};

// The policy a department has before it writes its own rules.
DepartmentRules DefaultRules(int64_t department_id);

Problems ValidateRules(const DepartmentRules& r, const DictionarySet& dicts);
Changes DiffRules(const DepartmentRules& before, const DepartmentRules& after);

// The minimum interval for an item code: its own, else the nearest ancestor's, else the default.
int MinIntervalDays(const SamplingPolicy& p, const std::string& item_code);
// The ratio for a risk class ("" or unknown: the general ratio).
int RatioForClass(const SamplingPolicy& p, const std::string& risk_class);

nlohmann::json RulesToJson(const DepartmentRules& r);
StatusOr<DepartmentRules> RulesFromJson(const nlohmann::json& j);

}  // namespace suiji::registers
