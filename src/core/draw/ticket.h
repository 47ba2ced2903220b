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

// The first 19 digits of the ticket after "0." read as a decimal integer: the value mod 10^19
// with its (zero-padded) digits reversed. Orders like the ticket text whenever it differs.
uint64_t TicketPrefix(const TicketValue& v);

// The full ticket text "0." followed by at least 64 digits.
std::string TicketText(const TicketValue& v);

// ticket(seed_str, label), the one-off form (for tests, tools and the CLI).
std::string Ticket(std::string_view seed_str, std::string_view label);

}  // namespace suiji::draw
