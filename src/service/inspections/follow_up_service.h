// 后续处置 (SPEC §EXEC, §PUB; seeds 000, 003; issue 13): what happens after a published result
// whose items carry a follow-up other than 无需后续处置.
//
// Publication opens one case per record (处置中). 责令改正并跟踪复查 adds a 复查 task: the
// 整改期限 the reviewer sets and a revisit of the same target by the team the original draw
// sent — not a random check (seed 003: 限期整改复查 is not drawn), so it lives apart from the
// drawn tasks and is reported as kind 复查, drawn = false, wherever it is listed or counted. The
// owning department's approvers transfer (移送) or copy (抄告) the case to another department,
// which confirms receipt (until then the case waits: 待接收); they record 移送司法机关 and 立案
// references and close the case. The case closes by itself (已完结) once a concluding step —
// 复查 found the problem rectified, a receipt confirmed, 移送司法机关 or 立案 recorded — leaves
// nothing open; a 复查 that finds the problem persists keeps it open for a further step.
//
// Every step runs in one write transaction with its audit entry; a refusal writes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"
#include "service/inspections/inspection_service.h"
#include "service/org_service.h"
#include "service/store_fwd.h"

namespace suiji::service {

enum class FollowUpStatus { kOpen, kClosed };
enum class RecheckStatus { kOpen, kRectified, kNotRectified };
enum class TransferKind { kTransfer, kNotify };

std::string_view FollowUpStatusName(FollowUpStatus s);     // open | closed
std::string_view FollowUpStatusDisplay(FollowUpStatus s);  // 处置中 | 已完结
std::string_view RecheckStatusName(RecheckStatus s);       // open | rectified | not_rectified
std::string_view RecheckStatusDisplay(RecheckStatus s);    // 待复查 | 已整改 | 未整改
std::string_view TransferKindName(TransferKind k);         // transfer | notify
std::string_view TransferKindDisplay(TransferKind k);      // 移送 | 抄告
std::optional<TransferKind> ParseTransferKind(std::string_view name);

// The follow-up value that orders a rectification with a 复查, and the one that needs none.
inline constexpr char kFollowUpRectify[] = "责令改正并跟踪复查";
inline constexpr char kFollowUpNone[] = "无需后续处置";
// The 整改期限 when the publisher sets none: this many working days after publication.
inline constexpr int kDefaultRectifyWorkingDays = 15;
// The latest 整改期限 accepted, in calendar days after today.
inline constexpr int kMaxRectifyDays = 366;

// What publication hands over to open a case (OpenFollowUpCaseIn).
struct FollowUpOpening {
  int64_t record_id = 0;
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string department_code;
  std::string publication_no;
  std::vector<std::pair<std::string, std::string>> items;  // (item code, 后续处置)
  std::optional<Date> rectify_by;                          // 整改期限 set by the publisher
};

// Opens the case of a record being published, inside the publishing transaction: nothing when
// every item needs no follow-up or the record already has its case (a correction); otherwise the
// case, its 复查 task when an item orders 责令改正并跟踪复查 (整改期限 `rectify_by`, default
// kDefaultRectifyWorkingDays working days), the steps and the audit entry. InvalidArgument
// RECTIFICATION_NOT_ORDERED when `rectify_by` is given without such an item,
// RECTIFICATION_DEADLINE_INVALID when it is not after today or more than a year ahead.
Status OpenFollowUpCaseIn(store::Connection& c, const Clock& clock, const WorkingCalendar& calendar,
                          const Principal& who, const FollowUpOpening& opening);

struct RecheckView {
  int64_t id = 0;
  std::string recheck_no;
  std::string kind = "复查";  // never a random check
  bool drawn = false;
  Date deadline;  // 整改期限
  RecheckStatus status = RecheckStatus::kOpen;
  bool overdue = false;  // open and the 整改期限 has passed
  std::optional<Date> rechecked_on;
  std::string findings;
  std::optional<PersonRef> recorded_by;
  std::optional<std::string> recorded_at;
  std::string created_at;
};

struct TransferView {
  int64_t id = 0;
  TransferKind kind = TransferKind::kTransfer;
  int64_t to_department_id = 0;
  std::string to_department_name;
  std::string note;
  bool received = false;
  std::string sent_at;
  std::optional<PersonRef> sent_by;
  std::optional<std::string> received_at;
  std::optional<PersonRef> received_by;
};

struct FollowUpStepView {
  std::string kind;  // opened, recheck_ordered, deadline, recheck, transfer, receipt, judicial,
                     // filing, closed
  std::string organ;
  std::string reference;
  std::string note;
  std::string recorded_at;
  std::string recorded_by;
};

struct FollowUpCaseView {
  int64_t id = 0;
  std::string case_no;
  int64_t record_id = 0;
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::string department_name;
  std::string publication_no;
  std::vector<std::pair<std::string, std::string>> follow_ups;  // (item code, 后续处置)
  FollowUpStatus status = FollowUpStatus::kOpen;
  bool awaiting_receipt = false;  // a 移送 / 抄告 not yet confirmed (待接收)
  bool overdue = false;           // an open 复查 past its 整改期限
  std::string created_at;
  std::optional<std::string> closed_at;
  std::vector<PersonRef> team;  // the original team, who do the 复查
  std::vector<RecheckView> rechecks;
  std::vector<TransferView> transfers;
  std::vector<FollowUpStepView> steps;
  // What the caller may do: act for the owning department, confirm a receipt, record a 复查.
  bool can_manage = false;
  bool can_receive = false;
  bool can_recheck = false;
};

struct FollowUpSummary {
  int64_t open = 0;
  int64_t closed = 0;
  int64_t rechecks_open = 0;  // 复查 tasks (not drawn) waiting for the revisit
  int64_t rechecks_overdue = 0;
  int64_t rechecks_done = 0;
  int64_t awaiting_receipt = 0;  // 移送 / 抄告 waiting for the receiving department
};

struct FollowUpPage {
  std::vector<FollowUpCaseView> items;
  int64_t total = 0;
  FollowUpSummary summary;  // over every case the filter matches, not only this page
};

struct RecheckResult {
  bool rectified = false;
  Date rechecked_on;
  std::string findings;
};

class FollowUpService {
 public:
  FollowUpService(store::Database& db, const Clock& clock, OrgService& org);

  struct Filter {
    std::optional<FollowUpStatus> status;
    // own: cases of departments the caller reads results of; incoming: cases transferred to
    // the caller's departments; mine: cases whose 复查 the caller's team does; empty: all three.
    std::string scope;
    std::optional<int64_t> record_id;
    int limit = 50;
    int offset = 0;
  };
  StatusOr<FollowUpPage> List(const Principal& who, const Filter& filter);
  // NotFound FOLLOW_UP_NOT_FOUND; PermissionDenied for a caller who may not read it.
  StatusOr<FollowUpCaseView> Get(const Principal& who, int64_t case_id);

  // The owning department's approvers (PermissionDenied otherwise); CASE_CLOSED after closing.
  // A further 复查 (e.g. after one found the problem persists): RECHECK_OPEN while one is open.
  StatusOr<FollowUpCaseView> AddRecheck(const Principal& who, int64_t case_id, Date deadline);
  // A new 整改期限 for the open 复查.
  StatusOr<FollowUpCaseView> SetDeadline(const Principal& who, int64_t case_id, int64_t recheck_id,
                                         Date deadline);
  // 移送 / 抄告: DEPARTMENT_NOT_FOUND, TRANSFER_TO_SELF, TRANSFER_PENDING (one open per
  // receiving department).
  StatusOr<FollowUpCaseView> Transfer(const Principal& who, int64_t case_id, TransferKind kind,
                                      int64_t to_department_id, const std::string& note);
  StatusOr<FollowUpCaseView> RecordJudicial(const Principal& who, int64_t case_id,
                                            const std::string& organ, const std::string& reference,
                                            const std::string& note);
  StatusOr<FollowUpCaseView> RecordFiling(const Principal& who, int64_t case_id,
                                          const std::string& reference, const std::string& note);
  // Closes by hand (e.g. 抄告 / 其他 with nothing to wait for); CASE_PENDING_STEPS while a 复查
  // or a receipt is open.
  StatusOr<FollowUpCaseView> Close(const Principal& who, int64_t case_id, const std::string& note);

  // The receiving department's approvers: NOT_RECEIVING_DEPARTMENT otherwise.
  StatusOr<FollowUpCaseView> ConfirmReceipt(const Principal& who, int64_t case_id,
                                            int64_t transfer_id);

  // An inspector of the original team: NOT_ASSIGNED_INSPECTOR otherwise. RECHECK_DATE_INVALID
  // for a date in the future or before the case opened; RECHECK_FINDINGS_REQUIRED when the
  // problem persists and nothing says how.
  StatusOr<FollowUpCaseView> RecordRecheck(const Principal& who, int64_t case_id,
                                           int64_t recheck_id, const RecheckResult& result);

 private:
  struct Loaded;
  StatusOr<Loaded> LoadIn(store::Connection& c, int64_t case_id);
  StatusOr<std::vector<FollowUpCaseView>> ViewsIn(store::Connection& c, const Principal& who,
                                                  std::vector<Loaded> cases);
  Status RequireManager(const Principal& who, const Loaded& l);
  bool MayRead(const Principal& who, const Loaded& l);
  StatusOr<FollowUpCaseView> Change(const Principal& who, int64_t case_id,
                                    const std::function<Status(store::Connection&, Loaded&)>& fn);
  Status StepIn(store::Connection& c, const Principal& who, const Loaded& l,
                const std::string& kind, const std::string& organ, const std::string& reference,
                const std::string& note);
  // Closes the case when a concluding step leaves nothing open.
  Status SettleIn(store::Connection& c, const Principal& who, int64_t case_id);

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
};

}  // namespace suiji::service
