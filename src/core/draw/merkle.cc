#include "core/draw/merkle.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/draw/parallel.h"

namespace suiji::draw {

Digest MerkleLeafHash(std::string_view leaf) {
  std::string buf;
  buf.reserve(leaf.size() + 1);
  buf.push_back('\0');
  buf.append(leaf);
  return Sha256Of(buf);
}

// Each level's messages 0x01 || nodes[2i] || nodes[2i+1] (65 bytes, two blocks padded) are
// written straight into the lanes; each result replaces nodes[i]. In place is safe: node i is
// written only after message i was read, and every message read later (j > i) reads nodes 2j,
// 2j + 1 > i.
void MerkleReduceInPlace(Digest* nodes, size_t n, const Sha256Kernel& kernel) {
  const Sha256Start& iv = Sha256Iv();
  auto emit = [nodes](const size_t& i, const uint32_t h[8]) { StoreDigest(h, nodes[i].data()); };
  while (n > 1) {
    Sha256FixedLanes<2, size_t, decltype(emit)> lanes(kernel, iv, emit);
    for (size_t i = 0; i < n / 2; ++i) {
      uint8_t* const slot = lanes.Slot();
      slot[0] = 0x01;
      std::memcpy(slot + 1, nodes[2 * i].data(), 32);
      std::memcpy(slot + 33, nodes[2 * i + 1].data(), 32);
      Sha256PadAt(slot, 2, iv, 65);
      lanes.Commit(i);
    }
    lanes.Finish();
    if (n % 2 != 0) nodes[n / 2] = nodes[n - 1];
    n = n / 2 + n % 2;
  }
}

Digest MerkleRootFromLeafHashes(std::vector<Digest> level, unsigned threads, Sha256Path path) {
  return MerkleRootOfHashes(level.data(), level.size(), threads, path);
}

namespace {

// MTH over n leaves in blocks of kMerkleBatch on up to `threads` threads: leaves(begin, count,
// scratch) returns where block [begin, begin + count)'s leaf hashes are, in order — in place,
// or in `scratch` (the thread's own buffer), which it may fill. Each block is reduced to its
// subtree root there, then the roots to the tree's.
template <class Leaves>
Digest ReduceBlocks(size_t n, unsigned threads, Sha256Path path, Leaves leaves) {
  if (n == 0) return Sha256Of("");
  const Sha256Kernel& kernel = Sha256KernelFor(path);
  const size_t blocks = (n + kMerkleBatch - 1) / kMerkleBatch;
  std::vector<Digest> roots(blocks);
  ParallelFor(
      blocks, threads,
      [&](size_t first, size_t last) {
        std::vector<Digest> scratch;
        for (size_t b = first; b < last; ++b) {
          const size_t begin = b * kMerkleBatch;
          const size_t count = std::min(n, begin + kMerkleBatch) - begin;
          Digest* nodes = leaves(begin, count, scratch);
          MerkleReduceInPlace(nodes, count, kernel);
          roots[b] = nodes[0];
        }
      },
      1);
  MerkleReduceInPlace(roots.data(), blocks, kernel);
  return roots[0];
}

}  // namespace

Digest MerkleRootOfHashes(Digest* leaves, size_t n, unsigned threads, Sha256Path path) {
  return ReduceBlocks(n, threads, path,
                      [&](size_t begin, size_t, std::vector<Digest>&) { return leaves + begin; });
}

Digest MerkleRootOfGathered(const Digest* hashes, const uint32_t* order, size_t n, unsigned threads,
                            Sha256Path path) {
  // How many leaves ahead the gather prefetches: enough cache misses in flight to hide
  // memory latency (measured: the leaf step of a 10M draw, docs/performance.md).
  constexpr size_t kAhead = 32;
  return ReduceBlocks(n, threads, path,
                      [&](size_t begin, size_t count, std::vector<Digest>& scratch) {
                        scratch.resize(kMerkleBatch);
                        const uint32_t* at = order + begin;
                        for (size_t i = 0; i < std::min(kAhead, count); ++i)
                          __builtin_prefetch(&hashes[at[i]]);
                        for (size_t i = 0; i < count; ++i) {
                          if (i + kAhead < count) __builtin_prefetch(&hashes[at[i + kAhead]]);
                          scratch[i] = hashes[at[i]];
                        }
                        return scratch.data();
                      });
}

}  // namespace suiji::draw
