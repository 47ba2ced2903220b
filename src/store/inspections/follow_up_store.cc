#include "store/inspections/follow_up_store.h"

#include <algorithm>

#include "store/json_columns.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

constexpr char kCaseCols[] =
    "id, case_no, record_id, task_id, target_id, department_id, publication_no, follow_ups, "
    "status, closed_at, closed_by, created_at, created_by";

std::string FollowUpsToJson(const std::vector<FollowUpItemRow>& items) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& it : items)
    a.push_back({{"item_code", it.item_code}, {"follow_up", it.follow_up}});
  return a.dump();
}

std::vector<FollowUpItemRow> FollowUpsFromJson(std::string_view text) {
  std::vector<FollowUpItemRow> out;
  const nlohmann::json a = DocumentFromJson(text);
  if (!a.is_array()) return out;
  for (const auto& it : a) {
    if (!it.is_object()) continue;
    out.push_back({it.value("item_code", std::string()), it.value("follow_up", std::string())});
  }
  return out;
}

FollowUpCaseRow ToCase(const Row& r) {
  FollowUpCaseRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.case_no = r.Text(i++);
  x.record_id = r.Int(i++);
  x.task_id = r.Int(i++);
  x.target_id = r.Int(i++);
  x.department_id = r.Int(i++);
  x.publication_no = r.Text(i++);
  x.follow_ups = FollowUpsFromJson(r.Text(i++));
  x.status = r.Text(i++);
  x.closed_at = r.OptText(i++);
  x.closed_by = r.OptInt(i++);
  x.created_at = r.Text(i++);
  x.created_by = r.OptInt(i++);
  return x;
}

constexpr char kRecheckCols[] =
    "id, recheck_no, case_id, deadline, status, rechecked_on, findings, recorded_by, recorded_at, "
    "created_at, created_by";

RecheckRow ToRecheck(const Row& r) {
  RecheckRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.recheck_no = r.Text(i++);
  x.case_id = r.Int(i++);
  x.deadline = r.Text(i++);
  x.status = r.Text(i++);
  x.rechecked_on = r.OptText(i++);
  x.findings = r.Text(i++);
  x.recorded_by = r.OptInt(i++);
  x.recorded_at = r.OptText(i++);
  x.created_at = r.Text(i++);
  x.created_by = r.OptInt(i++);
  return x;
}

constexpr char kTransferCols[] =
    "id, case_id, kind, to_department_id, note, status, sent_at, sent_by, received_at, "
    "received_by";

TransferRow ToTransfer(const Row& r) {
  TransferRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.case_id = r.Int(i++);
  x.kind = r.Text(i++);
  x.to_department_id = r.Int(i++);
  x.note = r.Text(i++);
  x.status = r.Text(i++);
  x.sent_at = r.Text(i++);
  x.sent_by = r.OptInt(i++);
  x.received_at = r.OptText(i++);
  x.received_by = r.OptInt(i++);
  return x;
}

constexpr char kStepCols[] =
    "id, case_id, kind, organ, reference, note, recorded_at, recorded_by, recorded_by_name";

FollowUpStepRow ToStep(const Row& r) {
  FollowUpStepRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.case_id = r.Int(i++);
  x.kind = r.Text(i++);
  x.organ = r.Text(i++);
  x.reference = r.Text(i++);
  x.note = r.Text(i++);
  x.recorded_at = r.Text(i++);
  x.recorded_by = r.OptInt(i++);
  x.recorded_by_name = r.Text(i++);
  return x;
}

// Rows of `table` whose case_id is one of `case_ids`, in id order, 500 ids per statement.
template <typename T, typename F>
StatusOr<std::vector<T>> ListOfCases(Connection& c, const char* cols, const char* table,
                                     const std::vector<int64_t>& case_ids, F convert) {
  std::vector<T> out;
  for (size_t from = 0; from < case_ids.size(); from += 500) {
    const std::vector<int64_t> batch(
        case_ids.begin() + static_cast<std::ptrdiff_t>(from),
        case_ids.begin() + static_cast<std::ptrdiff_t>(std::min(case_ids.size(), from + 500)));
    Params p;
    ASSIGN_OR_RETURN(
        auto rs, c.Query("SELECT " + std::string(cols) + " FROM " + table + " WHERE case_id IN " +
                             sql::InList(p, batch) + " ORDER BY id",
                         p));
    for (const Row& r : rs.rows) out.push_back(convert(r));
  }
  std::sort(out.begin(), out.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return out;
}

StatusOr<int64_t> CountPrefix(Connection& c, const char* table, const char* column,
                              std::string_view prefix) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM " + std::string(table) +
                                            " WHERE substr(" + column + ", 1, $1) = $2",
                                        {static_cast<int64_t>(prefix.size()), std::string(prefix)},
                                        "QUERY_FAILED", "后续处置查询失败"));
  return row.Int(0);
}

}  // namespace

StatusOr<int64_t> InsertFollowUpCase(Connection& c, const FollowUpCaseRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO follow_up_cases (case_no, record_id, task_id, target_id, "
                 "department_id, publication_no, follow_ups, status, closed_at, closed_by, "
                 "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                 "$12) RETURNING id",
                 {x.case_no, x.record_id, x.task_id, x.target_id, x.department_id, x.publication_no,
                  FollowUpsToJson(x.follow_ups), x.status, OrNull(x.closed_at), OrNull(x.closed_by),
                  x.created_at, OrNull(x.created_by)},
                 "WRITE_FAILED", "后续处置保存失败"));
  return row.Int(0);
}

StatusOr<std::optional<FollowUpCaseRow>> FindFollowUpCase(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kCaseCols) +
                                                 " FROM follow_up_cases WHERE id = $1",
                                             {id}));
  if (!row) return std::optional<FollowUpCaseRow>();
  return std::optional<FollowUpCaseRow>(ToCase(*row));
}

StatusOr<std::optional<FollowUpCaseRow>> FindFollowUpCaseOfRecord(Connection& c,
                                                                  int64_t record_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kCaseCols) +
                                                 " FROM follow_up_cases WHERE record_id = $1",
                                             {record_id}));
  if (!row) return std::optional<FollowUpCaseRow>();
  return std::optional<FollowUpCaseRow>(ToCase(*row));
}

Status CloseFollowUpCase(Connection& c, int64_t id, const std::string& at,
                         std::optional<int64_t> by) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE follow_up_cases SET status = 'closed', "
                                        "closed_at = $2, closed_by = $3 WHERE id = $1 AND "
                                        "status = 'open'",
                                        {id, at, OrNull(by)}));
  if (n != 1) return FailedPrecondition("CASE_CLOSED", "该后续处置已完结");
  return OkStatus();
}

StatusOr<std::vector<FollowUpCaseRow>> ListFollowUpCases(Connection& c,
                                                         const FollowUpCaseQuery& q) {
  Params p;
  std::vector<std::string> where;
  if (q.owners || q.receivers) {
    std::vector<std::string> any;
    if (q.owners && !q.owners->empty())
      any.push_back("department_id IN " + sql::InList(p, *q.owners));
    if (q.receivers && !q.receivers->empty())
      any.push_back("id IN (SELECT case_id FROM follow_up_transfers WHERE to_department_id IN " +
                    sql::InList(p, *q.receivers) + ")");
    if (any.empty()) return std::vector<FollowUpCaseRow>();
    std::string s = "(";
    for (size_t i = 0; i < any.size(); ++i) s += (i ? " OR " : "") + any[i];
    where.push_back(s + ")");
  }
  if (q.status) where.push_back("status = " + sql::Bind(p, *q.status));
  if (q.record_id) where.push_back("record_id = " + sql::Bind(p, *q.record_id));
  std::string sql = "SELECT " + std::string(kCaseCols) + " FROM follow_up_cases";
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  sql += " ORDER BY id DESC";
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, p));
  std::vector<FollowUpCaseRow> out;
  for (const Row& r : rs.rows) out.push_back(ToCase(r));
  return out;
}

StatusOr<int64_t> CountCaseNumbers(Connection& c, std::string_view prefix) {
  return CountPrefix(c, "follow_up_cases", "case_no", prefix);
}

StatusOr<int64_t> CountRecheckNumbers(Connection& c, std::string_view prefix) {
  return CountPrefix(c, "follow_up_rechecks", "recheck_no", prefix);
}

StatusOr<int64_t> InsertRecheck(Connection& c, const RecheckRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO follow_up_rechecks (recheck_no, case_id, deadline, status, "
                 "rechecked_on, findings, recorded_by, recorded_at, created_at, created_by) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                 {x.recheck_no, x.case_id, x.deadline, x.status, OrNull(x.rechecked_on), x.findings,
                  OrNull(x.recorded_by), OrNull(x.recorded_at), x.created_at, OrNull(x.created_by)},
                 "WRITE_FAILED", "复查任务保存失败"));
  return row.Int(0);
}

Status RecordRecheck(Connection& c, const RecheckRow& x) {
  ASSIGN_OR_RETURN(int64_t n,
                   c.Execute("UPDATE follow_up_rechecks SET status = $2, rechecked_on = $3, "
                             "findings = $4, recorded_by = $5, recorded_at = $6 WHERE id = $1 "
                             "AND status = 'open'",
                             {x.id, x.status, OrNull(x.rechecked_on), x.findings,
                              OrNull(x.recorded_by), OrNull(x.recorded_at)}));
  if (n != 1) return FailedPrecondition("RECHECK_ALREADY_RECORDED", "该复查任务已录入复查结果");
  return OkStatus();
}

Status SetRecheckDeadline(Connection& c, int64_t id, const std::string& deadline) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE follow_up_rechecks SET deadline = $2 WHERE id = "
                                        "$1 AND status = 'open'",
                                        {id, deadline}));
  if (n != 1) return FailedPrecondition("RECHECK_ALREADY_RECORDED", "该复查任务已录入复查结果");
  return OkStatus();
}

StatusOr<std::vector<RecheckRow>> ListRechecks(Connection& c,
                                               const std::vector<int64_t>& case_ids) {
  return ListOfCases<RecheckRow>(c, kRecheckCols, "follow_up_rechecks", case_ids, ToRecheck);
}

StatusOr<int64_t> InsertTransfer(Connection& c, const TransferRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO follow_up_transfers (case_id, kind, to_department_id, note, status, "
                 "sent_at, sent_by, received_at, received_by) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8, $9) RETURNING id",
                 {x.case_id, x.kind, x.to_department_id, x.note, x.status, x.sent_at,
                  OrNull(x.sent_by), OrNull(x.received_at), OrNull(x.received_by)},
                 "WRITE_FAILED", "移送记录保存失败"));
  return row.Int(0);
}

Status ReceiveTransfer(Connection& c, int64_t id, const std::string& at,
                       std::optional<int64_t> by) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE follow_up_transfers SET status = 'received', "
                                        "received_at = $2, received_by = $3 WHERE id = $1 AND "
                                        "status = 'pending'",
                                        {id, at, OrNull(by)}));
  if (n != 1) return FailedPrecondition("TRANSFER_ALREADY_RECEIVED", "该移送已确认接收");
  return OkStatus();
}

StatusOr<std::vector<TransferRow>> ListTransfers(Connection& c,
                                                 const std::vector<int64_t>& case_ids) {
  return ListOfCases<TransferRow>(c, kTransferCols, "follow_up_transfers", case_ids, ToTransfer);
}

StatusOr<int64_t> InsertFollowUpStep(Connection& c, const FollowUpStepRow& x) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO follow_up_steps (case_id, kind, organ, reference, note, "
                 "recorded_at, recorded_by, recorded_by_name) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8) RETURNING id",
                 {x.case_id, x.kind, x.organ, x.reference, x.note, x.recorded_at,
                  OrNull(x.recorded_by), x.recorded_by_name},
                 "WRITE_FAILED", "后续处置步骤保存失败"));
  return row.Int(0);
}

StatusOr<std::vector<FollowUpStepRow>> ListFollowUpSteps(Connection& c,
                                                         const std::vector<int64_t>& case_ids) {
  return ListOfCases<FollowUpStepRow>(c, kStepCols, "follow_up_steps", case_ids, ToStep);
}

}  // namespace suiji::store
