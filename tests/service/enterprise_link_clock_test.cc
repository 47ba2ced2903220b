// The enterprise link's last day under a fake clock (issue 13, online inspection), on SQLite and
// PostgreSQL: a link issued on Tuesday 29 September 2026 works for 10 working days — across the
// National Day holiday — through the whole of its last day, and from the next midnight (China
// time) it is refused exactly like a token that never existed.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "support/demo_cycle_fixture.h"

namespace suiji::testing {
namespace {

const Date kIssued = *Date::Parse("2026-09-29");

class EnterpriseLinkClockTest : public DemoCycleOnFakeClock {
 protected:
  EnterpriseLinkClockTest() : DemoCycleOnFakeClock(At(kIssued), 11, "enterprise_link_clock") {}
};

TEST_P(EnterpriseLinkClockTest, WorksThroughTheLastWorkingDayAndNotAMinuteAfter) {
  const auto& cal = WorkingCalendar::Official();
  // A dispatched task target whose result is still open.
  int64_t task = 0, target = 0, dept = 0;
  {
    auto conn = platform_->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto row = (*conn)->QueryOptional(
        "SELECT a.task_id, a.target_id, a.department_id FROM task_assignments a LEFT JOIN "
        "inspection_records r ON r.task_id = a.task_id AND r.target_id = a.target_id AND "
        "r.department_id = a.department_id WHERE r.id IS NULL OR r.status IN ('pending', 'submitted', 'returned') "
        "ORDER BY a.task_id, a.target_id LIMIT 1");
    ASSERT_TRUE(row.ok()) << row.status().ToString();
    ASSERT_TRUE(row->has_value()) << "the demo cycle has no open dispatched task target";
    task = (*row)->Int(0), target = (*row)->Int(1), dept = (*row)->Int(2);
  }
  auto& links = platform_->enterprise_links();
  service::EnterpriseLinkRequest req;
  req.materials = {"营业执照副本"};
  auto issued = links.Issue(Principal::System("test"), task, target, dept, req);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  const Date last =
      cal.AddWorkingDays(kIssued, service::EnterpriseLinkService::kDefaultWorkingDays).value;
  EXPECT_EQ(issued->link.expires_on, last);
  EXPECT_GT(last, kIssued.AddDays(14));  // the National Day holiday lies in between

  const std::string remote = "192.0.2.7";
  auto unknown = links.Open(std::string(64, 'e'), remote);
  ASSERT_FALSE(unknown.ok());

  clock_.Set(ChinaMidnight(last.AddDays(1)) - std::chrono::minutes(1));  // 23:59 on the last day
  auto open = links.Open(issued->token, remote);
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  EXPECT_EQ(open->status, service::EnterpriseLinkStatus::kOpen);

  clock_.Set(ChinaMidnight(last.AddDays(1)));  // midnight after it
  auto expired = links.Open(issued->token, remote);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), unknown.status().code());
  EXPECT_EQ(expired.status().reason(), "LINK_INVALID");
  EXPECT_EQ(expired.status().message(), unknown.status().message());
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'x');
  auto upload = links.Upload(issued->token, remote, "营业执照副本", "late.jpg", jpeg);
  ASSERT_FALSE(upload.ok());
  EXPECT_EQ(upload.status().reason(), "LINK_INVALID");
  auto list = links.List(Principal::System("test"), task, target, dept);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().status, service::EnterpriseLinkStatus::kExpired);
  EXPECT_TRUE(list->front().files.empty());
}

INSTANTIATE_TEST_SUITE_P(Dialects, EnterpriseLinkClockTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::testing
