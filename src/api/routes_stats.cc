// 统计分析 (SPEC §STAT; issue 14): per-department oversight figures and the monthly trend.

#include "api/json_util.h"
#include "api/query_params.h"
#include "api/register_json.h"
#include "api/routes.h"
#include "service/stats/stats_report.h"
#include "tabular/writer.h"

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

// ?year= (default: this year in China), ?half=1|2, ?region=.
StatusOr<service::StatsPeriod> PeriodOf(Call& c) {
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
  return period;
}

// "66.66%", "—" when there is nothing to divide.
std::string PercentText(const std::optional<int64_t>& bp) {
  if (!bp) return "—";
  const std::string cents = std::to_string(*bp % 100);
  return std::to_string(*bp / 100) + "." + (cents.size() < 2 ? "0" : "") + cents + "%";
}

// The department table of the overview as the console shows it, with Chinese headers.
std::vector<std::vector<std::string>> OverviewTable(const service::StatsOverview& o) {
  std::vector<std::vector<std::string>> rows = {
      {"部门",         "计划数",        "已公示计划",   "按时公示计划", "任务数",
       "联合检查任务", "联合检查占比",  "应检查数",     "未录入",       "录入中",
       "已审核",       "已公示",        "完成率",       "完结率",       "按时公示率",
       "逾期未公示",   "持证执法人员",  "参加检查人员", "参与率",       "频次低于20%的人员",
       "年度抽查上限", "超过上限对象数"}};
  auto n = [](int64_t v) { return std::to_string(v); };
  for (const auto& s : o.departments) {
    std::string names;
    for (const auto& i : s.below_frequency) names += (names.empty() ? "" : "、") + i.name;
    rows.push_back({s.department_name,
                    n(s.plans),
                    n(s.plans_published),
                    n(s.plans_published_on_time),
                    n(s.tasks),
                    n(s.joint_tasks),
                    PercentText(s.joint_share_bp),
                    n(s.due),
                    n(s.not_entered),
                    n(s.in_progress),
                    n(s.approved),
                    n(s.published),
                    PercentText(s.completion_rate_bp),
                    PercentText(s.publication_rate_bp),
                    PercentText(s.on_time_rate_bp),
                    n(s.overdue),
                    n(s.certified_inspectors),
                    n(s.participating_inspectors),
                    PercentText(s.participation_bp),
                    names,
                    n(s.yearly_cap),
                    n(s.targets_over_cap)});
  }
  return rows;
}

// The monthly trend as the console's 月度趋势 table shows it.
std::vector<std::vector<std::string>> TrendTable(const service::StatsOverview& o) {
  std::vector<std::vector<std::string>> rows = {
      {"月份", "检查任务", "录入检查结果", "公示检查结果"}};
  for (const auto& t : o.trend)
    rows.push_back(
        {t.month, std::to_string(t.tasks), std::to_string(t.entered), std::to_string(t.published)});
  return rows;
}

}  // namespace

void AddStatsRoutes(Router& r, const ApiOptions& /*options*/) {
  r.Add("GET", "/api/v1/stats/overview", Access::Requires(Permission::kStatsRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto period, PeriodOf(c));
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
  // The department table as .xlsx (统计分析's download).
  r.Add("GET", "/api/v1/stats/overview.xlsx", Access::Requires(Permission::kStatsRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto period, PeriodOf(c));
          // ?table=departments (default: the department table) or months (the monthly trend):
          // each chart of the console downloads the table beside it.
          const std::string table = c.request.Query("table").value_or("departments");
          if (table != "departments" && table != "months")
            return InvalidArgument(
                "QUERY_INVALID",
                "查询参数 table 应为 departments（部门统计）或 months（月度趋势）");
          const bool months = table == "months";
          ASSIGN_OR_RETURN(auto o, c.platform.stats().Overview(c.principal, period));
          const std::string title = months ? "月度趋势" : "部门统计";
          const std::string name =
              std::to_string(o.period.year) + "年" +
              (o.period.half ? (*o.period.half == 1 ? "上半年" : "下半年") : "") + title;
          ASSIGN_OR_RETURN(std::string bytes,
                           tabular::WriteTableToBytes(tabular::Format::kXlsx, title,
                                                      months ? TrendTable(o) : OverviewTable(o)));
          return FileResponse(std::move(bytes), tabular::Format::kXlsx, name, "stats");
        });
  // The half-year 统计表 or the annual summary, as handed upward (service/stats/stats_report.h).
  r.Add("GET", "/api/v1/stats/report.xlsx", Access::Requires(Permission::kStatsRead),
        [](Call& c) -> StatusOr<Response> {
          ASSIGN_OR_RETURN(auto kind,
                           service::ParseReportKind(c.request.Query("kind").value_or("")));
          service::ReportRequest request;
          request.kind = kind;
          ASSIGN_OR_RETURN(auto year, QueryYear(c.request));
          request.year = year ? *year : ChinaDate(c.platform.clock().Now()).year;
          ASSIGN_OR_RETURN(auto half, QueryInt(c.request, "half"));
          if (half) {
            if (*half != 1 && *half != 2)
              return InvalidArgument("REPORT_HALF_INVALID", "半年应为 1（上半年）或 2（下半年）");
            request.half = static_cast<int>(*half);
          }
          if (auto region = c.request.Query("region"); region && !region->empty())
            request.region_code = *region;
          ASSIGN_OR_RETURN(auto report,
                           service::BuildStatsReport(c.platform.stats(), c.platform.org(),
                                                     c.platform.registers().items(),
                                                     c.platform.clock(), c.principal, request));
          ASSIGN_OR_RETURN(std::string bytes, service::StatsReportXlsx(report));
          return FileResponse(std::move(bytes), tabular::Format::kXlsx,
                              service::StatsReportFileName(report), "stats-report");
        });
}

}  // namespace suiji::api
