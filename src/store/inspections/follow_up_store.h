// 后续处置 cases, their 复查 tasks, 移送 with receipts and the step history (migration 0012).
// Every function runs on the caller's connection (inside its transaction when it holds one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct FollowUpItemRow {
  std::string item_code;
  std::string follow_up;  // the 后续处置 value recorded for the item
};

struct FollowUpCaseRow {
  int64_t id = 0;
  std::string case_no;
  int64_t record_id = 0;
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string publication_no;
  std::vector<FollowUpItemRow> follow_ups;
  std::string status;  // open | closed
  std::optional<std::string> closed_at;
  std::optional<int64_t> closed_by;
  std::string created_at;
  std::optional<int64_t> created_by;
};

struct RecheckRow {
  int64_t id = 0;
  std::string recheck_no;
  int64_t case_id = 0;
  std::string deadline;  // YYYY-MM-DD
  std::string status;    // open | rectified | not_rectified
  std::optional<std::string> rechecked_on;
  std::string findings;
  std::optional<int64_t> recorded_by;
  std::optional<std::string> recorded_at;
  std::string created_at;
  std::optional<int64_t> created_by;
};

struct TransferRow {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;  // transfer | notify
  int64_t to_department_id = 0;
  std::string note;
  std::string status;  // pending | received
  std::string sent_at;
  std::optional<int64_t> sent_by;
  std::optional<std::string> received_at;
  std::optional<int64_t> received_by;
};

struct FollowUpStepRow {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;
  std::string organ;
  std::string reference;
  std::string note;
  std::string recorded_at;
  std::optional<int64_t> recorded_by;
  std::string recorded_by_name;
};

StatusOr<int64_t> InsertFollowUpCase(Connection& c, const FollowUpCaseRow& x);
StatusOr<std::optional<FollowUpCaseRow>> FindFollowUpCase(Connection& c, int64_t id);
StatusOr<std::optional<FollowUpCaseRow>> FindFollowUpCaseOfRecord(Connection& c, int64_t record_id);
// open → closed; FailedPrecondition CASE_CLOSED when another request closed it first.
Status CloseFollowUpCase(Connection& c, int64_t id, const std::string& at,
                         std::optional<int64_t> by);

// Which cases a list shows: owned by one of `owners`, or with a 移送 to one of `receivers`
// (nullopt: no restriction on that side; both nullopt: every case). Newest first.
struct FollowUpCaseQuery {
  std::optional<std::vector<int64_t>> owners;
  std::optional<std::vector<int64_t>> receivers;
  std::optional<std::string> status;
  std::optional<int64_t> record_id;
};
StatusOr<std::vector<FollowUpCaseRow>> ListFollowUpCases(Connection& c, const FollowUpCaseQuery& q);

// How many numbers of the three kinds start with `prefix` (for the next sequence number).
StatusOr<int64_t> CountCaseNumbers(Connection& c, std::string_view prefix);
StatusOr<int64_t> CountRecheckNumbers(Connection& c, std::string_view prefix);

StatusOr<int64_t> InsertRecheck(Connection& c, const RecheckRow& x);
// Records the revisit of an open 复查 (status, date, findings, who, when); FailedPrecondition
// RECHECK_ALREADY_RECORDED when it is no longer open.
Status RecordRecheck(Connection& c, const RecheckRow& x);
// A new 整改期限 for an open 复查 (RECHECK_ALREADY_RECORDED otherwise).
Status SetRecheckDeadline(Connection& c, int64_t id, const std::string& deadline);
StatusOr<std::vector<RecheckRow>> ListRechecks(Connection& c, const std::vector<int64_t>& case_ids);

StatusOr<int64_t> InsertTransfer(Connection& c, const TransferRow& x);
// pending → received (TRANSFER_ALREADY_RECEIVED otherwise).
Status ReceiveTransfer(Connection& c, int64_t id, const std::string& at, std::optional<int64_t> by);
StatusOr<std::vector<TransferRow>> ListTransfers(Connection& c,
                                                 const std::vector<int64_t>& case_ids);

StatusOr<int64_t> InsertFollowUpStep(Connection& c, const FollowUpStepRow& x);
StatusOr<std::vector<FollowUpStepRow>> ListFollowUpSteps(Connection& c,
                                                         const std::vector<int64_t>& case_ids);

}  // namespace suiji::store
