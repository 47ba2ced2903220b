#include "core/credit/credit.h"

#include <gtest/gtest.h>

namespace suiji::credit {
namespace {

TEST(CreditTest, AbnormalListResultsAndTheSeriousOne) {
  EXPECT_EQ(ListFor("通过登记的住所（经营场所）无法联系"), ListKind::kAbnormal);
  EXPECT_EQ(ListFor("未按规定公示应当公示的信息"), ListKind::kAbnormal);
  EXPECT_EQ(ListFor("公示信息隐瞒真实情况、弄虚作假"), ListKind::kAbnormal);
  EXPECT_EQ(ListFor("不配合检查情节严重"), ListKind::kSerious);
  EXPECT_EQ(ListFor("未发现问题"), std::nullopt);
  EXPECT_EQ(ListFor("发现问题已责令改正"), std::nullopt);
}

TEST(CreditTest, LenientItemsCountAsNoViolation) {
  const std::vector<ItemOutcome> items = {{"未按规定公示应当公示的信息", true},
                                          {"未发现问题", false}};
  const auto counted = CountedResults(items, "");
  EXPECT_EQ(counted, std::vector<std::string>{"未发现问题"});
  EXPECT_TRUE(ProposalsFor(counted).empty());
  EXPECT_EQ(RiskClassAfter(DefaultRiskMoves(), counted, "B"), std::nullopt);
}

TEST(CreditTest, OneProposalPerListJoiningItsReasons) {
  const auto counted = CountedResults({{"未按规定公示应当公示的信息", false},
                                       {"公示信息隐瞒真实情况、弄虚作假", false},
                                       {"不配合检查情节严重", false}},
                                      "");
  const auto p = ProposalsFor(counted);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].first, ListKind::kAbnormal);
  EXPECT_EQ(p[0].second, "未按规定公示应当公示的信息；公示信息隐瞒真实情况、弄虚作假");
  EXPECT_EQ(p[1].first, ListKind::kSerious);
}

TEST(CreditTest, RiskClassOnlyRisesToTheWorstMove) {
  const auto moves = DefaultRiskMoves();
  EXPECT_EQ(RiskClassAfter(moves, {"通过登记的住所（经营场所）无法联系"}, "A"), "C");
  EXPECT_EQ(RiskClassAfter(moves, {"通过登记的住所（经营场所）无法联系"}, ""), "C");
  EXPECT_EQ(RiskClassAfter(moves, {"通过登记的住所（经营场所）无法联系"}, "D"), std::nullopt);
  EXPECT_EQ(RiskClassAfter(moves, {"未按规定公示应当公示的信息", "不配合检查情节严重"}, "B"), "D");
  EXPECT_EQ(RiskClassAfter(moves, {"未发现问题"}, "B"), std::nullopt);
}

TEST(CreditTest, ProposalDueOnTheTenthWorkingDayAcrossNationalDay) {
  const auto& cal = WorkingCalendar::Official();
  const Date found = *Date::Parse("2026-09-29");  // Tuesday before the 1–7 October holiday
  const auto due = ProposalDeadline(cal, found);
  EXPECT_TRUE(due.exact());
  EXPECT_EQ(cal.WorkingDaysBetween(found, due.value).value, 10);
  EXPECT_GT(due.value, found.AddDays(14));
}

}  // namespace
}  // namespace suiji::credit
