#include "support/route_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include "api/routes.h"
#include "core/entropy.h"
#include "core/time.h"
#include "service/platform.h"
#include "support/test_db.h"

namespace suiji::testing {

void WithRouter(const std::function<void(api::Router&)>& use) {
  auto tdb = TestDatabase::Create(store::Dialect::kSqlite);
  if (!tdb) return;  // Create reported the failure
  static std::atomic<int> serial{0};
  const auto keys =
      std::filesystem::temp_directory_path() /
      ("suiji_route_table_keys_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
  service::PlatformOptions o;
  o.key_file = (keys / "platform.ed25519").string();
  o.secrets_key_file = (keys / "secrets.key").string();
  o.pii_key_file = (keys / "pii.key").string();
  FakeClock clock(Timestamp(std::chrono::milliseconds(1'795'000'000'000)));
  FixedEntropy entropy;
  auto platform = service::Platform::Create(tdb->Reopen(), clock, entropy, o);
  if (!platform.ok()) {
    ADD_FAILURE() << "Platform::Create: " << platform.status().ToString();
  } else {
    api::Router router(**platform);
    api::AddApiRoutes(router, {.version = "test"});
    use(router);
  }
  if (platform.ok()) platform->reset();
  std::filesystem::remove_all(keys);
}

std::vector<api::Router::RouteInfo> RouteTable() {
  std::vector<api::Router::RouteInfo> routes;
  WithRouter([&](api::Router& router) { routes = router.Routes(); });
  return routes;
}

}  // namespace suiji::testing
