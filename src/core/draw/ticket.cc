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

}  // namespace

TicketGenerator::TicketGenerator(std::string_view seed_str) : midstate_(ToHex(Sha256(seed_str))) {}

std::string TicketGenerator::Text(std::string_view label) const { return TicketText(Value(label)); }

uint64_t TicketGenerator::Prefix(std::string_view label) const {
  return TicketPrefix(Value(label));
}

uint64_t TicketPrefix(const TicketValue& v) {
  // Only the remainder is needed: fold the limbs from the top.
  uint64_t r = 0;
  for (const uint64_t limb : ToLimbs(v)) {
    r = static_cast<uint64_t>((static_cast<Uint128>(r) << 64 | limb) % kTenPow19);
  }
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
