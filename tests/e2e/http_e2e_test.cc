// The real server on loopback, on SQLite and on PostgreSQL: health, errors, login, CSRF,
// throttling, the scope check, static files, clean shutdown.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

using Json = nlohmann::json;

class HttpE2eTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    auto demo =
        RunCommand({SuijiBinary(), "demo", "--db", tdb_->url()}, "", std::chrono::seconds(120));
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_ = std::make_unique<ServerProcess>(
        tdb_->url(), std::vector<std::string>{"--web-root", SourceDir() + "/web/dist"});
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    LogApiResponses(*client_);  // the API contract: every answer is checked against openapi.yaml
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << "server did not shut down cleanly:\n" << server_->Log();
    }
  }

  // Logs in; returns {cookie header, csrf token}.
  std::pair<std::string, std::string> Login(const std::string& user) {
    auto res = client_->Post("/api/v1/session",
                             Json{{"username", user}, {"password", "suiji-demo-2026"}}.dump(),
                             "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
    if (!res) return {};
    std::string cookie = res->get_header_value("Set-Cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    return {cookie.substr(0, cookie.find(';')), Json::parse(res->body)["csrf_token"]};
  }

  std::unique_ptr<TestDatabase> tdb_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_P(HttpE2eTest, HealthReportsTheDatabase) {
  auto res = client_->Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  Json j = Json::parse(res->body);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["db"], DialectParamName(GetParam()));
  EXPECT_FALSE(j["version"].get<std::string>().empty());
}

TEST_P(HttpE2eTest, UnknownRoutesAreJson404NotRestinio501) {
  auto res = client_->Get("/api/v1/no/such/thing");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  Json j = Json::parse(res->body);
  EXPECT_EQ(j["code"], "NOT_FOUND");
  EXPECT_NE(j["message"].get<std::string>().find("接口不存在"), std::string::npos);
  auto wrong_method = client_->Put("/api/v1/health", "", "application/json");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
}

TEST_P(HttpE2eTest, StaticFilesHaveMimeTypesAndNoTraversal) {
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto spa = client_->Get("/console/anything");
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, index->body);
  for (const char* evil : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/assets/../../etc/passwd",
                           "/..%2f..%2fetc/passwd"}) {
    auto res = client_->Get(evil);
    ASSERT_TRUE(res) << evil;
    EXPECT_TRUE(res->status == 400 || res->status == 404) << evil << " -> " << res->status;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << evil;
  }
  auto missing_asset = client_->Get("/assets/none.js");
  ASSERT_TRUE(missing_asset);
  EXPECT_EQ(missing_asset->status, 404);
}

TEST_P(HttpE2eTest, LoginMeCsrfLogout) {
  auto bad =
      client_->Post("/api/v1/session", R"({"username":"planner","password":"wrong-password-1"})",
                    "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  EXPECT_EQ(Json::parse(bad->body)["code"], "LOGIN_FAILED");
  auto garbage = client_->Post("/api/v1/session", "{not json", "application/json");
  EXPECT_EQ(garbage->status, 400);
  EXPECT_EQ(Json::parse(garbage->body)["code"], "JSON_INVALID");

  auto anonymous = client_->Get("/api/v1/me");
  EXPECT_EQ(anonymous->status, 401);

  auto [cookie, csrf] = Login("planner");
  httplib::Headers h = {{"Cookie", cookie}};
  auto me = client_->Get("/api/v1/me", h);
  ASSERT_EQ(me->status, 200);
  Json user = Json::parse(me->body)["user"];
  EXPECT_EQ(user["display_name"], "张明");
  EXPECT_EQ(user["roles"][0]["role_name"], "部门业务人员");
  EXPECT_EQ(user["roles"][0]["scope_name"], "郑州市金水区市场监督管理局");

  auto no_csrf = client_->Delete("/api/v1/session", h);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(Json::parse(no_csrf->body)["code"], "CSRF_TOKEN_INVALID");
  EXPECT_EQ(client_->Get("/api/v1/me", h)->status, 200);  // still logged in

  httplib::Headers with_csrf = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(client_->Delete("/api/v1/session", with_csrf)->status, 204);
  EXPECT_EQ(client_->Get("/api/v1/me", h)->status, 401);
}

TEST_P(HttpE2eTest, RepeatedFailuresAreThrottled) {
  int last = 0;
  for (int i = 0; i < 6; ++i)
    last = client_
               ->Post("/api/v1/session", R"({"username":"approver","password":"wrong-password-1"})",
                      "application/json")
               ->status;
  EXPECT_EQ(last, 429);
  // Even the right password is refused while throttled.
  auto res =
      client_->Post("/api/v1/session", R"({"username":"approver","password":"suiji-demo-2026"})",
                    "application/json");
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(Json::parse(res->body)["code"], "LOGIN_THROTTLED");
}

TEST_P(HttpE2eTest, RoleAndScopeChecksGuardEveryEndpoint) {
  auto [planner_cookie, planner_csrf] = Login("planner");
  auto denied = client_->Get("/api/v1/users", httplib::Headers{{"Cookie", planner_cookie}});
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(Json::parse(denied->body)["code"], "PERMISSION_DENIED");

  auto [admin_cookie, admin_csrf] = Login("admin");
  httplib::Headers admin = {{"Cookie", admin_cookie}, {"X-CSRF-Token", admin_csrf}};
  auto before = Json::parse(client_->Get("/api/v1/users", admin)->body)["items"].size();
  // Refused creation (unknown department in the grant) changes nothing.
  auto refused = client_->Post("/api/v1/users", admin,
                               Json{{"username", "newbie"},
                                    {"display_name", "新人"},
                                    {"password", "long-enough-2026"},
                                    {"roles", {{{"role", "planner"}, {"scope", "department:999"}}}}}
                                   .dump(),
                               "application/json");
  EXPECT_EQ(refused->status, 404);
  EXPECT_EQ(Json::parse(refused->body)["code"], "DEPARTMENT_NOT_FOUND");
  EXPECT_EQ(Json::parse(client_->Get("/api/v1/users", admin)->body)["items"].size(), before);
  auto created = client_->Post("/api/v1/users", admin,
                               Json{{"username", "newbie"},
                                    {"display_name", "新人"},
                                    {"password", "long-enough-2026"},
                                    {"roles", {{{"role", "inspector"}, {"scope", "department:2"}}}}}
                                   .dump(),
                               "application/json");
  EXPECT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Json::parse(client_->Get("/api/v1/users", admin)->body)["items"].size(), before + 1);
}

TEST_P(HttpE2eTest, PublicKeyIsPublished) {
  auto res = client_->Get("/api/v1/keys");
  ASSERT_EQ(res->status, 200);
  Json k = Json::parse(res->body)["keys"][0];
  EXPECT_EQ(k["algorithm"], "Ed25519");
  EXPECT_EQ(k["public_key"].get<std::string>().size(), 64u);
}

// Issue 10: the register lists took department_id / unit_id / inspector_id / target_id ≤ 0 as a
// filter (and answered an empty page); /audit/checkpoints refused with a code of its own
// (QUERY_PARAMETER_INVALID). Every query parameter now goes through one parser: a malformed value
// is 400 QUERY_INVALID, a page out of range 400 PAGE_INVALID, the message in Chinese naming it.
TEST_P(HttpE2eTest, QueryParametersAreRefusedWithTheCommonCodes) {
  ApiClient c(server_->port());
  ASSERT_TRUE(c.Login("admin"));
  struct Case {
    std::string path, code, names;
  };
  const std::vector<Case> cases = {
      {"/api/v1/items?department_id=0", "QUERY_INVALID", "department_id"},
      {"/api/v1/inspectors?department_id=-1", "QUERY_INVALID", "department_id"},
      {"/api/v1/inspectors?unit_id=0", "QUERY_INVALID", "unit_id"},
      {"/api/v1/experts?department_id=0", "QUERY_INVALID", "department_id"},
      {"/api/v1/conflicts?inspector_id=0", "QUERY_INVALID", "inspector_id"},
      {"/api/v1/conflicts?target_id=-5", "QUERY_INVALID", "target_id"},
      {"/api/v1/targets?unit_id=0", "QUERY_INVALID", "unit_id"},
      {"/api/v1/targets?unit_id=1,-1", "QUERY_INVALID", "unit_id"},
      {"/api/v1/org/units?department_id=0", "QUERY_INVALID", "department_id"},
      {"/api/v1/audit/checkpoints?limit=abc", "QUERY_INVALID", "limit"},
      {"/api/v1/audit/checkpoints?after=1.5", "QUERY_INVALID", "after"},
      {"/api/v1/audit/checkpoints?limit=0", "PAGE_INVALID", "limit"},
      {"/api/v1/audit/checkpoints?limit=5001", "PAGE_INVALID", "limit"},
      {"/api/v1/audit/checkpoints?after=-1", "PAGE_INVALID", "after"},
  };
  for (const Case& k : cases) {
    auto r = c.Get(k.path);
    EXPECT_EQ(r.status, 400) << k.path << ": " << r.raw;
    EXPECT_EQ(r.code(), k.code) << k.path << ": " << r.raw;
    const std::string message = r.body.is_object() ? r.body.value("message", "") : "";
    EXPECT_NE(message.find(k.names), std::string::npos) << k.path << ": " << r.raw;
    EXPECT_NE(message.find("参数"), std::string::npos) << k.path << ": " << r.raw;
  }
  // The same parameters in range still filter.
  for (std::string path :
       {"/api/v1/inspectors?department_id=1&unit_id=1", "/api/v1/items?department_id=1",
        "/api/v1/conflicts?inspector_id=1", "/api/v1/targets?unit_id=1,2",
        "/api/v1/org/units?department_id=1", "/api/v1/audit/checkpoints?after=0&limit=5000"}) {
    EXPECT_EQ(c.Get(path).status, 200) << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpE2eTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
