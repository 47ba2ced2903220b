// People and records named in plain words (issue 12), through the real server on SQLite and
// PostgreSQL: a change history names the person who made each change (their login beside it),
// and 回避 rows carry the names of both parties and whether the reader may change them, so a
// page never shows "人员 #103" or offers 修改 / 撤销 the server would refuse.
#include <gtest/gtest.h>

#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

class NamesE2eTest : public ::testing::TestWithParam<store::Dialect> {
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
    ASSERT_TRUE(planner_->Login("planner"));
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  // A new 回避 relation between the market department's first inspector and first target.
  Json DeclareConflict() {
    auto inspectors = planner_->Get("/api/v1/inspectors?department_id=1&page_size=1");
    EXPECT_EQ(inspectors.status, 200) << inspectors.raw;
    auto targets = planner_->Get("/api/v1/targets?page_size=1");
    EXPECT_EQ(targets.status, 200) << targets.raw;
    inspector_ = inspectors.body["items"][0];
    target_ = targets.body["items"][0];
    auto created = planner_->Post("/api/v1/conflicts", {{"inspector_id", inspector_["id"]},
                                                        {"target_id", target_["id"]},
                                                        {"kind", "其他"},
                                                        {"source", "本人申报"},
                                                        {"note", "名称测试"}});
    EXPECT_EQ(created.status, 201) << created.raw;
    return created.body;
  }

  Json RowAs(const std::string& user, int64_t id) {
    ApiClient c(server_->port());
    EXPECT_TRUE(c.Login(user));
    auto list =
        c.Get("/api/v1/conflicts?inspector_id=" + std::to_string(inspector_["id"].get<int64_t>()) +
              "&page_size=100");
    EXPECT_EQ(list.status, 200) << user << " " << list.raw;
    for (const Json& x : list.body.value("items", Json::array()))
      if (x["id"] == id) return x;
    ADD_FAILURE() << user << " does not see conflict " << id << ": " << list.raw;
    return Json::object();
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> planner_;
  Json inspector_, target_;
};

TEST_P(NamesE2eTest, HistoryNamesThePersonWithTheirLogin) {
  Json conflict = DeclareConflict();
  const std::string id = std::to_string(conflict["id"].get<int64_t>());
  auto history = planner_->Get("/api/v1/conflicts/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.raw;
  ASSERT_FALSE(history.body["items"].empty()) << history.raw;
  const Json& first = history.body["items"][0];
  EXPECT_EQ(first["actor"], "planner");
  EXPECT_EQ(first["actor_name"], "张明");
}

TEST_P(NamesE2eTest, ConflictRowsNameBothPartiesAndSayWhoMayChangeThem) {
  Json conflict = DeclareConflict();
  ASSERT_TRUE(conflict.contains("id")) << conflict.dump();
  const int64_t id = conflict["id"];
  // The writer's own answer names the parties and is changeable by them.
  EXPECT_EQ(conflict["inspector_name"], inspector_["name"]);
  EXPECT_EQ(conflict["inspector_cert_no"], inspector_["cert_no"]);
  EXPECT_EQ(conflict["target_name"], target_["name"]);
  EXPECT_FALSE(conflict["target_key"].get<std::string>().empty());
  EXPECT_EQ(conflict["changeable"], true);

  Json mine = RowAs("planner", id);
  EXPECT_EQ(mine["inspector_name"], inspector_["name"]);
  EXPECT_EQ(mine["target_name"], target_["name"]);
  EXPECT_EQ(mine["changeable"], true);
  // Readers without 登记 rights over the inspector's unit see the names, and no change offered;
  // the server refuses the change they are not offered.
  for (const char* reader : {"approver", "coordinator"}) {
    Json row = RowAs(reader, id);
    EXPECT_EQ(row["inspector_name"], inspector_["name"]) << reader;
    EXPECT_EQ(row["target_name"], target_["name"]) << reader;
    EXPECT_EQ(row["changeable"], false) << reader;
    ApiClient c(server_->port());
    ASSERT_TRUE(c.Login(reader));
    EXPECT_EQ(
        c.Post("/api/v1/conflicts/" + std::to_string(id) + "/deactivate", {{"reason", "测试"}})
            .status,
        403)
        << reader;
    auto one = c.Get("/api/v1/conflicts/" + std::to_string(id));
    ASSERT_EQ(one.status, 200) << one.raw;
    EXPECT_EQ(one.body["changeable"], false) << reader;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, NamesE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
