#include "core/draw/buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace suiji::draw {
namespace {
constexpr size_t kHuge = size_t{2} << 20;
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
  } else {
    munmap(map_, map_bytes_);
  }
  map_ = nullptr;
  data_ = nullptr;
  bytes_ = 0;
  map_bytes_ = 0;
}

}  // namespace suiji::draw
