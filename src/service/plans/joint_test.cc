// Joint inspections (部门联合抽查, seeds 002 and 004) with a FakeClock, on SQLite and
// PostgreSQL: two departments planning the same targets in overlapping windows get a proposal
// with a 10-working-day deadline; the outcome depends on who accepts in time.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/entropy.h"
#include "service/demo.h"
#include "service/plans/task_pages.h"
#include "service/platform.h"
#include "support/test_db.h"

namespace suiji::service {
namespace {

using testing::TestDatabase;

class JointTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    tdb_ = TestDatabase::Create(GetParam());
    ASSERT_NE(tdb_, nullptr);
    keys_ = std::filesystem::temp_directory_path() /
            ("suiji_joint_keys_" + std::to_string(getpid()) + "_" +
             std::to_string(reinterpret_cast<uintptr_t>(this)));
    PlatformOptions options;
    options.key_file = (keys_ / "platform.ed25519").string();
    options.secrets_key_file = (keys_ / "secrets.key").string();
    options.pii_key_file = (keys_ / "pii.key").string();
    auto p = Platform::Create(tdb_->Reopen(), clock_, entropy_, options);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(p).value();
    auto demo = LoadDemoData(*platform_);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  }
  void TearDown() override {
    platform_.reset();
    std::filesystem::remove_all(keys_);
  }

  Principal As(const std::string& username) {
    auto u = platform_->auth().GetUser(Principal::System(), username);
    EXPECT_TRUE(u.ok()) << username;
    return Principal{u->id, u->username, u->display_name, u->grants, false};
  }

  // An approved, published plan of `department` whose one batch inspects every 食品经营许可 holder.
  int64_t PublishedPlan(const std::string& planner, const std::string& approver, int64_t department,
                        const std::string& item, const std::string& from, const std::string& to) {
    plans::PlanContent c;
    c.title = "2026年度随机抽查计划";
    c.year = 2026;
    plans::Batch b;
    b.seq = 1;
    b.name = "第四季度";
    b.window_from = *Date::Parse(from);
    b.window_to = *Date::Parse(to);
    b.item_codes = {item};
    b.filter.tags = {"食品经营许可"};
    c.batches = {b};
    auto plan = platform_->plans().Create(As(planner), department, c);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    const int64_t id = plan->row.id;
    EXPECT_TRUE(platform_->plans().Submit(As(planner), id).ok());
    EXPECT_TRUE(platform_->plans().Approve(As(approver), id, "同意").ok());
    EXPECT_TRUE(platform_->plans().Publish(As(planner), id).ok());
    return id;
  }

  void SetChinaTime(const std::string& local) { clock_.Set(*ParseTimestamp(local + "+08:00")); }

  std::unique_ptr<TestDatabase> tdb_;
  std::filesystem::path keys_;
  FakeClock clock_{*ParseTimestamp("2026-11-21T10:00:00.000+08:00")};  // a Saturday
  FixedEntropy entropy_{7};
  std::unique_ptr<Platform> platform_;
};

TEST_P(JointTest, OneAcceptsOneLetsTenWorkingDaysPassSoEachInspectsAlone) {
  const int64_t market =
      PublishedPlan("planner", "approver", 1, "SCJG-GS-01", "2026-10-01", "2026-12-31");
  const int64_t commerce =
      PublishedPlan("planner.sw", "approver.sw", 2, "SW-04", "2026-11-01", "2026-12-31");

  auto created = platform_->plans().DetectJoint(As("coordinator"), 2026);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->size(), 1u);
  const ProposalView& p = created->front();
  EXPECT_GT(p.row.overlap_count, 0);
  EXPECT_EQ(p.row.window_from, "2026-11-01");
  EXPECT_EQ(p.row.window_to, "2026-12-31");
  // Saturday 21 November + 10 working days = Friday 4 December 2026.
  EXPECT_EQ(p.row.deadline, "2026-12-04");
  // Detecting again proposes nothing new.
  EXPECT_TRUE(platform_->plans().DetectJoint(As("coordinator"), 2026)->empty());

  auto accepted = platform_->plans().Respond(As("approver"), p.row.id, 1, true, "同意联合检查");
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(plans::ProposalStatusName(accepted->row.status), "open");
  // A department answers for itself only.
  EXPECT_EQ(platform_->plans().Respond(As("approver"), p.row.id, 2, true, "").status().code(),
            StatusCode::kPermissionDenied);

  SetChinaTime("2026-12-04T18:00:00");  // the last day: still open
  ASSERT_TRUE(platform_->plans().ResolveExpired(Principal::System("deadline")).ok());
  EXPECT_EQ(plans::ProposalStatusName(
                platform_->plans().GetProposal(As("coordinator"), p.row.id)->row.status),
            "open");

  SetChinaTime("2026-12-07T09:00:00");  // Monday after the deadline
  auto after = platform_->plans().GetProposal(As("coordinator"), p.row.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(plans::ProposalStatusName(after->row.status), "lapsed");
  EXPECT_FALSE(after->row.joint_task_id.has_value());
  std::map<int64_t, std::string> responses;
  for (const auto& m : after->members)
    responses[m.department_id] = plans::ProposalResponseName(m.response);
  EXPECT_EQ(responses[1], "accepted");
  EXPECT_EQ(responses[2], "expired");
  EXPECT_EQ(platform_->plans().Respond(As("approver.sw"), p.row.id, 2, true, "").status().reason(),
            "PROPOSAL_CLOSED");

  // Each department inspects alone: one separate task per plan, no joint task.
  ASSERT_TRUE(platform_->tasks().CreateFromBatch(As("planner"), market, 1, "").ok());
  ASSERT_TRUE(platform_->tasks().CreateFromBatch(As("planner.sw"), commerce, 1, "").ok());
  TaskPages pages(platform_->db(), platform_->org(), platform_->tasks());
  auto tasks = pages.List(As("coordinator"), std::nullopt, std::nullopt);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 2u);
  for (const auto& t : *tasks) {
    EXPECT_EQ(plans::TaskOriginName(t.row.origin), "plan");
    EXPECT_EQ(t.departments.size(), 1u);
  }
}

TEST_P(JointTest, BothAcceptInTimeAndOneJointTaskIsFormed) {
  PublishedPlan("planner", "approver", 1, "SCJG-GS-01", "2026-10-01", "2026-12-31");
  PublishedPlan("planner.sw", "approver.sw", 2, "SW-04", "2026-11-01", "2026-12-31");
  auto created = platform_->plans().DetectJoint(As("planner"), 2026);
  ASSERT_TRUE(created.ok() && created->size() == 1u);
  const int64_t id = created->front().row.id;
  const int64_t overlap = created->front().row.overlap_count;
  SetChinaTime("2026-11-30T10:00:00");
  ASSERT_TRUE(platform_->plans().Respond(As("approver.sw"), id, 2, true, "参加").ok());
  auto formed = platform_->plans().Respond(As("approver"), id, 1, true, "参加");
  ASSERT_TRUE(formed.ok()) << formed.status().ToString();
  EXPECT_EQ(plans::ProposalStatusName(formed->row.status), "formed");
  ASSERT_TRUE(formed->row.joint_task_id.has_value());
  auto task = platform_->tasks().Get(As("coordinator"), *formed->row.joint_task_id);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  EXPECT_EQ(plans::TaskOriginName(task->row.origin), "joint");
  EXPECT_EQ(task->row.task_type, "定向");
  ASSERT_EQ(task->departments.size(), 2u);
  EXPECT_EQ(plans::TaskDepartmentRoleName(task->departments[0].role), "lead");
  EXPECT_EQ(plans::TaskDepartmentRoleName(task->departments[1].role), "cooperating");
  auto filter = registers::TargetFilterFromJson(task->row.target_filter);
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(static_cast<int64_t>(filter->keys.size()), overlap);
  // The joint pool is exactly the overlap ("进一次门，查多项事").
  auto preview = platform_->tasks().Preview(As("coordinator"), task->row.id);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->matched, overlap);
}

TEST_P(JointTest, DecliningNeedsAReasonAndLapsesThePairAtOnce) {
  PublishedPlan("planner", "approver", 1, "SCJG-GS-01", "2026-10-01", "2026-12-31");
  PublishedPlan("planner.sw", "approver.sw", 2, "SW-04", "2026-11-01", "2026-12-31");
  auto created = platform_->plans().DetectJoint(As("planner"), 2026);
  ASSERT_TRUE(created.ok() && created->size() == 1u);
  const int64_t id = created->front().row.id;
  EXPECT_EQ(platform_->plans().Respond(As("approver.sw"), id, 2, false, "").status().reason(),
            "PROPOSAL_DECLINE_NOTE_REQUIRED");
  ASSERT_TRUE(
      platform_->plans().Respond(As("approver.sw"), id, 2, false, "本季度已安排专项检查").ok());
  auto done = platform_->plans().Respond(As("approver"), id, 1, true, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(plans::ProposalStatusName(done->row.status), "lapsed");
}

INSTANTIATE_TEST_SUITE_P(Backends, JointTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return testing::DialectParamName(info.param); });

}  // namespace
}  // namespace suiji::service
