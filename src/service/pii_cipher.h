// Personal data at rest (SPEC §SEC, §DIR): the inspectors' 身份证号 are sealed with libsodium's
// crypto_secretbox_easy (XSalsa20-Poly1305) under the platform's PII key, and indexed by a keyed
// BLAKE2b hash so uniqueness can be checked without decrypting anything. Both sub-keys are
// derived from one 32-byte master key (crypto_kdf), kept in a 0600 file created at first start,
// like the signing key. Thread-safe after construction.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/entropy.h"
#include "core/status.h"
#include "service/crypto.h"
#include "store/registers/people_store.h"

namespace suiji::service {

class PiiCipher {
 public:
  // Loads the master key at `path`, or creates it (mode 0600, parent directory 0700 if created)
  // from `entropy` (LoadOrCreateKeyFile). Errors: DataLoss KEY_FILE_CORRUPT, Unavailable
  // KEY_FILE_IO.
  static StatusOr<PiiCipher> LoadOrCreate(const std::string& path, EntropySource& entropy);
  // A cipher from a 32-byte master key (tests).
  static PiiCipher FromKey(std::string_view key32);

  // Seals a normalised citizen ID: ciphertext = nonce (24 random bytes) || secretbox, the
  // keyed hash (hex), and the masked form ("110105********002X").
  store::SealedCitizenId SealCitizenId(std::string_view citizen_id, EntropySource& entropy) const;
  // The keyed hash alone (for look-ups).
  std::string CitizenIdHash(std::string_view citizen_id) const;
  // Decrypts; DataLoss PII_DECRYPT_FAILED when the ciphertext was altered or another key sealed it.
  StatusOr<std::string> Open(std::string_view cipher) const;

 private:
  explicit PiiCipher(SecretBox box, std::string hash_key)
      : box_(std::move(box)), hash_key_(std::move(hash_key)) {}

  SecretBox box_;         // sub-key 1
  std::string hash_key_;  // sub-key 2, 32 bytes, generichash
};

}  // namespace suiji::service
