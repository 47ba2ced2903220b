#include "core/draw/ticket.h"

#include <algorithm>

#include "core/hash.h"

namespace suiji::draw {
namespace {

using ticket_detail::kTenPow19;  // the header's, which TicketPrefix reduces by too
using ticket_detail::Uint128;

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
