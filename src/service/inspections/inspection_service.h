// 一公开, the use cases (SPEC §EXEC, §PUB; issue 11): inspectors record what they found per task
// target and item, with evidence files; a co-inspector confirms; an approver of the inspecting
// department who did not take part returns or approves; the department publishes the approved
// result — redacted, immutable, within 20 working days of the inspection — and corrects it only
// by a new publication. Deadlines and entry/publication rates per department come from here.
//
// Every change runs in one write transaction with its audit entry. Evidence bytes live outside
// the database (EvidenceStore), written before the reference and removed again when the
// reference is refused, so a refusal leaves neither a file nor a row.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/authz.h"
#include "core/calendar.h"
#include "core/inspections/inspection.h"
#include "core/status.h"
#include "core/time.h"
#include "service/inspections/evidence_store.h"
#include "service/org_service.h"
#include "service/registers/dictionary_service.h"
#include "store/database.h"
#include "tabular/format.h"

namespace suiji::store {
struct PublicationRow;
}  // namespace suiji::store

namespace suiji::service {

struct EvidenceView {
  int64_t id = 0;
  std::string item_code;  // "" for the visit as a whole
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  std::string file_name;
  std::string uploaded_at;
};

struct PublicationView {
  int64_t id = 0;
  int64_t record_id = 0;
  int64_t department_id = 0;
  inspections::PublicResult result;
  std::string published_at;
};

struct PersonRef {
  int64_t id = 0;
  std::string name;
};

struct RecordView {
  int64_t id = 0;  // 0: nothing recorded yet (未录入)
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::string department_name;
  bool lead_department = false;
  std::vector<std::string> item_codes;  // what this department inspects in the task
  inspections::RecordStatus status = inspections::RecordStatus::kPending;
  inspections::RecordEntry entry;
  int64_t revision = 0;
  std::optional<Date> completed_on;
  std::optional<Date> deadline;       // publication deadline once completed
  bool deadline_exact = true;         // false: the calendar lacks the year (Monday-Friday assumed)
  std::string summary_result;         // the one 检查结果 this record publishes
  std::vector<PersonRef> inspectors;  // assigned by the draw
  std::optional<PersonRef> recorded_by;
  std::optional<std::string> recorded_at;
  std::optional<PersonRef> confirmed_by;
  std::optional<std::string> confirmed_at;
  std::optional<std::string> submitted_at;
  std::optional<PersonRef> reviewed_by;
  std::optional<std::string> reviewed_at;
  std::string return_reason;
  std::vector<EvidenceView> evidence;
  std::vector<PublicationView> publications;  // oldest first; the last one is current
};

// One line of the deadline list.
struct DeadlineLine {
  int64_t record_id = 0;
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::string department_name;
  inspections::RecordStatus status = inspections::RecordStatus::kPending;
  Date completed_on;
  Date deadline;
  bool deadline_exact = true;
  int64_t working_days_left = 0;  // negative: overdue by that many working days
};

struct DeadlineReport {
  Date today;
  std::vector<DeadlineLine> due_soon;  // deadline within kDueSoonWorkingDays working days
  std::vector<DeadlineLine> overdue;   // deadline passed, not published
};

// Entry and publication per department (SPEC §STAT: 应检查数, 未录入, 已公示, on-time rate).
struct DepartmentResultRates {
  int64_t department_id = 0;
  std::string department_name;
  int64_t due = 0;       // task targets to inspect (应检查数)
  int64_t entered = 0;   // submitted or further
  int64_t approved = 0;  // approved or published
  int64_t published = 0;
  int64_t published_on_time = 0;
  int64_t overdue = 0;  // unpublished past their deadline
  // Rates in basis points (10000 = 100%); nullopt when there is nothing to divide by.
  std::optional<int64_t> entry_rate_bp;
  std::optional<int64_t> publication_rate_bp;
  std::optional<int64_t> on_time_rate_bp;
};

// One page of a record work list and how many lines the same filter matches in all.
struct InspectionRecordPage {
  std::vector<RecordView> items;
  int64_t total = 0;
};

// One published result looked up by its number, with the publications that correct it (newest
// last); `publication.result.corrects` names the one it corrects, if any.
struct PublicationDetail {
  PublicationView publication;
  std::vector<std::string> corrected_by;
};

// The lead department's 联合检查总表 of a joint task (seed 002: one visit, each department its
// own items): for every locked target, the record of every inspecting department.
struct JointSummaryDepartment {
  int64_t id = 0;
  std::string name;
  bool lead = false;
  std::vector<std::string> item_codes;
};
struct JointSummaryTarget {
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  std::vector<RecordView> records;  // one per inspecting department, lead first
};
struct JointSummary {
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  std::vector<JointSummaryDepartment> departments;  // lead first
  std::vector<JointSummaryTarget> targets;          // in draw order
};

// What a sweep of orphan evidence files found.
struct EvidenceSweepReport {
  int64_t examined = 0;              // files under the evidence directory
  std::vector<std::string> removed;  // hashes (or file names) of the files removed
};

// The public search counts its matches up to this many; beyond, the portal says "more than".
inline constexpr int64_t kPublicResultCountCap = 10000;
struct PublicResultPage {
  std::vector<PublicationView> items;
  int64_t total = 0;          // at most kPublicResultCountCap
  bool total_capped = false;  // more than kPublicResultCountCap matched
};

class InspectionService {
 public:
  InspectionService(store::Database& db, const Clock& clock, OrgService& org,
                    DictionaryService& dictionaries, const WorkingCalendar& calendar,
                    EvidenceStore& evidence);

  // --- reading ---
  // The record of one task target for one inspecting department (id 0 when nothing was saved).
  StatusOr<RecordView> Get(const Principal& who, int64_t task_id, int64_t target_id,
                           int64_t department_id);
  StatusOr<RecordView> GetById(const Principal& who, int64_t record_id);
  // Every task target × inspecting department the reader may see: the lead's 联合检查总表.
  StatusOr<std::vector<RecordView>> ListOfTask(const Principal& who, int64_t task_id);
  // The 联合检查总表 of a joint task, for readers of results in the lead department only
  // (PermissionDenied otherwise, even for a cooperating department); FailedPrecondition
  // TASK_NOT_JOINT for a task of one department; NotFound TASK_NOT_FOUND.
  StatusOr<JointSummary> JointSummaryOf(const Principal& who, int64_t task_id);

  // Records across tasks for a work list (review queue: status submitted; the inspector's own
  // list: mine). Newest tasks first, at most `limit` (1..200); `total` counts every line the
  // filter matches (for pagers).
  struct RecordFilter {
    std::vector<inspections::RecordStatus> statuses;  // empty: any
    std::optional<int64_t> department_id;
    std::optional<int64_t> task_id;
    bool mine = false;  // only targets the caller was sent to as an inspector
    int limit = 50;
    int offset = 0;
  };
  StatusOr<InspectionRecordPage> List(const Principal& who, const RecordFilter& filter);

  // --- recording (an inspector the draw assigned to the target) ---
  // Saves a draft (creates the record on first save). `expected_revision` is the revision the
  // client last saw (0 before the first save); a stale one is RECORD_CHANGED.
  StatusOr<RecordView> Save(const Principal& who, int64_t task_id, int64_t target_id,
                            int64_t department_id, const inspections::RecordEntry& entry,
                            int64_t expected_revision);
  // 待审核: complete, checked, completion date fixed.
  StatusOr<RecordView> Submit(const Principal& who, int64_t record_id, int64_t expected_revision);
  // The second inspector confirms what the first entered (this revision).
  StatusOr<RecordView> Confirm(const Principal& who, int64_t record_id, int64_t expected_revision);
  // Evidence: `bytes` checked by content, capped, stored by SHA-256.
  StatusOr<EvidenceView> AddEvidence(const Principal& who, int64_t record_id,
                                     const std::string& item_code, const std::string& file_name,
                                     const std::string& bytes);
  Status RemoveEvidence(const Principal& who, int64_t record_id, int64_t evidence_id);
  // The file of one evidence item, for download by anyone who may read the record.
  StatusOr<std::pair<EvidenceView, std::string>> EvidenceFile(const Principal& who,
                                                              int64_t evidence_id);
  // Removes files under the evidence directory that no evidence row cites and that were last
  // written more than `grace` before now: what a crash between writing a file and committing its
  // row leaves behind (and temporary files of interrupted writes). The grace period keeps the
  // files of uploads in flight. The removal is recorded in the audit log when anything was
  // removed. Run at server start and by `suiji evidence sweep`.
  StatusOr<EvidenceSweepReport> SweepOrphanEvidence(const Principal& who,
                                                    std::chrono::seconds grace);
  static constexpr std::chrono::seconds kDefaultSweepGrace{3600};

  // --- review and publication (an approver of the department who took no part) ---
  StatusOr<RecordView> Return(const Principal& who, int64_t record_id, const std::string& reason);
  StatusOr<RecordView> Approve(const Principal& who, int64_t record_id);
  // Publishes the approved result (the first time, or a correction after a reopened record).
  // A result with follow-ups opens its 后续处置 case in the same transaction
  // (OpenFollowUpCaseIn); `rectify_by` is the 整改期限 of a 责令改正并跟踪复查.
  StatusOr<RecordView> Publish(const Principal& who, int64_t record_id,
                               std::optional<Date> rectify_by = std::nullopt);
  // Reopens a published record for correction (退回 with the reason); its publication stays
  // public until the corrected one is published beside it.
  StatusOr<RecordView> Reopen(const Principal& who, int64_t record_id, const std::string& reason);

  // --- deadlines and rates ---
  StatusOr<DeadlineReport> Deadlines(const Principal& who, std::optional<int64_t> department_id);
  StatusOr<std::vector<DepartmentResultRates>> Rates(const Principal& who);

  // --- public (no login) ---
  StatusOr<PublicResultPage> PublicResults(const std::string& q, int limit, int offset);
  // One publication by its number (NotFound PUBLICATION_NOT_FOUND).
  StatusOr<PublicationDetail> PublicResult(const std::string& publication_no);
  // Everything published since `since` (an ISO date), oldest first (exports).
  StatusOr<std::vector<PublicationView>> PublishedSince(const Principal& who, Date since);
  // The open-data table of `rows`: the national 公示系统's columns, then 公示编号, 公示日期,
  // 公示期限 and 更正的公示编号; the first row is the header.
  static std::vector<std::vector<std::string>> OpenDataTable(
      const std::vector<PublicationView>& rows);
  // Writes PublishedSince as .csv or .xlsx with the national 公示系统's Chinese column headers
  // (a temporary file renamed into place: `path` is whole or untouched). Returns the row count.
  StatusOr<size_t> ExportPublished(const Principal& who, Date since, tabular::Format format,
                                   const std::string& path);

 private:
  struct Loaded;
  StatusOr<Loaded> LoadIn(store::Connection& c, int64_t task_id, int64_t target_id,
                          int64_t department_id);
  StatusOr<Loaded> LoadByIdIn(store::Connection& c, int64_t record_id);
  StatusOr<RecordView> ViewIn(store::Connection& c, const Loaded& l);
  Status RequireReader(const Principal& who, int64_t department_id);
  Status RequireRecorder(const Principal& who, const Loaded& l);
  Status RequireReviewer(const Principal& who, const Loaded& l);
  // Runs `change` on the loaded record inside one write transaction and returns the new view.
  StatusOr<RecordView> Change(int64_t record_id,
                              const std::function<Status(store::Connection&, Loaded&)>& change);
  Status ApplyCannotInspectIn(store::Connection& c, const Principal& who, const Loaded& l);
  Status PublishIn(store::Connection& c, const Principal& who, Loaded& l);
  // Credit linkage of one publication (service/credit): history, list proposals, risk class.
  Status LandInCreditRecordIn(store::Connection& c, const Principal& who, const Loaded& l,
                              const store::PublicationRow& p);
  // Opens the 后续处置 case of the record just published (follow_up_service.h).
  Status OpenFollowUpIn(store::Connection& c, const Principal& who, const Loaded& l,
                        std::optional<Date> rectify_by);
  // 已完成 when every task target's result (of every inspecting department) is published;
  // back to 已派发 when a record of a completed task is reopened for correction.
  Status SyncTaskCompletionIn(store::Connection& c, int64_t task_id);

  store::Database& db_;
  const Clock& clock_;
  OrgService& org_;
  DictionaryService& dictionaries_;
  const WorkingCalendar& calendar_;
  EvidenceStore& evidence_;
};

}  // namespace suiji::service
