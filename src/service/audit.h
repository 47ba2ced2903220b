// Recording state changes in the hash-chained audit log, and verifying the chain: its links,
// its signed checkpoints (in the database and as seen outside it), and — through content
// checks — that the tables the public relies on still hold what the entries recorded
// (docs/adr/0007-audit-coverage.md).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/authz.h"
#include "core/status.h"
#include "core/time.h"
#include "service/crypto.h"
#include "store/database.h"

namespace suiji::service {

// Appends one entry inside the caller's write transaction; the entry commits or rolls back
// with the change it describes.
StatusOr<AuditEntry> RecordAudit(store::Connection& c, const Clock& clock, const Principal& actor,
                                 std::string action, std::string entity, std::string entity_id,
                                 const nlohmann::json& payload);

// Compares stored rows with what the audit entries recorded. `entry` is called for every entry
// in chain order; `finish` (optional) once after the last one, to compare the tables' current
// rows with what the entries recorded, in both directions (a row no entry accounts for is
// tampering too). A check keeps its state in its closures, so one AuditContentCheck serves one
// verification. Both get a connection of their own and return the problem in Chinese — naming
// the table, the row and the field — or nullopt when consistent.
struct AuditContentCheck {
  std::function<StatusOr<std::optional<std::string>>(store::Connection&, const AuditEntry&)> entry;
  std::function<StatusOr<std::optional<std::string>>(store::Connection&)> finish;
};

// A signed checkpoint as seen outside the database: a line of the export file beside the key
// files, or an item of GET /api/v1/audit/checkpoints an outsider saved.
struct SeenCheckpoint {
  AuditCheckpoint cp;
  std::string chain;  // hash of audit entry 1 when it was written ("" when not recorded)
  std::string
      database;        // the writer's Describe() and store::DatabaseIdentity ("" when not recorded)
  std::string origin;  // where it was read, for messages: "文件 X 第 N 行"
};

// The JSON form of a checkpoint (export lines, the public list).
nlohmann::json AuditCheckpointToJson(const AuditCheckpoint& cp);

// Reads checkpoints from `path`: JSON lines (the export file) or the JSON document of
// GET /api/v1/audit/checkpoints ({"items": [...]}). A torn last line (a crash while
// appending) is ignored; any other unreadable line is InvalidArgument naming the line.
StatusOr<std::vector<SeenCheckpoint>> ReadSeenCheckpoints(const std::string& path);

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t checkpoints = 0;            // rows of audit_checkpoints checked
  int64_t seen_checkpoints = 0;       // checkpoints from outside the database checked
  std::optional<int64_t> broken_seq;  // the first entry that fails, when one is to blame
  std::string problem;                // Chinese description of the failure
};

struct AuditVerifyOptions {
  // The platform's Ed25519 public key: checkpoint signatures are checked when given.
  const std::string* public_key = nullptr;
  std::vector<AuditContentCheck> checks;
  // Checkpoints seen outside the database, all of which must match this chain (a file the
  // operator names: they assert it belongs to this database).
  std::vector<SeenCheckpoint> seen;
  // Checkpoints from the default export file: each applies only when it was written for this
  // chain (same entry 1) or this database (same Describe() and store::DatabaseIdentity); others
  // belong to another database that shares the key directory.
  std::vector<SeenCheckpoint> seen_scoped;
};

// The export file's place: audit-checkpoints.jsonl in the directory of the signing key file.
std::string AuditCheckpointExportPath(const std::string& key_file);

// Public listing of signed checkpoints: the chain's entry-1 hash ("" for an empty log) and the
// checkpoints asked for.
struct AuditCheckpointPage {
  std::string chain;
  std::vector<AuditCheckpoint> items;
};

// The audit log of one platform as the edges (api, cli, the serve loop) use it: verification,
// signed checkpoints and their public listing. Writes of entries go through RecordAudit inside
// the writer's own transaction. Thread-safe (the database is a pool; nothing else is mutable).
class AuditLog {
 public:
  // `db`, `clock` and `key` must outlive the log. `export_file` is where WriteCheckpoint appends
  // (AuditCheckpointExportPath of the key file); "" writes no file.
  AuditLog(store::Database& db, const Clock& clock, const SigningKey& key, std::string export_file);

  // Walks the whole chain: sequence numbers, prev links, recomputed hashes, the head row, the
  // signed checkpoints in the database, the checkpoints seen outside it (each must still match
  // the chain and still be in audit_checkpoints), and each content check. Signatures are checked
  // with this platform's key unless `options.public_key` names another one.
  StatusOr<AuditVerifyReport> Verify(AuditVerifyOptions options) const;

  // Writes a signed checkpoint of the current head (size, head hash). When a new checkpoint was
  // written and the log has an export file, appends it (with the chain's entry-1 hash and the
  // database's description) as one JSON line to that file after the commit; failing to append
  // is Unavailable (AUDIT_CHECKPOINT_EXPORT_FAILED), the checkpoint itself stays written.
  StatusOr<AuditCheckpoint> WriteCheckpoint() const;

  // Checkpoints with seq > after_seq, oldest first, at most `limit`. InvalidArgument
  // (PAGE_INVALID, as the other paged lists) unless after_seq >= 0 and
  // 1 <= limit <= kMaxCheckpointPage.
  static constexpr int64_t kMaxCheckpointPage = 5000;
  StatusOr<AuditCheckpointPage> ListCheckpoints(int64_t after_seq, int64_t limit) const;

  // audit-checkpoints.jsonl beside the signing key ("" when none).
  const std::string& export_file() const { return export_file_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  const SigningKey& key_;
  std::string export_file_;
};

// The chain check on its own, for tests and tools holding a database (AuditLog::Verify is this
// with the platform's key).
StatusOr<AuditVerifyReport> VerifyAuditChain(store::Database& db,
                                             const AuditVerifyOptions& options);

}  // namespace suiji::service
