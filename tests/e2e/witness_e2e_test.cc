// Witnesses (issue 12, acceptance 3), through the real server on SQLite and PostgreSQL: the
// ceremonies awaiting a witness (GET /my/witness-draws, the 待办 of their home page) list every
// committed, unrevealed draw of the departments they witness for — target and inspector draws —
// with what is still to do, and drop each one at its reveal; other departments' draws never
// appear. The department list their pages ask for answers them (their own department) instead of
// a 403, and their self-registration records their name once, without a role in brackets.
#include <gtest/gtest.h>

#include <set>

#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

constexpr int64_t kMarketDept = 1;  // 金水区市场监督管理局: the demo witness's department
constexpr int64_t kCommerceDept = 2;  // 金水区商务局
constexpr int64_t kHuayuanUnit = 7;   // 花园路市场监管所
constexpr char kItem[] = "SCJG-GS-01";

class WitnessE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(240));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
    planner_ = std::make_unique<ApiClient>(server_->port());
    witness_ = std::make_unique<ApiClient>(server_->port());
    ASSERT_TRUE(planner_->Login("planner"));
    ASSERT_TRUE(witness_->Login("witness"));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  // Operating enterprises of 花园路 (the demo's inspectors' unit): a small, staffable task.
  std::vector<std::string> SomeTargets(size_t n) {
    auto r =
        planner_->Get("/api/v1/targets?unit_id=" + std::to_string(kHuayuanUnit) + "&page_size=200");
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> keys;
    for (const Json& t : r.body["items"]) {
      if (t.value("reg_status", "") != "存续" || !t.contains("uscc") || !t["uscc"].is_string())
        continue;
      keys.push_back(t["uscc"]);
      if (keys.size() == n) break;
    }
    EXPECT_EQ(keys.size(), n);
    return keys;
  }

  // An ad hoc task of `department` over `keys`, committed: returns (task path, target draw no).
  std::pair<std::string, std::string> CommitTask(ApiClient& planner, int64_t department,
                                                 const std::string& title,
                                                 const std::vector<std::string>& keys,
                                                 const std::string& item) {
    auto task = planner.Post("/api/v1/tasks", {{"title", title},
                                               {"department_id", department},
                                               {"task_type", "定向"},
                                               {"window_from", "2026-12-07"},
                                               {"window_to", "2026-12-31"},
                                               {"items", Json::array({item})},
                                               {"filter", {{"v", 1}, {"keys", keys}}},
                                               {"ratio", "100"}});
    EXPECT_EQ(task.status, 201) << task.raw;
    const std::string path = "/api/v1/tasks/" + std::to_string(task.body.value("id", int64_t{0}));
    auto committed = planner.Post(path + "/commit", {{"sources", {"现场见证人掷骰"}}});
    EXPECT_EQ(committed.status, 200) << committed.raw;
    return {path, committed.body.value("target_draw_no", "")};
  }

  Json Pending() {
    auto r = witness_->Get("/api/v1/my/witness-draws");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("items", Json::array());
  }

  static const Json* Find(const Json& items, const std::string& draw_no) {
    for (const Json& i : items)
      if (i.value("draw_no", "") == draw_no) return &i;
    return nullptr;
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_;
  std::unique_ptr<ApiClient> witness_;
};

TEST_P(WitnessE2eTest, PendingCeremoniesFollowEachDrawOfTheWitnessesDepartment) {
  EXPECT_TRUE(Pending().empty()) << Pending().dump();

  const auto [task_path, target_draw] =
      CommitTask(*planner_, kMarketDept, "见证待办测试任务", SomeTargets(3), kItem);
  ASSERT_FALSE(target_draw.empty());
  const int64_t task_id = std::stoll(task_path.substr(task_path.rfind('/') + 1));

  // Invited (their department's draw), not registered yet, the value still to enter.
  Json items = Pending();
  ASSERT_EQ(items.size(), 1u) << items.dump();
  const Json& first = items[0];
  EXPECT_EQ(first["draw_no"], target_draw);
  EXPECT_EQ(first["kind"], "targets");
  EXPECT_EQ(first["department_id"], kMarketDept);
  EXPECT_EQ(first["department_name"], "郑州市金水区市场监督管理局");
  EXPECT_EQ(first["task"]["id"], task_id);
  EXPECT_EQ(first["task"]["title"], "见证待办测试任务");
  EXPECT_EQ(first["task"]["draw"], "targets");
  EXPECT_FALSE(first["task"]["task_no"].get<std::string>().empty());
  EXPECT_EQ(first["registered"], false);
  EXPECT_EQ(first["witness_count"], 0);
  EXPECT_EQ(first["source_count"], 1);
  EXPECT_EQ(first["values_missing"], 1);

  // The witness registers and enters the value: still awaiting them (the reveal), now registered.
  auto reg = witness_->Post("/api/v1/draws/" + target_draw + "/witnesses",
                            {{"organisation", "金水区人大代表"}});
  ASSERT_EQ(reg.status, 200) << reg.raw;
  ASSERT_EQ(reg.body["witnesses"].size(), 1u);
  // The name is the person's, once: the demo account's display name carries no role.
  EXPECT_EQ(reg.body["witnesses"][0]["name"], "陈志远");
  auto value = witness_->Put("/api/v1/draws/" + target_draw + "/sources/0", {{"value", "4 2"}});
  ASSERT_EQ(value.status, 200) << value.raw;
  items = Pending();
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["registered"], true);
  EXPECT_EQ(items[0]["witness_count"], 1);
  EXPECT_EQ(items[0]["values_missing"], 0);

  // Revealed: no longer pending. The inspector draw that follows is.
  auto revealed = planner_->Post(task_path + "/reveal", Json::object());
  ASSERT_EQ(revealed.status, 200) << revealed.raw;
  EXPECT_TRUE(Pending().empty()) << Pending().dump();
  auto inspectors = planner_->Post(task_path + "/inspectors/commit",
                                   {{"department_id", kMarketDept}, {"sources", {"现场掷骰"}}});
  ASSERT_EQ(inspectors.status, 200) << inspectors.raw;
  std::string assign_draw;
  for (const Json& d : inspectors.body["inspector_draws"])
    if (d["status"] == "committed") assign_draw = d["draw_no"];
  ASSERT_FALSE(assign_draw.empty()) << inspectors.raw;
  items = Pending();
  ASSERT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(items[0]["draw_no"], assign_draw);
  EXPECT_EQ(items[0]["kind"], "assign");
  EXPECT_EQ(items[0]["task"]["id"], task_id);
  EXPECT_EQ(items[0]["task"]["draw"], "inspectors");
  EXPECT_EQ(items[0]["registered"], false);

  // Another department's ceremony is not the witness's: not listed, and not theirs to join.
  ApiClient commerce(server_->port());
  ASSERT_TRUE(commerce.Login("planner.sw"));
  auto other = commerce.Get("/api/v1/targets?page_size=20");
  ASSERT_EQ(other.status, 200) << other.raw;
  auto commerce_items =
      commerce.Get("/api/v1/items?department_id=" + std::to_string(kCommerceDept) + "&page_size=5");
  ASSERT_EQ(commerce_items.status, 200) << commerce_items.raw;
  ASSERT_FALSE(commerce_items.body["items"].empty()) << commerce_items.raw;
  std::vector<std::string> keys;
  for (const Json& t : other.body["items"]) {
    if (t.value("reg_status", "") == "存续" && t.contains("uscc") && t["uscc"].is_string())
      keys.push_back(t["uscc"]);
    if (keys.size() == 2) break;
  }
  ASSERT_EQ(keys.size(), 2u);
  const auto [other_path, other_draw] =
      CommitTask(commerce, kCommerceDept, "商务局见证待办测试任务", keys,
                 commerce_items.body["items"][0]["code"]);
  ASSERT_FALSE(other_draw.empty());
  items = Pending();
  EXPECT_EQ(items.size(), 1u) << items.dump();
  EXPECT_EQ(Find(items, other_draw), nullptr) << items.dump();
  EXPECT_NE(Find(items, assign_draw), nullptr) << items.dump();
  EXPECT_EQ(
      witness_
          ->Post("/api/v1/draws/" + other_draw + "/witnesses", {{"organisation", "金水区人大代表"}})
          .status,
      403);
}

TEST_P(WitnessE2eTest, OnlyWitnessesHaveAWitnessList) {
  for (const char* user : {"planner", "approver", "inspector", "coordinator", "admin"}) {
    ApiClient c(server_->port());
    ASSERT_TRUE(c.Login(user));
    EXPECT_EQ(c.Get("/api/v1/my/witness-draws").status, 403) << user;
  }
  ApiClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/my/witness-draws").status, 401);
}

TEST_P(WitnessE2eTest, WitnessListsTheDepartmentsTheyWitnessFor) {
  auto mine = witness_->Get("/api/v1/org/departments");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["items"].size(), 1u) << mine.raw;
  EXPECT_EQ(mine.body["items"][0]["id"], kMarketDept);
  EXPECT_EQ(mine.body["items"][0]["name"], "郑州市金水区市场监督管理局");
  // The rest of the organisation stays closed to them.
  EXPECT_EQ(witness_->Get("/api/v1/org/units").status, 403);
  EXPECT_EQ(witness_->Get("/api/v1/org/regions").status, 403);
  // Everyone with 查看组织机构 still lists every department.
  auto all = planner_->Get("/api/v1/org/departments");
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_GT(all.body["items"].size(), 1u) << all.raw;
  ApiClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/org/departments").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, WitnessE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
