#include "service/platform.h"

namespace suiji::service {

StatusOr<std::unique_ptr<Platform>> Platform::Create(std::unique_ptr<store::Database> db, const Clock& clock,
                                                     EntropySource& entropy, const PlatformOptions& options) {
  RETURN_IF_ERROR(InitCrypto());
  ASSIGN_OR_RETURN(SigningKey key, SigningKey::LoadOrCreate(options.key_file, entropy));
  ASSIGN_OR_RETURN(SecretBox box, SecretBox::LoadOrCreate(options.secrets_key_file, entropy));
  if (options.pii_key_file.empty())
    return InvalidArgument("PII_KEY_FILE_REQUIRED", "未指定个人信息加密密钥文件");
  ASSIGN_OR_RETURN(PiiCipher pii, PiiCipher::LoadOrCreate(options.pii_key_file, entropy));
  return std::unique_ptr<Platform>(
      new Platform(std::move(db), clock, entropy, std::move(key), std::move(box), std::move(pii), options));
}

Platform::Platform(std::unique_ptr<store::Database> db, const Clock& clock, EntropySource& entropy, SigningKey key,
                   SecretBox box, PiiCipher pii, const PlatformOptions& options)
    : db_(std::move(db)),
      clock_(clock),
      entropy_(entropy),
      key_(std::move(key)),
      box_(std::move(box)),
      org_(*db_, clock_),
      auth_(*db_, clock_, entropy_, org_, options.auth),
      draws_(*db_, clock_, entropy_, org_, key_, box_),
      pii_(std::move(pii)),
      registers_(std::make_unique<RegisterServices>(*db_, clock_, entropy_, org_, pii_)) {}

}  // namespace suiji::service
