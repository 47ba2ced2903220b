#include "service/pii_cipher.h"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/hash.h"
#include "core/ids.h"
#include "service/crypto.h"

namespace suiji::service {
namespace {

// crypto_kdf context: exactly 8 bytes, names what the sub-keys are for.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "SJ-PII-1";
constexpr uint64_t kBoxSubkey = 1;
constexpr uint64_t kHashSubkey = 2;

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* U(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

PiiCipher PiiCipher::FromKey(std::string_view key32) {
  InitCrypto().IgnoreError();
  PiiCipher c;
  c.box_key_.resize(crypto_secretbox_KEYBYTES);
  c.hash_key_.resize(crypto_generichash_KEYBYTES);
  crypto_kdf_derive_from_key(U(c.box_key_), c.box_key_.size(), kBoxSubkey, kKdfContext, U(key32));
  crypto_kdf_derive_from_key(U(c.hash_key_), c.hash_key_.size(), kHashSubkey, kKdfContext, U(key32));
  return c;
}

StatusOr<PiiCipher> PiiCipher::LoadOrCreate(const std::string& path, EntropySource& entropy) {
  RETURN_IF_ERROR(InitCrypto());
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string hex((std::istreambuf_iterator<char>(in)), {});
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    auto key = FromHex(hex);
    if (!key || key->size() != crypto_kdf_KEYBYTES)
      return DataLoss("PII_KEY_CORRUPT", "个人信息加密密钥文件已损坏：" + path);
    return FromKey(*key);
  }
  fs::path p(path);
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Unavailable("PII_KEY_IO", "无法创建密钥目录：" + p.parent_path().string());
    fs::permissions(p.parent_path(), fs::perms::owner_all, ec);
  }
  const std::string key = entropy.Bytes(crypto_kdf_KEYBYTES);
  // Temp file created 0600 then renamed: the key is never readable by others or half-written.
  const std::string tmp = path + ".tmp";
  const mode_t old = umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ToHex(key) << "\n";
    out.close();
    if (!out) {
      umask(old);
      return Unavailable("PII_KEY_IO", "无法写入个人信息加密密钥文件：" + path);
    }
  }
  umask(old);
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
  fs::rename(tmp, path, ec);
  if (ec) return Unavailable("PII_KEY_IO", "无法写入个人信息加密密钥文件：" + path);
  return FromKey(key);
}

std::string PiiCipher::CitizenIdHash(std::string_view id) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, U(id), id.size(), U(hash_key_), hash_key_.size());
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

store::SealedCitizenId PiiCipher::SealCitizenId(std::string_view id, EntropySource& entropy) const {
  store::SealedCitizenId s;
  std::string nonce = entropy.Bytes(crypto_secretbox_NONCEBYTES);
  std::string box(crypto_secretbox_MACBYTES + id.size(), '\0');
  crypto_secretbox_easy(U(box), U(id), id.size(), U(nonce), U(box_key_));
  s.cipher = nonce + box;
  s.hash = CitizenIdHash(id);
  s.masked = MaskCitizenId(id);
  return s;
}

StatusOr<std::string> PiiCipher::Open(std::string_view cipher) const {
  if (cipher.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return DataLoss("PII_DECRYPT_FAILED", "个人信息密文已损坏，无法解密");
  std::string_view nonce = cipher.substr(0, crypto_secretbox_NONCEBYTES);
  std::string_view box = cipher.substr(crypto_secretbox_NONCEBYTES);
  std::string out(box.size() - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(U(out), U(box), box.size(), U(nonce), U(box_key_)) != 0)
    return DataLoss("PII_DECRYPT_FAILED", "个人信息密文已损坏或密钥不符，无法解密");
  return out;
}

}  // namespace suiji::service
