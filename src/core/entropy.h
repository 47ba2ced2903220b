// Source of unpredictable bytes (the draw's server secret, session tokens, salts).
// Production uses the OS CSPRNG (see src/app); tests inject fixed bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace suiji {

class EntropySource {
 public:
  virtual ~EntropySource() = default;
  // Returns `n` random bytes. Thread-safe.
  virtual std::string Bytes(size_t n) = 0;
};

// Deterministic bytes for tests: a counter-mode stream (byte i = seed + i, mixed), never
// to be used for real secrets.
class FixedEntropy final : public EntropySource {
 public:
  explicit FixedEntropy(uint8_t seed = 0) : next_(seed) {}
  std::string Bytes(size_t n) override {
    std::lock_guard lock(mu_);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(next_++ * 167 + 13);
    return out;
  }

 private:
  std::mutex mu_;
  uint8_t next_;
};

}  // namespace suiji
