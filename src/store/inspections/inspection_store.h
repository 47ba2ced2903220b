// Inspection records, evidence references and published results (migration 0008).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/database.h"

namespace suiji::store {

struct InspectionItemRow {
  std::string item_code;
  std::vector<std::string> methods;
  std::optional<std::string> inspected_on;
  std::string findings;
  std::string handling;
  std::string result;
  std::string follow_up;
  bool confidential = false;
  bool lenient = false;  // 免罚清单 (migration 0013)
};

struct InspectionRecordRow {
  int64_t id = 0;
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string status;  // pending | submitted | returned | approved | published
  std::string cannot_inspect;
  std::optional<std::string> cannot_inspect_on;
  std::string remark;
  std::optional<std::string> completed_on;
  int64_t result_dict_version = 1;
  int64_t revision = 0;
  std::optional<int64_t> recorded_by;
  std::optional<std::string> recorded_at;
  std::optional<int64_t> confirmed_by;
  std::optional<std::string> confirmed_at;
  std::optional<std::string> submitted_at;
  std::optional<int64_t> reviewed_by;
  std::optional<std::string> reviewed_at;
  std::string return_reason;
  std::string created_at;
  std::string updated_at;
  std::vector<InspectionItemRow> items;  // in item_code order
};

// What a record needs to know about its task, department and target (one joined read).
struct RecordContextRow {
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  std::string task_type;
  std::string window_from;
  std::string window_to;
  std::string task_status;
  std::string plan_no;  // "" for tasks not from a plan
  std::string plan_title;
  int64_t department_id = 0;
  std::string department_name;
  std::vector<std::string> item_codes;  // the department's items in this task
  bool lead = false;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;  // 统一社会信用代码 / 注册号 / 对象编号 as drawn
};
// nullopt when the target is not locked into the task or the department does not inspect in it.
StatusOr<std::optional<RecordContextRow>> FindRecordContext(Connection& c, int64_t task_id,
                                                            int64_t target_id,
                                                            int64_t department_id);

// The inspectors a department sent to a target in a task, in draw position order.
struct AssignedInspectorRow {
  int64_t inspector_id = 0;
  std::string name;
  std::string cert_no;
  std::optional<int64_t> user_id;
};
StatusOr<std::vector<AssignedInspectorRow>> ListAssignedInspectors(Connection& c, int64_t task_id,
                                                                   int64_t target_id,
                                                                   int64_t department_id);

StatusOr<std::optional<InspectionRecordRow>> FindInspectionRecord(Connection& c, int64_t id);
StatusOr<std::optional<InspectionRecordRow>> FindInspectionRecordByKey(Connection& c,
                                                                       int64_t task_id,
                                                                       int64_t target_id,
                                                                       int64_t department_id);
// Every record of a task (all departments), with items.
StatusOr<std::vector<InspectionRecordRow>> ListInspectionRecordsOfTask(Connection& c,
                                                                       int64_t task_id);
// Inserts the record (revision 1) and its items; returns the id.
StatusOr<int64_t> InsertInspectionRecord(Connection& c, const InspectionRecordRow& r);
// Writes `r` (items replaced) when the stored revision is `expected_revision`, storing
// r.revision; FailedPrecondition RECORD_CHANGED when someone else saved in between.
Status UpdateInspectionRecord(Connection& c, const InspectionRecordRow& r,
                              int64_t expected_revision);

struct EvidenceRow {
  int64_t id = 0;
  int64_t record_id = 0;
  std::string item_code;
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
  std::string file_name;
  std::optional<int64_t> uploaded_by;
  std::string uploaded_at;
};

StatusOr<int64_t> InsertEvidence(Connection& c, const EvidenceRow& e);
StatusOr<std::vector<EvidenceRow>> ListEvidence(Connection& c, int64_t record_id);
StatusOr<std::optional<EvidenceRow>> FindEvidence(Connection& c, int64_t id);
Status DeleteEvidence(Connection& c, int64_t id);
// How many references a stored file has: evidence rows and files uploaded through enterprise
// links (0: the file may be removed).
StatusOr<int64_t> CountEvidenceReferences(Connection& c, std::string_view sha256);

struct PublicationRow {
  int64_t id = 0;
  std::string publication_no;
  int64_t record_id = 0;
  int64_t task_id = 0;
  int64_t target_id = 0;
  int64_t department_id = 0;
  std::string credit_code;
  std::string name;
  std::string plan_no;
  std::string plan_name;
  std::string task_no;
  std::string task_name;
  std::string inspection_type;
  std::string authority;
  std::string completed_on;
  std::string result;
  std::string remark;
  std::string published_on;
  std::string deadline;
  std::optional<int64_t> corrects;
  std::optional<std::string> corrects_no;  // read: the corrected publication's number
  std::string published_at;
  std::optional<int64_t> published_by;
};

StatusOr<int64_t> InsertPublication(Connection& c, const PublicationRow& p);
// The newest publication of a record (a correction supersedes), if any.
StatusOr<std::optional<PublicationRow>> FindLatestPublicationOfRecord(Connection& c,
                                                                      int64_t record_id);
// Every publication of a record, oldest first.
StatusOr<std::vector<PublicationRow>> ListPublicationsOfRecord(Connection& c, int64_t record_id);
// A publication by number with the numbers of the publications correcting it, oldest first, in
// one statement (the portal's lookup by number; each statement is a round trip to PostgreSQL).
struct PublicationWithCorrections {
  PublicationRow publication;
  std::vector<std::string> corrected_by;
};
StatusOr<std::optional<PublicationWithCorrections>> FindPublicationWithCorrections(
    Connection& c, std::string_view publication_no);
// The lead department of a task and how many departments inspect in it; nullopt when the task
// does not exist.
struct TaskDepartmentsRow {
  int64_t lead_department_id = 0;
  int64_t departments = 0;
};
StatusOr<std::optional<TaskDepartmentsRow>> FindTaskDepartments(Connection& c, int64_t task_id);
StatusOr<int64_t> CountPublicationNumbers(Connection& c, std::string_view prefix);

struct PublicResultQuery {
  std::string q;                     // "" | a credit code (exact) | part of a name
  std::optional<std::string> since;  // published_at >= since (exports)
  int limit = 20;
  int offset = 0;
  // At most this many name candidates from the index are fetched and sorted; beyond, the
  // newest-first walk, which then finds a page of 20 within ~20 × (table size / sortable) rows.
  // 5,000 balances the two at 1M publications. Tests lower it to compare both plans on few rows.
  int64_t sortable = 5000;
};
// Newest first. A non-empty q matches publications whose credit code is q or whose name contains
// q (case-sensitive substring). Served from indexes (0018_result_search) where they narrow the
// search to a few candidates, else by walking the newest-first index: the same rows either way.
StatusOr<std::vector<PublicationRow>> SearchPublications(Connection& c, const PublicResultQuery& q);
// How many publications SearchPublications would page through, counting no further than cap + 1:
// a result above `cap` means "more than cap" (exact counts of 1M rows cost a scan per page).
StatusOr<int64_t> CountPublications(Connection& c, const PublicResultQuery& q, int64_t cap);
// SearchPublications' page and CountPublications' count (capped at max(cap, q.sortable)) in
// fewer statements: the count comes first and also chooses the plan (SearchPublications alone
// needs a probe of the name index for that), so a search is two statements and an empty answer
// or a page past the last match the count alone. A q shaped like a credit code is one statement
// on both databases (ADR 0018); a page past its last match takes that and the count.
struct PublicationPage {
  std::vector<PublicationRow> rows;
  int64_t count = 0;
};
StatusOr<PublicationPage> SearchAndCountPublications(Connection& c, const PublicResultQuery& q,
                                                     int64_t cap);

// The yearly cap counts the recorded inspection: the placeholder row written when the targets
// were locked takes the real inspection date.
Status SetTargetInspectedOn(Connection& c, int64_t task_id, int64_t target_id,
                            int64_t department_id, std::string_view date);

// One line of the result work list: a task target for one inspecting department, with its
// record (if any) and newest publication (if any).
struct ResultLine {
  int64_t task_id = 0;
  std::string task_no;
  std::string task_title;
  std::string window_to;
  int64_t target_id = 0;
  std::string target_name;
  std::string target_key;
  int64_t department_id = 0;
  std::optional<int64_t> record_id;
  std::string status;  // the record's status, "pending" without a record
  std::optional<std::string> completed_on;
  std::optional<std::string> published_on;  // of the first publication
};

struct ResultLineQuery {
  std::optional<int64_t> task_id;
  std::optional<std::vector<int64_t>> within_departments;  // the reader's scope
  std::optional<std::vector<std::string>> statuses;        // filter on status
  bool only_unpublished = false;
  std::optional<int64_t> assigned_user_id;  // only where this user's inspector was sent
};
StatusOr<std::vector<ResultLine>> ListResultLines(Connection& c, const ResultLineQuery& q);

}  // namespace suiji::store
