#include "core/draw/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

namespace suiji::draw {
namespace {

struct Item {
  uint64_t hi;
  uint64_t lo;
  uint32_t tie;  // orders items with equal keys
  uint32_t id;   // where the item started, to see that nothing is lost or duplicated
};

bool FullLess(const Item& a, const Item& b) {
  return std::tie(a.hi, a.lo, a.tie) < std::tie(b.hi, b.lo, b.tie);
}

std::vector<Item> Sorted(std::vector<Item> items, unsigned threads, KeySpread spread) {
  std::vector<Item> scratch(items.size());
  ParallelSortByKey(
      items.data(), items.size(), scratch.data(), threads,
      [](const Item& x) { return Key128{x.hi} << 64 | x.lo; },
      [](const Item& a, const Item& b) {
        EXPECT_TRUE(a.hi == b.hi && a.lo == b.lo) << "less asked about different keys";
        return a.tie < b.tie;
      },
      spread);
  return items;
}

void ExpectSortsLikeStdSort(const std::vector<Item>& items, const std::string& what) {
  std::vector<Item> expected = items;
  std::sort(expected.begin(), expected.end(), FullLess);
  for (const KeySpread spread : {KeySpread::kDense, KeySpread::kSparse}) {
    for (const unsigned threads : {1u, 2u, 3u, 8u}) {
      const std::vector<Item> got = Sorted(items, threads, spread);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].id, expected[i].id) << what << ", " << threads << " threads, spread "
                                             << static_cast<int>(spread) << ", at " << i;
      }
    }
  }
}

std::vector<Item> Make(size_t n, uint64_t seed, uint64_t hi_mask, uint64_t lo_mask) {
  std::mt19937_64 rng(seed);
  std::vector<Item> items(n);
  for (size_t i = 0; i < n; ++i) {
    items[i] = {rng() & hi_mask, rng() & lo_mask, static_cast<uint32_t>(rng()),
                static_cast<uint32_t>(i)};
  }
  return items;
}

TEST(RadixSortTest, UniformKeysOfEverySmallSize) {
  for (size_t n = 0; n < 300; ++n) ExpectSortsLikeStdSort(Make(n, n, ~0ull, ~0ull), "small");
}

TEST(RadixSortTest, LargeUniformSkewedAndTiedKeys) {
  const size_t n = 200'000;  // above the parallel threshold
  ExpectSortsLikeStdSort(Make(n, 1, ~0ull, ~0ull), "uniform");
  ExpectSortsLikeStdSort(Make(n, 2, 0, ~0ull), "low word only");
  ExpectSortsLikeStdSort(Make(n, 3, ~0ull, 0), "high word only");
  ExpectSortsLikeStdSort(Make(n, 4, 0x3, 0xff), "few distinct keys, long ties");
  ExpectSortsLikeStdSort(Make(n, 5, 0, 0), "all keys equal");
  // Ids sharing a long prefix, differing only around the middle of the key.
  std::vector<Item> shared = Make(n, 6, 0xffff, 0xffff000000000000ull);
  for (Item& it : shared) it.hi |= 0x3931313130313000ull;
  ExpectSortsLikeStdSort(shared, "shared prefix");
  // Skewed: 90% of the items in one top-level bucket.
  std::vector<Item> skewed = Make(n, 7, ~0ull, ~0ull);
  for (size_t i = 0; i < n; ++i) {
    if (i % 10 != 0) skewed[i].hi = 0x8000000000000000ull | (skewed[i].hi >> 20);
  }
  ExpectSortsLikeStdSort(skewed, "skewed");
}

}  // namespace
}  // namespace suiji::draw
