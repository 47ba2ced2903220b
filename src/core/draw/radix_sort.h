// Stable LSD radix sort on a 64-bit key, for the draw engine's large sorts (ticket order,
// canonical pool order). Several times faster than std::sort for a million 16-byte records, and
// stable, which callers rely on to sort by several keys one after another.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace suiji::draw {

// Sorts data[0, n) by key(item) ascending, stably. `scratch` is resized and reused.
// Passes in which every item has the same digit are skipped (ids sharing a region prefix).
template <typename T, typename KeyFn>
void RadixSortBy64(T* data, size_t n, std::vector<T>& scratch, KeyFn key) {
  constexpr int kBits = 11;
  constexpr int kPasses = (64 + kBits - 1) / kBits;
  constexpr size_t kBuckets = size_t{1} << kBits;
  if (n < 2) return;
  std::vector<std::array<size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t k = key(data[i]);
    for (int p = 0; p < kPasses; ++p) ++counts[p][(k >> (p * kBits)) & (kBuckets - 1)];
  }
  scratch.resize(n);
  T* src = data;
  T* dst = scratch.data();
  for (int p = 0; p < kPasses; ++p) {
    auto& c = counts[p];
    if (c[(key(src[0]) >> (p * kBits)) & (kBuckets - 1)] == n) continue;
    size_t sum = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const size_t count = c[b];
      c[b] = sum;
      sum += count;
    }
    for (size_t i = 0; i < n; ++i) dst[c[(key(src[i]) >> (p * kBits)) & (kBuckets - 1)]++] = src[i];
    std::swap(src, dst);
  }
  if (src != data) std::copy(src, src + n, data);
}

}  // namespace suiji::draw
