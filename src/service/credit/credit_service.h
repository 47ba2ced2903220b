// Credit linkage, the use cases (SPEC §CREDIT, §PUB; issue 13): every published result lands in
// the target's credit history; results of the 经营异常名录 kinds and serious violations raise a
// proposal due 10 working days after the fact was established; an approver of the proposing
// department approves (the target's flag is set, with history) or rejects, each with a reason; a
// pending proposal past its due date is listed as overdue (computed on read). Results move the
// target's credit-risk class by the department's published rule (SamplingPolicy::
// credit_risk_moves), so the next task preview puts it in another stratum. 免罚清单 items count
// as no violation. The rules themselves live in core/credit.
//
// Every change runs in the caller's (publication) or its own write transaction, with its audit
// entry; a refusal changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/credit/credit.h"
#include "core/status.h"
#include "core/time.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::store {
struct CreditProposalRow;
}  // namespace suiji::store

namespace suiji::service {

// What the publication step hands to credit linkage (one published result).
struct PublishedResultFacts {
  int64_t publication_id = 0;
  std::string publication_no;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string department_name;
  std::string task_no;
  std::string result;  // the published 检查结果
  Date found_on;       // 检查完成日期
  Date published_on;
  std::string cannot_inspect;
  std::vector<credit::ItemOutcome> items;
};

// Lands one published result in the target's credit record, inside the publication's
// transaction: a history line; proposals for the lists its counted results call for (not when
// the target is already on that list or a proposal of the same list is pending); the risk class
// moved by the department's rule (with the directory history). Each write is audited.
Status RecordPublishedResultIn(store::Connection& c, const Clock& clock,
                               const WorkingCalendar& calendar, const Principal& who,
                               const PublishedResultFacts& facts);

struct CreditProposalView {
  int64_t id = 0;
  credit::ListKind list_kind = credit::ListKind::kAbnormal;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::string department_name;
  std::string publication_no;
  std::string reason;
  Date found_on;
  Date proposed_on;
  Date due_on;
  bool due_exact = true;  // false: the calendar lacks a year in between
  credit::ProposalStatus status = credit::ProposalStatus::kPending;
  bool overdue = false;           // pending and past its due date
  int64_t working_days_left = 0;  // pending only; negative: overdue by that many
  std::string decided_by;
  std::optional<std::string> decided_at;
  std::string decision_reason;
};

struct CreditProposalList {
  Date today;
  std::vector<CreditProposalView> items;
};

struct CreditEventView {
  int64_t id = 0;
  std::string kind;  // publication | proposal | decision | risk_class
  std::string kind_name;
  Date event_on;
  std::optional<int64_t> department_id;
  std::string department_name;
  std::string summary;
  std::string publication_no;
  std::optional<int64_t> proposal_id;
};

// 互认共享: one inspection result of the target that the reader may read — a published result
// of a department of the reader's region (their own included), or a past inspection imported at
// go-live. Read only: no route changes another department's record.
struct RecognizedResultView {
  int64_t department_id = 0;
  std::string department_name;
  Date completed_on;
  std::string result;
  std::string remark;
  std::string source;  // "publication" | "import"
  std::string publication_no;
  std::optional<Date> published_on;
};

// A target's credit record: its flags and class now, and the history, oldest first.
struct CreditRecord {
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  std::string risk_class;
  std::optional<Date> risk_as_of;
  bool abnormal = false;
  bool serious_violation = false;
  std::vector<CreditEventView> events;
  std::vector<CreditProposalView> proposals;
  std::vector<RecognizedResultView> results;  // oldest first
};

class CreditService {
 public:
  CreditService(store::Database& db, const Clock& clock, OrgService& org,
                const WorkingCalendar& calendar);

  struct ProposalFilter {
    std::optional<int64_t> department_id;
    std::optional<credit::ProposalStatus> status;
    std::optional<credit::ListKind> list_kind;
    bool overdue_only = false;
  };
  // Proposals of the departments whose results `who` may read, due first.
  StatusOr<CreditProposalList> Proposals(const Principal& who, const ProposalFilter& filter);
  StatusOr<CreditProposalView> Proposal(const Principal& who, int64_t id);

  // An approver (审核 of the proposing department) decides a pending proposal with a reason.
  // PROPOSAL_NOT_FOUND, PROPOSAL_WRONG_DEPARTMENT (403), PROPOSAL_ALREADY_DECIDED (409),
  // DECISION_REASON_REQUIRED (400); nothing changes on a refusal.
  StatusOr<CreditProposalView> Decide(const Principal& who, int64_t id, bool approve,
                                      const std::string& reason);

  // A target's credit record, for readers of the target directory. History lines, proposals
  // and results of a department are shown to the readers of that department's region only
  // (RecognizedDepartments: 互认共享 within a region, nothing across regions).
  StatusOr<CreditRecord> RecordOf(const Principal& who, int64_t target_id);

  // The credit results for the credit platforms (公示系统 / 信用平台 data exchange): every
  // published result (the newest of a record) and imported past inspection completed on or
  // after `since`, of the departments whose results `who` may read; the first row is the header.
  StatusOr<std::vector<std::vector<std::string>>> CreditResultTable(const Principal& who,
                                                                    Date since);

  // The decided proposals (列入/不予列入 decisions) decided on or after `since`, as .csv/.xlsx
  // with the credit platforms' columns; returns the table (the first row is the header).
  StatusOr<std::vector<std::vector<std::string>>> DecisionTable(
      const Principal& who, std::optional<credit::ListKind> kind, Date since);

 private:
  StatusOr<CreditProposalView> ViewOf(const store::CreditProposalRow& row, Date today);

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  const WorkingCalendar& calendar_;
};

}  // namespace suiji::service
