// A pool candidate's id (PoolRecord::id): bytes held in the record itself up to 31 of them,
// which covers a 统一社会信用代码 (18), on the heap beyond that (ids may have up to kMaxIdBytes).
// (A record's stratum is an index into its pool's table of names: pool.h.)
//
// Why not std::string: its in-place buffer holds 15 bytes, so every 18-byte code was a heap
// block of its own. A pool of 10M candidates was 10M allocations, 320 MB of fresh memory to
// fault in (about 1.8 ns per byte on the VM measured in docs/performance.md) and 10M frees,
// on every commit, reveal and bundle, and each id read meant a pointer chased to another
// cache line. PoolId is the same 32 bytes as std::string, compares bytewise like it, and
// converts to std::string_view implicitly but to std::string only explicitly (str()), so every
// copy made of an id shows in the code.
#pragma once

#include <compare>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>

namespace suiji::draw {

class PoolId {
 public:
  static constexpr size_t kInline = 31;

  PoolId() noexcept { Reset(); }
  PoolId(std::string_view s) { Set(s); }                         // NOLINT: implicit by design
  PoolId(const std::string& s) : PoolId(std::string_view(s)) {}  // NOLINT
  PoolId(const char* s) : PoolId(std::string_view(s)) {}         // NOLINT
  PoolId(const PoolId& o) { Set(o.view()); }
  PoolId(PoolId&& o) noexcept {
    std::memcpy(buf_, o.buf_, sizeof buf_);
    small_ = o.small_;
    o.Reset();
  }
  PoolId& operator=(const PoolId& o) {
    if (this != &o) Assign(o.view());
    return *this;
  }
  PoolId& operator=(PoolId&& o) noexcept {
    if (this != &o) {
      Free();
      std::memcpy(buf_, o.buf_, sizeof buf_);
      small_ = o.small_;
      o.Reset();
    }
    return *this;
  }
  PoolId& operator=(std::string_view s) {
    Assign(s);
    return *this;
  }
  PoolId& operator=(const std::string& s) { return *this = std::string_view(s); }
  PoolId& operator=(const char* s) { return *this = std::string_view(s); }
  ~PoolId() { Free(); }

  const char* data() const noexcept { return small_ == kHeap ? HeapPtr() : buf_; }
  size_t size() const noexcept { return small_ == kHeap ? HeapSize() : small_; }
  bool empty() const noexcept { return size() == 0; }
  std::string_view view() const noexcept { return {data(), size()}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit by design
  std::string str() const { return std::string(view()); }
  void clear() noexcept {
    Free();
    Reset();
  }
  // Held in the record, no heap block of its own: its bytes, then zeros up to kInline (so that
  // copying a record never reads bytes that were not written).
  bool is_inline() const noexcept { return small_ != kHeap; }

  friend bool operator==(const PoolId& a, const PoolId& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const PoolId& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const PoolId& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const PoolId& a, const char* b) noexcept {
    return a.view() == std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const PoolId& a, const PoolId& b) noexcept {
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const PoolId& a, std::string_view b) noexcept {
    return a.view() <=> b;
  }
  friend std::strong_ordering operator<=>(const PoolId& a, const std::string& b) noexcept {
    return a.view() <=> std::string_view(b);
  }
  friend std::ostream& operator<<(std::ostream& os, const PoolId& id) { return os << id.view(); }

 private:
  static constexpr uint8_t kHeap = 0xff;

  void Set(std::string_view s) {
    if (s.size() <= kInline) {
      std::memset(buf_, 0, kInline);
      std::memcpy(buf_, s.data(), s.size());
      small_ = static_cast<uint8_t>(s.size());
    } else {
      char* p = new char[s.size()];
      std::memcpy(p, s.data(), s.size());
      const size_t n = s.size();
      std::memcpy(buf_, &p, sizeof p);
      std::memcpy(buf_ + sizeof p, &n, sizeof n);
      small_ = kHeap;
    }
  }
  void Assign(std::string_view s) {
    PoolId copy(s);  // first: `s` may be this id's own bytes
    *this = std::move(copy);
  }
  // Releases the heap bytes, if any; the caller sets a new value or Reset()s.
  void Free() noexcept {
    if (small_ == kHeap) delete[] HeapPtr();
  }
  void Reset() noexcept {
    std::memset(buf_, 0, sizeof buf_);
    small_ = 0;
  }

  // On the heap, buf_ holds the pointer and the size.
  char* HeapPtr() const noexcept {
    char* p;
    std::memcpy(&p, buf_, sizeof p);
    return p;
  }
  size_t HeapSize() const noexcept {
    size_t n;
    std::memcpy(&n, buf_ + sizeof(char*), sizeof n);
    return n;
  }

  alignas(8) char buf_[kInline];
  uint8_t small_;  // the size when inline (<= kInline), kHeap when on the heap
};

static_assert(sizeof(PoolId) == 32);

}  // namespace suiji::draw
