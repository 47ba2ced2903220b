#include "store/org_store.h"

namespace suiji::store {
namespace {

constexpr std::string_view kDeptCols = "id, code, name, short_name, region_code, active";
constexpr std::string_view kUnitCols =
    "id, department_id, parent_id, code, name, kind, level, region_code, active";

Department ToDepartment(const Row& r) {
  return Department{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Bool(5)};
}

Unit ToUnit(const Row& r) {
  return Unit{r.Int(0),  r.Int(1),  r.OptInt(2), r.Text(3), r.Text(4),
              r.Text(5), r.Text(6), r.Text(7),   r.Bool(8)};
}

Region ToRegion(const Row& r) { return Region{r.Text(0), r.Text(1), r.Text(2), r.Text(3)}; }

}  // namespace

Status UpsertRegion(Connection& c, const Region& r) {
  return c
      .Execute(
          "INSERT INTO regions (code, name, parent_code, level) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code, "
          "level = excluded.level",
          {r.code, r.name, r.parent_code.empty() ? Value() : Value(r.parent_code), r.level})
      .status();
}

StatusOr<std::vector<Region>> ListRegions(Connection& c) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT code, name, COALESCE(parent_code, ''), level FROM regions ORDER BY code"));
  std::vector<Region> out;
  for (const Row& r : rs.rows) out.push_back(ToRegion(r));
  return out;
}

StatusOr<std::optional<Region>> FindRegion(Connection& c, std::string_view code) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOptional("SELECT code, name, COALESCE(parent_code, ''), level FROM regions "
                                "WHERE code = $1",
                                {std::string(code)}));
  if (!row) return std::optional<Region>();
  return std::optional<Region>(ToRegion(*row));
}

StatusOr<int64_t> InsertDepartment(Connection& c, const Department& d, std::string_view now) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO departments (code, name, short_name, region_code, active, created_at) "
              "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
              {d.code, d.name, d.short_name, d.region_code, int64_t{d.active}, std::string(now)}));
  return rs.front().Int(0);
}

StatusOr<std::vector<Department>> ListDepartments(Connection& c) {
  ASSIGN_OR_RETURN(auto rs,
                   c.Query("SELECT " + std::string(kDeptCols) + " FROM departments ORDER BY id"));
  std::vector<Department> out;
  for (const Row& r : rs.rows) out.push_back(ToDepartment(r));
  return out;
}

StatusOr<std::optional<Department>> FindDepartment(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row, c.QueryOptional(
                    "SELECT " + std::string(kDeptCols) + " FROM departments WHERE id = $1", {id}));
  if (!row) return std::optional<Department>();
  return std::optional<Department>(ToDepartment(*row));
}

StatusOr<std::optional<Department>> FindDepartmentByCode(Connection& c, std::string_view code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOptional("SELECT " + std::string(kDeptCols) +
                                                 " FROM departments WHERE code = $1",
                                             {std::string(code)}));
  if (!row) return std::optional<Department>();
  return std::optional<Department>(ToDepartment(*row));
}

StatusOr<int64_t> InsertUnit(Connection& c, const Unit& u, std::string_view now) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO units (department_id, parent_id, code, name, kind, level, region_code, "
              "active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
              {u.department_id, OrNull(u.parent_id), u.code, u.name, u.kind, u.level, u.region_code,
               int64_t{u.active}, std::string(now)}));
  return rs.front().Int(0);
}

StatusOr<std::vector<Unit>> ListUnits(Connection& c, std::optional<int64_t> department_id) {
  std::string sql = "SELECT " + std::string(kUnitCols) + " FROM units";
  Params params;
  if (department_id) {
    sql += " WHERE department_id = $1";
    params.push_back(*department_id);
  }
  sql += " ORDER BY id";
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  std::vector<Unit> out;
  for (const Row& r : rs.rows) out.push_back(ToUnit(r));
  return out;
}

StatusOr<std::optional<Unit>> FindUnit(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kUnitCols) + " FROM units WHERE id = $1", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(ToUnit(*row));
}

}  // namespace suiji::store
