#include "core/calendar.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/reference_data.h"

namespace suiji {
namespace {

Date D(std::string_view text) {
  const std::optional<Date> d = Date::Parse(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Date{});
}

// The State Council notices, transcribed from their text independently of the shipped data file:
// holiday periods ("放假调休，共N天" ranges) and the weekend days worked in exchange ("上班").
struct Notice {
  int year;
  std::vector<std::pair<const char*, const char*>> holidays;  // inclusive ranges
  std::vector<const char*> workdays;
};

const std::vector<Notice>& Notices() {
  static const std::vector<Notice> notices = {
      // 国办发明电〔2018〕15号, with the 劳动节 change of 国办发明电〔2019〕3号.
      {2019,
       {{"2018-12-30", "2019-01-01"},
        {"2019-02-04", "2019-02-10"},
        {"2019-04-05", "2019-04-07"},
        {"2019-05-01", "2019-05-04"},
        {"2019-06-07", "2019-06-09"},
        {"2019-09-13", "2019-09-15"},
        {"2019-10-01", "2019-10-07"}},
       {"2018-12-29", "2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29",
        "2019-10-12"}},
      // 国办发明电〔2019〕16号; 国办发明电〔2020〕1号 extended the Spring Festival to
      // 2 February, which also cancelled the 1 February working Saturday.
      {2020,
       {{"2020-01-01", "2020-01-01"},
        {"2020-01-24", "2020-02-02"},
        {"2020-04-04", "2020-04-06"},
        {"2020-05-01", "2020-05-05"},
        {"2020-06-25", "2020-06-27"},
        {"2020-10-01", "2020-10-08"}},
       {"2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10"}},
      // 国办发明电〔2020〕27号.
      {2021,
       {{"2021-01-01", "2021-01-03"},
        {"2021-02-11", "2021-02-17"},
        {"2021-04-03", "2021-04-05"},
        {"2021-05-01", "2021-05-05"},
        {"2021-06-12", "2021-06-14"},
        {"2021-09-19", "2021-09-21"},
        {"2021-10-01", "2021-10-07"}},
       {"2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26",
        "2021-10-09"}},
      // 国办发明电〔2021〕11号.
      {2022,
       {{"2022-01-01", "2022-01-03"},
        {"2022-01-31", "2022-02-06"},
        {"2022-04-03", "2022-04-05"},
        {"2022-04-30", "2022-05-04"},
        {"2022-06-03", "2022-06-05"},
        {"2022-09-10", "2022-09-12"},
        {"2022-10-01", "2022-10-07"}},
       {"2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08",
        "2022-10-09"}},
      // 国办发明电〔2022〕16号.
      {2023,
       {{"2022-12-31", "2023-01-02"},
        {"2023-01-21", "2023-01-27"},
        {"2023-04-05", "2023-04-05"},
        {"2023-04-29", "2023-05-03"},
        {"2023-06-22", "2023-06-24"},
        {"2023-09-29", "2023-10-06"}},
       {"2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07",
        "2023-10-08"}},
      // 国办发明电〔2023〕7号. 元旦 and 端午节 are single days "与周末连休".
      {2024,
       {{"2024-01-01", "2024-01-01"},
        {"2024-02-10", "2024-02-17"},
        {"2024-04-04", "2024-04-06"},
        {"2024-05-01", "2024-05-05"},
        {"2024-06-10", "2024-06-10"},
        {"2024-09-15", "2024-09-17"},
        {"2024-10-01", "2024-10-07"}},
       {"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
        "2024-09-29", "2024-10-12"}},
      // 国办发明电〔2024〕12号 (first year with 除夕 and 5月2日 as statutory holidays).
      {2025,
       {{"2025-01-01", "2025-01-01"},
        {"2025-01-28", "2025-02-04"},
        {"2025-04-04", "2025-04-06"},
        {"2025-05-01", "2025-05-05"},
        {"2025-05-31", "2025-06-02"},
        {"2025-10-01", "2025-10-08"}},
       {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}},
      // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
      {2026,
       {{"2026-01-01", "2026-01-03"},
        {"2026-02-15", "2026-02-23"},
        {"2026-04-04", "2026-04-06"},
        {"2026-05-01", "2026-05-05"},
        {"2026-06-19", "2026-06-21"},
        {"2026-09-25", "2026-09-27"},
        {"2026-10-01", "2026-10-07"}},
       {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}},
  };
  return notices;
}

const WorkingCalendar& Official() { return WorkingCalendar::Official(); }

TEST(WorkingCalendarTest, ShippedFileParses) {
  const StatusOr<WorkingCalendar> parsed =
      WorkingCalendar::Parse(ReferenceDataFile("cn-holidays.csv"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
}

TEST(WorkingCalendarTest, CoversEveryYearFrom2004To2026) {
  std::vector<int> expected;
  for (int y = 2004; y <= 2026; ++y) expected.push_back(y);
  EXPECT_EQ(Official().YearsCovered(), expected);
  EXPECT_FALSE(Official().Covers(2003));
  EXPECT_FALSE(Official().Covers(2027));
}

// The shipped data must say exactly what the notices say for 2019-2026: every day of every
// holiday period is a day off, every 调休 weekend day a working day, and nothing else is listed.
TEST(WorkingCalendarTest, MatchesTheStateCouncilNoticesFrom2019To2026) {
  std::set<Date> holidays, workdays;
  for (const Notice& n : Notices()) {
    for (const auto& [first, last] : n.holidays) {
      for (Date d = D(first); d <= D(last); d = d.AddDays(1)) {
        EXPECT_FALSE(Official().IsWorkingDay(d)) << d.ToString();
        holidays.insert(d);
      }
    }
    for (const char* w : n.workdays) {
      EXPECT_TRUE(Official().IsWorkingDay(D(w))) << w;
      EXPECT_GE(D(w).IsoWeekday(), 5) << w << " is not a weekend day";
      workdays.insert(D(w));
    }
  }
  for (int year = 2019; year <= 2026; ++year) {
    for (const CalendarEntry& e : Official().EntriesForYear(year)) {
      if (e.kind == CalendarDayKind::kWorkday) {
        EXPECT_TRUE(workdays.count(e.date)) << e.date.ToString() << " listed as workday";
      } else if (e.date.IsoWeekday() < 5) {
        // Weekend days inside a period may or may not be listed; a listed weekday must be in one.
        EXPECT_TRUE(holidays.count(e.date)) << e.date.ToString() << " listed as holiday";
      }
    }
  }
}

TEST(WorkingCalendarTest, OrdinaryDaysFollowTheWeek) {
  EXPECT_TRUE(Official().IsWorkingDay(D("2026-11-20")));   // Friday
  EXPECT_FALSE(Official().IsWorkingDay(D("2026-11-21")));  // Saturday
  EXPECT_FALSE(Official().IsWorkingDay(D("2026-11-22")));  // Sunday
  EXPECT_TRUE(Official().IsWorkingDay(D("2026-11-23")));   // Monday
}

TEST(WorkingCalendarTest, EveryShippedWorkdayIsAWeekendDay) {
  for (int year : Official().YearsCovered()) {
    for (const CalendarEntry& e : Official().EntriesForYear(year)) {
      if (e.kind == CalendarDayKind::kWorkday) {
        EXPECT_GE(e.date.IsoWeekday(), 5) << e.date.ToString();
      }
    }
  }
}

TEST(WorkingCalendarTest, EntriesCarryTheFestivalNames) {
  const std::vector<CalendarEntry> y2026 = Official().EntriesForYear(2026);
  EXPECT_EQ(y2026.size(), 39u);  // 33 days off + 6 working weekend days
  EXPECT_EQ(y2026.front(), (CalendarEntry{D("2026-01-01"), CalendarDayKind::kHoliday, "元旦"}));
  EXPECT_EQ(y2026.back(), (CalendarEntry{D("2026-10-10"), CalendarDayKind::kWorkday, "国庆节"}));
  for (const CalendarEntry& e : y2026) EXPECT_EQ(e.date.year, 2026);
  EXPECT_TRUE(Official().EntriesForYear(2027).empty());
}

// The 20-working-day publication deadline (SPEC §PUB) for an inspection finished on 2026-09-25,
// the first day of 中秋节. By hand from the 2026 notice (中秋节 9-25..27 off; 国庆节 10-1..7 off;
// Sunday 9-20 and Saturday 10-10 worked):
//   9-28 Mon 1, 9-29 2, 9-30 3, [10-1..10-7 off], 10-8 Thu 4, 10-9 Fri 5, 10-10 Sat 6,
//   10-12..10-16 7-11, 10-19..10-23 12-16, 10-26 Mon 17, 10-27 18, 10-28 19, 10-29 Thu 20.
TEST(WorkingCalendarTest, AddWorkingDaysAcrossMidAutumnAndNationalDay2026) {
  const CalendarResult<Date> r = Official().AddWorkingDays(D("2026-09-25"), 20);
  EXPECT_EQ(r.value, D("2026-10-29"));
  EXPECT_TRUE(r.exact());
  EXPECT_EQ(Official().WorkingDaysBetween(D("2026-09-25"), D("2026-10-29")).value, 20);
  // Backwards from 10-29: 10-28 is the 1st ... 9-28 the 19th; 9-25..27 are off; 9-24 the 20th.
  EXPECT_EQ(Official().AddWorkingDays(D("2026-10-29"), -20).value, D("2026-09-24"));
  EXPECT_EQ(Official().WorkingDaysBetween(D("2026-10-29"), D("2026-09-25")).value, -20);
}

TEST(WorkingCalendarTest, AddWorkingDaysAroundSpringFestival2026) {
  // Saturday 2-14 is worked; 2-15 (Sun) to 2-23 (Mon) are off.
  EXPECT_EQ(Official().AddWorkingDays(D("2026-02-13"), 1).value, D("2026-02-14"));
  EXPECT_EQ(Official().AddWorkingDays(D("2026-02-14"), 1).value, D("2026-02-24"));
  // 10 working days from Friday 2-13: 2-14, 2-24..2-27 (4), 2-28 Sat, 3-2..3-5 (4) -> 3-5.
  EXPECT_EQ(Official().AddWorkingDays(D("2026-02-13"), 10).value, D("2026-03-05"));
  EXPECT_EQ(Official().AddWorkingDays(D("2026-02-16"), 0).value, D("2026-02-16"));
}

TEST(WorkingCalendarTest, WorkingDaysBetweenCountsAfterAUpToAndIncludingB) {
  const WorkingCalendar& c = Official();
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-20"), D("2026-11-20")).value, 0);
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-20"), D("2026-11-23")).value, 1);  // Fri -> Mon
  EXPECT_EQ(c.WorkingDaysBetween(D("2026-11-23"), D("2026-11-20")).value, -1);
  // The two functions are inverse to each other, in both directions of time.
  for (int n : {0, 1, 5, 20, 61, 250}) {
    const Date end = c.AddWorkingDays(D("2024-12-31"), n).value;
    EXPECT_EQ(c.WorkingDaysBetween(D("2024-12-31"), end).value, n) << n;
    EXPECT_TRUE(c.IsWorkingDay(end) || n == 0);
  }
  // Backwards: the days strictly between are the 1st..(n-1)-th working days before `end`, and
  // `end` itself counts only if it is a working day.
  for (const Date end : {D("2026-06-30"), D("2026-10-03")}) {
    for (int n : {1, 20, 100}) {
      const Date start = c.AddWorkingDays(end, -n).value;
      EXPECT_TRUE(c.IsWorkingDay(start));
      EXPECT_EQ(c.WorkingDaysBetween(start, end).value, n - 1 + (c.IsWorkingDay(end) ? 1 : 0));
    }
  }
}

// Working days in a year = weekdays - weekdays off + weekend days worked, counted from the notices:
//   2024: 366 days from a Monday, 262 weekdays; off 1+5+2+3+1+2+5 = 19; worked 8 -> 251.
//   2025: 365 days from a Wednesday, 261 weekdays; off 1+6+1+3+1+6 = 18; worked 5 -> 248.
//   2026: 365 days from a Thursday, 261 weekdays; off 2+6+1+3+1+1+5 = 19; worked 6 -> 248.
TEST(WorkingCalendarTest, WorkingDaysPerYearMatchTheNotices) {
  const WorkingCalendar& c = Official();
  EXPECT_EQ(c.WorkingDaysBetween(D("2023-12-31"), D("2024-12-31")).value, 251);
  EXPECT_EQ(c.WorkingDaysBetween(D("2024-12-31"), D("2025-12-31")).value, 248);
  EXPECT_EQ(c.WorkingDaysBetween(D("2025-12-31"), D("2026-12-31")).value, 248);
}

TEST(WorkingCalendarTest, UnknownYearFallsBackToWeekdaysAndSaysSo) {
  // 2026-12-25 is a Friday: 12-28..12-31 (4), then 2027 unknown: 1-1 Fri (5), 1-4..1-8 (6-10).
  const CalendarResult<Date> r = Official().AddWorkingDays(D("2026-12-25"), 10);
  EXPECT_EQ(r.value, D("2027-01-08"));
  EXPECT_EQ(r.fallback_years, std::vector<int>{2027});
  EXPECT_FALSE(r.exact());
  EXPECT_TRUE(Official().AddWorkingDays(D("2026-12-25"), 4).exact());
  EXPECT_EQ(Official().WorkingDaysBetween(D("2003-12-25"), D("2029-01-02")).fallback_years,
            (std::vector<int>{2003, 2027, 2028, 2029}));
  EXPECT_TRUE(Official().IsWorkingDay(D("2027-01-01")));
}

TEST(WorkingCalendarTest, OverrideAddsAYearAndCorrectsDays) {
  const StatusOr<WorkingCalendar> c = WorkingCalendar::Load(
      "\xEF\xBB\xBF# local additions\r\n"
      "date,kind,name\r\n"
      "2027-01-01,holiday,元旦\r\n"
      "2026-12-31,holiday,本地调整\r\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->Covers(2027));
  const CalendarResult<Date> r = c->AddWorkingDays(D("2026-12-25"), 10);
  EXPECT_TRUE(r.exact());
  // 12-28..12-30 (3), 12-31 and 1-1 off, 1-4..1-8 (4-8), 1-11 (9), 1-12 (10).
  EXPECT_EQ(r.value, D("2027-01-12"));
  // A listed day's kind decides whatever the weekday: a worked Tuesday in the middle of 国庆节.
  const StatusOr<WorkingCalendar> fix =
      WorkingCalendar::Load("date,kind,name\n2026-10-06,workday,国庆节\n");
  ASSERT_TRUE(fix.ok());
  EXPECT_TRUE(fix->IsWorkingDay(D("2026-10-06")));
  EXPECT_FALSE(Official().IsWorkingDay(D("2026-10-06")));
  EXPECT_EQ(WorkingCalendar::Load(std::nullopt)->YearsCovered(), Official().YearsCovered());
}

TEST(WorkingCalendarTest, ParseErrorsNameTheLine) {
  auto message = [](std::string_view text) {
    return std::string(WorkingCalendar::Parse(text).status().message());
  };
  EXPECT_EQ(message(""), "节假日文件缺少表头“date,kind,name”");
  EXPECT_EQ(message("# c\ndate;kind;name\n"), "节假日文件第2行应为表头“date,kind,name”");
  EXPECT_EQ(message("date,kind,name\n2026-02-30,holiday,春节\n"),
            "节假日文件第2行：日期“2026-02-30”无效，应为YYYY-MM-DD格式的真实日期");
  EXPECT_EQ(message("date,kind,name\n2026-02-16,off,春节\n"),
            "节假日文件第2行：类型“off”无效，应为holiday或workday");
  EXPECT_EQ(message("date,kind,name\n2026-02-16,holiday,\n"), "节假日文件第2行：缺少节日名称");
  EXPECT_EQ(message("date,kind,name\n2026-02-16,holiday\n"), "节假日文件第2行应有3列，实际为2列");
  EXPECT_EQ(message("date,kind,name\n\n2026-02-16,holiday,春节\n2026-02-16,workday,春节\n"),
            "节假日文件第4行：日期2026-02-16重复出现");
  EXPECT_EQ(WorkingCalendar::Parse("x").status().reason(), "CALENDAR_FILE_INVALID");
  EXPECT_EQ(WorkingCalendar::Load("date,kind\n").status().reason(), "CALENDAR_FILE_INVALID");
}

TEST(WorkingCalendarTest, EmptyCalendarIsPlainWeekdays) {
  const WorkingCalendar empty;
  EXPECT_TRUE(empty.YearsCovered().empty());
  EXPECT_EQ(empty.AddWorkingDays(D("2026-09-25"), 20).value, D("2026-10-23"));
}

}  // namespace
}  // namespace suiji
