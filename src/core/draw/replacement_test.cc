#include "core/draw/replacement.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace suiji::draw {
namespace {

const std::string kSecret(32, '\x33');

struct Drawn {
  TargetDraw draw;
  TargetDrawResult result;
};

Drawn DrawTargets() {
  TargetDrawInput in;
  in.draw_id = "replace";
  in.source_names = {"s"};
  in.strata = {{"A", 2, false}, {"B", 1, false}};
  for (int i = 0; i < 5; ++i) in.pool.Add("A", "A" + std::to_string(i), 1);
  for (int i = 0; i < 2; ++i) in.pool.Add("B", "B" + std::to_string(i), 1);
  StatusOr<TargetDraw> d = TargetDraw::Prepare(std::move(in), kSecret);
  EXPECT_TRUE(d.ok());
  TargetDrawResult r = *d->Reveal({"v"});
  return {*std::move(d), std::move(r)};
}

std::string IdAt(const Drawn& d, size_t stratum, size_t pos) {
  return d.draw.input().pool[d.result.strata[stratum].order[pos]].id.str();
}

TEST(TargetReplacementTest, TakesTheNextReserveIdOfTheSameStratumInOrder) {
  const Drawn d = DrawTargets();
  TargetReplacer r(d.draw, d.result);
  EXPECT_EQ(*r.Replace(IdAt(d, 0, 1)), IdAt(d, 0, 2));  // first reserve of A
  EXPECT_EQ(*r.Replace(IdAt(d, 0, 0)), IdAt(d, 0, 3));  // next unused, not the first again
  EXPECT_EQ(*r.Replace(IdAt(d, 1, 0)), IdAt(d, 1, 1));  // B has its own reserve list
}

TEST(TargetReplacementTest, AReplacementCanItselfBeReplacedAndTheReserveRunsOut) {
  const Drawn d = DrawTargets();
  TargetReplacer r(d.draw, d.result);
  const std::string in1 = **r.Replace(IdAt(d, 0, 0));
  const std::string in2 = **r.Replace(in1);
  EXPECT_EQ(in2, IdAt(d, 0, 3));
  EXPECT_EQ(*r.Replace(in2), IdAt(d, 0, 4));
  StatusOr<std::optional<std::string>> none = r.Replace(IdAt(d, 0, 4));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(TargetReplacementTest, RefusesTargetsNotCurrentlyInTheDraw) {
  const Drawn d = DrawTargets();
  TargetReplacer r(d.draw, d.result);
  EXPECT_EQ(r.Replace(IdAt(d, 0, 4)).status().reason(), kReasonReplaceNotInDraw);  // a reserve id
  const std::string out = IdAt(d, 0, 0);
  ASSERT_TRUE(r.Replace(out).ok());
  EXPECT_EQ(r.Replace(out).status().reason(), kReasonReplaceNotInDraw);  // already replaced
  EXPECT_EQ(r.Replace("nobody").status().reason(), kReasonReplaceNotInDraw);
}

AssignResult Assign(uint32_t per_task, uint32_t cap, std::vector<TaskEligibility> tasks) {
  AssignDrawInput in{"a", {"s"}, per_task, cap, std::move(tasks)};
  StatusOr<InspectorAssignment> a = InspectorAssignment::Prepare(std::move(in), kSecret);
  EXPECT_TRUE(a.ok());
  return *a->Reveal({"v"});
}

TEST(InspectorReplacementTest, ContinuesTheTasksWalkAfterItsLastExaminedInspector) {
  const AssignResult r = Assign(2, 5, {{"T", {"甲", "乙", "丙", "丁", "戊"}}});
  const TaskTeam& t = r.teams[0];
  ASSERT_EQ(t.walked, 2u);
  InspectorReplacer rep(r, 5);
  EXPECT_EQ(*rep.Replace("T", t.inspectors[0]), t.walk[2]);
  EXPECT_EQ(*rep.Replace("T", t.walk[2]), t.walk[3]);
  EXPECT_EQ(rep.teams()[0].inspectors, (std::vector<std::string>{t.walk[1], t.walk[3]}));
}

TEST(InspectorReplacementTest, SkipsInspectorsWhoseCurrentLoadIsAtCap) {
  // Two tasks, cap 1: whoever the first task took cannot replace in the second.
  const AssignResult r = Assign(1, 1, {{"T1", {"甲", "乙", "丙"}}, {"T2", {"甲", "乙", "丙"}}});
  InspectorReplacer rep(r, 1);
  const TaskTeam& second = r.teams[1];
  const std::string busy = r.teams[0].inspectors[0];
  StatusOr<std::optional<std::string>> in = rep.Replace(second.task, second.inspectors[0]);
  ASSERT_TRUE(in.ok());
  for (size_t k = second.walked; k < second.walk.size(); ++k) {
    if (second.walk[k] != busy) {
      EXPECT_EQ(**in, second.walk[k]);
      break;
    }
  }
  EXPECT_NE(in->value_or(""), busy);
}

TEST(InspectorReplacementTest, ExhaustedWalkLeavesTheTaskUnfilled) {
  const AssignResult r = Assign(2, 1, {{"T", {"甲", "乙"}}});
  InspectorReplacer rep(r, 1);
  StatusOr<std::optional<std::string>> in = rep.Replace("T", "甲");
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in->has_value());
  EXPECT_TRUE(rep.teams()[0].unfilled);
}

TEST(InspectorReplacementTest, RefusesUnknownTaskAndInspectorNotInTeam) {
  const AssignResult r = Assign(1, 1, {{"T", {"甲", "乙"}}});
  InspectorReplacer rep(r, 1);
  EXPECT_EQ(rep.Replace("U", "甲").status().reason(), kReasonReplaceUnknownTask);
  const std::string outsider = r.teams[0].inspectors[0] == "甲" ? "乙" : "甲";
  EXPECT_EQ(rep.Replace("T", outsider).status().reason(), kReasonReplaceNotInTeam);
}

}  // namespace
}  // namespace suiji::draw
