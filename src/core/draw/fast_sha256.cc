// OpenSSL 3 deprecates the low-level SHA256_* functions in favour of EVP, but EVP has no way to
// resume from a cached midstate at the cost of one compression. Measured on the target machine
// (AMD EPYC, SHA-NI, 18-byte labels): SHA256_Transform on a prepared block 45 ns, low-level
// context copy + Update + Final 54 ns, EVP_MD_CTX_copy_ex + Update + Final 79 ns. The
// deprecation is suppressed in this file only.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "core/draw/fast_sha256.h"

#include <openssl/sha.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define SUIJI_HAVE_SHA_NI_KERNELS 1
#endif

#include <cstring>
#include <stdexcept>

namespace suiji::draw {
namespace {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
// 64 primes.
alignas(16) constexpr uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// FIPS 180-4 §5.3.3: the initial hash value.
constexpr Sha256Start kIv = {{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
                              0x9b05688c, 0x1f83d9ab, 0x5be0cd19},
                             0};

#if SUIJI_HAVE_SHA_NI_KERNELS
// --- SHA-NI --------------------------------------------------------------------------------
//
// sha256rnds2(cdgh, abef, wk) performs two rounds: it takes the working variables split as
// {A,B,E,F} and {C,D,G,H} (A and C in the highest 32-bit element) and W[t]+K[t], W[t+1]+K[t+1]
// in the two lowest elements of wk, and returns the new {A,B,E,F}; the new {C,D,G,H} is the old
// {A,B,E,F}. So four rounds are two calls with the roles swapped. sha256msg1/sha256msg2 compute
// the message schedule four words at a time (FIPS 180-4 §6.2.2 step 1):
//   msg1(W[t-16..t-13], W[t-12..t-9])               = W[t-16..] + σ0(W[t-15..])
//   msg2(that + W[t-7..t-4], W[t-4..t-1])            = W[t..t+3]
// Each lane is one message; the lanes' instructions are interleaved so that the SHA unit has
// independent work while one lane's round waits for the previous one.

#define SUIJI_SHA_TARGET __attribute__((target("sha,sse4.1")))

// Eight state words h[0..7] = A..H (element 0 of a load is the lowest) to {A,B,E,F}, {C,D,G,H}.
SUIJI_SHA_TARGET inline void ToRoundOrder(const uint32_t* h, __m128i& abef, __m128i& cdgh) {
  const __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h));      // [A,B,C,D]
  const __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4));  // [E,F,G,H]
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);  // elements [B,A,D,C]
  const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);  // elements [H,G,F,E]
  abef = _mm_alignr_epi8(cdab, efgh, 8);               // [F,E,B,A]
  cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);            // [H,G,D,C]
}

SUIJI_SHA_TARGET inline void FromRoundOrder(__m128i abef, __m128i cdgh, uint32_t* h) {
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);  // [A,B,E,F]
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);  // [G,H,C,D]
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h + 4), _mm_alignr_epi8(dchg, feba, 8));
}

template <int L>
SUIJI_SHA_TARGET void CompressShaNi(uint32_t (*state)[8], const uint8_t* const* blocks) {
  // Byte order within each 32-bit word: the message is big-endian.
  const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i abef[L], cdgh[L], w[L][4];
#pragma GCC unroll 8
  for (int l = 0; l < L; ++l) ToRoundOrder(state[l], abef[l], cdgh[l]);
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {  // rounds 4g .. 4g+3
    const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g));
#pragma GCC unroll 8
    for (int l = 0; l < L; ++l) {
      __m128i& cur = w[l][g % 4];  // holds W[4g-16 .. 4g-13] until replaced by W[4g .. 4g+3]
      if (g < 4) {
        cur = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks[l] + 16 * g)), swap);
      } else {
        const __m128i& w12 = w[l][(g + 1) % 4];         // W[4g-12 .. 4g-9]
        const __m128i& w8 = w[l][(g + 2) % 4];          // W[4g-8 .. 4g-5]
        const __m128i& w4 = w[l][(g + 3) % 4];          // W[4g-4 .. 4g-1]
        const __m128i w7 = _mm_alignr_epi8(w4, w8, 4);  // W[4g-7 .. 4g-4]
        cur = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(cur, w12), w7), w4);
      }
      __m128i wk = _mm_add_epi32(cur, k);
      cdgh[l] = _mm_sha256rnds2_epu32(cdgh[l], abef[l], wk);  // now {A,B,E,F} after 2 rounds
      wk = _mm_shuffle_epi32(wk, 0x0E);
      abef[l] = _mm_sha256rnds2_epu32(abef[l], cdgh[l], wk);
    }
  }
#pragma GCC unroll 8
  for (int l = 0; l < L; ++l) {
    __m128i abef0, cdgh0;
    ToRoundOrder(state[l], abef0, cdgh0);
    FromRoundOrder(_mm_add_epi32(abef[l], abef0), _mm_add_epi32(cdgh[l], cdgh0), state[l]);
  }
}

#endif  // SUIJI_HAVE_SHA_NI_KERNELS

// --- OpenSSL, one block at a time ----------------------------------------------------------

void CompressOpenSsl(uint32_t (*state)[8], const uint8_t* const* blocks) {
  SHA256_CTX ctx;
  for (int i = 0; i < 8; ++i) ctx.h[i] = state[0][i];
  SHA256_Transform(&ctx, blocks[0]);
  for (int i = 0; i < 8; ++i) state[0][i] = ctx.h[i];
}

bool DetectShaNi() {
#if SUIJI_HAVE_SHA_NI_KERNELS
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_SSE4_1) == 0) return false;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  return (b & bit_SHA) != 0;
#else
  return false;
#endif
}

}  // namespace

bool CpuHasShaNi() {
  static const bool has = DetectShaNi();
  return has;
}

const Sha256Kernel& Sha256KernelFor(Sha256Path path) {
  static constexpr Sha256Kernel kOpenSsl = {1, CompressOpenSsl, CompressOpenSsl,
                                            Sha256Path::kOpenSsl};
#if SUIJI_HAVE_SHA_NI_KERNELS
  static constexpr Sha256Kernel kShaNi[] = {
      {1, CompressShaNi<1>, CompressShaNi<1>, Sha256Path::kShaNi1},
      {2, CompressShaNi<2>, CompressShaNi<1>, Sha256Path::kShaNi2},
      {4, CompressShaNi<4>, CompressShaNi<1>, Sha256Path::kShaNi4},
      {8, CompressShaNi<8>, CompressShaNi<1>, Sha256Path::kShaNi8},
  };
  if (path == Sha256Path::kOpenSsl || !CpuHasShaNi()) return kOpenSsl;
  switch (path) {
    case Sha256Path::kShaNi1: return kShaNi[0];
    case Sha256Path::kShaNi2: return kShaNi[1];
    case Sha256Path::kShaNi8: return kShaNi[3];
    default: return kShaNi[2];  // kAuto, kShaNi4: the fastest measured (docs/performance.md)
  }
#else
  (void)path;
  return kOpenSsl;
#endif
}

const Sha256Start& Sha256Iv() { return kIv; }

void Sha256Single(const Sha256Kernel& kernel, const Sha256Start& start, std::string_view message,
                  uint32_t out[8]) {
  uint32_t state[1][8];
  std::memcpy(state[0], start.h.data(), sizeof state[0]);
  const auto* p = reinterpret_cast<const uint8_t*>(message.data());
  size_t left = message.size();
  for (; left >= 64; left -= 64, p += 64) kernel.one(state, &p);
  alignas(16) uint8_t tail[128] = {};
  std::memcpy(tail, p, left);
  tail[left] = 0x80;
  const size_t end = left + 9 <= 64 ? 64 : 128;
  const uint64_t bits = (start.absorbed + message.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[end - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t off = 0; off < end; off += 64) {
    const uint8_t* b = tail + off;
    kernel.one(state, &b);
  }
  std::memcpy(out, state[0], sizeof state[0]);
}

Digest Sha256Of(std::string_view data) {
  uint32_t h[8];
  Sha256Single(Sha256KernelFor(Sha256Path::kAuto), kIv, data, h);
  Digest out;
  StoreDigest(h, out.data());
  return out;
}

Digest Sha256Node(const Digest& left, const Digest& right) {
  uint8_t buf[65];
  buf[0] = 0x01;
  std::memcpy(buf + 1, left.data(), 32);
  std::memcpy(buf + 33, right.data(), 32);
  return Sha256Of(std::string_view(reinterpret_cast<const char*>(buf), sizeof buf));
}

std::string_view AsBytes(const Digest& d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

Sha256Midstate::Sha256Midstate(std::string_view prefix) {
  if (prefix.size() != kPrefixSize) throw std::invalid_argument("midstate prefix must be 64 bytes");
  uint32_t state[1][8];
  std::memcpy(state[0], kIv.h.data(), sizeof state[0]);
  const auto* block = reinterpret_cast<const uint8_t*>(prefix.data());
  Sha256KernelFor(Sha256Path::kAuto).one(state, &block);
  std::memcpy(start_.h.data(), state[0], sizeof state[0]);
  start_.absorbed = kPrefixSize;
}

std::array<uint32_t, 8> Sha256Midstate::FinishWords(std::string_view tail) const {
  std::array<uint32_t, 8> out;
  Sha256Single(Sha256KernelFor(Sha256Path::kAuto), start_, tail, out.data());
  return out;
}

}  // namespace suiji::draw
