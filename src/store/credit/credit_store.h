// Credit-list proposals and the targets' credit history (migration 0013).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct CreditProposalRow {
  int64_t id = 0;
  std::string list_kind;  // abnormal | serious
  int64_t target_id = 0;
  int64_t department_id = 0;
  int64_t publication_id = 0;
  std::string publication_no;
  std::string reason;
  std::string found_on;  // YYYY-MM-DD
  std::string proposed_on;
  std::string due_on;
  std::string status;  // pending | approved | rejected
  std::optional<int64_t> decided_by;
  std::string decided_by_name;
  std::optional<std::string> decided_at;
  std::string decision_reason;
  std::string created_at;
  // Joined from targets (read only).
  std::string target_name;
  std::string target_key;
};

struct CreditEventRow {
  int64_t id = 0;
  int64_t target_id = 0;
  std::optional<int64_t> department_id;
  std::string kind;  // publication | proposal | decision | risk_class
  std::string event_on;
  std::string summary;
  std::string publication_no;
  std::optional<int64_t> proposal_id;
  std::string created_at;
};

StatusOr<int64_t> InsertCreditProposal(Connection& c, const CreditProposalRow& p);
StatusOr<std::optional<CreditProposalRow>> FindCreditProposal(Connection& c, int64_t id);
// Records the decision on a still pending proposal; Aborted PROPOSAL_CHANGED when it was
// decided in between (nothing written).
Status DecideCreditProposal(Connection& c, const CreditProposalRow& decided);

struct CreditProposalQuery {
  std::optional<std::vector<int64_t>> within_departments;  // nullopt: all
  std::optional<std::string> status;
  std::optional<std::string> list_kind;
  std::optional<int64_t> target_id;
  std::optional<std::string> due_before;  // pending ones due strictly before this date
};
// Oldest due date first, then id.
StatusOr<std::vector<CreditProposalRow>> ListCreditProposals(Connection& c,
                                                             const CreditProposalQuery& q);

Status InsertCreditEvent(Connection& c, const CreditEventRow& e);
// Oldest first.
StatusOr<std::vector<CreditEventRow>> ListCreditEvents(Connection& c, int64_t target_id);

}  // namespace suiji::store
