// The working-day calendar of mainland China (SPEC §PUB): Monday to Friday, except the public
// holidays of the State Council's yearly arrangement (国务院办公厅关于部分节假日安排的通知), plus
// the weekend days that arrangement turns into working days (调休上班).
//
// The arrangement is data: data/calendar/cn-holidays.csv is compiled into the binary, and a local
// override file in the same format can add a year (e.g. one published after the release) or correct
// a day. Core never reads the file; the CLI or server reads it and passes the text in.
//
// File format (UTF-8): '#' comment lines, then the header "date,kind,name", then one line per day:
//   2026-10-01,holiday,国庆节    a day off (including weekend days inside a holiday period)
//   2026-10-10,workday,国庆节    a working day (a weekend day worked in exchange)
// A listed day's kind decides, whatever its weekday; unlisted days follow Monday-Friday.
// A year counts as covered when the data lists at least one day in it, so a file must hold whole
// years. For a date in a year that is not covered, Monday-Friday is assumed and the result says so
// (CalendarResult::fallback_years), so that a deadline computed on a guess is never shown as exact.
//
// WorkingCalendar is an immutable value; const methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace suiji {

enum class CalendarDayKind { kHoliday, kWorkday };

// "holiday" / "workday" (the file's spelling).
std::string_view CalendarDayKindName(CalendarDayKind kind);

struct CalendarEntry {
  Date date;
  CalendarDayKind kind = CalendarDayKind::kHoliday;
  std::string name;  // the festival, e.g. "国庆节"

  friend bool operator==(const CalendarEntry&, const CalendarEntry&) = default;
};

// A value computed from the calendar, with the years it touched whose arrangement is unknown and
// for which plain Monday-Friday was assumed (ascending, no duplicates).
template <typename T>
struct CalendarResult {
  T value;
  std::vector<int> fallback_years;
  bool exact() const { return fallback_years.empty(); }
};

class WorkingCalendar {
 public:
  // No arrangement at all: every year falls back to Monday-Friday.
  WorkingCalendar() = default;

  // Parses a file in the format above. Errors (InvalidArgument, reason CALENDAR_FILE_INVALID) name
  // the line: bad header, wrong column count, invalid date or kind, empty name, a date listed
  // twice.
  static StatusOr<WorkingCalendar> Parse(std::string_view csv_text);

  // The arrangement compiled into the binary (data/calendar/cn-holidays.csv).
  static const WorkingCalendar& Official();

  // Official() with `override_text` laid over it (see Overlay); Official() when there is none.
  static StatusOr<WorkingCalendar> Load(std::optional<std::string_view> override_text);

  // This calendar with `top`'s days taking precedence date by date; covers both calendars' years.
  WorkingCalendar Overlay(const WorkingCalendar& top) const;

  // Whether `day` is a working day (for an uncovered year: whether it is Monday-Friday).
  bool IsWorkingDay(Date day) const;

  // The n-th working day after `start` (start itself not counted): AddWorkingDays(d, 1) is the
  // next working day. A negative n counts backwards (the n-th working day before start); n == 0
  // returns start unchanged. Walks day by day: meant for |n| up to a few thousand.
  CalendarResult<Date> AddWorkingDays(Date start, int n) const;

  // The number of working days d with a < d <= b: "how many working days after a, up to and
  // including b". So WorkingDaysBetween(a, AddWorkingDays(a, n)) == n for every n >= 0, and a
  // publication on the 20th working day after the inspection is on time. Negative when b < a.
  CalendarResult<int64_t> WorkingDaysBetween(Date a, Date b) const;

  bool Covers(int year) const { return years_.contains(year); }
  // Ascending.
  std::vector<int> YearsCovered() const { return {years_.begin(), years_.end()}; }
  // The listed days of `year`, by date.
  std::vector<CalendarEntry> EntriesForYear(int year) const;

 private:
  struct Day {
    CalendarDayKind kind;
    std::string name;
  };
  std::map<Date, Day> days_;
  std::set<int> years_;
};

}  // namespace suiji
