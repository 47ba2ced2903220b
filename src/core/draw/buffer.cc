#include "core/draw/buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace suiji::draw {
namespace {
constexpr size_t kHuge = size_t{2} << 20;

// Mappings released by buffers, kept for the next buffers of a similar size. Fresh memory is
// the dearest part of a large draw on a virtual machine (buffer.h); a server draws again and
// again (a task's preview, commit and reveal each need the same few hundred megabytes at 10M
// candidates). A kept mapping is marked MADV_FREE: the kernel takes its pages back when it
// needs memory, and until it does, a buffer that reuses them writes without a page fault.
// At most kRetainedLimit bytes are kept; the oldest go first.
struct Retained {
  void* map;
  size_t map_bytes;
};
constexpr size_t kRetainedLimit = size_t{1} << 30;  // buffer.h says so

struct RetainedSet {
  std::mutex mu;
  std::vector<Retained> maps;  // oldest first
  size_t bytes = 0;
};

RetainedSet& Kept() {
  static auto* kept = new RetainedSet;  // never destroyed: buffers may outlive static teardown
  return *kept;
}

// The smallest kept mapping of at least `map_bytes` and at most twice that, taken out of the
// set; nullptr if there is none.
void* TakeKept(size_t map_bytes, size_t& got_bytes) {
  RetainedSet& kept = Kept();
  std::lock_guard lock(kept.mu);
  size_t best = kept.maps.size();
  for (size_t i = 0; i < kept.maps.size(); ++i) {
    const size_t b = kept.maps[i].map_bytes;
    if (b >= map_bytes && b <= 2 * map_bytes &&
        (best == kept.maps.size() || b < kept.maps[best].map_bytes)) {
      best = i;
    }
  }
  if (best == kept.maps.size()) return nullptr;
  const Retained r = kept.maps[best];
  kept.maps.erase(kept.maps.begin() + static_cast<std::ptrdiff_t>(best));
  kept.bytes -= r.map_bytes;
  got_bytes = r.map_bytes;
  return r.map;
}

void Keep(void* map, size_t map_bytes) {
  std::vector<Retained> dropped;
  {
    RetainedSet& kept = Kept();
    std::lock_guard lock(kept.mu);
    kept.maps.push_back({map, map_bytes});
    kept.bytes += map_bytes;
    size_t first = 0;
    while (kept.bytes > kRetainedLimit) {
      kept.bytes -= kept.maps[first].map_bytes;
      dropped.push_back(kept.maps[first++]);
    }
    kept.maps.erase(kept.maps.begin(), kept.maps.begin() + static_cast<std::ptrdiff_t>(first));
  }
  for (const Retained& r : dropped) munmap(r.map, r.map_bytes);
}

}  // namespace

HugeBuffer::HugeBuffer(size_t bytes) : bytes_(bytes) {
  if (bytes < kHuge) {
    map_ = std::malloc(bytes == 0 ? 1 : bytes);
    if (map_ == nullptr) throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(map_);
    return;
  }
  const size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
  map_bytes_ = rounded + kHuge;  // room to align the start to 2 MiB
  if (void* kept = TakeKept(map_bytes_, map_bytes_); kept != nullptr) {
    map_ = kept;
    data_ =
        reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(map_) + kHuge - 1) / kHuge * kHuge);
    return;
  }
  map_ = mmap(nullptr, map_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map_ == MAP_FAILED) {
    map_ = nullptr;
    throw std::bad_alloc();
  }
  const auto start = (reinterpret_cast<uintptr_t>(map_) + kHuge - 1) / kHuge * kHuge;
  data_ = reinterpret_cast<uint8_t*>(start);
  // Advice only: without transparent huge pages the memory works the same, just slower.
  madvise(data_, rounded, MADV_HUGEPAGE);
}

HugeBuffer::~HugeBuffer() { Release(); }

size_t HugeBuffer::RetainedBytes() {
  RetainedSet& kept = Kept();
  std::lock_guard lock(kept.mu);
  return kept.bytes;
}

HugeBuffer& HugeBuffer::operator=(HugeBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    map_ = std::exchange(other.map_, nullptr);
    map_bytes_ = std::exchange(other.map_bytes_, 0);
  }
  return *this;
}

void HugeBuffer::Release() {
  if (map_ == nullptr) return;
  if (map_bytes_ == 0) {
    std::free(map_);
  } else if (map_bytes_ <= kRetainedLimit) {
    // Kept for the next buffer (its pages stay until the kernel needs them); its huge-page
    // advice stays with the mapping.
    madvise(map_, map_bytes_, MADV_FREE);
    Keep(map_, map_bytes_);
  } else {
    munmap(map_, map_bytes_);
  }
  map_ = nullptr;
  data_ = nullptr;
  bytes_ = 0;
  map_bytes_ = 0;
}

}  // namespace suiji::draw
