// The audit log's storage: append inside the caller's transaction, scan in order.
#pragma once

#include <functional>

#include "core/audit.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// Appends `entry` (seq, prev_hash and hash are filled in) inside the caller's write
// transaction. Updating the single audit_head row serialises concurrent appenders on both
// databases, so the chain never forks. Returns the stored entry.
StatusOr<AuditEntry> AppendAudit(Connection& c, AuditEntry entry);

struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};
StatusOr<AuditHead> ReadAuditHead(Connection& c);

// Calls on_entry for entries with seq >= from_seq in order; stops when it returns false.
Status ScanAudit(Connection& c, int64_t from_seq,
                 const std::function<bool(const AuditEntry&)>& on_entry);
// Entries for one entity, newest first, at most `limit`.
StatusOr<std::vector<AuditEntry>> ListAuditFor(Connection& c, std::string_view entity,
                                               std::string_view entity_id, int limit);

using AuditCheckpoint = ::suiji::AuditCheckpoint;  // core/audit.h
Status InsertAuditCheckpoint(Connection& c, const AuditCheckpoint& cp);
StatusOr<std::vector<AuditCheckpoint>> ListAuditCheckpoints(Connection& c);
// Checkpoints with seq > after_seq, oldest first, at most `limit`.
StatusOr<std::vector<AuditCheckpoint>> ListAuditCheckpoints(Connection& c, int64_t after_seq,
                                                            int limit);
StatusOr<std::optional<AuditCheckpoint>> FindAuditCheckpoint(Connection& c, int64_t seq);
// The stored hash of entry `seq`, nullopt when there is no such entry.
StatusOr<std::optional<std::string>> FindAuditHash(Connection& c, int64_t seq);

// Names the database the connection is on, beyond its URL: SQLite's main file (absolute path),
// PostgreSQL's database and schema. Tells apart databases that share a key directory.
StatusOr<std::string> DatabaseIdentity(Connection& c);

// What audit verification walks to find rows no entry accounts for (in id order).
struct AuditedRecord {
  int64_t id = 0;
  std::string number;  // draw_no / task_no
};
StatusOr<std::vector<AuditedRecord>> ListDrawsForAudit(Connection& c);
StatusOr<std::vector<AuditedRecord>> ListTasksForAudit(Connection& c);

}  // namespace suiji::store
