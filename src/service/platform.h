// The services of one running platform, wired over one database. Built by the composition
// root (src/app) from concrete Clock, EntropySource and Database; used by the HTTP API and
// the CLI alike.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/entropy.h"
#include "core/time.h"
#include "service/audit.h"
#include "service/auth_service.h"
#include "service/credit/credit_service.h"
#include "service/crypto.h"
#include "service/draw_service.h"
#include "service/inspections/enterprise_link_service.h"
#include "service/inspections/evidence_store.h"
#include "service/inspections/follow_up_service.h"
#include "service/inspections/inspection_service.h"
#include "service/org_service.h"
#include "service/oversight/accountability.h"
#include "service/oversight/deadline_sweep.h"
#include "service/oversight/messages.h"
#include "service/pii_cipher.h"
#include "service/plans/ceremony.h"
#include "service/plans/plan_service.h"
#include "service/plans/task_service.h"
#include "service/registers/registers.h"
#include "service/stats/stats_service.h"
#include "store/database.h"

namespace suiji::service {

struct PlatformOptions {
  std::string key_file;          // the Ed25519 private key (created at first start, mode 0600)
  std::string secrets_key_file;  // the secretbox key sealing draw secrets (same rules)
  std::string pii_key_file;      // the key sealing personal data (same rules)
  // A local addition to the official holiday arrangements (newly announced years).
  std::optional<std::string> calendar_override;
  // Where evidence files are stored (default: evidence/ beside the keys directory).
  std::string evidence_dir;
  AuthOptions auth;
  // This server in the deadline firings it claims ("host:pid"; several servers may share a
  // database).
  std::string instance_name = "suiji";
};

// What GET /api/v1/health reports after a database round trip.
struct Health {
  std::string database;  // "sqlite" | "postgresql"
};

// The schema migrations one MigrateSchema call applied.
struct SchemaMigration {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // "0001_foundation" …
};

class Platform {
 public:
  // Migrates nothing: the composition root migrates first (OpenPlatform), or `suiji migrate`
  // calls MigrateSchema.
  static StatusOr<std::unique_ptr<Platform>> Create(std::unique_ptr<store::Database> db,
                                                    const Clock& clock, EntropySource& entropy,
                                                    const PlatformOptions& options);

  // The database itself: for the services' own wiring and for tests. The edges (api, cli) use
  // the services and the functions below instead.
  store::Database& db() { return *db_; }
  // Applies the pending schema migrations (store::Migrate): SCHEMA_TOO_NEW, SCHEMA_MODIFIED.
  StatusOr<SchemaMigration> MigrateSchema();
  // One database round trip; the database's error when it does not answer.
  StatusOr<Health> CheckHealth();
  // The database for logs, without credentials ("sqlite:./data/suiji.db").
  std::string DescribeDatabase() const;
  const Clock& clock() const { return clock_; }
  EntropySource& entropy() { return entropy_; }
  const SigningKey& signing_key() const { return key_; }
  // Verification, signed checkpoints (exported to audit-checkpoints.jsonl beside the key file).
  AuditLog& audit() { return audit_; }
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
  // Inspection records, review, publication and deadlines (一公开).
  InspectionService& inspections() { return inspections_; }
  EvidenceStore& evidence() { return evidence_; }
  // Oversight statistics (统计分析).
  StatsService& stats() { return stats_; }
  // Credit linkage: list proposals and decisions, targets' credit records.
  CreditService& credit() { return credit_; }
  // 后续处置: cases opened by publication, 复查 tasks, 移送 with receipts (issue 13).
  FollowUpService& follow_ups() { return follow_ups_; }
  // 站内消息, the 责任追究清单 and the working-day deadline sweep (issue 14); `suiji serve`
  // runs the sweep on a DeadlineScheduler.
  MessageService& messages() { return messages_; }
  AccountabilityService& accountability() { return accountability_; }
  DeadlineSweep& deadlines() { return deadlines_; }
  // Online inspection: one-time enterprise links, uploads and 信用承诺书 (issue 13).
  EnterpriseLinkService& enterprise_links() { return enterprise_links_; }

 private:
  Platform(std::unique_ptr<store::Database> db, const Clock& clock, EntropySource& entropy,
           SigningKey key, SecretBox box, PiiCipher pii, WorkingCalendar calendar,
           const PlatformOptions& options);

  std::unique_ptr<store::Database> db_;
  const Clock& clock_;
  EntropySource& entropy_;
  SigningKey key_;
  AuditLog audit_;
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
  EvidenceStore evidence_;
  InspectionService inspections_;
  StatsService stats_;
  CreditService credit_;
  FollowUpService follow_ups_;
  MessageService messages_;
  AccountabilityService accountability_;
  DeadlineSweep deadlines_;
  EnterpriseLinkService enterprise_links_;
};

}  // namespace suiji::service
