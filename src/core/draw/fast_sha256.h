// SHA-256 for the draw engine's hot paths: millions of short messages per draw.
//
// The EVP interface costs ~80 ns per short message (context copy, provider dispatch); the
// low-level block function costs ~45 ns per 64-byte block on SHA-NI hardware. Tickets are one
// block each (DRAW-SPEC §2), Merkle leaves one or two, so this is where a draw spends its time.
// Results are identical to core/hash.h; only the cost differs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace suiji::draw {

using Digest = std::array<uint8_t, 32>;

// H(data).
Digest Sha256Of(std::string_view data);

// RFC 6962 node hash H(0x01 || left || right).
Digest Sha256Node(const Digest& left, const Digest& right);

std::string_view AsBytes(const Digest& d);

// The SHA-256 state after absorbing exactly one 64-byte block `prefix`; Finish(tail) returns
// H(prefix || tail). Tails up to kOneBlockTail bytes cost a single compression. Immutable after
// construction, so one instance may be shared by any number of threads.
class Sha256Midstate {
 public:
  static constexpr size_t kPrefixSize = 64;
  // Longest tail that still fits, with padding, into one more block (64 - 1 - 8).
  static constexpr size_t kOneBlockTail = 55;

  // `prefix` must be exactly 64 bytes.
  explicit Sha256Midstate(std::string_view prefix);

  // The digest as eight big-endian 32-bit words (word 0 is the most significant), which is
  // the form the ticket arithmetic wants; no byte shuffling on the fast path.
  std::array<uint32_t, 8> FinishWords(std::string_view tail) const;

 private:
  std::array<uint32_t, 8> h_;
  std::string prefix_;
};

}  // namespace suiji::draw
