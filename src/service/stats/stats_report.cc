#include "service/stats/stats_report.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "service/registers/item_service.h"
#include "service/stats/stats_service.h"
#include "tabular/workbook.h"

namespace suiji::service {
namespace {

std::optional<int64_t> RateBp(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return part * 10000 / whole;
}

// The credit-risk classes (SPEC §ENUM), each listed in the annual summary also with nothing.
constexpr std::array<std::pair<const char*, const char*>, 4> kRiskClasses = {{
    {"A", "信用风险低"},
    {"B", "信用风险一般"},
    {"C", "信用风险较高"},
    {"D", "信用风险高"},
}};

ReportRow RowOf(const DepartmentStats& s) {
  ReportRow r;
  r.department_id = s.department_id;
  r.department_name = s.department_name;
  r.items_inspected = static_cast<int64_t>(s.problems_by_item.size());
  r.plans = s.plans;
  r.plans_published = s.plans_published;
  r.tasks = s.tasks;
  r.joint_tasks = s.joint_tasks;
  r.due = s.due;
  r.entered = s.entered;
  r.not_entered = s.not_entered;
  r.in_progress = s.in_progress;
  r.published = s.published;
  r.published_on_time = s.published_on_time;
  r.overdue = s.overdue;
  // A record found a problem when one of its items did (or the target could not be inspected):
  // counted per record, by the class the target was drawn in.
  for (const auto& p : s.problems_by_risk) {
    r.inspected_records += p.entered;
    r.problems += p.problems;
  }
  r.certified_inspectors = s.certified_inspectors;
  r.participating_inspectors = s.participating_inspectors;
  r.below_frequency = static_cast<int64_t>(s.below_frequency.size());
  r.targets_over_cap = s.targets_over_cap;
  return r;
}

void AddTo(ReportRow& total, const ReportRow& r) {
  total.items_listed += r.items_listed;
  total.items_inspected += r.items_inspected;
  total.plans += r.plans;
  total.plans_published += r.plans_published;
  total.tasks += r.tasks;
  total.joint_tasks += r.joint_tasks;
  total.due += r.due;
  total.entered += r.entered;
  total.not_entered += r.not_entered;
  total.in_progress += r.in_progress;
  total.published += r.published;
  total.published_on_time += r.published_on_time;
  total.overdue += r.overdue;
  total.inspected_records += r.inspected_records;
  total.problems += r.problems;
  total.certified_inspectors += r.certified_inspectors;
  total.participating_inspectors += r.participating_inspectors;
  total.below_frequency += r.below_frequency;
  total.targets_over_cap += r.targets_over_cap;
}

// Rates of a row from its own counts: the 合计 row's are the rates of the sums, not an average
// of the departments' rates.
void SetRates(ReportRow& r) {
  r.entry_rate_bp = RateBp(r.entered, r.due);
  r.publication_rate_bp = RateBp(r.published, r.due);
  r.on_time_rate_bp = RateBp(r.published_on_time, r.published);
  r.problem_rate_bp = RateBp(r.problems, r.inspected_records);
  r.participation_bp = RateBp(r.participating_inspectors, r.certified_inspectors);
  r.joint_share_bp = RateBp(r.joint_tasks, r.tasks);
}

// The region a report speaks for when none was asked: the nearest known region containing
// every department in scope ("" when they share none).
std::string CommonRegion(const OrgSnapshot& snap, const std::vector<DepartmentStats>& departments) {
  if (departments.empty()) return "";
  std::string prefix = departments.front().region_code;
  for (const auto& d : departments) {
    size_t n = 0;
    while (n < prefix.size() && n < d.region_code.size() && prefix[n] == d.region_code[n]) ++n;
    prefix.resize(n);
  }
  while (!prefix.empty() && snap.FindRegion(prefix) == nullptr) prefix.pop_back();
  return prefix;
}

std::string ChineseDate(const Date& d) {
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

std::string PeriodName(const StatsReport& r) {
  if (r.kind == ReportKind::kAnnual) return std::to_string(r.year) + "年度";
  return std::to_string(r.year) + "年" + (r.half == 1 ? "上半年" : "下半年");
}

// "66.66%"; "—" when there is nothing to divide.
std::string Percent(const std::optional<int64_t>& bp) {
  if (!bp) return "—";
  const std::string cents = std::to_string(*bp % 100);
  return std::to_string(*bp / 100) + "." + (cents.size() < 2 ? "0" : "") + cents + "%";
}

std::string N(int64_t v) { return std::to_string(v); }

std::vector<std::string> TableRow(const ReportRow& r, const std::string& seq) {
  return {seq,
          r.department_name,
          N(r.items_listed),
          N(r.items_inspected),
          N(r.plans),
          N(r.plans_published),
          N(r.tasks),
          N(r.joint_tasks),
          Percent(r.joint_share_bp),
          N(r.due),
          N(r.entered),
          N(r.not_entered),
          N(r.in_progress),
          Percent(r.entry_rate_bp),
          N(r.published),
          Percent(r.publication_rate_bp),
          N(r.published_on_time),
          Percent(r.on_time_rate_bp),
          N(r.overdue),
          N(r.problems),
          Percent(r.problem_rate_bp),
          N(r.certified_inspectors),
          N(r.participating_inspectors),
          Percent(r.participation_bp),
          N(r.below_frequency),
          N(r.targets_over_cap)};
}

std::string Subtitle(const StatsReport& r) {
  return "填报单位：" + r.issuing_body + "　　统计期间：" + r.from.ToString() + " 至 " +
         r.to.ToString() + "　　填报日期：" + ChineseDate(r.issued_on);
}

std::string GoalText(const std::optional<int64_t>& bp, int64_t goal) {
  if (!bp) return "—（无应检查对象）";
  return Percent(bp) + (*bp >= goal ? "（达到目标）" : "（未达到目标 " + Percent(goal) + "）");
}

tabular::SheetData CoverSheet(const StatsReport& r) {
  tabular::SheetData s;
  s.name = "封面";
  s.title_rows = 1;
  s.rows = {
      {r.title, ""},
      {"项目", "内容"},
      {"报表名称", r.title},
      {"行政区划", r.region_name.empty() ? "（全部辖区）" : r.region_name},
      {"行政区划代码", r.region_code},
      {"统计期间", r.from.ToString() + " 至 " + r.to.ToString()},
      {"填报单位", r.issuing_body},
      {"填报日期", ChineseDate(r.issued_on)},
      {"报送时限", ChineseDate(r.due_by) + "前"},
      {"部门数", N(static_cast<int64_t>(r.departments.size()))},
      {"应检查对象数", N(r.total.due)},
      {"检查结果录入率（目标 100%）", GoalText(r.total.entry_rate_bp, 10000)},
      {"检查结果公示率（目标 100%）", GoalText(r.total.publication_rate_bp, 10000)},
      {"按时公示率（目标 100%）", GoalText(r.total.on_time_rate_bp, kOnTimeGoalBp)},
      {"执法人员参与率（目标 80%）", GoalText(r.total.participation_bp, kParticipationGoalBp)},
      {"口径说明",
       "任务按检查时间起始日归入统计期间，锁定检查对象后计入；录入率 = 已录入 ÷ 应检查数；"
       "公示率 = 已公示 ÷ 应检查数；按时公示率 = 在 20 个工作日内公示 ÷ 已公示；"
       "问题发现率 = 发现问题的检查记录 ÷ 已录入检查记录；执法人员参与率 = 参加检查的持证"
       "执法人员 ÷ 持证执法人员；合计行的比率由合计数计算。"}};
  return s;
}

tabular::SheetData TableSheet(const StatsReport& r) {
  tabular::SheetData s;
  s.name = "统计表";
  s.title_rows = 2;
  s.bold_last_row = true;
  s.rows.push_back({r.title});
  s.rows.push_back({Subtitle(r)});
  s.rows.push_back({"序号",
                    "部门",
                    "抽查事项数",
                    "已抽查事项数",
                    "计划数",
                    "已公示计划数",
                    "任务数",
                    "联合抽查任务数",
                    "联合抽查占比",
                    "抽查对象数（应检查数）",
                    "已录入",
                    "未录入",
                    "录入中",
                    "录入率",
                    "已公示",
                    "公示率",
                    "按时公示数",
                    "按时公示率",
                    "逾期未公示",
                    "发现问题数",
                    "问题发现率",
                    "持证执法人员数",
                    "参加检查人员数",
                    "执法人员参与率",
                    "频次低于20%人数",
                    "超过年度抽查上限对象数"});
  for (size_t i = 0; i < r.departments.size(); ++i)
    s.rows.push_back(TableRow(r.departments[i], N(static_cast<int64_t>(i + 1))));
  s.rows.push_back(TableRow(r.total, ""));
  return s;
}

tabular::SheetData ProblemSheet(const StatsReport& r, bool by_item) {
  tabular::SheetData s;
  s.name = by_item ? "按抽查事项" : "按风险等级";
  s.title_rows = 2;
  s.bold_last_row = true;
  s.rows.push_back({r.title + (by_item ? "（按抽查事项）" : "（按信用风险等级）")});
  s.rows.push_back({Subtitle(r)});
  if (by_item) {
    s.rows.push_back({"部门", "事项编码", "抽查事项", "已录入", "发现问题数", "问题发现率"});
  } else {
    s.rows.push_back({"风险等级", "说明", "已录入", "发现问题数", "问题发现率"});
  }
  int64_t entered = 0;
  int64_t problems = 0;
  const auto& rows = by_item ? r.by_item : r.by_risk;
  for (const auto& p : rows) {
    if (by_item) {
      s.rows.push_back(
          {p.department_name, p.key, p.name, N(p.entered), N(p.problems), Percent(p.rate_bp)});
      entered += p.entered;
      problems += p.problems;
    } else {
      s.rows.push_back({p.key, p.name, N(p.entered), N(p.problems), Percent(p.rate_bp)});
    }
  }
  if (by_item)
    s.rows.push_back({"合计", "", "", N(entered), N(problems), Percent(RateBp(problems, entered))});
  return s;
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::kHalfYear: return "half-year";
    case ReportKind::kAnnual: return "annual";
  }
  return "half-year";
}

StatusOr<ReportKind> ParseReportKind(std::string_view name) {
  if (name == "half-year") return ReportKind::kHalfYear;
  if (name == "annual") return ReportKind::kAnnual;
  return InvalidArgument("REPORT_KIND_INVALID",
                         "报表类型应为 half-year（半年统计表）或 annual（年度总结）");
}

StatusOr<StatsReport> BuildStatsReport(StatsService& stats, OrgService& org, ItemService& items,
                                       const Clock& clock, const Principal& who,
                                       const ReportRequest& request) {
  if (request.year < 2000 || request.year > 2100)
    return InvalidArgument("REPORT_YEAR_INVALID", "年度无效：应为 2000 至 2100 之间的年份");
  if (request.kind == ReportKind::kAnnual && request.half)
    return InvalidArgument("REPORT_HALF_NOT_ALLOWED",
                           "只有半年统计表按上半年或下半年统计，年度总结不能指定半年");
  if (request.half && *request.half != 1 && *request.half != 2)
    return InvalidArgument("REPORT_HALF_INVALID", "半年应为 1（上半年）或 2（下半年）");
  ASSIGN_OR_RETURN(auto snap, org.Snapshot());
  if (request.region_code && snap->FindRegion(*request.region_code) == nullptr)
    return NotFound("REGION_NOT_FOUND", "未知的行政区划代码：" + *request.region_code);

  StatsReport out;
  out.kind = request.kind;
  out.year = request.year;
  out.issued_on = ChinaDate(clock.Now());
  if (request.kind == ReportKind::kHalfYear) {
    out.half = request.half
                   ? *request.half
                   : (request.year == out.issued_on.year && out.issued_on.month <= 6 ? 1 : 2);
  }
  StatsPeriod period;
  period.year = request.year;
  period.half = out.half;
  period.region_code = request.region_code;
  ASSIGN_OR_RETURN(auto overview, stats.Overview(who, period));
  out.from = overview.from;
  out.to = overview.to;
  // Seeds 001/002: the 统计表 by the end of June and of December; seed 004: the year's summary
  // by 5 December.
  out.due_by = request.kind == ReportKind::kAnnual ? Date{request.year, 12, 5} : overview.to;

  out.region_code =
      request.region_code ? *request.region_code : CommonRegion(*snap, overview.departments);
  out.region_name = snap->RegionFullName(out.region_code);
  out.issuing_body = out.region_name + "“双随机、一公开”监管工作联席会议办公室";
  out.title = PeriodName(out) + "“双随机、一公开”监管工作" +
              (request.kind == ReportKind::kAnnual ? "总结统计表" : "统计表");

  // The departments' 一单: how many items are listed, and the names of the items inspected.
  std::vector<int64_t> ids;
  for (const auto& d : overview.departments) ids.push_back(d.department_id);
  std::map<std::pair<int64_t, std::string>, std::string> item_names;
  std::map<int64_t, int64_t> items_listed;
  if (!ids.empty()) {
    ItemSearch search;
    search.department_ids = ids;
    search.limit = 1'000'000;
    ASSIGN_OR_RETURN(auto listed, items.List(Principal::System("stats"), search));
    for (const auto& h : listed.first) {
      item_names[{h.department_id, h.code}] = h.name;
      if (h.active && h.published_version) ++items_listed[h.department_id];
    }
  }

  std::map<std::string, std::pair<int64_t, int64_t>> risk_sums;
  for (const auto& d : overview.departments) {
    ReportRow row = RowOf(d);
    row.items_listed = items_listed[d.department_id];
    SetRates(row);
    AddTo(out.total, row);
    out.departments.push_back(std::move(row));
    for (const auto& p : d.problems_by_item) {
      auto name = item_names.find({d.department_id, p.key});
      out.by_item.push_back({d.department_name, p.key, name == item_names.end() ? "" : name->second,
                             p.entered, p.problems, p.rate_bp});
    }
    for (const auto& p : d.problems_by_risk) {
      risk_sums[p.key].first += p.entered;
      risk_sums[p.key].second += p.problems;
    }
  }
  out.total.department_name = "合计";
  SetRates(out.total);

  if (request.kind == ReportKind::kAnnual) {
    ReportProblemRow total{"", "合计", "", 0, 0, std::nullopt};
    auto add = [&](const std::string& key, const std::string& name) {
      const auto [entered, problems] = risk_sums[key];
      out.by_risk.push_back({"", key, name, entered, problems, RateBp(problems, entered)});
      total.entered += entered;
      total.problems += problems;
    };
    for (const auto& [key, name] : kRiskClasses) add(key, name);
    // A class outside A–D (an imported register's own) is reported under its own name.
    for (const auto& entry : risk_sums) {
      const std::string& key = entry.first;
      if (std::none_of(kRiskClasses.begin(), kRiskClasses.end(),
                       [&](const auto& c) { return key == c.first; }))
        add(key, key.empty() ? "未评定" : key);
    }
    total.rate_bp = RateBp(total.problems, total.entered);
    out.by_risk.push_back(std::move(total));
  } else {
    out.by_item.clear();
  }
  return out;
}

StatusOr<std::string> StatsReportXlsx(const StatsReport& report) {
  std::vector<tabular::SheetData> sheets = {CoverSheet(report), TableSheet(report)};
  if (report.kind == ReportKind::kAnnual) {
    sheets.push_back(ProblemSheet(report, true));
    sheets.push_back(ProblemSheet(report, false));
  }
  return tabular::WriteWorkbookToBytes(sheets);
}

std::string StatsReportFileName(const StatsReport& report) {
  return PeriodName(report) + "双随机一公开监管工作" +
         (report.kind == ReportKind::kAnnual ? "总结" : "统计表");
}

}  // namespace suiji::service
