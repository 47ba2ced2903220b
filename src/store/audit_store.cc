#include "store/audit_store.h"

namespace suiji::store {
namespace {

constexpr std::string_view kCols =
    "seq, at, actor, actor_id, action, entity, entity_id, payload, prev_hash, hash";

AuditEntry ToEntry(const Row& r) {
  return AuditEntry{r.Int(0),  r.Text(1), r.Text(2), r.OptInt(3), r.Text(4),
                    r.Text(5), r.Text(6), r.Text(7), r.Text(8),   r.Text(9)};
}

}  // namespace

StatusOr<AuditEntry> AppendAudit(Connection& c, AuditEntry e) {
  if (!c.InTransaction()) return Internal("AppendAudit outside a transaction");
  // Taking the head row's lock first (UPDATE ... RETURNING) makes the read-modify-write atomic.
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  if (rs.empty()) return Internal("audit_head row missing");
  e.seq = rs.front().Int(0);
  e.prev_hash = rs.front().Text(1);
  e.hash = ComputeAuditHash(e);
  RETURN_IF_ERROR(c.Execute("UPDATE audit_head SET hash = $1 WHERE id = 1", {e.hash}));
  RETURN_IF_ERROR(c.Execute("INSERT INTO audit_log (" + std::string(kCols) +
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            {e.seq, e.at, e.actor, OrNull(e.actor_id), e.action, e.entity,
                             e.entity_id, e.payload, e.prev_hash, e.hash}));
  return e;
}

StatusOr<AuditHead> ReadAuditHead(Connection& c) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOne("SELECT seq, hash FROM audit_head WHERE id = 1", {},
                              "AUDIT_HEAD_MISSING", "审计日志头记录缺失，数据库可能被篡改"));
  return AuditHead{row.Int(0), row.Text(1)};
}

Status ScanAudit(Connection& c, int64_t from_seq,
                 const std::function<bool(const AuditEntry&)>& on_entry) {
  return c.QueryEach(
      "SELECT " + std::string(kCols) + " FROM audit_log WHERE seq >= $1 ORDER BY seq", {from_seq},
      [&](const Row& r) { return on_entry(ToEntry(r)); });
}

StatusOr<std::vector<AuditEntry>> ListAuditFor(Connection& c, std::string_view entity,
                                               std::string_view entity_id, int limit) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT " + std::string(kCols) +
                           " FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq DESC "
                           "LIMIT $3",
                       {std::string(entity), std::string(entity_id), int64_t{limit}}));
  std::vector<AuditEntry> out;
  for (const Row& r : rs.rows) out.push_back(ToEntry(r));
  return out;
}

Status InsertAuditCheckpoint(Connection& c, const AuditCheckpoint& cp) {
  return c
      .Execute(
          "INSERT INTO audit_checkpoints (seq, head_hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5)",
          {cp.seq, cp.head_hash, cp.at, cp.key_id, cp.signature})
      .status();
}

StatusOr<std::vector<AuditCheckpoint>> ListAuditCheckpoints(Connection& c) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT seq, head_hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq"));
  std::vector<AuditCheckpoint> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

StatusOr<std::vector<AuditCheckpoint>> ListAuditCheckpoints(Connection& c, int64_t after_seq,
                                                            int limit) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT seq, head_hash, at, key_id, signature FROM audit_checkpoints "
                           "WHERE seq > $1 ORDER BY seq LIMIT $2",
                           {after_seq, int64_t{limit}}));
  std::vector<AuditCheckpoint> out;
  for (const Row& r : rs.rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

StatusOr<std::optional<AuditCheckpoint>> FindAuditCheckpoint(Connection& c, int64_t seq) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT seq, head_hash, at, key_id, signature FROM audit_checkpoints "
                      "WHERE seq = $1",
                      {seq}));
  if (!row) return std::optional<AuditCheckpoint>();
  return std::optional<AuditCheckpoint>(
      AuditCheckpoint{row->Int(0), row->Text(1), row->Text(2), row->Text(3), row->Text(4)});
}

StatusOr<std::optional<std::string>> FindAuditHash(Connection& c, int64_t seq) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT hash FROM audit_log WHERE seq = $1", {seq}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

StatusOr<std::string> DatabaseIdentity(Connection& c) {
  if (c.dialect() == Dialect::kSqlite) {
    ASSIGN_OR_RETURN(auto rs, c.Query("PRAGMA database_list"));
    for (const Row& r : rs.rows)
      if (r.Text(1) == "main") return "sqlite:" + r.Text(2);
    return std::string("sqlite:");
  }
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT current_database(), current_schema()"));
  if (!row) return std::string("postgresql:");
  return "postgresql:" + row->Text(0) + "." + row->Text(1);
}

namespace {

StatusOr<std::vector<AuditedRecord>> Records(Connection& c, const std::string& sql) {
  ASSIGN_OR_RETURN(auto rs, c.Query(sql));
  std::vector<AuditedRecord> out;
  for (const Row& r : rs.rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

}  // namespace

StatusOr<std::vector<AuditedRecord>> ListDrawsForAudit(Connection& c) {
  return Records(c, "SELECT id, draw_no FROM draws ORDER BY id");
}

StatusOr<std::vector<AuditedRecord>> ListTasksForAudit(Connection& c) {
  return Records(c, "SELECT id, task_no FROM tasks ORDER BY id");
}

}  // namespace suiji::store
