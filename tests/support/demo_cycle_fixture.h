// A platform on a FakeClock over the demo registers and the demo cycle (service::LoadDemoCycle:
// tasks whose results are published, in review and overdue), on SQLite or PostgreSQL — the
// fixture of the working-day deadline tests, which then move the clock across the holidays.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/entropy.h"
#include "core/time.h"
#include "service/demo.h"
#include "service/platform.h"
#include "support/test_db.h"

namespace suiji::testing {

class DemoCycleOnFakeClock : public ::testing::TestWithParam<store::Dialect> {
 protected:
  // `name` keeps this fixture's key directory apart from other tests running at the same time.
  DemoCycleOnFakeClock(Timestamp start, uint8_t entropy_seed, std::string name)
      : clock_(start), entropy_(entropy_seed), name_(std::move(name)) {}

  // 10:00 China time on `d`.
  static Timestamp At(Date d) { return ChinaMidnight(d) + std::chrono::hours(10); }

  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ =
        std::filesystem::temp_directory_path() /
        ("suiji_" + name_ + "_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
    service::PlatformOptions options;
    options.key_file = (keys_ / "keys" / "platform.ed25519").string();
    options.secrets_key_file = (keys_ / "keys" / "secrets.key").string();
    options.pii_key_file = (keys_ / "keys" / "pii.key").string();
    auto platform = service::Platform::Create(tdb_->Reopen(), clock_, entropy_, options);
    ASSERT_TRUE(platform.ok()) << platform.status().ToString();
    platform_ = std::move(*platform);
    ASSERT_TRUE(service::LoadDemoData(*platform_).ok());
    auto cycle = service::LoadDemoCycle(*platform_);
    ASSERT_TRUE(cycle.ok()) << cycle.status().ToString();
    cycle_ = *cycle;
  }
  void TearDown() override {
    platform_.reset();
    std::filesystem::remove_all(keys_);
  }

  FakeClock clock_;
  FixedEntropy entropy_;
  std::string name_;
  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_;
  std::unique_ptr<service::Platform> platform_;
  service::DemoCycleReport cycle_;
};

}  // namespace suiji::testing
