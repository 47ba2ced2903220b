#include "core/plans/sampling.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <set>

#include "core/registers/fields.h"

namespace suiji::plans {

std::string RiskStratumName(std::string_view risk_class) {
  return "风险对象（" + std::string(risk_class) + "类）";
}

namespace {

// RiskStratumName, made once per class: A–D (the credit-risk dictionary) up front, any other
// class the first time it is seen.
std::string_view RiskStratumView(std::string_view risk_class) {
  static const std::array<std::string, 4> kNamed = {RiskStratumName("A"), RiskStratumName("B"),
                                                    RiskStratumName("C"), RiskStratumName("D")};
  if (risk_class.size() == 1 && risk_class[0] >= 'A' && risk_class[0] <= 'D')
    return kNamed[static_cast<size_t>(risk_class[0] - 'A')];
  static std::mutex mu;
  static std::set<std::string, std::less<>> others;  // nodes never move: views stay valid
  std::lock_guard lock(mu);
  return *others.insert(RiskStratumName(risk_class)).first;
}

bool AnyIn(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  for (const auto& w : want)
    if (std::find(have.begin(), have.end(), w) != have.end()) return true;
  return false;
}

}  // namespace

std::string_view StratumFor(const TierFacts& f, const registers::TierSettings& t) {
  if (t.key_enabled && (AnyIn(f.tags, t.key_tags) || AnyIn(f.directories, t.key_directories)))
    return kStratumKey;
  if (t.problem_enabled &&
      ((t.problem_min_complaints > 0 && f.complaints >= t.problem_min_complaints) ||
       (t.problem_min_cases > 0 && f.cases >= t.problem_min_cases)))
    return kStratumProblem;
  if (t.risk_enabled && !f.risk_class.empty() &&
      std::find(t.risk_classes.begin(), t.risk_classes.end(), f.risk_class) != t.risk_classes.end())
    return RiskStratumView(f.risk_class);
  return kStratumGeneral;
}

std::string_view ExclusionName(Exclusion e) {
  switch (e) {
    case Exclusion::kNotOperating: return "not_operating";
    case Exclusion::kNotSurviving: return "not_surviving";
    case Exclusion::kYearlyCap: return "yearly_cap";
    case Exclusion::kMinInterval: return "min_interval";
    case Exclusion::kMutualRecognition: return "mutual_recognition";
    case Exclusion::kInOtherTask: return "in_other_task";
  }
  return "";
}

std::string_view ExclusionLabel(Exclusion e) {
  switch (e) {
    case Exclusion::kNotOperating: return "非存续状态（注销、吊销、撤销、迁出）";
    case Exclusion::kNotSurviving: return "实际无经营";
    case Exclusion::kYearlyCap: return "本年度已达本部门抽查次数上限";
    case Exclusion::kMinInterval: return "未满同一事项最短检查间隔";
    case Exclusion::kMutualRecognition: return "同区域其他部门近期已检查（结果互认）";
    case Exclusion::kInOtherTask: return "已列入本部门同期其他抽查任务";
  }
  return "";
}

std::optional<Exclusion> ExclusionFor(const ExclusionFacts& f, const ExclusionRules& r) {
  if (f.reg_status != registers::RegistrationStatus::kOperating) return Exclusion::kNotOperating;
  if (!f.surviving) return Exclusion::kNotSurviving;
  if (r.yearly_cap > 0 && f.inspections_this_year >= r.yearly_cap) return Exclusion::kYearlyCap;
  for (const auto& [item, last] : f.last_inspection_by_item) {
    const int days = r.min_interval_days ? r.min_interval_days(item) : 0;
    if (days > 0 && r.window_from.DaysSinceEpoch() - last.DaysSinceEpoch() < days)
      return Exclusion::kMinInterval;
  }
  if (r.mutual_recognition_days > 0 && f.last_by_other_department &&
      r.window_from.DaysSinceEpoch() - f.last_by_other_department->DaysSinceEpoch() <
          r.mutual_recognition_days)
    return Exclusion::kMutualRecognition;
  if (f.in_other_task) return Exclusion::kInOtherTask;
  return std::nullopt;
}

bool TakesAll(std::string_view stratum) {
  return stratum == kStratumKey || stratum == kStratumProblem;
}

int StratumRatio(std::string_view stratum, std::string_view risk_class, const RatioInputs& in) {
  if (TakesAll(stratum)) return 10000;
  int ratio = in.policy ? in.policy->general_ratio_bp : 300;
  if (stratum == kStratumGeneral) {
    if (in.override_bp) ratio = *in.override_bp;
  } else if (in.policy) {
    ratio = registers::RatioForClass(*in.policy, std::string(risk_class));
  }
  const int ceiling = std::max(in.ceiling_bp, in.floor_bp);
  return std::clamp(ratio, in.floor_bp, ceiling);
}

int64_t Quota(int64_t size, int ratio_bp) {
  if (size <= 0) return 0;
  const int64_t q = (size * ratio_bp + 9999) / 10000;
  return std::min(size, q);
}

Status CheckOverrideAgainstFloor(std::optional<int> override_bp, int floor_bp) {
  if (override_bp && *override_bp < floor_bp)
    return InvalidArgument("QUOTA_BELOW_FLOOR",
                           "抽查比例 " + registers::PercentText(*override_bp) +
                               "% 低于所选事项的最低抽查比例 " + registers::PercentText(floor_bp) +
                               "%（一般事项不低于 3%，涉及生命财产安全的不低于 20%）");
  return OkStatus();
}

}  // namespace suiji::plans
