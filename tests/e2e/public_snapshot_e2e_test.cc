// What the public reads (issue 12), through the real server on SQLite and PostgreSQL, on the
// demo district with its cycle (`suiji demo --cycle`, as `make demo` loads it):
//   - the task announcement and the draw record show the targets as they were locked at the
//     draw: editing a target afterwards changes neither, and tampering with the locked facts
//     is found by `suiji audit verify`;
//   - names beside codes: items by name, plan scopes with their units named, inspectors by
//     姓名＋执法证号 or — when the department's rules say so — by 执法证号 only;
//   - the demo itself: a completed public draw on a fresh load, and certificates that run
//     through next year.
#include <gtest/gtest.h>

#include <set>

#include "core/time.h"
#include "support/api_client.h"
#include "support/process.h"
#include "support/task_pages.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

// The server's clock is the system clock: the demo's "today" is China's today.
int ThisYear() {
  return ChinaDate(std::chrono::time_point_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now()))
      .year;
}

class PublicSnapshotE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo = RunCommand({SuijiBinary(), "demo", "--cycle", "--db", tdb_->url()}, "",
                           std::chrono::seconds(300));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
    planner_ = std::make_unique<ApiClient>(server_->port());
    approver_ = std::make_unique<ApiClient>(server_->port());
    ASSERT_TRUE(planner_->Login("planner"));
    ASSERT_TRUE(approver_->Login("approver"));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  // The newest announced task whose targets are public.
  Json FirstPublicTask() {
    ApiClient anyone(server_->port());
    auto list = anyone.Get("/api/v1/public/tasks?limit=50");
    EXPECT_EQ(list.status, 200) << list.raw;
    for (Json t : list.body["items"]) {
      if (t["confidential"].get<bool>() || t["target_count"].get<int64_t>() == 0) continue;
      // The announcement's list, read a page at a time as the portal does.
      t["targets"] = AllPages(anyone, "/api/v1/public/tasks/" + t["id"].dump() + "/targets");
      EXPECT_EQ(t["targets"].size(), t["target_count"].get<size_t>());
      return t;
    }
    ADD_FAILURE() << "no public task with targets: " << list.raw;
    return Json::object();
  }

  Json PublicDraw(const std::string& no) {
    ApiClient anyone(server_->port());
    auto d = anyone.Get("/api/v1/public/draws/" + no);
    EXPECT_EQ(d.status, 200) << d.raw;
    return d.body;
  }

  CommandResult AuditVerify() {
    return RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()}, "",
                      std::chrono::seconds(120));
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_;
  std::unique_ptr<ApiClient> approver_;
};

TEST_P(PublicSnapshotE2eTest, EditingATargetAfterTheLockChangesNoPublicPage) {
  const Json task = FirstPublicTask();
  ASSERT_FALSE(task.empty());
  const Json locked = task["targets"][0];
  const int64_t target_id = locked["target_id"];
  const std::string draw_no = task["target_draw_no"];
  const Json draw_before = PublicDraw(draw_no);
  ASSERT_EQ(draw_before["visibility"], "full");
  EXPECT_EQ(draw_before["names"]["targets"][locked["key"].get<std::string>()], locked["name"]);

  // The directory row changes after the lock: new name, new address, another unit.
  const std::string path = "/api/v1/targets/" + std::to_string(target_id);
  Json row = planner_->Get(path).body;
  ASSERT_EQ(row["address"], locked["address"]);
  row["name"] = "锁定后改名的有限公司";
  row["address"] = "郑州市金水区锁定后新址路1号";
  row["unit_id"] = 8;
  row["note"] = "住所变更";
  auto edited = planner_->Put(path, row);
  ASSERT_EQ(edited.status, 200) << edited.raw;
  ASSERT_EQ(planner_->Get(path).body["address"], "郑州市金水区锁定后新址路1号");

  // The announcement, the draw record's names and the console's task still read the lock.
  const Json after = FirstPublicTask();
  ASSERT_EQ(after["id"], task["id"]);
  EXPECT_EQ(after["targets"], task["targets"]);
  EXPECT_EQ(after["targets"][0]["address"], locked["address"]);
  EXPECT_EQ(after["targets"][0]["name"], locked["name"]);
  EXPECT_EQ(after["targets"][0]["unit_name"], locked["unit_name"]);
  EXPECT_EQ(PublicDraw(draw_no)["names"], draw_before["names"]);
  auto console = planner_->Get("/api/v1/tasks/" + std::to_string(task["id"].get<int64_t>()));
  ASSERT_EQ(console.status, 200) << console.raw;
  EXPECT_EQ(TaskTargets(*planner_, task["id"].get<int64_t>())[0]["address"], locked["address"]);

  // The locked facts are covered by the audit log: editing them in the database is found.
  auto clean = AuditVerify();
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto n = (*conn)->Execute(
        "UPDATE task_targets SET locked_address = 'tampered' WHERE task_id = $1 AND target_id = $2",
        {task["id"].get<int64_t>(), target_id});
    ASSERT_TRUE(n.ok()) << n.status().ToString();
  }
  auto tampered = AuditVerify();
  EXPECT_NE(tampered.exit_code, 0) << tampered.out;
  EXPECT_NE((tampered.out + tampered.err).find("公告内容被篡改"), std::string::npos)
      << tampered.out << tampered.err;
}

// An approved replacement locks the list again: the targets already locked keep the facts (and
// the risk class) they were locked with, the one replaced in is snapshotted as it is now.
TEST_P(PublicSnapshotE2eTest, AReplacementRelockKeepsTheLockedFactsOfTheOthers) {
  const Json task = FirstPublicTask();
  ASSERT_GE(task["targets"].size(), 2u);
  const int64_t task_id = task["id"];
  const Json kept = task["targets"][0];
  const std::string out = task["targets"][1]["key"];
  const std::string draw_no = task["target_draw_no"];
  const auto risk_of = [&](int64_t target_id) {
    auto conn = tdb_->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto rs = (*conn)->Query(
        "SELECT locked_risk_class FROM task_targets WHERE task_id = $1 AND target_id = $2",
        {task_id, target_id});
    EXPECT_TRUE(rs.ok() && rs->rows.size() == 1u);
    return rs.ok() && !rs->rows.empty() && !rs->rows[0].IsNull(0) ? rs->rows[0].Text(0)
                                                                  : std::string("NULL");
  };
  const std::string kept_risk = risk_of(kept["target_id"]);
  ASSERT_NE(kept_risk, "NULL");

  // The kept target is renamed and reclassified in the directory, then another is replaced.
  const std::string path = "/api/v1/targets/" + kept["target_id"].dump();
  Json row = planner_->Get(path).body;
  row["name"] = "替换前改名的有限公司";
  row["risk_class"] = kept_risk == "D" ? "A" : "D";
  row["note"] = "名称、风险分类变更";
  ASSERT_EQ(planner_->Put(path, row).status, 200);
  const std::string base = "/api/v1/draws/" + draw_no;
  auto requested = planner_->Post(
      base + "/replacements", {{"out", out}, {"reason", "已注销"}, {"note", "已于2026年10月注销"}});
  ASSERT_EQ(requested.status, 201) << requested.raw;
  const int64_t seq = requested.body["replacements"].back()["seq"];
  auto approved = approver_->Post(base + "/replacements/" + std::to_string(seq) + "/decision",
                                  {{"approve", true}, {"note", "同意替换"}});
  ASSERT_EQ(approved.status, 200) << approved.raw;
  const std::string in = approved.body["replacements"].back()["in"];

  const Json after = FirstPublicTask();
  ASSERT_EQ(after["id"], task["id"]);
  ASSERT_EQ(after["targets"].size(), task["targets"].size());
  bool saw_kept = false, saw_in = false;
  for (const Json& t : after["targets"]) {
    EXPECT_NE(t["key"], out);
    if (t["target_id"] == kept["target_id"]) {
      saw_kept = true;
      EXPECT_EQ(t["name"], kept["name"]);
      EXPECT_EQ(t["address"], kept["address"]);
      EXPECT_EQ(t["unit_name"], kept["unit_name"]);
    }
    if (t["key"] == in) {
      saw_in = true;
      const Json now = planner_->Get("/api/v1/targets/" + t["target_id"].dump()).body;
      EXPECT_EQ(t["name"], now["name"]);
      EXPECT_NE(risk_of(t["target_id"]), "NULL");
    }
  }
  EXPECT_TRUE(saw_kept);
  EXPECT_TRUE(saw_in);
  EXPECT_EQ(risk_of(kept["target_id"]), kept_risk);
  auto verified = AuditVerify();
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// The names beside the 执法证号 of a public inspector-draw record are those of the commitment
// (issue 12): renaming a drawn inspector in the directory afterwards changes the directory, not
// the public record.
TEST_P(PublicSnapshotE2eTest, InspectorNamesOnAPublicDrawAreFrozenAtItsCommitment) {
  const Json task = FirstPublicTask();
  ASSERT_FALSE(task.empty());
  auto console = planner_->Get("/api/v1/tasks/" + std::to_string(task["id"].get<int64_t>()));
  ASSERT_EQ(console.status, 200);
  ASSERT_FALSE(console.body["inspector_draws"].empty());
  const std::string team_draw = console.body["inspector_draws"][0]["draw_no"];
  const Json assigned = TaskAssignments(*planner_, task["id"].get<int64_t>())[0];
  const std::string cert_no = assigned["cert_no"];
  const std::string name = assigned["name"];
  const Json before = PublicDraw(team_draw)["names"];
  ASSERT_EQ(before["people"][cert_no], name);
  {
    auto conn = tdb_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto n = (*conn)->Execute("UPDATE inspectors SET name = $1 WHERE cert_no = $2",
                              {std::string("改名后"), cert_no});
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    ASSERT_EQ(*n, 1);
  }
  // The console's team lists read the directory (today's name).
  EXPECT_NE(TaskAssignments(*planner_, task["id"].get<int64_t>()).dump().find("改名后"),
            std::string::npos);
  const Json after = PublicDraw(team_draw)["names"];
  EXPECT_EQ(after["people"][cert_no], name);
  EXPECT_EQ(after, before);
}

TEST_P(PublicSnapshotE2eTest, ItemsAndPeopleAreNamedAsTheDepartmentChooses) {
  const Json task = FirstPublicTask();
  ASSERT_FALSE(task.empty());
  const Json& dept = task["departments"][0];
  ASSERT_EQ(dept["items"].size(), dept["item_names"].size());
  for (const Json& name : dept["item_names"]) EXPECT_FALSE(name.get<std::string>().empty());

  // The task's inspector draw names its people: 姓名 beside 执法证号, never a 身份证号.
  auto console = planner_->Get("/api/v1/tasks/" + std::to_string(task["id"].get<int64_t>()));
  ASSERT_EQ(console.status, 200);
  ASSERT_FALSE(console.body["inspector_draws"].empty());
  const std::string team_draw = console.body["inspector_draws"][0]["draw_no"];
  const Json assigned = TaskAssignments(*planner_, task["id"].get<int64_t>())[0];
  Json names = PublicDraw(team_draw)["names"];
  EXPECT_EQ(names["person_display"], "name_and_number");
  EXPECT_EQ(names["people"][assigned["cert_no"].get<std::string>()], assigned["name"]);
  for (const auto& [number, name] : names["people"].items()) {
    EXPECT_EQ(number.rfind("豫A", 0), 0u) << number;   // 执法证号 keys only
    const std::string text = name.get<std::string>();  // names only: no 身份证号, no phone
    EXPECT_EQ(text.find_first_of("0123456789"), std::string::npos) << text;
  }
  // An assign draw's teams are keyed by target: those are named too.
  EXPECT_EQ(names["targets"].size(), task["targets"].size());

  // The department publishes numbers only: the names go, the setting is a new rules version.
  Json rules = planner_->Get("/api/v1/departments/1/rules").body["rules"];
  EXPECT_EQ(rules["policy"]["public_person_display"], "name_and_number");
  rules["policy"]["public_person_display"] = "number_only";
  rules["note"] = "公开记录仅显示执法证号";
  auto saved = planner_->Put("/api/v1/departments/1/rules", rules);
  ASSERT_EQ(saved.status, 200) << saved.raw;
  auto published = approver_->Post("/api/v1/departments/1/rules/versions/" +
                                   std::to_string(saved.body["version"].get<int>()) + "/publish");
  ASSERT_EQ(published.status, 200) << published.raw;
  names = PublicDraw(team_draw)["names"];
  EXPECT_EQ(names["person_display"], "number_only");
  EXPECT_TRUE(names["people"].empty()) << names.dump();
  const int version = saved.body["version"];
  auto diff = planner_->Get("/api/v1/departments/1/rules/diff?from=" + std::to_string(version - 1) +
                            "&to=" + std::to_string(version));
  EXPECT_NE(diff.raw.find("仅执法证号"), std::string::npos) << diff.raw;

  rules["policy"]["public_person_display"] = "everything";
  auto refused = planner_->Put("/api/v1/departments/1/rules", rules);
  EXPECT_EQ(refused.status, 400) << refused.raw;

  // A published plan's batches name their items and units on the public plan page.
  auto plan = planner_->Post(
      "/api/v1/plans",
      {{"department_id", 1},
       {"content",
        {{"title", "花园路企业公示信息抽查计划"},
         {"kind", "年度"},
         {"year", ThisYear() + 1},
         {"batches", Json::array({{{"seq", 1},
                                   {"name", "第一季度"},
                                   {"window_from", std::to_string(ThisYear() + 1) + "-03-01"},
                                   {"window_to", std::to_string(ThisYear() + 1) + "-03-31"},
                                   {"items", Json::array({"SCJG-GS-01"})},
                                   {"filter", {{"unit_ids", Json::array({7})}}},
                                   {"task_type", "不定向"},
                                   {"ratio", nullptr}}})}}}});
  ASSERT_EQ(plan.status, 201) << plan.raw;
  const std::string plan_path = "/api/v1/plans/" + std::to_string(plan.body["id"].get<int64_t>());
  ASSERT_EQ(planner_->Post(plan_path + "/submit").status, 200);
  ASSERT_EQ(approver_->Post(plan_path + "/approve", {{"note", "同意"}}).status, 200);
  ASSERT_EQ(planner_->Post(plan_path + "/publish").status, 200);
  ApiClient anyone(server_->port());
  auto plans = anyone.Get("/api/v1/public/plans");
  ASSERT_EQ(plans.status, 200);
  bool seen = false;
  for (const Json& p : plans.body["items"]) {
    if (p["id"] != plan.body["id"]) continue;
    seen = true;
    const Json& b = p["content"]["batches"][0];
    ASSERT_EQ(b["item_names"].size(), 1u);
    EXPECT_FALSE(b["item_names"][0].get<std::string>().empty());
    const std::string scope = b["scope"];
    EXPECT_NE(scope.find("花园路市场监管所"), std::string::npos) << scope;
    EXPECT_EQ(scope.find("个属地单位"), std::string::npos) << scope;
  }
  EXPECT_TRUE(seen) << plans.raw;
}

TEST_P(PublicSnapshotE2eTest, TheDemoShipsAPublicDrawAndCertificatesThroughNextYear) {
  ApiClient anyone(server_->port());
  auto draws = anyone.Get("/api/v1/public/draws?limit=50");
  ASSERT_EQ(draws.status, 200);
  int full_target_draws = 0;
  for (const Json& d : draws.body["items"])
    if (d["visibility"] == "full" && d["kind"] == "targets") ++full_target_draws;
  EXPECT_GE(full_target_draws, 1) << draws.raw;
  EXPECT_FALSE(FirstPublicTask().empty());

  // The demo inspector (刘洋) and every inspector whose certificate did not lapse on purpose
  // stay valid for the whole of next year.
  const int next_year = ThisYear() + 1;
  const std::string year_end = std::to_string(next_year) + "-12-31";
  auto liu = planner_->Get("/api/v1/inspectors?q=%E5%88%98%E6%B4%8B&page_size=50");
  ASSERT_EQ(liu.status, 200) << liu.raw;
  bool found = false;
  for (const Json& i : liu.body["items"]) {
    if (i["name"] != "刘洋" || i.value("user_id", Json()).is_null()) continue;
    found = true;
    EXPECT_GT(i["cert_expires"].get<std::string>(), year_end) << i.dump();
  }
  EXPECT_TRUE(found) << liu.raw;
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicSnapshotE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
