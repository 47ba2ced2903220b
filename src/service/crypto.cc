#include "service/crypto.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

StatusOr<std::string> LoadOrCreateKeyFile(const std::string& path, size_t size,
                                          EntropySource& entropy, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_regular_file(path, ec))
      return Unavailable("KEY_FILE_IO", std::string(what) + "路径不是普通文件：" + path);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Unavailable("KEY_FILE_IO", "无法读取" + std::string(what) + "文件：" + path);
    std::string hex;
    char buf[256];
    // A key file is 65 bytes of hex; never read more than a few kilobytes of whatever is there.
    while (hex.size() < 4096 && in.read(buf, sizeof buf).gcount() > 0) hex.append(buf, in.gcount());
    if (in.bad())
      return Unavailable("KEY_FILE_IO", "无法读取" + std::string(what) + "文件：" + path);
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    auto key = FromHex(hex);
    if (!key || key->size() != size)
      return DataLoss("KEY_FILE_CORRUPT", std::string(what) + "文件已损坏：" + path);
    return *key;
  }
  fs::path p(path);
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Unavailable("KEY_FILE_IO", "无法创建密钥目录：" + p.parent_path().string());
    fs::permissions(p.parent_path(), fs::perms::owner_all, ec);
  }
  std::string key = entropy.Bytes(size);
  // Several servers may start at once on one deployment's fresh key directory: each writes its
  // own temp file and links it into place, which fails if another got there first — then every
  // server uses the winner's key (a rename would let each keep a different one).
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  mode_t old = umask(077);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ToHex(key) << "\n";
    out.close();
    if (!out) {
      umask(old);
      return Unavailable("KEY_FILE_IO", "无法写入" + std::string(what) + "文件：" + path);
    }
  }
  umask(old);
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
  const int linked = link(tmp.c_str(), path.c_str());
  const int link_errno = errno;
  fs::remove(tmp, ec);
  if (linked != 0 && link_errno == EEXIST) return LoadOrCreateKeyFile(path, size, entropy, what);
  if (linked != 0)
    return Unavailable("KEY_FILE_IO", "无法写入" + std::string(what) + "文件：" + path);
  return key;
}

StatusOr<SigningKey> SigningKey::LoadOrCreate(const std::string& path, EntropySource& entropy) {
  RETURN_IF_ERROR(InitCrypto());
  ASSIGN_OR_RETURN(std::string seed,
                   LoadOrCreateKeyFile(path, crypto_sign_SEEDBYTES, entropy, "平台签名密钥"));
  return FromSeed(seed);
}

StatusOr<SecretBox> SecretBox::LoadOrCreate(const std::string& path, EntropySource& entropy) {
  RETURN_IF_ERROR(InitCrypto());
  ASSIGN_OR_RETURN(std::string key,
                   LoadOrCreateKeyFile(path, crypto_secretbox_KEYBYTES, entropy, "数据加密密钥"));
  return FromKey(key);
}

SecretBox SecretBox::FromKey(std::string_view key32) {
  SecretBox b;
  b.key_ = std::string(key32);
  return b;
}

std::string SecretBox::Seal(std::string_view plaintext, EntropySource& entropy) const {
  std::string nonce = entropy.Bytes(crypto_secretbox_NONCEBYTES);
  std::string out = nonce;
  out.resize(nonce.size() + crypto_secretbox_MACBYTES + plaintext.size());
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.data() + nonce.size()),
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        reinterpret_cast<const unsigned char*>(nonce.data()),
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return out;
}

StatusOr<std::string> SecretBox::Open(std::string_view sealed) const {
  auto corrupt = [] {
    return DataLoss("SEALED_DATA_CORRUPT", "加密数据已损坏或密钥不匹配，无法解密");
  };
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return corrupt();
  std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(out.data()),
          reinterpret_cast<const unsigned char*>(sealed.data() + crypto_secretbox_NONCEBYTES),
          sealed.size() - crypto_secretbox_NONCEBYTES,
          reinterpret_cast<const unsigned char*>(sealed.data()),
          reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return corrupt();
  return out;
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

std::string SigningKey::key_id() const { return KeyFingerprint(public_key_); }

std::string KeyFingerprint(std::string_view public_key) {
  return ToHex(Sha256(public_key)).substr(0, 16);
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES)
    return false;
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace suiji::service
