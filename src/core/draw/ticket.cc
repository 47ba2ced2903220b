#include "core/draw/ticket.h"

#include <algorithm>

#include "core/hash.h"

namespace suiji::draw {
namespace {

using Uint128 = unsigned __int128;

constexpr uint64_t kTenPow19 = 10'000'000'000'000'000'000ull;

// kReverse4[n] is the 4-digit zero-padded decimal form of n read backwards ("0123" -> 3210).
struct Reverse4Table {
  uint16_t v[10000];
  constexpr Reverse4Table() : v() {
    for (int n = 0; n < 10000; ++n) {
      v[n] = static_cast<uint16_t>((n % 10) * 1000 + (n / 10 % 10) * 100 + (n / 100 % 10) * 10 +
                                   n / 1000);
    }
  }
};
constexpr Reverse4Table kReverse4;

// Divides the 256-bit big-endian value in `limbs` by 10^19 in place; returns the remainder.
// Zen 4 divides 128 by 64 bits in ~3 ns, so the portable __int128 form is fast enough.
uint64_t DivMod19(std::array<uint64_t, 4>& limbs) {
  uint64_t rem = 0;
  for (uint64_t& limb : limbs) {
    const Uint128 cur = static_cast<Uint128>(rem) << 64 | limb;
    limb = static_cast<uint64_t>(cur / kTenPow19);
    rem = static_cast<uint64_t>(cur % kTenPow19);
  }
  return rem;
}

std::array<uint64_t, 4> ToLimbs(const TicketValue& v) {
  std::array<uint64_t, 4> limbs;
  for (int i = 0; i < 4; ++i) limbs[i] = static_cast<uint64_t>(v[2 * i]) << 32 | v[2 * i + 1];
  return limbs;
}

// 2^64k mod 10^19, k = 1, 2, 3.
constexpr uint64_t kPow64Mod1 = static_cast<uint64_t>((Uint128{1} << 64) % kTenPow19);
constexpr uint64_t kPow64Mod2 = static_cast<uint64_t>(Uint128{kPow64Mod1} * kPow64Mod1 % kTenPow19);
constexpr uint64_t kPow64Mod3 = static_cast<uint64_t>(Uint128{kPow64Mod2} * kPow64Mod1 % kTenPow19);

// x mod 10^19 for x < 10^19 · 2^64 (so the quotient fits 64 bits): one divq on x86-64.
uint64_t ModTenPow19(Uint128 x) {
#if defined(__x86_64__)
  uint64_t quotient, remainder;
  __asm__("divq %4"
          : "=a"(quotient), "=d"(remainder)
          : "a"(static_cast<uint64_t>(x)), "d"(static_cast<uint64_t>(x >> 64)), "r"(kTenPow19)
          : "cc");
  (void)quotient;
  return remainder;
#else
  return static_cast<uint64_t>(x % kTenPow19);
#endif
}

// The 256-bit value mod 10^19 with one division: v = Σ limb_k · 2^64k ≡ Σ (limb_k mod 10^19) ·
// (2^64k mod 10^19); the sum is below 3 · 10^38 + 2^64 < 2^128. Folding its high word once
// more (2^64 ≡ kPow64Mod1) leaves a value below 10^19 · 2^64, which one divq reduces.
uint64_t ValueModTenPow19(const TicketValue& v) {
  const std::array<uint64_t, 4> l = ToLimbs(v);  // l[0] most significant
  auto reduce = [](uint64_t x) { return x >= kTenPow19 ? x - kTenPow19 : x; };
  const Uint128 s = Uint128{reduce(l[0])} * kPow64Mod3 + Uint128{reduce(l[1])} * kPow64Mod2 +
                    Uint128{reduce(l[2])} * kPow64Mod1 + l[3];
  const Uint128 t = (s >> 64) * kPow64Mod1 + static_cast<uint64_t>(s);
  return ModTenPow19(t);
}

}  // namespace

TicketGenerator::TicketGenerator(std::string_view seed_str) : midstate_(ToHex(Sha256(seed_str))) {}

std::string TicketGenerator::Text(std::string_view label) const { return TicketText(Value(label)); }

uint64_t TicketGenerator::Prefix(std::string_view label) const {
  return TicketPrefix(Value(label));
}

uint64_t TicketPrefix(const TicketValue& v) {
  uint64_t r = ValueModTenPow19(v);
  // Reverse the 19 digits four at a time, units digit first.
  uint64_t out = 0;
  for (int group = 0; group < 4; ++group) {
    out = out * 10000 + kReverse4.v[r % 10000];
    r /= 10000;
  }
  return out * 1000 + kReverse4.v[r] / 10;  // r < 1000: three digits left
}

std::string TicketText(const TicketValue& v) {
  // 256 bits have at most 78 decimal digits: five chunks of 19, least significant first.
  std::array<uint64_t, 4> limbs = ToLimbs(v);
  uint64_t chunks[5];
  for (uint64_t& c : chunks) c = DivMod19(limbs);
  int digits = 1;
  for (int k = 4; k >= 0; --k) {
    if (chunks[k] != 0) {
      digits = 19 * k;
      for (uint64_t c = chunks[k]; c != 0; c /= 10) ++digits;
      break;
    }
  }
  const int length = std::max(64, digits);
  std::string out = "0.";
  out.reserve(2 + 95);
  for (uint64_t c : chunks) {
    for (int i = 0; i < 19; ++i, c /= 10) out.push_back(static_cast<char>('0' + c % 10));
  }
  out.resize(2 + length);
  return out;
}

std::string Ticket(std::string_view seed_str, std::string_view label) {
  return TicketGenerator(seed_str).Text(label);
}

}  // namespace suiji::draw
