// Production implementations of the injected Clock and EntropySource.
#pragma once

#include "core/entropy.h"
#include "core/time.h"

namespace suiji::app {

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// The OS CSPRNG (libsodium randombytes, getrandom(2) underneath).
class OsEntropy final : public EntropySource {
 public:
  std::string Bytes(size_t n) override;
};

}  // namespace suiji::app
