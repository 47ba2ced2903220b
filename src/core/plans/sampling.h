// Who is in a task's target pool, in which stratum, and how many are drawn (SPEC §DRAW,
// seeds 000, 003, 004). Pure: the service gathers the facts, these functions decide.
//
// Exclusions (each counted and reported, checked in this order): not 存续; 实际无经营; already
// inspected by this department `yearly_cap` times this year (seed 003: ≤ 2); inspected for one
// of the task's items within its minimum interval; already a target of another task of this
// department whose window overlaps.
//
// Tiers (seed 004): an object is in the first that matches — 重点对象 (take all), 问题对象
// (repeat complaints or cases: take all), 风险对象 per credit-risk class (class ratio), 一般对象
// (general ratio). Quota = ceil(ratio × size), the ratio never below the items' floor.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/rules.h"
#include "core/registers/target.h"
#include "core/status.h"
#include "core/time.h"

namespace suiji::plans {

inline constexpr std::string_view kStratumKey = "重点对象";
inline constexpr std::string_view kStratumProblem = "问题对象";
inline constexpr std::string_view kStratumGeneral = "一般对象";
// "风险对象（C类）"
std::string RiskStratumName(std::string_view risk_class);

struct TierFacts {
  std::vector<std::string> tags;
  std::vector<std::string> directories;  // special directories in force on the draw date
  int complaints = 0;
  int cases = 0;
  std::string risk_class;  // "A".."D" or ""
};

// The stratum an object belongs to. The name lives as long as the program (the preview's scan
// asks for every candidate, so no string is made per candidate).
std::string_view StratumFor(const TierFacts& facts, const registers::TierSettings& tiers);

enum class Exclusion {
  kNotOperating,
  kNotSurviving,
  kYearlyCap,
  kMinInterval,
  kMutualRecognition,
  kInOtherTask
};
inline constexpr Exclusion kAllExclusions[] = {
    Exclusion::kNotOperating, Exclusion::kNotSurviving,      Exclusion::kYearlyCap,
    Exclusion::kMinInterval,  Exclusion::kMutualRecognition, Exclusion::kInOtherTask};
std::string_view ExclusionName(Exclusion e);   // "not_operating" …
std::string_view ExclusionLabel(Exclusion e);  // "非存续状态" …

struct ExclusionFacts {
  // 登记状态 (nullopt: a text the dictionary does not name — not 存续 either).
  std::optional<registers::RegistrationStatus> reg_status;
  bool surviving = true;          // 实际经营
  int inspections_this_year = 0;  // by this department, in the task's year
  // The latest inspection (by this department) for each of the task's items, when any.
  std::vector<std::pair<std::string, Date>> last_inspection_by_item;
  // The latest inspection of the object by another department of the same region (互认共享).
  std::optional<Date> last_by_other_department;
  bool in_other_task = false;
};

struct ExclusionRules {
  int yearly_cap = 2;
  Date window_from;  // the task starts here: intervals are measured to this date
  // Minimum days between two inspections of one object for an item (0 = none).
  std::function<int(const std::string& item_code)> min_interval_days;
  // Days within which another department's inspection of the object is recognised instead of
  // inspecting again (0 = off).
  int mutual_recognition_days = 0;
};

std::optional<Exclusion> ExclusionFor(const ExclusionFacts& facts, const ExclusionRules& rules);

// A ratio for one stratum: the policy's ratio (class ratio for risk strata, the general ratio —
// or the task's override — otherwise), raised to the items' floor and lowered to their ceiling.
struct RatioInputs {
  const registers::SamplingPolicy* policy = nullptr;
  std::optional<int> override_bp;  // the batch/task ratio for 一般对象
  int floor_bp = 300;              // max of the items' minimum ratios
  int ceiling_bp = 10000;          // min of the items' maximum ratios (never below the floor)
};
int StratumRatio(std::string_view stratum, std::string_view risk_class, const RatioInputs& in);

// ceil(size × ratio / 10000), at most size; take-all strata take everything.
int64_t Quota(int64_t size, int ratio_bp);
bool TakesAll(std::string_view stratum);

// Refuses (InvalidArgument QUOTA_BELOW_FLOOR) an override below the items' floor, naming both.
Status CheckOverrideAgainstFloor(std::optional<int> override_bp, int floor_bp);

}  // namespace suiji::plans
