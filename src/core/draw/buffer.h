// Large scratch memory for the draw engine, backed by transparent huge pages.
//
// On the virtual machines the platform runs on, the first touch of fresh memory costs far more
// than the work done in it: measured (2 vCPUs, docs/performance.md "Draw engine: design
// measurements") ~3.6 ns per byte with 4 KiB pages — a page fault every 4 KiB — against
// ~0.05 ns per byte to write memory already mapped. A 10M-candidate draw needs a few hundred
// megabytes of sort keys, leaf hashes and order arrays, so page faults alone would cost seconds.
// A HugeBuffer maps its memory 2 MiB-aligned and asks for huge pages (madvise MADV_HUGEPAGE:
// one fault per 2 MiB, and TLB entries that cover the random accesses of a scatter). Buffers
// below 2 MiB come from malloc. The contents start unspecified; callers write before reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace suiji::draw {

class HugeBuffer {
 public:
  HugeBuffer() = default;
  explicit HugeBuffer(size_t bytes);
  ~HugeBuffer();
  HugeBuffer(HugeBuffer&& other) noexcept { *this = std::move(other); }
  HugeBuffer& operator=(HugeBuffer&& other) noexcept;
  HugeBuffer(const HugeBuffer&) = delete;
  HugeBuffer& operator=(const HugeBuffer&) = delete;

  size_t size() const { return bytes_; }
  // The buffer's bytes from `offset` as an array of trivially copyable T (offset suitably
  // aligned; every T the engine stores has alignment <= 16).
  template <class T>
  T* As(size_t offset = 0) const {
    return reinterpret_cast<T*>(data_ + offset);
  }

 private:
  void Release();

  uint8_t* data_ = nullptr;
  size_t bytes_ = 0;
  void* map_ = nullptr;  // the mapping (huge) or malloc block (small) to release
  size_t map_bytes_ = 0;
};

}  // namespace suiji::draw
