// The publication deadline under a fake clock (issue 11, acceptance 1): the demo cycle's records
// completed on Friday 25 September 2026 are due on the 20th working day after it — across the
// National Day holiday — and move from "not yet due" to "due within 3 working days" to
// "overdue" exactly at the working-day boundaries, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "support/demo_cycle_fixture.h"

namespace suiji::testing {
namespace {

// Monday 28 September 2026: the demo's "in review" task was inspected three days before.
const Date kStart = *Date::Parse("2026-09-28");

class DeadlineClockTest : public DemoCycleOnFakeClock {
 protected:
  DeadlineClockTest() : DemoCycleOnFakeClock(At(kStart), 5, "deadline") {}
  void SetUp() override {
    DemoCycleOnFakeClock::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_GT(cycle_.in_review, 0);
  }

  // The in-review records (the demo's second task) in the report's lists.
  struct Seen {
    int due_soon = 0, overdue = 0;
    int64_t left = 0;
  };
  Seen InReview() {
    auto report = platform_->inspections().Deadlines(Principal::System("test"), 1);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    Seen s;
    if (!report.ok()) return s;
    for (const auto& d : report->due_soon)
      if (d.status == inspections::RecordStatus::kSubmitted)
        ++s.due_soon, s.left = d.working_days_left;
    for (const auto& d : report->overdue)
      if (d.status == inspections::RecordStatus::kSubmitted)
        ++s.overdue, s.left = d.working_days_left;
    return s;
  }
};

TEST_P(DeadlineClockTest, DueSoonThenOverdueAtTheWorkingDayBoundaries) {
  const auto& cal = WorkingCalendar::Official();
  const Date completed = kStart.AddDays(-3);  // Friday 25 September
  const Date deadline = cal.AddWorkingDays(completed, 20).value;
  // The National Day holiday lies in between: 20 working days take well over four weeks.
  EXPECT_GT(deadline, completed.AddDays(28));
  service::InspectionService::RecordFilter submitted;
  submitted.statuses = {inspections::RecordStatus::kSubmitted};
  auto page = platform_->inspections().List(Principal::System("test"), submitted);
  ASSERT_TRUE(page.ok() && !page->items.empty());
  const auto* record = &page->items;
  EXPECT_EQ(record->front().completed_on, completed);
  EXPECT_EQ(record->front().deadline, deadline);

  const int n = static_cast<int>(record->size());
  clock_.Set(At(cal.AddWorkingDays(deadline, -4).value));  // four working days left: not listed
  Seen s = InReview();
  EXPECT_EQ(s.due_soon + s.overdue, 0);
  clock_.Set(At(cal.AddWorkingDays(deadline, -3).value));  // three: due soon
  s = InReview();
  EXPECT_EQ(s.due_soon, n);
  EXPECT_EQ(s.left, 3);
  clock_.Set(At(deadline));  // the last day: still due, none left
  s = InReview();
  EXPECT_EQ(s.due_soon, n);
  EXPECT_EQ(s.left, 0);
  clock_.Set(At(cal.AddWorkingDays(deadline, 1).value));  // the next working day: overdue
  s = InReview();
  EXPECT_EQ(s.overdue, n);
  EXPECT_EQ(s.left, -1);

  // The rates count them as overdue too.
  auto rates = platform_->inspections().Rates(Principal::System("test"));
  ASSERT_TRUE(rates.ok());
  for (const auto& r : *rates) {
    if (r.department_id == 1) {
      EXPECT_GE(r.overdue, n);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, DeadlineClockTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
