// Remembers the keys seen in one import file, to report a key that appears twice with the row
// that used it first. A million-row import asks once per row, so this is a flat open-addressing
// table over 64-bit hashes with the key bytes in one arena (a hash match is confirmed byte for
// byte), not a node-per-key std::unordered_map. Internal to src/service/registers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace suiji::service {

class KeySet {
 public:
  explicit KeySet(size_t expected = 1024);
  // The row that first used `key`; 0 when the key is new (it is then remembered with `row`,
  // which must be > 0).
  size_t FirstRow(std::string_view key, size_t row);
  size_t size() const { return rows_.size(); }

 private:
  std::string_view KeyAt(uint32_t entry) const {
    return std::string_view(arena_).substr(offsets_[entry], offsets_[entry + 1] - offsets_[entry]);
  }
  void Grow();

  std::vector<uint32_t> slots_;  // entry + 1, 0 = empty; size is a power of two
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> offsets_;  // entry i is arena_[offsets_[i], offsets_[i+1])
  std::vector<uint32_t> rows_;
  std::string arena_;
};

}  // namespace suiji::service
