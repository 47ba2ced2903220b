#include "store/credit/mutual_store.h"

#include "store/json_columns.h"
#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

// The conditions both halves of the union share, bound once per half.
std::string Conditions(Params& p, const RecognizedInspectionQuery& q, const char* department,
                       const char* day, const char* target) {
  std::string where;
  if (q.department_ids)
    where += std::string(" AND ") + department + " IN " + sql::InList(p, *q.department_ids);
  where += std::string(" AND ") + day + " >= " + sql::Bind(p, q.since);
  if (q.target_id) where += std::string(" AND ") + target + " = " + sql::Bind(p, *q.target_id);
  if (q.target_ids) where += std::string(" AND ") + target + " IN " + sql::InList(p, *q.target_ids);
  return where;
}

}  // namespace

StatusOr<std::vector<RecognizedInspectionRow>> ListRecognizedInspections(
    Connection& c, const RecognizedInspectionQuery& q) {
  std::vector<RecognizedInspectionRow> out;
  if ((q.department_ids && q.department_ids->empty()) || (q.target_ids && q.target_ids->empty()))
    return out;
  Params p;
  std::string sql =
      "SELECT p.target_id AS target_id, p.department_id AS department_id, p.completed_on AS day, "
      "p.result, p.remark, 'publication' AS source, p.publication_no, p.published_on, "
      "p.inspection_type, p.task_no, p.credit_code, p.name, t.risk_class, t.abnormal, "
      "t.serious_violation FROM result_publications p JOIN targets t ON t.id = p.target_id "
      "WHERE NOT EXISTS (SELECT 1 FROM result_publications y WHERE y.corrects = p.id)" +
      Conditions(p, q, "p.department_id", "p.completed_on", "p.target_id") +
      " UNION ALL "
      "SELECT i.target_id, i.department_id, i.inspected_on, i.result, i.remark, 'import', '', '', "
      "'', '', t.natural_key, t.name, t.risk_class, t.abnormal, t.serious_violation "
      "FROM target_inspections i JOIN targets t ON t.id = i.target_id WHERE i.source = 'import'" +
      Conditions(p, q, "i.department_id", "i.inspected_on", "i.target_id") +
      " ORDER BY day, target_id, department_id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    RecognizedInspectionRow x;
    size_t i = 0;
    x.target_id = r.Int(i++);
    x.department_id = r.Int(i++);
    x.completed_on = r.Text(i++);
    x.result = r.Text(i++);
    x.remark = r.Text(i++);
    x.source = r.Text(i++);
    x.publication_no = r.Text(i++);
    x.published_on = r.Text(i++);
    x.inspection_type = r.Text(i++);
    x.task_no = r.Text(i++);
    x.credit_code = r.Text(i++);
    x.target_name = r.Text(i++);
    x.risk_class = r.Text(i++);
    x.abnormal = r.Int(i++) != 0;
    x.serious_violation = r.Int(i++) != 0;
    out.push_back(std::move(x));
    return true;
  }));
  return out;
}

Status InsertPastInspection(Connection& c, const PastInspectionRow& row) {
  return c
      .Execute(
          "INSERT INTO target_inspections (target_id, department_id, task_id, item_codes, "
          "inspected_on, source, result, remark, import_sha256) "
          "VALUES ($1, $2, NULL, $3, $4, 'import', $5, $6, $7)",
          {row.target_id, row.department_id, StringListToJson(row.item_codes), row.inspected_on,
           row.result, row.remark, row.import_sha256})
      .status();
}

StatusOr<bool> PastInspectionExists(Connection& c, int64_t target_id, int64_t department_id,
                                    std::string_view day) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM target_inspections WHERE source = 'import' AND "
                                    "target_id = $1 AND department_id = $2 AND inspected_on = $3",
                                    {target_id, department_id, std::string(day)}));
  return !rs.rows.empty();
}

StatusOr<std::vector<PastInspectionRow>> ListPastInspections(
    Connection& c, const std::optional<std::vector<int64_t>>& department_ids) {
  std::vector<PastInspectionRow> out;
  if (department_ids && department_ids->empty()) return out;
  Params p;
  std::string sql =
      "SELECT i.id, i.target_id, i.department_id, i.item_codes, i.inspected_on, i.result, "
      "i.remark, i.import_sha256, t.natural_key, t.name FROM target_inspections i "
      "JOIN targets t ON t.id = i.target_id WHERE i.source = 'import'";
  if (department_ids) sql += " AND i.department_id IN " + sql::InList(p, *department_ids);
  sql += " ORDER BY i.inspected_on, i.id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    PastInspectionRow x;
    size_t i = 0;
    x.id = r.Int(i++);
    x.target_id = r.Int(i++);
    x.department_id = r.Int(i++);
    x.item_codes = StringListFromJson(r.Text(i++));
    x.inspected_on = r.Text(i++);
    x.result = r.Text(i++);
    x.remark = r.Text(i++);
    x.import_sha256 = r.Text(i++);
    x.target_key = r.Text(i++);
    x.target_name = r.Text(i++);
    out.push_back(std::move(x));
    return true;
  }));
  return out;
}

}  // namespace suiji::store
