#include "service/platform.h"

#include <filesystem>

#include "store/migrate.h"

namespace suiji::service {
namespace {

// evidence/ beside the keys directory (the data directory), unless configured.
std::string EvidenceDir(const PlatformOptions& options) {
  if (!options.evidence_dir.empty()) return options.evidence_dir;
  namespace fs = std::filesystem;
  fs::path keys = fs::path(options.key_file).parent_path();
  fs::path data = keys.has_parent_path() ? keys.parent_path() : fs::path(".");
  if (data.empty()) data = ".";
  return (data / "evidence").string();
}

}  // namespace

StatusOr<std::unique_ptr<Platform>> Platform::Create(std::unique_ptr<store::Database> db,
                                                     const Clock& clock, EntropySource& entropy,
                                                     const PlatformOptions& options) {
  RETURN_IF_ERROR(InitCrypto());
  ASSIGN_OR_RETURN(SigningKey key, SigningKey::LoadOrCreate(options.key_file, entropy));
  ASSIGN_OR_RETURN(SecretBox box, SecretBox::LoadOrCreate(options.secrets_key_file, entropy));
  if (options.pii_key_file.empty())
    return InvalidArgument("PII_KEY_FILE_REQUIRED", "未指定个人信息加密密钥文件");
  ASSIGN_OR_RETURN(PiiCipher pii, PiiCipher::LoadOrCreate(options.pii_key_file, entropy));
  ASSIGN_OR_RETURN(WorkingCalendar calendar, WorkingCalendar::Load(options.calendar_override));
  return std::unique_ptr<Platform>(new Platform(std::move(db), clock, entropy, std::move(key),
                                                std::move(box), std::move(pii), std::move(calendar),
                                                options));
}

Platform::Platform(std::unique_ptr<store::Database> db, const Clock& clock, EntropySource& entropy,
                   SigningKey key, SecretBox box, PiiCipher pii, WorkingCalendar calendar,
                   const PlatformOptions& options)
    : db_(std::move(db)),
      clock_(clock),
      entropy_(entropy),
      key_(std::move(key)),
      audit_(*db_, clock_, key_, AuditCheckpointExportPath(options.key_file)),
      box_(std::move(box)),
      org_(*db_, clock_),
      auth_(*db_, clock_, entropy_, org_, options.auth),
      draws_(*db_, clock_, entropy_, org_, key_, box_),
      pii_(std::move(pii)),
      registers_(std::make_unique<RegisterServices>(*db_, clock_, entropy_, org_, pii_)),
      calendar_(std::move(calendar)),
      // Plans form joint tasks through this factory; the task service is built after them.
      plans_(*db_, clock_, org_, *registers_, calendar_,
             [this](store::Connection& c, const Principal& who, const ProposalView& proposal,
                    const std::vector<plans::ProposalMemberRecord>& accepted) {
               return tasks_.CreateJointTaskIn(c, who, proposal, accepted);
             }),
      tasks_(*db_, clock_, org_, *registers_, draws_, plans_),
      ceremony_(*db_, draws_, tasks_),
      evidence_(EvidenceDir(options)),
      inspections_(*db_, clock_, org_, registers_->dictionaries(), calendar_, evidence_),
      stats_(*db_, clock_, org_, *registers_, calendar_),
      credit_(*db_, clock_, org_, calendar_),
      follow_ups_(*db_, clock_, org_),
      messages_(*db_, clock_),
      accountability_(*db_, org_),
      deadlines_(*db_, clock_, org_, calendar_, plans_, inspections_, credit_,
                 options.instance_name),
      enterprise_links_(*db_, clock_, entropy_, org_, calendar_, evidence_) {}

StatusOr<SchemaMigration> Platform::MigrateSchema() {
  ASSIGN_OR_RETURN(store::MigrateReport report, store::Migrate(*db_));
  return SchemaMigration{report.from_version, report.to_version, std::move(report.applied)};
}

StatusOr<Health> Platform::CheckHealth() {
  RETURN_IF_ERROR(store::Ping(*db_));
  return Health{std::string(store::DialectName(db_->dialect()))};
}

std::string Platform::DescribeDatabase() const { return db_->Describe(); }

}  // namespace suiji::service
