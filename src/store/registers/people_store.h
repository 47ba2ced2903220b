// 执法检查人员名录库, 专家名录库 and 回避 registry storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registers/people.h"
#include "core/registers/records.h"
#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

// The 身份证号 as stored: ciphertext (nonce || secretbox), a keyed hash for uniqueness and
// look-up, and the masked form everyone sees. Produced by the service's PII cipher.
struct SealedCitizenId {
  std::string cipher;
  std::string hash;
  std::string masked;
};

using StoredInspector = registers::InspectorRecord;

// AlreadyExists DB_UNIQUE_VIOLATION on a taken 执法证号, citizen-ID hash or user link.
StatusOr<int64_t> InsertInspector(Connection& c, const registers::Inspector& i,
                                  const SealedCitizenId& id, std::string_view now);
// `id_change` replaces the stored citizen ID; nullopt keeps it.
Status UpdateInspector(Connection& c, int64_t id, const registers::Inspector& i,
                       const std::optional<SealedCitizenId>& id_change, std::string_view now);
StatusOr<std::optional<StoredInspector>> FindInspector(Connection& c, int64_t id);
StatusOr<std::optional<StoredInspector>> FindInspectorByCertNo(Connection& c,
                                                               std::string_view cert_no);
StatusOr<std::optional<StoredInspector>> FindInspectorByUser(Connection& c, int64_t user_id);
StatusOr<std::optional<int64_t>> FindInspectorIdByCitizenHash(Connection& c, std::string_view hash);
// The stored ciphertext of the inspector's citizen ID (NotFound INSPECTOR_NOT_FOUND).
StatusOr<std::string> LoadCitizenIdCipher(Connection& c, int64_t id);

struct InspectorQuery {
  std::optional<std::vector<int64_t>> within_units;  // the reader's scope; nullopt: everywhere
  std::vector<int64_t> department_ids;
  std::vector<int64_t> unit_ids;
  std::string text;           // substring of name or 执法证号
  std::string status;         // 有效 / 失效
  std::string qualification;  // holds a qualification of this name
  int64_t offset = 0;
  int64_t limit = 50;  // <= 0: no limit
};
// One page ordered by id, and the total number of matches.
StatusOr<std::pair<std::vector<StoredInspector>, int64_t>> ListInspectors(Connection& c,
                                                                          const InspectorQuery& q);

using StoredExpert = registers::ExpertRecord;
StatusOr<int64_t> InsertExpert(Connection& c, const registers::Expert& e, std::string_view now);
Status UpdateExpert(Connection& c, int64_t id, const registers::Expert& e, std::string_view now);
StatusOr<std::optional<StoredExpert>> FindExpert(Connection& c, int64_t id);
StatusOr<std::optional<StoredExpert>> FindExpertByNo(Connection& c, std::string_view expert_no);
struct ExpertQuery {
  std::vector<int64_t> department_ids;
  std::string text;  // name, organisation or specialty
  std::optional<bool> active;
  int64_t offset = 0;
  int64_t limit = 50;
};
StatusOr<std::pair<std::vector<StoredExpert>, int64_t>> ListExperts(Connection& c,
                                                                    const ExpertQuery& q);

using StoredConflict = registers::ConflictRecord;
// AlreadyExists DB_UNIQUE_VIOLATION for the same (inspector, target, kind).
StatusOr<int64_t> InsertConflict(Connection& c, const registers::ConflictOfInterest& x,
                                 std::string_view now);
Status UpdateConflict(Connection& c, int64_t id, const registers::ConflictOfInterest& x,
                      std::string_view now);
StatusOr<std::optional<StoredConflict>> FindConflict(Connection& c, int64_t id);
StatusOr<std::optional<StoredConflict>> FindConflictByKey(Connection& c, int64_t inspector_id,
                                                          int64_t target_id, std::string_view kind);
struct ConflictQuery {
  std::vector<int64_t> inspector_ids;
  std::vector<int64_t> target_ids;
  std::optional<bool> active;
  // Only relations whose inspector belongs to one of these units (nullopt: any unit).
  std::optional<std::vector<int64_t>> within_units;
  int64_t offset = 0;
  int64_t limit = 50;  // <= 0: no limit
};
StatusOr<std::pair<std::vector<StoredConflict>, int64_t>> ListConflicts(Connection& c,
                                                                        const ConflictQuery& q);

}  // namespace suiji::store
