// Oversight statistics (SPEC §STAT; issue 14, seed 003): per department in the reader's scope —
// every department, also with nothing to count — plans, tasks, 应检查数 and the state of their
// records, completion and on-time publication rates, overdue results, problem rates by item and
// by credit-risk class, inspector participation (goal 80%) and frequency (goal 20%, the
// inspectors below it named), targets over the yearly cap and the share of joint tasks; and a
// monthly trend. Read-only: every figure is one aggregate query of the store (store/stats).
//
// Periods: a year or one half of it. A task belongs to the period in which its window starts
// and counts once its targets are locked; its targets, records and teams follow it. Plans are
// annual: a plan counts in its year and is on time when first published by 31 January of it
// (seed 000). Rates are in basis points (10000 = 100%), nullopt when there is nothing to divide.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/registers/registers.h"
#include "service/store_fwd.h"

namespace suiji::service {

// Goals from the seeds (003: participation 80%, frequency 20%; 000/004: every result published
// in time).
inline constexpr int64_t kParticipationGoalBp = 8000;
inline constexpr int64_t kFrequencyGoalBp = 2000;
inline constexpr int64_t kOnTimeGoalBp = 10000;

struct StatsPeriod {
  int year = 0;
  std::optional<int> half;                 // 1: January–June, 2: July–December
  std::optional<std::string> region_code;  // departments of this region (prefix of theirs)
};

struct ProblemRate {
  std::string key;  // item code or risk class
  int64_t entered = 0;
  int64_t problems = 0;
  std::optional<int64_t> rate_bp;
};

struct InspectorFrequency {
  int64_t inspector_id = 0;
  std::string name;
  int64_t tasks = 0;
  std::optional<int64_t> frequency_bp;
};

struct DepartmentStats {
  int64_t department_id = 0;
  std::string department_name;
  std::string region_code;
  // Plans of the year.
  int64_t plans = 0;
  int64_t plans_published = 0;
  int64_t plans_published_on_time = 0;
  // Tasks of the period and their targets.
  int64_t tasks = 0;
  int64_t joint_tasks = 0;
  std::optional<int64_t> joint_share_bp;
  int64_t due = 0;          // 应检查数
  int64_t not_entered = 0;  // 未录入
  int64_t in_progress = 0;  // 录入中
  int64_t approved = 0;     // 已审核
  int64_t published = 0;    // 已公示
  int64_t entered = 0;
  int64_t published_on_time = 0;
  int64_t overdue = 0;
  std::optional<int64_t> completion_rate_bp;   // entered / due (完成率)
  std::optional<int64_t> publication_rate_bp;  // published / due (完结率)
  std::optional<int64_t> on_time_rate_bp;      // published on time / published
  std::vector<ProblemRate> problems_by_item;
  std::vector<ProblemRate> problems_by_risk;
  // Inspectors (seed 003).
  int64_t certified_inspectors = 0;
  int64_t participating_inspectors = 0;
  std::optional<int64_t> participation_bp;
  std::vector<InspectorFrequency> below_frequency;  // certified, under kFrequencyGoalBp
  // Yearly cap (the department's rules) and the targets inspected more often in the year.
  int64_t yearly_cap = 0;
  int64_t targets_over_cap = 0;
};

struct MonthTrend {
  std::string month;  // YYYY-MM
  int64_t tasks = 0;
  int64_t entered = 0;
  int64_t published = 0;
};

struct StatsOverview {
  StatsPeriod period;
  Date from;
  Date to;
  Date today;
  std::vector<DepartmentStats> departments;  // in department id order
  std::vector<MonthTrend> trend;             // every month of the period
};

class StatsService {
 public:
  StatsService(store::Database& db, const Clock& clock, OrgService& org,
               RegisterServices& registers, const WorkingCalendar& calendar);

  // The departments `who` reads statistics of (kStatsRead in their location), narrowed to
  // `period.region_code`. InvalidArgument STATS_PERIOD_INVALID for a year outside 2000..2100 or
  // a half other than 1 or 2; PermissionDenied when `who` reads no department at all.
  StatusOr<StatsOverview> Overview(const Principal& who, const StatsPeriod& period);

 private:
  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  RegisterServices& registers_;
  const WorkingCalendar& calendar_;
};

}  // namespace suiji::service
