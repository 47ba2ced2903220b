#include "service/pii_cipher.h"

#include <sodium.h>

#include "core/hash.h"
#include "core/ids.h"
#include "service/crypto.h"

namespace suiji::service {
namespace {

// crypto_kdf context: exactly 8 bytes, names what the sub-keys are for.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "SJ-PII-1";
constexpr uint64_t kBoxSubkey = 1;
constexpr uint64_t kHashSubkey = 2;

const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

PiiCipher PiiCipher::FromKey(std::string_view key32) {
  InitCrypto().IgnoreError();
  std::string box_key(crypto_secretbox_KEYBYTES, '\0');
  std::string hash_key(crypto_generichash_KEYBYTES, '\0');
  crypto_kdf_derive_from_key(U(box_key), box_key.size(), kBoxSubkey, kKdfContext, U(key32));
  crypto_kdf_derive_from_key(U(hash_key), hash_key.size(), kHashSubkey, kKdfContext, U(key32));
  return PiiCipher(SecretBox::FromKey(box_key), std::move(hash_key));
}

StatusOr<PiiCipher> PiiCipher::LoadOrCreate(const std::string& path, EntropySource& entropy) {
  RETURN_IF_ERROR(InitCrypto());
  ASSIGN_OR_RETURN(std::string key,
                   LoadOrCreateKeyFile(path, crypto_kdf_KEYBYTES, entropy, "个人信息加密密钥"));
  return FromKey(key);
}

std::string PiiCipher::CitizenIdHash(std::string_view id) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, U(id), id.size(), U(hash_key_), hash_key_.size());
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

store::SealedCitizenId PiiCipher::SealCitizenId(std::string_view id, EntropySource& entropy) const {
  store::SealedCitizenId s;
  s.cipher = box_.Seal(id, entropy);  // nonce || secretbox
  s.hash = CitizenIdHash(id);
  s.masked = MaskCitizenId(id);
  return s;
}

StatusOr<std::string> PiiCipher::Open(std::string_view cipher) const {
  auto plain = box_.Open(cipher);
  if (!plain.ok()) return DataLoss("PII_DECRYPT_FAILED", "个人信息密文已损坏或密钥不符，无法解密");
  return plain;
}

}  // namespace suiji::service
