#include "store/registers/item_store.h"

#include "store/registers/sql_util.h"

namespace suiji::store {
namespace {

using registers::InspectionItem;
using registers::ItemVersion;
using registers::RulesVersion;

constexpr std::string_view kHeadCols =
    "id, department_id, code, current_version, published_version, name, category, level, life_safety, active, "
    "created_at, updated_at";

ItemHead ToHead(const Row& r) {
  ItemHead h;
  h.id = r.Int(0);
  h.department_id = r.Int(1);
  h.code = r.Text(2);
  h.current_version = static_cast<int>(r.Int(3));
  if (auto v = r.OptInt(4)) h.published_version = static_cast<int>(*v);
  h.name = r.Text(5);
  h.category = r.Text(6);
  h.level = r.Text(7);
  h.life_safety = r.Bool(8);
  h.active = r.Bool(9);
  h.created_at = r.Text(10);
  h.updated_at = r.Text(11);
  return h;
}

// The columns 3-7 of every version row, item or rules: its note and who made and
// published it when.
template <class Version>
void ReadVersionTrail(const Row& r, Version& v) {
  v.note = r.Text(3);
  v.created_at = r.Text(4);
  v.created_by = r.Text(5);
  v.published_at = r.OptText(6);
  v.published_by = r.Text(7);
}

// Stored JSON was written by ItemToJson; a row that no longer parses is corrupt data.
StatusOr<ItemVersion> ToItemVersion(const Row& r) {
  ItemVersion v;
  v.item_id = r.Int(0);
  v.version = static_cast<int>(r.Int(1));
  auto j = nlohmann::json::parse(r.Text(2), nullptr, false);
  auto item = registers::ItemFromJson(j);
  if (j.is_discarded() || !item.ok())
    return DataLoss("ITEM_VERSION_CORRUPT", "事项版本数据已损坏（事项 " +
                                                std::to_string(v.item_id) + " 第 " +
                                                std::to_string(v.version) + " 版）");
  v.item = std::move(item).value();
  ReadVersionTrail(r, v);
  return v;
}

StatusOr<RulesVersion> ToRulesVersion(const Row& r) {
  RulesVersion v;
  v.department_id = r.Int(0);
  v.version = static_cast<int>(r.Int(1));
  auto j = nlohmann::json::parse(r.Text(2), nullptr, false);
  auto rules = registers::RulesFromJson(j);
  if (j.is_discarded() || !rules.ok())
    return DataLoss("RULES_VERSION_CORRUPT", "细则版本数据已损坏（部门 " +
                                                 std::to_string(v.department_id) + " 第 " +
                                                 std::to_string(v.version) + " 版）");
  v.rules = std::move(rules).value();
  ReadVersionTrail(r, v);
  return v;
}

constexpr std::string_view kVersionCols =
    "item_id, version, data, note, created_at, created_by, published_at, "
    "COALESCE(published_by, '')";

}  // namespace

StatusOr<int64_t> InsertItemHead(Connection& c, const InspectionItem& i, std::string_view now) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO items (department_id, code, current_version, published_version, name, "
              "category, level, life_safety, active, created_at, updated_at) "
              "VALUES ($1, $2, 1, NULL, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
              {i.department_id, i.code, i.name, i.category, i.level, int64_t{i.life_safety},
               int64_t{i.active}, std::string(now)}));
  return rs.front().Int(0);
}

Status UpdateItemHead(Connection& c, int64_t id, const InspectionItem& i, int version,
                      std::string_view now) {
  return c
      .Execute(
          "UPDATE items SET current_version = $2, name = $3, category = $4, level = $5, life_safety = $6, "
          "active = $7, updated_at = $8 WHERE id = $1",
          {id, int64_t{version}, i.name, i.category, i.level, int64_t{i.life_safety},
           int64_t{i.active}, std::string(now)})
      .status();
}

Status InsertItemVersion(Connection& c, const ItemVersion& v) {
  return c
      .Execute(
          "INSERT INTO item_versions (item_id, version, data, note, created_at, created_by, published_at, "
          "published_by) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
          {v.item_id, int64_t{v.version}, registers::ItemToJson(v.item).dump(), v.note,
           v.created_at, v.created_by})
      .status();
}

Status MarkItemVersionPublished(Connection& c, int64_t item_id, int version, std::string_view at,
                                std::string_view by) {
  RETURN_IF_ERROR(
      c.Execute("UPDATE item_versions SET published_at = $3, published_by = $4 "
                "WHERE item_id = $1 AND version = $2",
                {item_id, int64_t{version}, std::string(at), std::string(by)}));
  // The portal shows the highest published version, whichever order versions were published in.
  return c
      .Execute(
          "UPDATE items SET published_version = (SELECT MAX(version) FROM item_versions "
          "WHERE item_id = $1 AND published_at IS NOT NULL) WHERE id = $1",
          {item_id})
      .status();
}

StatusOr<std::optional<ItemHead>> FindItemHead(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(
      auto row,
      c.QueryOptional("SELECT " + std::string(kHeadCols) + " FROM items WHERE id = $1", {id}));
  if (!row) return std::optional<ItemHead>();
  return std::optional<ItemHead>(ToHead(*row));
}

StatusOr<std::optional<ItemHead>> FindItemHeadByCode(Connection& c, int64_t department_id,
                                                     std::string_view code) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOptional("SELECT " + std::string(kHeadCols) +
                                       " FROM items WHERE department_id = $1 AND code = $2",
                                   {department_id, std::string(code)}));
  if (!row) return std::optional<ItemHead>();
  return std::optional<ItemHead>(ToHead(*row));
}

StatusOr<std::pair<std::vector<ItemHead>, int64_t>> ListItemHeads(Connection& c,
                                                                  const ItemListQuery& q) {
  Params params;
  std::string where = " WHERE 1 = 1";
  if (!q.department_ids.empty())
    where += " AND department_id IN " + sql::InList(params, q.department_ids);
  if (!q.text.empty()) {
    const std::string p = sql::Bind(params, q.text);
    where += " AND (" + sql::Contains(c.dialect(), "code", p) + " OR " +
             sql::Contains(c.dialect(), "name", p) + ")";
  }
  if (!q.category.empty()) where += " AND category = " + sql::Bind(params, q.category);
  if (q.active) where += " AND active = " + sql::Bind(params, int64_t{*q.active});
  if (q.published)
    where += *q.published ? " AND published_version IS NOT NULL" : " AND published_version IS NULL";
  ASSIGN_OR_RETURN(auto total, c.QueryOne("SELECT COUNT(*) FROM items" + where, params, "", ""));
  Params page = params;
  page.push_back(q.limit);
  page.push_back(q.offset);
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kHeadCols) + " FROM items" + where +
                                        " ORDER BY department_id, code LIMIT $" +
                                        std::to_string(page.size() - 1) + " OFFSET $" +
                                        std::to_string(page.size()),
                                    page));
  std::vector<ItemHead> out;
  for (const Row& r : rs.rows) out.push_back(ToHead(r));
  return std::make_pair(std::move(out), total.Int(0));
}

StatusOr<std::vector<ItemVersion>> ListItemVersions(Connection& c, int64_t item_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + std::string(kVersionCols) +
                                        " FROM item_versions WHERE item_id = $1 ORDER BY version",
                                    {item_id}));
  std::vector<ItemVersion> out;
  for (const Row& r : rs.rows) {
    ASSIGN_OR_RETURN(auto v, ToItemVersion(r));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::optional<ItemVersion>> FindItemVersion(Connection& c, int64_t item_id, int version) {
  ASSIGN_OR_RETURN(auto row,
                   c.QueryOptional("SELECT " + std::string(kVersionCols) +
                                       " FROM item_versions WHERE item_id = $1 AND version = $2",
                                   {item_id, int64_t{version}}));
  if (!row) return std::optional<ItemVersion>();
  ASSIGN_OR_RETURN(auto v, ToItemVersion(*row));
  return std::optional<ItemVersion>(std::move(v));
}

StatusOr<std::vector<ItemVersion>> CurrentItemVersions(Connection& c,
                                                       const std::vector<int64_t>& department_ids) {
  Params params;
  std::string query =
      "SELECT v.item_id, v.version, v.data, v.note, v.created_at, v.created_by, v.published_at, "
      "COALESCE(v.published_by, '') FROM items i JOIN item_versions v "
      "ON v.item_id = i.id AND v.version = i.current_version";
  if (!department_ids.empty())
    query += " WHERE i.department_id IN " + sql::InList(params, department_ids);
  query += " ORDER BY i.department_id, i.code";
  ASSIGN_OR_RETURN(auto rs, c.Query(query, params));
  std::vector<ItemVersion> out;
  for (const Row& r : rs.rows) {
    ASSIGN_OR_RETURN(auto v, ToItemVersion(r));
    out.push_back(std::move(v));
  }
  return out;
}

Status InsertRulesVersion(Connection& c, const RulesVersion& v) {
  return c
      .Execute(
          "INSERT INTO rule_versions (department_id, version, data, note, created_at, created_by, published_at, "
          "published_by) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
          {v.department_id, int64_t{v.version}, registers::RulesToJson(v.rules).dump(), v.note,
           v.created_at, v.created_by})
      .status();
}

StatusOr<std::vector<RulesVersion>> ListRulesVersions(Connection& c, int64_t department_id) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("SELECT department_id, version, data, note, created_at, created_by, published_at, "
              "COALESCE(published_by, '') FROM rule_versions WHERE department_id = $1 "
              "ORDER BY version",
              {department_id}));
  std::vector<RulesVersion> out;
  for (const Row& r : rs.rows) {
    ASSIGN_OR_RETURN(auto v, ToRulesVersion(r));
    out.push_back(std::move(v));
  }
  return out;
}

StatusOr<std::optional<RulesVersion>> FindRulesVersion(Connection& c, int64_t department_id,
                                                       int version) {
  const std::string cols =
      "SELECT department_id, version, data, note, created_at, created_by, published_at, "
      "COALESCE(published_by, '') FROM rule_versions WHERE department_id = $1 ";
  auto row = version > 0
                 ? c.QueryOptional(cols + "AND version = $2", {department_id, int64_t{version}})
                 : c.QueryOptional(cols + "ORDER BY version DESC LIMIT 1", {department_id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<RulesVersion>();
  ASSIGN_OR_RETURN(auto v, ToRulesVersion(**row));
  return std::optional<RulesVersion>(std::move(v));
}

Status MarkRulesVersionPublished(Connection& c, int64_t department_id, int version,
                                 std::string_view at, std::string_view by) {
  return c
      .Execute(
          "UPDATE rule_versions SET published_at = $3, published_by = $4 WHERE department_id = $1 AND "
          "version = $2",
          {department_id, int64_t{version}, std::string(at), std::string(by)})
      .status();
}

}  // namespace suiji::store
