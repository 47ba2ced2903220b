#include "core/draw/merkle.h"

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

Digest MerkleRootOfHashes(Digest* leaves, size_t n, unsigned threads, Sha256Path path) {
  if (n == 0) return Sha256Of("");
  const Sha256Kernel& kernel = Sha256KernelFor(path);
  const size_t blocks = (n + kMerkleBatch - 1) / kMerkleBatch;
  std::vector<Digest> roots(blocks);
  ParallelFor(
      blocks, threads,
      [&](size_t first, size_t last) {
        for (size_t b = first; b < last; ++b) {
          const size_t begin = b * kMerkleBatch;
          MerkleReduceInPlace(leaves + begin, std::min(n, begin + kMerkleBatch) - begin, kernel);
          roots[b] = leaves[begin];
        }
      },
      1);
  MerkleReduceInPlace(roots.data(), blocks, kernel);
  return roots[0];
}

}  // namespace suiji::draw
