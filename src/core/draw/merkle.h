// RFC 6962 Merkle Tree Hash (DRAW-SPEC §1), used for pool_root and elig_root.
//
//   MTH({})      = H("")
//   MTH({d0})    = H(0x00 || d0)
//   MTH(D[0:n])  = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two < n
//
// Computed bottom-up: pairing neighbours level by level and carrying an odd last node up
// unchanged yields exactly the split-at-largest-power-of-two tree, without recursion. The same
// holds for any aligned block of 2^m leaves: its nodes are the tree's nodes. So the leaves are
// hashed in blocks of kMerkleBatch, each block reduced to its subtree root while it is in
// cache (in place, several nodes at a time through Sha256Stream), blocks spread over threads;
// then the block roots are reduced the same way.
#pragma once

#include <string_view>
#include <vector>

#include "core/draw/fast_sha256.h"
#include "core/draw/parallel.h"

namespace suiji::draw {

inline constexpr size_t kMerkleBatch = 4096;  // leaves per block; a power of two

// H(0x00 || leaf).
Digest MerkleLeafHash(std::string_view leaf);

// Replaces nodes[0, n) by their subtree root in nodes[0] (bottom-up, odd nodes carried up).
void MerkleReduceInPlace(Digest* nodes, size_t n, const Sha256Kernel& kernel);

// MTH over the leaf hashes leaves[0, n), in place (the array is clobbered); blocks of
// kMerkleBatch on up to `threads` threads.
Digest MerkleRootOfHashes(Digest* leaves, size_t n, unsigned threads,
                          Sha256Path path = Sha256Path::kAuto);

// MTH over leaves whose leaf hashes (H(0x00 || leaf)) are given, in order. Consumes the
// vector as scratch. Hashed on up to `threads` threads; the root never depends on it.
Digest MerkleRootFromLeafHashes(std::vector<Digest> level, unsigned threads,
                                Sha256Path path = Sha256Path::kAuto);

namespace merkle_detail {
// A block's leaf messages from `in`, their hashes to out[position - begin].
template <class Inner>
struct LeafBlock {
  using Tag = size_t;
  Inner& in;
  Digest* out;
  size_t begin;
  bool Next(std::string_view& m, size_t& position) { return in.Next(m, position); }
  void Emit(const size_t& position, const uint32_t h[8]) {
    StoreDigest(h, out[position - begin].data());
  }
};
}  // namespace merkle_detail

// MTH over n leaves produced by a stream: make(begin, end) returns an object with
//   bool Next(std::string_view& message, size_t& position)
// that yields 0x00 || leaf for the leaves begin, begin + 1, ..., end - 1 in turn (position is
// the leaf's index). It is called for every block of kMerkleBatch leaves, from up to `threads`
// threads at once (each call's object used by one thread), so leaves are never all in memory.
template <class MakeSource>
Digest MerkleRootOfLeaves(size_t n, unsigned threads, Sha256Path path, MakeSource make) {
  if (n == 0) return Sha256Of("");
  const Sha256Kernel& kernel = Sha256KernelFor(path);
  const size_t blocks = (n + kMerkleBatch - 1) / kMerkleBatch;
  std::vector<Digest> roots(blocks);
  ParallelFor(
      blocks, threads,
      [&](size_t first, size_t last) {
        std::vector<Digest> buf(kMerkleBatch);
        for (size_t b = first; b < last; ++b) {
          const size_t begin = b * kMerkleBatch;
          const size_t end = std::min(n, begin + kMerkleBatch);
          auto inner = make(begin, end);
          merkle_detail::LeafBlock<decltype(inner)> leaves{inner, buf.data(), begin};
          Sha256Stream(kernel, Sha256Iv(), leaves);
          MerkleReduceInPlace(buf.data(), end - begin, kernel);
          roots[b] = buf[0];
        }
      },
      1);
  MerkleReduceInPlace(roots.data(), blocks, kernel);
  return roots[0];
}

}  // namespace suiji::draw
