#include "service/stats/stats_service.h"

#include <algorithm>
#include <map>

#include "core/inspections/inspection.h"
#include "service/readable_scope.h"
#include "store/database.h"
#include "store/stats/stats_store.h"

namespace suiji::service {
namespace {

std::optional<int64_t> RateBp(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return part * 10000 / whole;
}

// The last completion date whose 20-working-day publication deadline lies before `today`:
// deadlines grow with the completion date, so "unpublished and completed on or before it" is
// exactly "overdue", and the database can count it without the calendar.
Date OverdueCompletedBy(const WorkingCalendar& calendar, Date today) {
  Date d = today.AddDays(-1);
  for (int i = 0; i < 400 && !(inspections::PublicationDeadline(calendar, d).value < today); ++i)
    d = d.AddDays(-1);
  return d;
}

}  // namespace

StatsService::StatsService(store::Database& db, const Clock& clock, OrgService& org,
                           RegisterServices& registers, const WorkingCalendar& calendar)
    : db_(db), clock_(clock), org_(org), registers_(registers), calendar_(calendar) {}

StatusOr<StatsOverview> StatsService::Overview(const Principal& who, const StatsPeriod& period) {
  if (period.year < 2000 || period.year > 2100 ||
      (period.half && *period.half != 1 && *period.half != 2))
    return InvalidArgument("STATS_PERIOD_INVALID",
                           "统计期间无效：年度应为 2000 至 2100，半年应为 1 或 2");
  StatsOverview out;
  out.period = period;
  out.today = ChinaDate(clock_.Now());
  out.from = Date{period.year, period.half == 2 ? 7 : 1, 1};
  out.to = period.half == 1 ? Date{period.year, 6, 30} : Date{period.year, 12, 31};

  // Every department in scope is listed, also with nothing to count (SPEC §STAT).
  ASSIGN_OR_RETURN(auto readable, ReadableDepartments(org_, who, {Permission::kStatsRead}));
  ASSIGN_OR_RETURN(auto snap, org_.Snapshot());
  std::vector<int64_t> ids;
  std::map<int64_t, DepartmentStats> by_id;
  for (const Department& d : snap->departments) {
    if (readable && std::find(readable->begin(), readable->end(), d.id) == readable->end())
      continue;
    if (period.region_code && d.region_code.rfind(*period.region_code, 0) != 0) continue;
    ids.push_back(d.id);
    DepartmentStats s;
    s.department_id = d.id;
    s.department_name = d.name;
    s.region_code = d.region_code;
    by_id[d.id] = std::move(s);
  }
  if (readable && readable->empty())
    return PermissionDenied("PERMISSION_DENIED", "没有权限：需要“查看统计”权限");
  for (int64_t id : ids) {
    ASSIGN_OR_RETURN(auto rules, registers_.rules().Get(Principal::System("stats"), id));
    by_id[id].yearly_cap = rules.current.rules.policy.per_target_yearly_cap;
  }

  store::StatsQuery q;
  q.from = out.from.ToString();
  q.to = out.to.ToString();
  q.within_departments = ids;
  const Date certified_on = std::min(out.today, out.to);
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());

  ASSIGN_OR_RETURN(auto plans, store::CountPlansByDepartment(*conn, period.year, ids,
                                                             Date{period.year, 1, 31}.ToString()));
  for (const auto& r : plans) {
    auto& s = by_id[r.department_id];
    s.plans = r.plans;
    s.plans_published = r.published;
    s.plans_published_on_time = r.published_on_time;
  }
  ASSIGN_OR_RETURN(auto tasks, store::CountTasksByDepartment(*conn, q));
  for (const auto& r : tasks) {
    auto& s = by_id[r.department_id];
    s.tasks = r.tasks;
    s.joint_tasks = r.joint_tasks;
  }
  ASSIGN_OR_RETURN(auto results,
                   store::CountResultsByDepartment(
                       *conn, q, OverdueCompletedBy(calendar_, out.today).ToString()));
  for (const auto& r : results) {
    auto& s = by_id[r.department_id];
    s.due = r.due;
    s.not_entered = r.not_entered;
    s.in_progress = r.in_progress;
    s.approved = r.approved;
    s.published = r.published;
    s.entered = r.entered;
    s.published_on_time = r.published_on_time;
    s.overdue = r.overdue;
  }
  auto problem = [](const store::ProblemCountRow& r) {
    return ProblemRate{r.key, r.entered, r.problems, RateBp(r.problems, r.entered)};
  };
  ASSIGN_OR_RETURN(auto by_item, store::CountProblemsByItem(*conn, q));
  for (const auto& r : by_item) by_id[r.department_id].problems_by_item.push_back(problem(r));
  ASSIGN_OR_RETURN(auto by_risk, store::CountProblemsByRisk(*conn, q));
  for (const auto& r : by_risk) by_id[r.department_id].problems_by_risk.push_back(problem(r));
  ASSIGN_OR_RETURN(auto inspectors, store::CountInspectorTasks(*conn, q, certified_on.ToString()));
  for (const auto& r : inspectors) {
    auto& s = by_id[r.department_id];
    ++s.certified_inspectors;
    if (r.tasks > 0) ++s.participating_inspectors;
    const auto frequency = RateBp(r.tasks, s.tasks);
    if (s.tasks > 0 && *frequency < kFrequencyGoalBp)
      s.below_frequency.push_back({r.inspector_id, r.name, r.tasks, frequency});
  }
  // The cap is yearly, whatever the period.
  store::StatsQuery year = q;
  year.from = Date{period.year, 1, 1}.ToString();
  year.to = Date{period.year, 12, 31}.ToString();
  ASSIGN_OR_RETURN(auto repeats, store::CountRepeatInspections(*conn, year));
  for (const auto& r : repeats) {
    auto& s = by_id[r.department_id];
    if (r.inspections > s.yearly_cap) s.targets_over_cap += r.targets;
  }
  for (auto& [id, s] : by_id) {
    s.joint_share_bp = RateBp(s.joint_tasks, s.tasks);
    s.completion_rate_bp = RateBp(s.entered, s.due);
    s.publication_rate_bp = RateBp(s.published, s.due);
    s.on_time_rate_bp = RateBp(s.published_on_time, s.published);
    s.participation_bp = RateBp(s.participating_inspectors, s.certified_inspectors);
    out.departments.push_back(std::move(s));
  }

  ASSIGN_OR_RETURN(auto months, store::CountByMonth(*conn, q));
  for (int m = out.from.month; m <= out.to.month; ++m) {
    MonthTrend t;
    t.month = std::to_string(period.year) + (m < 10 ? "-0" : "-") + std::to_string(m);
    auto find = [&](const std::vector<store::MonthCountRow>& rows) -> int64_t {
      for (const auto& r : rows)
        if (r.month == t.month) return r.count;
      return 0;
    };
    t.tasks = find(months.tasks);
    t.entered = find(months.entered);
    t.published = find(months.published);
    out.trend.push_back(std::move(t));
  }
  return out;
}

}  // namespace suiji::service
