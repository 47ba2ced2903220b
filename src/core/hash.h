// SHA-256 and hex helpers (OpenSSL 3, the EVP_MD fetched once per process).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace suiji {

// Raw 32-byte SHA-256 of `data`.
std::string Sha256(std::string_view data);

// Incremental SHA-256. Not thread-safe; one per thread. Small updates (a length prefix, an id)
// are gathered in a buffer and handed to OpenSSL a few kilobytes at a time: each EVP call costs
// ~20 ns, which dominated hashing a draw's result (four updates per selected target).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Update(std::string_view data);
  // u32 big-endian length, then the bytes (DRAW-SPEC's lp()).
  Sha256Hasher& UpdateLengthPrefixed(std::string_view data);
  Sha256Hasher& UpdateU32(uint32_t v);
  // Returns the raw 32-byte digest and resets the hasher.
  std::string Finish();

 private:
  void Flush();

  evp_md_ctx_st* ctx_;
  size_t used_ = 0;
  std::array<unsigned char, 4096> buf_;
};

// Lowercase hex.
std::string ToHex(std::string_view bytes);
// Accepts upper or lower case; nullopt on odd length or a non-hex character.
std::optional<std::string> FromHex(std::string_view hex);

// Constant-time comparison of equal-length byte strings.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace suiji
