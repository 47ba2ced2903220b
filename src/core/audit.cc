#include "core/audit.h"

#include "core/hash.h"

namespace suiji {

std::string ComputeAuditHash(const AuditEntry& e) {
  Sha256Hasher h;
  h.UpdateLengthPrefixed("SJ-AUDIT-1");
  h.UpdateLengthPrefixed(e.prev_hash);
  h.UpdateLengthPrefixed(std::to_string(e.seq));
  h.UpdateLengthPrefixed(e.at);
  h.UpdateLengthPrefixed(e.actor);
  h.UpdateLengthPrefixed(e.actor_id ? std::to_string(*e.actor_id) : "");
  h.UpdateLengthPrefixed(e.action);
  h.UpdateLengthPrefixed(e.entity);
  h.UpdateLengthPrefixed(e.entity_id);
  h.UpdateLengthPrefixed(e.payload);
  return ToHex(h.Finish());
}

std::string AuditCheckpointMessage(int64_t seq, std::string_view head_hash) {
  return "SJ-AUDIT-CHECKPOINT|" + std::to_string(seq) + "|" + std::string(head_hash);
}

}  // namespace suiji
