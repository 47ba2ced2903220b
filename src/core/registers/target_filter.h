// A predicate over the target directory (SPEC §DRAW: "target filter, saved as a predicate and a
// human description"). Plans and tasks store it as JSON; the directory search, the draw pool and
// the description shown to approvers and the public all come from the same value.
//
// Semantics: the conditions that are set are ANDed; within one list the values are ORed
// (types 企业 or 个体工商户), except tags_all, whose tags are all required. Unset conditions do not
// restrict. Removed targets (移出名录) are excluded unless include_removed.
//
// Stable JSON form (version 1): an object with "v": 1 and only the keys that are set, among
//   name_contains (string), keys, types, region_prefixes, industries, risk_classes, tags,
//   tags_all, directories, reg_statuses (arrays of strings), unit_ids (array of integers),
//   surviving, abnormal, serious_violation, include_removed (booleans).
// Arrays are sorted and deduplicated, so equal filters have equal JSON text (nlohmann's dump
// orders keys). Unknown keys are refused: a stored filter must mean exactly what it says.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/registers/dictionary.h"
#include "core/registers/target.h"
#include "core/time.h"

namespace suiji::registers {

struct TargetFilter {
  std::string name_contains;       // 名称包含
  std::vector<std::string> keys;   // 统一社会信用代码 / 注册号 / 对象编号
  std::vector<std::string> types;  // 对象类型
  std::vector<std::string>
      region_prefixes;                  // 行政区划 (a code matches itself and its subdivisions)
  std::vector<int64_t> unit_ids;        // 属地单位, each with its whole subtree
  std::vector<std::string> industries;  // GB/T 4754 门类 letters or 大类 codes
  std::vector<std::string> risk_classes;  // "A".."D"; "未分类" for targets without a class
  std::vector<std::string> tags;          // 标签 (any of)
  std::vector<std::string> tags_all;      // 标签 (all of: 重点监管 and 食品经营许可)
  std::vector<std::string> directories;   // 专项库 in force on the evaluation date (any of)
  std::vector<std::string> reg_statuses;  // 登记状态
  std::optional<bool> surviving;          // 实际经营
  std::optional<bool> abnormal;           // 列入经营异常名录
  std::optional<bool> serious_violation;  // 列入严重违法失信名单
  bool include_removed = false;           // 包括已移出名录的对象

  bool empty() const;
  // Sorts and deduplicates the lists (what ToJson writes).
  void Canonicalize();
  friend bool operator==(const TargetFilter&, const TargetFilter&) = default;
};

// The class name filters use for "no class".
inline constexpr char kUnclassifiedRisk[] = "未分类";

nlohmann::json TargetFilterToJson(const TargetFilter& in);
// Errors: InvalidArgument FILTER_INVALID naming the key (unknown key, wrong type, v != 1).
StatusOr<TargetFilter> TargetFilterFromJson(const nlohmann::json& j);

// Every problem of the values (unknown type or status, malformed region or industry code …).
Problems ValidateTargetFilter(const TargetFilter& f, const DictionarySet& dicts);

// Names for the description; any of them may be null (codes and ids are shown instead).
struct FilterNames {
  std::function<std::string(int64_t)> unit;               // "花园路市场监管所"
  std::function<std::string(const std::string&)> region;  // "河南省郑州市金水区"
};

// A Chinese sentence:
// "名称包含“餐饮”；对象类型为企业或个体工商户；属地为花园路市场监管所（含下级单位）； 行业为H
// 住宿和餐饮业；信用风险分类为C、D；登记状态为存续；实际经营". The empty filter is
// "全部在库检查对象".
std::string DescribeTargetFilter(const TargetFilter& in, const FilterNames& names = {});

// Pure evaluation on one target (for pools built from history, and to cross-check SQL).
// `units_in_scope` is the union of the subtrees of f.unit_ids (ignored when f.unit_ids is empty);
// `as_of` decides which 专项库 memberships are in force.
bool TargetMatches(const Target& t, const TargetFilter& f, const std::set<int64_t>& units_in_scope,
                   Date as_of);

}  // namespace suiji::registers
