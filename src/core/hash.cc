#include "core/hash.h"

#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>

namespace suiji {
namespace {

const EVP_MD* Md() {
  // Pre-fetched once: OpenSSL 3 re-fetches the algorithm on every one-shot call otherwise.
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

std::string Sha256(std::string_view data) {
  Sha256Hasher h;
  h.Update(data);
  return h.Finish();
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, Md(), nullptr) != 1)
    throw std::runtime_error("SHA-256 unavailable");
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Flush() {
  if (used_ != 0) EVP_DigestUpdate(ctx_, buf_.data(), used_);
  used_ = 0;
}

Sha256Hasher& Sha256Hasher::Update(std::string_view data) {
  if (data.empty()) return *this;
  if (data.size() > buf_.size() - used_) {
    Flush();
    if (data.size() >= buf_.size()) {
      EVP_DigestUpdate(ctx_, data.data(), data.size());
      return *this;
    }
  }
  std::memcpy(buf_.data() + used_, data.data(), data.size());
  used_ += data.size();
  return *this;
}

Sha256Hasher& Sha256Hasher::UpdateU32(uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
  return Update(std::string_view(b, 4));
}

Sha256Hasher& Sha256Hasher::UpdateLengthPrefixed(std::string_view data) {
  UpdateU32(static_cast<uint32_t>(data.size()));
  return Update(data);
}

std::string Sha256Hasher::Finish() {
  Flush();
  std::string out(32, '\0');
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, reinterpret_cast<unsigned char*>(out.data()), &len);
  EVP_DigestInit_ex(ctx_, Md(), nullptr);
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace suiji
