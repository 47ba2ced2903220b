#include "core/plans/staffing.h"

#include <gtest/gtest.h>

#include <string>

namespace suiji::plans {
namespace {

std::vector<StaffingTeam> Teams(int count, int needed, const std::vector<std::string>& people) {
  return std::vector<StaffingTeam>(static_cast<size_t>(count), StaffingTeam{needed, people});
}

std::map<std::string, int> Each(const std::vector<std::string>& people, int capacity) {
  std::map<std::string, int> out;
  for (const auto& p : people) out[p] = capacity;
  return out;
}

TEST(StaffingTest, CapsBoundTheFillablePlaces) {
  // The district: 1,703 teams of two, 107 people with a cap of 10 each.
  std::vector<std::string> people;
  for (int i = 0; i < 107; ++i) people.push_back("P" + std::to_string(i));
  auto check = CheckStaffing(Teams(1703, 2, people), Each(people, 10));
  EXPECT_EQ(check.needed, 3406);
  EXPECT_EQ(check.fillable, 1070);
  EXPECT_EQ(check.people, 107);
  EXPECT_EQ(check.short_teams, 0);
  EXPECT_TRUE(check.cap_bound());

  auto small = CheckStaffing(Teams(535, 2, people), Each(people, 10));
  EXPECT_EQ(small.fillable, 1070);
  EXPECT_FALSE(small.cap_bound());
  EXPECT_TRUE(CheckStaffing(Teams(536, 2, people), Each(people, 10)).cap_bound());
}

TEST(StaffingTest, TeamsWithTooFewPeopleAreShortNotCapBound) {
  std::vector<StaffingTeam> teams{{2, {"A"}}, {2, {"A", "B"}}, {2, {}}};
  auto check = CheckStaffing(teams, Each({"A", "B"}, 5));
  EXPECT_EQ(check.needed, 6);
  EXPECT_EQ(check.short_teams, 2);
  EXPECT_EQ(check.short_of_people, 3);
  EXPECT_EQ(check.fillable, 3);
  EXPECT_FALSE(check.cap_bound());
}

TEST(StaffingTest, FlowFindsAnAssignmentAGreedyOrderWouldMiss) {
  // A may go to either team, B only to the first: the first team must take B for both to fill.
  std::vector<StaffingTeam> teams{{1, {"A", "B"}}, {1, {"A"}}};
  EXPECT_EQ(CheckStaffing(teams, Each({"A", "B"}, 1)).fillable, 2);
  EXPECT_EQ(CheckStaffing(teams, {{"A", 1}}).fillable, 1);  // B absent: no capacity
}

TEST(StaffingTest, RoundCapNeverLetsAnyoneExceedTheTaskCap) {
  std::vector<std::string> people{"A", "B", "C", "D"};
  auto teams = Teams(6, 1, people);
  // A and B already hold the whole cap, C holds 1 of 3, D none.
  std::map<std::string, int> load{{"A", 3}, {"B", 3}, {"C", 1}};
  RoundCap round = CapForRound(teams, load, 3);
  for (const auto& [who, more] : round.capacity)
    EXPECT_LE((load.contains(who) ? load.at(who) : 0) + round.cap, 3) << who;
  EXPECT_FALSE(round.capacity.count("A"));
  EXPECT_FALSE(round.capacity.count("B"));
  // Round cap 2 lets C and D take 2 each (4 places); 3 would leave only D (3 places).
  EXPECT_EQ(round.cap, 2);
  EXPECT_EQ(round.capacity.size(), 2u);
}

TEST(StaffingTest, FirstRoundKeepsThePolicyCap) {
  RoundCap round = CapForRound(Teams(3, 2, {"A", "B", "C"}), {}, 10);
  EXPECT_EQ(round.cap, 10);
  EXPECT_EQ(round.capacity.size(), 3u);
}

}  // namespace
}  // namespace suiji::plans
