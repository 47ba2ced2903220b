#include "core/draw/pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace suiji::draw {
namespace {

TEST(PoolTest, HoldsEachStratumNameOnceAndRecordsItsIndex) {
  Pool pool;
  pool.Add("一般对象", "A1");
  pool.Add("一般对象", "A2", 3);
  pool.Add("重点对象", "K1");
  pool.Add("一般对象", "A3");
  EXPECT_EQ(pool.strata(), (std::vector<std::string>{"一般对象", "重点对象"}));
  ASSERT_EQ(pool.size(), 4u);
  EXPECT_EQ(pool[1].stratum, 0u);
  EXPECT_EQ(pool[1].weight, 3u);
  EXPECT_EQ(pool[2].stratum, 1u);
  EXPECT_EQ(pool[3].stratum, 0u);
  EXPECT_EQ(pool.StratumOf(pool[2]), "重点对象");
  EXPECT_EQ(pool[3].id, "A3");
}

// Past a few names they are found by hash: the same indices either way, whatever the order in
// which names come back.
TEST(PoolTest, FindsManyNamesByHashAsByScan) {
  Pool pool;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      const int k = round == 1 ? 99 - i : (i * 37) % 100;
      const std::string name = "层" + std::to_string(round == 0 ? i : k);
      const uint32_t index = pool.StratumIndex(name);
      EXPECT_EQ(pool.strata()[index], name);
      if (round == 0) {
        EXPECT_EQ(index, static_cast<uint32_t>(i));
      }
    }
  }
  EXPECT_EQ(pool.strata().size(), 100u);
}

TEST(PoolTest, AnIndexOutsideTheTableHasNoName) {
  Pool pool;
  pool.Add("A", "x");
  pool[0].stratum = 7;
  EXPECT_EQ(pool.StratumOf(pool[0]), "");
}

TEST(PoolTest, SetStrataReplacesTheTableAndClearEmptiesBoth) {
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) names.push_back("S" + std::to_string(i));
  Pool pool;
  pool.SetStrata(names);
  EXPECT_EQ(pool.StratumIndex("S17"), 17u);
  EXPECT_EQ(pool.StratumIndex("S3"), 3u);
  EXPECT_EQ(pool.StratumIndex("new"), 20u);
  pool.records().push_back({"id", 17, 1});
  EXPECT_EQ(pool.StratumOf(pool[0]), "S17");
  pool.clear();
  EXPECT_TRUE(pool.empty());
  EXPECT_TRUE(pool.strata().empty());
  EXPECT_EQ(pool.StratumIndex("S17"), 0u);
}

// Moved from, a pool is empty: names added afterwards start again at index 0, by scan and by
// hash alike.
TEST(PoolTest, AMovedFromPoolIsEmptyAndUsable) {
  for (const int names : {3, 40}) {
    Pool a;
    for (int i = 0; i < names; ++i) a.Add("S" + std::to_string(i), "id" + std::to_string(i));
    Pool b = std::move(a);
    EXPECT_EQ(b.size(), static_cast<size_t>(names));
    EXPECT_EQ(b.StratumIndex("S2"), 2u);
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): what is being tested
    EXPECT_TRUE(a.strata().empty());
    EXPECT_EQ(a.StratumIndex("S2"), 0u);
    EXPECT_EQ(a.StratumIndex("new"), 1u);
    Pool c;
    c.Add("X", "x");
    c = std::move(b);
    EXPECT_EQ(c.StratumIndex("S1"), 1u);
    EXPECT_TRUE(b.strata().empty());  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(b.StratumIndex("S1"), 0u);
  }
}

}  // namespace
}  // namespace suiji::draw
