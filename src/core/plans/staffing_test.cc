#include "core/plans/staffing.h"

#include <gtest/gtest.h>

#include <algorithm>
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

TEST(StaffingTest, IdenticalTeamsGroupedGiveTheSameFlowAsTeamsOneByOne) {
  // Streets of a district: every target of a street has the same eligible list, in the same
  // order (grouped into one node); the same lists, each rotated differently, are all distinct
  // teams of the same sets (one node each). The maximum flow may not differ, nor the counts.
  std::vector<std::vector<std::string>> streets;
  for (int s = 0; s < 5; ++s) {
    std::vector<std::string> people;
    for (int i = 0; i < 4 + 3 * s; ++i)
      people.push_back("S" + std::to_string(s) + "P" + std::to_string(i));
    for (int i = 0; i < 6; ++i) people.push_back("D" + std::to_string(i));  // district-wide
    streets.push_back(people);
  }
  for (int caps : {1, 2, 3, 7}) {
    std::vector<StaffingTeam> grouped, one_by_one;
    std::map<std::string, int> capacity;
    for (int i = 0; i < 211; ++i) {
      const auto& people = streets[static_cast<size_t>((i * 7) % 5)];
      const int needed = i % 9 == 0 ? 3 : 2;
      grouped.push_back({needed, people});
      auto rotated = people;
      std::rotate(rotated.begin(), rotated.begin() + (i % rotated.size()), rotated.end());
      one_by_one.push_back({needed, rotated});
      for (const auto& p : people) capacity[p] = p[0] == 'D' ? caps + 1 : caps;
    }
    const auto a = CheckStaffing(grouped, capacity);
    const auto b = CheckStaffing(one_by_one, capacity);
    EXPECT_EQ(a.fillable, b.fillable) << caps;
    EXPECT_EQ(a.needed, b.needed);
    EXPECT_EQ(a.people, b.people);
    EXPECT_EQ(a.short_teams, b.short_teams);
    if (caps == 1) {
      EXPECT_LT(a.fillable, a.needed) << "the caps must bind for the flow to count";
    }
  }
}

}  // namespace
}  // namespace suiji::plans
