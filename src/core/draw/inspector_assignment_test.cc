#include "core/draw/inspector_assignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/draw/merkle.h"
#include "core/draw/ticket.h"
#include "core/hash.h"

namespace suiji::draw {
namespace {

const std::string kSecret(32, '\x11');

AssignDrawInput SmallInput() {
  AssignDrawInput in;
  in.draw_id = "2026-SJ-0001-人员";
  in.source_names = {"上证综指 2026-11-25 收盘点位"};
  in.per_task = 2;
  in.cap = 2;
  in.tasks = {{"91110000MA01001", {"张三", "李四", "王五", "赵六"}},
              {"91110000MA01002", {"张三", "李四", "钱七"}},
              {"91110000MA01003", {"李四", "王五", "赵六", "钱七"}},
              {"91110000MA01004", {"张三"}}};
  return in;
}

AssignResult MustAssign(AssignDrawInput in, DrawOptions options = {}) {
  StatusOr<InspectorAssignment> a = InspectorAssignment::Prepare(std::move(in), kSecret, options);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  StatusOr<AssignResult> r = a->Reveal({"3386.27"});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *std::move(r);
}

std::vector<std::string> ByTicket(const std::string& seed, std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end(), [&](const std::string& a, const std::string& b) {
    return std::make_pair(Ticket(seed, a), a) < std::make_pair(Ticket(seed, b), b);
  });
  return labels;
}

// DRAW-SPEC §5 written plainly, for comparison.
std::vector<TaskTeam> ReferenceTeams(const AssignDrawInput& in, const AssignResult& r) {
  std::map<std::string, std::vector<std::string>> eligible;
  std::vector<std::string> tasks;
  for (const auto& t : in.tasks) {
    eligible[t.task] = t.inspectors;
    tasks.push_back(t.task);
  }
  std::map<std::string, uint32_t> load;
  std::vector<TaskTeam> teams;
  for (const std::string& task : ByTicket(r.seed.seed, tasks)) {
    TaskTeam team;
    team.task = task;
    const std::string task_seed =
        ToHex(Sha256(ByteWriter().Lp("SJ-DRAW-1/task").Lp(r.seed.master).Lp(task).Take()));
    for (const std::string& i : ByTicket(task_seed, eligible[task])) {
      if (team.inspectors.size() == in.per_task) break;
      if (load[i] < in.cap) {
        ++load[i];
        team.inspectors.push_back(i);
      }
    }
    team.unfilled = team.inspectors.size() < in.per_task;
    teams.push_back(team);
  }
  return teams;
}

TEST(InspectorAssignmentTest, TeamsFollowTaskTicketOrderAndEachTasksWalk) {
  const AssignDrawInput in = SmallInput();
  const AssignResult r = MustAssign(in);
  const std::vector<TaskTeam> ref = ReferenceTeams(in, r);
  ASSERT_EQ(r.teams.size(), ref.size());
  for (size_t i = 0; i < ref.size(); ++i) {
    EXPECT_EQ(r.teams[i].task, ref[i].task);
    EXPECT_EQ(r.teams[i].inspectors, ref[i].inspectors);
    EXPECT_EQ(r.teams[i].unfilled, ref[i].unfilled);
  }
}

TEST(InspectorAssignmentTest, TaskWithTooFewEligibleInspectorsIsReportedUnfilled) {
  const AssignResult r = MustAssign(SmallInput());
  const auto it = std::find_if(r.teams.begin(), r.teams.end(),
                               [](const TaskTeam& t) { return t.task == "91110000MA01004"; });
  ASSERT_NE(it, r.teams.end());
  EXPECT_TRUE(it->unfilled);
  EXPECT_LE(it->inspectors.size(), 1u);
}

TEST(InspectorAssignmentTest, CapBindsAcrossTasksAndLeavesLaterTasksUnfilled) {
  AssignDrawInput in;
  in.draw_id = "cap";
  in.source_names = {"s"};
  in.per_task = 2;
  in.cap = 1;
  for (int t = 0; t < 3; ++t)
    in.tasks.push_back({"T" + std::to_string(t), {"甲", "乙", "丙", "丁"}});
  const AssignResult r = MustAssign(in);
  std::map<std::string, int> load;
  for (const TaskTeam& t : r.teams) {
    for (const std::string& i : t.inspectors) ++load[i];
  }
  for (const auto& [inspector, n] : load) EXPECT_EQ(n, 1) << inspector;
  EXPECT_FALSE(r.teams[0].unfilled);
  EXPECT_FALSE(r.teams[1].unfilled);
  EXPECT_TRUE(r.teams[2].unfilled);
  EXPECT_TRUE(r.teams[2].inspectors.empty());
}

TEST(InspectorAssignmentTest, TaskWithNoEligibleInspectorIsUnfilledAndAddsNoLeaf) {
  AssignDrawInput in = SmallInput();
  StatusOr<InspectorAssignment> without = InspectorAssignment::Prepare(in, kSecret);
  in.tasks.push_back({"联合检查-01", {}});
  StatusOr<InspectorAssignment> with = InspectorAssignment::Prepare(in, kSecret);
  ASSERT_TRUE(without.ok() && with.ok());
  EXPECT_EQ(without->plan().root, with->plan().root);
  const AssignResult r = *with->Reveal({"3386.27"});
  const auto it = std::find_if(r.teams.begin(), r.teams.end(),
                               [](const TaskTeam& t) { return t.task == "联合检查-01"; });
  ASSERT_NE(it, r.teams.end());
  EXPECT_TRUE(it->unfilled);
}

TEST(InspectorAssignmentTest, PlanAndResultFollowTheSpecFormulas) {
  const AssignDrawInput in = SmallInput();
  StatusOr<InspectorAssignment> a = InspectorAssignment::Prepare(in, kSecret);
  ASSERT_TRUE(a.ok());
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& t : in.tasks) {
    for (const auto& i : t.inspectors) pairs.emplace_back(t.task, i);
  }
  std::sort(pairs.begin(), pairs.end());
  // The tree shape itself is pinned by merkle_test; here: which leaves, in which order.
  std::vector<Digest> leaves;
  for (const auto& [task, inspector] : pairs) {
    leaves.push_back(
        MerkleLeafHash(ByteWriter().Lp("SJ-DRAW-1/elig").Lp(task).Lp(inspector).Take()));
  }
  EXPECT_EQ(a->plan().root, std::string(AsBytes(MerkleRootFromLeafHashes(leaves, 1))));
  EXPECT_EQ(a->plan().params, ByteWriter().Lp("SJ-DRAW-1/assign").U32(2).U32(2).Take());
  const AssignResult r = *a->Reveal({"3386.27"});
  ByteWriter pre;
  pre.Lp("SJ-DRAW-1/result").Lp(a->plan().plan_hash).Lp(r.seed.randomness).Lp(kSecret).U32(4);
  for (const TaskTeam& t : r.teams) {
    pre.Lp(t.task).U32(static_cast<uint32_t>(t.inspectors.size()));
    for (const std::string& i : t.inspectors) pre.Lp(i);
  }
  EXPECT_EQ(r.result_hash, Sha256(pre.bytes()));
}

TEST(InspectorAssignmentTest, ResultDoesNotDependOnInputOrderOrThreads) {
  AssignDrawInput in;
  in.draw_id = "order";
  in.source_names = {"s"};
  in.per_task = 3;
  in.cap = 4;
  for (int t = 0; t < 300; ++t) {
    TaskEligibility e{"T" + std::to_string(t), {}};
    for (int i = 0; i < 12; ++i)
      e.inspectors.push_back("I" + std::to_string((t * 7 + i * 13) % 90));
    std::sort(e.inspectors.begin(), e.inspectors.end());
    e.inspectors.erase(std::unique(e.inspectors.begin(), e.inspectors.end()), e.inspectors.end());
    in.tasks.push_back(e);
  }
  AssignDrawInput shuffled = in;
  std::reverse(shuffled.tasks.begin(), shuffled.tasks.end());
  for (auto& t : shuffled.tasks) std::reverse(t.inspectors.begin(), t.inspectors.end());
  const AssignResult a = MustAssign(in, {.threads = 1});
  const AssignResult b = MustAssign(shuffled, {.threads = 4});
  EXPECT_EQ(a.result_hash, b.result_hash);
  const std::vector<TaskTeam> ref = ReferenceTeams(in, a);
  for (size_t i = 0; i < ref.size(); ++i) EXPECT_EQ(a.teams[i].inspectors, ref[i].inspectors);
}

TEST(InspectorAssignmentTest, EligRootOfALargeDrawIsTheSpecTreeWhateverTheThreads) {
  // Enough tasks that the leaves are hashed in parallel chunks; the root must be the tree over
  // every (task, inspector) leaf in byte order, written plainly.
  AssignDrawInput in;
  in.draw_id = "large";
  in.source_names = {"s"};
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int t = 0; t < 257; ++t) {
    TaskEligibility e{"T" + std::to_string(t * 37 % 257), {}};
    for (int i = 0; i < 1 + t % 23; ++i)
      e.inspectors.push_back("豫ADT" + std::to_string((t * 11 + i * 29) % 600 + 1000));
    std::sort(e.inspectors.begin(), e.inspectors.end());
    e.inspectors.erase(std::unique(e.inspectors.begin(), e.inspectors.end()), e.inspectors.end());
    std::reverse(e.inspectors.begin(), e.inspectors.end());
    for (const auto& i : e.inspectors) pairs.emplace_back(e.task, i);
    in.tasks.push_back(e);
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<Digest> leaves;
  for (const auto& [task, inspector] : pairs)
    leaves.push_back(
        MerkleLeafHash(ByteWriter().Lp("SJ-DRAW-1/elig").Lp(task).Lp(inspector).Take()));
  const std::string root(AsBytes(MerkleRootFromLeafHashes(leaves, 1)));
  for (unsigned threads : {1u, 2u, 4u}) {
    StatusOr<InspectorAssignment> a =
        InspectorAssignment::Prepare(in, kSecret, {.threads = threads});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(a->plan().root, root) << threads << " threads";
  }
}

TEST(InspectorAssignmentTest, RefusesInvalidInputsWithReasonNamingTheCulprit) {
  auto refuse = [](AssignDrawInput in) {
    return InspectorAssignment::Prepare(std::move(in), kSecret).status();
  };
  AssignDrawInput in = SmallInput();
  in.tasks[1].inspectors.push_back("李四");
  Status s = refuse(in);
  EXPECT_EQ(s.reason(), kReasonDuplicateEligible);
  EXPECT_NE(s.message().find("李四"), std::string_view::npos);
  EXPECT_NE(s.message().find("91110000MA01002"), std::string_view::npos);

  in = SmallInput();
  in.tasks.push_back({"91110000MA01003", {"甲"}});
  EXPECT_EQ(refuse(in).reason(), kReasonDuplicateTask);
  in = SmallInput();
  in.per_task = 0;
  EXPECT_EQ(refuse(in).reason(), kReasonPerTaskInvalid);
  in = SmallInput();
  in.cap = 0;
  EXPECT_EQ(refuse(in).reason(), kReasonCapInvalid);
  in = SmallInput();
  in.tasks[0].inspectors[0] = "张#三";
  EXPECT_EQ(refuse(in).reason(), kReasonIdHasHash);
  in = SmallInput();
  in.tasks[0].task = "";
  EXPECT_EQ(refuse(in).reason(), kReasonIdEmpty);
  // Within a task, the first problem in listed order is the one named.
  in = SmallInput();
  in.tasks[0].inspectors = {"张三", "张三", "张#三"};
  EXPECT_EQ(refuse(in).reason(), kReasonDuplicateEligible);
  in.tasks[0].inspectors = {"张#三", "张三", "张三"};
  EXPECT_EQ(refuse(in).reason(), kReasonIdHasHash);
}

}  // namespace
}  // namespace suiji::draw
