// A target draw's pool (TargetDrawInput::pool): one record per candidate — its id, its weight and
// its stratum as an index into the pool's table of stratum names, each name held once.
//
// Why an index: a pool has a handful of strata and up to ten million candidates. With the name
// in each record (a PoolId, 32 bytes) a record took 72 bytes; with a 4-byte index it takes 40,
// 320 MB less to fault in, read and free for every 10M scan, commit and reveal (on the VM
// measured in docs/performance.md the first touch of fresh memory costs 0.5-2 ns per byte).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/draw/pool_id.h"

namespace suiji::draw {

struct PoolRecord {
  PoolId id;             // held in the record (pool_id.h)
  uint32_t stratum = 0;  // index into Pool::strata()
  uint32_t weight = 1;   // >= 1; selection uses it only in weighted strata
};

static_assert(sizeof(PoolRecord) == 40);

class Pool {
 public:
  Pool() = default;
  Pool(const Pool&) = default;
  Pool& operator=(const Pool&) = default;
  // A moved-from pool is empty and ready for use (the standard leaves moved-from containers in
  // an unspecified state; the name table and its hash index must not disagree).
  Pool(Pool&& other) noexcept
      : strata_(std::move(other.strata_)),
        by_name_(std::move(other.by_name_)),
        last_(other.last_),
        records_(std::move(other.records_)) {
    other.Reset();
  }
  Pool& operator=(Pool&& other) noexcept {
    if (this != &other) {
      strata_ = std::move(other.strata_);
      by_name_ = std::move(other.by_name_);
      last_ = other.last_;
      records_ = std::move(other.records_);
      other.Reset();
    }
    return *this;
  }
  ~Pool() = default;

  // A candidate of the stratum named `stratum` (added to strata() unless there).
  void Add(std::string_view stratum, PoolId id, uint32_t weight = 1) {
    const uint32_t s = StratumIndex(stratum);
    records_.push_back({std::move(id), s, weight});
  }
  // The index of `name` in strata(), which it joins if absent. Pools usually arrive grouped by
  // stratum, so the last name found is tried first; a table of many names is looked up by hash.
  uint32_t StratumIndex(std::string_view name);
  // The stratum name of `rec`; empty if its index is outside strata() (TargetDraw::Prepare
  // refuses such a record).
  std::string_view StratumOf(const PoolRecord& rec) const {
    return rec.stratum < strata_.size() ? std::string_view(strata_[rec.stratum])
                                        : std::string_view();
  }
  const std::vector<std::string>& strata() const { return strata_; }
  // Replaces the table of names: records added by index (records()) refer to it.
  void SetStrata(std::vector<std::string> names);

  // The records: append with indices into strata(), or use Add.
  std::vector<PoolRecord>& records() { return records_; }
  const std::vector<PoolRecord>& records() const { return records_; }

  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  void reserve(size_t n) { records_.reserve(n); }
  size_t capacity() const { return records_.capacity(); }
  void shrink_to_fit() { records_.shrink_to_fit(); }
  void clear() {
    records_.clear();
    SetStrata({});
  }
  PoolRecord& operator[](size_t i) { return records_[i]; }
  const PoolRecord& operator[](size_t i) const { return records_[i]; }
  auto begin() { return records_.begin(); }
  auto end() { return records_.end(); }
  auto begin() const { return records_.begin(); }
  auto end() const { return records_.end(); }
  const PoolRecord* data() const { return records_.data(); }

 private:
  // Names above this many are found through by_name_ rather than by a scan.
  static constexpr size_t kScanNames = 16;
  struct Hash {
    using is_transparent = void;  // NOLINT(readability-identifier-naming): the standard's name
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  void Reset() noexcept {
    strata_.clear();
    by_name_.clear();
    last_ = 0;
    records_.clear();
  }

  std::vector<std::string> strata_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_name_;  // once many
  uint32_t last_ = 0;  // the index StratumIndex found last (valid when strata_ is not empty)
  std::vector<PoolRecord> records_;
};

}  // namespace suiji::draw
