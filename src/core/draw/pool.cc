#include "core/draw/pool.h"

namespace suiji::draw {

uint32_t Pool::StratumIndex(std::string_view name) {
  if (!strata_.empty() && strata_[last_] == name) return last_;
  if (by_name_.empty()) {
    for (uint32_t i = 0; i < strata_.size(); ++i) {
      if (strata_[i] == name) return last_ = i;
    }
  } else if (const auto it = by_name_.find(name); it != by_name_.end()) {
    return last_ = it->second;
  }
  last_ = static_cast<uint32_t>(strata_.size());
  strata_.emplace_back(name);
  if (!by_name_.empty()) {
    by_name_.emplace(strata_.back(), last_);
  } else if (strata_.size() > kScanNames) {
    for (uint32_t i = 0; i < strata_.size(); ++i) by_name_.emplace(strata_[i], i);
  }
  return last_;
}

void Pool::SetStrata(std::vector<std::string> names) {
  strata_ = std::move(names);
  by_name_.clear();
  last_ = 0;
  if (strata_.size() > kScanNames) {
    for (uint32_t i = 0; i < strata_.size(); ++i) by_name_.emplace(strata_[i], i);
  }
}

}  // namespace suiji::draw
