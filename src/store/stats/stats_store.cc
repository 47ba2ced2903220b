#include "store/stats/stats_store.h"

#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

// The task of the period: its window starts in it and its targets are locked.
constexpr char kLockedTask[] = "t.status IN ('targets_locked', 'dispatched', 'completed')";

// A record counts as entered once submitted; a published one stays entered while it is being
// corrected (reopened records keep their publication).
constexpr char kPublished[] =
    "EXISTS (SELECT 1 FROM result_publications x WHERE x.record_id = r.id)";
constexpr char kEntered[] =
    "(r.status IN ('submitted', 'approved', 'published') OR EXISTS (SELECT 1 FROM "
    "result_publications x WHERE x.record_id = r.id))";

// " AND t.window_from BETWEEN .. AND .. AND <column> IN (..)"; false when the scope is empty.
bool PeriodAndScope(Params& p, const StatsQuery& q, const char* department_column,
                    std::string& sql) {
  sql += " AND t.window_from >= " + sql::Bind(p, q.from) +
         " AND t.window_from <= " + sql::Bind(p, q.to);
  if (!q.within_departments) return true;
  if (q.within_departments->empty()) return false;
  sql += std::string(" AND ") + department_column + " IN " + sql::InList(p, *q.within_departments);
  return true;
}

std::string Scope(Params& p, const std::optional<std::vector<int64_t>>& within,
                  const char* department_column) {
  if (!within) return "";
  return std::string(" AND ") + department_column + " IN " + sql::InList(p, *within);
}

}  // namespace

StatusOr<std::vector<TaskCountRow>> CountTasksByDepartment(Connection& c, const StatsQuery& q) {
  Params p;
  std::string sql =
      "SELECT d.department_id, COUNT(*), "
      "SUM(CASE WHEN (SELECT COUNT(*) FROM task_departments o WHERE o.task_id = t.id) > 1 "
      "THEN 1 ELSE 0 END) "
      "FROM task_departments d JOIN tasks t ON t.id = d.task_id WHERE ";
  sql += kLockedTask;
  std::vector<TaskCountRow> out;
  if (!PeriodAndScope(p, q, "d.department_id", sql)) return out;
  sql += " GROUP BY d.department_id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Int(1), r.Int(2)});
    return true;
  }));
  return out;
}

StatusOr<std::vector<ResultCountRow>> CountResultsByDepartment(
    Connection& c, const StatsQuery& q, const std::string& overdue_completed_by) {
  Params p;
  const std::string published = kPublished;
  const std::string entered = kEntered;
  std::string sql =
      "SELECT d.department_id, COUNT(*), "
      "SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN r.id IS NOT NULL AND r.status <> 'approved' AND NOT " +
      published +
      " THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN r.status = 'approved' AND NOT " +
      published +
      " THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN " +
      published +
      " THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN r.id IS NOT NULL AND " +
      entered +
      " THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN EXISTS (SELECT 1 FROM result_publications x WHERE x.record_id = r.id AND "
      "x.corrects IS NULL AND x.published_on <= x.deadline) THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN r.completed_on IS NOT NULL AND r.completed_on <= " +
      sql::Bind(p, overdue_completed_by) + " AND NOT " + published +
      " THEN 1 ELSE 0 END) "
      "FROM task_targets tt JOIN tasks t ON t.id = tt.task_id "
      "JOIN task_departments d ON d.task_id = tt.task_id "
      "LEFT JOIN inspection_records r ON r.task_id = tt.task_id AND r.target_id = tt.target_id "
      "AND r.department_id = d.department_id WHERE ";
  sql += kLockedTask;
  std::vector<ResultCountRow> out;
  if (!PeriodAndScope(p, q, "d.department_id", sql)) return out;
  sql += " GROUP BY d.department_id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    ResultCountRow x;
    size_t i = 0;
    x.department_id = r.Int(i++);
    x.due = r.Int(i++);
    x.not_entered = r.Int(i++);
    x.in_progress = r.Int(i++);
    x.approved = r.Int(i++);
    x.published = r.Int(i++);
    x.entered = r.Int(i++);
    x.published_on_time = r.Int(i++);
    x.overdue = r.Int(i++);
    out.push_back(x);
    return true;
  }));
  return out;
}

StatusOr<std::vector<ProblemCountRow>> CountProblemsByItem(Connection& c, const StatsQuery& q) {
  Params p;
  std::string sql =
      "SELECT r.department_id, i.item_code, COUNT(*), "
      "SUM(CASE WHEN i.result <> '未发现问题' THEN 1 ELSE 0 END) "
      "FROM inspection_items i JOIN inspection_records r ON r.id = i.record_id "
      "JOIN tasks t ON t.id = r.task_id WHERE ";
  sql += kLockedTask;
  sql += std::string(" AND ") + kEntered;
  std::vector<ProblemCountRow> out;
  if (!PeriodAndScope(p, q, "r.department_id", sql)) return out;
  sql += " GROUP BY r.department_id, i.item_code ORDER BY r.department_id, i.item_code";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)});
    return true;
  }));
  return out;
}

StatusOr<std::vector<ProblemCountRow>> CountProblemsByRisk(Connection& c, const StatsQuery& q) {
  Params p;
  std::string sql =
      // The class the target was drawn in (0014), not the one its own result moved it to.
      "SELECT r.department_id, COALESCE(tt.locked_risk_class, g.risk_class) AS risk, COUNT(*), "
      "SUM(CASE WHEN r.cannot_inspect <> '' OR EXISTS (SELECT 1 FROM inspection_items i WHERE "
      "i.record_id = r.id AND i.result <> '未发现问题') THEN 1 ELSE 0 END) "
      "FROM inspection_records r JOIN tasks t ON t.id = r.task_id "
      "JOIN targets g ON g.id = r.target_id "
      "LEFT JOIN task_targets tt ON tt.task_id = r.task_id AND tt.target_id = r.target_id WHERE ";
  sql += kLockedTask;
  sql += std::string(" AND ") + kEntered;
  std::vector<ProblemCountRow> out;
  if (!PeriodAndScope(p, q, "r.department_id", sql)) return out;
  sql += " GROUP BY r.department_id, risk ORDER BY r.department_id, risk";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)});
    return true;
  }));
  return out;
}

StatusOr<std::vector<InspectorTaskCountRow>> CountInspectorTasks(Connection& c, const StatsQuery& q,
                                                                 const std::string& certified_on) {
  Params p;
  std::string sql =
      "SELECT n.department_id, n.id, n.name, "
      "(SELECT COUNT(DISTINCT a.task_id) FROM task_assignments a "
      "JOIN tasks t ON t.id = a.task_id "
      "JOIN inspection_records r ON r.task_id = a.task_id AND r.target_id = a.target_id AND "
      "r.department_id = a.department_id "
      "WHERE a.inspector_id = n.id AND a.department_id = n.department_id AND "
      "r.completed_on IS NOT NULL AND ";
  sql += kLockedTask;
  sql += " AND t.window_from >= " + sql::Bind(p, q.from) +
         " AND t.window_from <= " + sql::Bind(p, q.to) +
         ") FROM inspectors n WHERE n.status = '有效' AND n.cert_expires >= " +
         sql::Bind(p, certified_on);
  std::vector<InspectorTaskCountRow> out;
  if (q.within_departments && q.within_departments->empty()) return out;
  sql += Scope(p, q.within_departments, "n.department_id");
  sql += " ORDER BY n.department_id, n.id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3)});
    return true;
  }));
  return out;
}

StatusOr<std::vector<PlanCountRow>> CountPlansByDepartment(
    Connection& c, int year, const std::optional<std::vector<int64_t>>& within_departments,
    const std::string& on_time_by) {
  Params p;
  std::vector<PlanCountRow> out;
  if (within_departments && within_departments->empty()) return out;
  // published_at is a China-time ISO timestamp: its first ten characters are the China date.
  std::string sql =
      "SELECT department_id, COUNT(DISTINCT plan_no), "
      "COUNT(DISTINCT CASE WHEN published_at IS NOT NULL THEN plan_no END), "
      "COUNT(DISTINCT CASE WHEN published_at IS NOT NULL AND SUBSTR(published_at, 1, 10) <= " +
      sql::Bind(p, on_time_by) +
      " THEN plan_no END) FROM plans WHERE year = " + sql::Bind(p, static_cast<int64_t>(year));
  sql += Scope(p, within_departments, "department_id");
  sql += " GROUP BY department_id";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3)});
    return true;
  }));
  return out;
}

StatusOr<std::vector<RepeatInspectionRow>> CountRepeatInspections(Connection& c,
                                                                  const StatsQuery& q) {
  Params p;
  std::vector<RepeatInspectionRow> out;
  if (q.within_departments && q.within_departments->empty()) return out;
  std::string sql =
      "SELECT department_id, n, COUNT(*) FROM (SELECT department_id, target_id, COUNT(*) AS n "
      "FROM target_inspections WHERE inspected_on >= " +
      sql::Bind(p, q.from) + " AND inspected_on <= " + sql::Bind(p, q.to);
  sql += Scope(p, q.within_departments, "department_id");
  sql += " GROUP BY department_id, target_id HAVING COUNT(*) > 1) s GROUP BY department_id, n";
  RETURN_IF_ERROR(c.QueryEach(sql, p, [&](const Row& r) {
    out.push_back({r.Int(0), r.Int(1), r.Int(2)});
    return true;
  }));
  return out;
}

StatusOr<MonthlyTrendRows> CountByMonth(Connection& c, const StatsQuery& q) {
  MonthlyTrendRows out;
  if (q.within_departments && q.within_departments->empty()) return out;
  auto run = [&](const std::string& month_expr, const std::string& from_where,
                 const char* department_column, std::vector<MonthCountRow>& into) -> Status {
    Params p;
    std::string sql = "SELECT SUBSTR(" + month_expr + ", 1, 7) AS m, " + from_where +
                      " >= " + sql::Bind(p, q.from) + " AND " + month_expr +
                      " <= " + sql::Bind(p, q.to);
    sql += Scope(p, q.within_departments, department_column);
    sql += " GROUP BY SUBSTR(" + month_expr + ", 1, 7) ORDER BY m";
    return c.QueryEach(sql, p, [&](const Row& r) {
      into.push_back({r.Text(0), r.Int(1)});
      return true;
    });
  };
  // Tasks (once, however many departments inspect in them) by the start of their window.
  RETURN_IF_ERROR(run("t.window_from",
                      "COUNT(DISTINCT t.id) FROM tasks t JOIN task_departments d ON "
                      "d.task_id = t.id WHERE " +
                          std::string(kLockedTask) + " AND t.window_from",
                      "d.department_id", out.tasks));
  RETURN_IF_ERROR(run(
      "r.completed_on",
      "COUNT(*) FROM inspection_records r WHERE " + std::string(kEntered) + " AND r.completed_on",
      "r.department_id", out.entered));
  RETURN_IF_ERROR(run("x.published_on",
                      "COUNT(*) FROM result_publications x WHERE x.corrects IS NULL AND "
                      "x.published_on",
                      "x.department_id", out.published));
  return out;
}

}  // namespace suiji::store
