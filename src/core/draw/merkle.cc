#include "core/draw/merkle.h"

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

Digest MerkleRootFromLeafHashes(std::vector<Digest> level, unsigned threads) {
  if (level.empty()) return Sha256Of("");
  // Two buffers: hashing in place would let one thread overwrite nodes another still reads.
  std::vector<Digest> next;
  while (level.size() > 1) {
    const size_t pairs = level.size() / 2;
    next.resize(pairs + level.size() % 2);
    ParallelFor(
        pairs, threads,
        [&](size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) next[i] = Sha256Node(level[2 * i], level[2 * i + 1]);
        },
        4096);
    if (level.size() % 2 != 0) next[pairs] = level.back();
    level.swap(next);
  }
  return level.front();
}

}  // namespace suiji::draw
