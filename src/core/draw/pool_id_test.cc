#include "core/draw/pool_id.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace suiji::draw {
namespace {

const std::string kCode = "91410105MA3X2K7Q1B";         // 18 bytes: held in the record
const std::string kLong(64, 'x');                       // kMaxIdBytes: on the heap
const std::string kEdge(PoolId::kInline, 'e');          // the longest held in the record
const std::string kJustOver(PoolId::kInline + 1, 'o');  // the shortest on the heap

TEST(PoolIdTest, HoldsShortIdsInTheRecordAndLongOnesOnTheHeap) {
  for (const std::string& s : {std::string(), kCode, kEdge, kJustOver, kLong}) {
    PoolId id(s);
    EXPECT_EQ(id.view(), s);
    EXPECT_EQ(id.size(), s.size());
    EXPECT_EQ(id.empty(), s.empty());
    EXPECT_EQ(id.str(), s);
    EXPECT_EQ(id.is_inline(), s.size() <= PoolId::kInline) << s.size();
  }
  // Inside the record the bytes after the id are zeros: a record's copy reads only written bytes.
  PoolId id(kCode);
  for (size_t i = kCode.size(); i < PoolId::kInline; ++i) EXPECT_EQ(id.data()[i], '\0') << i;
}

TEST(PoolIdTest, CopiesMovesAndAssignsAcrossBothForms) {
  for (const std::string& a : {kCode, kLong}) {
    for (const std::string& b : {kEdge, kJustOver}) {
      PoolId x(a);
      PoolId copy(x);
      EXPECT_EQ(copy, a);
      PoolId moved(std::move(copy));
      EXPECT_EQ(moved, a);
      EXPECT_TRUE(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
      PoolId y(b);
      y = x;
      EXPECT_EQ(y, a);
      y = std::move(moved);
      EXPECT_EQ(y, a);
      y = b;
      EXPECT_EQ(y, b);
      y = y.view();  // its own bytes
      EXPECT_EQ(y, b);
      PoolId& self = y;
      y = self;
      EXPECT_EQ(y, b);
      y.clear();
      EXPECT_TRUE(y.empty());
      EXPECT_EQ(x, a);
    }
  }
  // A vector that grows moves its ids (heap ones included) without losing any.
  std::vector<PoolId> v;
  for (int i = 0; i < 1000; ++i) v.emplace_back(i % 2 ? kCode : kLong + std::to_string(i));
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(v[i], i % 2 ? kCode : kLong + std::to_string(i));
}

TEST(PoolIdTest, ComparesBytewiseLikeStdString) {
  const std::vector<std::string> ids = {
      "", "A", "AB", "B", kCode, kEdge, kJustOver, kLong, "\xe4\xb8\x80", std::string("a\0b", 3)};
  for (const auto& a : ids) {
    for (const auto& b : ids) {
      const PoolId pa(a), pb(b);
      EXPECT_EQ(pa == pb, a == b);
      EXPECT_EQ(pa < pb, a < b) << a << " " << b;
      EXPECT_EQ(pa < b, a < b);
      EXPECT_EQ(pa == std::string_view(b), a == b);
    }
  }
}

}  // namespace
}  // namespace suiji::draw
