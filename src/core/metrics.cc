#include "core/metrics.h"

namespace suiji::metrics {
namespace {

std::array<std::atomic<int64_t>, static_cast<size_t>(Counter::kCount)>& Counters() {
  static std::array<std::atomic<int64_t>, static_cast<size_t>(Counter::kCount)> counters{};
  return counters;
}

}  // namespace

void Add(Counter counter, int64_t n) {
  Counters()[static_cast<size_t>(counter)].fetch_add(n, std::memory_order_relaxed);
}

int64_t Read(Counter counter) {
  return Counters()[static_cast<size_t>(counter)].load(std::memory_order_relaxed);
}

Snapshot::Snapshot() {
  for (size_t i = 0; i < at_.size(); ++i) at_[i] = Read(static_cast<Counter>(i));
}

}  // namespace suiji::metrics
