#include "core/calendar.h"

#include <cstdlib>

#include "core/reference_data.h"

namespace suiji {
namespace {

constexpr char kReason[] = "CALENDAR_FILE_INVALID";
constexpr char kWhat[] = "节假日文件";

bool IsWeekday(Date d) { return d.IsoWeekday() < 5; }

// Collects the uncovered years a walk passes through, checking each year once.
class FallbackTracker {
 public:
  explicit FallbackTracker(const WorkingCalendar& calendar) : calendar_(calendar) {}
  void See(Date d) {
    if (d.year == last_year_) return;
    last_year_ = d.year;
    if (!calendar_.Covers(d.year)) years_.insert(d.year);
  }
  std::vector<int> Years() const { return {years_.begin(), years_.end()}; }

 private:
  const WorkingCalendar& calendar_;
  int last_year_ = 0;  // Date years start at 1, so 0 means "none seen yet".
  std::set<int> years_;
};

}  // namespace

std::string_view CalendarDayKindName(CalendarDayKind kind) {
  return kind == CalendarDayKind::kHoliday ? "holiday" : "workday";
}

StatusOr<WorkingCalendar> WorkingCalendar::Parse(std::string_view csv_text) {
  ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                   ParseReferenceCsv(csv_text, "date,kind,name", kWhat, kReason));
  WorkingCalendar calendar;
  for (const CsvRow& row : rows) {
    const std::string where = std::string(kWhat) + "第" + std::to_string(row.line) + "行";
    const std::optional<Date> date = Date::Parse(row.fields[0]);
    if (!date) {
      return InvalidArgument(kReason, where + "：日期“" + std::string(row.fields[0]) +
                                          "”无效，应为YYYY-MM-DD格式的真实日期");
    }
    CalendarDayKind kind;
    if (row.fields[1] == "holiday") {
      kind = CalendarDayKind::kHoliday;
    } else if (row.fields[1] == "workday") {
      kind = CalendarDayKind::kWorkday;
    } else {
      return InvalidArgument(
          kReason, where + "：类型“" + std::string(row.fields[1]) + "”无效，应为holiday或workday");
    }
    if (row.fields[2].empty()) {
      return InvalidArgument(kReason, where + "：缺少节日名称");
    }
    auto [it, inserted] = calendar.days_.emplace(*date, Day{kind, std::string(row.fields[2])});
    if (!inserted) {
      return InvalidArgument(kReason, where + "：日期" + date->ToString() + "重复出现");
    }
    calendar.years_.insert(date->year);
  }
  return calendar;
}

const WorkingCalendar& WorkingCalendar::Official() {
  static const WorkingCalendar* const official = [] {
    StatusOr<WorkingCalendar> parsed = Parse(ReferenceDataFile("cn-holidays.csv"));
    // The file is compiled in and parsed by the unit tests, so failing here means a broken build.
    if (!parsed.ok()) std::abort();
    return new WorkingCalendar(*std::move(parsed));
  }();
  return *official;
}

StatusOr<WorkingCalendar> WorkingCalendar::Load(std::optional<std::string_view> override_text) {
  if (!override_text) return Official();
  ASSIGN_OR_RETURN(WorkingCalendar top, Parse(*override_text));
  return Official().Overlay(top);
}

WorkingCalendar WorkingCalendar::Overlay(const WorkingCalendar& top) const {
  WorkingCalendar out = *this;
  for (const auto& [date, day] : top.days_) out.days_.insert_or_assign(date, day);
  out.years_.insert(top.years_.begin(), top.years_.end());
  return out;
}

bool WorkingCalendar::IsWorkingDay(Date day) const {
  const auto it = days_.find(day);
  if (it != days_.end()) return it->second.kind == CalendarDayKind::kWorkday;
  return IsWeekday(day);
}

CalendarResult<Date> WorkingCalendar::AddWorkingDays(Date start, int n) const {
  FallbackTracker fallback(*this);
  const int step = n >= 0 ? 1 : -1;
  int64_t remaining = n >= 0 ? static_cast<int64_t>(n) : -static_cast<int64_t>(n);
  Date d = start;
  while (remaining > 0) {
    d = d.AddDays(step);
    fallback.See(d);
    if (IsWorkingDay(d)) --remaining;
  }
  return {d, fallback.Years()};
}

CalendarResult<int64_t> WorkingCalendar::WorkingDaysBetween(Date a, Date b) const {
  FallbackTracker fallback(*this);
  const bool forward = a <= b;
  const Date from = forward ? a : b;
  const Date to = forward ? b : a;
  int64_t count = 0;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    fallback.See(d);
    if (IsWorkingDay(d)) ++count;
  }
  return {forward ? count : -count, fallback.Years()};
}

std::vector<CalendarEntry> WorkingCalendar::EntriesForYear(int year) const {
  std::vector<CalendarEntry> out;
  for (auto it = days_.lower_bound(Date{year, 1, 1}); it != days_.end() && it->first.year == year;
       ++it) {
    out.push_back({it->first, it->second.kind, it->second.name});
  }
  return out;
}

}  // namespace suiji
