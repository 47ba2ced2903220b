// Enterprise links of online inspection and the files uploaded through them (migration 0016).
// Every function runs on the caller's connection (inside its transaction when it holds one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct EnterpriseLinkRow {
  int64_t id = 0;
  std::string token_hash;  // hex SHA-256 of the token
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::vector<std::string> materials;
  std::string commitment_version;  // "" when no commitment is asked for
  std::string commitment_text;
  std::string expires_on;  // YYYY-MM-DD
  std::string status;      // open | completed | revoked
  std::optional<std::string> signer_name;
  std::optional<std::string> signed_version;
  std::optional<std::string> signed_at;
  std::optional<std::string> completed_at;
  bool commitment_false = false;
  std::string false_note;
  std::optional<std::string> false_recorded_at;
  std::optional<int64_t> false_recorded_by;
  std::string created_at;
  std::optional<int64_t> created_by;
};

struct EnterpriseLinkFileRow {
  int64_t id = 0;
  int64_t link_id = 0;
  std::string material;
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  std::string file_name;
  std::string uploaded_at;
};

StatusOr<int64_t> InsertEnterpriseLink(Connection& c, const EnterpriseLinkRow& x);
StatusOr<std::optional<EnterpriseLinkRow>> FindEnterpriseLink(Connection& c, int64_t id);
StatusOr<std::optional<EnterpriseLinkRow>> FindEnterpriseLinkByHash(Connection& c,
                                                                    std::string_view token_hash);
// The links of a task target for a department, newest first.
StatusOr<std::vector<EnterpriseLinkRow>> ListEnterpriseLinks(Connection& c, int64_t task_id,
                                                             int64_t target_id,
                                                             int64_t department_id);
// Revokes the open links of a task target for a department; returns how many.
StatusOr<int64_t> RevokeOpenEnterpriseLinks(Connection& c, int64_t task_id, int64_t target_id,
                                            int64_t department_id);
// Records the signature on an open link (FailedPrecondition LINK_NOT_OPEN otherwise).
Status SignEnterpriseLink(Connection& c, int64_t id, const std::string& signer_name,
                          const std::string& version, const std::string& at);
// Open → completed (FailedPrecondition LINK_NOT_OPEN otherwise).
Status CompleteEnterpriseLink(Connection& c, int64_t id, const std::string& at);
// Marks the signed commitment of the link as found false.
Status MarkEnterpriseCommitmentFalse(Connection& c, int64_t id, const std::string& note,
                                     const std::string& at, std::optional<int64_t> by);

StatusOr<int64_t> InsertEnterpriseLinkFile(Connection& c, const EnterpriseLinkFileRow& x);
StatusOr<std::vector<EnterpriseLinkFileRow>> ListEnterpriseLinkFiles(Connection& c,
                                                                     int64_t link_id);
StatusOr<std::optional<EnterpriseLinkFileRow>> FindEnterpriseLinkFile(Connection& c, int64_t id);

}  // namespace suiji::store
