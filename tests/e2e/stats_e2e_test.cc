// 统计分析 through the real server (issue 14), on SQLite and PostgreSQL: GET /api/v1/stats/overview
// on the demo district — the demo cycle's three tasks of 金水区市场监督管理局 — answers per the
// reader's scope: the coordinator sees every department, a department's planner or approver
// only their own (never another department's figures), an inspector nothing; a bad period is
// refused. The exact figures are asserted in tests/service/stats_test.cc under a fake clock.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/time.h"
#include "support/api_client.h"
#include "support/demo_server_fixture.h"
#include "support/process.h"
#include "support/test_db.h"

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
  auto nowhere = coordinator->Get(path + "&region=410106");
  ASSERT_EQ(nowhere.status, 200) << nowhere.raw;
  EXPECT_TRUE(nowhere.body["departments"].empty());
}

INSTANTIATE_TEST_SUITE_P(Db, StatsE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
