#include "service/registers/key_set.h"

#include <functional>

namespace suiji::service {
namespace {

uint64_t HashKey(std::string_view key) {
  // std::hash is good enough for keys we store anyway; mixing spreads its low bits, which index
  // the table.
  uint64_t h = std::hash<std::string_view>()(key);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  return h;
}

size_t RoundUpPow2(size_t n) {
  size_t p = 16;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

KeySet::KeySet(size_t expected) : slots_(RoundUpPow2(expected * 2), 0), offsets_{0} {
  hashes_.reserve(expected);
  rows_.reserve(expected);
  offsets_.reserve(expected + 1);
}

size_t KeySet::FirstRow(std::string_view key, size_t row) {
  if ((rows_.size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t h = HashKey(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint32_t slot = slots_[i];
    if (slot == 0) {
      const uint32_t entry = static_cast<uint32_t>(rows_.size());
      slots_[i] = entry + 1;
      hashes_.push_back(h);
      rows_.push_back(static_cast<uint32_t>(row));
      arena_.append(key);
      offsets_.push_back(static_cast<uint32_t>(arena_.size()));
      return 0;
    }
    if (hashes_[slot - 1] == h && KeyAt(slot - 1) == key) return rows_[slot - 1];
  }
}

void KeySet::Grow() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint32_t entry = 0; entry < rows_.size(); ++entry) {
    size_t i = hashes_[entry] & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = entry + 1;
  }
  slots_ = std::move(slots);
}

}  // namespace suiji::service
