// 统计分析 through the real server (issue 14), on SQLite and PostgreSQL: GET /api/v1/stats/overview
// on the demo district — the demo cycle's three tasks of 金水区市场监督管理局 — answers per the
// reader's scope: the coordinator sees every department, a department's planner or approver
// only their own (never another department's figures), an inspector nothing; a bad period is
// refused. The exact figures are asserted in tests/service/stats_test.cc under a fake clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/time.h"
#include "support/api_client.h"
#include "support/demo_server_fixture.h"
#include "support/process.h"
#include "support/test_db.h"
#include "tabular/reader.h"

namespace suiji::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;    // 金水区市场监督管理局
constexpr int64_t kCommerceDept = 2;  // 金水区商务局

class StatsE2eTest : public DemoServerTest {
 protected:
  StatsE2eTest() : DemoServerTest("stats_e2e") {}

  // The departments of an overview answer, by id.
  static std::map<int64_t, Json> Departments(const Json& body) {
    std::map<int64_t, Json> out;
    for (const auto& d : body["departments"]) out[d["department_id"].get<int64_t>()] = d;
    return out;
  }

  // The rows of one sheet of a workbook, read back with src/tabular's reader.
  static std::vector<std::vector<std::string>> Sheet(const std::string& xlsx,
                                                     const std::string& name) {
    std::vector<std::vector<std::string>> rows;
    tabular::ReadOptions o;
    o.sheet = name;
    const Status s = tabular::ReadTable(xlsx, tabular::Format::kXlsx, o,
                                        [&](size_t, const std::vector<std::string_view>& cells) {
                                          rows.emplace_back(cells.begin(), cells.end());
                                          return true;
                                        });
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
    return rows;
  }

  // The 统计表 sheet checked against an overview answer of the same period: the header, one row
  // per department of the overview with its figures, and the 合计 row with their sums.
  static void ExpectTableMatches(const std::string& xlsx, const Json& overview) {
    const auto rows = Sheet(xlsx, "统计表");
    const auto& departments = overview["departments"];
    ASSERT_EQ(rows.size(), 3 + departments.size() + 1);
    const auto& header = rows[2];
    auto col = [&](const std::string& name) {
      const auto it = std::find(header.begin(), header.end(), name);
      EXPECT_NE(it, header.end()) << name;
      return static_cast<size_t>(it - header.begin());
    };
    const size_t tasks = col("任务数"), due = col("抽查对象数（应检查数）"),
                 entered = col("已录入"), published = col("已公示"),
                 certified = col("持证执法人员数");
    int64_t sums[5] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < departments.size(); ++i) {
      const auto& d = departments[i];
      const auto& row = rows[3 + i];
      EXPECT_EQ(row[1], d["department_name"].get<std::string>());
      EXPECT_EQ(row[tasks], d["tasks"].dump()) << row[1];
      EXPECT_EQ(row[due], d["due"].dump()) << row[1];
      EXPECT_EQ(row[entered], d["entered"].dump()) << row[1];
      EXPECT_EQ(row[published], d["published"].dump()) << row[1];
      EXPECT_EQ(row[certified], d["inspectors"]["certified"].dump()) << row[1];
      sums[0] += d["tasks"].get<int64_t>();
      sums[1] += d["due"].get<int64_t>();
      sums[2] += d["entered"].get<int64_t>();
      sums[3] += d["published"].get<int64_t>();
      sums[4] += d["inspectors"]["certified"].get<int64_t>();
    }
    const auto& total = rows.back();
    EXPECT_EQ(total[1], "合计");
    EXPECT_EQ(total[tasks], std::to_string(sums[0]));
    EXPECT_EQ(total[due], std::to_string(sums[1]));
    EXPECT_EQ(total[entered], std::to_string(sums[2]));
    EXPECT_EQ(total[published], std::to_string(sums[3]));
    EXPECT_EQ(total[certified], std::to_string(sums[4]));
  }

  // The session token of a fresh login, for a raw connection.
  std::string Token(const std::string& username) {
    httplib::Client h("127.0.0.1", server_->port());
    auto r = h.Post("/api/v1/session",
                    Json{{"username", username}, {"password", "suiji-demo-2026"}}.dump(),
                    "application/json");
    if (!r) return "";
    const std::string cookie = r->get_header_value("Set-Cookie");
    const auto eq = cookie.find('='), semi = cookie.find(';');
    return eq == std::string::npos ? "" : cookie.substr(eq + 1, semi - eq - 1);
  }
};

TEST_P(StatsE2eTest, EachReaderSeesTheDepartmentsOfTheirScope) {
  // The demo cycle's tasks start within the last 80 days: in this year or the last.
  const std::string year = std::to_string(
      ChinaDate(std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
                std::chrono::hours(24 * 80))
          .year);
  const std::string path = "/api/v1/stats/overview?year=" + year;

  auto coordinator = Client("coordinator");
  auto all = coordinator->Get(path);
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body["year"].dump(), year);
  EXPECT_EQ(all.body["goals"]["participation_bp"], 8000);
  EXPECT_EQ(all.body["goals"]["frequency_bp"], 2000);
  EXPECT_EQ(all.body["trend"].size(), 12u);
  auto depts = coordinator->Get("/api/v1/org/departments");
  ASSERT_EQ(depts.status, 200) << depts.raw;
  auto everyone = Departments(all.body);
  // Every department, also those without a task.
  EXPECT_EQ(everyone.size(), depts.body["items"].size()) << depts.raw;
  ASSERT_TRUE(everyone.contains(kMarketDept));
  ASSERT_TRUE(everyone.contains(kCommerceDept));
  EXPECT_EQ(everyone[kCommerceDept]["tasks"], 0);
  EXPECT_TRUE(everyone[kCommerceDept]["completion_rate_bp"].is_null());
  EXPECT_GT(everyone[kCommerceDept]["inspectors"]["certified"].get<int64_t>(), 0);

  // The market's planner sees the market's figures, as the coordinator does, and no other.
  auto planner = Client("planner");
  auto own = planner->Get(path);
  ASSERT_EQ(own.status, 200) << own.raw;
  auto mine = Departments(own.body);
  ASSERT_EQ(mine.size(), 1u) << own.raw;
  ASSERT_TRUE(mine.contains(kMarketDept));
  EXPECT_EQ(mine[kMarketDept], everyone[kMarketDept]);
  // 商务局's planner and approver see 商务局 only: not one figure of the market.
  for (const char* who : {"planner.sw", "approver.sw"}) {
    auto other = Client(who)->Get(path);
    ASSERT_EQ(other.status, 200) << who << other.raw;
    auto theirs = Departments(other.body);
    ASSERT_EQ(theirs.size(), 1u) << who << other.raw;
    EXPECT_TRUE(theirs.contains(kCommerceDept)) << who;
    EXPECT_EQ(theirs[kCommerceDept], everyone[kCommerceDept]) << who;
    EXPECT_EQ(other.raw.find("郑州市金水区市场监督管理局"), std::string::npos) << who;
    for (const auto& m : other.body["trend"]) EXPECT_EQ(m["tasks"], 0) << who << m;
  }
  // The demo cycle's tasks of the market show in the coordinator's trend and the market's line.
  int64_t tasks = 0;
  for (const auto& m : all.body["trend"]) tasks += m["tasks"].get<int64_t>();
  EXPECT_EQ(tasks, everyone[kMarketDept]["tasks"].get<int64_t>());

  // An inspector reads no statistics; nor does an anonymous caller.
  EXPECT_EQ(Client("inspector")->Get(path).status, 403);
  ApiClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get(path).status, 401);
  // A half-year and a region narrow it; a bad period is refused.
  auto half = coordinator->Get(path + "&half=2&region=410105");
  ASSERT_EQ(half.status, 200) << half.raw;
  EXPECT_EQ(half.body["trend"].size(), 6u);
  EXPECT_EQ(half.body["half"], 2);
  EXPECT_EQ(half.body["region"], "410105");
  EXPECT_EQ(coordinator->Get(path + "&half=3").status, 400);
  EXPECT_EQ(coordinator->Get("/api/v1/stats/overview?year=1999").status, 400);
  // The department table as .xlsx: a workbook (a zip), for the reader's scope only.
  httplib::Client raw("127.0.0.1", server_->port());
  LogApiResponses(raw);
  auto xlsx = raw.Get("/api/v1/stats/overview.xlsx?year=" + year,
                      {{"Authorization", "Bearer " + Token("planner.sw")}});
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_EQ(xlsx->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  EXPECT_NE(xlsx->get_header_value("Content-Disposition").find("stats"), std::string::npos);
  EXPECT_EQ(raw.Get("/api/v1/stats/overview.xlsx")->status, 401);
  // The monthly trend downloads as its own table: the months and counts of the overview.
  auto trend = raw.Get("/api/v1/stats/overview.xlsx?table=months&year=" + year,
                       {{"Authorization", "Bearer " + Token("coordinator")}});
  ASSERT_TRUE(trend);
  ASSERT_EQ(trend->status, 200) << trend->body;
  auto trend_sheets = tabular::ListSheets(trend->body);
  ASSERT_TRUE(trend_sheets.ok()) << trend_sheets.status().ToString();
  EXPECT_EQ(*trend_sheets, (std::vector<std::string>{"月度趋势"}));
  const auto trend_rows = Sheet(trend->body, "月度趋势");
  const auto& months = all.body["trend"];
  ASSERT_FALSE(months.empty());
  ASSERT_EQ(trend_rows.size(), 1 + months.size());
  EXPECT_EQ(trend_rows[0],
            (std::vector<std::string>{"月份", "检查任务", "录入检查结果", "公示检查结果"}));
  for (size_t i = 0; i < months.size(); ++i) {
    const auto& row = trend_rows[i + 1];
    ASSERT_EQ(row.size(), 4u);
    EXPECT_EQ(row[0], months[i]["month"].get<std::string>());
    EXPECT_EQ(row[1], std::to_string(months[i]["tasks"].get<int64_t>()));
    EXPECT_EQ(row[2], std::to_string(months[i]["entered"].get<int64_t>()));
    EXPECT_EQ(row[3], std::to_string(months[i]["published"].get<int64_t>()));
  }
  auto bad_table = raw.Get("/api/v1/stats/overview.xlsx?table=charts&year=" + year,
                           {{"Authorization", "Bearer " + Token("planner.sw")}});
  ASSERT_TRUE(bad_table);
  EXPECT_EQ(bad_table->status, 400);
  EXPECT_NE(bad_table->body.find("QUERY_INVALID"), std::string::npos);
  auto nowhere = coordinator->Get(path + "&region=410106");
  ASSERT_EQ(nowhere.status, 200) << nowhere.raw;
  EXPECT_TRUE(nowhere.body["departments"].empty());
}

// The half-year 统计表 and the annual summary through GET /api/v1/stats/report.xlsx: the
// reader's scope, the figures of the overview, the refusals.
TEST_P(StatsE2eTest, ReportDownloadsCarryTheOverviewOfTheReadersScope) {
  const int year =
      ChinaDate(std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
                std::chrono::hours(24 * 80))
          .year;
  const std::string y = std::to_string(year);
  auto coordinator = Client("coordinator");
  httplib::Client raw("127.0.0.1", server_->port());
  LogApiResponses(raw);
  const httplib::Headers auth = {{"Authorization", "Bearer " + Token("coordinator")}};
  for (const int half : {1, 2}) {
    const std::string h = std::to_string(half);
    auto xlsx = raw.Get("/api/v1/stats/report.xlsx?kind=half-year&year=" + y + "&half=" + h, auth);
    ASSERT_TRUE(xlsx);
    ASSERT_EQ(xlsx->status, 200) << xlsx->body;
    EXPECT_EQ(xlsx->get_header_value("Content-Type"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(xlsx->get_header_value("Content-Disposition").find("stats-report"),
              std::string::npos);
    auto sheets = tabular::ListSheets(xlsx->body);
    ASSERT_TRUE(sheets.ok()) << sheets.status().ToString();
    EXPECT_EQ(*sheets, (std::vector<std::string>{"封面", "统计表"}));
    auto overview = coordinator->Get("/api/v1/stats/overview?year=" + y + "&half=" + h);
    ASSERT_EQ(overview.status, 200) << overview.raw;
    ExpectTableMatches(xlsx->body, overview.body);
  }
  auto annual = raw.Get("/api/v1/stats/report.xlsx?kind=annual&year=" + y, auth);
  ASSERT_TRUE(annual);
  ASSERT_EQ(annual->status, 200) << annual->body;
  auto sheets = tabular::ListSheets(annual->body);
  ASSERT_TRUE(sheets.ok());
  EXPECT_EQ(*sheets, (std::vector<std::string>{"封面", "统计表", "按抽查事项", "按风险等级"}));
  ExpectTableMatches(annual->body, coordinator->Get("/api/v1/stats/overview?year=" + y).body);

  // 商务局's planner gets 商务局's row and the 合计 of it alone.
  auto own = raw.Get("/api/v1/stats/report.xlsx?kind=annual&year=" + y,
                     {{"Authorization", "Bearer " + Token("planner.sw")}});
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  const auto rows = Sheet(own->body, "统计表");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[3][1], "郑州市金水区商务局");
  for (const auto& row : Sheet(own->body, "按抽查事项"))
    EXPECT_NE(row[0], "郑州市金水区市场监督管理局");

  // Refusals, each with its code: an inspector, no kind, a half for the annual summary, a bad
  // year, an unknown region.
  EXPECT_EQ(Client("inspector")->Get("/api/v1/stats/report.xlsx?kind=annual").status, 403);
  EXPECT_EQ(raw.Get("/api/v1/stats/report.xlsx?kind=annual")->status, 401);
  auto no_kind = coordinator->Get("/api/v1/stats/report.xlsx?year=" + y);
  EXPECT_EQ(no_kind.status, 400);
  EXPECT_EQ(no_kind.code(), "REPORT_KIND_INVALID");
  auto half_annual = coordinator->Get("/api/v1/stats/report.xlsx?kind=annual&half=1&year=" + y);
  EXPECT_EQ(half_annual.status, 400);
  EXPECT_EQ(half_annual.code(), "REPORT_HALF_NOT_ALLOWED");
  EXPECT_EQ(coordinator->Get("/api/v1/stats/report.xlsx?kind=half-year&year=1999").status, 400);
  auto region = coordinator->Get("/api/v1/stats/report.xlsx?kind=half-year&region=999999");
  EXPECT_EQ(region.status, 404);
  EXPECT_EQ(region.code(), "REGION_NOT_FOUND");
}

// `suiji report half-year|annual` on the same database: the workbook the API serves, and every
// refusal one Chinese line with its code that writes nothing.
TEST_P(StatsE2eTest, ReportCommandWritesTheWorkbookAndRefusesWithoutWriting) {
  const std::string y = std::to_string(
      ChinaDate(std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()) -
                std::chrono::hours(24 * 80))
          .year);
  const fs::path out = data_ / "统计表.xlsx";
  auto ok = RunCommand({SuijiBinary(), "report", "half-year", "--year", y, "--half", "1",
                        "--region", "410105", "--out", out.string(), "--db", tdb_->url()});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("统计表"), std::string::npos) << ok.out;
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto sheets = tabular::ListSheets(bytes);
  ASSERT_TRUE(sheets.ok()) << sheets.status().ToString();
  EXPECT_EQ(*sheets, (std::vector<std::string>{"封面", "统计表"}));
  auto overview = Client("coordinator")->Get("/api/v1/stats/overview?year=" + y + "&half=1");
  ASSERT_EQ(overview.status, 200) << overview.raw;
  ExpectTableMatches(bytes, overview.body);
  auto annual = RunCommand({SuijiBinary(), "report", "annual", "--year", y, "--out",
                            (data_ / "总结.xlsx").string(), "--db", tdb_->url()});
  ASSERT_EQ(annual.exit_code, 0) << annual.err;
  auto annual_sheets = tabular::ListSheets([&] {
    std::ifstream f(data_ / "总结.xlsx", std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  }());
  ASSERT_TRUE(annual_sheets.ok());
  EXPECT_EQ(annual_sheets->size(), 4u);

  // Refusals: exit 2 (3 for an unwritable file), the code on stderr, no file.
  const fs::path refused = data_ / "refused.xlsx";
  struct Case {
    std::vector<std::string> args;
    const char* code;
    int exit_code;
    std::string out;
  };
  const std::vector<Case> cases = {
      {{"half-year", "--year", "1999"}, "REPORT_YEAR_INVALID", 2, refused.string()},
      {{"half-year", "--year", y, "--half", "3"}, "REPORT_HALF_INVALID", 2, refused.string()},
      {{"annual", "--year", y, "--half", "1"}, "REPORT_HALF_NOT_ALLOWED", 2, refused.string()},
      {{"half-year", "--year", y, "--region", "999999"}, "REGION_NOT_FOUND", 2, refused.string()},
      {{"half-year", "--year", y}, "FILE_UNWRITABLE", 3, (data_ / "none" / "x.xlsx").string()},
      {{"half-year", "--year", y}, "FILE_UNWRITABLE", 3, data_.string()},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {SuijiBinary(), "report"};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    argv.insert(argv.end(), {"--out", c.out, "--db", tdb_->url()});
    auto r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.code << r.err;
    EXPECT_NE(r.err.find(c.code), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("错误："), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(refused)) << c.code;
    EXPECT_FALSE(fs::exists(data_ / "none")) << c.code;
  }
  // No partial file left behind either.
  for (const auto& e : fs::recursive_directory_iterator(data_))
    EXPECT_EQ(e.path().filename().string().find(".part-"), std::string::npos) << e.path();
}

INSTANTIATE_TEST_SUITE_P(Db, StatsE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
