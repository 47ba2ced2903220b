#include "store/plans/task_page_store.h"

#include <algorithm>
#include <cctype>

#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

std::string_view PlaceTable(Assignee who) {
  return who == Assignee::kExpert ? "task_expert_assignments" : "task_assignments";
}

// The places of `r` a locked target `tt` holds: a count over the assignment table's primary key
// (task_id, target_id, …), so it costs a short index range per target.
std::string PlacesOf(Params& params, const PlaceRequirement& r) {
  return "(SELECT COUNT(*) FROM " + std::string(PlaceTable(r.who)) +
         " a WHERE a.task_id = tt.task_id AND a.target_id = tt.target_id AND a.department_id = " +
         sql::Bind(params, r.department_id) + ")";
}

std::string AsciiLower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

}  // namespace

StatusOr<std::vector<StratumCount>> CountTaskTargetsByStratum(Connection& c, int64_t task_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT stratum, COUNT(*), MIN(position) FROM task_targets "
                                    "WHERE task_id = $1 GROUP BY stratum ORDER BY 3",
                                    {task_id}));
  std::vector<StratumCount> out;
  out.reserve(rs.rows.size());
  for (const Row& r : rs.rows) out.push_back({r.Text(0), r.Int(1)});
  return out;
}

StatusOr<int64_t> CountTaskPlaces(Connection& c, Assignee who, int64_t task_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*) FROM " + std::string(PlaceTable(who)) +
                                        " WHERE task_id = $1",
                                    {task_id}));
  return rs.front().Int(0);
}

StatusOr<PlaceShortfall> CountShortfall(Connection& c, int64_t task_id, const PlaceRequirement& r) {
  ASSIGN_OR_RETURN(
      auto rs, c.Query("SELECT COUNT(*), CAST(COALESCE(SUM($3 - COALESCE(a.n, 0)), 0) AS BIGINT) "
                       "FROM task_targets tt "
                       "LEFT JOIN (SELECT target_id, COUNT(*) AS n FROM " +
                           std::string(PlaceTable(r.who)) +
                           " WHERE task_id = $1 AND department_id = $2 GROUP BY target_id) a "
                           "ON a.target_id = tt.target_id "
                           "WHERE tt.task_id = $1 AND COALESCE(a.n, 0) < $3",
                       {task_id, r.department_id, int64_t{r.per_target}}));
  return PlaceShortfall{rs.front().Int(0), rs.front().Int(1)};
}

StatusOr<TaskTargetPage> ListTaskTargetPage(Connection& c, const TaskTargetPageQuery& q) {
  Params params{q.task_id};
  std::string where = " WHERE tt.task_id = $1";
  if (q.stratum) where += " AND tt.stratum = " + sql::Bind(params, *q.stratum);
  if (q.draw_id) {
    const std::string draw = sql::Bind(params, *q.draw_id);
    where +=
        " AND (EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = tt.task_id AND "
        "a.target_id = tt.target_id AND a.draw_id = " +
        draw +
        ") OR EXISTS (SELECT 1 FROM task_expert_assignments a WHERE a.task_id = tt.task_id "
        "AND a.target_id = tt.target_id AND a.draw_id = " +
        draw + "))";
  }
  if (!q.text.empty()) {
    const Dialect d = c.dialect();
    const std::string needle = sql::Bind(params, AsciiLower(q.text));
    std::string any;
    for (const char* column :
         {"COALESCE(tt.locked_name, t.name, '')", "tt.draw_key",
          "COALESCE(tt.locked_address, t.address, '')", "COALESCE(tt.locked_unit_name, '')"})
      any += (any.empty() ? "" : " OR ") +
             sql::Contains(d, "lower(" + std::string(column) + ")", needle);
    if (q.match_people) {
      // By name, 执法证号 or 专家编号 (the replacement panel names people by number).
      any +=
          " OR EXISTS (SELECT 1 FROM task_assignments a JOIN inspectors p ON p.id = "
          "a.inspector_id WHERE a.task_id = tt.task_id AND a.target_id = tt.target_id AND (" +
          sql::Contains(d, "p.name", needle) + " OR " +
          sql::Contains(d, "lower(p.cert_no)", needle) + "))";
      any +=
          " OR EXISTS (SELECT 1 FROM task_expert_assignments a JOIN experts p ON p.id = "
          "a.expert_id WHERE a.task_id = tt.task_id AND a.target_id = tt.target_id AND (" +
          sql::Contains(d, "p.name", needle) + " OR " +
          sql::Contains(d, "lower(p.expert_no)", needle) + "))";
    }
    where += " AND (" + any + ")";
  }
  if (q.places != TaskTargetPageQuery::Places::kAny) {
    // kShort with no requirement matches nothing; kFull with none matches everything.
    const bool short_of = q.places == TaskTargetPageQuery::Places::kShort;
    std::string test;
    for (const auto& r : q.requirements) {
      test += std::string(test.empty() ? "" : (short_of ? " OR " : " AND ")) + PlacesOf(params, r) +
              (short_of ? " < " : " >= ") + sql::Bind(params, int64_t{r.per_target});
    }
    if (test.empty()) test = short_of ? "1 = 0" : "1 = 1";
    where += " AND (" + test + ")";
  }
  const std::string from = " FROM task_targets tt LEFT JOIN targets t ON t.id = tt.target_id";
  TaskTargetPage page;
  ASSIGN_OR_RETURN(auto count, c.Query("SELECT COUNT(*)" + from + where, params));
  page.total = count.front().Int(0);
  if (page.total == 0 || q.offset >= page.total) return page;
  const std::string limit = sql::Bind(params, std::max<int64_t>(q.limit, 1));
  const std::string offset = sql::Bind(params, std::max<int64_t>(q.offset, 0));
  ASSIGN_OR_RETURN(auto rs,
                   c.Query(std::string("SELECT ") + kTaskTargetLineColumns + from + where +
                               " ORDER BY tt.position LIMIT " + limit + " OFFSET " + offset,
                           params));
  page.rows.reserve(rs.rows.size());
  for (const Row& r : rs.rows) page.rows.push_back(TaskTargetLineFromRow(r));
  return page;
}

}  // namespace suiji::store
