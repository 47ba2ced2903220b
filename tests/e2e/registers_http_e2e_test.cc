// The register endpoints (一单两库一细则) against the real server with the demo district, on
// SQLite and PostgreSQL: versions and diffs, publication, scope refusals, target search and
// history, masked and revealed citizen IDs, eligibility, imports with row reports, exports.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

class RegistersHttpTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(180));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(tdb_->url());
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    LogApiResponses(*client_);  // the API contract: every answer is checked against openapi.yaml
    client_->set_read_timeout(120, 0);
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
  }

  httplib::Headers Login(const std::string& user) {
    auto res = client_->Post("/api/v1/session",
                             Json{{"username", user}, {"password", "suiji-demo-2026"}}.dump(),
                             "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
    if (!res) return {};
    std::string cookie = res->get_header_value("Set-Cookie");
    return {{"Cookie", cookie.substr(0, cookie.find(';'))},
            {"X-CSRF-Token", Json::parse(res->body)["csrf_token"].get<std::string>()}};
  }
  Json Get(const httplib::Headers& h, const std::string& path, int expect = 200) {
    auto res = client_->Get(path, h);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << path << " " << res->body;
    return Json::parse(res->body, nullptr, false);
  }
  Json Send(const char* method, const httplib::Headers& h, const std::string& path,
            const Json& body, int expect = 200) {
    const std::string text = body.dump();
    auto res = std::string(method) == "PUT" ? client_->Put(path, h, text, "application/json")
                                            : client_->Post(path, h, text, "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expect) << method << " " << path << " " << res->body;
    return Json::parse(res->body, nullptr, false);
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_P(RegistersHttpTest, ItemsAreVersionedDiffedPublishedAndScoped) {
  const auto planner = Login("planner");
  const auto approver = Login("approver");
  const auto planner_sw = Login("planner.sw");
  const auto inspector = Login("inspector");
  Json list = Get(planner, "/api/v1/items?department_id=1&q=SCJG-SP&page_size=10");
  ASSERT_EQ(list["total"], 3);
  const int64_t id = list["items"][0]["id"];
  Json view = Get(inspector, "/api/v1/items/" + std::to_string(id));
  EXPECT_EQ(view["current_version"], 1);
  EXPECT_EQ(view["published_version"], 1);

  Json item = view["item"];
  item["ratio_min"] = 30;
  item["content"] = item["content"].get<std::string>() + "、冷链食品";
  item["note"] = "提高比例";
  item["base_version"] = 1;
  Json v2 = Send("PUT", planner, "/api/v1/items/" + std::to_string(id), item);
  EXPECT_EQ(v2["current_version"], 2);
  Json diff = Get(planner, "/api/v1/items/" + std::to_string(id) + "/diff?from=1&to=2");
  ASSERT_EQ(diff["changes"].size(), 2u);
  EXPECT_EQ(diff["changes"][0]["field"], "content");
  EXPECT_EQ(diff["changes"][1]["field"], "ratio_min");
  EXPECT_EQ(diff["changes"][1]["old"], "20");
  EXPECT_EQ(diff["changes"][1]["new"], "30");
  // The same base version again is a conflict; other departments and inspectors may not write.
  Send("PUT", planner, "/api/v1/items/" + std::to_string(id), item, 409);
  item.erase("base_version");
  item["ratio_min"] = 40;
  Json denied = Send("PUT", planner_sw, "/api/v1/items/" + std::to_string(id), item, 403);
  EXPECT_EQ(denied["code"], "PERMISSION_DENIED");
  Send("PUT", inspector, "/api/v1/items/" + std::to_string(id), item, 403);
  EXPECT_EQ(Get(planner, "/api/v1/items/" + std::to_string(id))["current_version"], 2);
  // Publication is the department head's.
  Send("POST", planner, "/api/v1/items/" + std::to_string(id) + "/versions/2/publish",
       Json::object(), 403);
  Json published =
      Send("POST", approver, "/api/v1/items/" + std::to_string(id) + "/versions/2/publish",
           Json::object());
  EXPECT_EQ(published["published_version"], 2);
  EXPECT_EQ(Get(planner, "/api/v1/items/" + std::to_string(id) + "/versions")["items"].size(), 2u);
  // A floor violation is refused with every problem named.
  Json bad = item;
  bad["code"] = "SCJG-SP-99";
  bad["ratio_min"] = 2;
  bad["level"] = "省";
  Json refused = Send("POST", planner, "/api/v1/items", bad, 400);
  EXPECT_EQ(refused["code"], "ITEM_INVALID");
  EXPECT_NE(refused["message"].get<std::string>().find("不得低于 20%"), std::string::npos);
  EXPECT_NE(refused["message"].get<std::string>().find("事项层级"), std::string::npos);
  // Rules: versioned the same way.
  Json rules = Get(inspector, "/api/v1/departments/1/rules");
  EXPECT_EQ(rules["version"], 1);
  Json body = rules["rules"];
  body["policy"]["risk_ratio"]["D"] = 40;
  Json saved = Send("PUT", planner, "/api/v1/departments/1/rules", body);
  EXPECT_EQ(saved["version"], 2);
  EXPECT_EQ(Get(planner, "/api/v1/departments/1/rules/diff?from=1&to=2")["changes"][0]["new"],
            "40");
  EXPECT_EQ(Get(planner, "/api/v1/dictionaries/item_category")["entries"].size(), 2u);
}

TEST_P(RegistersHttpTest, TargetsSearchChangeHistoryImportAndExport) {
  const auto planner = Login("planner");
  const auto planner_sw = Login("planner.sw");
  Json page =
      Get(planner,
          "/api/v1/targets?name=%E9%A4%90%E9%A5%AE&risk=C,D&status=%E5%AD%98%E7%BB%AD&page_size=5");
  EXPECT_GT(page["total"].get<int>(), 0);
  EXPECT_EQ(page["description"], "名称包含“餐饮”；信用风险分类为C或D；登记状态为存续");
  Json same = Send("POST", planner, "/api/v1/targets/search",
                   {{"filter", page["filter"]}, {"page_size", 5}});
  EXPECT_EQ(same["total"], page["total"]);
  Json described = Send("POST", planner, "/api/v1/targets/describe",
                        {{"filter", {{"v", 1}, {"unit_ids", {7}}}}});
  EXPECT_GT(described["count"].get<int>(), 100);

  Json t = page["items"][0];
  const std::string id = std::to_string(t["id"].get<int64_t>());
  Json changed = t;
  changed["risk_class"] = "D";
  changed["abnormal"] = true;
  changed["note"] = "列入异常";
  Send("PUT", planner_sw, "/api/v1/targets/" + id, changed, 403);
  Json updated = Send("PUT", planner, "/api/v1/targets/" + id, changed);
  EXPECT_TRUE(updated["abnormal"].get<bool>());
  Json hist = Get(planner_sw, "/api/v1/targets/" + id + "/history");
  ASSERT_GE(hist["items"].size(), 2u);
  EXPECT_EQ(hist["items"].back()["actor"], "planner");
  EXPECT_EQ(hist["items"].back()["note"], "列入异常");
  EXPECT_EQ(Get(planner, "/api/v1/targets/by-key/" + t["uscc"].get<std::string>())["id"], t["id"]);

  // An invalid 统一社会信用代码 needs the explicit override.
  Json fresh = t;
  fresh["uscc"] = "91410105MA00000000";
  fresh["name"] = "新登记企业";
  Json invalid = Send("POST", planner, "/api/v1/targets", fresh, 400);
  EXPECT_EQ(invalid["code"], "TARGET_INVALID");
  fresh["code_override"] = true;
  Json kept = Send("POST", planner, "/api/v1/targets", fresh, 201);
  EXPECT_TRUE(kept["code_override"].get<bool>());

  // Import with bad rows: 400, every row reported, nothing changed.
  const std::string csv =
      "统一社会信用代码,名称,对象类型,行政区划代码,属地单位,行业代码\n"
      "91410105MA44ZZZZ1X,坏代码公司,企业,410105,花园路市场监管所,51\n"
      "," +
      std::string("无代码个体户") + ",个体工商户,410105,花园路市场监管所,62\n";
  auto res = client_->Post("/api/v1/registers/targets/import?format=csv&file_name=bad.csv", planner,
                           csv, "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  Json report = Json::parse(res->body);
  EXPECT_EQ(report["code"], "IMPORT_ROWS_INVALID");
  // The refusal's message is the report's summary, and the body is the whole import result.
  EXPECT_EQ(report["message"].get<std::string>().rfind(
                "导入失败：共 2 处错误，涉及 2 行，全部数据均未导入。", 0),
            0u)
      << report["message"];
  EXPECT_EQ(report["register"], "targets");
  EXPECT_EQ(report["rows"], 2);
  EXPECT_FALSE(report["applied"].get<bool>());
  EXPECT_EQ(report["created"], 0);
  ASSERT_EQ(report["report"]["errors"].size(), 2u);
  EXPECT_EQ(report["report"]["errors"][0]["row"], 2);
  EXPECT_EQ(report["report"]["errors"][1]["row"], 3);

  // Export → dry-run import: every row unchanged.
  auto exported = client_->Get("/api/v1/registers/targets/export?format=xlsx", planner);
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->status, 200);
  EXPECT_NE(exported->get_header_value("Content-Disposition").find("filename*=UTF-8''"),
            std::string::npos);
  auto dry = client_->Post("/api/v1/registers/targets/import?dry_run=true", planner, exported->body,
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_TRUE(dry);
  ASSERT_EQ(dry->status, 200) << dry->body.substr(0, 500);
  Json r = Json::parse(dry->body);
  EXPECT_EQ(r["unchanged"], r["rows"]);
  EXPECT_GT(r["rows"].get<int>(), 20000);
  auto tmpl = client_->Get("/api/v1/registers/inspectors/template?format=csv", planner);
  ASSERT_EQ(tmpl->status, 200);
  EXPECT_NE(tmpl->body.find("*执法证号"), std::string::npos);

  // File-level refusals speak of the file, and a file without data rows is refused, not "passed".
  const Json before = Get(planner, "/api/v1/targets?limit=1");
  auto post = [&](const std::string& body) {
    auto res = client_->Post("/api/v1/registers/targets/import?format=csv&file_name=t.csv", planner,
                             body, "text/csv");
    EXPECT_TRUE(res);
    EXPECT_EQ(res ? res->status : 0, 400) << (res ? res->body : "");
    return res ? Json::parse(res->body, nullptr, false) : Json();
  };
  Json empty = post("");
  EXPECT_EQ(empty["code"], "FILE_EMPTY");
  EXPECT_EQ(empty["message"].get<std::string>().find("请求体"), std::string::npos)
      << empty["message"];
  Json header_only = post("统一社会信用代码,名称,对象类型,行政区划代码,属地单位,行业代码\n");
  EXPECT_EQ(header_only["code"], "IMPORT_NO_ROWS") << header_only;
  EXPECT_NE(header_only["message"].get<std::string>().find("没有数据行"), std::string::npos);
  auto target_template = client_->Get("/api/v1/registers/targets/template?format=csv", planner);
  ASSERT_EQ(target_template->status, 200);
  EXPECT_EQ(post(target_template->body)["code"], "IMPORT_NO_ROWS");  // its example row is skipped
  EXPECT_EQ(Get(planner, "/api/v1/targets?limit=1")["total"], before["total"]);
}

TEST_P(RegistersHttpTest, InspectorsAreMaskedRevealedWithAReasonAndAssessed) {
  const auto planner = Login("planner");
  const auto admin = Login("admin");
  const auto inspector = Login("inspector");
  Json me = Get(inspector, "/api/v1/me/inspector");
  EXPECT_EQ(me["name"], "刘洋");
  const std::string masked = me["citizen_id_masked"];
  EXPECT_EQ(masked.substr(6, 8), "********");
  EXPECT_FALSE(me.contains("citizen_id"));
  const std::string id = std::to_string(me["id"].get<int64_t>());
  Send("POST", planner, "/api/v1/inspectors/" + id + "/citizen-id", {{"reason", "年审"}}, 403);
  Send("POST", admin, "/api/v1/inspectors/" + id + "/citizen-id", Json::object(), 400);
  Json full = Send("POST", admin, "/api/v1/inspectors/" + id + "/citizen-id",
                   {{"reason", "办理执法证年审"}});
  const std::string citizen = full["citizen_id"];
  EXPECT_EQ(citizen.size(), 18u);
  EXPECT_EQ(citizen.substr(0, 6) + "********" + citizen.substr(14), masked);
  Json hist = Get(admin, "/api/v1/inspectors/" + id + "/history");
  EXPECT_EQ(hist["items"].back()["action"], "reveal");
  // The station inspector sees the inspectors of the station, not the whole department.
  Json visible = Get(inspector, "/api/v1/inspectors?page_size=100");
  Json all = Get(planner, "/api/v1/inspectors?page_size=100");
  EXPECT_LT(visible["total"].get<int>(), all["total"].get<int>());
  EXPECT_GT(all["total"].get<int>(), 50);
  // Eligibility names every reason.
  Json e = Send("POST", planner, "/api/v1/inspectors/" + id + "/eligibility",
                {{"qualifications", {"食品安全监管", "不存在的资格"}}, {"unit_ids", {1}}});
  EXPECT_FALSE(e["eligible"].get<bool>());
  std::vector<std::string> codes;
  for (const auto& r : e["reasons"]) codes.push_back(r["code"]);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "MISSING_QUALIFICATION"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "OUTSIDE_JURISDICTION"), codes.end());
  // The audit chain stays valid after all of this.
  server_->Stop();
  server_.reset();
  auto verify = RunCommand({SuijiBinary(), "audit", "verify", "--db", tdb_->url()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistersHttpTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
