// The reports a 联席会议办公室 hands upward (SPEC §STAT; issue 14): the half-year
// 《“双随机、一公开”监管工作统计表》 due by the end of June and of December (seeds 001, 002) and
// the annual summary due by 5 December (seed 004: 录入率 and 公示率 must reach 100%). A report is a
// function of (kind, year, half, region) and of the reader's scope: it is built from
// StatsService::Overview's figures — nothing is counted twice — plus the names and number of the
// departments' published, active 抽查事项 (the 一单).
//
// StatsReport is the typed view (the edge names the file); StatsReportXlsx lays it out as a
// workbook: 封面 (region, period, issuing body, date, the goals), 统计表 (one row per department
// in scope — also with nothing to count — and a 合计 row whose rates are computed from the sums),
// and for the annual summary 按抽查事项 and 按风险等级.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/status.h"
#include "core/time.h"

namespace suiji::service {

enum class ReportKind { kHalfYear, kAnnual };

// "half-year" / "annual" (the API's ?kind= and the CLI's subcommand).
std::string_view ReportKindName(ReportKind kind);
// InvalidArgument REPORT_KIND_INVALID for anything else.
StatusOr<ReportKind> ParseReportKind(std::string_view name);

struct ReportRequest {
  ReportKind kind = ReportKind::kHalfYear;
  int year = 0;
  // Half-year only: 1 January–June, 2 July–December. Unset: the half `today` lies in when the
  // year is this year, else the second.
  std::optional<int> half;
  std::optional<std::string> region_code;  // a known region: its departments only
};

// One row of the 统计表: a department, or the 合计 row (department_id 0). Rates in basis points,
// nullopt when there is nothing to divide.
struct ReportRow {
  int64_t department_id = 0;
  std::string department_name;
  int64_t items_listed = 0;  // 抽查事项数: published, active items of the department's 一单
  int64_t items_inspected = 0;  // items with an entered result in the period
  int64_t plans = 0;
  int64_t plans_published = 0;
  int64_t tasks = 0;
  int64_t joint_tasks = 0;
  int64_t due = 0;  // 抽查对象数 (应检查数)
  int64_t entered = 0;
  int64_t not_entered = 0;
  int64_t in_progress = 0;
  int64_t published = 0;
  int64_t published_on_time = 0;
  int64_t overdue = 0;
  int64_t inspected_records = 0;  // entered records, the base of the problem rate
  int64_t problems = 0;           // entered records that found a problem (发现问题数)
  int64_t certified_inspectors = 0;
  int64_t participating_inspectors = 0;
  int64_t below_frequency = 0;  // inspectors under the 20% frequency goal
  int64_t targets_over_cap = 0;
  std::optional<int64_t> entry_rate_bp;        // entered / due (录入率, 完成率)
  std::optional<int64_t> publication_rate_bp;  // published / due (公示率, 完结率)
  std::optional<int64_t> on_time_rate_bp;      // published on time / published
  std::optional<int64_t> problem_rate_bp;      // problems / inspected records
  std::optional<int64_t> participation_bp;     // participating / certified inspectors
  std::optional<int64_t> joint_share_bp;       // joint tasks / tasks
};

// Findings per item (department, item) or per credit-risk class, with the rate.
struct ReportProblemRow {
  std::string department_name;  // empty for a risk class row
  std::string key;              // item code or risk class
  std::string name;             // item name, or the risk class's name (信用风险低 …)
  int64_t entered = 0;
  int64_t problems = 0;
  std::optional<int64_t> rate_bp;
};

struct StatsReport {
  ReportKind kind = ReportKind::kHalfYear;
  int year = 0;
  std::optional<int> half;
  std::string title;        // 2026年上半年“双随机、一公开”监管工作统计表
  std::string region_code;  // the region reported on ("" when the scope spans several roots)
  std::string region_name;  // 河南省郑州市金水区
  std::string issuing_body;  // 河南省郑州市金水区“双随机、一公开”监管工作联席会议办公室
  Date from;
  Date to;
  Date issued_on;                         // today (China)
  Date due_by;                            // when the report is due upward
  std::vector<ReportRow> departments;     // department id order, every department in scope
  ReportRow total;                        // 合计
  std::vector<ReportProblemRow> by_item;  // annual: department, then item code
  std::vector<ReportProblemRow> by_risk;  // annual: A, B, C, D (each, also with zero), 合计 last
};

class ItemService;
class OrgService;
class StatsService;

// The half-year 统计表 or the annual summary for the departments `who` reads statistics of
// (StatsService::Overview's scope), from Overview's figures and the departments' items; a use
// case above StatsService, OrgService and ItemService. Read-only. InvalidArgument
// REPORT_YEAR_INVALID (outside 2000..2100), REPORT_HALF_INVALID (not 1 or 2),
// REPORT_HALF_NOT_ALLOWED (a half for the annual summary); NotFound REGION_NOT_FOUND for an
// unknown region code; PermissionDenied as Overview.
StatusOr<StatsReport> BuildStatsReport(StatsService& stats, OrgService& org, ItemService& items,
                                       const Clock& clock, const Principal& who,
                                       const ReportRequest& request);

// The workbook (see above). Errors: the writer's (FILE_UNWRITABLE for the temp file).
StatusOr<std::string> StatsReportXlsx(const StatsReport& report);

// 2026年上半年双随机一公开监管工作统计表 / 2026年度双随机一公开监管工作总结: the download's name
// (without extension).
std::string StatsReportFileName(const StatsReport& report);

}  // namespace suiji::service
