// The real `suiji serve` over a fresh demo database (`suiji demo`), on SQLite or PostgreSQL, with
// its own key directory: the fixture of the end-to-end tests that drive the API as the demo's
// people. A test adds rows the demo lacks in BeforeServe() (straight into the store, before the
// server opens the database) and logs in with Client().
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "support/api_client.h"
#include "support/process.h"
#include "support/test_db.h"

namespace suiji::testing {

class DemoServerTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // `name` keeps this fixture's key directory apart from other tests running at the same time.
  explicit DemoServerTest(std::string name) : name_(std::move(name)) {}

  // Runs after the demo is loaded and before the server starts.
  virtual void BeforeServe() {}

  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    std::vector<std::string> demo = {SuijiBinary(), "demo", "--db", tdb_->url()};
    demo.insert(demo.end(), demo_args_.begin(), demo_args_.end());
    auto loaded = RunCommand(demo, "", std::chrono::seconds(240));
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    BeforeServe();
    if (HasFatalFailure()) return;
    data_ =
        std::filesystem::temp_directory_path() /
        ("suiji_" + name_ + "_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
    std::filesystem::create_directories(data_ / "keys");
    server_ = std::make_unique<ServerProcess>(
        tdb_->url(),
        std::vector<std::string>{"--key-file", (data_ / "keys" / "platform.ed25519").string(),
                                 "--pii-key-file", (data_ / "keys" / "pii.key").string()});
    ASSERT_TRUE(server_->Start()) << server_->Log();
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    }
    std::error_code ec;
    std::filesystem::remove_all(data_, ec);
  }

  // A client logged in as `username` (the demo's password unless another is given).
  std::unique_ptr<ApiClient> Client(const std::string& username,
                                    const std::string& password = "suiji-demo-2026") {
    auto c = std::make_unique<ApiClient>(server_->port());
    EXPECT_TRUE(c->Login(username, password)) << username;
    return c;
  }

  std::string name_;
  std::vector<std::string> demo_args_;  // more flags for `suiji demo` (e.g. "--cycle")
  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path data_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace suiji::testing
