// The credit-list proposal deadline under a fake clock (issue 13, acceptance 2), on SQLite and
// PostgreSQL: the demo cycle publishes a 未按规定公示应当公示的信息 result of an inspection on
// Monday 28 September 2026; its 经营异常名录 proposal is due on the 10th working day after — across
// the National Day holiday — and turns overdue exactly on the working day after that.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "support/demo_cycle_fixture.h"

namespace suiji::testing {
namespace {

// The published demo task's inspection (demo_cycle.cc): Monday 28 September; the clock starts
// 20 days after it.
const Date kInspected = *Date::Parse("2026-09-28");

class CreditClockTest : public DemoCycleOnFakeClock {
 protected:
  CreditClockTest() : DemoCycleOnFakeClock(At(kInspected.AddDays(20)), 7, "credit_clock") {}
  void SetUp() override {
    DemoCycleOnFakeClock::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_GT(cycle_.published, 0);
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
};

TEST_P(CreditClockTest, DueOnTheTenthWorkingDayOverdueOnTheNext) {
  const auto& cal = WorkingCalendar::Official();
  auto all = Pending(false);
  ASSERT_EQ(all.size(), 1u);
  const auto& p = all.front();
  EXPECT_EQ(p.found_on, kInspected);
  const Date due = cal.AddWorkingDays(kInspected, 10).value;
  EXPECT_EQ(p.due_on, due);
  EXPECT_EQ(cal.WorkingDaysBetween(kInspected, due).value, 10);
  EXPECT_GT(due, kInspected.AddDays(14));  // the National Day holiday lies in between
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
