#include "cli/calendar_command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli/run_for_test.h"

namespace suiji::cli {
namespace {

CommandOutput Calendar(const std::vector<std::string>& args) {
  return RunCommand(AddCalendarCommands, args);
}

// A file in a fresh temporary directory, removed with the fixture.
class CalendarCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("suiji_calendar_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  std::filesystem::path dir_;
};

TEST_F(CalendarCommandTest, AddWorkingDaysPrintsTheDate) {
  const CommandOutput r = Calendar({"calendar", "add-working-days", "2026-09-25", "20"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "2026-10-29\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(CalendarCommandTest, NegativeCountsGoBackwards) {
  EXPECT_EQ(Calendar({"calendar", "add-working-days", "2026-10-29", "-20"}).out, "2026-09-24\n");
}

TEST_F(CalendarCommandTest, WorkingDaysPrintsTheCount) {
  EXPECT_EQ(Calendar({"calendar", "working-days", "2026-09-25", "2026-10-29"}).out, "20\n");
  EXPECT_EQ(Calendar({"calendar", "working-days", "2026-10-29", "2026-09-25"}).out, "-20\n");
}

TEST_F(CalendarCommandTest, UnknownYearWarnsOnStderrButAnswers) {
  const CommandOutput r = Calendar({"calendar", "add-working-days", "2026-12-25", "10"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "2027-01-08\n");
  EXPECT_EQ(r.err,
            "警告：未收录2027年的节假日安排，该年按周一至周五为工作日计算，结果可能不准确；"
            "可用 --override 提供该年安排\n");
}

TEST_F(CalendarCommandTest, OverrideFileAddsTheMissingYear) {
  const std::string file =
      WriteFile("local.csv", "# 本地补充\ndate,kind,name\n2027-01-01,holiday,元旦\n");
  const CommandOutput r =
      Calendar({"calendar", "add-working-days", "2026-12-25", "10", "--override", file});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out, "2027-01-11\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Calendar({"calendar", "year", "2027", "--override", file}).out,
            "2027-01-01 周五 放假 元旦\n");
}

TEST_F(CalendarCommandTest, BadOverrideFileIsOneErrorLine) {
  CommandOutput r = Calendar({"calendar", "add-working-days", "2026-12-25", "10", "--override",
                              (dir_ / "missing.csv").string()});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "错误：无法读取节假日覆盖文件“" + (dir_ / "missing.csv").string() +
                       "”（CALENDAR_OVERRIDE_UNREADABLE）\n");
  const std::string bad =
      WriteFile("bad.csv", "date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,x\n");
  r = Calendar({"calendar", "working-days", "2026-12-25", "2027-01-30", "--override", bad});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err,
            "错误：节假日文件第3行：日期“2027-13-01”无效，应为YYYY-MM-DD格式的真实日期"
            "（CALENDAR_FILE_INVALID）\n");
}

TEST_F(CalendarCommandTest, BadDatesAndNumbersAreOneErrorLineWithExitTwo) {
  CommandOutput r = Calendar({"calendar", "add-working-days", "2026-02-30", "1"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "错误：日期“2026-02-30”无效，应为YYYY-MM-DD格式的真实日期（DATE_INVALID）\n");
  r = Calendar({"calendar", "working-days", "2026-09-25", "2026/10/29"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err, "错误：日期“2026/10/29”无效，应为YYYY-MM-DD格式的真实日期（DATE_INVALID）\n");
  r = Calendar({"calendar", "add-working-days", "2026-09-25", "二十"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.err, "错误：工作日天数“二十”无效，应为-36500到36500之间的整数（NUMBER_INVALID）\n");
  EXPECT_EQ(Calendar({"calendar", "add-working-days", "2026-09-25", "99999"}).exit_code,
            kExitUsage);
  EXPECT_EQ(Calendar({"calendar", "year", "26x"}).exit_code, kExitUsage);
}

TEST_F(CalendarCommandTest, YearListsDaysOffAndWorkedWeekends) {
  const CommandOutput r = Calendar({"calendar", "year", "2026"});
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), "2026-01-01 周四 放假 元旦\n");
  EXPECT_NE(r.out.find("2026-01-04 周日 上班 元旦\n"), std::string::npos);
  EXPECT_NE(r.out.find("2026-10-10 周六 上班 国庆节\n"), std::string::npos);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 39);
}

TEST_F(CalendarCommandTest, YearNotCoveredIsAnError) {
  const CommandOutput r = Calendar({"calendar", "year", "2027"});
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "错误：未收录2027年的节假日安排；可用 --override 提供该年安排（CALENDAR_YEAR_UNKNOWN）\n");
}

}  // namespace
}  // namespace suiji::cli
