// Process-wide work counters: how many statements, pool scans, write transactions and draw
// computations a piece of work costs. Tests read the difference around one call to pin down
// the cost of a use case (e.g. one task reveal scans the pool once); they are cheap relaxed
// atomics, never used for decisions.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace suiji::metrics {

enum class Counter : size_t {
  kStoreStatements,    // statements run through a store::Connection (Execute, Query, QueryEach)
  kDrawPoolScans,      // reads of a stored draw's pool (store::ScanDrawPool)
  kWriteTransactions,  // store::WithTransaction in write mode (each attempt)
  kDrawComputations,   // draws computed from their committed input (reveal, replay)
  kCount,
};

// Adds one (or `n`) to `counter`.
void Add(Counter counter, int64_t n = 1);
// The current value of `counter`.
int64_t Read(Counter counter);

// The counters at one moment; `Since` gives what was counted after it.
class Snapshot {
 public:
  Snapshot();
  int64_t Since(Counter counter) const { return Read(counter) - at_[static_cast<size_t>(counter)]; }

 private:
  std::array<int64_t, static_cast<size_t>(Counter::kCount)> at_{};
};

}  // namespace suiji::metrics
