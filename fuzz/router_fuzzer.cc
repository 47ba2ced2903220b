// Whole requests through Router::Handle (src/api/router.h) on a real SQLite platform: JSON
// bodies on the write routes and query strings on the list routes, as an admin and as a
// department planner. Whatever the bytes, the answer is a 2xx or a 4xx with a JSON
// {"code","message"} — never a 5xx, never an exception.
//
// Input: byte 0 picks the route, byte 1 the caller; the rest is the body (write routes) or the
// query string (read routes). The login route is left out: each attempt costs an Argon2 hash.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/router.h"
#include "api/routes.h"
#include "core/entropy.h"
#include "core/time.h"
#include "fuzz/fuzz_check.h"
#include "service/platform.h"
#include "store/migrate.h"

namespace {

using suiji::Principal;
using suiji::api::Request;
using suiji::api::Response;

struct Route {
  const char* method;
  const char* path;  // "{draw}" is replaced by the draw committed at start-up
};

// Write routes get the input as their body; read routes as their query string.
const std::vector<Route> kRoutes = {
    {"POST", "/api/v1/draws"},
    {"POST", "/api/v1/draws/{draw}/witnesses"},
    {"PUT", "/api/v1/draws/{draw}/sources/1"},
    {"POST", "/api/v1/draws/{draw}/reveal"},
    {"POST", "/api/v1/draws/{draw}/replacements"},
    {"POST", "/api/v1/plans"},
    {"POST", "/api/v1/tasks"},
    {"POST", "/api/v1/targets"},
    {"POST", "/api/v1/targets/search"},
    {"POST", "/api/v1/targets/describe"},
    {"POST", "/api/v1/inspectors"},
    {"POST", "/api/v1/experts"},
    {"POST", "/api/v1/conflicts"},
    {"POST", "/api/v1/items"},
    {"PUT", "/api/v1/departments/1/rules"},
    {"PUT", "/api/v1/dictionaries/行业分类"},
    {"POST", "/api/v1/users"},
    {"POST", "/api/v1/org/units"},
    {"POST", "/api/v1/joint/detect"},
    {"GET", "/api/v1/draws"},
    {"GET", "/api/v1/public/draws"},
    {"GET", "/api/v1/targets"},
    {"GET", "/api/v1/inspectors"},
    {"GET", "/api/v1/experts"},
    {"GET", "/api/v1/conflicts"},
    {"GET", "/api/v1/items"},
    {"GET", "/api/v1/plans"},
    {"GET", "/api/v1/public/plans"},
    {"GET", "/api/v1/tasks"},
    {"GET", "/api/v1/public/tasks"},
    {"GET", "/api/v1/registers/targets/export"},
};

class World {
 public:
  World() {
    dir_ = std::filesystem::temp_directory_path() /
           ("suiji_router_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto url = suiji::store::ParseDbUrl("sqlite://" + (dir_ / "fuzz.db").string());
    FUZZ_CHECK(url.ok(), "database url");
    auto db = suiji::store::OpenDatabase(*url, {.pool_size = 2});
    FUZZ_CHECK(db.ok(), "open database");
    FUZZ_CHECK(suiji::store::Migrate(**db).ok(), "migrate");
    suiji::service::PlatformOptions o;
    o.key_file = (dir_ / "platform.ed25519").string();
    o.secrets_key_file = (dir_ / "secrets.key").string();
    o.pii_key_file = (dir_ / "pii.key").string();
    o.auth.password_cost = {1, 8192};
    auto p = suiji::service::Platform::Create(std::move(db).value(), clock_, entropy_, o);
    FUZZ_CHECK(p.ok(), "platform");
    platform_ = std::move(p).value();
    const Principal sys = Principal::System("fuzz");
    FUZZ_CHECK(platform_->org()
                   .UpsertRegions(sys, {{"410000", "河南省", "", "province"},
                                        {"410100", "郑州市", "410000", "city"},
                                        {"410105", "金水区", "410100", "county"}})
                   .ok(),
               "regions");
    auto a = platform_->org().CreateDepartment(
        sys, {"JS-SCJG", "金水区市场监督管理局", "区市场监管局", "410105"});
    auto b =
        platform_->org().CreateDepartment(sys, {"JS-SWJ", "金水区商务局", "区商务局", "410105"});
    FUZZ_CHECK(a.ok() && b.ok(), "departments");
    FUZZ_CHECK(platform_->org()
                   .CreateUnit(sys, {a->id, std::nullopt, "S01", "花园路市场监管所", "市场监管所",
                                     "所", "410105"})
                   .ok(),
               "unit");
    tokens_.push_back(User("admin", suiji::RoleGrant{suiji::Role::kAdmin, suiji::Scope::Global()}));
    tokens_.push_back(
        User("planner", suiji::RoleGrant{suiji::Role::kPlanner, suiji::Scope::Department(a->id)}));
    tokens_.push_back(User(
        "approver", suiji::RoleGrant{suiji::Role::kApprover, suiji::Scope::Department(a->id)}));
    router_ = std::make_unique<suiji::api::Router>(*platform_);
    suiji::api::AddApiRoutes(*router_, {.version = "fuzz"});

    // One committed draw for the draw routes.
    Response r = Handle(
        "POST", "/api/v1/draws", "", 1,
        R"({"kind":"targets","title":"模糊测试抽取","department_id":1,"sources":["现场见证人掷骰"],)"
        R"("strata":[{"name":"一般","take":2}],"pool":[{"stratum":"一般","id":"A"},)"
        R"({"stratum":"一般","id":"B"},{"stratum":"一般","id":"C"}]})");
    FUZZ_CHECK(r.status == 201, r.body.c_str());
    draw_no_ = nlohmann::json::parse(r.body).at("draw_no").get<std::string>();
  }
  void RemoveFiles() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Response Handle(const std::string& method, std::string path, const std::string& query, size_t who,
                  const std::string& body) {
    if (auto at = path.find("{draw}"); at != std::string::npos) path.replace(at, 6, draw_no_);
    Request req;
    req.method = method;
    // As the transport does: path and query from the request target (malformed → bad_target).
    suiji::api::SetRequestTarget(req, path + "?" + query);
    req.headers["authorization"] = "Bearer " + tokens_[who % tokens_.size()];
    req.headers["content-type"] = "application/json";
    req.body = body;
    req.remote = "127.0.0.1";
    return router_->Handle(req);
  }

 private:
  std::string User(const std::string& name, const suiji::RoleGrant& grant) {
    const Principal sys = Principal::System("fuzz");
    FUZZ_CHECK(platform_->auth().CreateUser(sys, {name, name, "fuzz-password-2026", {grant}}).ok(),
               "user");
    auto login = platform_->auth().Login(name, "fuzz-password-2026", "127.0.0.1");
    FUZZ_CHECK(login.ok(), "login");
    return login->token;
  }

  std::filesystem::path dir_;
  suiji::FakeClock clock_{suiji::Timestamp(std::chrono::milliseconds(1'795'000'000'000))};
  suiji::FixedEntropy entropy_{7};
  std::unique_ptr<suiji::service::Platform> platform_;
  std::unique_ptr<suiji::api::Router> router_;
  std::vector<std::string> tokens_;
  std::string draw_no_;
};

World& TheWorld() {
  // Never destroyed (fuzz targets exit without teardown); its files are removed at exit.
  static World* world = [] {
    World* w = new World();
    std::atexit([] { TheWorld().RemoveFiles(); });
    return w;
  }();
  return *world;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  TheWorld();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 16 * 1024) return 0;
  const Route& route = kRoutes[data[0] % kRoutes.size()];
  const std::string rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  const bool read = std::string_view(route.method) == "GET";
  Response r =
      TheWorld().Handle(route.method, route.path, read ? rest : "", data[1], read ? "" : rest);
  if (r.status >= 500) {
    std::fprintf(stderr, "%s %s -> %d %s\n", route.method, route.path, r.status, r.body.c_str());
  }
  FUZZ_CHECK(r.status < 500, "a request was answered with a server error");
  if (r.status >= 400) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    FUZZ_CHECK(j.is_object() && j.contains("code") && j.contains("message"),
               "an error without code and message");
  }
  return 0;
}
