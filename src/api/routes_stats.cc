// 统计分析 (SPEC §STAT; issue 14): per-department oversight figures and the monthly trend.

#include "api/json_util.h"
#include "api/query_params.h"
#include "api/routes.h"

namespace suiji::api {
namespace {

Json OptBp(const std::optional<int64_t>& bp) { return bp ? Json(*bp) : Json(); }

Json ProblemRatesJson(const std::vector<service::ProblemRate>& rates, const char* key_name) {
  Json out = Json::array();
  for (const auto& p : rates)
    out.push_back({{key_name, p.key},
                   {"entered", p.entered},
                   {"problems", p.problems},
                   {"rate_bp", OptBp(p.rate_bp)}});
  return out;
}

Json DepartmentStatsJson(const service::DepartmentStats& s) {
  Json below = Json::array();
  for (const auto& i : s.below_frequency)
    below.push_back({{"inspector_id", i.inspector_id},
                     {"name", i.name},
                     {"tasks", i.tasks},
                     {"frequency_bp", OptBp(i.frequency_bp)}});
  return {{"department_id", s.department_id},
          {"department_name", s.department_name},
          {"region_code", s.region_code},
          {"plans",
           {{"count", s.plans},
            {"published", s.plans_published},
            {"published_on_time", s.plans_published_on_time}}},
          {"tasks", s.tasks},
          {"joint_tasks", s.joint_tasks},
          {"joint_share_bp", OptBp(s.joint_share_bp)},
          {"due", s.due},
          {"not_entered", s.not_entered},
          {"in_progress", s.in_progress},
          {"approved", s.approved},
          {"published", s.published},
          {"entered", s.entered},
          {"published_on_time", s.published_on_time},
          {"overdue", s.overdue},
          {"completion_rate_bp", OptBp(s.completion_rate_bp)},
          {"publication_rate_bp", OptBp(s.publication_rate_bp)},
          {"on_time_rate_bp", OptBp(s.on_time_rate_bp)},
          {"problems_by_item", ProblemRatesJson(s.problems_by_item, "item_code")},
          {"problems_by_risk", ProblemRatesJson(s.problems_by_risk, "risk_class")},
          {"inspectors",
           {{"certified", s.certified_inspectors},
            {"participating", s.participating_inspectors},
            {"participation_bp", OptBp(s.participation_bp)},
            {"below_frequency", below}}},
          {"yearly_cap", s.yearly_cap},
          {"targets_over_cap", s.targets_over_cap}};
}

}  // namespace

void AddStatsRoutes(Router& r, const ApiOptions& /*options*/) {
  r.Add("GET", "/api/v1/stats/overview", Access::Requires(Permission::kStatsRead),
        [](Call& c) -> StatusOr<Response> {
          service::StatsPeriod period;
          ASSIGN_OR_RETURN(auto year, QueryYear(c.request));
          period.year = year ? *year : ChinaDate(c.platform.clock().Now()).year;
          ASSIGN_OR_RETURN(auto half, QueryInt(c.request, "half"));
          if (half) {
            if (*half != 1 && *half != 2)
              return InvalidArgument("QUERY_INVALID", "查询参数 half 应为 1 或 2");
            period.half = static_cast<int>(*half);
          }
          if (auto region = c.request.Query("region"); region && !region->empty())
            period.region_code = *region;
          ASSIGN_OR_RETURN(auto o, c.platform.stats().Overview(c.principal, period));
          Json departments = Json::array();
          for (const auto& s : o.departments) departments.push_back(DepartmentStatsJson(s));
          Json trend = Json::array();
          for (const auto& t : o.trend)
            trend.push_back({{"month", t.month},
                             {"tasks", t.tasks},
                             {"entered", t.entered},
                             {"published", t.published}});
          return Response::Json(
              200, {{"year", o.period.year},
                    {"half", o.period.half ? Json(*o.period.half) : Json()},
                    {"region", o.period.region_code ? Json(*o.period.region_code) : Json()},
                    {"from", o.from.ToString()},
                    {"to", o.to.ToString()},
                    {"today", o.today.ToString()},
                    {"goals",
                     {{"participation_bp", service::kParticipationGoalBp},
                      {"frequency_bp", service::kFrequencyGoalBp},
                      {"on_time_bp", service::kOnTimeGoalBp}}},
                    {"departments", departments},
                    {"trend", trend}});
        });
}

}  // namespace suiji::api
