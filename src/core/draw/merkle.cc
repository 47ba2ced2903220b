#include "core/draw/merkle.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/draw/parallel.h"

namespace suiji::draw {
namespace {

// The messages 0x01 || nodes[2i] || nodes[2i+1] of one level; each result replaces nodes[i].
// In place is safe: node i is written only after message i was read, and every message read
// later (j > i) reads nodes 2j, 2j + 1 > i.
struct NodeLevel {
  using Tag = size_t;
  Digest* nodes;
  size_t pairs;
  size_t next = 0;
  uint8_t msg[65] = {};

  bool Next(std::string_view& m, size_t& tag) {
    if (next == pairs) return false;
    msg[0] = 0x01;
    std::memcpy(msg + 1, nodes[2 * next].data(), 32);
    std::memcpy(msg + 33, nodes[2 * next + 1].data(), 32);
    m = std::string_view(reinterpret_cast<const char*>(msg), sizeof msg);
    tag = next++;
    return true;
  }
  void Emit(const size_t& i, const uint32_t h[8]) const { StoreDigest(h, nodes[i].data()); }
};

}  // namespace

Digest MerkleLeafHash(std::string_view leaf) {
  std::string buf;
  buf.reserve(leaf.size() + 1);
  buf.push_back('\0');
  buf.append(leaf);
  return Sha256Of(buf);
}

void MerkleReduceInPlace(Digest* nodes, size_t n, const Sha256Kernel& kernel) {
  while (n > 1) {
    NodeLevel level{nodes, n / 2};
    Sha256Stream(kernel, Sha256Iv(), level);
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
