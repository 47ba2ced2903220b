// Online inspection (书面检查 / 网络检查 / 信用承诺; SPEC §EXEC, seed 004; issue 13): a one-time
// link per task target and inspecting department through which the enterprise, without an
// account, uploads the materials the inspectors ask for and signs a 信用承诺书; the inspectors
// then see what was submitted beside the record and record the result, and may later record
// that a commitment was found false.
//
// The token is 256 random bits from the injected EntropySource; only its SHA-256 is stored. A
// token that is unknown, revoked (a newer link replaced it), completed or past its last day gets
// one answer — NotFound LINK_INVALID with the same message — so a guess learns nothing, and
// such refusals count against the caller's address like failed logins (LINK_THROTTLED).
// Uploaded files follow the evidence rules (EvidenceStore: type by content, size cap, whole
// files only) and a refused upload leaves neither a file nor a row. Every write is audited in
// its own transaction. Thread-safe (state lives in the database).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/entropy.h"
#include "core/status.h"
#include "core/time.h"
#include "service/inspections/evidence_store.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::store {
struct EnterpriseLinkRow;
}  // namespace suiji::store

namespace suiji::service {

enum class EnterpriseLinkStatus { kOpen, kCompleted, kRevoked, kExpired };
std::string_view EnterpriseLinkStatusName(EnterpriseLinkStatus s);     // open, completed …
std::string_view EnterpriseLinkStatusDisplay(EnterpriseLinkStatus s);  // 待提交, 已提交 …

struct EnterpriseLinkFileView {
  int64_t id = 0;
  std::string material;  // the material asked for ("" for other)
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  std::string file_name;
  std::string uploaded_at;
};

struct EnterpriseLinkItem {
  std::string code;
  std::string name;
};

struct EnterpriseLinkView {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::string department_name;
  std::vector<EnterpriseLinkItem> items;  // the department's items in the task
  std::vector<std::string> materials;
  std::string commitment_version;  // "" when no commitment is asked for
  std::string commitment_text;
  Date expires_on;
  EnterpriseLinkStatus status = EnterpriseLinkStatus::kOpen;
  std::optional<std::string> signer_name;
  std::optional<std::string> signed_at;
  std::optional<std::string> completed_at;
  bool commitment_false = false;
  std::string false_note;
  std::optional<std::string> false_recorded_at;
  std::vector<EnterpriseLinkFileView> files;
  std::string created_at;
};

struct EnterpriseLinkRequest {
  std::vector<std::string> materials;  // what to upload (each one line)
  bool commitment = true;              // ask for the 信用承诺书
  std::optional<Date> expires_on;      // default: kDefaultWorkingDays working days from today
};

struct IssuedEnterpriseLink {
  std::string token;  // shown once (the notice prints it); never stored
  EnterpriseLinkView link;
};

class EnterpriseLinkService {
 public:
  static constexpr int kDefaultWorkingDays = 10;
  static constexpr int kMaxDaysAhead = 90;
  static constexpr int kMaxMaterials = 20;
  // Refusals of unknown or spent tokens per address before LINK_THROTTLED (like logins).
  static constexpr int kMaxFailuresPerAddress = 30;
  static constexpr std::chrono::minutes kFailureWindow{15};
  // The 信用承诺书 text and its version, shown on the link page and recorded with the signature.
  static constexpr char kCommitmentVersion[] = "XYCN-2026-1";
  static const char* const kCommitmentText;

  EnterpriseLinkService(store::Database& db, const Clock& clock, EntropySource& entropy,
                        OrgService& org, const WorkingCalendar& calendar, EvidenceStore& evidence);

  // --- the inspectors ---
  // A new link for a task target of `department_id` (revoking the open one): for the inspectors
  // the draw sent there, or a planner of the department. TASK_NOT_DISPATCHED before the team is
  // drawn; RECORD_CLOSED once the result is approved or published.
  StatusOr<IssuedEnterpriseLink> Issue(const Principal& who, int64_t task_id, int64_t target_id,
                                       int64_t department_id, const EnterpriseLinkRequest& request);
  // The links of a task target for the department (newest first), with what was submitted.
  StatusOr<std::vector<EnterpriseLinkView>> List(const Principal& who, int64_t task_id,
                                                 int64_t target_id, int64_t department_id);
  // One uploaded file, for those who may list the link.
  StatusOr<std::pair<EnterpriseLinkFileView, std::string>> File(const Principal& who,
                                                                int64_t file_id);
  // Records that the signed commitment was found false (an assigned inspector or an approver
  // of the department); published with the department's result of the target.
  StatusOr<EnterpriseLinkView> MarkCommitmentFalse(const Principal& who, int64_t link_id,
                                                   const std::string& note);

  // --- the enterprise (the token is the only credential; `remote` is the caller's address) ---
  // LINK_INVALID / LINK_THROTTLED before anything else: what the transport asks before it
  // reads an upload's body.
  Status Admit(const std::string& token, const std::string& remote);
  StatusOr<EnterpriseLinkView> Open(const std::string& token, const std::string& remote);
  StatusOr<EnterpriseLinkFileView> Upload(const std::string& token, const std::string& remote,
                                          const std::string& material, const std::string& file_name,
                                          const std::string& bytes);
  StatusOr<EnterpriseLinkView> Sign(const std::string& token, const std::string& remote,
                                    const std::string& signer_name, const std::string& version);
  // Ends the link: every material has a file and the commitment (if asked) is signed, else
  // LINK_INCOMPLETE naming what is missing.
  StatusOr<EnterpriseLinkView> Complete(const std::string& token, const std::string& remote);

 private:
  // The open, unexpired link of `token`, or LINK_INVALID (recorded against `remote`).
  StatusOr<store::EnterpriseLinkRow> Resolve(const std::string& token, const std::string& remote);
  // Runs `change` on the link inside one write transaction, re-checking that it is still open.
  StatusOr<EnterpriseLinkView> ChangeOpen(
      int64_t link_id,
      const std::function<Status(store::Connection&, store::EnterpriseLinkRow&)>& change);
  StatusOr<EnterpriseLinkView> ViewIn(store::Connection& c, const store::EnterpriseLinkRow& row);
  // Assigned inspector, or holder of one of `permissions` in the department.
  Status RequireTeamOr(store::Connection& c, const Principal& who, int64_t task_id,
                       int64_t target_id, int64_t department_id,
                       std::initializer_list<Permission> permissions);
  bool Expired(const store::EnterpriseLinkRow& row) const;

  store::Database& db_;
  const Clock& clock_;
  EntropySource& entropy_;
  OrgService& org_;
  const WorkingCalendar& calendar_;
  EvidenceStore& evidence_;
};

}  // namespace suiji::service
