// Tickets (DRAW-SPEC §2): the pseudo-random numbers every draw sorts by, compatible with
// Rivest's consistent_sampler (as used by VotingWorks Arlo):
//
//   ticket(seed_str, label) =
//       "0." + reverse(zfill64(decimal(int_be(H(hex(H(seed_str)) || label)))))
//
// Tickets compare as byte strings (a prefix sorts first). Writing out the ~66-character text for
// each of a million candidates would cost more than hashing them, so the engine sorts on
// TicketPrefix(): the first 19 digits after "0." as an integer. Two tickets whose prefixes
// differ compare like their prefixes; equal prefixes (for n tickets, about n²/2·10^-19 pairs)
// are resolved on the full text.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/draw/fast_sha256.h"

namespace suiji::draw {

// The 256-bit hash behind a ticket, as big-endian 32-bit words (word 0 most significant).
using TicketValue = std::array<uint32_t, 8>;

// Computes tickets for one seed string. hex(H(seed_str)) is exactly one 64-byte SHA-256 block,
// so its midstate is cached and a label of up to 55 bytes costs one compression.
// Immutable; share one instance across threads.
class TicketGenerator {
 public:
  explicit TicketGenerator(std::string_view seed_str);

  TicketValue Value(std::string_view label) const { return midstate_.FinishWords(label); }
  // The full ticket text "0.ddd…" for `label`.
  std::string Text(std::string_view label) const;
  uint64_t Prefix(std::string_view label) const;
  // Where Sha256Stream starts to hash labels: the state after hex(H(seed_str)).
  const Sha256Start& stream_start() const { return midstate_.start(); }

 private:
  Sha256Midstate midstate_;
};

// Number of ticket digits TicketPrefix() covers.
inline constexpr int kTicketPrefixDigits = 19;

namespace ticket_detail {

using Uint128 = unsigned __int128;

inline constexpr uint64_t kTenPow19 = 10'000'000'000'000'000'000ull;
// 2^64k mod 10^19, k = 1, 2, 3.
inline constexpr uint64_t kPow64Mod1 = static_cast<uint64_t>((Uint128{1} << 64) % kTenPow19);
inline constexpr uint64_t kPow64Mod2 =
    static_cast<uint64_t>(Uint128{kPow64Mod1} * kPow64Mod1 % kTenPow19);
inline constexpr uint64_t kPow64Mod3 =
    static_cast<uint64_t>(Uint128{kPow64Mod2} * kPow64Mod1 % kTenPow19);

// Reverse4[n] is the 4-digit zero-padded decimal form of n read backwards ("0123" -> 3210).
struct Reverse4Table {
  uint16_t v[10000];
  constexpr Reverse4Table() : v() {
    for (int n = 0; n < 10000; ++n) {
      v[n] = static_cast<uint16_t>((n % 10) * 1000 + (n / 10 % 10) * 100 + (n / 100 % 10) * 10 +
                                   n / 1000);
    }
  }
};
inline constexpr Reverse4Table kReverse4;

// x / 10^19 and x mod 10^19 for x < 10^19 · 2^64 (so the quotient fits 64 bits): one divq on
// x86-64, where the portable __int128 form is a library call (~25 ns).
inline uint64_t DivTenPow19(Uint128 x, uint64_t& remainder) {
#if defined(__x86_64__)
  uint64_t quotient;
  __asm__("divq %4"
          : "=a"(quotient), "=d"(remainder)
          : "a"(static_cast<uint64_t>(x)), "d"(static_cast<uint64_t>(x >> 64)), "r"(kTenPow19)
          : "cc");
  return quotient;
#else
  remainder = static_cast<uint64_t>(x % kTenPow19);
  return static_cast<uint64_t>(x / kTenPow19);
#endif
}

inline uint64_t ModTenPow19(Uint128 x) {
  uint64_t remainder;
  DivTenPow19(x, remainder);
  return remainder;
}

}  // namespace ticket_detail

// The first 19 digits of the ticket after "0." read as a decimal integer: the value mod 10^19
// with its (zero-padded) digits reversed. Orders like the ticket text whenever it differs.
// Inline: a draw computes one per candidate, between multi-lane compressions.
//
// The value mod 10^19 with one division: v = Σ limb_k · 2^64k ≡ Σ (limb_k mod 10^19) ·
// (2^64k mod 10^19); the sum is below 3 · 10^38 + 2^64 < 2^128. Folding its high word once
// more (2^64 ≡ kPow64Mod1) leaves a value below 10^19 · 2^64, which one divq reduces. The 19
// digits are then cut into groups of four (three for the highest) by independent divisions by
// constants, each group reversed by table, so no step waits on the one before.
inline uint64_t TicketPrefixOfWords(const uint32_t* w) {
  using namespace ticket_detail;
  auto limb = [w](int i) {
    const uint64_t x = static_cast<uint64_t>(w[2 * i]) << 32 | w[2 * i + 1];
    return x >= kTenPow19 ? x - kTenPow19 : x;
  };
  const Uint128 s = Uint128{limb(0)} * kPow64Mod3 + Uint128{limb(1)} * kPow64Mod2 +
                    Uint128{limb(2)} * kPow64Mod1 + (static_cast<uint64_t>(w[6]) << 32 | w[7]);
  const uint64_t r = ModTenPow19((s >> 64) * kPow64Mod1 + static_cast<uint64_t>(s));
  const uint64_t high8 = r / 100'000'000;  // digits 8-18
  const auto low8 = static_cast<uint32_t>(r % 100'000'000);
  const auto top = static_cast<uint32_t>(high8 / 100'000'000);  // digits 16-18 (< 1000)
  const auto mid8 = static_cast<uint32_t>(high8 % 100'000'000);
  return uint64_t{kReverse4.v[low8 % 10000]} * 1'000'000'000'000'000 +
         uint64_t{kReverse4.v[low8 / 10000]} * 100'000'000'000 +
         uint64_t{kReverse4.v[mid8 % 10000]} * 10'000'000 +
         uint64_t{kReverse4.v[mid8 / 10000]} * 1'000 + kReverse4.v[top] / 10;
}
inline uint64_t TicketPrefix(const TicketValue& v) { return TicketPrefixOfWords(v.data()); }

// The full ticket text "0." followed by at least 64 digits.
std::string TicketText(const TicketValue& v);

// ticket(seed_str, label), the one-off form (for tests, tools and the CLI).
std::string Ticket(std::string_view seed_str, std::string_view label);

}  // namespace suiji::draw
