// The services of one running platform, wired over one database. Built by the composition
// root (src/app) from concrete Clock, EntropySource and Database; used by the HTTP API and
// the CLI alike.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/entropy.h"
#include "core/time.h"
#include "service/auth_service.h"
#include "service/crypto.h"
#include "service/draw_service.h"
#include "service/org_service.h"
#include "service/pii_cipher.h"
#include "service/plans/ceremony.h"
#include "service/plans/plan_service.h"
#include "service/plans/task_service.h"
#include "service/registers/registers.h"
#include "store/database.h"

namespace suiji::service {

struct PlatformOptions {
  std::string key_file;          // the Ed25519 private key (created at first start, mode 0600)
  std::string secrets_key_file;  // the secretbox key sealing draw secrets (same rules)
  std::string pii_key_file;      // the key sealing personal data (same rules)
  // A local addition to the official holiday arrangements (newly announced years).
  std::optional<std::string> calendar_override;
  AuthOptions auth;
};

class Platform {
 public:
  // Migrates nothing: callers run store::Migrate first (serve and migrate do).
  static StatusOr<std::unique_ptr<Platform>> Create(std::unique_ptr<store::Database> db, const Clock& clock,
                                                    EntropySource& entropy, const PlatformOptions& options);

  store::Database& db() { return *db_; }
  const Clock& clock() const { return clock_; }
  EntropySource& entropy() { return entropy_; }
  const SigningKey& signing_key() const { return key_; }
  // Where signed audit checkpoints are exported (audit-checkpoints.jsonl beside the key file).
  const std::string& audit_checkpoint_file() const { return audit_checkpoint_file_; }
  OrgService& org() { return org_; }
  AuthService& auth() { return auth_; }
  DrawService& draws() { return draws_; }
  const SecretBox& secret_box() const { return box_; }
  RegisterServices& registers() { return *registers_; }
  PlanService& plans() { return plans_; }
  TaskService& tasks() { return tasks_; }
  // Reveals and replacement decisions (with the task each draw belongs to).
  Ceremony& ceremony() { return ceremony_; }
  const WorkingCalendar& calendar() const { return calendar_; }

 private:
  Platform(std::unique_ptr<store::Database> db, const Clock& clock, EntropySource& entropy, SigningKey key,
           SecretBox box, PiiCipher pii, WorkingCalendar calendar, const PlatformOptions& options);

  std::unique_ptr<store::Database> db_;
  const Clock& clock_;
  EntropySource& entropy_;
  SigningKey key_;
  std::string audit_checkpoint_file_;
  SecretBox box_;
  OrgService org_;
  AuthService auth_;
  DrawService draws_;
  PiiCipher pii_;
  std::unique_ptr<RegisterServices> registers_;
  WorkingCalendar calendar_;
  PlanService plans_;
  TaskService tasks_;
  Ceremony ceremony_;
};

}  // namespace suiji::service
