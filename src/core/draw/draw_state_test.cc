#include "core/draw/draw_state.h"

#include <gtest/gtest.h>

namespace suiji::draw {
namespace {

TEST(DrawStateTest, NamesAreTheStoredAndBundleTextAndParseBack) {
  EXPECT_EQ(DrawKindName(DrawKind::kTargets), "targets");
  EXPECT_EQ(DrawKindName(DrawKind::kAssign), "assign");
  EXPECT_EQ(DrawStatusName(DrawStatus::kCommitted), "committed");
  EXPECT_EQ(DrawStatusName(DrawStatus::kRevealed), "revealed");
  EXPECT_EQ(ReplacementStatusName(ReplacementStatus::kPending), "pending");
  EXPECT_EQ(ReplacementStatusName(ReplacementStatus::kApproved), "approved");
  EXPECT_EQ(ReplacementStatusName(ReplacementStatus::kRejected), "rejected");
  for (DrawKind k : {DrawKind::kTargets, DrawKind::kAssign})
    EXPECT_EQ(ParseDrawKind(DrawKindName(k)), k);
  for (DrawStatus s : {DrawStatus::kCommitted, DrawStatus::kRevealed})
    EXPECT_EQ(ParseDrawStatus(DrawStatusName(s)), s);
  for (ReplacementStatus s :
       {ReplacementStatus::kPending, ReplacementStatus::kApproved, ReplacementStatus::kRejected})
    EXPECT_EQ(ParseReplacementStatus(ReplacementStatusName(s)), s);
}

TEST(DrawStateTest, UnknownTextIsNotAState) {
  EXPECT_EQ(ParseDrawKind("Targets"), std::nullopt);
  EXPECT_EQ(ParseDrawKind(""), std::nullopt);
  EXPECT_EQ(ParseDrawStatus("reveal"), std::nullopt);
  EXPECT_EQ(ParseReplacementStatus("approve"), std::nullopt);
}

}  // namespace
}  // namespace suiji::draw
