#include "store/inspections/inspection_store.h"

#include <algorithm>
#include <map>

#include "store/json_columns.h"
#include "store/number_series.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

constexpr char kRecordCols[] =
    "id, task_id, target_id, department_id, status, cannot_inspect, cannot_inspect_on, remark, completed_on, "
    "result_dict_version, revision, recorded_by, recorded_at, confirmed_by, confirmed_at, submitted_at, "
    "reviewed_by, reviewed_at, return_reason, created_at, updated_at";

InspectionRecordRow ToRecord(const Row& r) {
  InspectionRecordRow x;
  size_t i = 0;
  x.id = r.Int(i++);
  x.task_id = r.Int(i++);
  x.target_id = r.Int(i++);
  x.department_id = r.Int(i++);
  x.status = r.Text(i++);
  x.cannot_inspect = r.Text(i++);
  x.cannot_inspect_on = r.OptText(i++);
  x.remark = r.Text(i++);
  x.completed_on = r.OptText(i++);
  x.result_dict_version = r.Int(i++);
  x.revision = r.Int(i++);
  x.recorded_by = r.OptInt(i++);
  x.recorded_at = r.OptText(i++);
  x.confirmed_by = r.OptInt(i++);
  x.confirmed_at = r.OptText(i++);
  x.submitted_at = r.OptText(i++);
  x.reviewed_by = r.OptInt(i++);
  x.reviewed_at = r.OptText(i++);
  x.return_reason = r.Text(i++);
  x.created_at = r.Text(i++);
  x.updated_at = r.Text(i++);
  return x;
}

constexpr char kItemCols[] =
    "record_id, item_code, methods, inspected_on, findings, handling, result, follow_up, confidential, "
    "lenient";

InspectionItemRow ToItem(const Row& r) {
  InspectionItemRow x;
  size_t i = 1;
  x.item_code = r.Text(i++);
  x.methods = StringListFromJson(r.Text(i++));
  x.inspected_on = r.OptText(i++);
  x.findings = r.Text(i++);
  x.handling = r.Text(i++);
  x.result = r.Text(i++);
  x.follow_up = r.Text(i++);
  x.confidential = r.Bool(i++);
  x.lenient = r.Bool(i++);
  return x;
}

Status LoadItems(Connection& c, std::vector<InspectionRecordRow>& records) {
  if (records.empty()) return OkStatus();
  std::map<int64_t, InspectionRecordRow*> by_id;
  std::vector<int64_t> ids;
  for (auto& r : records) by_id[r.id] = &r, ids.push_back(r.id);
  for (size_t from = 0; from < ids.size(); from += 500) {
    const std::vector<int64_t> batch(ids.begin() + from,
                                     ids.begin() + std::min(ids.size(), from + 500));
    Params p;
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kItemCols) +
                                          " FROM inspection_items WHERE record_id IN " +
                                          sql::InList(p, batch) + " ORDER BY record_id, item_code",
                                      p));
    for (const Row& row : rs.rows) by_id[row.Int(0)]->items.push_back(ToItem(row));
  }
  return OkStatus();
}

Status InsertItems(Connection& c, int64_t record_id, const std::vector<InspectionItemRow>& items) {
  for (const auto& it : items)
    RETURN_IF_ERROR(c.Execute("INSERT INTO inspection_items (" + std::string(kItemCols) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                              {record_id, it.item_code, StringListToJson(it.methods),
                               OrNull(it.inspected_on), it.findings, it.handling, it.result,
                               it.follow_up, int64_t{it.confidential}, int64_t{it.lenient}})
                        .status());
  return OkStatus();
}

StatusOr<std::optional<InspectionRecordRow>> One(Connection& c, const std::string& where,
                                                 const Params& params) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kRecordCols) +
                                                 " FROM inspection_records WHERE " + where,
                                             params));
  if (!row) return std::optional<InspectionRecordRow>();
  std::vector<InspectionRecordRow> one{ToRecord(*row)};
  RETURN_IF_ERROR(LoadItems(c, one));
  return std::optional<InspectionRecordRow>(std::move(one.front()));
}

constexpr char kEvidenceCols[] =
    "id, record_id, item_code, sha256, media_type, size, file_name, uploaded_by, uploaded_at";

EvidenceRow ToEvidence(const Row& r) {
  EvidenceRow e;
  size_t i = 0;
  e.id = r.Int(i++);
  e.record_id = r.Int(i++);
  e.item_code = r.Text(i++);
  e.sha256 = r.Text(i++);
  e.media_type = r.Text(i++);
  e.size = r.Int(i++);
  e.file_name = r.Text(i++);
  e.uploaded_by = r.OptInt(i++);
  e.uploaded_at = r.Text(i++);
  return e;
}

constexpr char kPublicationCols[] =
    "p.id, p.publication_no, p.record_id, p.task_id, p.target_id, p.department_id, p.credit_code, p.name, "
    "p.plan_no, p.plan_name, p.task_no, p.task_name, p.inspection_type, p.authority, p.completed_on, p.result, "
    "p.remark, p.published_on, p.deadline, p.corrects, "
    "(SELECT o.publication_no FROM result_publications o WHERE o.id = p.corrects), p.published_at, p.published_by";

PublicationRow ToPublication(const Row& r) {
  PublicationRow p;
  size_t i = 0;
  p.id = r.Int(i++);
  p.publication_no = r.Text(i++);
  p.record_id = r.Int(i++);
  p.task_id = r.Int(i++);
  p.target_id = r.Int(i++);
  p.department_id = r.Int(i++);
  p.credit_code = r.Text(i++);
  p.name = r.Text(i++);
  p.plan_no = r.Text(i++);
  p.plan_name = r.Text(i++);
  p.task_no = r.Text(i++);
  p.task_name = r.Text(i++);
  p.inspection_type = r.Text(i++);
  p.authority = r.Text(i++);
  p.completed_on = r.Text(i++);
  p.result = r.Text(i++);
  p.remark = r.Text(i++);
  p.published_on = r.Text(i++);
  p.deadline = r.Text(i++);
  p.corrects = r.OptInt(i++);
  p.corrects_no = r.OptText(i++);
  p.published_at = r.Text(i++);
  p.published_by = r.OptInt(i++);
  return p;
}

std::string PublicationWhere(Connection& c, const PublicResultQuery& q, Params& p) {
  std::string where = " WHERE 1 = 1";
  if (!q.q.empty()) {
    const std::string code = sql::Bind(p, q.q);
    where +=
        " AND (p.credit_code = " + code + " OR " + sql::Contains(c.dialect(), "p.name", code) + ")";
  }
  if (q.since) where += " AND p.published_at >= " + sql::Bind(p, *q.since);
  return where;
}

// Unicode code points in UTF-8 text (the unit of SQLite's and PostgreSQL's length()/substr()).
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (const char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

// Every distinct pair of adjacent code points of `name`, as substr(name, i, 2) makes them
// (0018_result_search's backfill).
std::vector<std::string> NameBigrams(std::string_view name) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < name.size(); ++i)
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(name.size());
  std::vector<std::string> out;
  for (size_t k = 0; k + 2 < starts.size(); ++k)
    out.emplace_back(name.substr(starts[k], starts[k + 2] - starts[k]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// An FTS5 phrase (one string, matched as consecutive trigrams): quotes doubled.
std::string FtsPhrase(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// A LIKE pattern (ESCAPE '\\') matching any text that contains `text` literally.
std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (const char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// The ids of publications whose name may contain `text`, from the index that fits its length
// (0018_result_search): a superset that callers recheck; "" when no index applies (1 character).
std::string NameCandidates(Dialect d, const std::string& text, Params& p) {
  const size_t n = CodePoints(text);
  if (n >= 3 && d == Dialect::kSqlite)
    return "SELECT rowid AS id FROM result_publications_fts WHERE result_publications_fts MATCH " +
           sql::Bind(p, FtsPhrase(text));
  if (n >= 3)
    return "SELECT id FROM result_publications WHERE name LIKE " +
           sql::Bind(p, LikeContains(text)) + " ESCAPE '\\'";
  if (n == 2)
    return "SELECT publication_id AS id FROM result_publication_bigrams WHERE gram = " +
           sql::Bind(p, text);
  return "";
}

// How a query is answered. kCandidates: from its name candidates (index) and credit code,
// sorted. kWalk: by walking the newest-first index with the plain condition — no query; 1
// character, which no index serves; or more than q.sortable candidates, when at least 1
// publication in (table size / q.sortable) matches and the walk fills a page within a short
// stretch.
enum class SearchPlan { kCandidates, kWalk };

// Whether `q` has name candidates from an index at all (else it is always walked).
bool HasNameCandidates(Dialect d, const PublicResultQuery& q) {
  Params p;
  return !q.q.empty() && !NameCandidates(d, q.q, p).empty();
}

StatusOr<SearchPlan> PlanSearch(Connection& c, const PublicResultQuery& q) {
  if (q.q.empty()) return SearchPlan::kWalk;
  Params p;
  const std::string candidates = NameCandidates(c.dialect(), q.q, p);
  if (candidates.empty()) return SearchPlan::kWalk;
  ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM (" + candidates + " LIMIT " +
                                            sql::Bind(p, q.sortable + 1) + ") s",
                                        p, "QUERY_FAILED", "公示记录查询失败"));
  return row.Int(0) <= q.sortable ? SearchPlan::kCandidates : SearchPlan::kWalk;
}

// SQLite: the credit-code look-up always takes its index. Codes are all but unique, but a database
// whose ANALYZE saw few distinct codes (as the bench's first seed did) made SQLite scan the table
// for `credit_code = q AND NOT instr(name, q) > 0`.
std::string CodeIndex(Connection& c) {
  return c.dialect() == Dialect::kSqlite ? " INDEXED BY result_publications_code" : "";
}

// PostgreSQL with 3+ characters: `credit_code = q OR name LIKE '%q%'` is the exact condition (LIKE
// with the wildcards escaped is the substring test) and the planner serves it from both indexes
// at once (a BitmapOr of the code's b-tree and the name's trigram GIN). One mention of the table
// for the matches instead of three (the corrected publication's number, kPublicationCols, is
// another): planning, which opens each of the table's indexes and reads their sizes once per
// mention, was most of a lookup by code's cost (docs/performance.md).
bool PgTrigramOr(Connection& c, const PublicResultQuery& q) {
  return c.dialect() == Dialect::kPostgres && CodePoints(q.q) >= 3;
}

// 18 upper-case letters and digits: the shape of a 统一社会信用代码 (GB 32100), what the portal's
// search box sends for a code. No name is expected to contain one.
// PostgreSQL: the predicate of migration 0024's partial index, character for character (the
// planner uses the index only for a query that states it).
constexpr std::string_view kCodeInName = "[0-9A-Z]{18}";
bool CodeShaped(std::string_view q) {
  return q.size() == 18 && std::all_of(q.begin(), q.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
         });
}

std::string PgCodeOrName(const PublicResultQuery& q, Params& p) {
  const std::string code = sql::Bind(p, q.q);
  const std::string pattern = sql::Bind(p, LikeContains(q.q));
  // For a code-shaped q the pattern goes in as a sub-select: the planner sees it in no plan, so
  // the custom plans cost what the generic one does and the statement cache keeps the generic
  // one after five runs — no planning per lookup, which was about half of PostgreSQL's work for
  // a lookup by code. That plan (a BitmapOr of two indexes) suits a code, which is rare in
  // names; a name search keeps custom plans, which may scan for a common term (有限公司) and
  // stop at the LIMIT, 3-6× faster than the generic plan's whole posting lists.
  //
  // A name holding a code holds 18 code characters in a row, and the partial index of 0024 lists
  // exactly those publications (almost none): the query says so, in the index's own words, and
  // the planner probes that index instead of the trigram index's 16 posting lists of the code.
  if (!CodeShaped(q.q))
    return "(credit_code = " + code + " OR name LIKE " + pattern + " ESCAPE '\\')";
  return "(credit_code = " + code + " OR (name ~ '" + std::string(kCodeInName) +
         "' AND name LIKE (SELECT " + pattern + ") ESCAPE '\\'))";
}

// FROM and WHERE over the candidates of `q` (name index plus the credit code), rechecked with the
// walk's own condition so that both plans answer exactly the same rows.
std::string CandidateFromWhere(Connection& c, const PublicResultQuery& q, Params& p) {
  if (PgTrigramOr(c, q)) {
    // OFFSET 0 keeps the subquery whole: the ORDER BY ... LIMIT outside cannot turn it into a
    // walk of the newest-first index (the plan chosen here is the candidates').
    return " FROM (SELECT * FROM result_publications WHERE " + PgCodeOrName(q, p) +
           (q.since ? " AND published_at >= " + sql::Bind(p, *q.since) : std::string()) +
           " OFFSET 0) p";
  }
  const std::string candidates = NameCandidates(c.dialect(), q.q, p);
  const std::string code = sql::Bind(p, q.q);
  // SQLite's CROSS JOIN keeps the candidates as the outer loop (no walk of the newest index).
  return " FROM (" + candidates + " UNION SELECT id FROM result_publications" + CodeIndex(c) +
         " WHERE credit_code = " + code + ") m" +
         (c.dialect() == Dialect::kSqlite ? " CROSS JOIN" : " JOIN") +
         " result_publications p ON p.id = m.id WHERE (p.credit_code = " + code + " OR " +
         sql::Contains(c.dialect(), "p.name", code) + ")" +
         (q.since ? " AND p.published_at >= " + sql::Bind(p, *q.since) : std::string());
}

}  // namespace

StatusOr<std::optional<RecordContextRow>> FindRecordContext(Connection& c, int64_t task_id,
                                                            int64_t target_id,
                                                            int64_t department_id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional(
          "SELECT t.task_no, t.title, t.task_type, t.window_from, t.window_to, t.status, "
          "COALESCE(p.plan_no, ''), COALESCE(p.title, ''), dep.name, d.item_codes, d.role, "
          "COALESCE(tt.locked_name, g.name), "
          "tt.draw_key FROM task_targets tt JOIN tasks t ON t.id = tt.task_id "
          "JOIN task_departments d ON d.task_id = tt.task_id AND d.department_id = $3 "
          "JOIN departments dep ON dep.id = d.department_id JOIN targets g ON g.id = tt.target_id "
          "LEFT JOIN plans p ON p.id = t.plan_id WHERE tt.task_id = $1 AND tt.target_id = $2",
          {task_id, target_id, department_id}));
  if (!row) return std::optional<RecordContextRow>();
  RecordContextRow x;
  size_t i = 0;
  x.task_id = task_id;
  x.task_no = row->Text(i++);
  x.task_title = row->Text(i++);
  x.task_type = row->Text(i++);
  x.window_from = row->Text(i++);
  x.window_to = row->Text(i++);
  x.task_status = row->Text(i++);
  x.plan_no = row->Text(i++);
  x.plan_title = row->Text(i++);
  x.department_id = department_id;
  x.department_name = row->Text(i++);
  x.item_codes = StringListFromJson(row->Text(i++));
  x.lead = row->Text(i++) == "lead";
  x.target_id = target_id;
  x.target_name = row->Text(i++);
  x.target_key = row->Text(i++);
  return std::optional<RecordContextRow>(std::move(x));
}

StatusOr<std::vector<AssignedInspectorRow>> ListAssignedInspectors(Connection& c, int64_t task_id,
                                                                   int64_t target_id,
                                                                   int64_t department_id) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT i.id, i.name, i.cert_no, i.user_id FROM task_assignments a "
                           "JOIN inspectors i ON i.id = a.inspector_id WHERE a.task_id = $1 AND "
                           "a.target_id = $2 AND a.department_id = $3 ORDER BY a.position, i.id",
                           {task_id, target_id, department_id}));
  std::vector<AssignedInspectorRow> out;
  for (const Row& r : rs.rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3)});
  return out;
}

StatusOr<std::optional<InspectionRecordRow>> FindInspectionRecord(Connection& c, int64_t id) {
  return One(c, "id = $1", {id});
}

StatusOr<std::optional<InspectionRecordRow>> FindInspectionRecordByKey(Connection& c,
                                                                       int64_t task_id,
                                                                       int64_t target_id,
                                                                       int64_t department_id) {
  return One(c, "task_id = $1 AND target_id = $2 AND department_id = $3",
             {task_id, target_id, department_id});
}

StatusOr<std::vector<InspectionRecordRow>> ListInspectionRecordsOfTask(Connection& c,
                                                                       int64_t task_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT " + std::string(kRecordCols) +
                  " FROM inspection_records WHERE task_id = $1 ORDER BY target_id, department_id",
              {task_id}));
  std::vector<InspectionRecordRow> out;
  for (const Row& r : rs.rows) out.push_back(ToRecord(r));
  RETURN_IF_ERROR(LoadItems(c, out));
  return out;
}

StatusOr<int64_t> InsertInspectionRecord(Connection& c, const InspectionRecordRow& r) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO inspection_records (task_id, target_id, department_id, status, cannot_inspect, "
          "cannot_inspect_on, remark, completed_on, result_dict_version, revision, recorded_by, recorded_at, "
          "confirmed_by, confirmed_at, submitted_at, reviewed_by, reviewed_at, return_reason, created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
          "$18, $19, $20) RETURNING id",
          {r.task_id,
           r.target_id,
           r.department_id,
           r.status,
           r.cannot_inspect,
           OrNull(r.cannot_inspect_on),
           r.remark,
           OrNull(r.completed_on),
           r.result_dict_version,
           r.revision,
           OrNull(r.recorded_by),
           OrNull(r.recorded_at),
           OrNull(r.confirmed_by),
           OrNull(r.confirmed_at),
           OrNull(r.submitted_at),
           OrNull(r.reviewed_by),
           OrNull(r.reviewed_at),
           r.return_reason,
           r.created_at,
           r.updated_at},
          "INSERT_FAILED", "检查记录写入失败"));
  const int64_t id = row.Int(0);
  RETURN_IF_ERROR(InsertItems(c, id, r.items));
  return id;
}

Status UpdateInspectionRecord(Connection& c, const InspectionRecordRow& r,
                              int64_t expected_revision) {
  ASSIGN_OR_RETURN(
      int64_t n,
      c.Execute(
          "UPDATE inspection_records SET status = $1, cannot_inspect = $2, cannot_inspect_on = $3, remark = $4, "
          "completed_on = $5, result_dict_version = $6, revision = $7, recorded_by = $8, recorded_at = $9, "
          "confirmed_by = $10, confirmed_at = $11, submitted_at = $12, reviewed_by = $13, reviewed_at = $14, "
          "return_reason = $15, updated_at = $16 WHERE id = $17 AND revision = $18",
          {r.status, r.cannot_inspect, OrNull(r.cannot_inspect_on), r.remark,
           OrNull(r.completed_on), r.result_dict_version, r.revision, OrNull(r.recorded_by),
           OrNull(r.recorded_at), OrNull(r.confirmed_by), OrNull(r.confirmed_at),
           OrNull(r.submitted_at), OrNull(r.reviewed_by), OrNull(r.reviewed_at), r.return_reason,
           r.updated_at, r.id, expected_revision}));
  if (n != 1)
    return FailedPrecondition("RECORD_CHANGED", "检查记录已被他人修改（当前不是第 " +
                                                    std::to_string(expected_revision) +
                                                    " 版），请刷新后再操作");
  RETURN_IF_ERROR(c.Execute("DELETE FROM inspection_items WHERE record_id = $1", {r.id}).status());
  return InsertItems(c, r.id, r.items);
}

StatusOr<int64_t> InsertEvidence(Connection& c, const EvidenceRow& e) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO inspection_evidence (record_id, item_code, sha256, media_type, "
                 "size, file_name, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8) RETURNING id",
                 {e.record_id, e.item_code, e.sha256, e.media_type, e.size, e.file_name,
                  OrNull(e.uploaded_by), e.uploaded_at},
                 "INSERT_FAILED", "证据材料写入失败"));
  return row.Int(0);
}

StatusOr<std::vector<EvidenceRow>> ListEvidence(Connection& c, int64_t record_id) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT " + std::string(kEvidenceCols) +
                               " FROM inspection_evidence WHERE record_id = $1 ORDER BY id",
                           {record_id}));
  std::vector<EvidenceRow> out;
  for (const Row& r : rs.rows) out.push_back(ToEvidence(r));
  return out;
}

StatusOr<std::optional<EvidenceRow>> FindEvidence(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kEvidenceCols) +
                                                 " FROM inspection_evidence WHERE id = $1",
                                             {id}));
  if (!row) return std::optional<EvidenceRow>();
  return std::optional<EvidenceRow>(ToEvidence(*row));
}

Status DeleteEvidence(Connection& c, int64_t id) {
  return c.Execute("DELETE FROM inspection_evidence WHERE id = $1", {id}).status();
}

StatusOr<int64_t> CountEvidenceReferences(Connection& c, std::string_view sha256) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT (SELECT COUNT(*) FROM inspection_evidence WHERE sha256 = "
                           "$1) + (SELECT COUNT(*) FROM enterprise_link_files WHERE sha256 = $1)",
                           {std::string(sha256)}, "QUERY_FAILED", "证据材料查询失败"));
  return row.Int(0);
}

StatusOr<int64_t> InsertPublication(Connection& c, const PublicationRow& p) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(
          "INSERT INTO result_publications (publication_no, record_id, task_id, target_id, department_id, "
          "credit_code, name, plan_no, plan_name, task_no, task_name, inspection_type, authority, completed_on, "
          "result, remark, published_on, deadline, corrects, published_at, published_by) VALUES ($1, $2, $3, "
          "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id",
          {p.publication_no,
           p.record_id,
           p.task_id,
           p.target_id,
           p.department_id,
           p.credit_code,
           p.name,
           p.plan_no,
           p.plan_name,
           p.task_no,
           p.task_name,
           p.inspection_type,
           p.authority,
           p.completed_on,
           p.result,
           p.remark,
           p.published_on,
           p.deadline,
           OrNull(p.corrects),
           p.published_at,
           OrNull(p.published_by)},
          "INSERT_FAILED", "公示记录写入失败"));
  const int64_t id = row.Int(0);
  // The 2-character search's index (0018_result_search); the trigram index follows by itself.
  const std::vector<std::string> grams = NameBigrams(p.name);
  for (size_t from = 0; from < grams.size(); from += 200) {
    Params params;
    std::string values;
    for (size_t i = from; i < std::min(grams.size(), from + 200); ++i)
      values += std::string(values.empty() ? "" : ", ") + "(" + sql::Bind(params, grams[i]) + ", " +
                sql::Bind(params, id) + ")";
    RETURN_IF_ERROR(
        c.Execute("INSERT INTO result_publication_bigrams (gram, publication_id) VALUES " + values,
                  params)
            .status());
  }
  return id;
}

StatusOr<std::optional<PublicationRow>> FindLatestPublicationOfRecord(Connection& c,
                                                                      int64_t record_id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kPublicationCols) +
                          " FROM result_publications p WHERE p.record_id = $1 ORDER BY p.id "
                          "DESC LIMIT 1",
                      {record_id}));
  if (!row) return std::optional<PublicationRow>();
  return std::optional<PublicationRow>(ToPublication(*row));
}

StatusOr<std::vector<PublicationRow>> ListPublicationsOfRecord(Connection& c, int64_t record_id) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT " + std::string(kPublicationCols) +
                               " FROM result_publications p WHERE p.record_id = $1 ORDER BY p.id",
                           {record_id}));
  std::vector<PublicationRow> out;
  for (const Row& r : rs.rows) out.push_back(ToPublication(r));
  return out;
}

StatusOr<std::optional<TaskDepartmentsRow>> FindTaskDepartments(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT t.department_id, (SELECT COUNT(*) FROM "
                                             "task_departments d WHERE d.task_id = t.id) "
                                             "FROM tasks t WHERE t.id = $1",
                                             {task_id}));
  if (!row) return std::optional<TaskDepartmentsRow>();
  return std::optional<TaskDepartmentsRow>(TaskDepartmentsRow{row->Int(0), row->Int(1)});
}

StatusOr<int64_t> CountPublicationNumbers(Connection& c, std::string_view prefix) {
  RETURN_IF_ERROR(LockNumberSeries(c, prefix));
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("SELECT COUNT(*) FROM result_publications WHERE substr(publication_no, 1, $1) "
                 "= $2",
                 {static_cast<int64_t>(prefix.size()), std::string(prefix)}, "QUERY_FAILED",
                 "公示记录查询失败"));
  return row.Int(0);
}

StatusOr<std::optional<PublicationWithCorrections>> FindPublicationWithCorrections(
    Connection& c, std::string_view publication_no) {
  // One row per correction (usually none: one row with a NULL number), oldest first.
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kPublicationCols) +
                                        ", x.publication_no FROM result_publications p LEFT "
                                        "JOIN result_publications x ON x.corrects = p.id WHERE "
                                        "p.publication_no = $1 ORDER BY x.id",
                                    {std::string(publication_no)}));
  if (rs.rows.empty()) return std::optional<PublicationWithCorrections>();
  PublicationWithCorrections out;
  out.publication = ToPublication(rs.rows.front());
  const size_t last = rs.rows.front().size() - 1;
  for (const Row& r : rs.rows)
    if (auto no = r.OptText(last)) out.corrected_by.push_back(std::move(*no));
  return std::optional<PublicationWithCorrections>(std::move(out));
}

namespace {

StatusOr<std::vector<PublicationRow>> SearchWithPlan(Connection& c, const PublicResultQuery& q,
                                                     SearchPlan plan) {
  Params p;
  std::string sql = "SELECT " + std::string(kPublicationCols) +
                    (plan == SearchPlan::kCandidates
                         ? CandidateFromWhere(c, q, p)
                         : " FROM result_publications p" + PublicationWhere(c, q, p)) +
                    " ORDER BY p.published_at DESC, p.id DESC LIMIT " +
                    sql::Bind(p, int64_t{q.limit}) + " OFFSET " + sql::Bind(p, int64_t{q.offset});
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, p));
  std::vector<PublicationRow> out;
  for (const Row& r : rs.rows) out.push_back(ToPublication(r));
  return out;
}

// A code-shaped q (CodeShaped), both databases: the page and the count in one statement, from
// the matches (at most q.sortable + 1) gathered once — the candidates' plan, which a code's few
// matches take anyway. nullopt when that does not settle the answer: more than q.sortable matches
// (the general path walks), or an empty page that is not the first of at least one row (its
// count is still wanted).
StatusOr<std::optional<PublicationPage>> CodeLookup(Connection& c, const PublicResultQuery& q) {
  const bool pg = c.dialect() == Dialect::kPostgres;
  // On PostgreSQL the pattern and every bound are sub-selects, so the statement cache keeps the
  // generic plan (PgCodeOrName; the credit code stays visible, but an equality on it is priced
  // at about one row either way).
  const auto opaque = [pg](const std::string& bound) {
    return pg ? "(SELECT CAST(" + bound + " AS BIGINT))" : bound;
  };
  Params p;
  const std::string matches = pg ? "SELECT * FROM result_publications WHERE " + PgCodeOrName(q, p)
                                 : "SELECT p.*" + CandidateFromWhere(c, q, p);
  const std::string most = opaque(sql::Bind(p, q.sortable + 1));
  const std::string limit = opaque(sql::Bind(p, int64_t{q.limit}));
  const std::string offset = opaque(sql::Bind(p, int64_t{q.offset}));
  // MATERIALIZED: the matches are read once for both the page and the count.
  ASSIGN_OR_RETURN(auto rs, c.Query("WITH hits AS MATERIALIZED (" + matches + " LIMIT " + most +
                                        ") SELECT " + std::string(kPublicationCols) +
                                        ", (SELECT COUNT(*) FROM hits) FROM hits p ORDER BY "
                                        "p.published_at DESC, p.id DESC LIMIT " +
                                        limit + " OFFSET " + offset,
                                    p));
  PublicationPage page;
  if (rs.rows.empty()) {
    // The first page of at least one row is empty only when nothing matches; otherwise the
    // count is still wanted.
    if (q.offset > 0 || q.limit < 1) return std::optional<PublicationPage>();
    return std::optional<PublicationPage>(std::move(page));
  }
  page.count = rs.rows.front().Int(rs.rows.front().size() - 1);
  if (page.count > q.sortable) return std::optional<PublicationPage>();
  for (const Row& r : rs.rows) page.rows.push_back(ToPublication(r));
  return std::optional<PublicationPage>(std::move(page));
}

}  // namespace

StatusOr<std::vector<PublicationRow>> SearchPublications(Connection& c,
                                                         const PublicResultQuery& q) {
  ASSIGN_OR_RETURN(const SearchPlan plan, PlanSearch(c, q));
  return SearchWithPlan(c, q, plan);
}

StatusOr<PublicationPage> SearchAndCountPublications(Connection& c, const PublicResultQuery& q,
                                                     int64_t cap) {
  if (CodeShaped(q.q) && !q.since) {
    ASSIGN_OR_RETURN(auto found, CodeLookup(c, q));
    if (found) return std::move(*found);
  }
  PublicationPage page;
  ASSIGN_OR_RETURN(page.count, CountPublications(c, q, std::max(cap, q.sortable)));
  // page.count <= q.sortable: the name candidates are at most that many, so they are sorted, as
  // PlanSearch would have decided. Above it they are all but certainly more (the credit-code
  // matches whose name lacks q are the rest), and the walk answers the same rows either way.
  // (With q.since the count is of the dated matches only and the candidates may be more: the
  // same rows still, only the cost differs; no caller searches a name since a date.)
  const bool exact = page.count <= std::max(cap, q.sortable);
  if (page.count == 0 || (exact && q.offset >= page.count)) return page;
  const SearchPlan plan = HasNameCandidates(c.dialect(), q) && page.count <= q.sortable
                              ? SearchPlan::kCandidates
                              : SearchPlan::kWalk;
  ASSIGN_OR_RETURN(page.rows, SearchWithPlan(c, q, plan));
  return page;
}

StatusOr<int64_t> CountPublications(Connection& c, const PublicResultQuery& q, int64_t cap) {
  Params p;
  std::string sql;
  if (PgTrigramOr(c, q) && !q.since) {
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM result_publications WHERE " + PgCodeOrName(q, p) +
          " LIMIT " + sql::Bind(p, cap + 1) + ") s";
  } else if (const std::string candidates =
                 q.q.empty() || q.since.has_value() ? "" : NameCandidates(c.dialect(), q.q, p);
             !candidates.empty()) {
    // The index's candidates are exact (a trigram phrase, LIKE, a bigram): they and the
    // credit-code matches whose name does not contain q are the answer, disjoint, so UNION ALL
    // streams and the LIMIT stops it (a UNION would read every candidate of a common term).
    const std::string code = sql::Bind(p, q.q);
    sql = "SELECT COUNT(*) FROM (" + candidates + " UNION ALL SELECT id FROM result_publications" +
          CodeIndex(c) + " WHERE credit_code = " + code + " AND NOT " +
          sql::Contains(c.dialect(), "name", code) + " LIMIT " + sql::Bind(p, cap + 1) + ") s";
  } else {
    sql = "SELECT COUNT(*) FROM (SELECT p.id FROM result_publications p" +
          PublicationWhere(c, q, p) + " LIMIT " + sql::Bind(p, cap + 1) + ") s";
  }
  ASSIGN_OR_RETURN(auto row, c.QueryOne(sql, p, "QUERY_FAILED", "公示记录查询失败"));
  return row.Int(0);
}

Status SetTargetInspectedOn(Connection& c, int64_t task_id, int64_t target_id,
                            int64_t department_id, std::string_view date) {
  return c
      .Execute(
          "UPDATE target_inspections SET inspected_on = $1 WHERE task_id = $2 AND target_id = $3 AND "
          "department_id = $4",
          {std::string(date), task_id, target_id, department_id})
      .status();
}

StatusOr<std::vector<ResultLine>> ListResultLines(Connection& c, const ResultLineQuery& q) {
  Params p;
  std::string sql =
      "SELECT t.id, t.task_no, t.title, t.window_to, tt.target_id, COALESCE(tt.locked_name, g.name), "
      "tt.draw_key, d.department_id, r.id, "
      "COALESCE(r.status, 'pending'), r.completed_on, "
      "(SELECT MIN(x.published_on) FROM result_publications x WHERE x.record_id = r.id) "
      "FROM task_targets tt JOIN tasks t ON t.id = tt.task_id "
      "JOIN task_departments d ON d.task_id = tt.task_id "
      "JOIN targets g ON g.id = tt.target_id "
      "LEFT JOIN inspection_records r ON r.task_id = tt.task_id AND r.target_id = tt.target_id AND "
      "r.department_id = d.department_id WHERE 1 = 1";
  if (q.task_id) sql += " AND tt.task_id = " + sql::Bind(p, *q.task_id);
  if (q.within_departments) {
    if (q.within_departments->empty()) return std::vector<ResultLine>();
    sql += " AND d.department_id IN " + sql::InList(p, *q.within_departments);
  }
  if (q.statuses) {
    if (q.statuses->empty()) return std::vector<ResultLine>();
    sql += " AND COALESCE(r.status, 'pending') IN " + sql::InList(p, *q.statuses);
  }
  if (q.only_unpublished) sql += " AND COALESCE(r.status, 'pending') <> 'published'";
  if (q.assigned_user_id)
    sql +=
        " AND EXISTS (SELECT 1 FROM task_assignments a JOIN inspectors i ON i.id = a.inspector_id WHERE "
        "a.task_id = tt.task_id AND a.target_id = tt.target_id AND a.department_id = d.department_id AND "
        "i.user_id = " +
        sql::Bind(p, *q.assigned_user_id) + ")";
  sql += " ORDER BY t.id, tt.position, d.department_id";
  std::vector<ResultLine> out;
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    ResultLine l;
    size_t i = 0;
    l.task_id = r.Int(i++);
    l.task_no = r.Text(i++);
    l.task_title = r.Text(i++);
    l.window_to = r.Text(i++);
    l.target_id = r.Int(i++);
    l.target_name = r.Text(i++);
    l.target_key = r.Text(i++);
    l.department_id = r.Int(i++);
    l.record_id = r.OptInt(i++);
    l.status = r.Text(i++);
    l.completed_on = r.OptText(i++);
    l.published_on = r.OptText(i++);
    out.push_back(std::move(l));
    return true;
  }));
  return out;
}

}  // namespace suiji::store
