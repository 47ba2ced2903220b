#include "service/audit.h"

#include "core/hash.h"
#include "store/audit_store.h"

namespace suiji::service {

StatusOr<AuditEntry> RecordAudit(store::Connection& c, const Clock& clock, const Principal& actor,
                                 std::string action, std::string entity, std::string entity_id,
                                 const nlohmann::json& payload) {
  AuditEntry e;
  e.at = FormatTimestamp(clock.Now());
  e.actor = actor.username.empty() ? "system" : actor.username;
  if (actor.user_id > 0) e.actor_id = actor.user_id;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  // dump() of nlohmann::json sorts object keys: the stored text is canonical for a value.
  // Inputs are validated as UTF-8 at the edges; should a byte slip through, it is stored as
  // U+FFFD rather than turning a finished change into a 500 (dump() would throw).
  e.payload = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return store::AppendAudit(c, std::move(e));
}

StatusOr<AuditVerifyReport> VerifyAuditChain(store::Database& db, const std::string* public_key,
                                             const std::vector<AuditContentCheck>& checks) {
  AuditVerifyReport report;
  ASSIGN_OR_RETURN(auto conn, db.Acquire());
  std::string prev(kAuditGenesisHash);
  int64_t expected_seq = 1;
  auto fail = [&](int64_t seq, std::string problem) {
    if (!report.ok) return;
    report.ok = false;
    report.broken_seq = seq;
    report.problem = std::move(problem);
  };
  Status inner;
  Status scan = store::ScanAudit(*conn, 1, [&](const AuditEntry& e) {
    ++report.entries;
    if (e.seq != expected_seq) {
      fail(expected_seq, "第 " + std::to_string(expected_seq) + " 条审计记录缺失（序号不连续，下一条为 " +
                             std::to_string(e.seq) + "）");
      return false;
    }
    if (e.prev_hash != prev) {
      fail(e.seq, "第 " + std::to_string(e.seq) + " 条审计记录的前序哈希与上一条不符（记录被插入、删除或修改）");
      return false;
    }
    if (ComputeAuditHash(e) != e.hash) {
      fail(e.seq, "第 " + std::to_string(e.seq) + " 条审计记录（" + e.action + " " + e.entity + " " +
                      e.entity_id + "）内容与其哈希不符，已被篡改");
      return false;
    }
    prev = e.hash;
    ++expected_seq;
    return true;
  });
  RETURN_IF_ERROR(scan);
  if (!report.ok) return report;
  ASSIGN_OR_RETURN(auto head, store::ReadAuditHead(*conn));
  if (head.seq != expected_seq - 1 || head.hash != prev) {
    fail(expected_seq, "审计日志尾部与头记录不符：头记录为第 " + std::to_string(head.seq) + " 条，实际为第 " +
                           std::to_string(expected_seq - 1) + " 条（末尾记录被删除或头记录被修改）");
    return report;
  }
  ASSIGN_OR_RETURN(auto cps, store::ListAuditCheckpoints(*conn));
  for (const auto& cp : cps) {
    ++report.checkpoints;
    auto sig = FromHex(cp.signature);
    bool sig_ok = public_key == nullptr ||
                  (sig && VerifySignature(*public_key, AuditCheckpointMessage(cp.seq, cp.head_hash), *sig));
    if (!sig_ok) {
      fail(cp.seq, "第 " + std::to_string(cp.seq) + " 条处的签名检查点签名无效");
      return report;
    }
    ASSIGN_OR_RETURN(auto row, conn->QueryOptional("SELECT hash FROM audit_log WHERE seq = $1", {cp.seq}));
    if (cp.seq > 0 && (!row || row->Text(0) != cp.head_hash)) {
      fail(cp.seq, "第 " + std::to_string(cp.seq) + " 条审计记录与已签名检查点不符（日志在检查点之后被改写）");
      return report;
    }
  }
  if (!checks.empty()) {
    // Checks query while the scan streams: they get a connection of their own.
    ASSIGN_OR_RETURN(auto check_conn, db.Acquire());
    Status content = store::ScanAudit(*conn, 1, [&](const AuditEntry& e) {
      for (const auto& check : checks) {
        auto problem = check(*check_conn, e);
        if (!problem.ok()) {
          inner = problem.status();
          return false;
        }
        if (*problem) {
          fail(e.seq, **problem);
          return false;
        }
      }
      return true;
    });
    RETURN_IF_ERROR(content);
    RETURN_IF_ERROR(inner);
  }
  return report;
}

StatusOr<store::AuditCheckpoint> WriteAuditCheckpoint(store::Database& db, const Clock& clock,
                                                     const SigningKey& key) {
  store::AuditCheckpoint cp;
  Status s = store::WithTransaction(db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto head, store::ReadAuditHead(c));
    cp.seq = head.seq;
    cp.head_hash = head.hash;
    cp.at = FormatTimestamp(clock.Now());
    cp.key_id = key.key_id();
    cp.signature = ToHex(key.Sign(AuditCheckpointMessage(cp.seq, cp.head_hash)));
    ASSIGN_OR_RETURN(auto existing,
                     c.QueryOptional("SELECT seq FROM audit_checkpoints WHERE seq = $1", {cp.seq}));
    if (existing) return OkStatus();  // nothing new since the last checkpoint
    return store::InsertAuditCheckpoint(c, cp);
  });
  RETURN_IF_ERROR(s);
  return cp;
}

}  // namespace suiji::service
