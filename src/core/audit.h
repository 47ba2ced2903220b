// The audit log's hash chain (SPEC §SEC, DRAW-SPEC §7).
//
// Entry n commits to entry n-1: hash_n = H("SJ-AUDIT-1" framing, prev_hash_n, every field of
// entry n). Changing, inserting or deleting any stored entry breaks the chain at that entry.
// The first entry's prev_hash is 64 zeros. Hashes are lowercase hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace suiji {

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  int64_t seq = 0;
  std::string at;  // FormatTimestamp
  std::string actor;
  std::optional<int64_t> actor_id;
  std::string action;  // "user.create", "draw.commit" …
  std::string entity;  // "user", "draw" …
  std::string entity_id;
  std::string payload;  // JSON text, stored and hashed exactly as written
  std::string prev_hash;
  std::string hash;
};

// A signature over the log's head: the entry count `seq` and the hash of entry `seq`, signed with
// the platform's Ed25519 key over AuditCheckpointMessage(seq, head_hash). Hex text throughout;
// `at` is FormatTimestamp text.
struct AuditCheckpoint {
  int64_t seq = 0;
  std::string head_hash;
  std::string at;
  std::string key_id;
  std::string signature;
};

// Hex SHA-256 of the entry's content and prev_hash (ignores entry.hash).
std::string ComputeAuditHash(const AuditEntry& entry);

// The message an audit checkpoint signature covers.
std::string AuditCheckpointMessage(int64_t seq, std::string_view head_hash);

}  // namespace suiji
