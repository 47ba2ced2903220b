#include "service/audit.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/hash.h"
#include "store/audit_store.h"

namespace suiji::service {

using Json = nlohmann::json;

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

nlohmann::json AuditCheckpointToJson(const AuditCheckpoint& cp) {
  return {{"seq", cp.seq},
          {"head_hash", cp.head_hash},
          {"at", cp.at},
          {"key_id", cp.key_id},
          {"signature", cp.signature}};
}

namespace {

std::optional<SeenCheckpoint> SeenFromJson(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  SeenCheckpoint s;
  try {
    s.cp.seq = j.at("seq").get<int64_t>();
    s.cp.head_hash = j.at("head_hash").get<std::string>();
    s.cp.signature = j.at("signature").get<std::string>();
    s.cp.at = j.value("at", "");
    s.cp.key_id = j.value("key_id", "");
    s.chain = j.value("chain", "");
    s.database = j.value("database", "");
  } catch (const Json::exception&) {
    return std::nullopt;
  }
  return s;
}

}  // namespace

StatusOr<std::vector<SeenCheckpoint>> ReadSeenCheckpoints(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("AUDIT_CHECKPOINT_FILE_UNREADABLE", "无法读取检查点文件：" + path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<SeenCheckpoint> out;
  // The document GET /api/v1/audit/checkpoints answers, saved as is.
  Json whole = Json::parse(text, nullptr, false);
  if (whole.is_object() && whole.contains("items")) {
    int n = 0;
    for (const auto& item : whole["items"]) {
      ++n;
      auto s = SeenFromJson(item);
      if (!s)
        return InvalidArgument("AUDIT_CHECKPOINT_FILE_INVALID",
                               "检查点文件 " + path + " 第 " + std::to_string(n) + " 项无法解析");
      if (s->chain.empty()) s->chain = whole.value("chain", "");
      s->origin = "检查点文件 " + path + " 第 " + std::to_string(n) + " 项";
      out.push_back(std::move(*s));
    }
    return out;
  }
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  size_t consumed = 0;
  while (std::getline(lines, line)) {
    ++n;
    consumed += line.size() + 1;
    if (line.empty()) continue;
    auto s = SeenFromJson(Json::parse(line, nullptr, false));
    if (!s) {
      if (consumed > text.size()) break;  // the last line, torn by a crash while appending
      return InvalidArgument("AUDIT_CHECKPOINT_FILE_INVALID",
                             "检查点文件 " + path + " 第 " + std::to_string(n) + " 行无法解析");
    }
    s->origin = "检查点文件 " + path + " 第 " + std::to_string(n) + " 行";
    out.push_back(std::move(*s));
  }
  return out;
}

StatusOr<AuditVerifyReport> VerifyAuditChain(store::Database& db,
                                             const AuditVerifyOptions& options) {
  AuditVerifyReport report;
  ASSIGN_OR_RETURN(auto conn, db.Acquire());
  auto fail = [&](std::optional<int64_t> seq, std::string problem) {
    if (!report.ok) return;
    report.ok = false;
    report.broken_seq = seq;
    report.problem = std::move(problem);
  };
  ASSIGN_OR_RETURN(auto cps, store::ListAuditCheckpoints(*conn));
  // The hashes checkpoints name are picked up while the chain streams by.
  std::map<int64_t, std::string> wanted;
  for (const auto& cp : cps) wanted[cp.seq];
  for (const auto* list : {&options.seen, &options.seen_scoped})
    for (const auto& s : *list) wanted[s.cp.seq];
  wanted.emplace(1, "");

  std::string prev(kAuditGenesisHash);
  int64_t expected_seq = 1;
  Status scan = store::ScanAudit(*conn, 1, [&](const AuditEntry& e) {
    ++report.entries;
    if (e.seq != expected_seq) {
      fail(expected_seq, "第 " + std::to_string(expected_seq) +
                             " 条审计记录缺失（序号不连续，下一条为 " + std::to_string(e.seq) +
                             "）");
      return false;
    }
    if (e.prev_hash != prev) {
      fail(e.seq, "第 " + std::to_string(e.seq) +
                      " 条审计记录的前序哈希与上一条不符（记录被插入、删除或修改）");
      return false;
    }
    if (ComputeAuditHash(e) != e.hash) {
      fail(e.seq, "第 " + std::to_string(e.seq) + " 条审计记录（" + e.action + " " + e.entity +
                      " " + e.entity_id + "）内容与其哈希不符，已被篡改");
      return false;
    }
    if (auto it = wanted.find(e.seq); it != wanted.end()) it->second = e.hash;
    prev = e.hash;
    ++expected_seq;
    return true;
  });
  RETURN_IF_ERROR(scan);
  if (!report.ok) return report;
  const int64_t size = expected_seq - 1;
  ASSIGN_OR_RETURN(auto head, store::ReadAuditHead(*conn));
  if (head.seq != size || head.hash != prev) {
    fail(expected_seq, "审计日志尾部与头记录不符：头记录为第 " + std::to_string(head.seq) +
                           " 条，实际为第 " + std::to_string(size) +
                           " 条（末尾记录被删除或头记录被修改）");
    return report;
  }
  auto signature_ok = [&](const AuditCheckpoint& cp) {
    auto sig = FromHex(cp.signature);
    return options.public_key == nullptr ||
           (sig && VerifySignature(*options.public_key,
                                   AuditCheckpointMessage(cp.seq, cp.head_hash), *sig));
  };
  auto hash_at = [&](int64_t seq) -> std::string {
    return seq >= 1 && seq <= size ? wanted[seq] : "";
  };
  for (const auto& cp : cps) {
    ++report.checkpoints;
    if (!signature_ok(cp)) {
      fail(cp.seq,
           "audit_checkpoints 中第 " + std::to_string(cp.seq) + " 条处的签名检查点签名无效");
      return report;
    }
    if (cp.seq > 0 && hash_at(cp.seq) != cp.head_hash) {
      fail(cp.seq, "第 " + std::to_string(cp.seq) +
                       " 条审计记录与已签名检查点不符（日志在检查点之后被改写）");
      return report;
    }
  }
  // Checkpoints seen outside the database: a forger who deletes audit_checkpoints rows and
  // rewrites the chain consistently cannot reach these copies.
  const std::string chain = size >= 1 ? wanted[1] : "";
  ASSIGN_OR_RETURN(std::string identity, store::DatabaseIdentity(*conn));
  const std::string database = db.Describe() + " " + identity;
  auto check_seen = [&](const SeenCheckpoint& s, bool scoped) -> Status {
    if (scoped && !(s.chain == chain && !chain.empty()) &&
        !(s.database == database && !database.empty()))
      return OkStatus();  // another database sharing the key directory
    ++report.seen_checkpoints;
    if (!signature_ok(s.cp)) {
      fail(s.cp.seq, s.origin + "的签名检查点签名无效（该副本被改动，或不是本平台密钥所签）");
      return OkStatus();
    }
    if (s.cp.seq > size) {
      fail(s.cp.seq, "审计日志只有 " + std::to_string(size) + " 条记录，而" + s.origin +
                         "的签名检查点记录了第 " + std::to_string(s.cp.seq) +
                         " 条（日志被截断、改写或数据库被替换）");
      return OkStatus();
    }
    if (s.cp.seq > 0 && hash_at(s.cp.seq) != s.cp.head_hash) {
      fail(s.cp.seq, "第 " + std::to_string(s.cp.seq) + " 条审计记录与" + s.origin +
                         "的签名检查点不符（日志被改写并重新计算了哈希）");
      return OkStatus();
    }
    ASSIGN_OR_RETURN(auto row, store::FindAuditCheckpoint(*conn, s.cp.seq));
    if (!row || row->head_hash != s.cp.head_hash)
      fail(s.cp.seq, "audit_checkpoints 中缺少第 " + std::to_string(s.cp.seq) +
                         " 条处的签名检查点（见" + s.origin + "），检查点被删除");
    return OkStatus();
  };
  for (const auto& s : options.seen) {
    RETURN_IF_ERROR(check_seen(s, false));
    if (!report.ok) return report;
  }
  for (const auto& s : options.seen_scoped) {
    RETURN_IF_ERROR(check_seen(s, true));
    if (!report.ok) return report;
  }
  if (!options.checks.empty()) {
    // Checks query while the scan streams: they get a connection of their own.
    ASSIGN_OR_RETURN(auto check_conn, db.Acquire());
    Status inner;
    Status content = store::ScanAudit(*conn, 1, [&](const AuditEntry& e) {
      for (const auto& check : options.checks) {
        if (!check.entry) continue;
        auto problem = check.entry(*check_conn, e);
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
    if (!report.ok) return report;
    for (const auto& check : options.checks) {
      if (!check.finish) continue;
      ASSIGN_OR_RETURN(auto problem, check.finish(*check_conn));
      if (problem) {
        fail(std::nullopt, *problem);
        return report;
      }
    }
  }
  return report;
}

std::string AuditCheckpointExportPath(const std::string& key_file) {
  std::filesystem::path dir = std::filesystem::path(key_file).parent_path();
  if (dir.empty()) dir = ".";
  return (dir / "audit-checkpoints.jsonl").string();
}

namespace {

// One write() of one line with O_APPEND: concurrent writers (a server and `suiji audit
// checkpoint`) never interleave within a line.
Status AppendLine(const std::string& path, const std::string& line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return Unavailable("AUDIT_CHECKPOINT_EXPORT_FAILED", "无法写入检查点导出文件：" + path);
  const std::string text = line + "\n";
  ssize_t n = ::write(fd, text.data(), text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size()) || !synced)
    return Unavailable("AUDIT_CHECKPOINT_EXPORT_FAILED", "无法写入检查点导出文件：" + path);
  return OkStatus();
}

}  // namespace

AuditLog::AuditLog(store::Database& db, const Clock& clock, const SigningKey& key,
                   std::string export_file)
    : db_(db), clock_(clock), key_(key), export_file_(std::move(export_file)) {}

StatusOr<AuditVerifyReport> AuditLog::Verify(AuditVerifyOptions options) const {
  const std::string public_key = key_.public_key();
  if (options.public_key == nullptr) options.public_key = &public_key;
  return VerifyAuditChain(db_, options);
}

StatusOr<AuditCheckpoint> AuditLog::WriteCheckpoint() const {
  store::Database& db = db_;
  const Clock& clock = clock_;
  const SigningKey& key = key_;
  const std::string& export_file = export_file_;
  AuditCheckpoint cp;
  bool written = false;
  std::string chain, database;
  Status s = store::WithTransaction(db, store::TxMode::kWrite, [&](store::Connection& c) -> Status {
    written = false;
    ASSIGN_OR_RETURN(auto head, store::ReadAuditHead(c));
    cp.seq = head.seq;
    cp.head_hash = head.hash;
    cp.at = FormatTimestamp(clock.Now());
    cp.key_id = key.key_id();
    cp.signature = ToHex(key.Sign(AuditCheckpointMessage(cp.seq, cp.head_hash)));
    ASSIGN_OR_RETURN(auto existing, store::FindAuditCheckpoint(c, cp.seq));
    if (existing) return OkStatus();  // nothing new since the last checkpoint
    ASSIGN_OR_RETURN(auto first, store::FindAuditHash(c, 1));
    chain = first.value_or("");
    ASSIGN_OR_RETURN(std::string identity, store::DatabaseIdentity(c));
    database = db.Describe() + " " + identity;
    RETURN_IF_ERROR(store::InsertAuditCheckpoint(c, cp));
    written = true;
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  // After the commit: a line in the file always names a checkpoint the database has held.
  if (written && !export_file.empty()) {
    Json line = AuditCheckpointToJson(cp);
    line["chain"] = chain;
    line["database"] = database;
    RETURN_IF_ERROR(AppendLine(export_file, line.dump()));
  }
  return cp;
}

StatusOr<AuditCheckpointPage> AuditLog::ListCheckpoints(int64_t after_seq, int64_t limit) const {
  if (after_seq < 0 || limit < 1 || limit > kMaxCheckpointPage)
    return InvalidArgument("PAGE_INVALID", "分页参数无效：after 不能为负数，limit 为 1 至 " +
                                               std::to_string(kMaxCheckpointPage));
  ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  AuditCheckpointPage page;
  ASSIGN_OR_RETURN(auto first, store::FindAuditHash(*conn, 1));
  page.chain = first.value_or("");
  ASSIGN_OR_RETURN(page.items,
                   store::ListAuditCheckpoints(*conn, after_seq, static_cast<int>(limit)));
  return page;
}

}  // namespace suiji::service
