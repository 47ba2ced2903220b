#include "cli/calendar_command.h"

#include <charconv>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/time.h"

namespace suiji::cli {
namespace {

// A deadline more than a century away is a typo, and the walk is day by day.
constexpr long kMaxWorkingDays = 36500;

constexpr std::string_view kWeekdays[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

struct CalendarOptions {
  std::vector<std::string> args;
  std::string override_file;
};

StatusOr<Date> ParseDateArg(const std::string& text) {
  const std::optional<Date> d = Date::Parse(text);
  if (!d) {
    return InvalidArgument("DATE_INVALID", "日期“" + text + "”无效，应为YYYY-MM-DD格式的真实日期");
  }
  return *d;
}

StatusOr<long> ParseIntArg(const std::string& text, long min, long max, std::string_view what) {
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    return InvalidArgument("NUMBER_INVALID", std::string(what) + "“" + text + "”无效，应为" +
                                                 std::to_string(min) + "到" + std::to_string(max) +
                                                 "之间的整数");
  }
  return value;
}

// The calendar to use: the shipped one, or the shipped one with the override file laid over it.
// Reading the file is the CLI's job; core only sees its text.
StatusOr<WorkingCalendar> LoadCalendar(const std::string& override_file) {
  if (override_file.empty()) return WorkingCalendar::Official();
  std::ifstream in(override_file, std::ios::binary);
  std::ostringstream text;
  if (in.is_open()) text << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    return InvalidArgument("CALENDAR_OVERRIDE_UNREADABLE",
                           "无法读取节假日覆盖文件“" + override_file + "”");
  }
  return WorkingCalendar::Load(text.str());
}

void WarnFallback(Context& ctx, const std::vector<int>& years) {
  if (years.empty()) return;
  std::string list;
  for (int y : years) list += (list.empty() ? "" : "、") + std::to_string(y);
  ctx.err << "警告：未收录" << list
          << "年的节假日安排，该年按周一至周五为工作日计算，结果可能不准确；可用 --override "
             "提供该年安排\n";
}

void AddWorkingDays(const CalendarOptions& opts, Context& ctx) {
  StatusOr<Date> start = ParseDateArg(opts.args[0]);
  if (!start.ok()) return ReportError(ctx, start.status());
  StatusOr<long> n = ParseIntArg(opts.args[1], -kMaxWorkingDays, kMaxWorkingDays, "工作日天数");
  if (!n.ok()) return ReportError(ctx, n.status());
  StatusOr<WorkingCalendar> calendar = LoadCalendar(opts.override_file);
  if (!calendar.ok()) return ReportError(ctx, calendar.status());
  const CalendarResult<Date> r = calendar->AddWorkingDays(*start, static_cast<int>(*n));
  WarnFallback(ctx, r.fallback_years);
  ctx.out << r.value.ToString() << "\n";
}

void WorkingDays(const CalendarOptions& opts, Context& ctx) {
  StatusOr<Date> a = ParseDateArg(opts.args[0]);
  if (!a.ok()) return ReportError(ctx, a.status());
  StatusOr<Date> b = ParseDateArg(opts.args[1]);
  if (!b.ok()) return ReportError(ctx, b.status());
  StatusOr<WorkingCalendar> calendar = LoadCalendar(opts.override_file);
  if (!calendar.ok()) return ReportError(ctx, calendar.status());
  const CalendarResult<int64_t> r = calendar->WorkingDaysBetween(*a, *b);
  WarnFallback(ctx, r.fallback_years);
  ctx.out << r.value << "\n";
}

void Year(const CalendarOptions& opts, Context& ctx) {
  StatusOr<long> year = ParseIntArg(opts.args[0], 1, 9999, "年份");
  if (!year.ok()) return ReportError(ctx, year.status());
  StatusOr<WorkingCalendar> calendar = LoadCalendar(opts.override_file);
  if (!calendar.ok()) return ReportError(ctx, calendar.status());
  if (!calendar->Covers(static_cast<int>(*year))) {
    return ReportError(
        ctx, NotFound("CALENDAR_YEAR_UNKNOWN", "未收录" + std::to_string(*year) +
                                                   "年的节假日安排；可用 --override 提供该年安排"));
  }
  for (const CalendarEntry& e : calendar->EntriesForYear(static_cast<int>(*year))) {
    ctx.out << e.date.ToString() << " " << kWeekdays[e.date.IsoWeekday()] << " "
            << (e.kind == CalendarDayKind::kHoliday ? "放假" : "上班") << " " << e.name << "\n";
  }
}

// Adds a subcommand taking `names` positionals (all required) and --override.
void AddCalendarSubcommand(CLI::App& parent, Context& ctx, const std::string& name,
                           const std::string& description,
                           const std::vector<std::pair<std::string, std::string>>& positionals,
                           void (*run)(const CalendarOptions&, Context&)) {
  CLI::App* sub = parent.add_subcommand(name, description);
  auto opts = std::make_shared<CalendarOptions>();
  opts->args.resize(positionals.size());
  for (size_t i = 0; i < positionals.size(); ++i) {
    sub->add_option(positionals[i].first, opts->args[i], positionals[i].second)->required();
  }
  sub->add_option("--override", opts->override_file,
                  "本地节假日文件（格式同 data/calendar/cn-holidays.csv），优先于内置安排");
  sub->callback([opts, &ctx, run] { run(*opts, ctx); });
}

}  // namespace

void AddCalendarCommands(CLI::App& app, Context& ctx) {
  CLI::App* calendar = app.add_subcommand("calendar", "工作日日历（国务院节假日安排，含调休）");
  calendar->require_subcommand(1);
  AddCalendarSubcommand(*calendar, ctx, "add-working-days",
                        "输出 DATE 之后第 N 个工作日（DATE 当天不计；N 为负数时向前数）",
                        {{"DATE", "起算日期 YYYY-MM-DD"}, {"N", "工作日天数"}}, AddWorkingDays);
  AddCalendarSubcommand(
      *calendar, ctx, "working-days", "输出 A 之后到 B（含 B）之间的工作日天数；B 早于 A 时为负数",
      {{"A", "开始日期 YYYY-MM-DD（不计）"}, {"B", "结束日期 YYYY-MM-DD（计入）"}}, WorkingDays);
  AddCalendarSubcommand(*calendar, ctx, "year", "列出该年的放假日和调休上班日", {{"YEAR", "年份"}},
                        Year);
}

}  // namespace suiji::cli
