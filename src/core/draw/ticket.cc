#include "core/draw/ticket.h"

#include <algorithm>

#include "core/hash.h"

namespace suiji::draw {
namespace {

using ticket_detail::Uint128;

// Divides the 256-bit big-endian value in `limbs` by 10^19 in place; returns the remainder.
// Each step divides rem · 2^64 + limb with rem < 10^19, so its quotient fits 64 bits.
uint64_t DivMod19(std::array<uint64_t, 4>& limbs) {
  uint64_t rem = 0;
  for (uint64_t& limb : limbs) limb = ticket_detail::DivTenPow19(Uint128{rem} << 64 | limb, rem);
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
  // The chunks' digits, least significant first: each chunk's 19 in five groups of four
  // reversed by table (the last group has three).
  char text[2 + 5 * 20];
  text[0] = '0';
  text[1] = '.';
  char* p = text + 2;
  for (uint64_t c : chunks) {
    for (int g = 0; g < 5; ++g, c /= 10000, p += 4) {
      const uint16_t r = ticket_detail::kReverse4.v[c % 10000];
      p[0] = static_cast<char>('0' + r / 1000);
      p[1] = static_cast<char>('0' + r / 100 % 10);
      p[2] = static_cast<char>('0' + r / 10 % 10);
      p[3] = static_cast<char>('0' + r % 10);
    }
    p -= 1;  // 19 digits, not 20: the fifth group's fourth digit (always 0) is overwritten
  }
  return std::string(text, 2 + static_cast<size_t>(length));
}

std::string Ticket(std::string_view seed_str, std::string_view label) {
  return TicketGenerator(seed_str).Text(label);
}

}  // namespace suiji::draw
