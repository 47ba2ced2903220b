#include "core/draw/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace suiji::draw {

unsigned ResolveThreads(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t, size_t)>& fn,
                 size_t min_chunk) {
  size_t chunks = std::min<size_t>(ResolveThreads(threads), n / std::max<size_t>(min_chunk, 1));
  if (chunks <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  for (size_t c = 1; c < chunks; ++c) {
    workers.emplace_back([&fn, n, chunks, c] { fn(n * c / chunks, n * (c + 1) / chunks); });
  }
  fn(0, n / chunks);
  for (std::thread& t : workers) t.join();
}

}  // namespace suiji::draw
