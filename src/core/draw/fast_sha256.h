// SHA-256 for the draw engine's hot paths: millions of short messages per draw.
//
// The EVP interface costs ~80 ns per short message (context copy, provider dispatch); the
// low-level block function costs ~45 ns per 64-byte block on SHA-NI hardware, because one
// message's 64 rounds are a single dependency chain that leaves the SHA unit mostly idle.
// Sha256Stream hashes several independent messages at once ("lanes"): the rounds of 2-4
// messages are interleaved with the SHA extensions (SHA-NI, FIPS 180-4 written out with the
// sha256rnds2/sha256msg1/sha256msg2 instructions), which keeps the unit busy; a CPU without
// them (checked at run time with CPUID) gets OpenSSL's block function, one message at a time.
// Tickets are one block each (DRAW-SPEC §2), Merkle leaves and nodes one or two, so this is
// where a draw spends its time. Results are identical to core/hash.h on every path; only the
// cost differs.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace suiji::draw {

// The byte-order helpers below (StoreDigest, Sha256PadAt) swap bytes unconditionally.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "a little-endian host is assumed");

using Digest = std::array<uint8_t, 32>;

// H(data).
Digest Sha256Of(std::string_view data);

// RFC 6962 node hash H(0x01 || left || right).
Digest Sha256Node(const Digest& left, const Digest& right);

std::string_view AsBytes(const Digest& d);

// Which compression code the batch paths use. kAuto is the fastest this CPU supports (SHA-NI,
// 4 lanes); a SHA-NI path asked for on a CPU without the extensions runs as kOpenSsl. The
// choice never changes a result (tests compare all of them); it exists for tests and benches.
enum class Sha256Path : uint8_t { kAuto, kOpenSsl, kShaNi1, kShaNi2, kShaNi4, kShaNi8 };

// True when the CPU has the SHA extensions and SSE4.1 (CPUID leaf 7 EBX bit 29, leaf 1 ECX
// bit 19), checked once.
bool CpuHasShaNi();

// A compression function over `lanes` independent states and blocks at once:
// state[l] = compress(state[l], block[l]) for l < lanes. `one` is the same for one lane.
struct Sha256Kernel {
  using Fn = void (*)(uint32_t (*state)[8], const uint8_t* const* blocks);
  int lanes;
  Fn many;
  Fn one;
  Sha256Path path;  // what actually runs (kAuto resolved, SHA-NI unavailable -> kOpenSsl)
};
const Sha256Kernel& Sha256KernelFor(Sha256Path path);

// Where a stream of messages starts: the SHA-256 initial value, or the state after a 64-byte
// prefix (a midstate), with the number of bytes already absorbed (for the length padding).
struct Sha256Start {
  std::array<uint32_t, 8> h;
  uint64_t absorbed = 0;
};
const Sha256Start& Sha256Iv();

// The digest words (big-endian values, word 0 first) as the 32 digest bytes.
inline void StoreDigest(const uint32_t h[8], uint8_t* out) {
  for (int i = 0; i < 8; ++i) {
    const uint32_t be = __builtin_bswap32(h[i]);
    std::memcpy(out + 4 * i, &be, 4);
  }
}

// Zeroes `blocks` 64-byte blocks at p (16-byte aligned) with 16-byte stores. A memset of 64 or
// 128 bytes (or a loop GCC recognises as one) compiles to `rep stosq`, whose start-up cost on
// the target CPU was 60 % of the time outside the compressions when hashing a Merkle level
// (perf, session 35); the empty asm hides that the stored value is zero.
inline void ZeroBlocks(uint8_t* p, int blocks) {
  using Vec = uint8_t __attribute__((vector_size(16), aligned(16)));
  Vec zero = {};
  __asm__("" : "+x"(zero));
  auto* v = reinterpret_cast<Vec*>(p);
  for (int i = 0; i < 4 * blocks; ++i) v[i] = zero;
}

// Pads a message of `size` bytes already written at the start of `buf`, whose other bytes are
// zero: the 0x80 byte after it and the big-endian bit length of start + message at the end of
// its `blocks` 64-byte blocks (size + 9 <= 64 * blocks).
inline void Sha256PadAt(uint8_t* buf, int blocks, const Sha256Start& start, size_t size) {
  buf[size] = 0x80;
  const uint64_t bits = __builtin_bswap64((start.absorbed + size) * 8);
  std::memcpy(buf + static_cast<size_t>(blocks) * 64 - 8, &bits, 8);
}

// Writes `message` into `buf`, already zeroed, and pads it (Sha256PadAt). Callers zero `buf`
// with ZeroBlocks first.
inline void Sha256PadZeroed(uint8_t* buf, int blocks, const Sha256Start& start,
                            std::string_view message) {
  std::memcpy(buf, message.data(), message.size());
  Sha256PadAt(buf, blocks, start, message.size());
}

// Messages that all take exactly `Blocks` blocks once padded, hashed `kernel.lanes` at a time
// and written by the caller straight into their lane: Slot() is the next lane's buffer, zeroed;
// the caller writes and pads the message there (Sha256PadAt) and calls Commit(tag). A full set
// of lanes is compressed at once and each digest handed to emit(tag, h) (digest words), in
// commit order; Finish() does the same for a partial set. No message source, no per-lane state:
// the draw's hot loops (leaves, nodes, tickets) know their messages' sizes.
template <int Blocks, class Tag, class Emit>
class Sha256FixedLanes {
 public:
  Sha256FixedLanes(const Sha256Kernel& kernel, const Sha256Start& start, Emit emit)
      : kernel_(kernel), start_(start), emit_(emit) {
    for (int l = 0; l < kMaxLanes; ++l) blocks_[l] = buf_[l];
  }
  ~Sha256FixedLanes() = default;
  Sha256FixedLanes(const Sha256FixedLanes&) = delete;
  Sha256FixedLanes& operator=(const Sha256FixedLanes&) = delete;

  uint8_t* Slot() {
    ZeroBlocks(buf_[filled_], Blocks);
    return buf_[filled_];
  }
  void Commit(const Tag& tag) {
    tag_[filled_++] = tag;
    if (filled_ == kernel_.lanes) Finish();
  }
  void Finish() {
    for (int l = 0; l < filled_; ++l) std::memcpy(state_[l], start_.h.data(), sizeof state_[l]);
    if (filled_ == kernel_.lanes && filled_ > 1) {
      for (int b = 0; b < Blocks; ++b) {
        kernel_.many(state_, blocks_);
        if (b + 1 < Blocks)
          for (int l = 0; l < filled_; ++l) blocks_[l] += 64;
      }
      for (int l = 0; l < kMaxLanes; ++l) blocks_[l] = buf_[l];
    } else {
      for (int l = 0; l < filled_; ++l) {
        for (int b = 0; b < Blocks; ++b) {
          const uint8_t* block = buf_[l] + 64 * b;
          kernel_.one(&state_[l], &block);
        }
      }
    }
    for (int l = 0; l < filled_; ++l) emit_(tag_[l], state_[l]);
    filled_ = 0;
  }

 private:
  static constexpr int kMaxLanes = 8;
  const Sha256Kernel& kernel_;
  const Sha256Start& start_;
  Emit emit_;
  int filled_ = 0;
  alignas(16) uint8_t buf_[kMaxLanes][64 * Blocks];
  uint32_t state_[kMaxLanes][8];
  const uint8_t* blocks_[kMaxLanes];
  Tag tag_[kMaxLanes];
};

// The digest of start + `message` on one lane, for messages of any length.
void Sha256Single(const Sha256Kernel& kernel, const Sha256Start& start, std::string_view message,
                  uint32_t out[8]);

// Hashes a stream of messages, several at a time. `source` provides
//   bool Next(std::string_view& message, Tag& tag)   // false when there is none left; the view
//                                                    // need only live until the next call
//   void Emit(const Tag& tag, const uint32_t h[8])   // H(start || message), as digest words
// Emit is called once per message, in no particular order (a two-block message finishes after
// the one-block messages started with it), always on the calling thread. Messages of up to
// kLaneMessage bytes take a lane; longer ones are hashed on their own as they come.
inline constexpr size_t kLaneMessage = 128 - 9;

template <class Source>
void Sha256Stream(const Sha256Kernel& kernel, const Sha256Start& start, Source& source) {
  using Tag = typename Source::Tag;
  constexpr int kMaxLanes = 8;
  struct Lane {
    alignas(16) uint8_t buf[128];
    Tag tag;
    int block;
    int blocks;
  };
  Lane lanes[kMaxLanes];
  uint32_t state[kMaxLanes][8];
  const uint8_t* blocks[kMaxLanes];
  const int width = kernel.lanes;
  // Loads the next short message into lane l, hashing long ones on the way; false at the end.
  auto load = [&](int l) {
    std::string_view m;
    Lane& lane = lanes[l];
    while (source.Next(m, lane.tag)) {
      if (m.size() > kLaneMessage) {
        uint32_t h[8];
        Sha256Single(kernel, start, m, h);
        source.Emit(lane.tag, h);
        continue;
      }
      const size_t len = m.size();
      lane.blocks = len + 9 <= 64 ? 1 : 2;
      lane.block = 0;
      // Padding with fixed-size stores (the compiler inlines them): zero the whole buffer,
      // then the message, 0x80 and the bit length, big-endian, at the end of its last block.
      ZeroBlocks(lane.buf, 2);
      Sha256PadZeroed(lane.buf, lane.blocks, start, m);
      std::memcpy(state[l], start.h.data(), sizeof state[l]);
      return true;
    }
    return false;
  };
  bool live[kMaxLanes] = {};
  int active = 0;
  for (int l = 0; l < width; ++l) active += (live[l] = load(l)) ? 1 : 0;
  // All lanes busy: one multi-lane compression per step; a finished lane takes the next message.
  while (active == width && width > 1) {
    for (int l = 0; l < width; ++l) blocks[l] = lanes[l].buf + 64 * lanes[l].block;
    kernel.many(state, blocks);
    for (int l = 0; l < width; ++l) {
      if (++lanes[l].block < lanes[l].blocks) continue;
      source.Emit(lanes[l].tag, state[l]);
      if (!(live[l] = load(l))) --active;
    }
  }
  // The tail (and the one-lane kernels): each remaining message alone.
  for (int l = 0; l < width; ++l) {
    while (live[l]) {
      for (; lanes[l].block < lanes[l].blocks; ++lanes[l].block) {
        const uint8_t* b = lanes[l].buf + 64 * lanes[l].block;
        kernel.one(&state[l], &b);
      }
      source.Emit(lanes[l].tag, state[l]);
      live[l] = load(l);
    }
  }
}

// The SHA-256 state after absorbing exactly one 64-byte block `prefix`; Finish(tail) returns
// H(prefix || tail). Tails up to kOneBlockTail bytes cost a single compression. Immutable after
// construction, so one instance may be shared by any number of threads.
class Sha256Midstate {
 public:
  static constexpr size_t kPrefixSize = 64;
  // Longest tail that still fits, with padding, into one more block (64 - 1 - 8).
  static constexpr size_t kOneBlockTail = 55;

  // `prefix` must be exactly 64 bytes.
  explicit Sha256Midstate(std::string_view prefix);

  // The digest as eight big-endian 32-bit words (word 0 is the most significant), which is
  // the form the ticket arithmetic wants; no byte shuffling on the fast path.
  std::array<uint32_t, 8> FinishWords(std::string_view tail) const;

  // Where Sha256Stream starts to hash tails after the prefix.
  const Sha256Start& start() const { return start_; }

 private:
  Sha256Start start_;
};

}  // namespace suiji::draw
