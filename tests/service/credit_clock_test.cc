// The credit-list proposal deadline under a fake clock (issue 13, acceptance 2), on SQLite and
// PostgreSQL: the demo cycle publishes a 未按规定公示应当公示的信息 result of an inspection on
// Monday 28 September 2026; its 经营异常名录 proposal is due on the 10th working day after — across
// the National Day holiday — and turns overdue exactly on the working day after that.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/calendar.h"
#include "core/entropy.h"
#include "core/time.h"
#include "service/demo.h"
#include "service/platform.h"
#include "support/test_db.h"

namespace suiji::testing {
namespace {

Timestamp At(Date d) { return ChinaMidnight(d) + std::chrono::hours(10); }

class CreditClockTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ = std::filesystem::temp_directory_path() /
            ("suiji_credit_clock_" + std::to_string(getpid()) + "_" + DialectParamName(GetParam()));
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
    ASSERT_GT(cycle->published, 0);
  }
  void TearDown() override {
    platform_.reset();
    std::filesystem::remove_all(keys_);
  }

  // The department's pending abnormal-list proposals (all, or only the overdue ones).
  std::vector<service::CreditProposalView> Pending(bool overdue_only) {
    service::CreditService::ProposalFilter f;
    f.department_id = 1;
    f.status = credit::ProposalStatus::kPending;
    f.list_kind = credit::ListKind::kAbnormal;
    f.overdue_only = overdue_only;
    auto list = platform_->credit().Proposals(Principal::System("test"), f);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? list->items : std::vector<service::CreditProposalView>{};
  }

  // 20 days after the published demo task's inspection (demo_cycle.cc): Monday 28 September.
  const Date inspected_ = *Date::Parse("2026-09-28");
  FakeClock clock_{At(inspected_.AddDays(20))};
  FixedEntropy entropy_{7};
  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_;
  std::unique_ptr<service::Platform> platform_;
};

TEST_P(CreditClockTest, DueOnTheTenthWorkingDayOverdueOnTheNext) {
  const auto& cal = WorkingCalendar::Official();
  auto all = Pending(false);
  ASSERT_EQ(all.size(), 1u);
  const auto& p = all.front();
  EXPECT_EQ(p.found_on, inspected_);
  const Date due = cal.AddWorkingDays(inspected_, 10).value;
  EXPECT_EQ(p.due_on, due);
  EXPECT_EQ(cal.WorkingDaysBetween(inspected_, due).value, 10);
  EXPECT_GT(due, inspected_.AddDays(14));  // the National Day holiday lies in between
  EXPECT_TRUE(p.due_exact);

  clock_.Set(At(cal.AddWorkingDays(due, -1).value));
  all = Pending(false);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all.front().overdue);
  EXPECT_EQ(all.front().working_days_left, 1);

  clock_.Set(At(due));  // the last day: still in time
  all = Pending(false);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all.front().overdue);
  EXPECT_EQ(all.front().working_days_left, 0);
  EXPECT_TRUE(Pending(true).empty());

  clock_.Set(At(cal.AddWorkingDays(due, 1).value));  // the next working day: overdue
  all = Pending(true);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all.front().overdue);
  EXPECT_EQ(all.front().working_days_left, -1);
}

INSTANTIATE_TEST_SUITE_P(Dialects, CreditClockTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
