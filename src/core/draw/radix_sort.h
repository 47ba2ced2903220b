// Parallel MSD radix sort for the draw engine's large sorts (canonical id order in Prepare,
// ticket order in Reveal): several times faster than std::sort on millions of small records,
// and spread over the engine's threads.
//
// Items are ordered by a 128-bit key, then by `less` among items whose keys are equal. Each
// range is split on the highest bits in which its keys differ (so ids that share a long
// region prefix cost no passes over the shared part), recursively; small ranges are finished
// by insertion sort, ranges of equal keys by std::sort with `less`. The first split runs on
// all threads (per-thread histograms, then a parallel scatter); the resulting buckets are then
// sorted independently, handed out to the threads one at a time. The result is the unique
// sorted order whenever (key, less) is a strict total order, so it never depends on the
// thread count or the scheduling.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "core/draw/parallel.h"

namespace suiji::draw {

using Key128 = unsigned __int128;

namespace radix_detail {

inline constexpr size_t kInsertionMax = 32;
inline constexpr int kDigitBits = 8;      // a digit of a range sorted on one thread
inline constexpr int kMaxDigitBits = 12;  // the widest digit asked for: 16 KiB of counts
inline constexpr int kTopDigitBits = 11;
inline constexpr size_t kParallelMin = size_t{1} << 16;

inline int TopBit(Key128 x) {
  const auto hi = static_cast<uint64_t>(x >> 64);
  if (hi != 0) return 127 - __builtin_clzll(hi);
  return 63 - __builtin_clzll(static_cast<uint64_t>(x));
}

// The shift of the `bits`-wide digit that ends at the highest bit in which keys differ.
inline int DigitShift(Key128 diff, int bits) { return std::max(0, TopBit(diff) + 1 - bits); }

template <class T, class KeyFn, class Less>
void InsertionSort(T* a, size_t n, KeyFn& key, Less& less) {
  for (size_t i = 1; i < n; ++i) {
    T v = a[i];
    const Key128 kv = key(v);
    size_t j = i;
    for (; j > 0; --j) {
      const Key128 kp = key(a[j - 1]);
      if (kp < kv || (kp == kv && !less(v, a[j - 1]))) break;
      a[j] = a[j - 1];
    }
    a[j] = v;
  }
}

// The items are in x[0, n); y is scratch of the same size. Leaves the sorted items in x when
// in_x, else in y.
template <class T, class KeyFn, class Less>
void SortRange(T* x, T* y, size_t n, bool in_x, int wide, KeyFn& key, Less& less) {
  T* const out = in_x ? x : y;
  if (n <= kInsertionMax) {
    if (!in_x) std::copy(x, x + n, y);
    InsertionSort(out, n, key, less);
    return;
  }
  const Key128 k0 = key(x[0]);
  Key128 diff = 0;
  for (size_t i = 1; i < n; ++i) diff |= key(x[i]) ^ k0;
  if (diff == 0) {
    if (!in_x) std::copy(x, x + n, y);
    std::sort(out, out + n, less);
    return;
  }
  // Up to `wide` bits: a digit that leaves about 16 items per bucket if the keys spread evenly,
  // so a range of uniform keys (the reveal's tickets) needs one pass, not two.
  const int bits = std::clamp(static_cast<int>(std::bit_width(n / 16)), kDigitBits, wide);
  const int shift = DigitShift(diff, bits);
  const size_t buckets = size_t{1} << bits;
  const size_t mask = buckets - 1;
  uint32_t start[(size_t{1} << kMaxDigitBits) + 1];
  std::fill(start, start + buckets + 1, 0u);
  for (size_t i = 0; i < n; ++i) ++start[(static_cast<size_t>(key(x[i]) >> shift) & mask) + 1];
  for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  uint32_t next[size_t{1} << kMaxDigitBits];
  std::copy(start, start + buckets, next);
  for (size_t i = 0; i < n; ++i) y[next[static_cast<size_t>(key(x[i]) >> shift) & mask]++] = x[i];
  for (size_t b = 0; b < buckets; ++b) {
    const size_t size = start[b + 1] - start[b];
    if (size > 1) {
      SortRange(y + start[b], x + start[b], size, !in_x, wide, key, less);
    } else if (size == 1 && in_x) {
      x[start[b]] = y[start[b]];
    }
  }
}

template <class T, class KeyFn, class Less>
void ParallelSortRange(T* x, T* y, size_t n, bool in_x, unsigned threads, int wide, KeyFn& key,
                       Less& less) {
  if (threads <= 1 || n < kParallelMin) {
    SortRange(x, y, n, in_x, wide, key, less);
    return;
  }
  // Chunk c of the items is [n * c / threads, n * (c + 1) / threads), as in ParallelFor.
  auto chunk_begin = [&](size_t c) { return n * c / threads; };
  const Key128 k0 = key(x[0]);
  std::vector<Key128> diffs(threads, 0);
  ParallelFor(
      threads, threads,
      [&](size_t cb, size_t ce) {
        for (size_t c = cb; c < ce; ++c) {
          Key128 d = 0;
          for (size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) d |= key(x[i]) ^ k0;
          diffs[c] = d;
        }
      },
      1);
  Key128 diff = 0;
  for (const Key128 d : diffs) diff |= d;
  if (diff == 0) {
    SortRange(x, y, n, in_x, wide, key, less);  // all keys equal: std::sort with `less`
    return;
  }
  const int shift = DigitShift(diff, kTopDigitBits);
  constexpr size_t kBuckets = size_t{1} << kTopDigitBits;
  auto digit = [&](const T& item) { return static_cast<size_t>(key(item) >> shift) % kBuckets; };
  // counts[c][b]: items of chunk c in bucket b; then each chunk's first slot in bucket b.
  std::vector<std::vector<size_t>> counts(threads, std::vector<size_t>(kBuckets, 0));
  ParallelFor(
      threads, threads,
      [&](size_t cb, size_t ce) {
        for (size_t c = cb; c < ce; ++c) {
          for (size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) ++counts[c][digit(x[i])];
        }
      },
      1);
  std::vector<size_t> start(kBuckets + 1, 0);
  for (size_t b = 0; b < kBuckets; ++b) {
    size_t pos = start[b];
    for (unsigned c = 0; c < threads; ++c) {
      const size_t count = counts[c][b];
      counts[c][b] = pos;
      pos += count;
    }
    start[b + 1] = pos;
  }
  ParallelFor(
      threads, threads,
      [&](size_t cb, size_t ce) {
        for (size_t c = cb; c < ce; ++c) {
          std::vector<size_t>& next = counts[c];
          for (size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i)
            y[next[digit(x[i])]++] = x[i];
        }
      },
      1);
  // Buckets: the few large ones (skewed keys) on all threads, one after another; the rest
  // handed out one at a time.
  const size_t large = n / (2 * threads);
  std::atomic<size_t> next_bucket{0};
  auto work = [&] {
    for (size_t b; (b = next_bucket.fetch_add(1)) < kBuckets;) {
      const size_t size = start[b + 1] - start[b];
      if (size > large) continue;
      if (size > 1) {
        SortRange(y + start[b], x + start[b], size, !in_x, wide, key, less);
      } else if (size == 1 && in_x) {
        x[start[b]] = y[start[b]];
      }
    }
  };
  {
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (std::thread& t : workers) t.join();
  }
  for (size_t b = 0; b < kBuckets; ++b) {
    const size_t size = start[b + 1] - start[b];
    if (size > large) {
      ParallelSortRange(y + start[b], x + start[b], size, !in_x, threads, wide, key, less);
    }
  }
}

}  // namespace radix_detail

// How the keys are spread, which decides how wide a digit pays.
enum class KeySpread {
  kDense,   // random bits (tickets): digits of up to 12 bits, one pass per range that fits
  kSparse,  // text (ids): 8-bit digits; most of a wider one's buckets would stay empty
};

// Sorts data[0, n) by key(item) (a Key128), then by less(a, b) among equal keys, on up to
// `threads` threads. `less` must order items with equal keys only (it is never asked about
// items whose keys differ). `scratch` is room for n items, clobbered.
template <class T, class KeyFn, class Less>
void ParallelSortByKey(T* data, size_t n, T* scratch, unsigned threads, KeyFn key, Less less,
                       KeySpread spread) {
  if (n < 2) return;
  const int wide =
      spread == KeySpread::kDense ? radix_detail::kMaxDigitBits : radix_detail::kDigitBits;
  radix_detail::ParallelSortRange(data, scratch, n, true, threads, wide, key, less);
}

}  // namespace suiji::draw
