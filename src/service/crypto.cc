#include "service/crypto.h"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/hash.h"

namespace suiji::service {

Status InitCrypto() {
  static const int rc = sodium_init();
  if (rc < 0) return Internal("sodium_init failed");
  return OkStatus();
}

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

StatusOr<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  RETURN_IF_ERROR(InitCrypto());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return ResourceExhausted("PASSWORD_HASH_FAILED", "服务器内存不足，暂时无法处理密码");
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!InitCrypto().ok()) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void BurnPasswordVerification(std::string_view password) {
  static const std::string dummy = [] {
    auto h = HashPassword("suiji-timing-equaliser");
    return h.ok() ? *h : std::string();
  }();
  VerifyPassword(dummy, password);
}

StatusOr<SigningKey> SigningKey::LoadOrCreate(const std::string& path, EntropySource& entropy) {
  RETURN_IF_ERROR(InitCrypto());
  namespace fs = std::filesystem;
  std::error_code ec;
  SigningKey key;
  if (fs::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string hex((std::istreambuf_iterator<char>(in)), {});
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    auto seed = FromHex(hex);
    if (!seed || seed->size() != crypto_sign_SEEDBYTES)
      return DataLoss("SIGNING_KEY_CORRUPT", "平台签名密钥文件已损坏：" + path);
    return FromSeed(*seed);
  }
  fs::path p(path);
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Unavailable("SIGNING_KEY_IO", "无法创建密钥目录：" + p.parent_path().string());
    fs::permissions(p.parent_path(), fs::perms::owner_all, ec);
  }
  std::string seed = entropy.Bytes(crypto_sign_SEEDBYTES);
  // Write to a temp file created 0600, then rename: never a readable or half-written key.
  std::string tmp = path + ".tmp";
  mode_t old = umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ToHex(seed) << "\n";
    out.close();
    if (!out) {
      umask(old);
      return Unavailable("SIGNING_KEY_IO", "无法写入平台签名密钥文件：" + path);
    }
  }
  umask(old);
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
  fs::rename(tmp, path, ec);
  if (ec) return Unavailable("SIGNING_KEY_IO", "无法写入平台签名密钥文件：" + path);
  return FromSeed(seed);
}

SigningKey SigningKey::FromSeed(std::string_view seed32) {
  InitCrypto().IgnoreError();
  SigningKey k;
  k.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  k.secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(k.public_key_.data()),
                           reinterpret_cast<unsigned char*>(k.secret_key_.data()),
                           reinterpret_cast<const unsigned char*>(seed32.data()));
  return k;
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return sig;
}

std::string SigningKey::key_id() const { return ToHex(Sha256(public_key_)).substr(0, 16); }

bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace suiji::service
