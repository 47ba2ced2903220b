// Cryptographic adapters over libsodium: argon2id password hashes and the platform's Ed25519
// signing key (SPEC §SEC, DRAW-SPEC §7). Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/entropy.h"
#include "core/status.h"

namespace suiji::service {

// Calls sodium_init() once; Internal if libsodium cannot initialise.
Status InitCrypto();

struct PasswordCost {
  unsigned long long ops;
  size_t mem_bytes;
  static PasswordCost Interactive();  // libsodium's INTERACTIVE limits (~64 MiB)
};

StatusOr<std::string> HashPassword(std::string_view password,
                                   PasswordCost cost = PasswordCost::Interactive());
bool VerifyPassword(std::string_view hash, std::string_view password);
// Runs a verification against a fixed hash so unknown users cost the same time as known ones.
void BurnPasswordVerification(std::string_view password);

// Reads the hex-encoded key of `size` bytes in `path`, or creates it from `entropy`: written to a
// 0600 temp file (parent directory 0700 if created) and renamed, so a key file is never readable
// by others nor half-written. `what` names the key in messages. Errors: DataLoss
// KEY_FILE_CORRUPT, Unavailable KEY_FILE_IO.
StatusOr<std::string> LoadOrCreateKeyFile(const std::string& path, size_t size,
                                          EntropySource& entropy, std::string_view what);

// The platform's Ed25519 key. The private key lives in a file readable only by its owner.
class SigningKey {
 public:
  // Loads the key at `path`, or creates it (mode 0600, parent directory 0700 if created).
  static StatusOr<SigningKey> LoadOrCreate(const std::string& path, EntropySource& entropy);
  // A key from a 32-byte seed (tests).
  static SigningKey FromSeed(std::string_view seed32);

  std::string Sign(std::string_view message) const;              // 64-byte signature
  const std::string& public_key() const { return public_key_; }  // 32 bytes
  // First 16 hex digits of SHA-256(public key): names the key in bundles and checkpoints.
  std::string key_id() const;

 private:
  std::string secret_key_;  // 64 bytes (libsodium format: seed || public key)
  std::string public_key_;
};

// Symmetric authenticated encryption (libsodium secretbox, XSalsa20-Poly1305) with a key kept in
// a file beside the signing key — not in the database, so a database dump alone reveals
// nothing sealed with it (draw secrets before their reveal, personal data).
class SecretBox {
 public:
  // Loads the 32-byte key at `path`, or creates it (mode 0600).
  static StatusOr<SecretBox> LoadOrCreate(const std::string& path, EntropySource& entropy);
  static SecretBox FromKey(std::string_view key32);

  // nonce || ciphertext.
  std::string Seal(std::string_view plaintext, EntropySource& entropy) const;
  // DataLoss (SEALED_DATA_CORRUPT) when the data was altered or sealed with another key.
  StatusOr<std::string> Open(std::string_view sealed) const;

 private:
  std::string key_;
};

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// A public key's fingerprint, its key_id in bundles, checkpoints and GET /api/v1/keys: the first
// 16 hex digits of SHA-256 of the 32 raw bytes (tools/verify_draw.py computes the same).
std::string KeyFingerprint(std::string_view public_key);

}  // namespace suiji::service
