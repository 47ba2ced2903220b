// RFC 6962 Merkle Tree Hash (DRAW-SPEC §1), used for pool_root and elig_root.
//
//   MTH({})      = H("")
//   MTH({d0})    = H(0x00 || d0)
//   MTH(D[0:n])  = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two < n
//
// Computed bottom-up: pairing neighbours level by level and carrying an odd last node up
// unchanged yields exactly the split-at-largest-power-of-two tree, without recursion.
#pragma once

#include <string_view>
#include <vector>

#include "core/draw/fast_sha256.h"

namespace suiji::draw {

// H(0x00 || leaf).
Digest MerkleLeafHash(std::string_view leaf);

// MTH over leaves whose leaf hashes (H(0x00 || leaf)) are given, in order. Consumes the
// vector as scratch. Levels are hashed on up to `threads` threads; the root never depends on it.
Digest MerkleRootFromLeafHashes(std::vector<Digest> level, unsigned threads);

}  // namespace suiji::draw
