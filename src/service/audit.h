// Recording state changes in the hash-chained audit log, and verifying the chain.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/audit.h"
#include "core/authz.h"
#include "core/status.h"
#include "core/time.h"
#include "service/crypto.h"
#include "store/audit_store.h"
#include "store/database.h"

namespace suiji::service {

// Appends one entry inside the caller's write transaction; the entry commits or rolls back
// with the change it describes.
StatusOr<AuditEntry> RecordAudit(store::Connection& c, const Clock& clock, const Principal& actor,
                                 std::string action, std::string entity, std::string entity_id,
                                 const nlohmann::json& payload);

// Checks an entry's payload for consistency with the record it describes (e.g. a stored
// draw's content hash). Returns the problem in Chinese, or nullopt when consistent.
using AuditContentCheck = std::function<StatusOr<std::optional<std::string>>(store::Connection&, const AuditEntry&)>;

struct AuditVerifyReport {
  bool ok = true;
  int64_t entries = 0;
  int64_t checkpoints = 0;
  std::optional<int64_t> broken_seq;  // the first entry that fails
  std::string problem;               // Chinese description of the failure
};

// Walks the whole chain: sequence numbers, prev links, recomputed hashes, the head row, the
// signed checkpoints (when a public key is given), and each content check.
StatusOr<AuditVerifyReport> VerifyAuditChain(store::Database& db, const std::string* public_key,
                                             const std::vector<AuditContentCheck>& checks = {});

// Writes a signed checkpoint of the current head (size, head hash).
StatusOr<store::AuditCheckpoint> WriteAuditCheckpoint(store::Database& db, const Clock& clock,
                                                     const SigningKey& key);

}  // namespace suiji::service
