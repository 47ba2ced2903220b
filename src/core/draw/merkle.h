// RFC 6962 Merkle Tree Hash (DRAW-SPEC §1), used for pool_root and elig_root.
//
//   MTH({})      = H("")
//   MTH({d0})    = H(0x00 || d0)
//   MTH(D[0:n])  = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two < n
//
// Computed bottom-up: pairing neighbours level by level and carrying an odd last node up
// unchanged yields exactly the split-at-largest-power-of-two tree, without recursion. The same
// holds for any aligned block of 2^m leaves: its nodes are the tree's nodes. So the leaf hashes
// are reduced in blocks of kMerkleBatch, each to its subtree root while it is in cache (in
// place, several nodes at a time through Sha256FixedLanes), blocks spread over threads; then the
// block roots are reduced the same way.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/draw/fast_sha256.h"

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

// MTH over the leaf hashes hashes[order[0]], …, hashes[order[n - 1]]: each block of
// kMerkleBatch leaves is gathered (prefetched ahead) into a buffer that stays in cache and
// reduced there, so the leaf hashes can be computed in any order and never moved. `hashes` is
// left unchanged.
Digest MerkleRootOfGathered(const Digest* hashes, const uint32_t* order, size_t n, unsigned threads,
                            Sha256Path path = Sha256Path::kAuto);

// MTH over leaves whose leaf hashes (H(0x00 || leaf)) are given, in order. Consumes the
// vector as scratch. Hashed on up to `threads` threads; the root never depends on it.
Digest MerkleRootFromLeafHashes(std::vector<Digest> level, unsigned threads,
                                Sha256Path path = Sha256Path::kAuto);

}  // namespace suiji::draw
