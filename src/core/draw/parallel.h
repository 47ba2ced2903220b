// Deterministic data parallelism for the draw engine.
//
// ParallelFor splits [0, n) into contiguous chunks, one per thread, and calls fn(begin, end)
// once per chunk. Chunk boundaries depend only on n and the thread count, and every caller
// writes disjoint slots of a pre-sized output, so results never depend on scheduling.
#pragma once

#include <cstddef>
#include <functional>

namespace suiji::draw {

// 0 means "all hardware threads"; the result is at least 1.
unsigned ResolveThreads(unsigned requested);

// Runs on the calling thread alone when n < 2 * min_chunk or threads <= 1. `fn` must not throw.
void ParallelFor(size_t n, unsigned threads, const std::function<void(size_t, size_t)>& fn,
                 size_t min_chunk = 8192);

}  // namespace suiji::draw
